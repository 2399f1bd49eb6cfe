"""``python -m bertvis``: the command line (see :mod:`bertvis.cli`)."""

from .cli import main

raise SystemExit(main())
