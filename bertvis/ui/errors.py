"""Showing engine errors as friendly messages in the page, never as tracebacks."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator, NoReturn

import streamlit as st

from bertvis.errors import BertvisError

from .i18n import plain, t
from bertvis.strings import ALL

log = logging.getLogger("bertvis")

#: Whether :func:`shown` re-raises what isn't a :class:`BertvisError` even where the page asked
#: for ``unexpected``: the test suite sets it (tests/conftest.py), so a bug in loading, tracing
#: or a computation fails a page test instead of hiding behind "something went wrong". Never
#: set in a deployment.
raise_unexpected = False


class PageStopped(Exception):
    """Raised by :func:`stop`; ``app.py`` catches it and still draws the shared controls."""


def stop() -> NoReturn:
    """End the page here, after it has shown why (use instead of ``st.stop()``, which would also
    end ``app.py``: no URL update, no share control, no handout for that run)."""
    raise PageStopped


def message(error: Exception) -> str:
    """The user-facing text for ``error`` in the current language, as Markdown: every detail
    filled in (model ids, texts, tokens …) is shown as plain text (:func:`~.i18n.plain`)."""
    if isinstance(error, BertvisError):
        key = f"error.{error.code}"
        if key in ALL:
            try:
                return t(key, **{k: plain(v) for k, v in error.details.items()})
            except (KeyError, IndexError):
                return plain(error.message)
        return plain(error.message)
    return t("error.unexpected")


def show(error: Exception) -> None:
    """Show ``error`` in the page; unexpected ones are logged with their traceback."""
    if not isinstance(error, BertvisError):
        log.exception("unexpected error", exc_info=error)
    st.error(message(error), icon=":material/error:")


@contextmanager
def shown(*, stop: bool = False, unexpected: bool = False) -> Iterator[None]:
    """Run the ``with`` block; a :class:`BertvisError` raised in it is shown as its friendly
    message and ends the block (the code after the block runs on), or, with ``stop``, the page
    (:func:`stop`). ``unexpected``: any other exception too (logged with its
    traceback, shown as "something went wrong"), unless :data:`raise_unexpected`; a page stop
    passes through."""
    try:
        yield
    except PageStopped:
        raise
    except Exception as exc:
        hide_bugs = unexpected and not raise_unexpected
        if not (hide_bugs or isinstance(exc, BertvisError)):
            raise
        show(exc)
        if stop:
            raise PageStopped from None
