"""Which tokens a classifier's answer rests on: attributions (captum) next to attention.

- :func:`attribute`: per-token attribution of the logit of one class, from captum's
  ``LayerIntegratedGradients`` on the embedding layer (Sundararajan et al. 2017), or the fast
  gradient × input (``LayerGradientXActivation`` on the same layer). Baseline for IG: the same
  input with every non-special token replaced by ``[PAD]``.
- :func:`cls_attention` and :func:`cls_rollout`: attention from ``[CLS]`` in the last layer, and
  the attention rollout of Abnar & Zuidema (2020) (:func:`bertvis.attention.rollout`) from it.
- :func:`rank_correlation`: Spearman correlation between |attribution| and attention over the
  sentence's own tokens ("Is attention an explanation?", Jain & Wallace 2019; Wiegreffe &
  Pinter 2019).

Shapes: ``T`` tokens, ``L`` layers, ``H`` heads, ``D`` hidden size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from captum.attr import LayerGradientXActivation, LayerIntegratedGradients

from .attention import rollout
from .errors import BertvisError
from .models import LoadedModel
from .trace import Trace

METHODS = ("ig", "gxi")
#: Integration steps of IG (Riemann/Gauss-Legendre points along the path).
IG_STEPS = 50


@dataclass(frozen=True)
class Attribution:
    """Per-token attribution of ``logit[target]`` for one input.

    ``scores``: float ``[T]``, the attribution of each token's embedding vector summed over its
    ``D`` dimensions (positive = pushes towards ``target``). For IG, ``scores.sum()`` should equal
    ``logit - baseline_logit`` (completeness); ``delta`` is captum's convergence delta, the
    difference between the two.
    """

    method: str
    target: int
    scores: np.ndarray
    logit: float
    baseline_logit: float | None
    delta: float | None

    @property
    def completeness_error(self) -> float | None:
        """|sum of attributions − (logit − baseline logit)| (IG only)."""
        return None if self.delta is None else abs(self.delta)


def baseline_ids(loaded: LoadedModel, trace: Trace) -> np.ndarray:
    """int ``[T]``: the input with every non-special token replaced by ``[PAD]``."""
    tokenizer = loaded.tokenizer
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.unk_token_id
    return np.where(trace.special, trace.input_ids, pad)


def attribute(loaded: LoadedModel, trace: Trace, method: str = "ig", target: int | None = None,
              n_steps: int = IG_STEPS, batch_size: int | None = None) -> Attribution:
    """Attribution of the logit of ``target`` (default: the predicted class) to each token.

    ``batch_size``: integration steps run through the model at once (default all
    ``n_steps``); fewer keep less memory for the backward pass, same result."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    if "logits" not in trace.head_outputs or trace.head_outputs["logits"].ndim != 1:
        raise BertvisError("not_classifier", "Attributions need a sentence classifier.")
    logits = trace.head_outputs["logits"]
    target = int(np.argmax(logits)) if target is None else int(target)
    model = loaded.model
    extra = loaded.inputs(trace)
    ids = extra.pop("input_ids")
    names = list(extra)

    def forward(input_ids, *args):
        return model(input_ids=input_ids, **dict(zip(names, args))).logits

    layer = loaded.encoder.embeddings
    with torch.enable_grad():
        if method == "ig":
            base = torch.as_tensor(baseline_ids(loaded, trace), device=loaded.device)[None]
            attr, delta = LayerIntegratedGradients(forward, layer).attribute(
                ids, baselines=base, target=target, additional_forward_args=tuple(extra.values()),
                n_steps=n_steps, internal_batch_size=batch_size or n_steps,
                return_convergence_delta=True,
            )
            with torch.inference_mode():
                base_logit = float(forward(base, *extra.values())[0, target])
            delta_value = float(delta.sum())
        else:
            attr = LayerGradientXActivation(forward, layer).attribute(
                ids, target=target, additional_forward_args=tuple(extra.values()),
            )
            base_logit, delta_value = None, None
    scores = attr[0].sum(-1).detach().float().cpu().numpy()
    return Attribution(method, target, scores, float(logits[target]), base_logit, delta_value)


def cls_attention(trace: Trace, layer: int = -1) -> np.ndarray:
    """float ``[T]``: attention from ``[CLS]`` (query 0) in ``layer``, averaged over heads."""
    return trace.attentions[layer, :, 0, :].mean(axis=0, dtype=np.float32)


def cls_rollout(trace: Trace) -> np.ndarray:
    """float ``[T]``: the rollout row of ``[CLS]`` after the last layer (sums to 1)."""
    return rollout(trace.attentions)[-1, 0]


def rank_correlation(attribution: np.ndarray, attention: np.ndarray,
                     keep: np.ndarray) -> float | None:
    """Spearman correlation of |attribution| and attention over the tokens where ``keep`` is
    True (the sentence's own tokens); None with fewer than 3 tokens or a constant side."""
    a = np.abs(np.asarray(attribution, dtype=np.float64)[keep])
    b = np.asarray(attention, dtype=np.float64)[keep]
    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return float(pd.Series(a).rank().corr(pd.Series(b).rank()))  # Spearman = Pearson of ranks


def token_table(trace: Trace, attribution: Attribution, cls_att: np.ndarray,
                rolled: np.ndarray) -> pd.DataFrame:
    """One row per token: the token, its attribution, [CLS] attention and rollout."""
    return pd.DataFrame({
        "token": trace.tokens,
        "special": trace.special,
        f"attribution_{attribution.method}": attribution.scores.round(5),
        "cls_attention_last_layer": np.round(cls_att, 5),
        "cls_rollout": np.round(rolled, 5),
    })
