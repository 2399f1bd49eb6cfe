"""Shared look of every figure: colour-blind-safe, perceptually uniform scales; projector mode.

Every figure builder takes ``projector: bool`` and finishes with :func:`finish`, so one toggle
makes all figures large and high-contrast for a classroom projector.
"""

from __future__ import annotations

import plotly.graph_objects as go

#: Sequential scale for weights and probabilities (perceptually uniform, colour-blind safe).
SEQUENTIAL = "Cividis"
#: Diverging scale for signed values (attributions, differences), centred on 0.
DIVERGING = "RdBu"
#: Categorical colours (Okabe–Ito, colour-blind safe).
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

FONT_FAMILY = "Noto Sans, Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"


def font_size(projector: bool) -> int:
    return 22 if projector else 13


def finish(fig: go.Figure, projector: bool = False, height: int | None = None) -> go.Figure:
    """Apply the shared layout (fonts that render Japanese, sizes, margins) in place.

    One ``update_layout`` call with nested dicts: plotly re-validates on every call and parses
    every ``a_b`` magic name, which cost tens of ms per figure (measured on the attention page).
    """
    size = font_size(projector)
    layout: dict = dict(
        font=dict(family=FONT_FAMILY, size=size, color="#000000" if projector else "#1f2328"),
        margin=dict(l=10, r=10, t=50 if fig.layout.title.text else 20, b=10),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        hoverlabel=dict(font=dict(size=size)),
        # the title never overlaps tick labels (e.g. an x axis on top)
        title=dict(automargin=True, **({"font": dict(size=size + 6)} if projector else {})),
        # Defaults for traces that name no colours: Okabe–Ito lines/bars, Cividis/RdBu scales.
        colorway=list(CATEGORICAL),
        colorscale=dict(sequential=SEQUENTIAL, sequentialminus=SEQUENTIAL, diverging=DIVERGING),
    )
    if height is not None:
        layout["height"] = int(height * (1.3 if projector else 1.0))
    if projector:
        layout["legend"] = dict(font=dict(size=size))
    fig.update_layout(layout)
    for trace in fig.data:  # a heatmap that names no scale would get plotly's rainbow
        if "colorscale" in trace and trace.colorscale is None:
            trace.colorscale = SEQUENTIAL
    if projector:  # high contrast: black axes, ticks and grid lines a projector keeps visible
        axes = dict(linecolor="#000000", linewidth=2, tickcolor="#000000", gridcolor="#9a9a9a",
                    tickfont=dict(size=size, color="#000000"))
        fig.update_xaxes(axes)
        fig.update_yaxes(axes)
        fig.update_coloraxes(colorbar=dict(tickfont=dict(size=size)))
        fig.update_traces(colorbar=dict(tickfont=dict(size=size)), selector=dict(type="heatmap"))
    return fig
