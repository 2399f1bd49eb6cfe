"""Sentence similarity engine and CLI: pooling and cosine against hand computations, one padded
batch equal to one sentence at a time (tiny BERT and the real MiniLM), MiniLM's mean pooling
ranking a paraphrase above an unrelated pair, the pooler's absence, and the command line."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from tiny import make_tiny_bert
from transformers import BertConfig, BertModel

from bertvis import models
from bertvis import similarity as sim
from bertvis.cli import main
from bertvis.errors import BertvisError
from bertvis.presets import PACKAGED_MINILM
from bertvis.trace import trace

MIXED = sim.example("mixed", "en")
# Lengths 3 to 20 tokens, so the batch really pads.
UNEVEN = [
    "a cat",
    "the dog sat on the mat because it was tired and sad .",
    "paris is the capital of france , not london .",
    "i ate fruit",
]


@pytest.fixture(scope="module")
def tiny(tiny_bert):
    return models.load(str(tiny_bert), device="cpu")


@pytest.fixture(scope="module")
def no_pooler_folder(tmp_path_factory):
    """A tiny encoder saved without pooler weights (``add_pooling_layer=False``)."""
    folder = make_tiny_bert(tmp_path_factory.mktemp("no-pooler"), kind="encoder")
    BertModel(BertConfig.from_pretrained(folder), add_pooling_layer=False).save_pretrained(folder)
    return folder


# --- pure functions against hand computations -------------------------------------------------

def test_cosine_matrix_by_hand():
    vectors = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, -2.0], [0.0, 0.0]])
    r = 1 / np.sqrt(2)
    expected = np.array([[1, r, 0, 0], [r, 1, -r, 0], [0, -r, 1, 0], [0, 0, 0, 0]])
    np.testing.assert_allclose(sim.cosine_matrix(vectors), expected, atol=1e-12)


def test_mean_pool_excludes_padding_and_cls_pool_takes_first_token():
    hidden = np.array([
        [[1.0, 2.0], [3.0, 4.0], [100.0, 100.0]],  # 2 real tokens + padding
        [[5.0, 0.0], [-1.0, -1.0], [-1.0, -1.0]],  # 1 real token + 2 padding
    ])
    mask = np.array([[1, 1, 0], [1, 0, 0]])
    np.testing.assert_allclose(sim.mean_pool(hidden, mask), [[2.0, 3.0], [5.0, 0.0]])
    np.testing.assert_allclose(sim.cls_pool(hidden), [[1.0, 2.0], [5.0, 0.0]])
    # a leading layer axis is pooled layer by layer
    stacked = np.stack([hidden, 2 * hidden])
    np.testing.assert_allclose(sim.mean_pool(stacked, mask)[1], [[4.0, 6.0], [10.0, 0.0]])


def test_centre_and_mean_off_diagonal_by_hand():
    vectors = np.array([[2.0, 1.0], [4.0, 1.0], [0.0, 1.0]])
    np.testing.assert_allclose(sim.centre(vectors), [[0, 0], [2, 0], [-2, 0]])
    matrix = np.array([[1.0, 0.5, 0.1], [0.5, 1.0, -0.3], [0.1, -0.3, 1.0]])
    assert sim.mean_off_diagonal(matrix) == pytest.approx((0.5 + 0.1 - 0.3) * 2 / 6)
    assert np.isnan(sim.mean_off_diagonal(np.ones((1, 1))))


def test_pca_of_points_on_a_line_and_a_plane():
    line = np.array([[0.0, 0.0, 1.0], [1.0, 2.0, 1.0], [2.0, 4.0, 1.0]])
    projection = sim.pca_2d(line)
    np.testing.assert_allclose(projection.explained, [1.0, 0.0], atol=1e-12)
    step = np.sqrt(5.0)
    np.testing.assert_allclose(projection.points[:, 0], [-step, 0.0, step], atol=1e-12)
    np.testing.assert_allclose(projection.points[:, 1], 0.0, atol=1e-12)
    # points already in a plane keep their distances on the map
    plane = np.array([[3.0, 0.0, 0.0], [-3.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, -1.0, 0.0]])
    points = sim.pca_2d(plane).points
    np.testing.assert_allclose(np.abs(points), [[3, 0], [3, 0], [0, 1], [0, 1]], atol=1e-12)
    np.testing.assert_allclose(sim.pca_2d(plane).explained, [18 / 20, 2 / 20])


def test_sentences_are_cleaned_and_limits_refused():
    assert sim.clean_sentences("  one \n\n two\n   \n") == ["one", "two"]
    with pytest.raises(BertvisError) as empty:
        sim.check_sentences([])
    assert empty.value.code == "no_sentences"
    with pytest.raises(BertvisError) as many:
        sim.check_sentences(["x"] * (sim.MAX_SENTENCES + 1))
    assert many.value.code == "too_many_sentences"
    assert many.value.details == {"count": sim.MAX_SENTENCES + 1, "limit": sim.MAX_SENTENCES}


def test_baseline_language_follows_the_sentences():
    assert sim.baseline_language(["A cat.", "猫がいる。", "ねこ"]) == "ja"
    assert sim.baseline_language(["A cat.", "A dog.", "猫がいる。"]) == "en"


def test_example_sets_are_complete_in_both_languages():
    for name in sim.EXAMPLE_SETS:
        english, japanese = sim.example(name, "en"), sim.example(name, "ja")
        assert len(english.sentences) == len(japanese.sentences) >= 8
        assert english.similar == japanese.similar and english.unrelated == japanese.unrelated
        for i, j in (english.similar, english.unrelated):
            assert i != j and 0 <= i < len(english.sentences) and 0 <= j < len(english.sentences)
        assert all("\n" not in s and s.strip() == s for s in english.sentences + japanese.sentences)


# --- the batch on a tiny BERT -------------------------------------------------------------------

def test_tiny_batch_equals_traces_of_each_sentence(tiny):
    emb = sim.embed(tiny, UNEVEN)
    assert emb.cls.shape == (tiny.n_layers + 1, len(UNEVEN), tiny.hidden_size)
    assert emb.mean.shape == emb.cls.shape and emb.pooler.shape == (len(UNEVEN), 32)
    assert len(set(emb.n_tokens.tolist())) > 1  # the batch was padded
    for i, sentence in enumerate(UNEVEN):
        alone = trace(tiny, sentence)  # one sentence, no padding: a different code path
        assert emb.n_tokens[i] == alone.n_tokens
        np.testing.assert_allclose(emb.cls[:, i], alone.hidden_states[:, 0], atol=1e-5)
        np.testing.assert_allclose(emb.mean[:, i], alone.hidden_states.mean(axis=1), atol=1e-5)
        np.testing.assert_allclose(emb.pooler[i], alone.pooled, atol=1e-5)


def test_layer_zero_cls_is_the_same_for_every_sentence(tiny):
    """Before any attention, [CLS] is token + position 0 + segment 0 embeddings: all cosines 1."""
    matrix = sim.similarity(sim.embed(tiny, UNEVEN), "cls", layer=0)
    np.testing.assert_allclose(matrix, 1.0, atol=1e-6)


def test_long_sentences_are_cut_and_reported(tiny):
    emb = sim.embed(tiny, ["a cat", "the dog " * 40], max_tokens=10)
    assert emb.truncated == (1,) and emb.n_tokens.tolist() == [4, 10] and emb.max_tokens == 10


def test_layers_and_centring(tiny):
    emb = sim.embed(tiny, UNEVEN)
    assert emb.n_layers == 2
    with pytest.raises(BertvisError) as bad:
        emb.vectors("mean", 3)
    assert bad.value.code == "bad_layer"
    with pytest.raises(BertvisError) as pooler:
        emb.vectors("pooler", 1)
    assert pooler.value.code == "pooler_last_layer"
    centred = sim.similarity(emb, "mean", centred=True)
    np.testing.assert_allclose(centred, sim.cosine_matrix(sim.centre(emb.mean[2])))
    series = sim.pair_by_layer(emb, "mean", 0, 1)
    assert series.shape == (3,)
    assert series[1] == pytest.approx(sim.similarity(emb, "mean", 1)[0, 1])
    assert sim.pair_by_layer(emb, "pooler", 0, 1).shape == (1,)
    baseline = sim.baseline_by_layer(emb, "cls")
    assert baseline[2] == pytest.approx(sim.mean_off_diagonal(sim.similarity(emb, "cls")))


def test_a_model_without_a_pooler_says_so(no_pooler_folder):
    loaded = models.load(str(no_pooler_folder), device="cpu")
    assert not loaded.has_pooler
    emb = sim.embed(loaded, UNEVEN)
    assert emb.pooler is None and emb.available() == ("cls", "mean")
    with pytest.raises(BertvisError) as missing:
        emb.vectors("pooler")
    assert missing.value.code == "no_pooler" and "no trained pooler" in missing.value.message


def test_has_pooler_on_real_checkpoints(tiny, minilm):
    assert tiny.has_pooler and minilm.has_pooler


# --- the real MiniLM ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mixed(minilm):
    return sim.embed(minilm, list(MIXED.sentences))


def test_minilm_batch_equals_one_at_a_time(minilm, mixed):
    singles = [sim.embed(minilm, [sentence]) for sentence in MIXED.sentences]
    assert len(set(mixed.n_tokens.tolist())) > 1  # the batch was padded
    worst = 0.0
    for i, alone in enumerate(singles):
        for batch, single in ((mixed.cls, alone.cls), (mixed.mean, alone.mean)):
            worst = max(worst, float(np.abs(batch[:, i] - single[:, 0]).max()))
        worst = max(worst, float(np.abs(mixed.pooler[i] - alone.pooler[0]).max()))
    assert worst < 1e-4
    one_by_one = np.stack([alone.mean[-1, 0] for alone in singles])
    np.testing.assert_allclose(sim.cosine_matrix(one_by_one), sim.similarity(mixed, "mean"),
                               atol=1e-4)


def test_minilm_mean_pooling_ranks_paraphrase_above_unrelated(mixed):
    matrix = sim.similarity(mixed, "mean")
    (a1, a2), (b1, b2) = MIXED.similar, MIXED.unrelated
    assert matrix[a1, a2] > 0.7 > 0.2 > matrix[b1, b2]
    # the kitten/cat paraphrase too, against every sentence outside its pair
    assert matrix[2, 3] > max(matrix[2, k] for k in range(8) if k not in (2, 3))


def test_minilm_raw_cls_is_anisotropic_and_centring_removes_it(minilm):
    """On unrelated sentences raw [CLS] cosines are far above 0; after centring they average
    -1/(N-1) by construction (the centred vectors sum to zero)."""
    unrelated = sim.embed(minilm, list(sim.example("unrelated", "en").sentences))
    raw = sim.mean_off_diagonal(sim.similarity(unrelated, "cls"))
    mean = sim.mean_off_diagonal(sim.similarity(unrelated, "mean"))
    centred = sim.mean_off_diagonal(sim.similarity(unrelated, "cls", centred=True))
    assert raw > 0.3 and raw > mean + 0.2
    assert abs(centred) < 0.2


# --- command line --------------------------------------------------------------------------------

def run_cli(capsys, *argv: str, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["similarity", "--model", PACKAGED_MINILM, "--device", "cpu", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_prints_the_matrix_with_the_sentences(capsys, mixed):
    code, out, _ = run_cli(capsys, "--pooling", "mean", *MIXED.sentences[:3])
    assert code == 0
    result = json.loads(out)
    assert result["sentences"] == list(MIXED.sentences[:3])
    assert result["pooling"] == "mean" and result["layer"] == 6 == result["n_layers"]
    matrix = np.array(result["matrix"])
    np.testing.assert_allclose(matrix, sim.similarity(mixed, "mean")[:3, :3], atol=2e-4)


def test_cli_reads_stdin_lines_layer_and_centring(capsys, monkeypatch, mixed):
    text = "\n".join(MIXED.sentences) + "\n\n"
    code, out, _ = run_cli(capsys, "--pooling", "cls", "--layer", "3", "--centred",
                           stdin=text, monkeypatch=monkeypatch)
    assert code == 0
    result = json.loads(out)
    assert len(result["sentences"]) == 8 and result["centred"] and result["layer"] == 3
    np.testing.assert_allclose(result["matrix"], sim.similarity(mixed, "cls", 3, centred=True),
                               atol=2e-4)


def test_cli_csv_of_an_example_set(capsys):
    code, out, _ = run_cli(capsys, "--example", "negations", "--pooling", "mean",
                           "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "sentence," + ",".join(str(i) for i in range(1, 11))
    assert lines[1].startswith("I really liked this film.,1.0,")
    assert len(lines) == 11


def test_cli_refuses_bad_input_with_messages(capsys, monkeypatch, no_pooler_folder):
    code, _, err = run_cli(capsys, stdin="  \n", monkeypatch=monkeypatch)
    assert code == 2 and "No sentences" in err
    code, _, err = run_cli(capsys, "--layer", "7", "a", "b")
    assert code == 2 and "--layer must be 0..6" in err
    code = main(["similarity", "--model", str(no_pooler_folder), "--pooling", "pooler", "a", "b"])
    err = capsys.readouterr().err
    assert code == 2 and "no trained pooler" in err


# --- figures ---------------------------------------------------------------------------------------

def test_heatmaps_share_one_colour_scale():
    from bertvis.figures import similarity as figures

    low = np.array([[1.0, -0.2], [-0.2, 1.0]])
    high = np.array([[1.0, 0.9], [0.9, 1.0]])
    fig = figures.heatmaps({"a": low, "b": high}, ["one", "two"], False, "cosine")
    assert [t.coloraxis for t in fig.data] == ["coloraxis", "coloraxis"]
    assert fig.layout.coloraxis.cmin == pytest.approx(-0.2) and fig.layout.coloraxis.cmax == 1
    assert list(fig.data[0].customdata[0][1]) == ["one", "two"]  # hover names both sentences
    centred = figures.heatmaps({"a": low}, ["one", "two"], True, "cosine")
    assert (centred.layout.coloraxis.cmin, centred.layout.coloraxis.cmid) == (-1, 0)
    many = [f"s{i}" for i in range(figures.MAX_HOVER_SENTENCES + 1)]
    big = figures.heatmaps({"a": np.eye(len(many))}, many, False, "cosine")
    assert big.data[0].customdata is None and big.data[0].texttemplate is None


def test_pair_lines_put_the_pooler_at_the_last_layer():
    from bertvis.figures import similarity as figures

    series = {"cls": {"A": np.array([1.0, 0.5, 0.2])}, "pooler": {"A": np.array([0.7])}}
    fig = figures.pair_lines(series, 2, "layer", "cosine", current_layer=1)
    assert list(fig.data[0].x) == [0, 1, 2] and list(fig.data[1].x) == [2]
    assert fig.data[0].showlegend and not fig.data[1].showlegend
