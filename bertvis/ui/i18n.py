"""The current UI language and the ``t()`` every page uses for text."""

from __future__ import annotations

import re

import streamlit as st

from bertvis.strings import LANGUAGES, lookup


def default_language() -> str:
    """Japanese when the browser asks for it, else English."""
    locale = getattr(st.context, "locale", None) or ""
    return "ja" if str(locale).lower().startswith("ja") else "en"


def lang() -> str:
    value = st.session_state.get("lang")
    return value if value in LANGUAGES else default_language()


def t(key: str, **params: object) -> str:
    """The string ``key`` in the current language."""
    return lookup(key, lang(), **params)


#: ASCII punctuation that can start Markdown (CommonMark shows ``\\x`` as a literal ``x`` for
#: each): all of it but ``-`` and ``/``, which only matter at the start of a line (see below).
_MARKDOWN_PUNCTUATION = re.compile(r"([!-,.:-@\[-`{-~])")
#: Where GitHub-flavoured Markdown would make a bare address a link: it does so on the parsed
#: text, after escapes are resolved, so a zero-width space goes in front of ``http(s):``,
#: ``ftp:`` and ``www.``, and after ``@`` (e-mail addresses).
_AUTOLINK_STARTS = re.compile(r"(?i)(?=https?:|ftp:|www\.)")
ZERO_WIDTH_SPACE = "\u200b"


def plain(text: object) -> str:
    """``text`` (something a user typed or a link carried) made literal inside a Markdown
    message: punctuation backslash-escaped, so no link, emphasis, HTML tag, LaTeX or ``:icon:``
    can form, and an invisible break before web and e-mail addresses, so none becomes a link
    either; runs of whitespace (line breaks) become one space, so a ``-`` can only start a list
    at the very start, where it is escaped too."""
    folded = " ".join(str(text).split())
    folded = _AUTOLINK_STARTS.sub(ZERO_WIDTH_SPACE, folded).replace("@", "@" + ZERO_WIDTH_SPACE)
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", folded)
    return "\\" + escaped if escaped.startswith("-") else escaped
