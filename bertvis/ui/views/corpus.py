"""The "across many sentences" page's views (``app_pages/corpus.py``): the field guide over a
set, what fine-tuning changed, and patching a minimal pair."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import analysis, corpus
from bertvis.analysis import Analysis
from bertvis.figures import corpus as figures
from bertvis.figures.experiments import effect_grid
from bertvis.models import LoadedModel
from bertvis.presets import DEFAULT_SENTIMENT, SENTIMENT_PRESETS
from bertvis.ui import cache, errors, handoff, readability, sidebar, state
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import plain, t

TABS = ("guide", "finetune", "patch")
SETS = ("en", "ja", "own")
CLASSIFIERS = tuple(p.model_id for p in SENTIMENT_PRESETS)


def sentences() -> tuple[str, ...] | None:
    """The chosen set: a bundled one, or the lines typed or uploaded (None, with a message,
    when there are none)."""
    chosen = state.bound(st.segmented_control, "corpus_set", "en", t("corpus.set"),
                         options=list(SETS), format_func=lambda s: t(f"corpus.set.{s}"),
                         valid=SETS.__contains__) or "en"
    if chosen != "own":
        st.caption(t("corpus.set_note"))
        return tuple(corpus.bundled_set(chosen))
    text = state.bound(st.text_area, "corpus_text", "", t("corpus.own_text"), height=140)
    upload = st.file_uploader(t("corpus.upload"), type=["txt"], key="corpus_upload")
    if upload is not None:
        try:
            text = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error(t("corpus.bad_file"), icon=":material/error:")
            return None
    with errors.shown():
        found = tuple(corpus.sentences_of(text))
        st.caption(t("corpus.count", count=len(found)))
        return found
    return None


def run_controls(key: str) -> bool:
    """Run and stop buttons; True once the run was asked for (kept in the URL under ``key``).
    A click on stop reruns the page, which ends a run in progress at its next step."""
    running = state.value(key, False)
    run_col, stop_col = st.columns([3, 1])
    if run_col.button(t("corpus.run"), key=f"{key}-go", icon=":material/play_arrow:",
                      type="primary"):
        running = True
    if stop_col.button(t("corpus.stop"), key=f"{key}-stop", icon=":material/stop:"):
        running = False
        st.info(t("corpus.stopped"), icon=":material/stop_circle:")
    state.remember(key, running, False)
    if not running and not st.session_state.get(f"{key}-stop"):
        st.info(t("corpus.press_run"), icon=":material/play_circle:")
    return running


def _open_on_attention(found: corpus.CorpusStats, event, statistic: str) -> None:
    points = event.selection.points if event is not None else []
    if not points or points[0].get("customdata") is None:
        return
    layer, head = (int(v) for v in points[0]["customdata"][:2])
    sentence = found.sentences[found.most_typical(layer, head, statistic)]
    st.switch_page(handoff.ATTENTION_PAGE, query_params=handoff.query({
        "text_a": sentence, "text_b": "", "layer": layer + 1, "head": head + 1,
        "att_source": "head"}))


def guide_tab(loaded: LoadedModel) -> None:
    chosen = sentences()
    if chosen is None:
        return
    readability.warn(loaded, list(chosen))
    if not run_controls("corpus_run"):
        return
    with errors.shown():
        with cache.progress("corpus.progress") as progress:
            found = analysis.corpus_stats_of(loaded.key, chosen, progress)
        stat_name = lambda s: t(f"corpus.stat.{s}")  # noqa: E731
        x_col, y_col = st.columns(2)
        with x_col:
            x = state.bound(st.selectbox, "corpus_x", "previous_top", t("corpus.x"),
                            options=list(corpus.STATISTICS), format_func=stat_name,
                            valid=corpus.STATISTICS.__contains__)
        with y_col:
            y = state.bound(st.selectbox, "corpus_y", "entropy", t("corpus.y"),
                            options=list(corpus.STATISTICS), format_func=stat_name,
                            valid=corpus.STATISTICS.__contains__)
        names = {p: t(f"corpus.pattern.{p}") for p in corpus.PATTERNS}
        fig = figures.head_scatter(found, x, y, names,
                                   t("corpus.scatter_title", count=len(found.sentences)),
                                   stat_name(x), stat_name(y), t("corpus.scatter_hover"),
                                   projector())
        event = show(fig, "corpus-scatter", data=corpus.table(found).set_index(["layer", "head"]),
                     filename="corpus-heads", on_select="rerun", selection_mode="points")
        st.caption(t("corpus.scatter_caption"))
        _open_on_attention(found, event, x)
        search_section(found)


def search_section(found: corpus.CorpusStats) -> None:
    query = state.bound(st.text_input, "corpus_query", "previous_top >= 0.9", t("corpus.search"),
                        help=t("corpus.search_help", names=", ".join(corpus.STATISTICS)),
                        max_chars=80)
    with errors.shown():
        rows = corpus.search(found, query)
        if rows.empty:
            st.info(t("corpus.found_none"), icon=":material/search_off:")
            return
        heads = ", ".join(f"{r.layer}-{r.head}" for r in rows.itertuples())
        st.markdown(t("corpus.found", count=len(rows), heads=plain(heads)))
        st.dataframe(rows.set_index(["layer", "head"]), width="stretch")


def _classifier() -> LoadedModel | None:
    """The fine-tuned model B (a sentiment preset), or None with a message."""
    model_id = state.bound(st.selectbox, "ft_model_b", DEFAULT_SENTIMENT, t("corpus.ft.model_b"),
                           options=list(CLASSIFIERS), valid=CLASSIFIERS.__contains__)
    _, device, dtype = sidebar.model_settings()
    with errors.shown():
        return cache.loaded_model(model_id, "sequence-classification", device, dtype)
    return None


def finetune_tab(loaded: LoadedModel) -> None:
    model_b = _classifier()
    chosen = sentences()
    if model_b is None or chosen is None:
        return
    st.markdown(t("corpus.ft.models", a=plain(loaded.display_name),
                  b=plain(model_b.display_name)))
    if not run_controls("ft_run"):
        return
    with errors.shown():
        with cache.progress("corpus.progress") as progress:
            found = analysis.finetune_diff_of(loaded.key, model_b.key, chosen, progress)
        layer, head = t("corpus.ft.layer"), t("corpus.ft.head")
        divergence = found.mean_divergence
        frame = pd.DataFrame(divergence, index=pd.RangeIndex(1, len(divergence) + 1, name="layer"),
                             columns=range(1, divergence.shape[1] + 1))
        show(figures.divergence_grid(divergence, t("corpus.ft.divergence_title"), layer, head,
                                     projector()), "ft-divergence", data=frame, filename="finetune-divergence")
        cka = pd.DataFrame({"cka": found.cka}, index=pd.RangeIndex(1, len(found.cka) + 1,
                                                                  name="layer"))
        show(figures.cka_line(found.cka, t("corpus.ft.cka_title"), layer, projector()),
             "ft-cka", data=cka, filename="finetune-cka")
        _lesson_card("corpus.ft.lesson")


def _lesson_card(key: str) -> None:
    """The boxed "what this figure shows" under a tab's figures: the string ``key``."""
    with st.container(border=True):
        st.markdown(f"**{t('corpus.lesson_title')}**")
        st.markdown(t(key))


def patch_tab() -> None:
    model = _classifier()
    if model is None:
        return
    st.caption(t("corpus.patch.model", model=plain(model.display_name)))
    text_a = state.bound(st.text_input, "patch_a", t("corpus.patch.default_a"),
                         t("corpus.patch.text_a"), max_chars=300)
    text_b = state.bound(st.text_input, "patch_b", t("corpus.patch.default_b"),
                         t("corpus.patch.text_b"), max_chars=300)
    if not text_a.strip() or not text_b.strip():
        st.info(t("error.empty_text"), icon=":material/edit:")
        return
    with errors.shown():
        with cache.progress("corpus.patch.progress") as progress:
            found = Analysis.of(model, text_a).patched_from(
                Analysis.of(model, text_b), "label", progress)
        st.markdown(t("corpus.patch.answer", answer=plain(found.objective.answer),
                      p_a=float(np.exp(found.log_p_a)), p_b=float(np.exp(found.log_p_b))))
        layer, head = t("corpus.ft.layer"), t("corpus.ft.head")
        shares = found.head_shares
        show(effect_grid(shares, t("corpus.patch.heads_title"), t("corpus.patch.share"), layer, head,
                         projector()), "patch-heads",
             data=pd.DataFrame(shares, index=pd.RangeIndex(1, len(shares) + 1, name="layer"),
                               columns=range(1, shares.shape[1] + 1)), filename="patch-heads")
        positions = found.position_shares
        show(figures.position_grid(positions, found.tokens_a, t("corpus.patch.positions_title"),
                                   layer, t("corpus.patch.position"), projector()),
             "patch-positions",
             data=pd.DataFrame(positions, index=pd.RangeIndex(1, len(positions) + 1,
                                                              name="layer"),
                               columns=found.tokens_a), filename="patch-positions")
        st.caption(t("corpus.patch.caption"))
        _lesson_card("corpus.patch.lesson")
