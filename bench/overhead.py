"""Engine overhead: the app's whole work on one input divided by a bare transformers forward.

App work = tokenise (with the truncation check), one forward pass with attentions and hidden
states, the read-only numpy :class:`~bertvis.trace.Trace`, and what the attention page computes
from it (:func:`attention_page_work`). Bare = ``model(**inputs, output_attentions=True)`` on
already-tokenised input. Both run alternately on the same input; medians are compared.
"""

from __future__ import annotations

import torch

from bertvis import attention, models
from bertvis.figures import attention as figures
from bertvis.trace import Trace, trace

from . import inputs, timing


def attention_page_work(result: Trace, layer: int = 0, head: int = 0) -> dict:
    """What the attention page's first view (explore tab) computes from a Trace, with the
    page's own functions: every head pooled for the mosaic (to the page's own
    :func:`~bertvis.attention.mosaic_cell_size`), the selected head's matrix cut for display,
    both plotly figures built and serialized to the JSON the browser receives."""
    size = attention.mosaic_cell_size(result.n_layers, result.n_heads)
    cells = attention.pool(result.attentions, size)
    mosaic = figures.mosaic(cells, (layer, head), "layer {layer} head {head}", "all heads")
    cut = attention.view(result.attentions[layer, head], result)
    heatmap = figures.matrix_heatmap(cut, "head", "query", "key", 99.0)
    return {"cells": cells, "cut": cut, "json": (mosaic.to_json(), heatmap.to_json())}


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
