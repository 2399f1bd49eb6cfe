"""What fine-tuning changed: two models of the same shape read the same sentences.

- Per head, the Jensen–Shannon divergence (in bits, 0…1) between the two models' attention
  rows, averaged over each sentence's query tokens and then over the sentences.
- Per layer, the linear CKA (Kornblith et al. 2019) of the two models' hidden states after
  that layer over every token of every sentence: ``‖Ỹᵀ X̃‖²_F / (‖X̃ᵀ X̃‖_F ‖Ỹᵀ Ỹ‖_F)`` with
  ``X̃``, ``Ỹ`` centred over the tokens; 1 for the same representation (up to rotation and
  scale). The sums it needs (``Σx``, ``Σy``, ``XᵀX``, ``YᵀY``, ``XᵀY`` in float64, ``D × D``
  per layer) are accumulated batch by batch, so no hidden state is kept.

Kovaleva et al. (2019) and Merchant et al. (2020) found that fine-tuning mostly changes the top
layers; the packaged sentiment model changed only its last one (bertvis.sentiment_model).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from . import memory_budget
from .corpus import BATCH_SIZE, Progress, run_batches
from .errors import BertvisError
from .models import LoadedModel


@dataclass(frozen=True)
class FinetuneDiff:
    """``divergence`` float ``[N, L, H]``: per sentence, each head's mean JS divergence (bits);
    ``cka`` float ``[L]``: linear CKA of the hidden states after each layer (index 0 = layer 1)."""

    model_a: str
    model_b: str
    divergence: np.ndarray
    cka: np.ndarray

    @property
    def mean_divergence(self) -> np.ndarray:
        """float ``[L, H]``: the divergence averaged over the sentences."""
        return self.divergence.mean(axis=0)


def js_divergence(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """Jensen–Shannon divergence in bits between distributions on the last axis (float64):
    ``½ KL(p‖m) + ½ KL(q‖m)``, ``m = (p + q) / 2``; 0 exactly when ``p == q``."""
    p, q = p.double(), q.double()
    m = (p + q) / 2
    kl = lambda x: torch.special.xlogy(x, x).sum(-1) - torch.special.xlogy(x, m).sum(-1)  # noqa: E731
    return (kl(p) + kl(q)) / (2 * math.log(2))


class _CkaSums:
    """Running sums for the linear CKA of one layer's hidden states (float64)."""

    def __init__(self, dim: int):
        self.n = 0
        self.sum_x, self.sum_y = np.zeros(dim), np.zeros(dim)
        self.xx, self.yy, self.xy = (np.zeros((dim, dim)) for _ in range(3))

    def add(self, x: np.ndarray, y: np.ndarray) -> None:
        """``x``, ``y``: ``[tokens, D]`` of the two models."""
        x, y = x.astype(np.float64), y.astype(np.float64)
        self.n += len(x)
        self.sum_x += x.sum(0)
        self.sum_y += y.sum(0)
        self.xx += x.T @ x
        self.yy += y.T @ y
        self.xy += x.T @ y

    def cka(self) -> float:
        mx, my = self.sum_x / self.n, self.sum_y / self.n
        xx = self.xx - self.n * np.outer(mx, mx)
        yy = self.yy - self.n * np.outer(my, my)
        xy = self.xy - self.n * np.outer(mx, my)
        return float((xy**2).sum() / (np.linalg.norm(xx) * np.linalg.norm(yy)))


def check_same_shape(model_a: LoadedModel, model_b: LoadedModel) -> None:
    shape = lambda m: (m.n_layers, m.n_heads, m.hidden_size)  # noqa: E731
    if shape(model_a) != shape(model_b):
        (la, ha, da), (lb, hb, db) = shape(model_a), shape(model_b)
        raise BertvisError("different_shapes", f"The two models differ in shape: "
                           f"{la}×{ha} heads, width {da} vs {lb}×{hb} heads, width {db}.",
                           model_a=model_a.display_name, model_b=model_b.display_name)


def finetune_diff(model_a: LoadedModel, model_b: LoadedModel, sentences: Sequence[str],
                  batch_size: int = BATCH_SIZE, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  budget: memory_budget.MemoryBudget | None = None) -> FinetuneDiff:
    """Per-head divergences and per-layer CKA of ``model_a`` and ``model_b`` on ``sentences``
    (both must split every sentence into the same tokens)."""
    check_same_shape(model_a, model_b)
    sentences = list(sentences)
    if not sentences:
        raise BertvisError("no_sentences", "There are no sentences: write one a line.")
    divergence = np.empty((len(sentences), model_a.n_layers, model_a.n_heads))
    sums = [_CkaSums(model_a.hidden_size) for _ in range(model_a.n_layers)]
    done = 0
    for traces_a, traces_b in zip(run_batches(model_a, sentences, batch_size, budget, cancelled),
                                  run_batches(model_b, sentences, batch_size, budget, cancelled)):
        for a, b in zip(traces_a, traces_b):
            if not np.array_equal(a.input_ids, b.input_ids):
                raise BertvisError("different_tokenizers", "The two models split the sentences "
                                   "into different tokens, so their attention can't be compared.")
            divergence[done] = js_divergence(torch.from_numpy(a.attentions),
                                             torch.from_numpy(b.attentions)).mean(-1).numpy()
            for layer, layer_sums in enumerate(sums):
                layer_sums.add(a.hidden_states[layer + 1], b.hidden_states[layer + 1])
            done += 1
        if progress is not None:
            progress(done, len(sentences))
    return FinetuneDiff(model_a.display_name, model_b.display_name, divergence,
                        np.array([s.cka() for s in sums]))
