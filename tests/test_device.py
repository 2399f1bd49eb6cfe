"""Where the model runs and in which precision: the CUDA and MPS branches with their
availability monkeypatched (no GPU here), and the agreement a half-precision run owes the
arithmetic and layer pages (float16 computed on the CPU stands in for a GPU's)."""

from __future__ import annotations

import pytest
import torch
from apptest import open_page

from bertvis import arithmetic, device, layer_anatomy, models
from bertvis.errors import BertvisError
from bertvis.trace import trace
from bertvis.ui import cache


@pytest.fixture
def present(monkeypatch):
    """Make CUDA and/or MPS look present (or absent) for one test."""
    def use(cuda: bool = False, mps: bool = False) -> None:
        monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    return use


@pytest.mark.parametrize(("cuda", "mps", "auto"), [
    (True, True, "cuda"), (True, False, "cuda"), (False, True, "mps"), (False, False, "cpu")])
def test_auto_picks_cuda_then_mps_then_cpu(present, cuda, mps, auto):
    present(cuda=cuda, mps=mps)
    assert device.pick_device("auto") == auto
    assert device.pick_device("cpu") == "cpu"


@pytest.mark.parametrize("name", ["cuda", "mps"])
def test_an_absent_device_asked_for_by_name_is_refused(present, name):
    present(cuda=name != "cuda", mps=name != "mps")  # the other one is there
    with pytest.raises(BertvisError) as refused:
        device.pick_device(name)
    assert (refused.value.code, refused.value.details) == ("device_unavailable", {"device": name})
    present(cuda=True, mps=True)
    assert device.pick_device(name) == name


def test_unknown_device_and_precision_are_refused():
    with pytest.raises(BertvisError, match="Unknown device 'tpu'"):
        device.pick_device("tpu")
    with pytest.raises(BertvisError, match="Unknown precision 'int8'"):
        device.pick_dtype("int8", "cpu")


@pytest.mark.parametrize(("requested", "where", "dtype"), [
    ("float16", "cuda", torch.float16), ("float16", "mps", torch.float16),
    ("float16", "cpu", torch.float32), ("float32", "cuda", torch.float32),
    ("float32", "cpu", torch.float32)])
def test_half_precision_only_on_a_gpu(requested, where, dtype):
    assert device.pick_dtype(requested, where) is dtype


def test_tests_run_on_the_cpu_even_where_a_gpu_is_present():
    """conftest's ``cpu_only`` fixture: every page test's "auto" is the CPU its references
    were computed on (the device tests above make a GPU look present on purpose)."""
    assert not torch.cuda.is_available() and not torch.backends.mps.is_available()
    assert device.pick_device("auto") == "cpu"


@pytest.fixture
def half_on_cpu(monkeypatch):
    """float16 weights and activations on the CPU, as a GPU's half precision would run."""
    monkeypatch.setattr(models, "pick_dtype", lambda requested, where: {
        "float16": torch.float16, "float32": torch.float32}[requested])


def test_a_half_precision_run_agrees_within_its_own_tolerance_not_float32s(half_on_cpu):
    from bertvis.presets import PACKAGED_MINILM

    loaded = models.load(PACKAGED_MINILM, device="cpu", dtype="float16")
    assert loaded.dtype is torch.float16
    result = trace(loaded, "The quick brown fox jumps over the lazy dog because it was tired.")
    row = arithmetic.query_row(loaded, result, 3, 5, 4)
    passed = layer_anatomy.layer_pass(loaded, result, 3)
    for recomputed in (row, passed):
        # half precision really ran (float32 agrees to ~1e-7), and meets its own tolerance
        assert FLOAT32_AGREES_TO < recomputed.max_difference
        assert recomputed.tolerance == device.AGREEMENT_TOLERANCE[torch.float16]
        assert recomputed.matches


#: What a float32 run's recomputation stays within (measured: ~1e-7).
FLOAT32_AGREES_TO = 1e-6
ARITHMETIC_QUERY = dict(text_a="The quick brown fox jumps over the lazy dog.", layer="2",
                        head="3")


def test_the_arithmetic_page_in_half_precision_says_it_matches(half_on_cpu, minilm,
                                                               monkeypatch):
    from bertvis.presets import PACKAGED_MINILM

    at = open_page("app_pages/arithmetic.py", session={"half": True}, model=PACKAGED_MINILM,
                   **ARITHMETIC_QUERY)
    shown = [str(s.value) for s in at.success]
    assert [s for s in shown if s.startswith("Our softmax equals the model's attention row")], \
        (shown, [str(w.value) for w in at.warning])
    # the same page with a float32-like tolerance for float16: the mismatch (half precision ran)
    monkeypatch.setitem(device.AGREEMENT_TOLERANCE, torch.float16, FLOAT32_AGREES_TO)
    cache.store().clear()  # the kept row holds the tolerance it was computed with
    at = open_page("app_pages/arithmetic.py", session={"half": True}, model=PACKAGED_MINILM,
                   **ARITHMETIC_QUERY)
    assert [w for w in at.warning if str(w.value).startswith("Our softmax differs")]
