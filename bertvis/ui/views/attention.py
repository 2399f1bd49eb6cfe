"""The attention explorer's views: controls, the mosaic of every head, one matrix, the field
guide, weight vs norm, sentence pairs, bertviz and the quiz (``app_pages/attention.py``)."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import attention, bertviz_view, norms
from bertvis.analysis import Analysis
from bertvis.figures import attention as figures
from bertvis.figures import norms as norm_figures
from bertvis.trace import Trace
from bertvis.ui import errors, handoff, quiz, state
from bertvis.ui.examples import sentence_pairs
from bertvis.ui.figures import projector, reused, show
from bertvis.ui.i18n import t

TABS = ("explore", "guide", "norms", "pairs", "bertviz", "quiz")
SOURCES = ("head", "mean", "rollout", "norm", "norm_rollout")
#: Views that weigh each key by the size of what it passes on (Kobayashi et al. 2020).
NORM_SOURCES = ("norm", "norm_rollout")
BLOCKS = tuple(attention.BLOCKS)
#: Largest matrix (rows × columns) also shown as a table under the heatmap; bigger ones are
#: offered as CSV only, so the browser is not sent a 512 × 512 table it would not read.
TABLE_CELLS = 64 * 64
#: One-click examples (the Japanese UI's are for the Japanese BERT: the word view merges MeCab
#: words).
EXAMPLES = {
    "en": sentence_pairs(
        ("attention.example.coref",
         "The animal didn't cross the street because it was too tired.", ""),
        ("attention.example.pair", "The man went to the store.", "He bought a gallon of milk."),
        ("attention.example.words", "The unbelievable runner kept playing.", ""),
        ("attention.example.ja", "猫はとても疲れていたので、マットの上で眠った。", "")),
    "ja": sentence_pairs(
        ("attention.example.ja", "猫はとても疲れていたので、マットの上で眠った。", ""),
        ("attention.example.pair", "猫はマットの上で寝た。", "疲れていたからです。"),
        ("attention.example.words", "この映画はあまり楽しめませんでした。素晴らしかったです!", ""),
        ("attention.example.en",
         "The animal didn't cross the street because it was too tired.", "")),
}


def _choose_head(layer: int, head: int) -> None:
    """Make head ``(layer, head)`` (0-based) the selected one, shown as a single head."""
    state.remember("layer", layer + 1, 1)
    state.remember("head", head + 1, 1)
    state.remember("att_source", "head", "head")


def _select_head(chart_key: str, n_heads: int) -> None:
    """A click on the mosaic (one invisible marker per head, in head order): that head becomes
    the selected one."""
    points = st.session_state[chart_key].selection.points
    if points:
        _choose_head(*divmod(int(points[0]["point_index"]), n_heads))


def _open_guide_head(chart_key: str) -> None:
    """A click on the field guide (a square at x = head, y = layer, 1-based): that head becomes
    the selected one and opens in the Heads tab, as a click on the mosaic shows it."""
    points = st.session_state[chart_key].selection.points
    if points:
        _choose_head(int(points[0]["y"]) - 1, int(points[0]["x"]) - 1)
        state.remember("att_tab", "explore", TABS[0])


def controls(result: Trace) -> dict:
    """Layer, head and view options (all in the URL); returns them 0-based."""
    n_layers, n_heads = result.n_layers, result.n_heads
    c_layer, c_head, c_source = st.columns([2, 2, 8])
    with c_layer:
        layer = state.bound(st.slider, "layer", 1, t("attention.layer"), min_value=1,
                            max_value=n_layers, valid=lambda v: 1 <= v <= n_layers)
    with c_head:
        head = state.bound(st.slider, "head", 1, t("attention.head"), min_value=1,
                           max_value=n_heads, valid=lambda v: 1 <= v <= n_heads)
    with c_source:
        source = state.bound(st.segmented_control, "att_source", "head", t("attention.source"),
                             options=list(SOURCES), format_func=lambda s: t(f"attention.source.{s}"),
                             valid=SOURCES.__contains__, help=t("attention.source_help"))
    c_clip, c_hide, c_renorm, c_words, c_block = st.columns([3, 3, 3, 2, 3])
    with c_clip:
        clip = state.bound(st.slider, "att_clip", 99.0, t("attention.clip"), min_value=90.0,
                           max_value=100.0, step=0.5, help=t("attention.clip_help"),
                           valid=lambda v: 90.0 <= v <= 100.0)
    with c_hide:
        hide = state.bound(st.toggle, "att_hide", False, t("attention.hide"),
                           help=t("attention.hide_help"))
    with c_renorm:
        renorm = state.bound(st.toggle, "att_renorm", False, t("attention.renorm"),
                             help=t("attention.renorm_help"))
    with c_words:
        words = state.bound(st.toggle, "att_words", False, t("attention.words"),
                            help=t("attention.words_help"))
    block = "all"
    if result.is_pair:
        with c_block:
            block = state.bound(st.selectbox, "att_block", "all", t("attention.block"),
                                options=list(BLOCKS), valid=BLOCKS.__contains__,
                                format_func=lambda b: t(f"attention.block.{b}"))
    return dict(layer=layer - 1, head=head - 1, source=source or "head", clip=clip,
                hide=hide, renorm=hide and renorm, words=words, block=block)


def source_matrix(found: Analysis, options: dict) -> tuple[np.ndarray, str]:
    """The ``[T, T]`` matrix the options ask for, and its title (the norm views raise a
    :class:`BertvisError` for layouts they can't read). One head's weights are the model's own,
    float32 (:attr:`Analysis.attentions`)."""
    layer, head = options["layer"], options["head"]
    if options["source"] == "norm":
        return (found.norm_head_matrix(layer, head),
                t("norms.title.head", layer=layer + 1, head=head + 1))
    if options["source"] == "norm_rollout":
        return found.norm_rollout()[layer], t("norms.title.rollout", layer=layer + 1)
    if options["source"] == "mean":
        return (found.layer_means()[layer],
                t("attention.title.mean", layer=layer + 1, heads=found.trace.n_heads))
    if options["source"] == "rollout":
        return found.rollout()[layer], t("attention.title.rollout", layer=layer + 1)
    return found.attentions[layer, head], t("attention.title.head", layer=layer + 1,
                                             head=head + 1)


def matrix_view(found: Analysis, options: dict) -> None:
    with errors.shown():
        _matrix(found.trace, options, *source_matrix(found, options))


def _matrix(result: Trace, options: dict, matrix: np.ndarray, title: str) -> None:
    cut = attention.view(matrix, result, words=options["words"], block=options["block"],
                         hide_special=options["hide"], renormalise=options["renorm"])
    if cut.values.size == 0:
        st.info(t("attention.empty_view"), icon=":material/filter_alt_off:")
        return
    labels = (t("attention.query"), t("attention.key"))
    value_label = t("norms.value" if options["source"] == "norm" else "attention.value")
    build = partial(figures.matrix_heatmap, cut, title, *labels, options["clip"], projector(),
                    value_label=value_label)
    fig = reused("att-matrix", (cut.values.shape, labels, value_label, projector()), build)
    figures.set_matrix(fig, figures.on_wire_grid(cut.values), title, options["clip"],
                       clip_note(options["clip"]),
                       labels=(cut.row_labels, cut.column_labels))
    frame = pd.DataFrame(cut.values.round(4), index=_numbered(cut.rows, cut.row_labels),
                         columns=_numbered(cut.columns, cut.column_labels))
    frame.index.name = "query \\ key"
    name = f"attention-{options['source']}-L{options['layer'] + 1}" + (
        f"-H{options['head'] + 1}" if options["source"] in ("head", "norm") else "")
    small = cut.values.size <= TABLE_CELLS
    show(fig, key="att-matrix", data=frame if small else None, filename=name)
    if not small:
        st.download_button(t("figure.download_csv"), lambda: frame.to_csv().encode("utf-8"),
                           file_name=f"{name}.csv", mime="text/csv", key="att-matrix-csv-big",
                           icon=":material/download:")
    if options["hide"]:
        st.caption(t("attention.renorm_note" if options["renorm"] else "attention.hidden_note"))
    if options["words"]:
        split = [" + ".join(result.tokens[i] for i in g)
                 for g in attention.word_groups(result) if len(g) > 1]
        st.caption(t("attention.split", split="; ".join(split)) if split
                   else t("attention.no_split"))


def clip_note(percentile: float) -> str:
    """The colour clip written on the figures, or "" at 100 (no clip)."""
    return t("figure.clip_note", percentile=percentile) if percentile < 100 else ""


def _numbered(positions: np.ndarray, labels: list[str]) -> list[str]:
    """Table headers that stay unique when a token repeats: ``"6 the"`` (positions from 1)."""
    return [f"{p + 1} {label}" for p, label in zip(positions, labels)]


def mosaic_view(found: Analysis, options: dict) -> None:
    result = found.trace
    size = attention.mosaic_cell_size(result.n_layers, result.n_heads)
    by_norm = options["source"] in NORM_SOURCES
    with errors.shown():  # the norm views can't read some layouts
        cells = (found.norm_mosaic_cells if by_norm else found.mosaic_cells)(size)
        texts = (t("attention.mosaic_hover"),
                 t("norms.mosaic_title" if by_norm else "attention.mosaic_title"))
        # No frame in the figure: it stays the same for every head, so the browser keeps it
        # (Streamlit's message cache) and a move of layer or head sends only the CSS below.
        build = partial(figures.mosaic, cells, None, *texts, options["clip"], projector(),
                        clip_note(options["clip"]))
        fig = reused("att-mosaic", (cells.shape, texts, options["clip"], projector()), build,
                     shows=found,  # a new sentence of the same length: only the image changes
                     refresh=partial(figures.set_mosaic, cells=cells, percentile=options["clip"]))
        chart = "att-mosaic"
        show(fig, key=chart, filename="attention-all-heads" + ("-by-norm" if by_norm else ""),
             on_select=partial(_select_head, chart, result.n_heads), selection_mode="points")
        st.html(figures.frame_css(f"st-key-{chart}", (options["layer"], options["head"]),
                                  result.n_heads))
        pooled = cells.shape[-1] < result.n_tokens
        st.caption(t("attention.mosaic_caption") + (
            " " + t("attention.mosaic_pooled", tokens=result.n_tokens, size=cells.shape[-1])
            if pooled else ""))


def explore_tab(found: Analysis, options: dict) -> None:
    left, right = st.columns([1, 1])
    with left:
        mosaic_view(found, options)
    with right:
        matrix_view(found, options)
        head = f"{options['layer'] + 1}-{options['head'] + 1}"
        handoff.button(t("experiments.handoff", head=head), handoff.EXPERIMENTS_PAGE, {
            "exp_task": "pretraining", "exp_tab": "knockout", "exp_heads": head,
            "text_a": found.text_a, "text_b": found.text_b or ""}, key="att-knockout",
            icon=":material/science:")


def guide_tab(found: Analysis, options: dict) -> None:
    result = found.trace
    st.markdown(t("attention.guide_intro"))
    stats = found.head_stats()
    names = {p: t(f"attention.pattern.{p}") for p in attention.PATTERNS}
    fig = figures.field_guide(stats, names, (options["layer"], options["head"]),
                              t("attention.guide_title"), projector(),
                              {word: t(f"figure.guide.{word}") for word in figures.GUIDE_WORDS})
    frame = pd.DataFrame(attention.stats_table(stats)).set_index(["layer", "head"])
    chart = "att-guide"
    show(fig, key=chart, data=frame, filename="attention-field-guide",
         on_select=partial(_open_guide_head, chart), selection_mode="points")
    layer, head = options["layer"], options["head"]
    st.markdown(t("attention.guide_selected", layer=layer + 1, head=head + 1,
                  pattern=names[stats.pattern[layer, head]],
                  entropy=f"{stats.entropy[layer, head]:.2f}",
                  threshold=f"{attention.broad_threshold(result.n_tokens):.2f}",
                  cls=f"{stats.cls[layer, head]:.0%}", sep=f"{stats.sep[layer, head]:.0%}",
                  punct=f"{stats.punctuation[layer, head]:.0%}",
                  prev=f"{stats.previous[layer, head]:.0%}",
                  next=f"{stats.next[layer, head]:.0%}"))
    counts = pd.Series(stats.pattern.ravel()).value_counts()
    st.caption(" · ".join(f"{names[p]}: {int(counts.get(p, 0))}" for p in attention.PATTERNS))


def norms_tab(found: Analysis) -> None:
    """Kobayashi et al.'s comparison on this input: share of weight vs share of norm."""
    st.markdown(t("norms.intro"))
    with errors.shown():
        shares = found.special_shares()
        groups = {g: t(f"norms.group.{g}") for g in norms.GROUPS}
        kinds = (t("norms.by_weight"), t("norms.by_norm"))
        fig = norm_figures.special_shares(shares, groups, kinds, t("norms.shares_title"),
                                          t("attention.layer"), t("norms.share"), projector())
        frame = pd.DataFrame(shares.table()).set_index("layer")
        show(fig, key="att-norm-shares", data=frame, filename="attention-weight-vs-norm")
        deepest = found.trace.n_layers - 1
        st.markdown(t("norms.summary", layer=deepest + 1,
                      weight=f"{shares.by_weight[deepest].sum():.0%}",
                      norm=f"{shares.by_norm[deepest].sum():.0%}"))
        st.caption(t("norms.reference"))


def pairs_tab(result: Trace) -> None:
    if not result.is_pair:
        st.info(t("attention.pairs_need_b"), icon=":material/join:")
        return
    masses = attention.block_masses(result)
    names = {b: t(f"attention.block.{b}") for b in masses}
    fig = figures.block_masses(masses, names, t("attention.pairs_title"),
                               t("attention.pairs_y"), projector(), x_label=t("figure.guide.layer"))
    frame = pd.DataFrame({names[b]: np.round(v, 4) for b, v in masses.items()},
                         index=pd.RangeIndex(1, result.n_layers + 1, name="layer"))
    show(fig, key="att-blocks", data=frame, filename="attention-pair-blocks")
    st.markdown(t("attention.pairs_note"))


def bertviz_tab(found: Analysis, options: dict) -> None:
    result = found.trace
    st.markdown(t("attention.bertviz_intro"))
    kind = state.bound(st.segmented_control, "att_bv", "head", t("attention.bertviz_kind"),
                       options=["head", "model"], valid=("head", "model").__contains__,
                       format_func=lambda k: t(f"attention.bertviz.{k}")) or "head"
    if not bertviz_view.fits(kind, result.n_tokens):
        st.info(t("attention.bertviz_too_long", tokens=result.n_tokens,
                  limit=bertviz_view.MAX_TOKENS[kind]), icon=":material/straighten:")
        return
    page = found.bertviz_html(kind, options["layer"])
    st.download_button(t("attention.bertviz_download"), page.encode("utf-8"),
                       file_name=f"bertviz-{kind}-view.html", mime="text/html",
                       icon=":material/download:", key="att-bertviz-html")
    rows = result.n_tokens
    height = 120 + int(rows * 23) if kind == "head" else 140 + result.n_layers * 110
    st.iframe(page, height=min(height, 3000))
    st.caption(t("attention.bertviz_numbering"))


def quiz_tab(result: Trace, options: dict) -> None:
    st.markdown(t("attention.quiz_intro"))
    layer, head = options["layer"], options["head"]
    quiz.render(result, layer, head)
