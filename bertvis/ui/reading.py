"""What the tokens, arithmetic and layer pages share: their example inputs, a token picker kept
in the URL, and the tokens lesson's "Why a Japanese BERT?" comparison."""

from __future__ import annotations

import streamlit as st

from bertvis import analysis, embeddings, readability
from bertvis.errors import BertvisError
from bertvis.figures import reading as figures
from bertvis.presets import (DEFAULT_ENCODER, JAPANESE_ENCODER, MULTILINGUAL_ENCODER,
                             PACKAGED_MINILM)

from . import errors, state
from .examples import sentence_pairs
from .figures import projector
from .i18n import lang, t

#: Examples for the tokens, arithmetic and layer pages (shared sentences A and B); the Japanese
#: UI's: the tutorial's sentence and a pair for segments.
EXAMPLES = {
    "en": sentence_pairs(
        ("reading.example.bank", "The bank raised its rates, so we sat on the river bank.", ""),
        ("reading.example.pair", "The cat sat on the mat.",
         "It was tired because it played all day."),
        ("reading.example.pieces", "Tokenization of unbelievably long words is fascinating.", ""),
        ("reading.example.japanese", "猫がマットの上に座った。", "疲れていたからです。")),
    "ja": sentence_pairs(
        ("reading.example.ja_cat", "猫はマットの上で寝た。", ""),
        ("reading.example.pair", "この映画はあまり楽しめませんでした。", "素晴らしかったです!"),
        ("reading.example.ja_mask", "東京は日本の首都です。", ""),
        ("reading.example.english",
         "The bank raised its rates, so we sat on the river bank.", "")),
}
#: "Why a Japanese BERT?": the three tokenizers compared, with the strings key of their heading.
COMPARED = (("tokens.why.english", DEFAULT_ENCODER),
            ("tokens.why.multilingual", MULTILINGUAL_ENCODER),
            ("tokens.why.japanese", JAPANESE_ENCODER))
#: The sentence compared when sentence A has no Japanese in it (the tutorial's).
JAPANESE_SAMPLE = "この映画はあまり楽しめませんでした。"
JAPANESE_SCRIPTS = {"Han", "Hiragana/Katakana"}


def token_picker(column, key: str, label: str, tokens: list[str], default: int) -> int:
    """A select box over the token positions (``"3 · cat"``), kept in the URL as ``key``."""
    n = len(tokens)
    default = min(max(default, 0), n - 1)
    with column:
        return state.bound(
            st.selectbox, key, default, label, options=list(range(n)),
            format_func=lambda i: t("reading.token_option", i=i, token=tokens[i]),
            valid=lambda v: isinstance(v, int) and 0 <= v < n,
        )


def _comparison_tokenizer(model_id: str):
    """(tokenizer, note) for one column; the English column falls back to the packaged MiniLM,
    whose vocabulary is BERT-base uncased's. Raises BertvisError when there is none."""
    try:
        return analysis.tokenizer(model_id), ""
    except BertvisError as exc:
        if exc.code != "offline" or model_id != DEFAULT_ENCODER:
            raise
        return analysis.tokenizer(PACKAGED_MINILM), t("tokens.why.minilm_vocab")


def why_japanese(text_a: str) -> None:
    """The same Japanese sentence through the English, multilingual and Japanese BERT
    tokenizers, side by side; the Japanese one in its two stages (MeCab words, then pieces)."""
    uses_japanese = any(readability.script(c) in JAPANESE_SCRIPTS for c in text_a)
    text = text_a if uses_japanese else JAPANESE_SAMPLE
    with st.expander(t("tokens.why.title"), expanded=uses_japanese or lang() == "ja",
                     icon=":material/translate:"):
        st.markdown(t("tokens.why.intro" if uses_japanese else "tokens.why.intro_sample"))
        st.text(text)
        big = projector()
        for column, (key, model_id) in zip(st.columns(len(COMPARED)), COMPARED):
            with column:
                st.markdown(f"**{t(key)}**  \n`{model_id}`")
                try:
                    tokenizer, note = _comparison_tokenizer(model_id)
                except BertvisError as exc:
                    if exc.code == "offline":
                        st.info(t("tokens.why.missing", model_id=model_id),
                                icon=":material/cloud_off:")
                    else:
                        errors.show(exc)
                    continue
                if note:
                    st.caption(note)
                split = embeddings.split_text(tokenizer, text)
                if split.from_splitter:
                    st.caption(t("tokens.why.stage_words", n=len(split.words)))
                    st.html(figures.split_chips([[word] for word in split.words], None, big))
                    st.caption(t("tokens.why.stage_pieces", n=split.n_pieces))
                st.html(figures.split_chips(split.pieces, split.unknown_token, big))
                st.caption(t("tokens.why.count", n=split.n_pieces, unknown=split.n_unknown,
                             unk=split.unknown_token or "[UNK]"))
        st.markdown(t("tokens.why.lesson"))
