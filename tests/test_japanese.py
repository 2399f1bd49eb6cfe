"""A Japanese classroom that reads Japanese (issue 20), offline on the fake Hugging Face cache
(tests/fake_hub.py: the Japanese BERT under its real id, with its real BertJapaneseTokenizer
config, MeCab through fugashi + unidic-lite really splitting words, then WordPiece).

- the one "can't read this text" check (bertvis/readability.py) and its switch on every page;
- word ids for WordPiece, byte-level BPE, SentencePiece marks and MeCab, and the attention
  explorer's word merge on MeCab words;
- the tokens lesson's three-way comparison; the model following the UI language; every page in
  Japanese on the Japanese BERT; the offline MiniLM fallback saying so in Japanese.
"""

from __future__ import annotations

import numpy as np
import pytest
from fake_hub import JA_SENTENCES, P_IS_NEXT, build_fake_hub, offline_hub
import apptest
from streamlit.testing.v1 import AppTest
from tiny_other import make_tiny_bpe_roberta
from transformers import BertJapaneseTokenizer

from bertvis import attention, embeddings, models, nsp, readability
from bertvis.errors import BertvisError
from bertvis.presets import (
    DEFAULT_ENCODER,
    DEFAULT_SENTIMENT,
    DEFAULT_SENTIMENT_FOR,
    ENCODER_PRESETS,
    JAPANESE_ENCODER,
    MULTILINGUAL_ENCODER,
    SENTIMENT_PRESETS,
)
from bertvis.trace import trace
from bertvis.ui.lessons import LESSONS
from bertvis.words import marker_word_ids, pieces_per_word, word_ids

PAGES = {lesson.url or "home": lesson.path for lesson in LESSONS}
TOKYO, CAT, MOVIE, GREAT = JA_SENTENCES  # sentences the fake Japanese vocabulary holds
#: The Japanese text every page is given: the fake vocabulary reads it, the English one doesn't.
JA_TEXT = CAT
#: Japanese that the fake multilingual vocabulary also holds (kanji + は/の/です).
JA_MULTI = TOKYO


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def hub(fake_hub):
    """The fake cache with the Hub off, for this module (models load by their real ids)."""
    with offline_hub(fake_hub):
        yield fake_hub


@pytest.fixture(scope="module")
def ja_bert(hub):
    return models.load(JAPANESE_ENCODER, device="cpu")


@pytest.fixture(scope="module")
def en_bert(hub):
    return models.load(DEFAULT_ENCODER, device="cpu")


def cannot_read(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "can't read this text" in w.value
            or "このテキストを読めません" in w.value]


def switch_button(at: AppTest, model_key: str):
    found = [b for b in at.button if b.key == f"readability-{model_key}"]
    return found[0] if found else None


# ---------------------------------------------------------------- the one check (engine)


def open_page(page: str, **query: str):
    """Arrive at ``page`` (a lesson url) with only ``query`` in the URL, as a shared link does."""
    return apptest.open_page(PAGES[page], fresh_link=True, **query)


def test_english_vocabulary_cannot_read_japanese_even_without_unknown_tokens(minilm):
    text = "東京は日本の[MASK]です。"  # every kanji is in the uncased vocabulary: no [UNK] at all
    found = readability.assess(minilm.tokenizer, [text])
    assert found.n_unknown == 0
    # ... but its kana are single letters only (no words in kana), and で loses its dakuten
    assert found.uncovered == ("Hiragana/Katakana",)
    assert found.n_letters == 8 and found.n_unseen == 4  # は の で す; [MASK] is not text
    assert not found.readable
    tutorial = readability.assess(minilm.tokenizer, ["この映画はあまり楽しめませんでした。"])
    assert tutorial.unknown_share > readability.UNREADABLE_SHARE


def test_readable_text_passes_and_the_threshold_is_the_one_constant(minilm, ja_bert):
    english = readability.assess(minilm.tokenizer, ["The cat sat on the mat.", None])
    assert english.readable and english.n_unknown == english.n_unseen == 0
    assert english.scripts == ("Latin",)
    for sentence in JA_SENTENCES:
        assert readability.assess(ja_bert.tokenizer, [sentence]).readable, sentence
    # one unknown token in eleven (9%) is under the threshold; two in eleven (18%) is over it
    assert readability.UNREADABLE_SHARE == 0.1
    half = readability.Readability(11, 1, 10, 0, ("Latin",), (), "[UNK]")
    assert half.readable
    assert not readability.Readability(11, 2, 10, 0, ("Latin",), (), "[UNK]").readable
    assert not readability.Readability(11, 0, 10, 2, ("Latin",), ("Latin",), "[UNK]").readable


def test_vocabulary_scripts(minilm, ja_bert, en_bert):
    # BERT-base uncased (MiniLM's vocabulary) holds Han characters but no kana words
    assert readability.covered_scripts(minilm.tokenizer) == {"Han", "Latin"}
    assert readability.covered_scripts(ja_bert.tokenizer) == {"Han", "Hiragana/Katakana"}
    assert "Hiragana/Katakana" not in readability.covered_scripts(en_bert.tokenizer)


def test_suggest_picks_the_preset_made_for_the_scripts():
    def key(scripts, current="x"):
        found = readability.suggest(ENCODER_PRESETS, scripts, current)
        return found.key if found else None

    assert key(("Hiragana/Katakana", "Han")) == "ja-bert"
    assert key(("Latin", "Hiragana/Katakana", "Han")) == "mbert"  # mixed text
    assert key(("Cyrillic",)) == "mbert"
    assert key(("Latin",)) == "bert-base"
    assert key(("Latin",), current=DEFAULT_ENCODER) == "bert-large"
    assert key(("Hiragana/Katakana",), current=JAPANESE_ENCODER) == "mbert"
    assert key(()) is None  # emoji only: no preset reads it better
    sentiment = readability.suggest(SENTIMENT_PRESETS, ("Han", "Hiragana/Katakana"),
                                    DEFAULT_SENTIMENT)
    assert sentiment.model_id == DEFAULT_SENTIMENT_FOR["ja"]


def test_script_names():
    assert [readability.script(c) for c in "aé猫はマｶЖ한1!"] == [
        "Latin", "Latin", "Han", "Hiragana/Katakana", "Hiragana/Katakana",
        "Hiragana/Katakana", "Cyrillic", "Hangul", None, None]


# ---------------------------------------------------------------- word ids


def test_wordpiece_word_ids(tiny_bert):
    loaded = models.load(str(tiny_bert), device="cpu")
    result = trace(loaded, "the runner is unbelievable", "he sat")
    assert result.tokens == ["[CLS]", "the", "run", "##ner", "is", "un", "##believ", "##able",
                             "[SEP]", "he", "sat", "[SEP]"]
    assert result.word_ids == [None, 0, 1, 1, 2, 3, 3, 3, None, 4, 5, None]


def test_bpe_word_ids(tmp_path):
    loaded = models.load(str(make_tiny_bpe_roberta(tmp_path / "bpe")), device="cpu")
    result = trace(loaded, "The runner is unbelievable", "It was tired")
    runner = result.tokens.index("Ġ")  # the byte-level BPE cut "Ġrunner" into Ġ ru nne r
    assert result.tokens[runner:runner + 4] == ["Ġ", "ru", "nne", "r"]
    assert result.word_ids[runner:runner + 4] == [1, 1, 1, 1]
    groups = attention.word_groups(result)
    labels = [attention.word_label(result.tokens, g) for g in groups]
    assert labels == ["<s>", "The", "runner", "is", "unbelievable", "</s>", "</s>", "It", "was",
                      "tired", "</s>"]
    # the marks alone (for a tokenizer without word ids) give the same words
    assert marker_word_ids(result.tokens, result.special.tolist()) == result.word_ids


def test_sentencepiece_marks_start_words():
    tokens = ["[CLS]", "▁The", "▁un", "believ", "able", "▁cat", "[SEP]", "▁It", "[SEP]"]
    special = [t.startswith("[") for t in tokens]
    assert marker_word_ids(tokens, special) == [None, 0, 1, 1, 1, 2, None, 3, None]


def test_mecab_word_ids_follow_the_word_split(ja_bert):
    result = trace(ja_bert, MOVIE, GREAT)
    assert type(ja_bert.tokenizer).__name__ == "BertJapaneseTokenizer"
    assert not ja_bert.tokenizer.is_fast  # no word_ids() of its own
    words = dict(zip(result.tokens, result.word_ids))
    assert result.tokens[1:7] == ["この", "映画", "は", "あまり", "楽し", "##め"]
    assert result.word_ids[5] == result.word_ids[6] == words["あまり"] + 1  # 楽し ##め: 楽しめ
    groups = attention.word_groups(result)
    labels = [attention.word_label(result.tokens, g) for g in groups]
    assert labels == ["[CLS]", "この", "映画", "は", "あまり", "楽しめ", "ませ", "ん", "でし", "た",
                      "。", "[SEP]", "素晴らしかっ", "た", "です", "!", "[SEP]"]
    matrix = np.asarray(result.attentions[0, 0], dtype=np.float32)
    merged = attention.view(matrix, result, words=True)
    assert merged.row_labels == labels
    # the Trace keeps attentions in float16: a row sums to 1 within 1e-3
    assert np.allclose(merged.values.sum(axis=1), 1, atol=1e-3)


def test_mecab_tokens_get_character_offsets_without_offset_mapping(ja_bert):
    """The slow MeCab tokenizer has no offset_mapping: each piece is found in its own text in
    order (``words.char_offsets``), so the spans spell the pieces and, joined, each text."""
    result = trace(ja_bert, MOVIE, GREAT)
    spans = [(token, segment, (result.text_b if segment else result.text_a)[start:end])
             for token, segment, found in zip(result.tokens, result.segments, result.offsets)
             if found is not None for start, end in [found]]
    assert [(token, text) for token, _, text in spans[:6]] == [
        ("この", "この"), ("映画", "映画"), ("は", "は"), ("あまり", "あまり"), ("楽し", "楽し"),
        ("##め", "め")]
    assert all(text == token.removeprefix("##") for token, _, text in spans)
    for segment, text in enumerate((MOVIE, GREAT)):
        assert "".join(piece for _, s, piece in spans if s == segment) == text


def test_character_level_japanese_tokenizer_gets_its_words_from_mecab(tmp_path):
    """A character-level Japanese BERT (``subword_tokenizer_type="character"``, e.g. Tohoku's
    bert-base-japanese-char-v3) has no ``##`` marks: only MeCab's split says where words end."""
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *dict.fromkeys(MOVIE)]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertJapaneseTokenizer(str(tmp_path / "vocab.txt"), word_tokenizer_type="mecab",
                                      subword_tokenizer_type="character",
                                      mecab_kwargs={"mecab_dic": "unidic_lite"})
    encoding = tokenizer(MOVIE, return_special_tokens_mask=True)
    tokens = tokenizer.convert_ids_to_tokens(encoding["input_ids"])
    special = [bool(s) for s in encoding["special_tokens_mask"]]
    ids = word_ids(tokenizer, encoding, (MOVIE, None), tokens, [0] * len(tokens), special)
    groups = attention.groups_by_word(ids)
    assert ["".join(tokens[i] for i in g) for g in groups] == [
        "[CLS]", "この", "映画", "は", "あまり", "楽しめ", "ませ", "ん", "でし", "た", "。", "[SEP]"]
    # the marks alone would make every character a word
    assert len(attention.groups_by_word(marker_word_ids(tokens, special))) == len(tokens)


def test_word_groups_follow_the_given_word_ids():
    tokens = ["[CLS]", "猫", "は", "寝", "た", "[SEP]"]
    special = [True, False, False, False, False, True]
    assert attention.groups_by_word([None, 0, 0, 1, 1, None]) == [[0], [1, 2], [3, 4], [5]]
    assert attention.groups_by_word(marker_word_ids(tokens, special)) == [
        [0], [1], [2], [3], [4], [5]]


def test_japanese_bert_reads_sentence_pairs(ja_bert):
    """transformers 5's BertJapaneseTokenizer returns no token types unless asked: without them
    sentence B would read as A and next-sentence prediction would see one sentence."""
    from bertvis.doctor import JA_NSP_PAIR

    result = trace(ja_bert, *JA_NSP_PAIR)  # P(IsNext) is planted high only with B as segment B
    assert result.is_pair and result.sentence_b_start == result.tokens.index("[SEP]") + 1
    assert result.token_type_ids[result.sentence_b_start:].tolist() == [1] * 10
    assert nsp.next_sentence(ja_bert, result).p_is_next == pytest.approx(P_IS_NEXT, abs=1e-4)
    padded = embeddings.padding_example(ja_bert, result, result.n_tokens + 3)
    assert padded.token_type_ids[:result.n_tokens].tolist() == result.token_type_ids.tolist()


def test_mecab_words_keep_special_tokens_whole(ja_bert):
    assert pieces_per_word(ja_bert.tokenizer, "東京は日本の[MASK]です。") == [1] * 7
    result = trace(ja_bert, "東京は日本の[MASK]です。")
    assert result.tokens[5] == "[MASK]" and result.word_ids[1:8] == list(range(7))


def test_word_ids_without_a_word_splitter_fall_back_to_marks(tiny_bert):
    assert pieces_per_word(models.load(str(tiny_bert), device="cpu").tokenizer, "a b") is None


# ---------------------------------------------------------------- "Why a Japanese BERT?" engine


def test_three_tokenizers_read_the_same_sentence(hub):
    english, multi, japanese = (embeddings.split_text(models.load_tokenizer(m), MOVIE)
                                for m in (DEFAULT_ENCODER, MULTILINGUAL_ENCODER,
                                          JAPANESE_ENCODER))
    assert english.n_unknown == english.n_pieces  # every word [UNK]
    assert not english.from_splitter and not multi.from_splitter
    assert ["映"] in multi.pieces and ["画"] in multi.pieces  # kanji one by one
    assert japanese.from_splitter  # stage 1: MeCab words; stage 2: WordPiece pieces
    assert japanese.words[:5] == ["この", "映画", "は", "あまり", "楽しめ"]
    assert japanese.pieces[4] == ["楽し", "##め"] and japanese.n_unknown == 0


def test_a_missing_tokenizer_says_offline(tmp_path):
    with offline_hub(build_fake_hub(tmp_path / "cache", only=(DEFAULT_ENCODER,))):
        with pytest.raises(BertvisError) as caught:
            models.load_tokenizer(JAPANESE_ENCODER)
    assert caught.value.code == "offline"


# ---------------------------------------------------------------- the model follows the language


@pytest.mark.apptest
def test_japanese_ui_defaults_to_the_japanese_bert_and_links_reproduce(fake_hub_offline):
    at = open_page("home", lang="ja")
    assert at.session_state["model"] == JAPANESE_ENCODER
    assert dict(at.query_params) == {"lang": "ja"}  # the default stays out of the link
    reopened = open_page("attention", lang="ja")  # that link, opened elsewhere
    assert reopened.session_state["model"] == JAPANESE_ENCODER
    english_model = open_page("home", lang="ja", model=DEFAULT_ENCODER)
    assert english_model.session_state["model"] == DEFAULT_ENCODER
    assert english_model.query_params["model"] == DEFAULT_ENCODER


@pytest.mark.apptest
def test_english_ui_is_unchanged_and_switching_language_moves_the_default(fake_hub_offline):
    at = open_page("tokens-and-embeddings", lang="en")
    assert at.session_state["model"] == DEFAULT_ENCODER and "model" not in at.query_params
    assert at.session_state["text_a"] == "The cat sat on the mat because it was tired."
    apptest.switch_language(at, "ja")
    assert at.session_state["model"] == JAPANESE_ENCODER
    assert at.session_state["text_a"] == "猫はマットの上で寝た。"
    chosen = open_page("home", lang="en", model=MULTILINGUAL_ENCODER)
    apptest.switch_language(chosen, "ja")
    assert chosen.session_state["model"] == MULTILINGUAL_ENCODER  # a chosen model stays


@pytest.mark.apptest
def test_sentiment_in_japanese_defaults_to_a_model_that_reads_japanese(fake_hub_offline):
    at = open_page("sentiment", lang="ja")
    assert at.session_state["sentiment_model"] == DEFAULT_SENTIMENT_FOR["ja"]
    assert at.session_state["sentiment_text"] == "この映画はあまり楽しめませんでした。素晴らしかったです!"
    assert "sentiment_model" not in at.query_params


# ---------------------------------------------------------------- every page in Japanese

JA_QUERY = {"lang": "ja", "text_a": JA_TEXT, "sim_text": "\n".join(JA_SENTENCES)}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.apptest
def test_every_page_renders_in_japanese_on_the_japanese_bert(fake_hub_offline, page):
    at = open_page(page, **JA_QUERY)
    assert at.session_state["model"] == JAPANESE_ENCODER
    assert "model" not in at.query_params
    if page in ("tokens-and-embeddings", "attention", "attention-arithmetic",
                "cls-and-similarity", "masked-words-and-nsp"):
        assert cannot_read(at) == []  # the Japanese BERT reads it: no warning
        assert not [i for i in at.info if "オフライン" in i.value]  # the real id, not MiniLM


@pytest.mark.apptest
def test_attention_words_are_mecab_words(fake_hub_offline):
    at = open_page("attention", lang="ja", text_a=MOVIE, att_words="True")
    assert any("楽し + ##め" in c.value for c in at.caption), [c.value for c in at.caption]


@pytest.mark.apptest
def test_tokens_lesson_compares_three_tokenizers(fake_hub_offline):
    at = open_page("tokens-and-embeddings", lang="ja", text_a=MOVIE)
    captions = [c.value for c in at.caption]
    assert "7 トークン、うち `[UNK]` が 7 個" in captions  # English BERT: all unknown
    assert any(c.startswith("① 単語: MeCab") and "10 語" in c for c in captions)
    assert any(c.startswith("② 断片: WordPiece") and "11 個" in c for c in captions)
    assert "11 トークン、うち `[UNK]` が 0 個" in captions


@pytest.mark.apptest
def test_tokens_lesson_says_which_tokenizer_is_missing(tmp_path):
    cache = build_fake_hub(tmp_path / "cache", only=(JAPANESE_ENCODER,))
    from bertvis.ui import cache as app_cache

    app_cache.store().clear()
    with offline_hub(cache):
        at = open_page("tokens-and-embeddings", lang="en", text_a=MOVIE)
    app_cache.store().clear()
    missing = [i.value for i in at.info if "python -m bertvis prefetch" in i.value]
    assert len(missing) == 1 and MULTILINGUAL_ENCODER in missing[0]
    # the English column is shown with the packaged MiniLM, which has the same vocabulary
    assert any("same vocabulary" in c.value for c in at.caption)


# ---------------------------------------------------------------- the check on every page

#: page → (query that puts Japanese text on an English model, the model value it switches)
ENGLISH_ON_JAPANESE = {
    "tokens-and-embeddings": ({"text_a": JA_TEXT}, "model"),
    "attention": ({"text_a": JA_TEXT}, "model"),
    "attention-arithmetic": ({"text_a": JA_TEXT}, "model"),
    "inside-a-layer": ({"text_a": JA_TEXT}, "model"),
    "experiments": ({"text_a": JA_TEXT, "exp_task": "pretraining"}, "model"),
    "cls-and-similarity": ({"sim_text": "\n".join(JA_SENTENCES)}, "model"),
    "masked-words-and-nsp": ({"text_a": "東京は日本の[MASK]です。"}, "model"),
    "sentiment": ({"sentiment_text": JA_MULTI, "sentiment_model": DEFAULT_SENTIMENT},
                  "sentiment_model"),
}


@pytest.mark.parametrize("page", list(ENGLISH_ON_JAPANESE))
@pytest.mark.apptest
def test_english_model_on_japanese_text_warns_and_switches(fake_hub_offline, page):
    query, model_key = ENGLISH_ON_JAPANESE[page]
    at = open_page(page, lang="en", model=DEFAULT_ENCODER, **query)
    warnings = cannot_read(at)
    assert len(warnings) == 1, [w.value for w in at.warning]
    assert "% of its tokens are `[UNK]`" in warnings[0]
    button = switch_button(at, model_key)
    assert button is not None, [b.key for b in at.button]
    button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    wanted = DEFAULT_SENTIMENT_FOR["ja"] if model_key == "sentiment_model" else JAPANESE_ENCODER
    assert at.session_state[model_key] == wanted
    assert cannot_read(at) == []  # the model it switched to reads the text


@pytest.mark.apptest
def test_tasks_page_says_no_preset_reads_japanese(fake_hub_offline):
    at = open_page("qa-and-tagging", lang="ja", qa_question="東京は日本の首都です。",
                   qa_passage=JA_TEXT)
    warnings = cannot_read(at)
    assert len(warnings) == 1 and switch_button(at, "qa_model") is None
    captions = [c.value for c in at.caption]
    assert any("質問応答のプリセットは日本語を読めません" in c for c in captions)
    assert "向けのプリセットはありません" in warnings[0]  # the action, in the same box


# ---------------------------------------------------------------- offline without the Japanese BERT


@pytest.mark.apptest
def test_offline_fallback_in_japanese_points_to_prefetch(tmp_path):
    from bertvis.ui import cache as app_cache

    app_cache.store().clear()
    with offline_hub(tmp_path / "empty-cache"):
        at = open_page("tokens-and-embeddings", lang="ja")
    app_cache.store().clear()
    # one box (tests/test_one_message.py counts them): offline, can't read this text, and the
    # one action: prefetch the Japanese BERT, instead of a button that can't work
    notes = cannot_read(at)
    assert len(notes) == 1 and notes[0].startswith("**オフラインモード。**")
    assert f"python -m bertvis prefetch {JAPANESE_ENCODER}" in notes[0]
    assert switch_button(at, "model") is None


@pytest.mark.apptest
def test_sentiment_shows_the_pitfall_next_to_a_model_that_reads_japanese(fake_hub_offline):
    at = open_page("sentiment", lang="en", sentiment_model=DEFAULT_SENTIMENT,
                   sentiment_text=JA_MULTI)
    toggle = [w for w in at.toggle if w.key == "_w_sentiment_compare"]
    assert len(toggle) == 1 and "Multilingual DistilBERT" in toggle[0].label
    models_shown = lambda: [m.label for m in at.metric if "/" in m.label]  # noqa: E731
    assert models_shown() == []  # the second classifier loads only when asked
    toggle[0].set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert models_shown() == [DEFAULT_SENTIMENT, DEFAULT_SENTIMENT_FOR["ja"]]
    counts = [c.value for c in at.caption if " tokens, " in c.value]
    assert counts[0] == "10 tokens, 10 of them `[UNK]`"  # the English vocabulary: all unknown
    assert counts[1].endswith(" tokens, 0 of them `[UNK]`")  # the multilingual one reads it


@pytest.mark.apptest
def test_tour_in_japanese_opens_pages_with_the_japanese_lessons_sentences(fake_hub_offline):
    at = open_page("tour", lang="ja")
    cards = " ".join(m.value for m in at.markdown)
    assert "`私は[MASK]を買った。`" in cards and "The restless cat" not in cards
    next(b for b in at.button if b.key == "tour-masked").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["text_a"] == "私は[MASK]を買った。"
    assert at.session_state["model"] == JAPANESE_ENCODER


@pytest.mark.apptest
def test_a_typed_folder_name_is_shown_as_typed_in_the_warning(tiny_bert, tmp_path):
    import shutil

    folder = tmp_path / "my**model**_1"
    shutil.copytree(tiny_bert, folder)
    at = open_page("tokens-and-embeddings", model=str(folder), text_a=JA_TEXT)
    warnings = cannot_read(at)
    assert len(warnings) == 1 and r"my\*\*model\*\*\_1" in warnings[0]
