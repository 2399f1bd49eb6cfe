"""Figures for the [CLS] & sentence-similarity page.

- :func:`heatmaps`: cosine matrices side by side (one per pooling), on one shared colour scale.
- :func:`layer_grid`: small multiples of one pooling's matrix at every layer.
- :func:`pair_lines`: similarity of two chosen pairs and the unrelated baseline, per layer.
- :func:`pca_scatter`: the sentences on their two main directions, labelled.

Sentences are numbered from 1 on every axis; hovering shows the sentences themselves.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from bertvis.similarity import Projection

from .style import CATEGORICAL, DIVERGING, SEQUENTIAL, finish

#: Write the value in every cell up to this many sentences (beyond, hover and table only);
#: fewer in projector mode, where the larger digits would not fit the cells.
MAX_ANNOTATED = 12
MAX_ANNOTATED_PROJECTOR = 5
#: Show the two sentences on hover up to this many sentences (beyond, numbers only: the
#: browser would otherwise get N × N × 2 strings per panel).
MAX_HOVER_SENTENCES = 24
#: Characters of a sentence shown in hover labels and point labels.
HOVER_CHARS = 60
LABEL_CHARS = 24


def short(sentence: str, limit: int = HOVER_CHARS) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def colour_range(matrices: list[np.ndarray], centred: bool) -> dict:
    """One colour scale for all panels: diverging −1…1 when centred, else sequential from
    min(0, lowest value) to 1."""
    if centred:
        return dict(colorscale=DIVERGING, cmin=-1.0, cmax=1.0, cmid=0.0)
    low = min([0.0] + [float(m.min()) for m in matrices])
    return dict(colorscale=SEQUENTIAL, cmin=low, cmax=1.0)


def _cell_text(sentences: list[str]) -> np.ndarray:
    """``[N, N, 2]`` hover text: the row and the column sentence."""
    cut = [short(s) for s in sentences]
    n = len(cut)
    return np.array([[[cut[i], cut[j]] for j in range(n)] for i in range(n)], dtype=object)


def _heatmap(matrix: np.ndarray, numbers: list[str], hover: np.ndarray | None,
             annotate: bool, projector: bool = False) -> go.Heatmap:
    return go.Heatmap(
        z=matrix.round(4), x=numbers, y=numbers, coloraxis="coloraxis", customdata=hover,
        hovertemplate=("%{y} · %{x}: <b>%{z:.3f}</b><br>%{customdata[0]}<br>%{customdata[1]}"
                       "<extra></extra>") if hover is not None else
                      "%{y} · %{x}: <b>%{z:.3f}</b><extra></extra>",
        texttemplate="%{z:.2f}" if annotate else None,
        textfont=dict(size=16 if projector else 11),
    )


def heatmaps(matrices: dict[str, np.ndarray], sentences: list[str], centred: bool,
             colour_title: str, projector: bool = False) -> go.Figure:
    """Cosine matrices side by side, titled by the keys of ``matrices``, one colour scale."""
    numbers = [str(i + 1) for i in range(len(sentences))]
    hover = _cell_text(sentences) if len(sentences) <= MAX_HOVER_SENTENCES else None
    annotate = len(sentences) <= (MAX_ANNOTATED_PROJECTOR if projector else MAX_ANNOTATED)
    fig = make_subplots(rows=1, cols=len(matrices), subplot_titles=list(matrices),
                        horizontal_spacing=0.05)
    for col, matrix in enumerate(matrices.values(), start=1):
        fig.add_trace(_heatmap(matrix, numbers, hover, annotate, projector), row=1, col=col)
    fig.update_yaxes(autorange="reversed", type="category", scaleanchor=None)
    fig.update_xaxes(type="category", side="bottom")
    fig.update_layout(coloraxis=dict(colorbar=dict(title=colour_title),
                                     **colour_range(list(matrices.values()), centred)))
    width_per_panel = 420 if len(sentences) <= 20 else 520
    return finish(fig, projector, height=min(width_per_panel, 300 + 12 * len(sentences)) + 60)


def layer_grid(matrices: list[np.ndarray], layer_titles: list[str], centred: bool,
               colour_title: str, projector: bool = False, columns: int = 4) -> go.Figure:
    """Small multiples: one cosine matrix per layer (no hover sentences, to stay light)."""
    rows = -(-len(matrices) // columns)
    numbers = [str(i + 1) for i in range(matrices[0].shape[0])]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=layer_titles,
                        horizontal_spacing=0.03, vertical_spacing=0.12 if rows > 1 else 0.0)
    for k, matrix in enumerate(matrices):
        fig.add_trace(_heatmap(matrix, numbers, None, False),
                      row=k // columns + 1, col=k % columns + 1)
    fig.update_yaxes(autorange="reversed", type="category", showticklabels=False, ticks="")
    fig.update_xaxes(type="category", showticklabels=False, ticks="")
    fig.update_layout(coloraxis=dict(colorbar=dict(title=colour_title),
                                     **colour_range(matrices, centred)))
    return finish(fig, projector, height=60 + 230 * rows)


def pair_lines(series: dict[str, dict[str, np.ndarray]], n_layers: int, layer_title: str,
               value_title: str, current_layer: int, projector: bool = False) -> go.Figure:
    """One panel per pooling (keys of ``series``); in each, one line per named series over
    layers 0..``n_layers`` (a one-value series is the pooler's, drawn at the last layer)."""
    widths = [0.4 if any(len(v) > 1 for v in lines.values()) else 0.2
              for lines in series.values()]
    fig = make_subplots(rows=1, cols=len(series), subplot_titles=list(series),
                        shared_yaxes=True, horizontal_spacing=0.04, column_widths=widths)
    dashes = ("solid", "dash", "dot", "dashdot")
    for col, lines in enumerate(series.values(), start=1):
        for k, (name, values) in enumerate(lines.items()):
            x = [n_layers] if len(values) == 1 else list(range(n_layers + 1))
            fig.add_trace(go.Scatter(
                x=x, y=np.round(values, 4), name=name, legendgroup=name, showlegend=col == 1,
                mode="lines+markers", line=dict(color=CATEGORICAL[k % len(CATEGORICAL)],
                                                dash=dashes[k % len(dashes)], width=3),
                marker=dict(size=9 if len(values) == 1 else 6),
                hovertemplate=f"{name}<br>{layer_title} %{{x}}: %{{y:.3f}}<extra></extra>",
            ), row=1, col=col)
        fig.add_vline(x=current_layer, line=dict(color="#888888", width=1, dash="dot"),
                      row=1, col=col)
    for col, lines in enumerate(series.values(), start=1):
        only_last = all(len(v) == 1 for v in lines.values())
        fig.update_xaxes(range=[n_layers - 0.5, n_layers + 0.5] if only_last
                         else [-0.3, n_layers + 0.3], row=1, col=col)
    fig.update_xaxes(title=layer_title, dtick=1 if n_layers <= 12 else 2)
    fig.update_yaxes(title=value_title, row=1, col=1)
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    return finish(fig, projector, height=400)


def pca_scatter(projection: Projection, sentences: list[str], axis_title: str,
                projector: bool = False) -> go.Figure:
    """The sentences as labelled points on their first two principal components."""
    points = projection.points
    fig = go.Figure(go.Scatter(
        cliponaxis=False,
        x=points[:, 0].round(4), y=points[:, 1].round(4), mode="markers+text",
        text=[f"{i + 1}. {short(s, LABEL_CHARS)}" for i, s in enumerate(sentences)],
        # alternate above/below: neighbours in a set (paraphrase pairs) often land close
        textposition=["top center" if i % 2 == 0 else "bottom center"
                      for i in range(len(sentences))],
        customdata=[short(s) for s in sentences],
        marker=dict(size=14 if projector else 10, color=CATEGORICAL[0]),
        hovertemplate="%{customdata}<br>(%{x:.2f}, %{y:.2f})<extra></extra>",
    ))
    share = projection.explained
    for axis, values, update in ((1, points[:, 0], fig.update_xaxes),
                                 (2, points[:, 1], fig.update_yaxes)):
        low, high = float(values.min()), float(values.max())
        pad = 0.25 * (high - low) if high > low else 1.0
        update(title=axis_title.format(n=axis, share=f"{share[axis - 1]:.0%}"), zeroline=True,
               range=[low - pad, high + pad])
    return finish(fig, projector, height=520)
