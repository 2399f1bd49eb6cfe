"""The inside-a-layer page's views: choose a layer and a token, the stages of the layer for that
token, what each block changes, and the feed-forward's top neurons (``app_pages/layer.py``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import layer_anatomy
from bertvis.figures import norms as figures
from bertvis.figures.reading import vector_table_row
from bertvis.ui import state
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import t
from bertvis.ui.reading import token_picker

#: Numbers of each vector shown in the table of stages.
SHOWN = 6


def choose(result) -> tuple[int, int]:
    """Layer (0-based, shared with the other pages in the URL) and token."""
    layer_col, token_col = st.columns([1, 1.4])
    with layer_col:
        layer = state.bound(st.slider, "layer", 1, t("attention.layer"), min_value=1,
                            max_value=max(result.n_layers, 2), disabled=result.n_layers < 2,
                            valid=lambda v: isinstance(v, int) and 1 <= v <= result.n_layers)
    token = token_picker(token_col, "layer_token", t("layer.token"), result.tokens,
                         1 if result.n_tokens > 1 else 0)
    return layer - 1, token


def stages(passed: layer_anatomy.LayerPass, token: int) -> None:
    st.subheader(t("layer.stages_title", token=passed.tokens[token], layer=passed.layer + 1))
    labels = [t(f"layer.stage.{name}") for name in layer_anatomy.STAGES]
    vectors = [passed.stage(name)[token] for name in layer_anatomy.STAGES]
    table = pd.DataFrame([vector_table_row(v, SHOWN) for v in vectors], index=labels)
    table.insert(0, t("layer.col.size"), [len(v) for v in vectors])
    table.insert(0, t("layer.col.formula"), [t(f"layer.formula.{n}") for n in layer_anatomy.STAGES])
    st.dataframe(table.astype(str), width="stretch")
    norms = np.array([np.linalg.norm(v) for v in vectors])
    show(figures.stage_norms(labels, norms, t("layer.norms_title", token=passed.tokens[token]),
                             t("layer.length"), projector()),
         key="layer-stages", data=pd.DataFrame({t("layer.length"): norms.round(4)}, index=labels),
         filename=f"layer{passed.layer + 1}-stages")
    params = dict(diff=f"{passed.max_difference:.1e}", layer=passed.layer + 1,
                  next=passed.layer + 2, activation=passed.activation_name)
    if passed.matches:
        st.success(t("layer.match", **params), icon=":material/check_circle:")
    else:
        st.warning(t("layer.mismatch", **params), icon=":material/warning:")


def changes(passed: layer_anatomy.LayerPass, token: int) -> None:
    st.subheader(t("layer.changes_title"))
    moved = passed.changes()
    names = {block: t(f"layer.block.{block}") for block in moved}
    fig = figures.block_changes(passed.tokens, moved, names, token,
                                t("layer.changes_chart", layer=passed.layer + 1),
                                t("layer.relative_change"), projector())
    frame = pd.DataFrame({names[b]: v.round(4) for b, v in moved.items()},
                         index=pd.Index(passed.tokens, name=t("layer.token")))
    show(fig, key="layer-changes", data=frame, filename=f"layer{passed.layer + 1}-changes")
    st.caption(t("layer.changes_note"))


def neurons(passed: layer_anatomy.LayerPass, token: int) -> None:
    word = passed.tokens[token]
    st.subheader(t("layer.neurons_title", token=word))
    found = layer_anatomy.top_neurons(passed, token)
    labels = [t("layer.neuron", index=n.index) for n in found]
    values = np.array([n.activation for n in found])
    tops = [", ".join(f"{passed.tokens[i]} ({a:.2f})" for i, a in n.top_tokens) for n in found]
    frame = pd.DataFrame({t("layer.col.activation"): values.round(4),
                          t("layer.col.top_tokens"): tops}, index=labels)
    show(figures.neurons(labels, values, t("layer.neurons_chart", token=word,
                                           width=passed.up.shape[1]),
                         t("layer.col.activation"), projector()),
         key="layer-neurons", data=frame, filename=f"layer{passed.layer + 1}-neurons")
    st.dataframe(frame, width="stretch")
    st.caption(t("layer.neurons_note"))
