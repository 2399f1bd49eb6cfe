"""``python -m bertvis knockout`` and ``importance``: the same numbers as the engine."""

from __future__ import annotations

import io
import json

import pandas as pd
from planted_experiments import DECISIVE, TEXT

from bertvis import importance, models
from bertvis.cli import main
from bertvis.trace import trace


def _run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_knockout_of_the_decisive_head_flips_the_label(capsys, planted_decisive):
    layer, head = DECISIVE
    out = json.loads(_run(capsys, "knockout", TEXT, "--task", "sentiment", "--model",
                          planted_decisive, "--heads", f"{layer + 1}-{head + 1}"))
    assert out["heads"] == ["2-3"] and out["output"] == "label"
    assert out["before"]["label"] == "positive" and out["after"]["label"] == "negative"
    assert out["answer_probability"]["before"] > 0.9 > 0.5 > out["answer_probability"]["after"]
    assert out["after"]["probabilities"]["positive"] == out["answer_probability"]["after"]


def test_importance_prints_the_engine_numbers(capsys, planted_decisive):
    out = json.loads(_run(capsys, "importance", TEXT, "--task", "sentiment", "--model",
                          planted_decisive, "--top-k", "2", "--steps", "4"))
    loaded = models.load(planted_decisive, kind="sequence-classification", device="cpu")
    found = importance.head_importance(loaded, trace(loaded, TEXT), "label")
    first = next(row for row in out["heads"] if row["rank_exact"] == 1)
    assert (first["layer"], first["head"], first["rank_gradient"]) == (2, 3, 1)
    assert first["p_knocked"] == round(found.knocked[DECISIVE], 6)
    assert out["spearman"] == round(found.spearman, 6)
    assert out["top_k"]["heads"][0] == "2-3" and len(out["top_k"]["heads"]) == 2
    assert out["pruning"]["heads_removed"] == [0, 2, 4, 6, 8]
    assert out["pruning"]["order"][-1] == "2-3"
    table = pd.read_csv(io.StringIO(_run(capsys, "importance", TEXT, "--task", "sentiment",
                                         "--model", planted_decisive, "--format", "csv")))
    assert len(table) == 8 and table.loc[table.rank_exact == 1, "head"].item() == 3


def test_masked_word_knockout_on_a_pretraining_model(capsys, planted_pretraining):
    out = pd.read_csv(io.StringIO(_run(capsys, "knockout", "he is eating a [MASK] .", "--model",
                                       planted_pretraining, "--heads", "1-1,2-4", "--format", "csv")))
    assert out.loc[0, "output"] == "mask" and out.loc[0, "answer"] == "fruit"
    assert out.loc[0, "heads"] == "1-1,2-4"


def test_bad_choices_are_errors_not_tracebacks(capsys, planted_decisive):
    assert main(["knockout", TEXT, "--task", "sentiment", "--model", planted_decisive,
                 "--heads", "3-1"]) == 2
    assert "There is no head 3-1" in capsys.readouterr().err
    assert main(["knockout", TEXT, "--task", "sentiment", "--model", planted_decisive,
                 "--heads", "2-1", "--output", "mask"]) == 2
    assert "No 'mask' output here" in capsys.readouterr().err
