"""Shared look of every figure: colour-blind-safe, perceptually uniform scales; projector mode.

Every figure builder takes ``projector: bool`` and finishes with :func:`finish`, so one toggle
makes all figures large and high-contrast for a classroom projector.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

#: Sequential scale for weights and probabilities (perceptually uniform, colour-blind safe).
SEQUENTIAL = "Cividis"
#: Diverging scale for signed values (attributions, differences), centred on 0.
DIVERGING = "RdBu"
#: Categorical colours (Okabe–Ito, colour-blind safe).
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

FONT_FAMILY = "Noto Sans, Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"
#: Above this many bars the values are not printed on them.
MAX_LABELLED_BARS = 24


def bar_text(values: Sequence[float], digits: int = 2) -> list[str] | None:
    """The values to print on bars, or None (nothing printed) above :data:`MAX_LABELLED_BARS`."""
    return [f"{v:.{digits}f}" for v in values] if len(values) <= MAX_LABELLED_BARS else None


def bar_height(n_bars: int, base: int = 320) -> int:
    """Taller figures for many bars (room for slanted labels), capped."""
    return min(base + 8 * max(0, n_bars - 20), base + 300)


def unique_labels(labels: list[str]) -> list[str]:
    """Labels made unique with trailing zero-width spaces, so that plotly keeps repeated
    tokens ("the" … "the") as separate rows instead of merging them."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        count = seen.get(label, 0)
        seen[label] = count + 1
        out.append(label + "\u200b" * count)
    return out


def font_size(projector: bool) -> int:
    return 22 if projector else 13


def merged(base: dict, update: dict) -> dict:
    """``base`` with ``update`` laid over it, nested dicts merged key by key (like
    ``update_layout``); neither is changed."""
    out = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def finish(fig: go.Figure, projector: bool = False, height: int | None = None) -> go.Figure:
    """Apply the shared layout (fonts that render Japanese, sizes, margins) in place.

    The figure's own layout and the shared one are merged as plain dicts and assigned once:
    ``update_layout`` walks plotly's property tree for every key and cost ~10 ms per call on
    the attention page's figures, three times what one assignment costs. No builder sets a
    template: the default one (Streamlit's theme) is left to plotly, which applies it without
    validating it again.
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
    own = fig.layout.to_plotly_json()
    own.pop("template", None)  # plotly puts the default (Streamlit's theme) back unvalidated
    fig.layout = merged(own, layout)
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
