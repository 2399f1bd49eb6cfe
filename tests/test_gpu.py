"""On a CUDA machine only (``gpu`` marker; scripts/gpu_check.sh runs these): the model on the GPU
in float16 gives the CPU's answers within float16's agreement, and the pages say they match."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from apptest import open_page

from bertvis import arithmetic, device, layer_anatomy, models
from bertvis.presets import PACKAGED_MINILM
from bertvis.trace import trace

pytestmark = pytest.mark.gpu

TEXT = "The quick brown fox jumps over the lazy dog because it was tired of running."


@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_the_gpu_trace_matches_the_cpu_trace(dtype, minilm):
    on_gpu = models.load(PACKAGED_MINILM, device="cuda", dtype=dtype)
    assert on_gpu.device == "cuda" and on_gpu.dtype is getattr(torch, dtype)
    gpu, cpu = trace(on_gpu, TEXT), trace(minilm, TEXT)
    tolerance = device.agreement_tolerance(on_gpu.dtype)
    assert list(gpu.tokens) == list(cpu.tokens)
    assert np.abs(gpu.attentions.astype(np.float32) - cpu.attentions.astype(np.float32)).max() \
        <= tolerance
    last = np.abs(gpu.hidden_states[-1] - cpu.hidden_states[-1]).max()
    assert last <= 10 * tolerance, last  # values of a few units, rounded in every layer
    row = arithmetic.query_row(on_gpu, gpu, 2, 3, 4)
    passed = layer_anatomy.layer_pass(on_gpu, gpu, 2)
    assert row.matches and passed.matches, (row.max_difference, passed.max_difference)


def test_the_arithmetic_and_layer_pages_match_on_the_gpu_in_half_precision(minilm):
    for page, success in (("app_pages/arithmetic.py", "Our softmax equals the model's"),
                          ("app_pages/layer.py", "Recomputed layer 2 equals")):
        at = open_page(page, session={"half": True, "device": "cuda"}, model=PACKAGED_MINILM,
                       text_a=TEXT, layer="2", head="3")
        assert any("cuda (" in str(c.value) for c in at.sidebar.caption)
        shown = [str(s.value) for s in at.success]
        assert [s for s in shown if s.startswith(success)], (shown, [w.value for w in at.warning])
