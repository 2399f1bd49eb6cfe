"""The sentiment page's views: one sentence (answer, why, untrained heads, a model that reads
it side by side) and a whole list (``app_pages/sentiment.py``)."""

from __future__ import annotations

import io
from functools import partial

import pandas as pd
import streamlit as st

from bertvis import analysis, attribution, models, sentiment, sentiment_model
from bertvis.analysis import Analysis
from bertvis.figures import reading as reading_figures
from bertvis.figures import sentiment as figures
from bertvis.models import LoadedModel
from bertvis.presets import PACKAGED_SENTIMENT, SENTIMENT_PRESETS, Preset
from bertvis.trace import Trace
from bertvis.ui import cache, errors, profile, session, sidebar, state, temperature
from bertvis.ui import readability as readable
from bertvis.ui.examples import Example, buttons
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import lang, plain, t

MODES = ("one", "batch")
SOURCES = ("lines", "csv")
#: The Japanese tutorial's sentence: on an English model it is mostly [UNK] (the pitfall).
TUTORIAL = "この映画はあまり楽しめませんでした。素晴らしかったです!"
#: One-click sentences by UI language; the first is the text box's default.
SENTENCES = {
    "en": ("This movie was wonderful.", "This movie was terrible.",
           "The plot is predictable, but the acting is superb.", TUTORIAL),
    "ja": (TUTORIAL, "この映画は最高でした。", "時間の無駄だった。二度と見たくない。",
           "話は予想どおりだが、演技は見事だ。"),
}
EXAMPLES = {code: tuple(Example("", {"sentiment_text": s}, label=s) for s in sentences)
            for code, sentences in SENTENCES.items()}


def _prediction(loaded: LoadedModel, result: Trace) -> None:
    """The temperature slider and the answer at that temperature, from the kept logits (a
    view-only part: a move reruns this alone)."""
    heat = temperature.control()
    found = sentiment.predict(loaded, result, heat)
    big = projector()
    st.subheader(t("sentiment.answer", label=plain(found.label), p=f"{found.confidence:.1%}"))
    temperature.note(heat)
    frame = pd.DataFrame({"label": found.labels, "logit": found.logits.round(4),
                          "probability": found.probabilities.round(4)}).set_index("label")
    show(figures.probabilities(found.labels, found.probabilities, big), key="sentiment-probs",
         data=frame, filename="sentiment-probabilities")


def _explanation(loaded: LoadedModel, analysed: Analysis, found: sentiment.Prediction) -> None:
    st.subheader(t("sentiment.why", label=plain(found.label)))
    method = state.bound(st.radio, "sentiment_method", "ig", t("sentiment.method"),
                         options=list(attribution.METHODS), horizontal=True,
                         format_func=lambda m: t(f"sentiment.method.{m}"),
                         valid=attribution.METHODS.__contains__)
    with errors.shown():
        with st.spinner(t("sentiment.computing")):
            attr = analysed.attribution(method)
        _explained(analysed, found, method, attr)


def _explained(analysed: Analysis, found: sentiment.Prediction, method: str,
               attr: attribution.Attribution) -> None:
    big = projector()
    result = analysed.trace
    cls_att = attribution.cls_attention(result)
    rolled = analysed.rollout()[-1, 0]  # [CLS]'s row, last layer
    left, right = st.columns(2)
    with left:
        st.markdown(t("sentiment.coloured_attr", label=plain(found.labels[attr.target])))
        st.html(figures.coloured_tokens(result.tokens, attr.scores, result.special, big))
        if attr.delta is not None:
            st.caption(t("sentiment.completeness", total=f"{attr.scores.sum():.4f}",
                         diff=f"{attr.logit - attr.baseline_logit:.4f}",
                         delta=f"{attr.delta:.2e}"))
    with right:
        st.markdown(t("sentiment.coloured_att"))
        st.html(figures.coloured_tokens(result.tokens, cls_att, result.special, big))
        st.markdown(t("sentiment.coloured_rollout"))
        st.html(figures.coloured_tokens(result.tokens, rolled, result.special, big))
    table = attribution.token_table(result, attr, cls_att, rolled)
    rows = {t(f"sentiment.row.{method}"): attr.scores, t("sentiment.row.cls"): cls_att,
            t("sentiment.row.rollout"): rolled}
    show(figures.token_scores(result.tokens, rows, big), key="sentiment-tokens",
         data=table, filename=f"sentiment-attribution-{method}")

    st.subheader(t("sentiment.corr_title"))
    keep = ~result.special
    rho_att = attribution.rank_correlation(attr.scores, cls_att, keep)
    rho_roll = attribution.rank_correlation(attr.scores, rolled, keep)
    a, b = st.columns(2)
    a.metric(t("sentiment.corr_att"), "—" if rho_att is None else f"{rho_att:+.2f}")
    b.metric(t("sentiment.corr_rollout"), "—" if rho_roll is None else f"{rho_roll:+.2f}")
    st.markdown(t("sentiment.corr_context"))


def _seeds(analysed: Analysis, found: sentiment.Prediction) -> None:
    st.subheader(t("sentiment.seeds_title"))
    st.markdown(t("sentiment.seeds_intro"))
    with errors.shown():
        _seed_table(found, analysed.untrained_heads())


def _seed_table(found: sentiment.Prediction, untrained: pd.DataFrame) -> None:
    fine_tuned = {"seed": None, "label": found.label, "confidence": found.confidence}
    fine_tuned.update({f"p({n})": float(p) for n, p in zip(found.labels, found.probabilities)})
    table = pd.concat([pd.DataFrame([fine_tuned]), untrained], ignore_index=True)
    table.index = [t("sentiment.fine_tuned")] + [t("sentiment.seed", seed=s)
                                                  for s in untrained["seed"]]
    table = table.drop(columns="seed").round(4)
    show(figures.seed_answers(table, found.labels, projector()), key="sentiment-seeds",
         data=table, filename="sentiment-untrained-heads")
    st.caption(t("sentiment.seeds_summary", n=untrained["label"].nunique(),
                 seeds=len(untrained)))


def _verdict(loaded: LoadedModel, result: Trace) -> None:
    """One column of the side-by-side: the model, its answer, and the tokens it saw."""
    found = sentiment.predict(loaded, result)
    st.metric(plain(loaded.display_name), f"{found.label} · {found.confidence:.0%}")
    unknown = getattr(loaded.tokenizer, "unk_token", None)
    tokens = [tok for tok, special in zip(result.tokens, result.special) if not special]
    st.html(reading_figures.split_chips([[tok] for tok in tokens], unknown, projector()))
    st.caption(t("sentiment.compare_tokens", n=len(tokens),
                 unknown=sum(tok == unknown for tok in tokens), unk=unknown or "[UNK]"))


def _side_by_side(loaded: LoadedModel, result: Trace, better: Preset | None) -> None:
    """The pitfall next to the way out: this model's answer on text it can't read beside the
    answer of a preset that reads it (a second classifier is loaded only when asked)."""
    if better is None or not models.available(better.model_id):
        return
    if not state.bound(st.toggle, "sentiment_compare", False,
                       t("sentiment.compare", model=better.label)):
        return
    _, device, dtype = sidebar.model_settings()
    with errors.shown():
        with st.spinner(t("loading.model", model=better.model_id)):
            other = cache.loaded_model(better.model_id, "sequence-classification", device, dtype)
        _verdicts(loaded, result, other, session.analyse(other, result.text_a).trace)


def _verdicts(loaded: LoadedModel, result: Trace, other: LoadedModel, other_result: Trace) -> None:
    left, right = st.columns(2)
    with left:
        _verdict(loaded, result)
    with right:
        _verdict(other, other_result)
    st.caption(t("sentiment.compare_lesson"))


def one_sentence(loaded: LoadedModel, default_model: str) -> None:
    default_text = sidebar.language_default(
        "sentiment_text", {code: sentences[0] for code, sentences in SENTENCES.items()})
    buttons(EXAMPLES, "sentiment")
    text = state.bound(st.text_area, "sentiment_text", default_text, t("sentiment.text"),
                       height=80, max_chars=session.text_limit())
    if not text.strip():
        st.info(t("sentiment.empty"), icon=":material/edit:")
        return
    analysed = session.analyse(loaded, text)
    result = analysed.trace
    reading = readable.warn(loaded, [text], presets=SENTIMENT_PRESETS,
                            model_key="sentiment_model", default=default_model)
    if not reading.readable:
        _side_by_side(loaded, result, readable.suggestion(loaded, reading, SENTIMENT_PRESETS))
    state.view_only("sentiment-answer", partial(_prediction, loaded, result))
    # The explanation and the seed table use the model's own probabilities (T = 1), as the
    # untrained heads' rows always did; the temperature changes only the answer above.
    found = sentiment.predict(loaded, result)
    _explanation(loaded, analysed, found)
    _seeds(analysed, found)


def _batch_texts() -> list[str] | None:
    source = state.bound(st.radio, "sentiment_source", SOURCES[0], t("sentiment.batch.source"),
                         options=list(SOURCES), horizontal=True,
                         format_func=lambda s: t(f"sentiment.batch.{s}"),
                         valid=SOURCES.__contains__)
    if source == "lines":
        raw = st.text_area(t("sentiment.batch.lines_label"), "\n".join(SENTENCES[lang()]),
                           height=180, key="sentiment_batch_lines",
                           max_chars=profile.settings().max_batch_chars)
        return [line.strip() for line in raw.splitlines() if line.strip()]
    upload = st.file_uploader(t("sentiment.batch.upload"), type=["csv"],
                              key="sentiment_batch_csv", max_upload_size=max(
                                  1, profile.settings().max_upload_bytes // 2**20))
    if upload is None:
        st.info(t("sentiment.batch.need_file"), icon=":material/upload_file:")
        return None
    if upload.size > profile.settings().max_upload_bytes:
        st.error(t("sentiment.batch.too_big", size=f"{upload.size / 2**20:.1f}",
                   limit=f"{profile.settings().max_upload_bytes / 2**20:.0f}"),
                 icon=":material/error:")
        return None
    try:
        frame = pd.read_csv(io.BytesIO(upload.getvalue()), dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError):
        st.error(t("sentiment.batch.bad_csv"), icon=":material/error:")
        return None
    if frame.empty or not len(frame.columns):
        st.error(t("sentiment.batch.bad_csv"), icon=":material/error:")
        return None
    column = st.selectbox(t("sentiment.batch.column"), list(frame.columns),
                          key="sentiment_batch_column")
    return [str(v).strip() for v in frame[column] if str(v).strip()]


def batch(loaded: LoadedModel) -> None:
    texts = _batch_texts()
    if texts is None:
        return
    if not texts:
        st.info(t("sentiment.batch.empty"), icon=":material/edit:")
        return
    limit = profile.settings().max_batch
    if len(texts) > limit:
        st.warning(t("sentiment.batch.too_many", n=len(texts), limit=limit))
        texts = texts[:limit]
    if st.button(t("sentiment.batch.run", n=len(texts)), type="primary",
                 icon=":material/play_arrow:"):
        st.session_state.pop("_sentiment_batch", None)
        with errors.shown(), cache.progress("sentiment.batch.progress") as progress:
            st.session_state["_sentiment_batch"] = (
                loaded.key, analysis.classify_batch(loaded, texts, progress=progress)
            )
    stored = st.session_state.get("_sentiment_batch")
    if stored is None or stored[0] != loaded.key:
        return
    table = stored[1]
    counts = table["label"].value_counts()
    st.markdown(t("sentiment.batch.summary", n=len(table), counts=", ".join(
        f"{name}: {count}" for name, count in counts.items())))
    st.dataframe(table, width="stretch", hide_index=True)
    st.download_button(t("figure.download_csv"), table.to_csv(index=False).encode("utf-8"),
                       file_name="sentiment-batch.csv", mime="text/csv",
                       icon=":material/download:", key="sentiment-batch-csv")


def model_card(loaded: LoadedModel) -> None:
    """The packaged classifier's accuracy and data split, from its card."""
    if loaded.display_name == PACKAGED_SENTIMENT:
        card = sentiment_model.card()
        st.caption(t("sentiment.card", accuracy=f"{card['accuracy']['test']:.1%}",
                     n=card["split"]["test"], train=card["split"]["train"],
                     val=card["split"]["val"], seed=card["seed"]))
