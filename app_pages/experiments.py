"""Experiments: knock heads out, rank them, read left to right only, compare two inputs."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from bertvis import answers, attention, fill_mask, importance, interventions
from bertvis.errors import BertvisError
from bertvis.figures import attention as attention_figures
from bertvis.figures import experiments as figures
from bertvis.trace import Trace
from bertvis.ui import cache, errors, session, sidebar, state
from bertvis.ui import experiments as ui
from bertvis.ui.examples import Example, buttons
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import lang, plain, t
from bertvis.ui.tabs import url_tabs
from bertvis.ui.tour import JA_TROPHY, TROPHY

TABS = ("knockout", "importance", "causal", "pair")
TOP_ROWS = 10
#: One-click examples in the UI language (the Japanese ones read on the Japanese BERT).
EXAMPLES = {
    "en": (
        Example("experiments.example.dog", {"text_a": "The [MASK] barked at the mailman all night.",
                                            "text_b": ""}),
        Example("experiments.example.movie", {"text_a": "The film was wonderful and the actors "
                                                        "were great.", "text_b": ""}),
        Example("experiments.example.trophy", {"text_a": TROPHY.format("big"), "text_b": "",
                                               "exp_text2": TROPHY.format("small")}),
        Example("experiments.example.bank", {"text_a": "The bank of the river", "text_b": "",
                                             "exp_text2": "The bank raised its rates"}),
    ),
    "ja": (
        Example("experiments.example.dog_ja", {"text_a": "[MASK]は一晩中郵便屋さんに吠えていた。",
                                               "text_b": ""}),
        Example("experiments.example.movie", {"text_a": "この映画は本当に素晴らしく、俳優たちも"
                                                        "最高だった。", "text_b": ""}),
        Example("experiments.example.trophy_ja", {"text_a": JA_TROPHY.format("大き"), "text_b": "",
                                                  "exp_text2": JA_TROPHY.format("小さ")}),
        Example("experiments.example.roles_ja", {"text_a": "彼女は彼に本をあげた。", "text_b": "",
                                                 "exp_text2": "彼は彼女に本をあげた。"}),
    ),
}


def choose_output(outputs: list[str]) -> str:
    if len(outputs) == 1:
        return outputs[0]
    return state.bound(st.segmented_control, "exp_output", outputs[0], t("experiments.output"),
                       options=outputs, format_func=lambda o: t(f"experiments.output.{o}"),
                       valid=outputs.__contains__) or outputs[0]


def knockout_tab(loaded, result: Trace, key: tuple, output: str | None) -> None:
    heads = ui.chosen_heads(loaded)
    left, right = st.columns([2, 3])
    with left:
        size = attention.mosaic_cell_size(loaded.n_layers, loaded.n_heads)
        cells = cache.mosaic_cells(*key, size)
        fig = attention_figures.mosaic(cells, (0, 0), t("experiments.mosaic_hover"),
                                       t("experiments.mosaic_title"), 100.0, projector())
        figures.mark_heads(fig, heads, cells.shape[-1])
        chart = f"exp-mosaic-{interventions.format_heads(heads)}"  # new set: no old selection
        show(fig, key=chart, filename="experiment-heads", selection_mode="points",
             on_select=partial(ui.toggle_head, chart, loaded))
    with right:
        if output is None:
            return
        if not heads:
            st.info(t("experiments.none_out"), icon=":material/touch_app:")
        found = importance.objective(loaded, result, output)
        knocked = cache.knockout_trace(*key, interventions.format_heads(heads))
        after = answers.answer(loaded, knocked, output)
        p_after = importance.answer_probability(loaded, found, knocked)
        named = found.answer if output != "tags" else t("experiments.output.tags")
        st.metric(t("experiments.p_answer", answer=named), f"{p_after:.4f}",
                  delta=f"{p_after - found.probability:+.4f}" if heads else None,
                  help=t("experiments.p_answer_help", output=t(f"experiments.output.{output}")))
        before_col, after_col = st.columns(2)
        with before_col:
            st.subheader(t("experiments.before"))
            ui.show_answer(output, answers.answer(loaded, result, output), "exp-before")
        with after_col:
            st.subheader(t("experiments.after", n=len(heads)))
            ui.show_answer(output, after, "exp-after")


def importance_tab(loaded, result: Trace, key: tuple, output: str) -> None:
    found = cache.head_importance(*key, output)
    n_layers, n_heads = found.knocked.shape
    st.markdown(t("experiments.importance_intro", answer=plain(found.objective.answer),
                  p=f"{found.objective.probability:.4f}", n=n_layers * n_heads))
    table = ui.importance_table(found)
    grid, scatter = st.columns(2)
    with grid:
        show(figures.effect_grid(found.effect, t("experiments.grid_title"),
                                 t("experiments.grid_hover"), t("experiments.grid_layer"),
                                 t("experiments.grid_head"), projector()), key="exp-grid",
             data=table, filename="head-importance")
    with scatter:
        show(figures.importance_scatter(found, t("experiments.scatter_title"),
                                        t("experiments.scatter_x"), t("experiments.scatter_y"),
                                        projector()), key="exp-scatter", data=table,
             filename="head-importance-vs-gradient")
    st.markdown(t("experiments.spearman_nan") if found.spearman != found.spearman
                else t("experiments.spearman", rho=f"{found.spearman:.2f}"))
    st.subheader(t("experiments.top_table", n=min(TOP_ROWS, len(table))))
    st.dataframe(table.head(TOP_ROWS), hide_index=True, width="stretch", key="exp-top")
    most = min(12, n_layers * n_heads)
    k = state.bound(st.slider, "exp_k", min(3, most), t("experiments.k"), min_value=1,
                    max_value=most, valid=lambda v: 1 <= v <= most)
    joint = cache.joint_effect(*key, output, k)
    st.markdown(t("experiments.joint", k=len(joint.heads), sum=f"{joint.sum_of_single:+.4f}",
                  joint=f"{joint.joint:+.4f}", singles=", ".join(
                      f"{interventions.head_name(h)}: {v:+.4f}"
                      for h, v in zip(joint.heads, joint.single))))
    gap = abs(joint.joint - joint.sum_of_single)
    st.markdown(t("experiments.joint_adds" if gap < 1e-3 else "experiments.joint_differs",
                  gap=f"{gap:.4f}"))
    curve = cache.pruning_curve(*key, output)
    show(figures.pruning(curve, t("experiments.prune_title"), t("experiments.prune_x"),
                         t("experiments.prune_y"), projector()), key="exp-prune",
         data=ui.pruning_table(curve))
    st.caption(t("experiments.prune_caption", share=f"{importance.heads_to_keep(curve):.0%}",
                 p=f"{curve.probabilities[0]:.4f}"))


def causal_tab(loaded, result: Trace, key: tuple, outputs: list[str]) -> None:
    st.markdown(t("experiments.causal_intro"))
    layer, head = ui.layer_and_head(loaded)
    causal = cache.causal_trace(*key)
    both, left_only = st.columns(2)
    for column, shown, title, name in ((both, result, "experiments.both_ways", "exp-both"),
                                       (left_only, causal, "experiments.left_only", "exp-left")):
        with column:
            ui.heatmap(shown.attentions[layer, head], shown.tokens,
                       t(title, layer=layer + 1, head=head + 1), name)
    if "mask" in outputs:
        for column, shown, title, name in (
                (both, result, "experiments.guesses_both", "exp-guess-both"),
                (left_only, causal, "experiments.guesses_left", "exp-guess-left")):
            with column:
                st.subheader(t(title))
                ui.show_answer("mask", answers.answer(loaded, shown, "mask"), name)
    else:
        st.info(t("experiments.causal_no_mask" if loaded.has_mlm else "experiments.causal_no_mlm"),
                icon=":material/masks:")
    st.markdown(t("experiments.causal_explain"))


def pair_tab(loaded, text_a: str) -> None:
    st.markdown(t("experiments.pair_intro"))
    default = sidebar.language_default(
        "exp_text2", {"en": TROPHY.format("small"), "ja": JA_TROPHY.format("小さ")})
    second = state.bound(st.text_input, "exp_text2", default, t("experiments.second"),
                         max_chars=session.text_limit())
    if not second.strip():
        st.info(t("experiments.need_second"), icon=":material/edit:")
        return
    layer, head = ui.layer_and_head(loaded)
    if loaded.has_mlm:
        second = fill_mask.with_model_masks(second, loaded)
    try:
        pair = cache.pair_head(loaded.key, text_a, second, layer, head)
    except BertvisError as exc:
        errors.show(exc)
        return
    columns = st.columns(2)
    for column, values, labels, title, name in (
            (columns[0], pair.first, pair.first_labels, "experiments.first_map", "exp-first"),
            (columns[1], pair.second, pair.second_labels, "experiments.second_map",
             "exp-second")):
        with column:
            ui.heatmap(values, labels, t(title, layer=layer + 1, head=head + 1), name)
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
    for column, text, name in ((columns[0], text_a, "exp-pair-a"),
                               (columns[1], second, "exp-pair-b")):
        shown = cache.cached_trace(loaded.key, text, None)
        with column:
            for output in importance.available_outputs(loaded, shown):
                ui.show_answer(output, answers.answer(loaded, shown, output), f"{name}-{output}")


st.title(t("page.experiments"))
st.markdown(t("experiments.intro"))
session.explain("experiments.explain")
task = state.bound(st.segmented_control, "exp_task", "sentiment", t("experiments.task"),
                   options=list(ui.TASKS), format_func=lambda k: t(f"experiments.task.{k}"),
                   valid=ui.TASKS.__contains__) or "sentiment"
loaded = ui.model_for(task)
buttons(EXAMPLES[lang()], "exp")
text_a, text_b = session.texts(pair=True)
if task == "qa":
    st.caption(t("experiments.qa_note"))
if not text_a.strip():
    st.info(t("error.empty_text"), icon=":material/edit:")
    session.stop()
if loaded.has_mlm:
    text_a = fill_mask.with_model_masks(text_a, loaded)
result = session.run(loaded, text_a, text_b)
ui.warn_unreadable(task, loaded, [text_a, text_b])
trace_key = (loaded.key, text_a, text_b)
outputs = importance.available_outputs(loaded, result)
output = choose_output(outputs) if outputs else None
tabs = url_tabs("exp_tab", TABS, "experiments.tab")
no_output = t("experiments.no_output.qa" if task == "qa" else "experiments.no_output.pretraining")
for name, draw in (("knockout", lambda: knockout_tab(loaded, result, trace_key, output)),
                   ("importance", lambda: importance_tab(loaded, result, trace_key, output)),
                   ("causal", lambda: causal_tab(loaded, result, trace_key, outputs)),
                   ("pair", lambda: pair_tab(loaded, text_a))):
    if tabs[name].open:
        with tabs[name]:
            if output is None and name in ("knockout", "importance"):
                st.info(no_output, icon=":material/help:")
                if name == "importance":
                    continue
            try:
                draw()
            except BertvisError as exc:
                errors.show(exc)
