"""What model someone asks for, before anything is loaded: a :class:`ModelKey`, and the one parser
from a link's query string to it (:func:`from_query`), shared by the warm start and the sidebar.

Light on purpose (no torch, no Streamlit): the warm start reads a link with it before the app
has imported torch.

The query parameters (the sidebar's, which :mod:`bertvis.ui.state` keeps in the URL):

- ``model``: a preset's id or any id, or :data:`CUSTOM` with the id or folder in
  ``custom_model``; without it, the default encoder of the page's language (``lang``, else the
  browser's: a Japanese visitor's first page asks for the Japanese BERT);
- ``device``: one of :data:`DEVICE_CHOICES` (anything else: ``auto``);
- ``half``: half precision when it says yes (:data:`bertvis.settings.TRUE_VALUES`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .presets import DEFAULT_ENCODER, DEFAULT_ENCODER_FOR
from .settings import is_true

#: The pickers' "Other…" choice: the id or folder is in a second parameter (``custom_model``).
CUSTOM = "__custom__"
DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


def clean_id(model_id: str) -> str:
    """``model_id`` as every look-up uses it: without the spaces and line breaks around it (a
    pasted id, a link's). The one place an id is cleaned."""
    return model_id.strip()


@dataclass(frozen=True)
class ModelKey:
    """What a model was loaded as: the arguments of :func:`bertvis.models.load` (as given:
    ``device`` may be ``"auto"``), the id cleaned (:func:`clean_id`). Hashable; every cache of a
    model's results is keyed by it."""

    model_id: str
    kind: str = "pretraining"
    device: str = "auto"
    dtype: str = "float32"

    def __post_init__(self) -> None:
        object.__setattr__(self, "model_id", clean_id(self.model_id))


def language(query: Mapping[str, object], browser_language: str = "en") -> str:
    """The language a link opens the app in: its ``lang``, else the browser's."""
    return str(query.get("lang") or browser_language)


def from_query(query: Mapping[str, object], browser_language: str = "en",
               kind: str = "pretraining") -> ModelKey:
    """The model ``query`` asks for (a URL's parameters, or the sidebar's values under the same
    names; see the module docstring), for ``kind``. Pure: reads nothing but its arguments."""
    default = DEFAULT_ENCODER_FOR.get(language(query, browser_language), DEFAULT_ENCODER)
    model_id = str(query.get("model") or default)
    if model_id == CUSTOM:
        model_id = str(query.get("custom_model") or "")
    device = str(query.get("device") or "auto")
    return ModelKey(model_id, kind, device if device in DEVICE_CHOICES else "auto",
                    "float16" if is_true(query.get("half")) else "float32")
