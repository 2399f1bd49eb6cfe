"""What fine-tuning changed (bertvis.finetuning): the packaged MiniLM vs the packaged sentiment
model, whose last layer alone was fine-tuned; the divergence and CKA formulas."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from bertvis import corpus, finetuning, models
from bertvis.errors import BertvisError
from bertvis.presets import PACKAGED_SENTIMENT


@pytest.fixture(scope="module")
def sentiment_model():
    return models.load(PACKAGED_SENTIMENT, kind="sequence-classification", device="cpu")


@pytest.fixture(scope="module")
def minilm_pair_diff(minilm, sentiment_model):
    return finetuning.finetune_diff(minilm, sentiment_model, corpus.bundled_set("en")[:24],
                                    batch_size=8)


def test_only_the_fine_tuned_last_layer_differs(minilm_pair_diff):
    divergence = minilm_pair_diff.mean_divergence
    assert divergence.shape == (6, 12)
    assert np.abs(divergence[:5]).max() <= 1e-12
    assert divergence[5].min() > 1e-4
    np.testing.assert_allclose(minilm_pair_diff.cka[:5], 1.0, atol=1e-9)
    assert minilm_pair_diff.cka[5] < 0.999


def test_js_divergence_of_known_distributions():
    p = torch.tensor([[1.0, 0.0], [0.5, 0.5]])
    q = torch.tensor([[0.0, 1.0], [0.5, 0.5]])
    np.testing.assert_allclose(finetuning.js_divergence(p, q).numpy(), [1.0, 0.0], atol=1e-12)


def test_cka_is_invariant_to_rotation_and_scale_but_not_to_noise():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 8))
    rotation, _ = np.linalg.qr(rng.normal(size=(8, 8)))
    same = finetuning._CkaSums(8)
    same.add(x[:120], 3 * x[:120] @ rotation)
    same.add(x[120:], 3 * x[120:] @ rotation)
    assert same.cka() == pytest.approx(1.0, abs=1e-12)
    other = finetuning._CkaSums(8)
    other.add(x, rng.normal(size=(200, 8)))
    assert other.cka() < 0.3


def test_models_of_different_shapes_are_refused(minilm, tiny_bert):
    tiny = models.load(str(tiny_bert), device="cpu")
    with pytest.raises(BertvisError, match="differ in shape: 6×12 heads, width 384 vs 2×4") as found:
        finetuning.finetune_diff(minilm, tiny, ["a sentence"])
    assert found.value.code == "different_shapes"
