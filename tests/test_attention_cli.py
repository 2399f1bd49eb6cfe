"""``python -m bertvis attention --rollout / --stats`` on a tiny BERT folder."""

from __future__ import annotations

import json

import numpy as np
from test_cli import run_cli

from bertvis import attention, models
from bertvis.trace import trace


def test_rollout_json_matches_the_engine(tiny_bert):
    code, out, _ = run_cli("attention", "the cat sat", "--pair", "a dog", "--rollout",
                           "--model", str(tiny_bert), "--device", "cpu")
    assert code == 0
    data = json.loads(out)
    assert data["rollout_through_layer"] == 2 and data["sentence_b_start"] == 5
    expected = attention.rollout(trace(models.load(str(tiny_bert), device="cpu"), "the cat sat",
                                       "a dog").attentions)[1]
    np.testing.assert_allclose(np.array(data["attention"]), expected, atol=1e-4)
    np.testing.assert_allclose(np.array(data["attention"]).sum(1), 1.0, atol=1e-3)


def test_rollout_of_layer_one_as_csv(tiny_bert):
    code, out, _ = run_cli("attention", "the cat", "--rollout", "--layer", "1", "--format", "csv",
                           "--model", str(tiny_bert))
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "query \\ key,[CLS],the,cat,[SEP]"
    # 0.5·A + 0.5·I: every diagonal weight is at least one half
    diagonal = [float(line.split(",")[i + 1]) for i, line in enumerate(lines[1:])]
    assert min(diagonal) >= 0.5


def test_stats_lists_every_head_with_a_pattern(tiny_bert):
    code, out, _ = run_cli("attention", "the cat sat .", "--stats", "--model", str(tiny_bert))
    assert code == 0
    data = json.loads(out)
    assert len(data["heads"]) == 8  # 2 layers × 4 heads, numbered from 1
    assert (data["heads"][-1]["layer"], data["heads"][-1]["head"]) == (2, 4)
    loaded = models.load(str(tiny_bert), device="cpu")
    result = trace(loaded, "the cat sat .")
    stats = attention.head_stats(result)
    assert data["heads"][5]["pattern"] == stats.pattern[1, 1]
    assert abs(data["heads"][5]["entropy"] - float(stats.entropy[1, 1])) < 1e-4
    assert {h["pattern"] for h in data["heads"]} <= set(attention.PATTERNS)


def test_stats_as_csv(tiny_bert):
    code, out, _ = run_cli("attention", "the cat", "--stats", "--format", "csv",
                           "--model", str(tiny_bert))
    assert code == 0
    assert out.splitlines()[0] == "layer,head,entropy,cls,sep,punctuation,previous,next," \
                                  "own_sentence,pattern"
