"""Single-sentence classification from a fine-tuned head: label probabilities, batches, and the
checks a teacher needs (an untrained head's "answers", a vocabulary that can't read the input).

Shapes: ``C`` classes, ``T`` tokens, ``D`` hidden size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import torch

from .errors import BertvisError
from .models import LoadedModel
from .probabilities import softmax
from .trace import Trace

#: Seeds of the untrained-head demo.
DEMO_SEEDS = (0, 1, 2, 3, 4)
BATCH_SIZE = 16


@dataclass(frozen=True)
class Prediction:
    """Label probabilities for one text."""

    labels: list[str]  # C names in id order
    logits: np.ndarray  # float [C]
    probabilities: np.ndarray  # float [C], softmax of the logits

    @property
    def index(self) -> int:
        return int(np.argmax(self.probabilities))

    @property
    def label(self) -> str:
        return self.labels[self.index]

    @property
    def confidence(self) -> float:
        return float(self.probabilities[self.index])


def check_classifier(loaded: LoadedModel) -> None:
    """Refuse a model that is not a sequence classifier (it has no label probabilities)."""
    if loaded.kind != "sequence-classification" or not loaded.label_names:
        raise BertvisError("not_classifier", f"{loaded.display_name} is not a sentence "
                           "classifier.", model=loaded.display_name)


def predict(loaded: LoadedModel, trace: Trace, temperature: float = 1.0) -> Prediction:
    """The label probabilities of a classifier's Trace (``head_outputs["logits"]``) at
    ``temperature`` (:func:`bertvis.probabilities.softmax`)."""
    check_classifier(loaded)
    logits = np.asarray(trace.head_outputs["logits"], dtype=np.float64)
    return Prediction(loaded.label_names, logits, softmax(logits, temperature))


def predict_batch(
    loaded: LoadedModel,
    texts: Sequence[str],
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Classify ``texts`` in padded batches (each cut to the model's maximum length).

    Returns one row per text: ``text``, ``label``, ``confidence``, ``tokens`` (after truncation)
    and one ``p(<label>)`` column per class. ``progress(done, total)`` is called after each batch.
    """
    check_classifier(loaded)
    labels = loaded.label_names
    rows = []
    total = len(texts)
    for start in range(0, total, batch_size):
        chunk = [str(t) for t in texts[start : start + batch_size]]
        enc = loaded.tokenizer(chunk, padding=True, truncation=True,
                               max_length=loaded.max_length, return_tensors="pt")
        with torch.inference_mode():
            logits = loaded.model(**loaded.inputs(enc)).logits.float().cpu().numpy()
        probs = softmax(logits)
        lengths = enc["attention_mask"].sum(1).tolist()
        for text, p, n in zip(chunk, probs, lengths):
            row = {"text": text, "label": labels[int(p.argmax())],
                   "confidence": float(p.max()), "tokens": int(n)}
            row.update({f"p({name})": float(v) for name, v in zip(labels, p)})
            rows.append(row)
        if progress is not None:
            progress(min(start + batch_size, total), total)
    columns = ["text", "label", "confidence", "tokens"] + [f"p({n})" for n in labels]
    return pd.DataFrame(rows, columns=columns)


def untrained_heads(
    loaded: LoadedModel, trace: Trace, seeds: Sequence[int] = DEMO_SEEDS
) -> pd.DataFrame:
    """The tutorial pitfall: the same encoder with a *freshly initialised* final classifier layer.

    The vector the model's own ``classifier`` layer reads (the pooled ``[CLS]`` for BERT, the
    mean of the last layer for the packaged MiniLM) is captured once; for each seed a new
    ``Linear(D, C)`` is drawn the way transformers initialises one (normal, std
    ``config.initializer_range``, zero bias) and applied to it. Returns one row per seed:
    ``seed``, ``label``, ``confidence`` and ``p(<label>)`` per class.
    """
    check_classifier(loaded)
    head = getattr(loaded.model, "classifier", None)
    if head is None:
        raise BertvisError("no_classifier_layer", "This model has no `classifier` layer to "
                           "re-initialise.", model=loaded.display_name)
    captured: list[torch.Tensor] = []
    hook = head.register_forward_hook(lambda _m, args, _out: captured.append(args[0].detach()))
    try:
        with torch.inference_mode():
            loaded.model(**loaded.inputs(trace))
    finally:
        hook.remove()
    features = captured[0].float().cpu()
    if features.dim() == 3:  # heads that read the token vectors themselves: take [CLS]
        features = features[:, 0]
    features = features[0]
    labels = loaded.label_names
    std = float(getattr(loaded.config, "initializer_range", 0.02))
    rows = []
    for seed in seeds:
        generator = torch.Generator().manual_seed(int(seed))
        weight = torch.randn(len(labels), features.shape[0], generator=generator) * std
        probs = softmax((weight @ features).numpy())
        row = {"seed": int(seed), "label": labels[int(probs.argmax())],
               "confidence": float(probs.max())}
        row.update({f"p({name})": float(v) for name, v in zip(labels, probs)})
        rows.append(row)
    return pd.DataFrame(rows)
