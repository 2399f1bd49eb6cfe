"""Figures for the question-answering and tagging page.

- :func:`span_probabilities`: start and end probability of every passage token, as two bar rows.
- :func:`label_probabilities`: piece × label probability heatmap of a tagger.
- :func:`highlighted_text`: text with spans marked in colour, as escaped HTML, plus a legend.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from bertvis.qa import Answer
from bertvis.tagging import Tags

from .style import CATEGORICAL, SEQUENTIAL, finish, unique_labels

#: Tallest piece × label heatmap in pixels (long texts get thinner rows, not a huge page).
MAX_HEATMAP_HEIGHT = 1600



def span_probabilities(result: Answer, start_label: str, end_label: str,
                       projector: bool = False) -> go.Figure:
    """Two bar rows over the passage tokens: P(start) and P(end); the answer's bars darker."""
    tokens = unique_labels(result.passage_tokens)
    first = int((result.passage_index == result.best.start).argmax())
    last = int((result.passage_index == result.best.end).argmax())
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=(start_label, end_label))
    for row, (probs, colour, mark) in enumerate(
        ((result.start_probs, CATEGORICAL[0], first), (result.end_probs, CATEGORICAL[5], last)),
        start=1,
    ):
        opacity = [1.0 if i == mark else 0.55 for i in range(len(tokens))]
        fig.add_bar(x=tokens, y=probs, marker=dict(color=colour, opacity=opacity),
                    hovertemplate="%{x}: %{y:.3f}<extra></extra>", showlegend=False,
                    row=row, col=1)
        fig.update_yaxes(range=[0, 1], tickformat=".0%", row=row, col=1)
    fig.update_xaxes(tickangle=-60, type="category")
    return finish(fig, projector, height=420)


def label_probabilities(tags: Tags, projector: bool = False) -> go.Figure:
    """Heatmap: one row per WordPiece piece, one column per label, cell = probability."""
    fig = go.Figure(go.Heatmap(
        z=tags.probabilities.round(3),
        x=tags.labels,
        y=unique_labels(tags.pieces),
        zmin=0,
        zmax=1,
        colorscale=SEQUENTIAL,
        hovertemplate="%{y} → %{x}: %{z:.3f}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(side="top", type="category")
    return finish(fig, projector, height=min(120 + 26 * len(tags.pieces), MAX_HEATMAP_HEIGHT))


def kind_colours(kinds: list[str]) -> dict[str, str]:
    """One Okabe–Ito colour per entity type, in the order given."""
    return {kind: CATEGORICAL[i % len(CATEGORICAL)] for i, kind in enumerate(kinds)}


def _mark(text: str, colour: str, tag: str | None) -> str:
    label = (f'<span style="font-size:0.7em;font-weight:700;margin-left:0.25em;color:#1f2328">'
             f"{html.escape(tag)}</span>") if tag else ""
    return (f'<mark style="background:{colour}40;border-bottom:3px solid {colour};'
            f'padding:0.05em 0.2em;border-radius:0.2em;color:inherit">'
            f"{html.escape(text)}{label}</mark>")


def highlighted_text(text: str, spans: list[tuple[int, int, str, str | None]],
                     projector: bool = False) -> str:
    """``text`` as HTML with ``(char_start, char_end, colour, tag)`` spans marked.

    Spans must not overlap; everything the user typed is escaped.
    """
    size = "1.5rem" if projector else "1.1rem"
    parts, cursor = [], 0
    for start, end, colour, tag in sorted(spans):
        parts.append(html.escape(text[cursor:start]))
        parts.append(_mark(text[start:end], colour, tag))
        cursor = end
    parts.append(html.escape(text[cursor:]))
    body = "".join(parts).replace("\n", "<br>")
    return f'<div style="font-size:{size};line-height:2;white-space:normal">{body}</div>'


def chips(items: list[tuple[str, str | None, str | None]], projector: bool = False) -> str:
    """Tokens or words as boxes: ``(text, colour or None, label)``; escaped HTML."""
    size = "1.2rem" if projector else "0.95rem"
    boxes = []
    for text, colour, label in items:
        background = f"{colour}40" if colour else "#f0f2f6"
        border = colour or "#d0d4dc"
        caption = html.escape(label or "O")
        boxes.append(
            f'<span style="display:inline-flex;flex-direction:column;align-items:center;'
            f"margin:0.15em;padding:0.15em 0.4em;border-radius:0.3em;background:{background};"
            f'border:1px solid {border};border-bottom:3px solid {border}">'
            f"<span>{html.escape(text)}</span>"
            f'<span style="font-size:0.7em;color:#444">{caption}</span></span>'
        )
    return f'<div style="font-size:{size};line-height:1.4">{"".join(boxes)}</div>'


def legend(colours: dict[str, str], projector: bool = False) -> str:
    """Colour key for entity types; escaped HTML."""
    size = "1.2rem" if projector else "0.9rem"
    items = "".join(
        f'<span style="margin-right:1em;white-space:nowrap">'
        f'<span style="display:inline-block;width:0.9em;height:0.9em;background:{colour};'
        f'border-radius:0.2em;vertical-align:middle;margin-right:0.3em"></span>'
        f"{html.escape(kind)}</span>"
        for kind, colour in colours.items()
    )
    return f'<div style="font-size:{size}">{items}</div>'
