"""Figures for norm-weighted attention and for one whole layer (share by weight vs by norm,
how much each sublayer moved each token, the most active feed-forward neurons)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bertvis.norms import GROUPS, SpecialShares

from .reading import token_labels
from .style import CATEGORICAL, bar_height, bar_text, finish


def special_shares(shares: SpecialShares, group_names: dict[str, str], kinds: tuple[str, str],
                   title: str, x_label: str, y_label: str, projector: bool = False) -> go.Figure:
    """Per layer (numbered from 1), the share on each of [CLS], [SEP] and punctuation: by
    weight (solid) and by norm (dashed, same colour). ``kinds`` names the two."""
    fig = go.Figure()
    layers = np.arange(1, len(shares.by_weight) + 1)
    for g, group in enumerate(GROUPS):
        for values, kind, dash, symbol in ((shares.by_weight, kinds[0], "solid", "circle"),
                                           (shares.by_norm, kinds[1], "dash", "square-open")):
            fig.add_trace(go.Scatter(
                x=layers, y=np.round(values[:, g], 4), mode="lines+markers",
                name=f"{group_names[group]} · {kind}",
                line=dict(color=CATEGORICAL[g], width=3, dash=dash),
                marker=dict(symbol=symbol, size=9)))
    fig.update_layout(title=dict(text=title), xaxis=dict(title=dict(text=x_label), dtick=1),
                      yaxis=dict(title=dict(text=y_label), range=[0, 1], tickformat=".0%"),
                      legend=dict(orientation="h", y=-0.2))
    return finish(fig, projector, height=440)


def block_changes(tokens: list[str], changes: dict[str, np.ndarray], names: dict[str, str],
                  chosen: int, title: str, y_label: str, projector: bool = False) -> go.Figure:
    """Grouped bars per token: how far each block moved its vector (relative change); the
    chosen token's label is marked with ▶."""
    labels = token_labels(tokens)
    labels[chosen] = "▶ " + labels[chosen]
    fig = go.Figure([go.Bar(x=labels, y=np.round(values, 4), name=names[block],
                            marker_color=CATEGORICAL[i], text=bar_text(values),
                            textposition="outside", cliponaxis=False)
                     for i, (block, values) in enumerate(changes.items())])
    fig.update_layout(title=dict(text=title), barmode="group",
                      yaxis=dict(title=dict(text=y_label)),
                      xaxis=dict(tickangle=-45 if len(tokens) > 8 else 0),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return finish(fig, projector, height=bar_height(len(tokens), 380))


def stage_norms(stages: list[str], values: np.ndarray, title: str, y_label: str,
                projector: bool = False) -> go.Figure:
    """One bar per stage of the layer: the length of the chosen token's vector there."""
    fig = go.Figure(go.Bar(x=stages, y=np.round(values, 3), marker_color=CATEGORICAL[0],
                           text=bar_text(values), textposition="outside", cliponaxis=False))
    fig.update_layout(title=dict(text=title), yaxis=dict(title=dict(text=y_label)),
                      xaxis=dict(type="category"))
    return finish(fig, projector, height=360)


def neurons(labels: list[str], values: np.ndarray, title: str, x_label: str,
            projector: bool = False) -> go.Figure:
    """Horizontal bars: the most active feed-forward neurons (strongest on top)."""
    fig = go.Figure(go.Bar(x=np.round(values, 3), y=labels, orientation="h",
                           marker_color=CATEGORICAL[2], text=bar_text(values),
                           textposition="outside", cliponaxis=False))
    fig.update_layout(title=dict(text=title), xaxis=dict(title=dict(text=x_label)),
                      yaxis=dict(autorange="reversed", type="category"))
    return finish(fig, projector, height=120 + 34 * len(labels))
