"""A one-file "handout" of what a page showed: title, inputs, explanations, figures, tables.

:func:`build` turns a list of :class:`Item` into one self-contained HTML document (UTF-8,
plotly.js inlined once, every text escaped) that opens offline in any browser; its figures
stay vector (plotly.js draws them as SVG) and each has SVG and PNG download buttons. No
Streamlit.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

#: Rows of a figure's table kept in the handout (a 512×512 attention matrix would be megabytes).
MAX_TABLE_ROWS = 200


@dataclass(frozen=True)
class Text:
    """An explanation, in the small Markdown subset the pages use (paragraphs, **bold**, `code`)."""

    markdown: str


@dataclass(frozen=True)
class Facts:
    """Label → value pairs, such as the model and the input sentences."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Figure:
    """A plotly figure, with its numbers as a table (``None`` when it has none)."""

    figure: go.Figure
    name: str
    table: pd.DataFrame | None = field(default=None, compare=False)


Item = Text | Facts | Figure

#: plotly_white's layout without its trace defaults (which would override the figure's own
#: colour defaults from ``figures.style.finish``, e.g. Cividis for heatmaps).
_TEMPLATE = go.layout.Template(layout=pio.templates["plotly_white"].layout)

_STYLE = """
body { font-family: "Noto Sans", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", Meiryo,
       sans-serif; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; color: #1f2328;
       line-height: 1.55; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: .3rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; white-space: pre-wrap; }
code { background: #f3f4f6; padding: 0 .25rem; border-radius: 3px; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #d0d7de; padding: .2rem .5rem; text-align: right; }
details { margin-bottom: 1.5rem; } footer { margin-top: 3rem; color: #57606a; font-size: .85rem; }
.downloads button { font: inherit; font-size: .8rem; margin-right: .4rem; }
@media print { details, .downloads { display: none; } }
"""


def markdown_to_html(text: str) -> str:
    """Escape ``text`` and render its paragraphs, **bold**, *italic* and `code`."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        safe = html.escape(block)
        safe = re.sub(r"`([^`]+)`", r"<code>\1</code>", safe)
        safe = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", safe)
        safe = re.sub(r"(?<!\*)\*(?![\s*])(.+?)(?<![\s*])\*(?!\*)", r"<em>\1</em>", safe)
        paragraphs.append("<p>" + safe.replace("\n", "<br>") + "</p>")
    return "\n".join(paragraphs)


def _table(frame: pd.DataFrame, numbers_label: str) -> str:
    cut = len(frame) > MAX_TABLE_ROWS
    shown = frame.head(MAX_TABLE_ROWS) if cut else frame
    note = f" ({MAX_TABLE_ROWS} / {len(frame)})" if cut else ""
    return (f"<details><summary>{html.escape(numbers_label)}{note}</summary>"
            f"{shown.to_html(escape=True, border=0)}</details>")


def _downloads(div_id: str, name: str) -> str:
    """Buttons that save figure ``div_id`` as SVG (vector, for papers) or PNG, drawn by the
    plotly.js inlined in the handout (no network, no server)."""
    buttons = []
    for fmt, scale in (("svg", 1), ("png", 2)):
        call = (f"Plotly.downloadImage({json.dumps(div_id)}, "
                f"{json.dumps({'format': fmt, 'filename': name, 'scale': scale})})")
        buttons.append(f'<button type="button" onclick="{html.escape(call, quote=True)}">'
                       f"{fmt.upper()}</button>")
    return f'<p class="downloads">{" ".join(buttons)}</p>'


def build(title: str, items: list[Item], *, lang: str = "en", numbers_label: str = "Numbers",
          footer: str = "", link: str = "") -> str:
    """The handout as one HTML document (str); figures become plotly ``<div>``s, with
    plotly.js inlined once before the first, so the file needs no network. ``link`` (the
    page's shareable address, http(s) only) goes into the footer."""
    parts: list[str] = []
    plotly_inlined = False
    for number, item in enumerate(items):
        if isinstance(item, Text):
            parts.append(f'<section class="explanation">{markdown_to_html(item.markdown)}</section>')
        elif isinstance(item, Facts):
            rows = "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>"
                           for label, value in item.pairs)
            parts.append(f"<dl>{rows}</dl>")
        else:
            # a copy on a plain white template (the app's theme isn't there): labels get room
            figure = go.Figure(item.figure)
            figure.update_layout(template=_TEMPLATE)
            figure.update_xaxes(automargin=True)
            figure.update_yaxes(automargin=True)
            if not figure.layout.title.text:  # a figure with a title names itself
                parts.append(f"<h2>{html.escape(item.name.replace('-', ' ').capitalize())}</h2>")
            div = figure.to_html(full_html=False, include_plotlyjs=not plotly_inlined,
                                 div_id=f"figure-{number}", config={"displaylogo": False})
            plotly_inlined = True
            parts.append(div)
            parts.append(_downloads(f"figure-{number}", item.name))
            if item.table is not None:
                parts.append(_table(item.table, numbers_label))
    body = "\n".join(parts)
    if link.startswith(("http://", "https://")):
        footer_link = f'<p><a href="{html.escape(link, quote=True)}">{html.escape(link)}</a></p>'
    else:
        footer_link = ""
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n{body}\n"
            f"<footer>{markdown_to_html(footer) if footer else ''}{footer_link}</footer>\n</body>\n</html>\n")
