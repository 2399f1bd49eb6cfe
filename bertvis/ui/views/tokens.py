"""The tokens & embeddings page's views: the input as BERT sees it, what truncation cut, the
three embeddings and their sum, two tokens compared, and padding (``app_pages/tokens.py``)."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import embeddings
from bertvis.analysis import Analysis
from bertvis.figures import reading as figures
from bertvis.ui import errors, state
from bertvis.ui.figures import projector, show
from bertvis.ui.i18n import t
from bertvis.ui.reading import token_picker

PARTS = ("token", "segment", "position", "sum", "layernorm")
#: Above this many tokens the chips scroll inside a box of this height (pixels).
MANY_TOKENS = 80
CHIPS_HEIGHT = 320
#: [PAD] tokens added in the padding example: by default, and at most.
DEFAULT_PADS = 4
MAX_PADS = 32


def input_section(loaded, result) -> list[embeddings.TokenRow]:
    rows = embeddings.token_rows(result)
    st.subheader(t("tokens.seen"))
    words = {(r.segment, r.word) for r in rows if r.word is not None}
    split = {(r.segment, r.word) for r in rows if r.split}
    st.markdown(t("tokens.summary", n=len(rows), words=len(words), split=len(split),
                  specials=int(result.special.sum()), max=loaded.max_length))
    chips = figures.token_chips([r.token for r in rows], [r.token_id for r in rows],
                                [r.segment for r in rows], [r.special for r in rows],
                                [r.split for r in rows], projector())
    with st.container(height=CHIPS_HEIGHT if len(rows) > MANY_TOKENS else "content",
                      border=False):
        st.html(chips)
    st.caption(t("tokens.legend"))
    st.dataframe(pd.DataFrame({
        t("reading.col.token"): [r.token for r in rows],
        t("reading.col.id"): [r.token_id for r in rows],
        t("reading.col.segment"): [r.segment for r in rows],
        t("reading.col.mask"): [r.mask for r in rows],
        t("reading.col.special"): [r.special for r in rows],
        t("reading.col.word"): [None if r.word is None else r.word + 1 for r in rows],
        t("reading.col.split"): [r.split for r in rows],
    }).rename_axis(t("reading.col.position")), width="stretch", height=260)
    return rows


def truncation_section(result) -> None:
    cut = result.truncation
    if cut is None:
        return
    st.subheader(t("tokens.cut_title"), divider="orange")
    st.markdown(t("tokens.cut_summary", original=cut.original_length, kept=cut.kept_length,
                  dropped=cut.dropped_tokens))
    pieces_a, pieces_b = embeddings.cut_pieces(result)
    for key, pieces, text in (("tokens.cut_a", pieces_a, cut.dropped_a),
                              ("tokens.cut_b", pieces_b, cut.dropped_b)):
        if pieces:
            st.markdown(t(key, n=len(pieces)))
            st.text(text)
            with st.container(height=CHIPS_HEIGHT if len(pieces) > MANY_TOKENS else "content",
                              border=False):
                st.html(figures.piece_chips(pieces, projector()))


def embeddings_section(loaded, result) -> None:
    st.subheader(t("tokens.embeddings"))
    with errors.shown():
        parts = embeddings.input_embeddings(loaded, result)
        st.markdown(t("tokens.embedding_sizes", size=parts.token.shape[1],
                      first=int(parts.position_ids[0]), last=int(parts.position_ids[-1]),
                      segments=t(f"tokens.segments_{'yes' if parts.has_segments else 'no'}")))
        st.latex(r"\mathbf{x}_i = \mathrm{LayerNorm}\big(E_\text{token}[\text{id}_i] + "
                 r"E_\text{segment}[s_i] + E_\text{position}[i]\big)")
        if parts.max_difference is None:
            st.info(t("tokens.check_none"), icon=":material/info:")
        else:
            st.success(t("tokens.check", diff=f"{parts.max_difference:.1e}"),
                       icon=":material/check_circle:")
        names = {key: t(f"tokens.part.{key}") for key in PARTS}
        norms = parts.norms()
        frame = pd.DataFrame({names[k]: np.round(v, 4) for k, v in norms.items()})
        frame.insert(0, t("reading.col.token"), result.tokens)
        st.markdown(f"**{t('tokens.norms_title')}**")
        show(figures.embedding_norms(result.tokens, norms, names, projector()), key="embedding-norms",
             data=frame.rename_axis(t("reading.col.position")), filename="embedding-norms")
        state.view_only("tokens-compare", partial(compare_section, result, parts, names))


def compare_section(result, parts: embeddings.InputEmbeddings, names: dict[str, str]) -> None:
    """Two token pickers and the cosine of their vectors at each stage, from the embeddings
    already computed (a view-only part: a pick reruns this alone)."""
    st.markdown(f"**{t('tokens.compare')}**")
    first_default, second_default = embeddings.repeated_pair(result.tokens, result.special)
    left, right = st.columns(2)
    a = token_picker(left, "emb_a", t("tokens.first"), result.tokens, first_default)
    b = token_picker(right, "emb_b", t("tokens.second"), result.tokens, second_default)
    vectors = {"token": parts.token, "segment": parts.segment, "position": parts.position,
               "sum": parts.total, "layernorm": parts.normed,
               "output": result.hidden_states[-1]}
    labels = [names.get(k) or t(f"tokens.part.{k}") for k in vectors]
    values = [embeddings.cosine(v[a], v[b]) for v in vectors.values()]
    st.markdown(t("tokens.similarity_title", a=result.tokens[a], b=result.tokens[b]))
    show(figures.similarity_bars(labels, values, projector()), key="embedding-similarity",
         data=pd.DataFrame({"cosine": np.round(values, 4)}, index=labels),
         filename="embedding-similarity")
    st.caption(t("tokens.similarity_caption"))


def padding_section(loaded, found: Analysis) -> None:
    result = found.trace
    st.subheader(t("tokens.padding"))
    st.markdown(t("tokens.padding_intro"))
    n, limit = result.n_tokens, loaded.max_length
    if n >= limit or result.truncation is not None:
        st.info(t("tokens.pad_full"), icon=":material/info:")
        return
    most = min(MAX_PADS, limit - n)
    pads = state.bound(st.slider, "pads", min(DEFAULT_PADS, most), t("tokens.pad_length", n=n),
                       min_value=1, max_value=max(most, 2), disabled=most < 2,
                       valid=lambda v: isinstance(v, int) and 1 <= v <= most)
    with errors.shown():
        with st.spinner(t("loading.trace")):
            example = found.padding_example(n + pads)
        padding_table(example)


def padding_table(example: embeddings.PaddingExample) -> None:
    st.dataframe(pd.DataFrame(
        [example.tokens, example.input_ids.tolist(), example.attention_mask.tolist(),
         example.token_type_ids.tolist()],
        index=[t("tokens.row.token"), t("tokens.row.id"), t("tokens.row.mask"),
               t("tokens.row.segment")],
    ).astype(str), width="stretch")
    weight, change, unmasked = st.columns(3)
    weight.metric(t("tokens.pad_weight"), f"{example.pad_weight:.1e}",
                  help=t("tokens.pad_weight_help"))
    change.metric(t("tokens.pad_change"), f"{example.output_difference:.1e}",
                  help=t("tokens.pad_change_help"))
    unmasked.metric(t("tokens.pad_unmasked"), f"{example.unmasked_difference:.2f}",
                    help=t("tokens.pad_unmasked_help"))
    st.caption(t("tokens.pad_caption", pads=example.length - example.n_real,
                 weight=f"{example.pad_weight:.1e}", change=f"{example.output_difference:.1e}",
                 unmasked=f"{example.unmasked_difference:.2f}"))
