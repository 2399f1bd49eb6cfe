"""Loading: presets, local folders, heads that are really there, refusals, offline fallback."""

from __future__ import annotations

import json
import time

import pytest
import torch

from bertvis import attention_capture, hub, model_memory, models
from bertvis.errors import BertvisError
from tiny import make_tiny_bert


def test_tiny_pretraining_model_has_both_heads(tiny_bert):
    loaded = models.load(str(tiny_bert), device="cpu")
    assert loaded.origin == "local"
    assert loaded.has_mlm and loaded.has_nsp
    assert (loaded.n_layers, loaded.n_heads, loaded.hidden_size) == (2, 4, 32)
    assert loaded.config._attn_implementation == attention_capture.IMPLEMENTATION
    assert loaded.max_length == 64
    assert not loaded.model.training


def test_encoder_checkpoint_reports_missing_heads(tiny_encoder):
    loaded = models.load(str(tiny_encoder), device="cpu")
    assert not loaded.has_mlm and not loaded.has_nsp


def test_packaged_minilm_is_a_real_bert_without_heads(minilm):
    assert minilm.origin == "packaged"
    assert minilm.config.model_type == "bert"
    assert (minilm.n_layers, minilm.n_heads, minilm.hidden_size) == (6, 12, 384)
    assert not minilm.has_mlm and not minilm.has_nsp
    assert 20e6 < minilm.param_count < 25e6


def test_offline_hub_id_falls_back_to_packaged_encoder_quickly(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hub.forget()
    start = time.monotonic()
    loaded = models.load("bert-base-uncased", device="cpu")
    assert time.monotonic() - start < 30  # no network waits; generous for a cold CI disk
    assert loaded.origin == "packaged"
    assert "bert-base-uncased" in loaded.fallback_reason


def test_unreachable_endpoint_is_detected_within_seconds(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    # a TEST-NET address that never answers: the probe must give up, not hang
    monkeypatch.setenv("HF_ENDPOINT", "https://192.0.2.1")
    hub.forget()
    start = time.monotonic()
    assert hub.hub_reachable() is False
    assert time.monotonic() - start < hub.PROBE_TIMEOUT_S + 1.5
    hub.forget()


def test_offline_task_model_is_refused_not_faked():
    """A task head the project doesn't ship (question answering) is refused offline."""
    with pytest.raises(BertvisError) as err:
        models.load("csarron/bert-base-uncased-squad-v1", kind="question-answering")
    assert err.value.code == "offline"


def test_offline_sentiment_preset_falls_back_to_the_packaged_head():
    """Sentiment offline uses the head the project trained itself, and says so."""
    loaded = models.load("textattack/bert-base-uncased-SST-2", kind="sequence-classification")
    assert loaded.fallback_reason and "textattack/bert-base-uncased-SST-2" in loaded.fallback_reason
    assert loaded.label_names == ["negative", "positive"]


@pytest.mark.parametrize(
    "model_id, code",
    [
        ("", "empty_model_id"),
        ("not a model id!", "bad_model_id"),
        ("./no/such/folder", "local_path_missing"),
        ("/no/such/folder", "local_path_missing"),
    ],
)
def test_bad_model_ids_get_codes(model_id, code):
    with pytest.raises(BertvisError) as err:
        models.load(model_id)
    assert err.value.code == code


def test_non_bert_architecture_is_refused(tmp_path):
    from transformers import GPT2Config

    GPT2Config(n_layer=1, n_head=2, n_embd=8).save_pretrained(tmp_path)
    with pytest.raises(BertvisError) as err:
        models.load(str(tmp_path))
    assert err.value.code == "unsupported_architecture"
    assert err.value.details["model_type"] == "gpt2"


def test_remote_code_is_never_run(tmp_path):
    """A real tiny ``bert`` folder whose config and tokenizer config name custom classes
    (``auto_map``) in a module that would write a file when imported: the app either refuses
    it or loads the library's own BERT, and the module never runs."""
    folder = make_tiny_bert(tmp_path / "custom-bert")
    marker = tmp_path / "remote-code-ran"
    (folder / "custom_bert.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
        "from transformers import BertConfig, BertModel, BertTokenizerFast\n"
        "class CustomConfig(BertConfig):\n    pass\n"
        "class CustomModel(BertModel):\n    pass\n"
        "class CustomTokenizer(BertTokenizerFast):\n    pass\n")
    config = json.loads((folder / "config.json").read_text())
    config["auto_map"] = {"AutoConfig": "custom_bert.CustomConfig",
                          "AutoModel": "custom_bert.CustomModel",
                          **{f"AutoModelFor{head}": "custom_bert.CustomModel"
                             for head in ("PreTraining", "MaskedLM", "SequenceClassification",
                                          "QuestionAnswering", "TokenClassification")}}
    (folder / "config.json").write_text(json.dumps(config))
    tokenizer_config = json.loads((folder / "tokenizer_config.json").read_text())
    tokenizer_config["auto_map"] = {"AutoTokenizer": [None, "custom_bert.CustomTokenizer"]}
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config))
    assert config["model_type"] == "bert"
    try:
        loaded, refusal = models.load(str(folder)), None
    except BertvisError as err:
        loaded, refusal = None, err.code
    assert not marker.exists(), "the folder's custom code ran"
    if loaded is None:
        assert refusal == "remote_code"
    else:
        assert type(loaded.model).__module__.startswith("transformers.models.bert.")
        assert type(loaded.tokenizer).__module__.startswith("transformers.models.bert.")


def test_size_limit_set_by_deployment(tiny_bert, deployment_settings):
    deployment_settings(BERTVIS_MAX_PARAMS_M="0.01")  # 10k parameters
    with pytest.raises(BertvisError) as err:
        models.load(str(tiny_bert))
    assert err.value.code == "too_large"
    assert err.value.details["limit_m"] == 0


def test_count_parameters_matches_real_model(tiny_bert):
    loaded = models.load(str(tiny_bert), device="cpu")
    assert loaded.param_count == sum(p.numel() for p in loaded.model.parameters())


def test_task_checkpoint_without_trained_head_is_refused(tiny_encoder):
    with pytest.raises(BertvisError) as err:
        models.load(str(tiny_encoder), kind="sequence-classification")
    assert err.value.code == "untrained_head"


def test_fine_tuned_task_checkpoint_loads_with_label_names(tmp_path):
    folder = make_tiny_bert(tmp_path, kind="sequence-classification",
                            id2label={0: "NEGATIVE", 1: "POSITIVE"},
                            label2id={"NEGATIVE": 0, "POSITIVE": 1})
    loaded = models.load(str(folder), kind="sequence-classification", device="cpu")
    assert loaded.label_names == ["NEGATIVE", "POSITIVE"]


def test_half_precision_is_ignored_on_cpu(tiny_bert):
    loaded = models.load(str(tiny_bert), device="cpu", dtype="float16")
    assert loaded.dtype == torch.float32


def test_model_bigger_than_free_memory_is_refused(tiny_bert, monkeypatch):
    monkeypatch.setattr(model_memory, "memory_available", lambda: 1000)  # bytes
    with pytest.raises(BertvisError) as err:
        models.load(str(tiny_bert))
    assert err.value.code == "too_large_memory"
