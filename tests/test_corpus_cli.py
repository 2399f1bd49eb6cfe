"""``python -m bertvis corpus``, ``finetune-diff`` and ``patch``: the engine's numbers as JSON
(layers and heads from 1), and clear errors for bad input."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from bertvis import corpus, patching
from bertvis.cli import main
from bertvis.presets import PACKAGED_MINILM
from bertvis.trace import trace

LINES = ["The cat sat on the mat.", "", "  Where are my keys?  ", "Birds sing in the morning."]


@pytest.fixture
def sentence_file(tmp_path):
    path = tmp_path / "sentences.txt"
    path.write_text("\n".join(LINES), encoding="utf-8")
    return str(path)


def _run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_corpus_prints_means_and_stds_of_the_engine(capsys, sentence_file, minilm):
    out = json.loads(_run(capsys, "corpus", sentence_file, "--model", PACKAGED_MINILM,
                          "--decimals", "6", "--search", "previous_top >= 0.9"))
    found = corpus.corpus_stats(minilm, ["The cat sat on the mat.", "Where are my keys?",
                                         "Birds sing in the morning."])
    assert out["sentences"] == 3
    assert set(out["statistics"]) == set(corpus.STATISTICS)
    np.testing.assert_allclose(out["statistics"]["cls"]["mean"], found.mean("cls"), atol=1e-6)
    np.testing.assert_allclose(out["statistics"]["entropy"]["std"], found.std("entropy"),
                               atol=1e-6)
    assert out["pattern"] == found.head_patterns()[0].tolist()
    expected = corpus.search(found, "previous_top >= 0.9")
    assert [(h["layer"], h["head"]) for h in out["search"]["heads"]] == list(
        zip(expected["layer"], expected["head"]))


def test_corpus_csv_has_a_row_per_head(capsys, sentence_file):
    rows = pd.read_csv(io.StringIO(_run(capsys, "corpus", sentence_file, "--model",
                                        PACKAGED_MINILM, "--format", "csv")))
    assert len(rows) == 72 and list(rows.columns[:4]) == ["layer", "head", "cls_mean", "cls_std"]


def test_corpus_of_an_empty_file_is_a_message(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n", encoding="utf-8")
    assert main(["corpus", str(empty), "--model", PACKAGED_MINILM]) == 2
    assert capsys.readouterr().err == "error: There are no sentences: write one a line.\n"


def test_finetune_diff_offline_defaults_are_the_minilm_pair(capsys, sentence_file):
    out = json.loads(_run(capsys, "finetune-diff", sentence_file, "--device", "cpu"))
    assert (out["model_a"], out["model_b"]) == (PACKAGED_MINILM, "packaged:minilm-sentiment")
    divergence = np.array(out["divergence"])
    assert divergence.shape == (6, 12)
    assert np.all(divergence[:5] == 0.0) and divergence[5].max() > 1e-3
    assert out["cka"][:5] == [1.0] * 5 and out["cka"][5] < 0.999


def test_patch_prints_the_engine_shares(capsys):
    text_a, text_b = "The film was wonderful.", "The film was terrible."
    out = json.loads(_run(capsys, "patch", text_a, text_b, "--device", "cpu"))
    assert out["answer"] == "positive" and out["output"] == "label"
    assert out["tokens_b"][4] == "terrible"
    heads, positions = np.array(out["head_share"]), np.array(out["position_share"])
    assert heads.shape == (6, 12) and positions.shape == (6, 7)
    from bertvis import models

    loaded = models.load("packaged:minilm-sentiment", kind="sequence-classification",
                         device="cpu")
    found = patching.patch(loaded, trace(loaded, text_a), trace(loaded, text_b), "label")
    np.testing.assert_allclose(heads, found.head_shares, atol=1e-6)
    np.testing.assert_allclose(positions, found.position_shares, atol=1e-6)


def test_patch_of_a_pair_that_does_not_line_up_is_a_message(capsys):
    assert main(["patch", "The film was wonderful.", "It was bad.", "--device", "cpu"]) == 2
    assert capsys.readouterr().err.endswith(
        "error: The two inputs must have the same number of tokens to patch one into the "
        "other (7 vs 6).\n")
