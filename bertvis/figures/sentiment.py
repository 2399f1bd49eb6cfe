"""Figures for the sentiment page.

- :func:`probabilities`: the label probabilities as horizontal bars.
- :func:`coloured_tokens`: the text's tokens coloured by a signed score, as escaped HTML.
- :func:`token_scores`: attribution, last-layer ``[CLS]`` attention and rollout per token, as
  three bar rows over the same tokens.
- :func:`seed_answers`: the fine-tuned model next to untrained heads, stacked probabilities.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from .style import CATEGORICAL, DIVERGING, finish, font_size, unique_labels



def label_colours(labels: list[str]) -> dict[str, str]:
    """Okabe–Ito colours per label; negative/positive get orange/blue wherever they appear."""
    fixed = {"negative": CATEGORICAL[5], "positive": CATEGORICAL[0], "neutral": "#999999"}
    spare = iter(c for c in CATEGORICAL if c not in fixed.values())
    return {name: fixed.get(name.lower()) or next(spare, "#777777") for name in labels}


def probabilities(labels: list[str], probs: np.ndarray, projector: bool = False) -> go.Figure:
    """Horizontal bars: one per label, probability 0–100 %."""
    colours = label_colours(labels)
    fig = go.Figure(go.Bar(
        x=probs, y=labels, orientation="h", marker_color=[colours[n] for n in labels],
        text=[f"{p:.1%}" for p in probs], textposition="auto",
        hovertemplate="%{y}: %{x:.3f}<extra></extra>",
    ))
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(type="category", autorange="reversed")
    return finish(fig, projector, height=90 + 40 * len(labels))


def _colour(value: float) -> str:
    """RdBu colour for ``value`` in [-1, 1] (blue = positive, red = negative)."""
    return sample_colorscale(DIVERGING, [(float(np.clip(value, -1, 1)) + 1) / 2])[0]


def coloured_tokens(tokens: list[str], scores: np.ndarray, special: np.ndarray,
                    projector: bool = False) -> str:
    """HTML: each token on a background coloured by its score (scaled by the largest |score|
    over non-special tokens); hover shows the value. Every token is escaped."""
    real = np.asarray(scores, dtype=float)[~special]
    scale = float(np.abs(real).max()) if real.size and np.abs(real).max() > 0 else 1.0
    size = font_size(projector) + 5
    spans = []
    for token, score, is_special in zip(tokens, scores, special):
        value = float(score) / scale
        text_colour = "#ffffff" if abs(value) > 0.6 else "#1f2328"
        style = (f"background:{_colour(value)};color:{text_colour};padding:0.15em 0.3em;"
                 "margin:0.12em;border-radius:0.25em;display:inline-block;"
                 + ("opacity:0.55;" if is_special else ""))
        spans.append(f'<span title="{float(score):+.4f}" style="{style}">'
                     f"{html.escape(token)}</span>")
    return (f'<div style="font-size:{size}px;line-height:1.9;font-family:Noto Sans, '
            f'Noto Sans CJK JP, sans-serif">{"".join(spans)}</div>')


def token_scores(tokens: list[str], rows: dict[str, np.ndarray],
                 projector: bool = False) -> go.Figure:
    """One bar row per entry of ``rows`` (title → ``[T]`` values) over the same tokens; signed
    rows use the diverging colours, non-negative ones a single colour."""
    axis = unique_labels(tokens)
    fig = make_subplots(rows=len(rows), cols=1, shared_xaxes=True, vertical_spacing=0.07,
                        subplot_titles=list(rows))
    for i, values in enumerate(rows.values(), start=1):
        values = np.asarray(values, dtype=float)
        if (values < 0).any():
            scale = np.abs(values).max() or 1.0
            colours = [_colour(v / scale) for v in values]
        else:
            colours = CATEGORICAL[4]
        fig.add_bar(x=axis, y=values, marker_color=colours, showlegend=False,
                    hovertemplate="%{x}: %{y:.4f}<extra></extra>", row=i, col=1)
    fig.update_xaxes(tickangle=-60, type="category")
    return finish(fig, projector, height=160 + 150 * len(rows))


def seed_answers(table: pd.DataFrame, labels: list[str], projector: bool = False) -> go.Figure:
    """Stacked horizontal bars: one row per model (``table.index``), one segment per label
    (columns ``p(<label>)``)."""
    colours = label_colours(labels)
    fig = go.Figure()
    for name in labels:
        values = table[f"p({name})"]
        fig.add_bar(x=values, y=list(table.index), orientation="h", name=name,
                    marker_color=colours[name], text=[f"{v:.0%}" for v in values],
                    textposition="inside",
                    hovertemplate=f"%{{y}}: %{{x:.3f}}<extra>{html.escape(name)}</extra>")
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=1.12))
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(type="category", autorange="reversed")
    return finish(fig, projector, height=120 + 36 * len(table))
