"""The corpus field guide (bertvis.corpus): statistics over a set equal the means of the
single-sentence code, streaming, cancelling, the budget, the search, the bundled sets."""

from __future__ import annotations

import numpy as np
import pytest

from bertvis import corpus, memory_budget
from bertvis.attention import head_stats
from bertvis.errors import BertvisError
from bertvis.trace import trace

SENTENCES = [
    "The cat sat on the mat.",
    "Where did you put the keys, and why?",
    "Students wrote notes about attention heads in their books during the long lesson.",
    "Hello!",
    "The river flows slowly through the quiet valley near the old mill.",
]


@pytest.fixture(scope="module")
def minilm_stats(minilm):
    return corpus.corpus_stats(minilm, SENTENCES, batch_size=2)


def test_corpus_means_equal_the_single_sentence_code(minilm, minilm_stats):
    singles = [trace(minilm, s) for s in SENTENCES]
    per_sentence = [head_stats(t) for t in singles]
    for name in ("cls", "sep", "punctuation", "entropy", "previous", "next"):
        expected = np.mean([getattr(s, name) for s in per_sentence], axis=0)
        np.testing.assert_allclose(minilm_stats.mean(name), expected, atol=1e-4, err_msg=name)
        expected_std = np.std([getattr(s, name) for s in per_sentence], axis=0)
        np.testing.assert_allclose(minilm_stats.std(name), expected_std, atol=1e-4, err_msg=name)
    top = [corpus.top_neighbour_shares(np.asarray(t.attentions, np.float32)) for t in singles]
    np.testing.assert_allclose(minilm_stats.mean("previous_top"),
                               np.mean([p for p, _ in top], axis=0), atol=1e-6)
    np.testing.assert_allclose(minilm_stats.mean("next_top"),
                               np.mean([n for _, n in top], axis=0), atol=1e-6)
    assert list(minilm_stats.lengths) == [t.n_tokens for t in singles]


def test_top_neighbour_shares_count_argmax_rows():
    # 4 tokens, one head: queries 1 and 2 look at their previous token, query 3 at itself
    att = np.zeros((1, 1, 4, 4), dtype=np.float32)
    att[0, 0, 0, 1] = att[0, 0, 1, 0] = att[0, 0, 2, 1] = att[0, 0, 3, 3] = 1.0
    previous, following = corpus.top_neighbour_shares(att)
    assert previous[0, 0] == pytest.approx(2 / 3)
    assert following[0, 0] == pytest.approx(1 / 3)


def test_pattern_tags_follow_the_rules(minilm):
    stats = head_stats(trace(minilm, "The cat sat on the mat."))
    tags = corpus.pattern_tags(stats, is_pair=False)
    vertical = stats.cls + stats.sep + stats.punctuation
    diagonal = stats.previous + stats.next
    names = np.array(corpus.PATTERNS)[tags]
    assert set(names.ravel()) <= set(corpus.PATTERNS) - {"block"}
    assert (vertical[names == "vertical"] > 0.6).all()
    assert (diagonal[names == "diagonal"] > 0.5).all()
    mixed = names == "vertical+diagonal"
    assert ((vertical <= 0.6) & (diagonal <= 0.5) & (vertical >= 0.25) & (diagonal >= 0.25)
            & (vertical + diagonal > 0.6))[mixed].all()
    assert ((vertical <= 0.6) & (diagonal <= 0.5))[names == "heterogeneous"].all()


def test_head_patterns_and_most_typical_sentence(minilm_stats):
    pattern, share = minilm_stats.head_patterns()
    shares = minilm_stats.tag_shares()
    np.testing.assert_allclose(shares.sum(axis=0), 1.0)
    layer, head = 0, 0
    usual = corpus.PATTERNS.index(pattern[layer, head])
    assert share[layer, head] == pytest.approx((minilm_stats.tags[:, 0, 0] == usual).mean())
    chosen = minilm_stats.most_typical(layer, head, "entropy")
    values = minilm_stats.values["entropy"][:, 0, 0]
    candidates = np.flatnonzero(minilm_stats.tags[:, 0, 0] == usual)
    best = candidates[np.argmin(np.abs(values[candidates] - values.mean()))]
    assert chosen == best


def test_the_previous_token_head_is_diagonal(minilm_stats):
    """MiniLM's head 1-3 puts ~all its weight on the previous token (the token after [CLS]
    finds [CLS] there too): a diagonal head, not vertical+diagonal, in every sentence but
    "Hello!", whose every previous token is [CLS], "!" or [SEP] (vertical)."""
    pattern, share = minilm_stats.head_patterns()
    assert minilm_stats.mean("previous")[0, 2] > 0.99
    assert (pattern[0, 2], share[0, 2]) == ("diagonal", 0.8)
    assert [corpus.PATTERNS[k] for k in minilm_stats.tags[:, 0, 2]] == [
        "diagonal", "diagonal", "diagonal", "vertical", "diagonal"]


def test_search_finds_previous_token_heads(minilm_stats):
    rows = corpus.search(minilm_stats, "previous_top >= 0.9")
    means = minilm_stats.mean("previous_top")
    expected = {(l + 1, h + 1) for l, h in zip(*np.nonzero(means >= 0.9))}
    assert set(zip(rows["layer"], rows["head"])) == expected
    assert expected, "MiniLM has previous-token heads"
    assert list(rows["previous_top_mean"]) == sorted(rows["previous_top_mean"], reverse=True)


def test_search_rejects_a_bad_query(minilm_stats):
    with pytest.raises(BertvisError, match="'colour > 2' is not a search") as found:
        corpus.search(minilm_stats, "colour > 2")
    assert found.value.code == "bad_query"


def test_table_has_one_row_per_head(minilm_stats):
    rows = corpus.table(minilm_stats)
    assert len(rows) == 6 * 12
    assert rows.iloc[13][["layer", "head"]].tolist() == [2, 2]
    assert rows.iloc[13]["cls_mean"] == pytest.approx(minilm_stats.mean("cls")[1, 1])


def test_progress_and_cancel(minilm):
    seen = []
    corpus.corpus_stats(minilm, SENTENCES, batch_size=2, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(2, 5), (4, 5), (5, 5)]
    calls = []

    def cancel_after_first_batch() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(BertvisError, match="cancelled") as found:
        corpus.corpus_stats(minilm, SENTENCES, batch_size=2, cancelled=cancel_after_first_batch)
    assert found.value.details == {"done": 2, "total": 5}


def test_each_batch_runs_inside_the_budget(minilm, monkeypatch):
    budget = memory_budget.MemoryBudget(10**9)
    asked = []
    real = budget.reserved

    def spy(nbytes):
        asked.append(nbytes)
        return real(nbytes)

    monkeypatch.setattr(budget, "reserved", spy)
    corpus.corpus_stats(minilm, SENTENCES[:3], batch_size=2, budget=budget)
    enc = corpus.encode(minilm, SENTENCES[:2])
    assert asked[0] == corpus.batch_estimate(minilm, 2, enc["input_ids"].shape[1])
    assert len(asked) == 2


def test_bundled_sets_are_large_enough():
    english, japanese = corpus.bundled_set("en"), corpus.bundled_set("ja")
    assert len(english) >= 200 and len(japanese) >= 200
    assert len(set(english)) == len(english) and len(set(japanese)) == len(japanese)
    assert all(any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in s)
               for s in japanese)


def test_sentences_of_rejects_empty_input():
    assert corpus.sentences_of(" a \n\n b\n") == ["a", "b"]
    with pytest.raises(BertvisError, match="There are no sentences") as found:
        corpus.sentences_of("\n  \n")
    assert found.value.code == "no_sentences"
