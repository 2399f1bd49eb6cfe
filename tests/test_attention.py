"""Attention engine on small hand-made arrays with answers worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from bertvis import attention as A
from bertvis import quiz
from bertvis.trace import Trace


def rows(*values) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def made(tokens: list[str], special, attentions: np.ndarray | None = None,
         b_start: int | None = None, word_ids: list | None = None) -> Trace:
    """A hand-made Trace of ``tokens`` (sentence B from ``b_start``) holding ``attentions``
    ``[L, H, T, T]`` (uniform when not given)."""
    n = len(tokens)
    if attentions is None:
        attentions = np.full((1, 1, n, n), 1 / n)
    return Trace(model_name="hand-made", text_a=" ".join(tokens), text_b=None, tokens=tokens,
                 input_ids=np.arange(n), token_type_ids=np.zeros(n, dtype=np.int64),
                 special=np.asarray(special, dtype=bool), sentence_b_start=b_start,
                 attentions=attentions, hidden_states=np.zeros((len(attentions) + 1, n, 1)),
                 pooled=None, word_ids=word_ids or [])


def test_rollout_of_one_layer_is_half_attention_half_identity():
    att = rows([0.0, 1.0], [1.0, 0.0])[None, None]  # one layer, one head, swaps the tokens
    out = A.rollout(att)
    np.testing.assert_allclose(out[0], [[0.5, 0.5], [0.5, 0.5]])


def test_rollout_averages_heads_and_multiplies_later_layers_on_the_left():
    # Layer 1, two heads: mean is [[0.5, 0.5], [0, 1]] → Â1 = [[0.75, 0.25], [0, 1]].
    layer1 = np.stack([rows([1, 0], [0, 1]), rows([0, 1], [0, 1])])
    # Layer 2, two identical heads attending to token 0 → Â2 = [[1, 0], [0.5, 0.5]].
    layer2 = np.stack([rows([1, 0], [1, 0])] * 2)
    out = A.rollout(np.stack([layer1, layer2]))
    np.testing.assert_allclose(out[0], [[0.75, 0.25], [0.0, 1.0]])
    # R2 = Â2 @ Â1 = [[0.75, 0.25], [0.375, 0.625]]
    np.testing.assert_allclose(out[1], [[0.75, 0.25], [0.375, 0.625]], rtol=1e-6)
    np.testing.assert_allclose(out.sum(-1), 1.0, rtol=1e-6)


def test_layer_mean():
    att = np.stack([rows([1, 0], [0, 1]), rows([0, 1], [1, 0])])[None]
    np.testing.assert_allclose(A.layer_mean(att)[0], [[0.5, 0.5], [0.5, 0.5]])


TOKENS = ["[CLS]", "un", "##believ", "##able", "cat", "[SEP]"]
SPECIAL = np.array([True, False, False, False, False, True])


def test_word_groups_and_labels():
    groups = A.word_groups(made(TOKENS, SPECIAL))
    assert groups == [[0], [1, 2, 3], [4], [5]]
    assert A.word_label(TOKENS, groups[1]) == "unbelievable"
    # a "##" piece right after a special token starts its own word
    assert A.word_groups(made(["[CLS]", "##x"], [True, False])) == [[0], [1]]
    # the Trace's own word ids win over the marks
    assert A.word_groups(made(TOKENS, SPECIAL, word_ids=[None, 0, 1, 1, 1, None])) == [
        [0], [1], [2, 3, 4], [5]]


def test_merge_words_sums_keys_and_averages_queries():
    matrix = rows(
        [0.1, 0.2, 0.3, 0.4],
        [0.4, 0.0, 0.0, 0.6],
        [0.0, 0.5, 0.5, 0.0],
        [1.0, 0.0, 0.0, 0.0],
    )
    groups = [[0], [1, 2], [3]]  # tokens 1 and 2 form one word
    merged = A.merge_words(matrix, groups)
    np.testing.assert_allclose(merged, [
        [0.1, 0.5, 0.4],
        [0.2, 0.5, 0.3],  # mean of rows [0.4, 0.0, 0.6] and [0.0, 1.0, 0.0]
        [1.0, 0.0, 0.0],
    ])
    np.testing.assert_allclose(merged.sum(axis=1), 1.0)


PAIR_TOKENS = ["[CLS]", "a", "[SEP]", "b", "[SEP]"]
PAIR_SPECIAL = np.array([True, False, True, False, True])


def pair(attentions: np.ndarray | None = None) -> Trace:
    """``[CLS] a [SEP] b [SEP]``: sentence B from token 3."""
    return made(PAIR_TOKENS, PAIR_SPECIAL, attentions, b_start=3)


def test_block_masses_per_layer():
    matrix = np.full((5, 5), 0.2)
    matrix[3] = [0.0, 0.0, 0.0, 0.5, 0.5]  # query b attends only inside sentence B
    att = np.stack([matrix, matrix])[None]  # one layer, two equal heads
    masses = A.block_masses(pair(att))
    np.testing.assert_allclose(masses["AA"], [0.6])
    np.testing.assert_allclose(masses["AB"], [0.4])
    np.testing.assert_allclose(masses["BA"], [0.3])  # (0 + 0.6) / 2 queries
    np.testing.assert_allclose(masses["BB"], [0.7])


def test_view_block_filter_and_hiding_specials():
    matrix = np.arange(25, dtype=float).reshape(5, 5) + 1
    cut = A.view(matrix, pair(), block="AB")
    assert cut.row_labels == ["[CLS]", "a", "[SEP]"] and cut.column_labels == ["b", "[SEP]"]
    np.testing.assert_array_equal(cut.values, matrix[:3, 3:])
    hidden = A.view(matrix, pair(), hide_special=True)
    assert hidden.column_labels == ["a", "b"]
    assert hidden.row_labels == PAIR_TOKENS  # rows stay
    np.testing.assert_array_equal(hidden.values, matrix[:, [1, 3]])


def test_hiding_specials_with_and_without_renormalising():
    matrix = rows([0.5, 0.2, 0.2, 0.1, 0.0], [0.0, 0.1, 0.6, 0.3, 0.0],
                  [0.2] * 5, [0.0, 0.0, 1.0, 0.0, 0.0], [0.2] * 5)
    kept = A.view(matrix, pair(), hide_special=True)
    np.testing.assert_allclose(kept.values[0], [0.2, 0.1])  # sums to 0.3: the rest went to specials
    renorm = A.view(matrix, pair(), hide_special=True,
                    renormalise=True)
    np.testing.assert_allclose(renorm.values[0], [2 / 3, 1 / 3])
    np.testing.assert_allclose(renorm.values[1], [0.25, 0.75])
    np.testing.assert_allclose(renorm.values[3], [0.0, 0.0])  # all on [SEP]: nothing left, no NaN


def test_view_words_then_hide():
    matrix = np.full((6, 6), 1 / 6)
    cut = A.view(matrix, made(TOKENS, SPECIAL), words=True, hide_special=True)
    assert cut.row_labels == ["[CLS]", "unbelievable", "cat", "[SEP]"]
    assert cut.column_labels == ["unbelievable", "cat"]
    np.testing.assert_allclose(cut.values[1], [0.5, 1 / 6])


def test_punctuation():
    assert A.is_punctuation(".") and A.is_punctuation("##!") and A.is_punctuation("、")
    assert not A.is_punctuation("cat") and not A.is_punctuation("a.b") and not A.is_punctuation("")


def head(kind: str, n: int) -> np.ndarray:
    if kind == "previous":
        m = np.eye(n, k=-1)
        m[0, 0] = 1
    elif kind == "next":
        m = np.eye(n, k=1)
        m[-1, -1] = 1
    elif kind == "cls":
        m = np.zeros((n, n))
        m[:, 0] = 1
    elif kind == "uniform":
        m = np.full((n, n), 1 / n)
    else:  # self
        m = np.eye(n)
    return m


def test_head_stats_known_answers_and_tags():
    tokens = ["[CLS]", "the", "cat", "sat", ".", "[SEP]"]
    special = np.array([True, False, False, False, False, True])
    n = len(tokens)
    att = np.stack([np.stack([head(k, n) for k in ("previous", "next", "cls", "uniform", "self")])])
    stats = A.head_stats(made(tokens, special, att))
    assert list(stats.pattern[0]) == ["previous", "next", "special", "broad", "other"]
    np.testing.assert_allclose(stats.previous[0], [1.0, 0.0, 0.2, 1 / 6, 0.0], atol=1e-6)
    np.testing.assert_allclose(stats.next[0], [0.0, 1.0, 0.0, 1 / 6, 0.0], atol=1e-6)
    np.testing.assert_allclose(stats.cls[0], [2 / 6, 0.0, 1.0, 1 / 6, 1 / 6], atol=1e-6)
    np.testing.assert_allclose(stats.sep[0], [0.0, 2 / 6, 0.0, 1 / 6, 1 / 6], atol=1e-6)
    np.testing.assert_allclose(stats.punctuation[0], [1 / 6, 1 / 6, 0.0, 1 / 6, 1 / 6], atol=1e-6)
    np.testing.assert_allclose(stats.entropy[0], [0, 0, 0, np.log(6), 0], atol=1e-6)


def test_block_tag_only_for_pairs():
    n = 5
    matrix = np.zeros((n, n))
    matrix[:3, 1] = 1.0  # sentence A queries look at "a"
    matrix[3:, 3] = 1.0  # sentence B queries look at "b"
    att = matrix[None, None]
    both = A.head_stats(pair(att))
    assert both.pattern[0, 0] == "block"
    np.testing.assert_allclose(both.own_sentence[0, 0], 1.0)
    single = A.head_stats(made(PAIR_TOKENS, PAIR_SPECIAL, att))  # the same tokens, no B
    assert single.pattern[0, 0] == "other"


def test_broad_threshold_scales_with_length():
    assert A.broad_threshold(128) == pytest.approx(3.8)
    assert A.broad_threshold(16) == pytest.approx(3.8 * np.log(16) / np.log(128))


def test_stats_table_numbers_from_one():
    att = head("uniform", 3)[None, None]
    table = A.stats_table(A.head_stats(made(["[CLS]", "a", "[SEP]"], [True, False, True], att)))
    assert table[0]["layer"] == 1 and table[0]["head"] == 1
    assert table[0]["entropy"] == pytest.approx(round(np.log(3), 4))


def test_pool_sums_keys_and_averages_queries():
    matrix = np.arange(16, dtype=float).reshape(4, 4)
    pooled = A.pool(matrix, 2)
    np.testing.assert_allclose(pooled, [[(0 + 1 + 4 + 5) / 2, (2 + 3 + 6 + 7) / 2],
                                        [(8 + 9 + 12 + 13) / 2, (10 + 11 + 14 + 15) / 2]])
    assert A.pool(matrix, 8) is matrix
    stochastic = np.full((2, 3, 10, 10), 0.1)
    np.testing.assert_allclose(A.pool(stochastic, 3).sum(-1), 1.0)


def test_quiz_grades_against_the_row_argmax():
    matrix = rows([0.1, 0.7, 0.2], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6])
    right = quiz.grade(matrix, 0, 1)
    assert right.correct and right.answer == 1 and right.answer_weight == pytest.approx(0.7)
    wrong = quiz.grade(matrix, 1, 2)
    assert not wrong.correct and wrong.answer == 0 and wrong.guess_weight == pytest.approx(0.25)
    tie = quiz.grade(rows([0.5, 0.5], [0.5, 0.5]), 0, 1)
    assert tie.correct


def test_quiz_picks_a_non_special_query():
    special = np.array([True, False, False, True])
    picks = {quiz.pick_query(special, seed) for seed in range(30)}
    assert picks == {1, 2}
    assert quiz.pick_query(np.array([True, True]), 0) in (0, 1)


def test_figures_updated_in_place_equal_figures_built_afresh():
    """The page reuses its heatmap across slider moves (set_matrix): the updated figure must be
    exactly the one a fresh build would draw. Its mosaic stays the same for every head (no
    frame shown); CSS shows the selected head's frame, the one a figure built for it shows."""
    from bertvis.figures import attention as F

    rng = np.random.default_rng(3)
    weights = rng.random((2, 3, 5, 5))
    weights /= weights.sum(-1, keepdims=True)
    words = made(["[CLS]", "a", "b", "a", "[SEP]"], [True, False, False, False, True])
    cut = [A.view(weights[layer, head], words)
           for layer, head in ((0, 0), (1, 2))]
    reused = F.matrix_heatmap(cut[0], "L1 H1", "query", "key", 95.0)
    F.set_matrix(reused, cut[1].values, "L2 H3", 95.0)
    assert reused.to_dict() == F.matrix_heatmap(cut[1], "L2 H3", "query", "key", 95.0).to_dict()
    framed = F.mosaic(weights, (1, 2), "{layer}/{head}", "all").layout.shapes
    assert [i for i, shape in enumerate(framed) if shape.opacity == 1] == [1 * 3 + 2]
    assert (framed[5].x0, framed[5].x1, framed[5].y0, framed[5].y1) == (2 * 6 - 1, 2 * 6 + 5,
                                                                         1 * 6 - 1, 1 * 6 + 5)
    bare = F.mosaic(weights, None, "{layer}/{head}", "all").layout.shapes
    assert len(bare) == 6 and all(shape.opacity == 0 for shape in bare)
    assert F.frame_css("st-key-m", (1, 2), 3) == (
        '<style>.st-key-m .shapelayer path[data-index="5"]{opacity: 1 !important;}</style>')


def test_figures_reused_for_a_new_sentence_equal_figures_built_afresh():
    """A new text of the same length reuses the page's figures (set_matrix with labels,
    set_mosaic): they must be exactly the figures built for that text."""
    from bertvis.figures import attention as F

    rng = np.random.default_rng(4)
    first, second = rng.random((2, 2, 3, 5, 5))
    second /= second.sum(-1, keepdims=True)
    special = [True, False, False, False, True]
    old = A.view(first[0, 0], made(["[CLS]", "a", "b", "a", "[SEP]"], special))
    new = A.view(second[1, 2], made(["[CLS]", "x", "y", "z", "[SEP]"], special))
    reused = F.matrix_heatmap(old, "L1 H1", "query", "key", 95.0)
    F.set_matrix(reused, new.values, "L2 H3", 95.0, labels=(new.row_labels, new.column_labels))
    assert reused.to_dict() == F.matrix_heatmap(new, "L2 H3", "query", "key", 95.0).to_dict()
    mosaic = F.set_mosaic(F.mosaic(first, (0, 0), "{layer}/{head}", "all", 95.0), second, 95.0)
    assert mosaic.to_dict() == F.mosaic(second, (0, 0), "{layer}/{head}", "all", 95.0).to_dict()
    assert mosaic.to_dict() != F.mosaic(first, (0, 0), "{layer}/{head}", "all", 95.0).to_dict()


def test_the_page_sends_its_matrix_on_a_grid_within_1e_6_that_compresses_better():
    import zlib

    from bertvis.figures.attention import WIRE_STEP, on_wire_grid

    rng = np.random.default_rng(0)
    weights = rng.dirichlet(np.ones(128), size=128).astype(np.float32)  # rows of a head
    sent = on_wire_grid(weights)
    assert sent.dtype == np.float32
    assert np.abs(sent - weights).max() <= WIRE_STEP / 2 < 1e-6
    assert np.array_equal(np.rint(sent / WIRE_STEP) * WIRE_STEP, sent)  # exactly on the grid
    assert len(zlib.compress(sent.tobytes())) < 0.8 * len(zlib.compress(weights.tobytes()))
