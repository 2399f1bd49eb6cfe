"""Every user-facing string, in English and Japanese.

Each module in this package holds ``STRINGS = {key: (english, japanese)}`` for one part of the
app (``common``, one per page). They are merged into :data:`ALL`; a key defined twice is an
error at import. Values are ``str.format`` templates: ``t("loading", model="bert")``.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = ("en", "ja")


def _collect() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, value in module.STRINGS.items():
            if key in merged:
                raise KeyError(f"string key {key!r} defined twice ({info.name})")
            merged[key] = value
    return merged


ALL: dict[str, tuple[str, str]] = _collect()


def lookup(key: str, lang: str, **params: object) -> str:
    """The string ``key`` in ``lang`` ("en" or "ja"), formatted with ``params``."""
    english, japanese = ALL[key]
    template = japanese if lang == "ja" else english
    return template.format(**params) if params else template
