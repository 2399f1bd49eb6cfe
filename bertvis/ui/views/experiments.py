"""The experiments page's views: the model for the chosen task, the knocked-out heads (URL and
mosaic clicks), the answers before and after (:func:`bertvis.answers.answer`), head importance,
the left-to-right run and two inputs side by side (``app_pages/experiments.py``)."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import answers, attention, comparison, fill_mask, importance, interventions
from bertvis.analysis import Analysis
from bertvis.attention import MatrixView
from bertvis.errors import BertvisError
from bertvis.figures import attention as attention_figures
from bertvis.figures import experiments as figures
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

from bertvis.trace import Trace
from bertvis.ui import cache, errors, session, sidebar, state, task_model
from bertvis.ui import readability as readable
from bertvis.ui.examples import Example
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import plain, t
from bertvis.ui.tour import JA_TROPHY, TROPHY

TASKS = tuple(answers.TASK_KINDS)
TABS = ("knockout", "importance", "causal", "pair")
TOP_ROWS = 10


def _examples(*rows: tuple[str, str, str]) -> tuple[Example, ...]:
    """``(label key, sentence A, second input of the pair tab or "")``; sentence B is cleared."""
    return tuple(Example(key, {"text_a": text_a, "text_b": ""}
                         | ({"exp_text2": second} if second else {}))
                 for key, text_a, second in rows)


#: One-click examples in the UI language (the Japanese ones read on the Japanese BERT).
EXAMPLES = {
    "en": _examples(
        ("experiments.example.dog", "The [MASK] barked at the mailman all night.", ""),
        ("experiments.example.movie", "The film was wonderful and the actors were great.", ""),
        ("experiments.example.trophy", TROPHY.format("big"), TROPHY.format("small")),
        ("experiments.example.bank", "The bank of the river", "The bank raised its rates")),
    "ja": _examples(
        ("experiments.example.dog_ja", "[MASK]は一晩中郵便屋さんに吠えていた。", ""),
        ("experiments.example.movie", "この映画は本当に素晴らしく、俳優たちも最高だった。", ""),
        ("experiments.example.trophy_ja", JA_TROPHY.format("大き"), JA_TROPHY.format("小さ")),
        ("experiments.example.roles_ja", "彼女は彼に本をあげた。", "彼は彼女に本をあげた。")),
}


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
            errors.stop()
        if loaded.fallback_reason:
            readable.offline_banner(loaded, t("sentiment.fallback",
                                              model=plain(loaded.requested_id)),
                                    DEFAULT_SENTIMENT_FOR["ja"])
    with errors.shown(stop=True):
        interventions.layers(loaded)
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
                            help=t("experiments.heads_help"), max_chars=session.SHORT_TEXT_CHARS,
                            placeholder="9-6, 2-3")
    col_clear.button(t("experiments.clear"), on_click=state.remember, args=(HEADS_KEY, "", ""),
                     icon=":material/restart_alt:", key="exp-clear")
    with errors.shown():
        return interventions.parse_heads(typed, loaded.n_layers, loaded.n_heads)
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


def choose_output(outputs: list[str]) -> str:
    if len(outputs) == 1:
        return outputs[0]
    return state.bound(st.segmented_control, "exp_output", outputs[0], t("experiments.output"),
                       options=outputs, format_func=lambda o: t(f"experiments.output.{o}"),
                       valid=outputs.__contains__) or outputs[0]


def knockout_tab(loaded, analysis: Analysis, output: str | None) -> None:
    heads = chosen_heads(loaded)
    named_heads = interventions.format_heads(heads)
    left, right = st.columns([2, 3])
    with left:
        size = attention.mosaic_cell_size(loaded.n_layers, loaded.n_heads)
        cells = analysis.mosaic_cells(size)
        fig = attention_figures.mosaic(cells, (0, 0), t("experiments.mosaic_hover"),
                                       t("experiments.mosaic_title"), 100.0, projector())
        figures.mark_heads(fig, heads, cells.shape[-1])
        chart = f"exp-mosaic-{named_heads}"  # new set: no old selection
        show(fig, key=chart, filename="experiment-heads", selection_mode="points",
             on_select=partial(toggle_head, chart, loaded))
    with right:
        if output is None:
            return
        if not heads:
            st.info(t("experiments.none_out"), icon=":material/touch_app:")
        found = analysis.objective(output)
        after = analysis.knockout_answer(named_heads, output)
        p_after = importance.answer_probability(loaded, found,
                                                analysis.knockout_trace(named_heads))
        named = found.answer if output != "tags" else t("experiments.output.tags")
        st.metric(t("experiments.p_answer", answer=named), f"{p_after:.4f}",
                  delta=f"{p_after - found.probability:+.4f}" if heads else None,
                  help=t("experiments.p_answer_help", output=t(f"experiments.output.{output}")))
        before_col, after_col = st.columns(2)
        with before_col:
            st.subheader(t("experiments.before"))
            show_answer(output, analysis.knockout_answer("", output), "exp-before")
        with after_col:
            st.subheader(t("experiments.after", n=len(heads)))
            show_answer(output, after, "exp-after")


def importance_tab(analysis: Analysis, output: str) -> None:
    with cache.progress("experiments.sweep_progress") as progress:
        found = analysis.head_importance(output, progress)
    n_layers, n_heads = found.knocked.shape
    st.markdown(t("experiments.importance_intro", answer=plain(found.objective.answer),
                  p=f"{found.objective.probability:.4f}", n=n_layers * n_heads))
    table = importance_table(found)
    grid, scatter = st.columns(2)
    with grid:
        show(figures.effect_grid(found.effect, t("experiments.grid_title"),
                                 t("experiments.grid_hover"), t("experiments.grid_layer"),
                                 t("experiments.grid_head"), projector()), key="exp-grid",
             data=table, filename="head-importance")
    with scatter:
        show(figures.importance_scatter(found, t("experiments.scatter_title"),
                                        t("experiments.scatter_x"), t("experiments.scatter_y"),
                                        t("experiments.grid_head"), projector()),
             key="exp-scatter", data=table,
             filename="head-importance-vs-gradient")
    st.markdown(t("experiments.spearman_nan") if found.spearman != found.spearman
                else t("experiments.spearman", rho=f"{found.spearman:.2f}"))
    st.subheader(t("experiments.top_table", n=min(TOP_ROWS, len(table))))
    st.dataframe(table.head(TOP_ROWS), hide_index=True, width="stretch", key="exp-top")
    most = min(12, n_layers * n_heads)
    k = state.bound(st.slider, "exp_k", min(3, most), t("experiments.k"), min_value=1,
                    max_value=most, valid=lambda v: 1 <= v <= most)
    joint = analysis.joint_effect(output, k)
    st.markdown(t("experiments.joint", k=len(joint.heads), sum=f"{joint.sum_of_single:+.4f}",
                  joint=f"{joint.joint:+.4f}", singles=", ".join(
                      f"{interventions.head_name(h)}: {v:+.4f}"
                      for h, v in zip(joint.heads, joint.single))))
    gap = abs(joint.joint - joint.sum_of_single)
    st.markdown(t("experiments.joint_adds" if gap < 1e-3 else "experiments.joint_differs",
                  gap=f"{gap:.4f}"))
    with cache.progress("experiments.prune_progress") as progress:
        curve = analysis.pruning_curve(output, progress)
    show(figures.pruning(curve, t("experiments.prune_title"), t("experiments.prune_x"),
                         t("experiments.prune_y"), projector()), key="exp-prune",
         data=pruning_table(curve))
    st.caption(t("experiments.prune_caption", share=f"{importance.heads_to_keep(curve):.0%}",
                 p=f"{curve.probabilities[0]:.4f}"))


def causal_tab(loaded, analysis: Analysis, outputs: list[str]) -> None:
    st.markdown(t("experiments.causal_intro"))
    result, causal = analysis.trace, analysis.causal_trace()
    state.view_only("experiments-causal", partial(causal_maps, loaded, result, causal))
    both, left_only = st.columns(2)
    if "mask" in outputs:
        for column, shown, title, name in (
                (both, result, "experiments.guesses_both", "exp-guess-both"),
                (left_only, causal, "experiments.guesses_left", "exp-guess-left")):
            with column:
                st.subheader(t(title))
                show_answer("mask", answers.answer(loaded, shown, "mask"), name)
    else:
        st.info(t("experiments.causal_no_mask" if loaded.has_mlm else "experiments.causal_no_mlm"),
                icon=":material/masks:")
    st.markdown(t("experiments.causal_explain"))


def causal_maps(loaded, result: Trace, causal: Trace) -> None:
    """Layer and head sliders and that head's map both ways and left to right only, from the
    two traces already computed (a view-only part)."""
    layer, head = layer_and_head(loaded)
    both, left_only = st.columns(2)
    for column, shown, title, name in ((both, result, "experiments.both_ways", "exp-both"),
                                       (left_only, causal, "experiments.left_only", "exp-left")):
        with column:
            heatmap(shown.attentions[layer, head], shown.tokens,
                    t(title, layer=layer + 1, head=head + 1), name)


def pair_tab(loaded, first: Analysis) -> None:
    st.markdown(t("experiments.pair_intro"))
    default = sidebar.language_default(
        "exp_text2", {"en": TROPHY.format("small"), "ja": JA_TROPHY.format("小さ")})
    second = state.bound(st.text_input, "exp_text2", default, t("experiments.second"),
                         max_chars=session.text_limit())
    if not second.strip():
        st.info(t("experiments.need_second"), icon=":material/edit:")
        return
    if loaded.has_mlm:
        second = fill_mask.with_model_masks(second, loaded)
    state.view_only("experiments-pair", partial(pair_part, loaded, first,
                                                Analysis.of(loaded, second)))


def pair_part(loaded, first: Analysis, second: Analysis) -> None:
    """Layer and head sliders and the pair view they pick, from the two traces already
    computed (a view-only part)."""
    layer, head = layer_and_head(loaded)
    with errors.shown():
        pair_view(loaded, first, second, layer, head, first.pair_head(second, layer, head))


def pair_view(loaded, first: Analysis, second: Analysis, layer: int, head: int,
              pair: comparison.PairHead) -> None:
    columns = st.columns(2)
    for column, values, labels, title, name in (
            (columns[0], pair.first, pair.first_labels, "experiments.first_map", "exp-first"),
            (columns[1], pair.second, pair.second_labels, "experiments.second_map",
             "exp-second")):
        with column:
            heatmap(values, labels, t(title, layer=layer + 1, head=head + 1), name)
    if pair.line_up:
        diff_col, note_col = st.columns([2, 1])
        with diff_col:
            labels = [f"{i + 1} {w}" for i, w in enumerate(pair.difference_labels)]
            show(figures.difference(pair.difference, pair.difference_labels,
                                    t("experiments.difference"), t("experiments.query"),
                                    t("experiments.key"), projector()), key="exp-diff",
                 data=pd.DataFrame(pair.difference.round(4), index=labels, columns=labels),
                 filename="attention-difference")
        note_col.caption(t(f"experiments.line_up.{pair.level}", n=len(pair.first_labels)))
    else:
        st.info(t("experiments.no_line_up", first=len(pair.first_labels),
                  second=len(pair.second_labels)), icon=":material/compare_arrows:")
    st.subheader(t("experiments.pair_answers"))
    columns = st.columns(2)
    for column, one, name in ((columns[0], first, "exp-pair-a"),
                              (columns[1], second, "exp-pair-b")):
        shown = one.trace
        with column:
            for output in importance.available_outputs(loaded, shown):
                show_answer(output, answers.answer(loaded, shown, output), f"{name}-{output}")
