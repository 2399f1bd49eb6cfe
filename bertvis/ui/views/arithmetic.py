"""The attention arithmetic page's views: choose a head and a query token, then q and k, the
softmax against the model's row, the weighted values and the mix of heads
(``app_pages/arithmetic.py``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import arithmetic
from bertvis.figures import reading as figures
from bertvis.ui import handoff, state
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import plain, t
from bertvis.ui.reading import token_picker

LAYER_PAGE = "app_pages/layer.py"


def choose(result) -> tuple[int, int, int]:
    """Layer, head (0-based) and query token, kept in the URL (1-based layer/head there,
    shared with the attention explorer, so both pages show the same head)."""
    n_layers, n_heads = result.n_layers, result.n_heads
    layer_col, head_col, query_col = st.columns([1, 1, 1.4])
    with layer_col:
        layer = state.bound(st.slider, "layer", 1, t("arithmetic.layer"), min_value=1,
                            max_value=max(n_layers, 2), disabled=n_layers < 2,
                            valid=lambda v: isinstance(v, int) and 1 <= v <= n_layers)
    with head_col:
        head = state.bound(st.slider, "head", 1, t("arithmetic.head"), min_value=1,
                           max_value=max(n_heads, 2), disabled=n_heads < 2,
                           valid=lambda v: isinstance(v, int) and 1 <= v <= n_heads)
    default_query = 1 if result.n_tokens > 1 else 0
    query = token_picker(query_col, "qk_query", t("arithmetic.query"), result.tokens,
                         default_query)
    return layer - 1, head - 1, query


def step_query(row: arithmetic.QueryRow, hidden: int) -> None:
    token = row.tokens[row.query]
    st.subheader(t("arithmetic.step1"))
    st.markdown(t("arithmetic.step1_text", token=plain(token), hidden=hidden, head=row.head + 1,
                  d=row.d_head))
    st.latex(r"\mathbf{q} = W_Q\,\mathbf{h}_{" + str(row.query) + r"} + b_Q"
             r"\qquad \mathbf{k}_j = W_K\,\mathbf{h}_j + b_K")
    shown = min(8, row.d_head)
    table = pd.DataFrame(
        [figures.vector_table_row(row.q, shown)]
        + [figures.vector_table_row(k, shown) for k in row.keys],
        index=[f"q · {token}"] + [f"k · {label}" for label in figures.token_labels(row.tokens)],
    )
    st.dataframe(table.astype(str), width="stretch", height=min(420, 38 + 35 * len(table)))
    st.caption(t("arithmetic.vector_shown", shown=shown, d=row.d_head))


def step_softmax(row: arithmetic.QueryRow) -> None:
    st.subheader(t("arithmetic.step2", d=row.d_head, scale=f"{row.scale:.3f}"))
    st.latex(r"a_j = \mathrm{softmax}_j\Big(\frac{\mathbf{q}\cdot\mathbf{k}_j}{\sqrt{"
             + str(row.d_head) + r"}}\Big)")
    frame = pd.DataFrame({
        t("arithmetic.col.key"): row.tokens,
        t("arithmetic.col.score"): row.scores.round(4),
        t("arithmetic.col.scaled"): row.scaled.round(4),
        t("arithmetic.col.softmax"): row.weights.round(6),
        t("arithmetic.col.model"): row.model_row.round(6),
        t("arithmetic.col.difference"): [f"{d:.1e}" for d in np.abs(row.weights - row.model_row)],
    }).rename_axis(t("reading.col.position"))
    st.dataframe(frame, width="stretch", height=min(420, 38 + 35 * len(frame)))
    fig = figures.attention_steps(
        row.tokens, row.scaled, row.weights, row.model_row,
        (t("arithmetic.scores_title"), t("arithmetic.weights_title")),
        (t("arithmetic.ours"), t("arithmetic.model")), projector())
    show(fig, key="qk-steps", data=frame, filename=f"qk-layer{row.layer + 1}-head{row.head + 1}")
    params = dict(diff=f"{row.max_difference:.1e}", layer=row.layer + 1, head=row.head + 1,
                  token=row.tokens[row.query])
    if row.matches:
        st.success(t("arithmetic.match", **params), icon=":material/check_circle:")
    else:
        st.warning(t("arithmetic.mismatch", **params), icon=":material/warning:")


def step_values(row: arithmetic.QueryRow, mix: arithmetic.HeadMix) -> None:
    token = row.tokens[row.query]
    st.subheader(t("arithmetic.step3"))
    st.markdown(t("arithmetic.step3_text", token=plain(token), d=row.d_head))
    st.latex(r"\text{head}_{" + str(row.head + 1) + r"}(\mathbf{h}_{" + str(row.query)
             + r"}) = \sum_j a_j\,\mathbf{v}_j")
    weighted = row.weights * np.linalg.norm(row.values, axis=1)
    frame = pd.DataFrame({
        t("arithmetic.col.key"): row.tokens,
        t("arithmetic.col.weight"): row.weights.round(4),
        t("arithmetic.col.value_norm"): np.linalg.norm(row.values, axis=1).round(4),
        t("arithmetic.col.weighted_norm"): weighted.round(4),
    }).rename_axis(t("reading.col.position"))
    st.markdown(f"**{t('arithmetic.values_title')}**")
    show(figures.token_bars(row.tokens, weighted, row.query, projector()), key="qk-values",
         data=frame, filename=f"values-layer{row.layer + 1}-head{row.head + 1}")
    shown = min(8, row.d_head)
    st.dataframe(pd.DataFrame([figures.vector_table_row(row.head_output, shown)],
                              index=[t("arithmetic.head_output")]).astype(str), width="stretch")
    st.success(t("arithmetic.head_check", head=row.head + 1,
                 diff=f"{mix.head_output_difference:.1e}"), icon=":material/check_circle:")


def step_heads(row: arithmetic.QueryRow, mix: arithmetic.HeadMix) -> None:
    token = row.tokens[row.query]
    hidden = mix.n_heads * mix.d_head
    st.subheader(t("arithmetic.step4"))
    st.markdown(t("arithmetic.step4_text", heads=mix.n_heads, d=mix.d_head, hidden=hidden,
                  token=plain(token)))
    st.latex(r"W_O\,[\text{head}_1;\ \dots;\ \text{head}_{" + str(mix.n_heads) + r"}] + b_O"
             r" = \sum_{h=1}^{" + str(mix.n_heads) + r"} W_O^{(h)}\,\text{head}_h + b_O")
    norms = mix.contribution_norms
    label = t("arithmetic.col.head")
    st.markdown(f"**{t('arithmetic.heads_title', token=plain(token), head=row.head + 1)}**")
    show(figures.head_contributions(norms, row.head, label, projector()), key="qk-heads",
         data=pd.DataFrame({t("arithmetic.col.contribution"): norms.round(4)},
                           index=pd.Index(range(1, mix.n_heads + 1), name=label)),
         filename=f"head-contributions-layer{row.layer + 1}")
    concat, projection = st.columns(2)
    concat.metric(t("arithmetic.concat_check"), f"{mix.context_difference:.1e}",
                  help=t("arithmetic.concat_check_help"))
    projection.metric(t("arithmetic.projection_check"), f"{mix.projection_difference:.1e}",
                      help=t("arithmetic.projection_check_help"))
    st.caption(t("arithmetic.after"))
    st.page_link(LAYER_PAGE, label=t("layer.from_arithmetic"), icon=":material/layers:")


def explorer_link(text_a: str, text_b: str | None) -> None:
    """Open the same layer and head in the attention explorer."""
    handoff.button(t("arithmetic.open_attention"), handoff.ATTENTION_PAGE, {
        "text_a": text_a, "text_b": text_b or "",
        "layer": st.session_state["layer"], "head": st.session_state["head"]})
