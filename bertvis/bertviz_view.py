"""bertviz's head view and model view as one self-contained HTML page, small and CDN-free.

bertviz (``head_view(..., html_action="return")``) loads require.js, d3 and jQuery from a
CDN (blank when it is blocked, bertviz issue #63) and writes the attention twice at full
precision (its ``// HACK: PYTHON_PARAMS`` comment is replaced by a second copy of the data):
≈100 MB at 128 tokens for BERT-base. Here the same bertviz JavaScript gets:

- require.js 2.3.6, d3 5.7.0 and jQuery 2.2.4 inlined from ``assets/vendor/`` (npm), with d3
  and jQuery defined as require.js modules, instead of the CDN ``require.config`` paths;
- the data once, as integer thousandths, decoded in the page; for a sentence pair only the
  full matrix is sent and the A→A / B→B / A→B / B→A filters are cut from it in the page.
"""

from __future__ import annotations

import json
import re
import uuid
from functools import lru_cache
from pathlib import Path

import numpy as np

from .resources import asset

VENDOR = asset("vendor")
VENDOR_FILES = ("d3-5.7.0.min.js", "jquery-2.2.4.min.js", "require-2.3.6.js")
#: Longest inputs (tokens) each view is offered for: the head view draws one line per token
#: pair and head; the model view draws all layers × heads as thumbnails.
MAX_TOKENS = {"head": 128, "model": 48}
#: Values are sent as integers in these units (1000 = a weight of 1).
SCALE = 1000

_DEFINE_MODULES = "define('d3', [], function () { return window.d3; });\n" \
                  "define('jquery', [], function () { return window.jQuery; });"

#: Runs on the params before bertviz's code: integers back to weights, pair filters cut out.
_DECODE = """
function bertvisDecode(p) {
  const scale = v => Array.isArray(v) ? v.map(scale) : v / %(scale)d;
  const all = p.attention[0];
  all.attn = scale(all.attn);
  const b = p.sentence_b_start;
  if (b !== null) {
    const n = all.left_text.length, text = all.left_text;
    const cut = (r0, r1, c0, c1) =>
      all.attn.map(l => l.map(h => h.slice(r0, r1).map(row => row.slice(c0, c1))));
    const block = (name, r0, r1, c0, c1) => ({name: name, attn: cut(r0, r1, c0, c1),
      left_text: text.slice(r0, r1), right_text: text.slice(c0, c1)});
    p.attention.push(block('Sentence A -> Sentence A', 0, b, 0, b),
                     block('Sentence B -> Sentence B', b, n, b, n),
                     block('Sentence A -> Sentence B', 0, b, b, n),
                     block('Sentence B -> Sentence A', b, n, 0, b));
  }
  return p;
}
""" % {"scale": SCALE}

_FILTERS = ("All", "Sentence A -> Sentence A", "Sentence B -> Sentence B",
            "Sentence A -> Sentence B", "Sentence B -> Sentence A")


@lru_cache(maxsize=1)
def _vendor_scripts() -> str:
    scripts = [(VENDOR / name).read_text(encoding="utf-8") for name in VENDOR_FILES]
    return "".join(f"<script>\n{s}\n</script>\n" for s in scripts + [_DEFINE_MODULES])


@lru_cache(maxsize=2)
def _bertviz_js(view: str) -> str:
    """bertviz's own ``head_view.js`` / ``model_view.js``, without its CDN ``require.config``
    and with the ``PYTHON_PARAMS`` marker (and its duplicating comment) ready for our data."""
    import bertviz

    source = (Path(bertviz.__file__).parent / f"{view}_view.js").read_text(encoding="utf-8")
    source, n_config = re.subn(r"require\.config\(\{.*?\}\);", "", source, count=1, flags=re.S)
    source, n_params = re.subn(r"const params = PYTHON_PARAMS;[^\n]*",
                               "const params = bertvisDecode(PYTHON_PARAMS);", source, count=1)
    if n_config != 1 or n_params != 1 or "PYTHON_PARAMS" not in source:
        raise RuntimeError(f"unexpected bertviz {view}_view.js layout")
    return source


def _script_json(value: object) -> str:
    """JSON safe to put inside a ``<script>`` element (no ``</script>`` or ``<!--``)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


def fits(view: str, n_tokens: int) -> bool:
    """Whether an input of ``n_tokens`` is short enough for bertviz's ``view``."""
    return n_tokens <= MAX_TOKENS[view]


def html(view: str, attentions: np.ndarray, tokens: list[str],
         sentence_b_start: int | None = None, layer: int = 0) -> str:
    """A self-contained HTML page with bertviz's ``view`` ("head" or "model").

    ``attentions`` is float ``[L, H, T, T]``; ``layer`` (0-based) is the head view's first layer.
    """
    n_layers, n_heads = attentions.shape[:2]
    root = f"bertviz-{uuid.uuid4().hex}"
    shown = [t.replace("Ġ", " ").replace("▁", " ").replace("</w>", "") for t in tokens]
    attn = np.rint(np.asarray(attentions, dtype=np.float32) * SCALE).astype(np.int16)
    params: dict[str, object] = {
        "attention": [{"name": "All" if sentence_b_start else None, "attn": attn.tolist(),
                       "left_text": shown, "right_text": shown}],
        "default_filter": "0",
        "root_div_id": root,
        "include_layers": list(range(n_layers)),
        "sentence_b_start": sentence_b_start,
    }
    if view == "head":
        params.update(layer=layer, heads=None)
        controls = 'Layer: <select id="layer"></select>'
    else:
        params.update(display_mode="light", include_heads=list(range(n_heads)),
                      total_heads=n_heads)
        controls = ""
    if sentence_b_start:
        options = "".join(f'<option value="{i}">{name}</option>' for i, name in enumerate(_FILTERS))
        controls += f' Attention: <select id="filter">{options}</select>'
    body = (f'<div id="{root}" style="font-family:\'Helvetica Neue\', Helvetica, Arial, '
            f'sans-serif;"><span style="user-select:none">{controls}</span>'
            f"<div id='vis'></div></div>")
    script = _bertviz_js(view).replace("PYTHON_PARAMS", _script_json(params))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'>{_vendor_scripts()}</head>"
            f"<body>{body}<script>\n{_DECODE}\n{script}\n</script></body></html>")
