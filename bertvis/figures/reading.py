"""Figures for the "Tokens and embeddings" and "Attention arithmetic" pages.

Small bar charts meant for a projector: one bar per token (labelled ``"3 · cat"``, so repeated
words stay apart), values printed on the bars when there are few. Plus token chips as escaped
HTML.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .style import CATEGORICAL, bar_height, bar_text, finish

#: Above this many tokens the embedding norms are drawn as lines, not grouped bars.
MAX_GROUPED_TOKENS = 40
SPECIAL_COLOUR = "#8a8f98"
SEGMENT_COLOURS = (CATEGORICAL[0], CATEGORICAL[1])
UNKNOWN_COLOUR = CATEGORICAL[5]


def token_labels(tokens: list[str]) -> list[str]:
    """``"0 · [CLS]"``, ``"1 · the"``…: unique axis labels that keep repeated words apart."""
    return [f"{i} · {token}" for i, token in enumerate(tokens)]


def token_chips(tokens: list[str], ids: list[int], segments: list[int], special: list[bool],
                split: list[bool], projector: bool = False) -> str:
    """Tokens as boxes coloured by segment (grey for special tokens), id underneath; a thick
    underline marks pieces of a split word. Escaped HTML."""
    size = "1.35rem" if projector else "1rem"
    boxes = []
    for token, token_id, segment, is_special, is_split in zip(tokens, ids, segments, special,
                                                              split):
        colour = SPECIAL_COLOUR if is_special else SEGMENT_COLOURS[min(segment, 1)]
        underline = f"border-bottom:{4 if is_split else 1}px solid {colour}"
        boxes.append(
            f'<span style="display:inline-flex;flex-direction:column;align-items:center;'
            f"margin:0.15em;padding:0.1em 0.4em;border-radius:0.3em;background:{colour}26;"
            f'border:1px solid {colour};{underline}">'
            f"<span>{html.escape(token)}</span>"
            f'<span style="font-size:0.7em;color:#333">{int(token_id)}</span></span>'
        )
    return f'<div style="font-size:{size};line-height:1.5">{"".join(boxes)}</div>'


def piece_chips(pieces: list[str], projector: bool = False) -> str:
    """Cut-off WordPiece tokens as plain grey boxes (escaped HTML)."""
    size = "1.2rem" if projector else "0.95rem"
    boxes = "".join(
        f'<span style="display:inline-block;margin:0.1em;padding:0 0.35em;border-radius:0.3em;'
        f'background:#f0f2f6;border:1px dashed {SPECIAL_COLOUR};text-decoration:line-through">'
        f"{html.escape(piece)}</span>"
        for piece in pieces
    )
    return f'<div style="font-size:{size};line-height:1.6">{boxes}</div>'


def split_chips(pieces: list[list[str]], unknown_token: str | None,
                projector: bool = False) -> str:
    """One outlined box per word holding the pieces it became; unknown pieces in bold orange
    (escaped HTML)."""
    size = "1.25rem" if projector else "1rem"
    words = []
    for word in pieces:
        chips = "".join(
            '<span style="display:inline-block;margin:0.1em;padding:0 0.3em;border-radius:0.25em;'
            + (f'background:{UNKNOWN_COLOUR}40;color:{UNKNOWN_COLOUR};font-weight:600">'
               if piece == unknown_token else f'background:{SEGMENT_COLOURS[0]}26">')
            + f"{html.escape(piece)}</span>" for piece in word)
        words.append(f'<span style="display:inline-block;margin:0.15em;padding:0.05em;'
                     f'border:1px solid {SPECIAL_COLOUR};border-radius:0.35em">{chips}</span>')
    return f'<div style="font-size:{size};line-height:1.7">{"".join(words)}</div>'


def embedding_norms(tokens: list[str], norms: dict[str, np.ndarray], names: dict[str, str],
                    projector: bool = False) -> go.Figure:
    """Grouped bars: the norm of each embedding part (``norms[name]``) for every token; lines
    instead of bars above :data:`MAX_GROUPED_TOKENS` tokens, where bars would be slivers."""
    labels = token_labels(tokens)
    fig = go.Figure()
    for colour, (key, values) in zip(CATEGORICAL, norms.items()):
        if len(tokens) > MAX_GROUPED_TOKENS:
            fig.add_scatter(x=labels, y=np.round(values, 3), name=names[key], mode="lines",
                            line=dict(color=colour, width=3 if projector else 2))
        else:
            fig.add_bar(x=labels, y=np.round(values, 3), name=names[key], marker_color=colour)
    fig.update_layout(barmode="group",
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
                      xaxis=dict(tickangle=-45 if len(tokens) > 8 else 0))
    finish(fig, projector, height=bar_height(len(tokens), 360))
    fig.update_layout(margin_t=90 if projector else 50)  # room for the legend above the plot
    return fig


def similarity_bars(names: list[str], values: list[float], projector: bool = False) -> go.Figure:
    """Horizontal bars of cosine similarities in [-1, 1], one per embedding part."""
    fig = go.Figure(go.Bar(
        x=np.round(values, 3), y=names, orientation="h", marker_color=CATEGORICAL[0],
        text=[f"{v:.3f}" for v in values], textposition="outside", cliponaxis=False,
    ))
    fig.update_layout(xaxis=dict(range=[min(-0.1, min(values) - 0.1), 1.15], zeroline=True),
                      yaxis=dict(autorange="reversed"))
    return finish(fig, projector, height=60 + 44 * len(names))


def attention_steps(tokens: list[str], scaled: np.ndarray, weights: np.ndarray,
                    model_row: np.ndarray, titles: tuple[str, str], names: tuple[str, str],
                    projector: bool = False) -> go.Figure:
    """Two rows of bars over the key tokens: scaled scores, then our softmax with the model's
    attention row as dots on top (they coincide when the arithmetic is right)."""
    labels = token_labels(tokens)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, subplot_titles=titles,
                        vertical_spacing=0.12)
    fig.add_bar(x=labels, y=np.round(scaled, 3), marker_color=CATEGORICAL[4], showlegend=False,
                text=bar_text(scaled), textposition="outside", cliponaxis=False, row=1, col=1)
    fig.add_bar(x=labels, y=np.round(weights, 4), name=names[0], marker_color=CATEGORICAL[0],
                text=bar_text(weights), textposition="outside", cliponaxis=False, row=2, col=1)
    fig.add_scatter(x=labels, y=np.round(model_row, 4), name=names[1], mode="markers",
                    marker=dict(color=CATEGORICAL[5], size=14 if projector else 10,
                                symbol="diamond"), row=2, col=1)
    fig.update_yaxes(range=[0, min(1.15, float(max(weights.max(), model_row.max())) * 1.25 + 0.02)],
                     row=2, col=1)
    fig.update_layout(legend=dict(orientation="h", y=-0.25 if len(tokens) > 8 else -0.12, x=0))
    fig.update_xaxes(tickangle=-45 if len(tokens) > 8 else 0, row=2, col=1)
    return finish(fig, projector, height=bar_height(len(tokens), 520))


def token_bars(tokens: list[str], values: np.ndarray, highlight: int | None = None,
               projector: bool = False) -> go.Figure:
    """One bar per token (``highlight`` in orange), values printed when there are few."""
    colours = [CATEGORICAL[1] if i == highlight else CATEGORICAL[0] for i in range(len(values))]
    fig = go.Figure(go.Bar(x=token_labels(tokens), y=np.round(values, 4), marker_color=colours,
                           text=bar_text(values), textposition="outside", cliponaxis=False))
    fig.update_layout(xaxis=dict(tickangle=-45 if len(tokens) > 8 else 0))
    return finish(fig, projector, height=bar_height(len(tokens)))


def head_contributions(norms: np.ndarray, chosen: int, label: str,
                       projector: bool = False) -> go.Figure:
    """Bars of each head's contribution size (heads numbered from 1 on an axis titled
    ``label``), ``chosen`` (0-based) in orange."""
    heads = [str(h + 1) for h in range(len(norms))]
    colours = [CATEGORICAL[1] if h == chosen else CATEGORICAL[0] for h in range(len(norms))]
    fig = go.Figure(go.Bar(x=heads, y=np.round(norms, 3), marker_color=colours,
                           text=bar_text(norms), textposition="outside", cliponaxis=False))
    fig.update_layout(xaxis=dict(title=dict(text=label), type="category"))
    return finish(fig, projector, height=bar_height(len(norms)))


def vector_table_row(values: np.ndarray, shown: int = 8) -> dict[str, float]:
    """The first ``shown`` numbers of a vector and its norm, for a one-row table."""
    row = {f"[{i}]": round(float(v), 4) + 0.0 for i, v in enumerate(values[:shown])}  # no -0.0
    if len(values) > shown:
        row["…"] = "…"
    row["‖·‖"] = round(float(np.linalg.norm(values)), 4)
    return row
