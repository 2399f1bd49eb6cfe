"""The sentiment engine: the shipped offline head, attributions, attention, untrained heads, CLI."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file
from test_cli import run_cli
from tiny import make_tiny_bert
from transformers import BertModel

from bertvis import attribution, models, sentiment, sentiment_model
from bertvis.errors import BertvisError
from bertvis.presets import DEFAULT_SENTIMENT, PACKAGED_SENTIMENT
from bertvis.trace import trace


@pytest.fixture(scope="module")
def packaged():
    return models.load(PACKAGED_SENTIMENT, kind="sequence-classification", device="cpu")


def _strong_head(model, _tokenizer):
    """Planted: a pooler and classifier with large weights, so the logits depend on the words."""
    generator = torch.Generator().manual_seed(1)
    for layer, std in ((model.bert.pooler.dense, 1.0), (model.classifier, 30.0)):
        layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator) * std)


@pytest.fixture(scope="module")
def tiny_classifier(tmp_path_factory):
    folder = make_tiny_bert(tmp_path_factory.mktemp("tiny-cls"), kind="sequence-classification",
                            plant=_strong_head, num_labels=2)
    return models.load(str(folder), kind="sequence-classification", device="cpu")


def test_packaged_model_is_a_real_classifier(packaged):
    result = trace(packaged, "This movie was wonderful.")
    assert packaged.label_names == ["negative", "positive"]
    assert result.attentions.shape[:2] == (6, 12)
    assert result.hidden_states.shape[0] == 7
    # The head really is a linear layer on the masked mean of the last hidden states.
    head = packaged.model.classifier.linear
    expected = head(torch.from_numpy(result.hidden_states[-1].mean(0))).detach().numpy()
    np.testing.assert_allclose(result.head_outputs["logits"], expected, atol=1e-4)


@pytest.mark.slow  # 1058 sentences through MiniLM
def test_shipped_head_reproduces_its_held_out_accuracy(packaged):
    card = sentiment_model.card()
    with open(sentiment_model.TEST_SPLIT_FILE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) == card["split"]["test"]
    table = sentiment.predict_batch(packaged, [r["text"] for r in rows], batch_size=64)
    accuracy = float((table["label"].to_numpy() == np.array([r["label"] for r in rows])).mean())
    assert accuracy == pytest.approx(card["accuracy"]["test"], abs=1e-3)
    assert accuracy > 0.75  # far above the 50 % of a coin flip


def test_shipped_last_layer_overrides_the_packaged_encoder(packaged):
    """The fine-tuned layer 5 in the float16 file replaces the packaged one; layer 4 does not."""
    shipped = load_file(sentiment_model.WEIGHTS_FILE)
    key = "bert.encoder.layer.5.attention.self.query.weight"
    assert shipped[key].dtype == torch.float16 and not any(".layer.4." in k for k in shipped)
    state = packaged.model.state_dict()
    assert state[key].dtype == torch.float32
    torch.testing.assert_close(state[key], shipped[key].float())
    original = BertModel.from_pretrained(models.packaged_minilm_path(), local_files_only=True)
    assert not torch.equal(original.state_dict()[key.removeprefix("bert.")], state[key])


def test_unexpected_shipped_keys_raise(tmp_path, monkeypatch):
    weights = dict(load_file(sentiment_model.WEIGHTS_FILE))
    weights["bert.encoder.layer.9.output.dense.weight"] = torch.zeros(2, 2, dtype=torch.float16)
    save_file(weights, str(tmp_path / "bad.safetensors"))
    monkeypatch.setattr(sentiment_model, "WEIGHTS_FILE", tmp_path / "bad.safetensors")
    with pytest.raises(ValueError, match="layer.9"):
        sentiment_model.build(models.packaged_minilm_path())


@pytest.mark.parametrize("text,label", [("This movie was wonderful.", "positive"),
                                        ("This movie was terrible.", "negative")])
def test_obvious_sentences(packaged, text, label):
    found = sentiment.predict(packaged, trace(packaged, text))
    assert found.label == label and found.confidence > 0.8
    assert found.probabilities.sum() == pytest.approx(1.0)


def test_batch_matches_single_and_reports_progress(packaged):
    texts = ["This movie was wonderful.", "A dull, lifeless mess.", "ok"]
    calls = []
    table = sentiment.predict_batch(packaged, texts, batch_size=2,
                                    progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 3), (3, 3)]
    single = sentiment.predict(packaged, trace(packaged, texts[1]))
    assert table.loc[1, "label"] == single.label
    assert table.loc[1, "p(positive)"] == pytest.approx(single.probabilities[1], abs=1e-4)


def test_ig_completeness_on_tiny_model(tiny_classifier):
    result = trace(tiny_classifier, "the movie was not very good")
    attr = attribution.attribute(tiny_classifier, result, "ig", n_steps=100)
    target = int(np.argmax(result.head_outputs["logits"]))
    assert attr.target == target
    # The baseline logit, computed here without captum.
    base = torch.tensor(attribution.baseline_ids(tiny_classifier, result))[None]
    with torch.no_grad():
        base_logit = tiny_classifier.model(input_ids=base).logits[0, target].item()
    diff = float(result.head_outputs["logits"][target]) - base_logit
    assert attr.baseline_logit == pytest.approx(base_logit, abs=1e-5)
    assert abs(diff) > 0.1  # something to explain
    assert attr.scores.sum() == pytest.approx(diff, rel=0.01)
    assert attr.completeness_error < 0.01 * abs(diff)
    print(f"IG completeness: sum {attr.scores.sum():.5f}, logit difference {diff:.5f}, "
          f"|delta| {attr.completeness_error:.2e}")


def test_gradient_times_input_is_per_token(tiny_classifier):
    result = trace(tiny_classifier, "the cat sat")
    attr = attribution.attribute(tiny_classifier, result, "gxi")
    assert attr.scores.shape == (result.n_tokens,) and attr.delta is None
    assert np.abs(attr.scores).sum() > 0


def test_cls_rollout_and_rank_correlation(packaged):
    result = trace(packaged, "A dull, lifeless mess.")
    rolled = attribution.cls_rollout(result)
    assert rolled.shape == (result.n_tokens,) and rolled.sum() == pytest.approx(1.0, abs=1e-4)
    np.testing.assert_allclose(attribution.cls_attention(result),
                               result.attentions[-1, :, 0].mean(0, dtype=np.float32))
    keep = np.array([False, True, True, True, False])
    assert attribution.rank_correlation(np.array([9, -3, 2, 1, 9]),
                                        np.array([0, .5, .3, .1, 0]), keep) == pytest.approx(1.0)
    assert attribution.rank_correlation(np.array([0, 3, 2, 1, 0]),
                                        np.array([0, .1, .3, .5, 0]), keep) == pytest.approx(-1.0)
    assert attribution.rank_correlation(np.ones(5), np.arange(5.0), keep) is None


def test_untrained_heads_differ_across_seeds(packaged):
    result = trace(packaged, "This movie was wonderful.")
    table = sentiment.untrained_heads(packaged, result)
    assert list(table["seed"]) == [0, 1, 2, 3, 4]
    assert table["p(positive)"].round(6).nunique() == 5
    assert table["label"].nunique() == 2  # the seeds disagree about the answer
    assert (table["confidence"] < 0.6).all()  # and none of them is sure: near a coin flip
    again = sentiment.untrained_heads(packaged, result)
    assert again.equals(table)  # a seed is a seed


def test_encoder_is_not_a_classifier(tiny_bert):
    loaded = models.load(str(tiny_bert), device="cpu")
    with pytest.raises(BertvisError) as info:
        sentiment.predict(loaded, trace(loaded, "the cat"))
    assert info.value.code == "not_classifier"


def test_offline_sentiment_preset_falls_back_to_packaged_head():
    loaded = models.load(DEFAULT_SENTIMENT, kind="sequence-classification", device="cpu")
    assert loaded.fallback_reason and "sentiment head" in loaded.fallback_reason
    assert loaded.display_name == PACKAGED_SENTIMENT
    assert loaded.label_names == ["negative", "positive"]


def test_packaged_sentiment_refuses_other_kinds():
    with pytest.raises(BertvisError) as info:
        models.load(PACKAGED_SENTIMENT, kind="question-answering")
    assert info.value.code == "wrong_kind"


def test_cli_sentiment_with_attributions():
    code, out, err = run_cli("sentiment", "This movie was terrible.", "--attributions", "ig")
    assert code == 0, err
    assert "sentiment head" in err  # offline: fell back, and said so
    data = json.loads(out)
    assert data["model"] == PACKAGED_SENTIMENT and data["label"] == "negative"
    assert sum(data["probabilities"].values()) == pytest.approx(1.0, abs=1e-3)
    tokens = data["attributions"]["tokens"]
    assert [t["token"] for t in tokens][:3] == ["[CLS]", "this", "movie"]
    assert data["attributions"]["sum"] == pytest.approx(
        data["attributions"]["logit_minus_baseline_logit"], abs=0.05)


def test_cli_reads_stdin_once(monkeypatch):
    text = "The zorgblat was \u2603\u2603\u2603 terrible."
    _, typed, _ = run_cli("sentiment", text)
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, piped, err = run_cli("sentiment")
    assert code == 0, err
    assert json.loads(typed)["unk_share"] == 0.1111  # 1 [UNK] (the snowmen) in 9 pieces
    assert json.loads(piped)["unk_share"] == 0.1111


def test_cli_on_a_folder_and_a_bad_model(tiny_classifier):
    code, out, _ = run_cli("sentiment", "the cat", "--model", tiny_classifier.source,
                           "--attributions", "gxi")
    assert code == 0
    assert set(json.loads(out)["probabilities"]) == {"LABEL_0", "LABEL_1"}
    code, out, err = run_cli("sentiment", "the cat", "--model", "no/such-model")
    assert code == 2 and out == "" and "not reachable" in err
