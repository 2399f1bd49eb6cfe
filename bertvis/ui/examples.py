"""Example inputs loadable with one click: a row of buttons that fill the page's shared values.

A page lists its examples as :class:`Example` (a strings key for the button, or the example's
own text, and the values of its ``state.bound`` widgets); a click sets the values before the
page redraws, so the widgets, the URL and the share link follow. Examples that differ by
language are given as ``{"en": (...), "ja": (...)}``: the UI language's set is shown (English
where a language has none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import streamlit as st

from .i18n import lang, t


@dataclass(frozen=True)
class Example:
    label_key: str  # strings key of the button's label ("" when ``label`` is given)
    values: dict[str, Any] = field(default_factory=dict)  # shared-state key -> value
    label: str = ""  # the button's text as is (e.g. the example sentence itself)

    def text(self) -> str:
        return self.label or t(self.label_key)

    def hint(self) -> str | None:
        """The texts the example fills in, shown on hover (none when the label is the text)."""
        texts = [v for v in self.values.values() if isinstance(v, str) and v]
        return None if self.label or not texts else " ‖ ".join(texts)


def sentence_pairs(*rows: tuple[str, str, str]) -> tuple[Example, ...]:
    """Examples that fill the shared sentences A and B: ``(label key, text A, text B or "")``."""
    return tuple(Example(key, {"text_a": text_a, "text_b": text_b})
                 for key, text_a, text_b in rows)


Examples = tuple[Example, ...] | Mapping[str, tuple[Example, ...]]


def in_language(examples: Examples, language: str | None = None) -> tuple[Example, ...]:
    """The examples for ``language`` (default: the UI language; English when it has none)."""
    if isinstance(examples, Mapping):
        return examples.get(language or lang(), examples["en"])
    return examples


def _load(values: dict[str, Any]) -> None:
    for key, value in values.items():
        st.session_state[key] = value


def buttons(examples: Examples, key: str, language: str | None = None) -> None:
    """Draw one button per example under a small "Examples" caption (keys
    ``<key>-example-<n>``)."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(t("examples.label"), width="content")
        for number, example in enumerate(in_language(examples, language)):
            st.button(example.text(), key=f"{key}-example-{number}", on_click=_load,
                      args=(example.values,), type="tertiary", icon=":material/lightbulb:",
                      help=example.hint())
