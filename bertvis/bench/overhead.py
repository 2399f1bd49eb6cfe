"""Engine overhead: the app's whole work on one input divided by a bare transformers forward.

App work = tokenise (with the truncation check), one forward pass with attentions and hidden
states, the read-only numpy :class:`~bertvis.trace.Trace`, and what the attention page computes
from it (:func:`attention_page_work`). Bare = ``model(**inputs, output_attentions=True)`` on
already-tokenised input. Both run alternately on the same input; medians are compared.
"""

from __future__ import annotations

import numpy as np
import torch

from bertvis import models
from bertvis.trace import Trace, trace

from . import inputs, timing


def attention_page_work(result: Trace, layer: int = 0, head: int = 0) -> dict:
    """What the attention page draws from a Trace: one head's matrix rounded for display,
    the layer×head mosaic of every head (each head's mean attention to [CLS], [SEP] and
    itself is what a thumbnail shows; here the full mosaic is downsampled to at most 64×64 per
    head) and attention rollout (Abnar & Zuidema 2020) over all layers."""
    att = result.attentions
    matrix = np.round(att[layer, head], 3)
    n = att.shape[-1]
    step = max(1, -(-n // 64))
    mosaic = att[:, :, ::step, ::step].round(3)
    eye = np.eye(n, dtype=np.float32)
    rollout = eye
    for layer_att in att.mean(axis=1):
        mixed = 0.5 * layer_att + 0.5 * eye
        rollout = (mixed / mixed.sum(axis=-1, keepdims=True)) @ rollout
    return {"matrix": matrix, "mosaic": mosaic, "rollout": rollout}


def measure(model_dir: str, token_counts: tuple[int, ...], repeats: int) -> list[dict]:
    """One row per token count: app and bare medians (ms) and their ratio."""
    loaded = models.load(model_dir, device="cpu")
    rows = []
    for n in token_counts:
        text_a, text_b = inputs.text_of_tokens(n)
        enc = loaded.tokenizer(text_a, text_b, return_tensors="pt")

        def bare() -> None:
            with torch.inference_mode():
                loaded.encoder(**enc, output_attentions=True)

        def app() -> None:
            attention_page_work(trace(loaded, text_a, text_b))

        app_s, bare_s = timing.interleaved(app, bare, repeats=repeats)
        app_sum, bare_sum = timing.summary(app_s), timing.summary(bare_s)
        rows.append({
            "tokens": int(enc["input_ids"].shape[1]),
            "app": app_sum,
            "bare": bare_sum,
            "ratio": round(app_sum["median_ms"] / bare_sum["median_ms"], 3),
        })
    return rows
