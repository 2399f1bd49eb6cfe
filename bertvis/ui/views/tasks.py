"""The question answering & tagging page's views: the span answer and its start/end vectors,
entity tags by piece and by word, and adding features to [CLS] (``app_pages/tasks.py``)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from bertvis import features, qa, tagging
from bertvis.figures import tasks as figures
from bertvis.figures.style import CATEGORICAL
from bertvis.presets import (
    DEFAULT_NER,
    DEFAULT_QA,
    NER_PRESETS,
    PACKAGED_MINILM_HUB_ID,
    QA_PRESETS,
)
from bertvis.probabilities import percent
from bertvis.ui import errors, handoff, session, state, task_model, temperature
from bertvis.ui import readability as readable
from bertvis.ui.examples import Example, buttons
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import lang, t

TABS = ("qa", "ner", "features")
#: One-click examples (the fine-tuned models read English).
QA_EXAMPLES = (
    Example("tasks.example.bert", {"qa_question": "Who published BERT?",
                                   "qa_passage": None}),  # None: the default passage
    Example("tasks.example.fruit", {"qa_question": "What is he eating?",
                                    "qa_passage": "He is eating a fruit. A house is near me."}),
    Example("tasks.example.fuji", {
        "qa_question": "How high is Mount Fuji?",
        "qa_passage": "Mount Fuji is the highest mountain in Japan. It is 3,776 metres high "
                      "and lies about 100 kilometres south-west of Tokyo."}),
)
NER_EXAMPLES = (
    Example("tasks.example.devlin", {"ner_text": None}),
    Example("tasks.example.kyoto", {
        "ner_text": "Naoko Suzuki teaches at Kyoto University and lives near Lake Biwa."}),
)


def qa_tab() -> None:
    loaded = task_model.load("qa_", QA_PRESETS, DEFAULT_QA, "question-answering")
    buttons(_with_defaults(QA_EXAMPLES), "qa")
    if lang() == "ja":
        st.caption(t("tasks.qa.no_japanese"))
    question = state.bound(st.text_input, "qa_question", t("tasks.qa.default_question"),
                           t("tasks.qa.question"), max_chars=session.SHORT_TEXT_CHARS)
    passage = state.bound(st.text_area, "qa_passage", t("tasks.qa.default_passage"),
                          t("tasks.qa.passage"), height=130, max_chars=session.text_limit())
    if loaded is None:
        return
    if not question.strip() or not passage.strip():
        st.info(t("tasks.qa.need_both"), icon=":material/edit:")
        return
    found = session.analyse(loaded, question, passage)
    found.trace  # noqa: B018 - run here, in the page's run
    readable.warn(loaded, [question, passage], presets=QA_PRESETS, model_key="qa_model",
                  default=DEFAULT_QA)
    state.view_only("qa", partial(_answer_part, found))  # keyed: the fragment keeps no model


def _answer_part(found) -> None:
    """The answer-length and temperature controls and the answer they pick from ``found``'s
    start/end logits (no model run when its Trace is kept)."""
    loaded, result = found.model, found.trace
    c_len, c_temperature = st.columns(2)
    with c_len:
        max_len = state.bound(st.slider, "qa_max_len", qa.MAX_ANSWER_TOKENS,
                              t("tasks.qa.max_len"), min_value=1, max_value=64,
                              help=t("tasks.qa.max_len_help"))
    with c_temperature:
        heat = temperature.control()
    with errors.shown():
        answer_view(loaded, result, qa.answer(loaded, result, max_len, temperature=heat),
                    max_len, heat)


def answer_view(loaded, result, found: qa.Answer, max_len: int, heat: float) -> None:
    best, big = found.best, projector()
    st.subheader(t("tasks.qa.answer"))
    temperature.note(heat)
    if best.char_start is not None:
        st.html(figures.highlighted_text(result.text_b, [(best.char_start, best.char_end,
                CATEGORICAL[2], percent(best.probability))], big))
    else:
        st.html(figures.chips([(best.text, CATEGORICAL[2], percent(best.probability))],
                              big))
    st.caption(t("tasks.qa.best", probability=f"{best.probability:.1%}", score=f"{best.score:.2f}",
                 length=best.end - best.start + 1, limit=max_len))
    st.caption(t("tasks.qa.null", null=f"{found.null_score:.2f}", score=f"{best.score:.2f}"))
    # The pair to the attention explorer (question = sentence A, passage = B).
    handoff.button(t("tasks.qa.open_attention"), handoff.ATTENTION_PAGE,
                   {"text_a": result.text_a, "text_b": result.text_b})

    st.subheader(t("tasks.qa.top", k=len(found.alternatives)))
    st.dataframe(pd.DataFrame({
        t("tasks.col.answer"): [s.text for s in found.alternatives],
        t("tasks.col.tokens"): [f"{s.start}–{s.end}" for s in found.alternatives],
        t("tasks.col.score"): [round(s.score, 3) for s in found.alternatives],
        t("tasks.col.probability"): [round(s.probability, 4) for s in found.alternatives],
    }, index=range(1, len(found.alternatives) + 1)), width="stretch")

    st.subheader(t("tasks.qa.bars"))
    index = found.passage_index
    frame = pd.DataFrame({
        "position": index,
        "token": found.passage_tokens,
        "start_logit": found.start_logits[index].round(4),
        "end_logit": found.end_logits[index].round(4),
        "p_start": found.start_probs.round(4),
        "p_end": found.end_probs.round(4),
    }).set_index("position")
    show(figures.span_probabilities(found, t("tasks.qa.p_start"), t("tasks.qa.p_end"), big),
         key="qa-probs", data=frame, filename="qa-start-end-probabilities")

    st.subheader(t("tasks.qa.vectors_title"))
    head = found.head
    st.markdown(t("tasks.qa.vectors", d=len(head.start_vector), b_s=f"{head.start_bias:.4f}",
                  b_e=f"{head.end_bias:.4f}", gap=f"{head.max_difference:.1e}"))
    st.latex(r"\text{start}_i = \mathbf{h}_i \cdot \mathbf{S} + b_S \qquad "
             r"\text{end}_i = \mathbf{h}_i \cdot \mathbf{E} + b_E")
    rows = {best.start: t("tasks.qa.row_start"), best.end: t("tasks.qa.row_end")}
    st.dataframe(pd.DataFrame([
        {t("tasks.col.role"): role, t("tasks.col.token"): result.tokens[i],
         "h·S + b_S": round(float(head.start_scores[i]), 4),
         "start_logit": round(float(found.start_logits[i]), 4),
         "h·E + b_E": round(float(head.end_scores[i]), 4),
         "end_logit": round(float(found.end_logits[i]), 4)}
        for i, role in rows.items()
    ]), hide_index=True, width="stretch")


def ner_tab() -> None:
    loaded = task_model.load("ner_", NER_PRESETS, DEFAULT_NER, "token-classification")
    buttons(_with_defaults(NER_EXAMPLES), "ner")
    if lang() == "ja":
        st.caption(t("tasks.ner.no_japanese"))
    text = state.bound(st.text_area, "ner_text", t("tasks.ner.default_text"), t("tasks.ner.text"),
                       height=80, max_chars=session.text_limit())
    if loaded is None:
        return
    heat = temperature.control()
    result = session.analyse(loaded, text).trace
    readable.warn(loaded, [text], presets=NER_PRESETS, model_key="ner_model", default=DEFAULT_NER)
    with errors.shown():
        tags_view(tagging.tag(loaded, result, heat), heat)


def tags_view(tags: tagging.Tags, heat: float) -> None:
    big = projector()
    colours = figures.kind_colours(tags.entity_kinds)
    st.subheader(t("tasks.ner.entities", n=len(tags.entities)))
    temperature.note(heat)
    st.html(figures.legend(colours, big))
    if tags.entities and tags.entities[0].char_start is not None:
        st.html(figures.highlighted_text(tags.text, [
            (e.char_start, e.char_end, colours[e.kind], e.kind) for e in tags.entities], big))
    else:
        st.html(figures.chips([(w.text, colours.get(tagging.entity_kind(w.label)), w.label)
                               for w in tags.words], big))
    if not tags.entities:
        st.info(t("tasks.ner.none"), icon=":material/info:")

    pieces_col, words_col = st.columns(2)
    with pieces_col:
        st.markdown(t("tasks.ner.pieces"))
        st.html(figures.chips([(piece, colours.get(tagging.entity_kind(label)), label)
                               for piece, label in zip(tags.pieces, tags.predicted)], big))
    with words_col:
        st.markdown(t("tasks.ner.words"))
        st.html(figures.chips([(w.text, colours.get(tagging.entity_kind(w.label)), w.label)
                               for w in tags.words], big))

    st.subheader(t("tasks.ner.table"))
    frame = pd.DataFrame(tags.probabilities.round(4), columns=tags.labels)
    frame.insert(0, t("tasks.col.label"), tags.predicted)
    frame.insert(0, t("tasks.col.token"), tags.pieces)
    st.dataframe(frame, hide_index=True, width="stretch")
    show(figures.label_probabilities(tags, big), key="ner-probs",
         data=frame.set_index(t("tasks.col.token")), filename="ner-label-probabilities")


def features_tab() -> None:
    st.markdown(t("tasks.feat.intro"))
    loaded = session.model()
    text_a, _ = session.texts(pair=False)
    raw = state.bound(st.text_input, "feat_values", "4, 12.5, 1", t("tasks.feat.values"),
                      help=t("tasks.feat.values_help"))
    n_classes = state.bound(st.number_input, "feat_classes", 2, t("tasks.feat.classes"),
                            min_value=2, max_value=20, step=1)
    result = session.analyse(loaded, text_a).trace
    readable.warn(loaded, [text_a])
    with errors.shown():
        shapes_view(loaded, result, features.parse_features(raw), int(n_classes))


def shapes_view(loaded, result, numbers: list[float], n_classes: int) -> None:
    demo = features.shapes_demo(result, numbers, int(n_classes))
    d, k = demo.hidden_size, len(numbers)
    st.subheader(t("tasks.feat.sum", d=d, k=k, total=d + k))
    st.warning(t("tasks.feat.untrained"), icon=":material/construction:")
    st.dataframe(pd.DataFrame({
        t("tasks.col.step"): [t("tasks.feat.step_cls"), t("tasks.feat.step_features"),
                              t("tasks.feat.step_joined"), t("tasks.feat.step_weight"),
                              t("tasks.feat.step_logits")],
        t("tasks.col.shape"): [f"[{d}]", f"[{k}]", f"[{d + k}]",
                               f"[{demo.weight_shape[0]}, {demo.weight_shape[1]}]",
                               f"[{int(n_classes)}]"],
        t("tasks.col.values"): [_preview(demo.cls), _preview(demo.features),
                                _preview(demo.joined), "", _preview(demo.logits)],
    }), hide_index=True, width="stretch")
    st.caption(t("tasks.feat.scale", low=f"{demo.cls.min():.2f}", high=f"{demo.cls.max():.2f}",
                 biggest=f"{abs(demo.features).max():g}"))
    model_id = PACKAGED_MINILM_HUB_ID if loaded.origin == "packaged" else loaded.requested_id
    st.code(features.student_code(model_id, d, k, int(n_classes)), language="python")


def _with_defaults(examples: tuple[Example, ...]) -> tuple[Example, ...]:
    """Fill each ``None`` with the default text in the current language."""
    defaults = {"qa_passage": t("tasks.qa.default_passage"), "ner_text": t("tasks.ner.default_text")}
    return tuple(Example(e.label_key, {k: defaults[k] if v is None else v
                                       for k, v in e.values.items()}) for e in examples)


def _preview(values, shown: int = 3) -> str:
    head = ", ".join(f"{v:.3g}" for v in values[:shown])
    tail = ", ".join(f"{v:.3g}" for v in values[-shown:])
    return f"[{head}]" if len(values) <= 2 * shown else f"[{head}, …, {tail}]"
