"""Download preset models into the Hugging Face cache ahead of time (an offline classroom).

Only the files the app reads are fetched: the config, the tokenizer files and ONE weights
format (``model.safetensors`` when the repo has it, else ``pytorch_model.bin``; sharded
checkpoints with their index). ``plan`` asks the Hub which of those files the repo holds, their
sizes and which are already cached (``snapshot_download(dry_run=True)``); ``fetch`` downloads
them with huggingface_hub's progress bars. Afterwards ``HF_HUB_OFFLINE=1`` runs the app and
``bertvis doctor`` from the cache.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from huggingface_hub import constants, snapshot_download
from huggingface_hub.errors import DryRunError, HfHubHTTPError, OfflineModeIsEnabled
from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars
from huggingface_hub.utils import enable_progress_bars

from .errors import BertvisError
from .presets import (
    DEFAULT_ENCODER,
    DEFAULT_NER,
    DEFAULT_QA,
    DEFAULT_SENTIMENT,
    Preset,
    all_presets,
    find_presets,
)

#: Config and tokenizer files a BERT-family model may need (missing ones are simply absent).
APP_FILES = ("config.json", "tokenizer_config.json", "vocab.txt", "tokenizer.json",
             "special_tokens_map.json", "added_tokens.json")
#: Weight formats in order of preference, each with its sharded form.
WEIGHT_FORMATS = (
    ("model.safetensors", "model.safetensors.index.json", "model-*-of-*.safetensors"),
    ("pytorch_model.bin", "pytorch_model.bin.index.json", "pytorch_model-*-of-*.bin"),
)
#: What a teacher needs for the default pages: the encoder, sentiment, QA and tagging models.
DEFAULT_SET = (DEFAULT_ENCODER, DEFAULT_SENTIMENT, DEFAULT_QA, DEFAULT_NER)


@dataclass(frozen=True)
class RepoFile:
    name: str
    size: int | None  # bytes, as the Hub reports it
    cached: bool


@dataclass(frozen=True)
class RepoPlan:
    """The files of one repo to download, with their sizes and whether each is cached."""

    model_id: str
    files: tuple[RepoFile, ...]

    @property
    def total_bytes(self) -> int:
        return sum(f.size or 0 for f in self.files)

    @property
    def missing_bytes(self) -> int:
        return sum(f.size or 0 for f in self.files if not f.cached)


def chosen_presets(names: list[str], everything: bool) -> list[Preset]:
    """``--all``: every Hub preset; named presets; else the default set. Packaged models ship
    with the app and are never downloaded."""
    if everything:
        presets = list(all_presets())
    elif names:
        presets = find_presets(names)
    else:
        presets = find_presets(DEFAULT_SET)
    return [p for p in presets if not p.model_id.startswith("packaged:")]


def _wanted(names: set[str]) -> set[str]:
    """The app's files among ``names``: every APP_FILE there and the first weights format."""
    keep = {name for name in names if name in APP_FILES}
    for patterns in WEIGHT_FORMATS:
        weights = {n for n in names if any(fnmatch.fnmatch(n, p) for p in patterns)}
        if weights:
            return keep | weights
    return keep


def plan(model_id: str) -> RepoPlan:
    """Ask the Hub which of the app's files ``model_id`` holds (no download)."""
    patterns = list(APP_FILES) + [p for group in WEIGHT_FORMATS for p in group]
    try:
        infos = snapshot_download(model_id, allow_patterns=patterns, dry_run=True)
    except (DryRunError, OfflineModeIsEnabled) as exc:
        raise BertvisError("offline", f"The Hugging Face Hub is not reachable, so {model_id} "
                           "can't be downloaded.", model_id=model_id) from exc
    except HfHubHTTPError as exc:
        raise BertvisError("unknown_model", f"Could not list {model_id} on the Hub: "
                           f"{str(exc)[:200]}", model_id=model_id) from exc
    wanted = _wanted({info.filename for info in infos})
    files = tuple(RepoFile(info.filename, info.file_size, info.is_cached)
                  for info in sorted(infos, key=lambda i: i.filename) if info.filename in wanted)
    return RepoPlan(model_id, files)


def fetch(repo: RepoPlan, progress: bool = True) -> Path:
    """Download ``repo``'s files into the cache (huggingface_hub's progress bars on stderr
    when ``progress``); return the snapshot folder."""
    was_disabled = are_progress_bars_disabled()
    (enable_progress_bars if progress else disable_progress_bars)()
    try:
        folder = snapshot_download(repo.model_id, allow_patterns=[f.name for f in repo.files])
    finally:
        (disable_progress_bars if was_disabled else enable_progress_bars)()
    return Path(folder)


def cache_folder() -> str:
    """Where downloads go: ``HF_HUB_CACHE`` (default ``~/.cache/huggingface/hub``)."""
    return constants.HF_HUB_CACHE


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"
