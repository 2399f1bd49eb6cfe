"""The [CLS] & similarity page's views: example sets, the sentences, the pairs, cosine
matrices, the pairs by layer, a PCA map and every layer's matrix (``app_pages/similarity.py``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import analysis
from bertvis import similarity as sim
from bertvis.figures import similarity as figures
from bertvis.models import ModelKey
from bertvis.ui import errors, profile, session, state
from bertvis.ui.examples import Example, buttons
from bertvis.ui.figures import reused, show
from bertvis.ui.i18n import lang, t

DEFAULT_SET = sim.example(sim.EXAMPLE_SETS[0], "en")
DEFAULT_TEXT = "\n".join(DEFAULT_SET.sentences)
PAIR_KEYS = ("sim_a1", "sim_a2", "sim_b1", "sim_b2")
PAIR_DEFAULTS = (DEFAULT_SET.similar[0] + 1, DEFAULT_SET.similar[1] + 1,
                 DEFAULT_SET.unrelated[0] + 1, DEFAULT_SET.unrelated[1] + 1)
LANGS = ("en", "ja")
#: Pair A and pair B, 0-based sentence indices.
Pairs = tuple[tuple[int, int], tuple[int, int]]


def examples_lang() -> str:
    """Language of the example sets: the UI language unless chosen."""
    chosen = state.value("sim_ex_lang", lang())
    return chosen if chosen in LANGS else lang()


def example_sets(language: str) -> tuple[Example, ...]:
    """One button per example set: its sentences and its two pairs (1-based) in the shared
    state."""
    found = []
    for name in sim.EXAMPLE_SETS:
        chosen = sim.example(name, language)
        pairs = (chosen.similar[0] + 1, chosen.similar[1] + 1,
                 chosen.unrelated[0] + 1, chosen.unrelated[1] + 1)
        found.append(Example(f"similarity.set.{name}", {
            "sim_text": "\n".join(chosen.sentences), **dict(zip(PAIR_KEYS, pairs))}))
    return tuple(found)


def example_buttons() -> None:
    left, right = st.columns([3, 1])
    with right:
        state.bound(st.radio, "sim_ex_lang", lang(), t("similarity.examples_lang"),
                    options=LANGS, format_func={"en": "English", "ja": "日本語"}.get,
                    horizontal=True, valid=lambda v: v in LANGS)
    with left:
        buttons(example_sets(examples_lang()), "sim")
    if examples_lang() == "ja":
        st.caption(t("similarity.examples_lang_note"))


def read_sentences() -> list[str] | None:
    """The typed sentences (the first ``BERTVIS_MAX_SENTENCES``), or None after a message when
    too few."""
    limit = profile.settings().max_sentences
    text = state.bound(st.text_area, "sim_text", DEFAULT_TEXT, t("similarity.sentences"),
                       help=t("similarity.sentences_help", max=limit,
                              tokens=sim.MAX_TOKENS), height=200, max_chars=session.text_limit())
    sentences = sim.clean_sentences(text)
    if not sentences:
        st.info(t("similarity.empty"), icon=":material/edit:")
        return None
    if len(sentences) == 1:
        st.info(t("similarity.one"), icon=":material/edit:")
        return None
    if len(sentences) > limit:
        st.warning(t("similarity.too_many", count=len(sentences), limit=limit),
                   icon=":material/content_cut:")
        sentences = sentences[:limit]
    return sentences


def embed(loaded, sentences: list[str]) -> sim.Embeddings | None:
    with errors.shown(unexpected=True), st.spinner(t("similarity.running", n=len(sentences))):
        return analysis.embeddings_of(loaded.key, sentences)
    return None


def warn_about_input(emb: sim.Embeddings) -> None:
    if emb.truncated:
        st.warning(t("similarity.truncated", which=", ".join(str(i + 1) for i in emb.truncated),
                     tokens=emb.max_tokens), icon=":material/content_cut:")


def pairs(n: int) -> Pairs | None:
    """Pair A and pair B (0-based), chosen with four number boxes (1-based) in one row."""
    valid = lambda v: isinstance(v, int) and 1 <= v <= n  # noqa: E731
    labels = (t("similarity.pair_a"), t("similarity.pair_second"),
              t("similarity.pair_b"), t("similarity.pair_second"))
    values = []
    for column, key, default, label in zip(st.columns(4), PAIR_KEYS, PAIR_DEFAULTS, labels):
        with column:
            values.append(state.bound(st.number_input, key, min(default, n), label,
                                      min_value=1, max_value=n, step=1, valid=valid))
    a1, a2, b1, b2 = (int(v) - 1 for v in values)
    if a1 == a2 or b1 == b2:
        st.info(t("similarity.pair_bad", n=n), icon=":material/info:")
        return None
    return (a1, a2), (b1, b2)


def pooling_name(pooling: str) -> str:
    return t(f"similarity.pooling.{pooling}")


def matrix_frame(matrices: dict[str, np.ndarray], sentences: list[str]) -> pd.DataFrame:
    """The matrices stacked for the CSV: rows (pooling, sentence), columns sentence numbers."""
    labels = [f"{i + 1}. {s}" for i, s in enumerate(sentences)]
    numbers = [str(i + 1) for i in range(len(sentences))]
    frames = {name: pd.DataFrame(m.round(4), index=labels, columns=numbers)
              for name, m in matrices.items()}
    return pd.concat(frames, names=[t("similarity.col.pooling"), t("similarity.col.sentence")])


def controls(emb: sim.Embeddings) -> tuple[int, str, bool]:
    """Layer, pooling (for the map and the grid) and centring, all kept in the URL."""
    last, available = emb.n_layers, emb.available()
    columns = st.columns([3, 3, 2])
    with columns[0]:
        layer = state.bound(st.slider, "sim_layer", last, t("similarity.layer"), min_value=0,
                            max_value=last, help=t("similarity.layer_help", last=last),
                            valid=lambda v: isinstance(v, int) and 0 <= v <= last)
    with columns[1]:
        pooling = state.bound(st.radio, "sim_pooling", "cls", t("similarity.pooling"),
                              options=available, format_func=pooling_name, horizontal=True,
                              valid=lambda v: v in available)
    with columns[2]:
        centred = state.bound(st.toggle, "sim_centred", False, t("similarity.centred"),
                              help=t("similarity.centred_help"))
    return layer, pooling, centred


def panel_title(pooling: str) -> str:
    return t("similarity.pooler_last") if pooling == "pooler" else pooling_name(pooling)


def matrices_section(model_key: ModelKey, emb: sim.Embeddings, layer: int, centred: bool,
                     big: bool) -> None:
    """The cosine matrices of every pooling side by side, with their CSV (``model_key``: the
    model ``emb`` comes from; with its sentences it names the figure kept across reruns)."""
    sentences = list(emb.sentences)
    matrices = {panel_title(p): sim.similarity(emb, p, emb.n_layers if p == "pooler" else layer,
                                               centred)
                for p in emb.available()}
    for title, matrix in matrices.items():
        low = float(matrix.min())
        if not centred and low > 0.98:
            st.info(t("similarity.all_alike", pooling=title, low=f"{low:.4f}"),
                    icon=":material/lightbulb:")
    key = "similarity.matrix_title_centred" if centred else "similarity.matrix_title"
    st.subheader(t(key, layer=layer))
    st.caption(t("similarity.matrix_caption"))
    colour = t("similarity.colour")
    fig = reused("sim-matrices", (model_key, emb.sentences, layer, centred, big,
                                  tuple(matrices), colour),
                 lambda: figures.heatmaps(matrices, sentences, centred, colour, big))
    show(fig, key="sim-matrices", data=matrix_frame(matrices, sentences),
         filename=f"cosine-layer{layer}{'-centred' if centred else ''}")


def pca_section(emb: sim.Embeddings, pooling: str, layer: int, big: bool) -> None:
    at = emb.n_layers if pooling == "pooler" else layer
    st.subheader(t("similarity.pca_title", pooling=pooling_name(pooling), layer=at))
    st.caption(t("similarity.pca_caption"))
    projection = sim.pca_2d(emb.vectors(pooling, at))
    points = pd.DataFrame(projection.points.round(4), columns=["pc1", "pc2"],
                          index=pd.Index(emb.sentences, name=t("similarity.col.sentence")))
    show(figures.pca_scatter(projection, list(emb.sentences), t("similarity.pca_axis"), big),
         key="sim-pca", data=points, filename=f"pca-{pooling}-layer{at}")


def grid_section(model_key: ModelKey, emb: sim.Embeddings, pooling: str, centred: bool,
                 big: bool) -> None:
    """Small multiples of one pooling's matrix at every layer (the pooler has only one); the
    figure is kept across reruns (the layer slider doesn't change it), as in
    :func:`matrices_section`."""
    if pooling == "pooler":
        return
    with st.expander(t("similarity.grid_title", pooling=pooling_name(pooling)),
                     icon=":material/grid_view:"):
        layers = range(emb.n_layers + 1)
        grid = [sim.similarity(emb, pooling, k, centred) for k in layers]
        numbers = range(1, emb.n_sentences + 1)
        frame = pd.concat({k: pd.DataFrame(m.round(4), index=numbers, columns=numbers)
                           for k, m in zip(layers, grid)}, names=["layer", "sentence"])
        titles = tuple(t("similarity.grid_layer", layer=k) for k in layers)
        colour = t("similarity.colour")
        fig = reused("sim-grid", (model_key, emb.sentences, pooling, centred, big, titles, colour),
                     lambda: figures.layer_grid(grid, list(titles), centred, colour, big))
        show(fig, key="sim-grid", data=frame, filename=f"cosine-all-layers-{pooling}")


def notes(loaded, emb: sim.Embeddings, centred: bool) -> None:
    """What the chosen options can't show on this model or input."""
    if centred and emb.n_sentences == 2:
        st.info(t("similarity.centred_two"), icon=":material/info:")
    if emb.pooler is None:
        st.caption(t("similarity.no_pooler"))
    elif loaded.origin == "packaged":
        st.caption(t("similarity.minilm_note"))


def summary(emb: sim.Embeddings, base: sim.Embeddings | None, chosen: Pairs, layer: int,
            centred: bool) -> None:
    """Per pooling: the two pairs, this set's mean, the unrelated baseline and the gap."""
    (a1, a2), (b1, b2) = chosen
    st.subheader(t("similarity.summary_title", layer=layer))
    rows = []
    for pooling in emb.available():
        at = emb.n_layers if pooling == "pooler" else layer
        matrix = sim.similarity(emb, pooling, at, centred)
        baseline = (sim.mean_off_diagonal(sim.similarity(base, pooling, at, centred))
                    if base is not None and pooling in base.available() else float("nan"))
        rows.append({
            t("similarity.col.pooling"): panel_title(pooling),
            t("similarity.col.pair_a", i=a1 + 1, j=a2 + 1): round(float(matrix[a1, a2]), 3),
            t("similarity.col.pair_b", i=b1 + 1, j=b2 + 1): round(float(matrix[b1, b2]), 3),
            t("similarity.col.set_mean"): round(sim.mean_off_diagonal(matrix), 3),
            t("similarity.col.baseline"): round(baseline, 3),
            t("similarity.col.gap"): round(float(matrix[a1, a2]) - baseline, 3),
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t("similarity.summary_caption"))
    if centred:
        st.caption(t("similarity.summary_centred", n=emb.n_sentences,
                     value=f"{-1 / (emb.n_sentences - 1):.3f}"))


def by_layer(emb: sim.Embeddings, base: sim.Embeddings | None, chosen: Pairs, layer: int,
             centred: bool, big: bool) -> None:
    """The two pairs and the baseline at every layer, one panel per pooling."""
    (a1, a2), (b1, b2) = chosen
    st.subheader(t("similarity.layers_title"))
    st.caption(t("similarity.layers_caption"))
    names = (t("similarity.line.pair_a", i=a1 + 1, j=a2 + 1),
             t("similarity.line.pair_b", i=b1 + 1, j=b2 + 1), t("similarity.line.baseline"))
    series: dict[str, dict[str, np.ndarray]] = {}
    for pooling in emb.available():
        lines = {names[0]: sim.pair_by_layer(emb, pooling, a1, a2, centred),
                 names[1]: sim.pair_by_layer(emb, pooling, b1, b2, centred)}
        if base is not None and pooling in base.available():
            lines[names[2]] = sim.baseline_by_layer(base, pooling, centred)
        series[panel_title(pooling)] = lines
    rows = [{"pooling": title, "series": name, "layer": (emb.n_layers if len(v) == 1 else k),
             "cosine": round(float(x), 4)}
            for title, lines in series.items() for name, v in lines.items()
            for k, x in enumerate(v)]
    show(figures.pair_lines(series, emb.n_layers, t("similarity.axis.layer"),
                            t("similarity.colour"), layer, big),
         key="sim-layers", data=pd.DataFrame(rows).set_index(["pooling", "series", "layer"]),
         filename="pairs-by-layer")
