"""Figures for the masked-words and next-sentence page.

- :func:`guess_bars`: the top-k guesses at one mask, as horizontal probability bars.
- :func:`logit_lens`: layer × guess heatmap of probabilities (the head applied to every layer).
- :func:`attention_bars`: how much one token (the mask) attends to every token.
- :func:`next_sentence_bars`: P(IsNext) of one or more sentence B candidates.
- :func:`token_chips`: tokens as boxes, some marked with a colour and a caption (HTML).
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from bertvis.fill_mask import LayerGuesses, MaskPrediction
from bertvis.probabilities import percent

from .style import CATEGORICAL, SEQUENTIAL, finish, unique_labels


def guess_bars(prediction: MaskPrediction, title: str, projector: bool = False) -> go.Figure:
    """Horizontal bars, most probable guess on top; each bar is one vocabulary entry."""
    guesses = prediction.guesses
    fig = go.Figure(go.Bar(
        x=[g.probability for g in guesses],
        y=unique_labels([g.token for g in guesses]),
        orientation="h",
        marker_color=CATEGORICAL[0],
        text=[f"{g.probability:.1%}" for g in guesses],
        textposition="auto",
        hovertemplate="%{y}: %{x:.4f}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_layout(title=title)
    return finish(fig, projector, height=140 + 32 * len(guesses))


def lens_matrix(lens: list[LayerGuesses], token_ids: list[int]) -> np.ndarray:
    """float ``[L + 1, K]``: probability of each of ``token_ids`` at every layer."""
    return np.stack([layer.probabilities[token_ids] for layer in lens])


def logit_lens(lens: list[LayerGuesses], tokens: list[str], token_ids: list[int],
               layer_names: list[str], projector: bool = False,
               top_label: str = "top guess here") -> go.Figure:
    """Heatmap: one row per layer (embeddings on top), one column per guess of the last layer;
    each cell is that guess's probability when the head reads that layer (hover also names
    the layer's own top guess, after ``top_label``)."""
    z = lens_matrix(lens, token_ids)
    top = [layer.guesses[0].token for layer in lens]
    fig = go.Figure(go.Heatmap(
        z=z.round(4),
        x=unique_labels(tokens),
        y=layer_names,
        zmin=0,
        zmax=1,
        colorscale=SEQUENTIAL,
        text=[[percent(v) if v >= 0.0005 else "" for v in row] for row in z],
        texttemplate="%{text}",
        customdata=[[t] * len(tokens) for t in top],
        hovertemplate=f"%{{y}} → %{{x}}: %{{z:.3f}}<br>{top_label}: %{{customdata}}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(side="top", type="category")
    return finish(fig, projector, height=120 + 30 * len(layer_names))


def attention_bars(weights: np.ndarray, tokens: list[str], focus: int, title: str,
                   projector: bool = False) -> go.Figure:
    """Bars over the tokens: the attention weight from the ``focus`` token to each of them."""
    colours = [CATEGORICAL[5] if i == focus else CATEGORICAL[0] for i in range(len(tokens))]
    fig = go.Figure(go.Bar(
        x=unique_labels(tokens),
        y=weights,
        marker_color=colours,
        hovertemplate="%{x}: %{y:.3f}<extra></extra>",
    ))
    fig.update_xaxes(tickangle=-60, type="category")
    fig.update_yaxes(range=[0, max(1e-6, float(np.max(weights))) * 1.1], tickformat=".0%")
    fig.update_layout(title=title)
    return finish(fig, projector, height=360)


def next_sentence_bars(labels: list[str], p_is_next: list[float],
                       projector: bool = False) -> go.Figure:
    """One horizontal bar per sentence B: P(IsNext), with the 50% line."""
    fig = go.Figure(go.Bar(
        x=p_is_next,
        y=unique_labels(labels),
        orientation="h",
        marker_color=[CATEGORICAL[2] if p >= 0.5 else CATEGORICAL[5] for p in p_is_next],
        text=[f"{p:.1%}" for p in p_is_next],
        textposition="auto",
        hovertemplate="%{y}: %{x:.4f}<extra></extra>",
    ))
    fig.add_vline(x=0.5, line_dash="dot", line_color="#666")
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(range=[0, 1], tickformat=".0%", title="P(IsNext)")
    return finish(fig, projector, height=120 + 50 * len(labels))


def token_chips(tokens: list[str], marks: dict[int, tuple[str, str]],
                projector: bool = False) -> str:
    """Tokens as boxes; ``marks`` maps a token index to ``(colour, caption)`` and shows that
    token coloured with its caption underneath. Escaped HTML."""
    size = "1.2rem" if projector else "0.95rem"
    boxes = []
    for i, token in enumerate(tokens):
        colour, caption = marks.get(i, (None, ""))
        background = f"{colour}40" if colour else "#f0f2f6"
        border = colour or "#d0d4dc"
        boxes.append(
            f'<span style="display:inline-flex;flex-direction:column;align-items:center;'
            f"margin:0.15em;padding:0.15em 0.4em;border-radius:0.3em;background:{background};"
            f'border:1px solid {border};border-bottom:3px solid {border}">'
            f"<span>{html.escape(token)}</span>"
            f'<span style="font-size:0.7em;color:#333">{html.escape(caption) or "&nbsp;"}</span>'
            f"</span>"
        )
    return f'<div style="font-size:{size};line-height:1.4">{"".join(boxes)}</div>'
