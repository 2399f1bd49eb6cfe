"""Figures of the "across many sentences" page: every head as a point of two statistics, a
layer × position grid of patching shares, and the per-layer CKA of two models."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bertvis.corpus import PATTERNS, CorpusStats

from .style import CATEGORICAL, DIVERGING, SEQUENTIAL, finish, unique_labels

PATTERN_COLOURS = dict(zip(PATTERNS, (CATEGORICAL[1], CATEGORICAL[2], CATEGORICAL[3],
                                       CATEGORICAL[5], CATEGORICAL[0])))


def head_scatter(found: CorpusStats, x: str, y: str, names: dict[str, str], title: str,
                 x_label: str, y_label: str, hover: str, projector: bool = False) -> go.Figure:
    """One point per head: statistic ``x`` against ``y`` (means over the set), one trace per
    pattern (``names``: pattern -> label); ``customdata`` of each point is ``[layer, head]``
    (0-based); ``hover`` is a template with ``{layer}`` and ``{head}``."""
    pattern, share = found.head_patterns()
    xs, ys = found.mean(x), found.mean(y)
    fig = go.Figure()
    for name in PATTERNS:
        layers, heads = np.nonzero(pattern == name)
        if not len(layers):
            continue
        fig.add_trace(go.Scatter(
            x=xs[layers, heads], y=ys[layers, heads], mode="markers", name=names[name],
            marker=dict(color=PATTERN_COLOURS[name], size=10, opacity=0.85,
                        line=dict(color="#ffffff", width=1)),
            customdata=np.stack([layers, heads], axis=1).tolist(),  # lists: a click returns them
            hovertext=[hover.format(layer=l + 1, head=h + 1) + f" · {names[name]} "
                       f"{share[l, h]:.0%}" for l, h in zip(layers, heads)],
            hovertemplate="%{hovertext}<br>" + x_label + ": %{x:.3f}<br>" + y_label
                          + ": %{y:.3f}<extra></extra>"))
    fig.update_layout(title=dict(text=title), xaxis=dict(title=x_label),
                      yaxis=dict(title=y_label), clickmode="event+select",
                      legend=dict(orientation="h", y=-0.2))
    return finish(fig, projector, height=460)


def position_grid(values: np.ndarray, tokens: list[str], title: str, layer_label: str,
                  position_label: str, projector: bool = False) -> go.Figure:
    """float ``[L, T]`` (layers down, A's tokens across), centred on 0."""
    top = float(np.nanmax(np.abs(values))) or 1.0
    fig = go.Figure(go.Heatmap(
        z=values, x=unique_labels(tokens), y=[str(l + 1) for l in range(len(values))],
        colorscale=DIVERGING, zmid=0, zmin=-top, zmax=top,
        hovertemplate=f"{layer_label} %{{y}}, %{{x}}: %{{z:+.3f}}<extra></extra>"),
        layout=dict(title=dict(text=title), xaxis=dict(title=position_label, type="category"),
                    yaxis=dict(title=layer_label, type="category", autorange="reversed")))
    return finish(fig, projector, height=min(700, 120 + 30 * len(values)))


def divergence_grid(values: np.ndarray, title: str, layer_label: str, head_label: str,
                    projector: bool = False) -> go.Figure:
    """Each head's divergence (float ``[L, H]``, ≥ 0), layers down, heads across, from 0."""
    n_layers, n_heads = values.shape
    fig = go.Figure(go.Heatmap(
        z=values, x=[str(h + 1) for h in range(n_heads)], y=[str(l + 1) for l in range(n_layers)],
        colorscale=SEQUENTIAL, reversescale=True, zmin=0, zmax=float(values.max()) or 1.0,
        hovertemplate=f"{layer_label} %{{y}}, {head_label} %{{x}}: %{{z:.4f}}<extra></extra>"),
        layout=dict(title=dict(text=title), xaxis=dict(title=head_label, type="category"),
                    yaxis=dict(title=layer_label, type="category", autorange="reversed")))
    return finish(fig, projector, height=min(700, 120 + 30 * n_layers))


def cka_line(cka: np.ndarray, title: str, layer_label: str, projector: bool = False) -> go.Figure:
    """Linear CKA per layer (index 0 = layer 1), on 0…1."""
    layers = np.arange(1, len(cka) + 1)
    fig = go.Figure(go.Scatter(
        x=layers, y=cka, mode="lines+markers", line=dict(color=CATEGORICAL[0]),
        hovertemplate=layer_label + " %{x}: CKA %{y:.4f}<extra></extra>"),
        layout=dict(title=dict(text=title), xaxis=dict(title=layer_label, dtick=1),
                    yaxis=dict(title="CKA", range=[0, 1.05])))
    return finish(fig, projector, height=320)
