"""Plotly figures of attention: one matrix, the mosaic of all heads, pair blocks, field guide.

Figures carry only what they show: one matrix as float32 (sent base64-encoded by plotly), the
mosaic as one uint8 image trace plus one invisible marker per head for clicks.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bertvis.attention import PATTERNS, HeadStats, MatrixView

from .style import CATEGORICAL, SEQUENTIAL, finish, unique_labels

#: Pixels between heads in the mosaic.
GAP = 1
#: Colour of each field-guide pattern (Okabe–Ito), in :data:`bertvis.attention.PATTERNS` order.
PATTERN_COLOURS = dict(zip(PATTERNS, (CATEGORICAL[0], CATEGORICAL[4], CATEGORICAL[1],
                                      CATEGORICAL[3], CATEGORICAL[2], "#BBBBBB")))


def clip_value(values: np.ndarray, percentile: float) -> float:
    """Top of the colour scale: the ``percentile`` of the values (100 = the maximum)."""
    if values.size == 0:
        return 1.0
    top = float(np.percentile(values, percentile))
    return top if top > 0 else float(values.max()) or 1.0


def note_clip(fig: go.Figure, note: str, top: bool = False) -> go.Figure:
    """Write ``note`` (the colour clip, e.g. "colour clip: 99th percentile") at the plot's
    bottom-right corner (``top``: above its top-right corner), in place, so an exported figure
    says its scale is clipped; an empty ``note`` removes it."""
    fig.layout.annotations = [dict(
        text=note, name="clip", xref="paper", yref="paper", x=1, y=1 if top else 0,
        xanchor="right", yanchor="bottom" if top else "top", yshift=4 if top else -6,
        showarrow=False, font=dict(size=12, color="#444444"))] if note else []
    if not top:
        fig.layout.margin.b = 34 if note else 10
    return fig


def matrix_heatmap(matrix: MatrixView, title: str, query_label: str, key_label: str,
                   percentile: float = 100.0, projector: bool = False,
                   value_label: str = "weight", clip_note: str = "") -> go.Figure:
    """Query rows × key columns, tokens on both axes; hover shows the exact value, named
    ``value_label`` (also the colour bar's title). ``clip_note`` is written on the figure
    (:func:`note_clip`); give it whenever ``percentile`` is below 100."""
    values = np.asarray(matrix.values, dtype=np.float32)
    fig = go.Figure(go.Heatmap(
        x=unique_labels(matrix.column_labels), y=unique_labels(matrix.row_labels),
        colorscale=SEQUENTIAL, zmin=0.0,
        colorbar=dict(title=dict(text=value_label), thickness=14),
        hovertemplate=f"{query_label}: %{{y}}<br>{key_label}: %{{x}}<br>"
                      f"{value_label}: %{{z:.4f}}<extra></extra>",
    ), layout=dict(title=dict(text=title),
                   xaxis=dict(title=key_label, side="top", tickangle=-60,
                              showticklabels=values.shape[1] <= 160),
                   yaxis=dict(title=query_label, autorange="reversed",
                              showticklabels=values.shape[0] <= 160)))
    n_rows = values.shape[0]
    finish(fig, projector, height=int(min(900, max(360, 160 + 16 * n_rows))))
    return set_matrix(fig, values, title, percentile, clip_note)


#: The app's attention page sends its matrix rounded to multiples of this (2⁻¹⁹ ≈ 1.9e-6):
#: within 9.6e-7 of the model's own float32 numbers, so the page's figure data still agrees
#: with ``bertvis.analyze`` and the command line to 1e-6, while the low mantissa bits it zeroes
#: let the websocket's compression shrink a 128-token head's move from 68 kB to 51 kB on the
#: wire (``python -m bench run --sections wire``). Notebook figures keep the exact numbers.
WIRE_STEP = 2.0 ** -19


def on_wire_grid(values: np.ndarray) -> np.ndarray:
    """float32 ``values`` rounded to multiples of :data:`WIRE_STEP` (exact in float32)."""
    return (np.rint(np.asarray(values, dtype=np.float64) / WIRE_STEP) * WIRE_STEP).astype(
        np.float32)


def set_matrix(fig: go.Figure, values: np.ndarray, title: str,
               percentile: float = 100.0, clip_note: str = "",
               labels: tuple[list[str], list[str]] | None = None) -> go.Figure:
    """Show ``values`` in a figure from :func:`matrix_heatmap` built for the same rows and
    columns (another head, say), in place: much cheaper than building the figure again. With
    ``labels`` (row labels, column labels) the figure may have been built for another input of
    the same shape: its tokens are replaced too."""
    values = np.asarray(values, dtype=np.float32)
    if labels is not None:
        fig.data[0].update(y=unique_labels(labels[0]), x=unique_labels(labels[1]))
    fig.data[0].update(z=values, zmax=clip_value(values, percentile))
    fig.layout.title.text = title
    return note_clip(fig, clip_note)


def mosaic_image(cells: np.ndarray, percentile: float = 100.0) -> np.ndarray:
    """uint8 image ``[L·(c+GAP), H·(c+GAP)]`` of all heads' (pooled ``[L, H, c, c]``) maps,
    each head scaled to its own clipped maximum (255 = top of its colour scale)."""
    n_layers, n_heads, size, _ = cells.shape
    flat = cells.reshape(n_layers, n_heads, -1)
    tops = np.percentile(flat, percentile, axis=-1)
    tops = np.where(tops > 0, tops, flat.max(axis=-1))
    scaled = np.clip(cells / np.maximum(tops, 1e-12)[..., None, None], 0, 1)
    levels = np.rint(scaled * 255).astype(np.uint8)
    padded = np.pad(levels, ((0, 0), (0, 0), (0, GAP), (0, GAP)))
    step = size + GAP
    return padded.transpose(0, 2, 1, 3).reshape(n_layers * step, n_heads * step)


def mosaic(cells: np.ndarray, selected: tuple[int, int] | None, hover: str, title: str,
           percentile: float = 100.0, projector: bool = False, clip_note: str = "") -> go.Figure:
    """All heads as one image (layers down, heads across), plus one invisible marker per head
    at its centre for hover and click; ``clip_note`` as in :func:`matrix_heatmap`.

    ``hover`` is a template with ``{layer}`` and ``{head}`` (1-based). Marker ``i`` is layer
    ``i // H``, head ``i % H``; so is frame ``i`` (``layout.shapes[i]``, drawn by plotly.js as
    ``path[data-index=i]``): every head has one, shown (opacity 1) only for ``selected``. With
    ``selected=None`` none is shown, and a page can show one with CSS (:func:`frame_css`)
    while the figure stays the same for every head.
    """
    n_layers, n_heads, size, _ = cells.shape
    step = size + GAP
    image = mosaic_image(cells, percentile)
    layer_idx, head_idx = np.divmod(np.arange(n_layers * n_heads), n_heads)
    centres_x = head_idx * step + (size - 1) / 2
    centres_y = layer_idx * step + (size - 1) / 2
    fig = go.Figure([
        go.Heatmap(z=image, colorscale=SEQUENTIAL, zmin=0, zmax=255, showscale=False,
                   hoverinfo="skip"),
        go.Scatter(x=centres_x, y=centres_y, mode="markers",
                   marker=dict(size=max(8, min(40, 520 // max(n_heads, n_layers))),
                               symbol="square", color="rgba(0,0,0,0)"),
                   hovertext=[hover.format(layer=l + 1, head=h + 1)
                              for l, h in zip(layer_idx, head_idx)],
                   hoverinfo="text", showlegend=False),
    ], layout=dict(
        title=dict(text=title), dragmode=False, clickmode="event+select",
        shapes=[dict(type="rect", line=dict(color=CATEGORICAL[5], width=3),
                     opacity=1 if (layer, head) == selected else 0,
                     x0=head * step - 1, x1=head * step + size,
                     y0=layer * step - 1, y1=layer * step + size)
                for layer, head in zip(layer_idx.tolist(), head_idx.tolist())],
        # Fixed ranges (the image and the frame, no autorange padding for the markers), and
        # domains that shrink to the image, so the head and layer numbers sit beside it.
        xaxis=dict(tickvals=np.arange(n_heads) * step + (size - 1) / 2,
                   ticktext=[str(h + 1) for h in range(n_heads)], range=[-1.5, n_heads * step],
                   showgrid=False, zeroline=False, constrain="domain", constraintoward="left"),
        yaxis=dict(tickvals=np.arange(n_layers) * step + (size - 1) / 2,
                   ticktext=[str(l + 1) for l in range(n_layers)],
                   range=[n_layers * step, -1.5],  # layer 1 on top
                   showgrid=False, zeroline=False, scaleanchor="x", constrain="domain",
                   constraintoward="top"),
    ))
    height = min(900, max(320, 60 + n_layers * 52))
    finish(fig, projector, height=height)
    return note_clip(fig, clip_note, top=True)


def set_mosaic(fig: go.Figure, cells: np.ndarray, percentile: float = 100.0) -> go.Figure:
    """Show another input's pooled maps (the same ``[L, H, c, c]`` shape) in a figure from
    :func:`mosaic`, in place: only the image changes, and a new sentence costs no new figure."""
    fig.data[0].z = mosaic_image(cells, percentile)
    return fig


def frame_css(container: str, selected: tuple[int, int], n_heads: int) -> str:
    """A ``<style>`` that shows the frame of the ``selected`` (layer, head), 0-based, in a
    figure from :func:`mosaic` drawn with ``selected=None`` inside the element with CSS class
    ``container`` (Streamlit gives an element with key ``k`` the class ``st-key-k``)."""
    index = selected[0] * n_heads + selected[1]
    return (f'<style>.{container} .shapelayer path[data-index="{index}"]'
            "{opacity: 1 !important;}</style>")


def block_masses(masses: dict[str, np.ndarray], names: dict[str, str], title: str,
                 y_label: str, projector: bool = False, x_label: str = "layer") -> go.Figure:
    """One line per pair block (A→A, A→B, B→A, B→B): mean attention share per layer."""
    fig = go.Figure()
    for i, (block, values) in enumerate(masses.items()):
        layers = np.arange(1, len(values) + 1)
        fig.add_trace(go.Scatter(x=layers, y=np.round(values, 4), mode="lines+markers",
                                 name=names[block], line=dict(color=CATEGORICAL[i], width=3),
                                 marker=dict(symbol=("circle", "square", "diamond", "x")[i])))
    fig.update_layout(title=dict(text=title), xaxis=dict(title=x_label, dtick=1),
                      yaxis=dict(title=y_label, range=[0, 1]), legend=dict(orientation="h"))
    return finish(fig, projector, height=380)


#: Words of the field guide's axes and hover, by key (English defaults; pages pass their own).
GUIDE_WORDS = {"layer": "layer", "head": "head", "entropy": "entropy", "punct": "punct.",
               "prev": "prev.", "next": "next"}


def field_guide(stats: HeadStats, names: dict[str, str], selected: tuple[int, int], title: str,
                projector: bool = False, words: dict[str, str] | None = None) -> go.Figure:
    """A layer × head grid of squares coloured by pattern tag; hover lists the statistics.

    One trace per pattern; ``customdata`` of each point is ``[layer, head]`` (0-based).
    ``words`` names the axes and hover fields (keys of :data:`GUIDE_WORDS`).
    """
    w = {**GUIDE_WORDS, **(words or {})}
    n_layers, n_heads = stats.entropy.shape
    size = max(10, min(36, 560 // max(n_heads, n_layers)))
    fig = go.Figure()
    for pattern in PATTERNS:
        layers, heads = np.nonzero(stats.pattern == pattern)
        if len(layers) == 0:
            continue
        hover = [
            f"{w['layer']} {l + 1} · {w['head']} {h + 1}: {names[pattern]}<br>"
            f"{w['entropy']} {stats.entropy[l, h]:.2f} · [CLS] {stats.cls[l, h]:.0%} · "
            f"[SEP] {stats.sep[l, h]:.0%}<br>{w['punct']} {stats.punctuation[l, h]:.0%} · "
            f"{w['prev']} {stats.previous[l, h]:.0%} · {w['next']} {stats.next[l, h]:.0%}"
            for l, h in zip(layers, heads)
        ]
        fig.add_trace(go.Scatter(
            x=heads + 1, y=layers + 1, mode="markers", name=names[pattern],
            marker=dict(symbol="square", size=size, color=PATTERN_COLOURS[pattern],
                        line=dict(color="#ffffff", width=1)),
            customdata=np.stack([layers, heads], axis=1), hovertext=hover, hoverinfo="text"))
    layer, head = selected
    fig.add_shape(type="rect", x0=head + 0.5, x1=head + 1.5, y0=layer + 0.5, y1=layer + 1.5,
                  line=dict(color="#000000", width=3))
    fig.update_layout(
        title=dict(text=title), dragmode=False, clickmode="event+select",
        xaxis=dict(title=w["head"], dtick=1, range=[0.5, n_heads + 0.5], showgrid=False,
                   side="top", constrain="domain"),
        yaxis=dict(title=w["layer"], dtick=1, range=[n_layers + 0.5, 0.5], showgrid=False,
                   scaleanchor="x"),
        legend=dict(orientation="h", y=-0.05),
    )
    return finish(fig, projector, height=min(900, max(360, 120 + n_layers * (size + 4))))
