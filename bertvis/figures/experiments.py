"""Figures of the experiments page: knocked-out heads on the mosaic, head importance, the
pruning curve and the difference of two attention maps."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bertvis.importance import HeadImportance, PruningCurve

from .attention import GAP
from .style import CATEGORICAL, DIVERGING, finish, unique_labels


def mark_heads(fig: go.Figure, heads: list[tuple[int, int]], size: int) -> go.Figure:
    """Cross out ``heads`` (0-based) on a figure from :func:`bertvis.figures.attention.mosaic`
    (heads ``size`` pixels wide), in place, instead of its one-head frame."""
    step = size + GAP
    crosses = []
    for layer, head in heads:
        x0, y0 = head * step - 0.5, layer * step - 0.5
        x1, y1 = x0 + size, y0 + size
        for path in ((x0, y0, x1, y1), (x0, y1, x1, y0)):
            crosses.append(dict(type="line", x0=path[0], y0=path[1], x1=path[2], y1=path[3],
                                line=dict(color=CATEGORICAL[5], width=3)))
    fig.layout.shapes = tuple(crosses)
    return fig


def importance_scatter(found: HeadImportance, title: str, x_label: str, y_label: str,
                       head_label: str = "head", projector: bool = False) -> go.Figure:
    """One point per head: the gradient proxy (x) against the exact loss change's size (y);
    hover names the head ``head_label`` layer-head (e.g. "head 3-7")."""
    n_layers, n_heads = found.gradient.shape
    names = [f"{l + 1}-{h + 1}" for l in range(n_layers) for h in range(n_heads)]
    fig = go.Figure(go.Scatter(
        x=found.gradient.ravel(), y=np.abs(found.loss_change).ravel(), mode="markers",
        text=names, marker=dict(color=CATEGORICAL[0], size=8, opacity=0.75),
        hovertemplate=head_label + " %{text}<br>" + x_label + ": %{x:.4g}<br>" + y_label
                      + ": %{y:.4g}<extra></extra>"),
        layout=dict(title=dict(text=title), xaxis=dict(title=x_label),
                    yaxis=dict(title=y_label)))
    return finish(fig, projector, height=380)


def effect_grid(effect: np.ndarray, title: str, hover: str, layer_label: str, head_label: str,
                projector: bool = False) -> go.Figure:
    """Each head's effect on ``p`` (float ``[L, H]``), layers down, heads across, centred on 0
    (red: removing the head lowers p); ``hover`` names the value."""
    n_layers, n_heads = effect.shape
    top = float(np.abs(effect).max()) or 1.0
    fig = go.Figure(go.Heatmap(
        z=effect, x=[str(h + 1) for h in range(n_heads)], y=[str(l + 1) for l in range(n_layers)],
        colorscale=DIVERGING, zmid=0, zmin=-top, zmax=top,
        hovertemplate=f"{layer_label} %{{y}}, {head_label} %{{x}}<br>{hover}: %{{z:+.4f}}"
                      "<extra></extra>"),
        layout=dict(title=dict(text=title), xaxis=dict(title=head_label, type="category"),
                    yaxis=dict(title=layer_label, type="category", autorange="reversed")))
    return finish(fig, projector, height=min(700, 120 + 30 * n_layers))


def pruning(curve: PruningCurve, title: str, x_label: str, y_label: str,
            projector: bool = False) -> go.Figure:
    fig = go.Figure(go.Scatter(
        x=curve.shares * 100, y=curve.probabilities, mode="lines+markers",
        customdata=curve.counts, line=dict(color=CATEGORICAL[0]),
        hovertemplate=x_label + ": %{x:.0f}% (%{customdata})<br>" + y_label
                      + ": %{y:.4f}<extra></extra>"),
        layout=dict(title=dict(text=title), xaxis=dict(title=x_label, ticksuffix="%"),
                    yaxis=dict(title=y_label, range=[0, 1.02])))
    return finish(fig, projector, height=360)


def difference(values: np.ndarray, labels: list[str], title: str, query_label: str,
               key_label: str, projector: bool = False) -> go.Figure:
    """``second − first`` attention (float ``[N, N]``) on lined-up units, centred on 0."""
    top = float(np.abs(values).max()) or 1.0
    names = unique_labels(labels)
    fig = go.Figure(go.Heatmap(
        z=np.asarray(values, dtype=np.float32), x=names, y=names, colorscale=DIVERGING,
        zmid=0, zmin=-top, zmax=top,
        hovertemplate=f"{query_label}: %{{y}}<br>{key_label}: %{{x}}<br>"
                      "Δ: %{z:+.4f}<extra></extra>"),
        layout=dict(title=dict(text=title), xaxis=dict(title=key_label, side="top",
                                                       tickangle=-60),
                    yaxis=dict(title=query_label, autorange="reversed")))
    return finish(fig, projector, height=int(min(900, max(360, 160 + 16 * len(labels)))))
