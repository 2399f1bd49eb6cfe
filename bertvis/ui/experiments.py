"""Pieces of the experiments page: the model for the chosen task, the knocked-out heads (URL
and mosaic clicks), and the answers before and after, drawn from :func:`bertvis.answers.answer`."""

from __future__ import annotations


import numpy as np
import pandas as pd
import streamlit as st

from bertvis import answers, importance, interventions
from bertvis.attention import MatrixView
from bertvis.errors import BertvisError
from bertvis.figures import attention as attention_figures
from bertvis.models import LoadedModel
from bertvis.presets import (
    DEFAULT_NER,
    DEFAULT_QA,
    DEFAULT_SENTIMENT,
    DEFAULT_SENTIMENT_FOR,
    NER_PRESETS,
    QA_PRESETS,
    SENTIMENT_PRESETS,
)

from . import errors, session, sidebar, state, task_model
from . import readability as readable
from .figures import projector, show
from .i18n import plain, t

TASKS = tuple(answers.TASK_KINDS)
#: The task pickers, shared with the sentiment and QA & tagging pages (same URL keys).
_PICKERS = {"sentiment": ("sentiment_", SENTIMENT_PRESETS, DEFAULT_SENTIMENT),
            "qa": ("qa_", QA_PRESETS, DEFAULT_QA),
            "tagging": ("ner_", NER_PRESETS, DEFAULT_NER)}
HEADS_KEY = "exp_heads"
def _picker(task: str) -> tuple[str, tuple, str]:
    """(URL prefix, presets, default model) of a task's picker; sentiment's default follows the
    UI language, as on the sentiment page."""
    prefix, presets, default = _PICKERS[task]
    if task == "sentiment":
        default = sidebar.language_default("sentiment_model", DEFAULT_SENTIMENT_FOR)
    return prefix, presets, default


def model_for(task: str) -> LoadedModel:
    """The sidebar's model (pre-training) or the task's picker model; stops the page with the
    reason when it can't be loaded or can't be experimented on."""
    if task == "pretraining":
        loaded = session.model()
    else:
        prefix, presets, default = _picker(task)
        loaded = task_model.load(prefix, presets, default, answers.TASK_KINDS[task])
        if loaded is None:
            session.stop()
        if loaded.fallback_reason:
            st.info(t("sentiment.fallback", model=plain(loaded.requested_id)),
                    icon=":material/cloud_off:")
    try:
        interventions.layers(loaded)
    except BertvisError as exc:
        errors.show(exc)
        session.stop()
    return loaded


def warn_unreadable(task: str, loaded: LoadedModel, texts: list[str | None]) -> None:
    """The shared can't-read check, its switch setting the sidebar's model (pre-training) or
    the task picker's."""
    if task == "pretraining":
        readable.warn(loaded, texts)
        return
    prefix, presets, default = _picker(task)
    readable.warn(loaded, texts, presets=presets, model_key=f"{prefix}model", default=default)


def chosen_heads(loaded: LoadedModel) -> list[tuple[int, int]]:
    """The knocked-out heads (0-based) from the URL's ``exp_heads`` box; a bad entry is shown
    as a message and counts as none."""
    col_heads, col_clear = st.columns([5, 1], vertical_alignment="bottom")
    with col_heads:
        typed = state.bound(st.text_input, HEADS_KEY, "", t("experiments.heads"),
                            help=t("experiments.heads_help"), max_chars=2_000,
                            placeholder="9-6, 2-3")
    col_clear.button(t("experiments.clear"), on_click=state.remember, args=(HEADS_KEY, "", ""),
                     icon=":material/restart_alt:", key="exp-clear")
    try:
        return interventions.parse_heads(typed, loaded.n_layers, loaded.n_heads)
    except BertvisError as exc:
        errors.show(exc)
        return []


def toggle_head(chart_key: str, loaded: LoadedModel) -> None:
    """A click on the mosaic: that head joins the knocked-out set, or leaves it."""
    points = st.session_state[chart_key].selection.points
    if not points:
        return
    layer, head = divmod(int(points[0]["point_index"]), loaded.n_heads)
    try:
        heads = set(interventions.parse_heads(state.value(HEADS_KEY, ""), loaded.n_layers,
                                              loaded.n_heads))
    except BertvisError:
        heads = set()
    heads ^= {(layer, head)}
    state.remember(HEADS_KEY, interventions.format_heads(heads), "")


def show_answer(output: str, found: dict, key: str) -> None:
    """One answer from :func:`bertvis.answers.answer`, as tables and numbers."""
    if output == "mask":
        for number, mask in enumerate(found["masks"], start=1):
            st.caption(t("experiments.mask_at", n=number, position=mask["position"]))
            st.dataframe(pd.DataFrame({
                t("experiments.col.token"): [g["token"] for g in mask["guesses"]],
                t("experiments.col.probability"): [round(g["probability"], 4)
                                                   for g in mask["guesses"]]}),
                hide_index=True, width="stretch", key=f"{key}-mask-{number}")
    elif output == "nsp":
        st.metric(t("experiments.p_is_next"), f"{found['p_is_next']:.4f}")
    elif output == "label":
        st.metric(t("experiments.col.label"), found["label"])
        st.dataframe(pd.DataFrame({
            t("experiments.col.label"): list(found["probabilities"]),
            t("experiments.col.probability"): [round(p, 4)
                                               for p in found["probabilities"].values()]}),
            hide_index=True, width="stretch", key=f"{key}-label")
    elif output == "span":
        st.markdown(t("experiments.span_text", answer=plain(found["answer"]) or "∅",
                      p=f"{found['probability']:.4f}"))
    else:
        st.dataframe(pd.DataFrame({
            t("experiments.col.word"): [w["word"] for w in found["words"]],
            t("experiments.col.label"): [w["label"] for w in found["words"]],
            t("experiments.col.probability"): [round(w["probability"], 4)
                                               for w in found["words"]]}),
            hide_index=True, width="stretch", key=f"{key}-tags")


def importance_table(found: importance.HeadImportance) -> pd.DataFrame:
    """:func:`bertvis.importance.head_table` with the page's column names, rounded."""
    table = importance.head_table(found)
    table.insert(0, "name", [f"{l}-{h}" for l, h in zip(table["layer"], table["head"])])
    table = table.drop(columns=["layer", "head", "loss_change"]).round(5)
    return table.rename(columns={
        "name": t("experiments.col.head"), "p_knocked": t("experiments.col.p_knocked"),
        "effect": t("experiments.col.effect"), "gradient": t("experiments.col.gradient"),
        "rank_exact": t("experiments.col.rank_exact"),
        "rank_gradient": t("experiments.col.rank_gradient")})


def pruning_table(curve: importance.PruningCurve) -> pd.DataFrame:
    return pd.DataFrame({t("experiments.prune_x"): curve.counts,
                         "%": (curve.shares * 100).round(1),
                         t("experiments.prune_y"): curve.probabilities.round(5)})


def layer_and_head(loaded: LoadedModel) -> tuple[int, int]:
    """Layer and head sliders (shared with the attention page's ``layer``/``head``), 0-based."""
    col_layer, col_head = st.columns(2)
    with col_layer:
        layer = state.bound(st.slider, "layer", 1, t("experiments.layer"), min_value=1,
                            max_value=loaded.n_layers, valid=lambda v: 1 <= v <= loaded.n_layers)
    with col_head:
        head = state.bound(st.slider, "head", 1, t("experiments.head"), min_value=1,
                           max_value=loaded.n_heads, valid=lambda v: 1 <= v <= loaded.n_heads)
    return layer - 1, head - 1


def heatmap(values: np.ndarray, labels: list[str], title: str, key: str) -> None:
    """One attention map ``[N, N]`` (rows: queries, columns: keys, both ``labels``) with its
    numbers."""
    units = np.arange(len(labels))
    cut = MatrixView(np.asarray(values, dtype=np.float32), units, units, list(labels),
                     list(labels))
    fig = attention_figures.matrix_heatmap(cut, title, t("experiments.query"),
                                           t("experiments.key"), 100.0, projector())
    frame = pd.DataFrame(cut.values.round(4),
                         index=[f"{i + 1} {w}" for i, w in enumerate(labels)],
                         columns=[f"{i + 1} {w}" for i, w in enumerate(labels)])
    show(fig, key=key, data=frame, filename=key)
