"""The masked-words & next-sentence page's views: the page's model, masked-word guesses, the
logit lens, attention from a mask, the pre-training corruption and next-sentence prediction
(``app_pages/pretraining.py``)."""

from __future__ import annotations

import secrets
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import corruption, fill_mask, nsp
from bertvis.analysis import Analysis
from bertvis.errors import BertvisError
from bertvis.figures import pretraining as figures
from bertvis.figures.style import CATEGORICAL
from bertvis.handout import Facts
from bertvis.models import LoadedModel
from bertvis.presets import ENCODER_PRESETS, PACKAGED_MINILM
from bertvis.probabilities import percent
from bertvis.trace import Trace
from bertvis.ui import errors, export, handoff, model_picker, session, state, temperature
from bertvis.ui import readability as readable
from bertvis.ui.examples import Example, buttons
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import plain, t

TABS = ("mlm", "nsp")
HEAD_PRESETS = tuple(p for p in ENCODER_PRESETS if p.model_id != PACKAGED_MINILM)
#: Most tokens offered as click-to-mask buttons (a long text keeps its first ones).
MAX_PICKABLE = 80
MAX_K = 20
MAX_SEED = 2**31 - 1

#: One-click examples (they set the app's shared sentence A and B, ``text_a``/``text_b``): in
#: English all of them (the Japanese ones show what an English model makes of Japanese), in the
#: Japanese UI the Japanese ones, for the Japanese or multilingual BERT.
_MLM = {name: Example(f"pt.example.mlm.{name}", {"text_a": text, "fm_pick": ""})
        for name, text in (("bought", "I bought a [MASK]."),
                           ("cat", "The restless cat was [MASK]."),
                           ("capital", "The capital of France is [MASK]."),
                           ("two", "He is eating a [MASK] [MASK]."),
                           ("bought_ja", "私は[MASK]を買った。"),
                           ("cat_ja", "落ち着きのない猫は[MASK]。"),
                           ("capital_ja", "日本の首都は[MASK]です。"),
                           ("tokyo_ja", "東京は日本の[MASK]です。"))}
MLM_EXAMPLES = {"en": tuple(_MLM.values()),
                "ja": tuple(e for name, e in _MLM.items() if name.endswith("_ja"))}
_NSP = {name: Example(f"pt.example.nsp.{name}", {"text_a": a, "text_b": b, "nsp_contrast": ""})
        for name, a, b in (("next", "He is eating a fruit.", "It is a sweet red apple."),
                           ("random", "He is eating a fruit.", "A house is near me."),
                           ("next_ja", "彼は果物を食べている。", "それは甘いりんごだ。"),
                           ("random_ja", "彼は果物を食べている。", "家が近くにある。"))}
NSP_EXAMPLES = {"en": tuple(_NSP.values()),
                "ja": tuple(e for name, e in _NSP.items() if name.endswith("_ja"))}


# ---------------------------------------------------------------- model choice

def page_model() -> LoadedModel:
    """The sidebar's model, or one chosen here for this page (a preset with pre-training heads,
    a Hub id or a local folder); kept in the URL as ``pt_model`` / ``pt_custom``."""
    model_id = model_picker.pick("pt_model", "pt_custom", HEAD_PRESETS, model_picker.USE_SIDEBAR,
                                 t("pt.model"), use_sidebar=True, help=t("pt.model_help"),
                                 beside=True)
    if model_id == "":
        st.info(t("pt.type_model"), icon=":material/edit:")
        errors.stop()
    return session.model(model_id=model_id)


def no_head(task: str, loaded: LoadedModel) -> None:
    """Explain that ``loaded`` can't do ``task`` ("mlm" or "nsp") and how to get one that can."""
    st.warning(t(f"pt.no_head.{task}", model=plain(loaded.display_name)), icon=":material/block:")
    st.markdown(t("pt.no_head.how"))
    st.button(t("pt.no_head.use_folder"), key=f"use-folder-{task}", icon=":material/folder_open:",
              on_click=state.remember,
              args=("pt_model", model_picker.CUSTOM, model_picker.USE_SIDEBAR))
    if loaded.fallback_reason:
        st.caption(t("pt.no_head.offline"))


# ---------------------------------------------------------------- masked words

def _picked_changed() -> None:
    chosen = sorted(st.session_state["_w_fm_pick"] or [])
    state.remember("fm_pick", ",".join(map(str, chosen)), "")


def pick_tokens(loaded: LoadedModel, text: str) -> list[int]:
    """Clickable tokens of ``text``; returns the indices (into ``fill_mask.pieces``) picked.
    Picks belong to one text: typing a new one clears them."""
    if st.session_state.setdefault("_fm_pick_for", text) != text:
        st.session_state["_fm_pick_for"] = text
        state.remember("fm_pick", "", "")
    found = fill_mask.pieces(loaded, text)
    mask = fill_mask.mask_token(loaded)
    options = [i for i, (token, _) in enumerate(found[:MAX_PICKABLE]) if token != mask]
    raw = str(state.value("fm_pick", ""))
    chosen = [int(x) for x in raw.split(",") if x.strip().isdigit() and int(x) in options]
    st.session_state["_w_fm_pick"] = chosen
    st.pills(t("pt.mlm.pick"), options, selection_mode="multi", key="_w_fm_pick",
             format_func=lambda i: found[i][0], on_change=_picked_changed,
             help=t("pt.mlm.pick_help"))
    if len(found) > MAX_PICKABLE:
        st.caption(t("pt.mlm.pick_limit", n=MAX_PICKABLE))
    state.remember("fm_pick", ",".join(map(str, chosen)), "")
    return chosen


def unknown_hint(loaded: LoadedModel, *texts: str | None) -> None:
    """The shared "can't read this text" check; its switch sets this page's model when one is
    chosen here, else the sidebar's."""
    own = bool(st.session_state.get("pt_model"))
    readable.warn(loaded, texts, presets=HEAD_PRESETS, model_key="pt_model" if own else "model",
                  default=model_picker.USE_SIDEBAR if own else None)


def masked_tab(loaded: LoadedModel) -> None:
    buttons(MLM_EXAMPLES, key="mlm")
    text = state.bound(st.text_area, "text_a", t("input.default_a"), t("pt.mlm.text"),
                       help=t("pt.mlm.text_help"), height=80, max_chars=session.text_limit())
    if not loaded.has_mlm:
        no_head("mlm", loaded)
        return
    if not text.strip():
        st.info(t("pt.mlm.empty"), icon=":material/edit:")
        return
    model_text = fill_mask.with_model_masks(text, loaded)
    picked = pick_tokens(loaded, model_text)
    model_text = fill_mask.mask_pieces(loaded, model_text, picked)
    c_k, c_temperature = st.columns(2)
    with c_k:
        k = state.bound(st.slider, "fm_k", fill_mask.TOP_K, t("pt.mlm.k"), min_value=1,
                        max_value=MAX_K, valid=lambda v: 1 <= v <= MAX_K)
    with c_temperature:
        heat = temperature.control()
    found = session.analyse(loaded, model_text)
    unknown_hint(loaded, model_text)
    predictions = found.mask_predictions(k, heat)
    if not predictions:
        st.info(t("pt.mlm.no_mask", mask=fill_mask.mask_token(loaded)), icon=":material/edit:")
    else:
        temperature.note(heat)
        show_predictions(loaded, found, predictions, k, heat)
    corruption_section(loaded, found)


def show_predictions(loaded: LoadedModel, found: Analysis,
                     predictions: list[fill_mask.MaskPrediction], k: int,
                     heat: float = 1.0) -> None:
    result = found.trace
    big = projector()
    st.subheader(t("pt.mlm.filled", n=len(predictions)))
    marks = {p.position: (CATEGORICAL[1], f"{n}: {p.best.token} {percent(p.best.probability)}")
             for n, p in enumerate(predictions, start=1)}
    st.html(figures.token_chips(result.tokens, marks, big))
    st.caption(t("pt.mlm.one_piece"))
    export.record(Facts(((t("pt.mlm.text"), result.text_a),) + tuple(
        (t("pt.mlm.mask_n", n=n, position=p.position),
         ", ".join(f"{g.token} {percent(g.probability)}" for g in p.guesses))
        for n, p in enumerate(predictions, start=1))))

    long = pd.DataFrame(fill_mask.guess_rows(predictions))
    st.dataframe(pd.DataFrame(
        {f"#{r}": [f"{p.guesses[r - 1].token} · {percent(p.guesses[r - 1].probability)}"
                   for p in predictions] for r in range(1, len(predictions[0].guesses) + 1)},
        index=pd.Index([t("pt.mlm.mask_n", n=n, position=p.position)
                        for n, p in enumerate(predictions, start=1)], name=t("pt.col.mask")),
    ), width="stretch")
    state.view_only("mlm-focus", partial(focused_mask, loaded, found, predictions, long, k, heat))


def focused_mask(loaded: LoadedModel, found: Analysis,
                 predictions: list[fill_mask.MaskPrediction], long: pd.DataFrame, k: int,
                 heat: float) -> None:
    """The mask in focus: its guesses, its logit lens and what it attends to, from results
    already computed (a view-only part: the focus, layer and head controls rerun this alone).
    ``long``: every guess, one row per mask and rank (:func:`fill_mask.guess_rows`)."""
    result = found.trace
    big = projector()
    focus = 1
    if len(predictions) > 1:
        focus = state.bound(st.selectbox, "fm_focus", 1, t("pt.mlm.focus"),
                            options=list(range(1, len(predictions) + 1)),
                            format_func=lambda n: t("pt.mlm.mask_n", n=n,
                                                    position=predictions[n - 1].position),
                            valid=lambda n: isinstance(n, int) and 1 <= n <= len(predictions))
    chosen = predictions[focus - 1]
    show(figures.guess_bars(chosen, t("pt.mlm.bars", n=focus, k=k), big),
         key="mlm-guesses", data=long[long["mask"] == focus].set_index("rank"),
         filename=f"mask-{focus}-top-{k}")

    st.subheader(t("pt.lens.title"))
    st.markdown(t("pt.lens.intro"))
    lens = found.logit_lens(chosen.position, k, heat)
    names = [t("pt.lens.embeddings")] + [t("pt.lens.layer", n=i) for i in range(1, len(lens))]
    ids = [g.token_id for g in chosen.guesses]
    tokens = [g.token for g in chosen.guesses]
    matrix = pd.DataFrame(figures.lens_matrix(lens, ids).round(6), index=names, columns=tokens)
    show(figures.logit_lens(lens, tokens, ids, names, big, t("pt.lens.top_here")), key="mlm-lens",
         data=matrix,
         filename=f"mask-{focus}-logit-lens")
    st.dataframe(pd.DataFrame(
        {f"#{r}": [f"{layer.guesses[r - 1].token} · {percent(layer.guesses[r - 1].probability)}"
                   for layer in lens] for r in range(1, min(3, k) + 1)},
        index=pd.Index(names, name=t("pt.col.layer")),
    ), width="stretch")

    attention_section(loaded, result, chosen.position, focus)


def attention_section(loaded: LoadedModel, result: Trace, position: int, focus: int) -> None:
    st.subheader(t("pt.att.title", n=focus))
    left, right = st.columns(2)
    with left:
        layer = state.bound(st.slider, "fm_layer", result.n_layers, t("pt.att.layer"),
                            min_value=1, max_value=result.n_layers,
                            valid=lambda v: 1 <= v <= result.n_layers)
    with right:
        head = state.bound(st.selectbox, "fm_head", 0, t("pt.att.head"),
                           options=list(range(result.n_heads + 1)),
                           format_func=lambda h: t("pt.att.mean") if h == 0 else str(h),
                           valid=lambda v: 0 <= v <= result.n_heads)
    rows = np.asarray(result.attentions[layer - 1, :, position], dtype=np.float32)
    weights = rows.mean(axis=0) if head == 0 else rows[head - 1]
    who = t("pt.att.mean") if head == 0 else t("pt.att.head_n", n=head)
    title = t("pt.att.chart", n=focus, layer=layer, head=who)
    frame = pd.DataFrame({"token": result.tokens, "attention": weights.round(6)})
    frame.index.name = "position"
    show(figures.attention_bars(weights, result.tokens, position, title, projector()),
         key="mlm-attention", data=frame, filename=f"mask-{focus}-attention-layer-{layer}")
    top = int(np.argmax(weights))
    st.caption(t("pt.att.caption", token=plain(result.tokens[top]),
                 weight=percent(float(weights[top]))))
    open_explorer(result.text_a, layer, head, loaded.requested_id)


def open_explorer(text: str, layer: int, head: int, model_id: str) -> None:
    """A button handing the masked sentence, layer, head (0 = mean over heads) and model to the
    attention page (a model chosen on this page becomes the sidebar's)."""
    own_model = st.session_state.get("pt_model", model_picker.USE_SIDEBAR) != \
        model_picker.USE_SIDEBAR
    handoff.button(t("pt.att.open"), handoff.ATTENTION_PAGE, {
        "text_a": text, "text_b": "", "layer": layer, "head": max(head, 1),
        "att_source": "mean" if head == 0 else "head", "model": model_id if own_model else None})


def _new_seed() -> None:
    state.remember("fm_seed", secrets.randbelow(1_000_000), 0)
    state.remember("fm_corrupt", True, False)


def corruption_section(loaded: LoadedModel, analysis: Analysis) -> None:
    result = analysis.trace
    st.subheader(t("pt.corrupt.title"))
    st.markdown(t("pt.corrupt.intro"))
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    with left:
        seed = state.bound(st.number_input, "fm_seed", 0, t("pt.corrupt.seed"), min_value=0,
                           max_value=MAX_SEED, step=1, help=t("pt.corrupt.seed_help"),
                           valid=lambda v: 0 <= v <= MAX_SEED)
    right.button(t("pt.corrupt.button"), icon=":material/casino:", on_click=_new_seed)
    if not state.value("fm_corrupt", False):
        return
    state.remember("fm_corrupt", True, False)
    try:
        draw, found = analysis.corrupted(int(seed))
    except BertvisError as exc:
        st.info(errors.message(exc), icon=":material/info:")
        return
    colours = {"mask": CATEGORICAL[1], "random": CATEGORICAL[5], "keep": CATEGORICAL[2]}
    shown = loaded.tokenizer.convert_ids_to_tokens(draw.corrupted_ids.tolist())
    st.markdown(t("pt.corrupt.seen", seed=draw.seed, n=len(found),
                  candidates=int(corruption.candidates(loaded, result).sum())))
    st.html(figures.token_chips(shown, {r.position: (colours[r.action], t(f"pt.action.{r.action}"))
                                        for r in found}, projector()))
    st.dataframe(pd.DataFrame([{
        t("pt.col.position"): r.position, t("pt.col.original"): r.original,
        t("pt.col.action"): t(f"pt.action.{r.action}"), t("pt.col.shown"): r.shown,
        t("pt.col.predicted"): r.predicted, t("pt.col.p_predicted"): round(r.p_predicted, 4),
        t("pt.col.p_original"): round(r.p_original, 4),
        t("pt.col.recovered"): "✓" if r.recovered else "✗"} for r in found]),
        hide_index=True, width="stretch")
    score = t("pt.corrupt.score", ok=sum(r.recovered for r in found), n=len(found))
    st.caption(score)
    export.record(Facts(((t("pt.corrupt.seed"), str(draw.seed)),
                         (t("pt.corrupt.title"), score))))


# ---------------------------------------------------------------- next sentence

def _contrast(text_a: str, text_b: str) -> None:
    state.remember("nsp_contrast", nsp.random_sentence_b(text_a, text_b), "")


def next_sentence_tab(loaded: LoadedModel) -> None:
    buttons(NSP_EXAMPLES, key="nsp")
    text_a = state.bound(st.text_area, "text_a", t("input.default_a"), t("input.text_a"),
                         height=80, max_chars=session.text_limit())
    text_b = state.bound(st.text_input, "text_b", "", t("pt.nsp.text_b"), max_chars=session.text_limit())
    if not loaded.has_nsp:
        no_head("nsp", loaded)
        return
    if not text_a.strip() or not text_b.strip():
        st.info(t("pt.nsp.need_both"), icon=":material/edit:")
        return
    heat = temperature.control()
    result = session.analyse(loaded, text_a, text_b).trace
    unknown_hint(loaded, text_a, text_b)
    found = nsp.next_sentence(loaded, result, heat)
    temperature.note(heat)
    st.metric(t("pt.nsp.metric"), percent(found.p_is_next))
    export.record(Facts(((t("input.text_a"), result.text_a),
                         (t("pt.col.sentence_b"), result.text_b),
                         (t("pt.nsp.metric"), percent(found.p_is_next)))))
    st.caption(t("pt.nsp.verdict_yes" if found.p_is_next >= 0.5 else "pt.nsp.verdict_no"))
    st.button(t("pt.nsp.contrast"), icon=":material/shuffle:", on_click=_contrast,
              args=(text_a, text_b))
    rows = [(t("pt.nsp.yours"), text_b, found)]
    contrast = str(state.value("nsp_contrast", ""))
    if contrast:
        state.remember("nsp_contrast", contrast, "")
        rows.append((t("pt.nsp.random"), contrast,
                     nsp.next_sentence(loaded, session.analyse(loaded, text_a, contrast).trace, heat)))
    frame = pd.DataFrame({
        t("pt.col.which"): [which for which, _, _ in rows],
        t("pt.col.sentence_b"): [b for _, b, _ in rows],
        "logit IsNext": [round(float(r.logits[0]), 4) for _, _, r in rows],
        "logit NotNext": [round(float(r.logits[1]), 4) for _, _, r in rows],
        "P(IsNext)": [round(r.p_is_next, 6) for _, _, r in rows],
    })
    show(figures.next_sentence_bars([f"{which}: {b}" for which, b, _ in rows],
                                    [r.p_is_next for _, _, r in rows], projector()),
         key="nsp-bars", data=frame.set_index(t("pt.col.which")), filename="next-sentence")
    st.dataframe(frame, hide_index=True, width="stretch")
    scale = "" if heat == 1.0 else f"/{heat:g}"
    st.latex(r"P(\text{IsNext}) = \frac{e^{z_\text{IsNext}" + scale + "}}"
             r"{e^{z_\text{IsNext}" + scale + r"} + e^{z_\text{NotNext}" + scale + "}}")
