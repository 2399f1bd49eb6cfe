"""Where the files the package ships are: the checkout's top-level ``assets/`` (trained heads,
vendored JavaScript, example sentences), which an installed package carries inside itself as
``bertvis/assets/`` (``setup.py``), so ``pip install .`` works outside the checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "assets"

#: The assets folder: inside the installed package, else beside the package in a checkout.
ASSETS = _INSTALLED if _INSTALLED.is_dir() else _PACKAGE.parent / "assets"


def asset(*parts: str) -> Path:
    """The path of ``assets/<parts…>`` (``asset("sentiment", "card.json")``)."""
    return ASSETS.joinpath(*parts)
