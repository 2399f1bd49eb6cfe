"""``python -m bertvis doctor`` on the planted tiny models of the fake Hugging Face cache: every
preset passes; a broken planted model fails with a non-zero exit code; a preset that is not
cached is "not available offline"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_hub import build_fake_hub, offline_hub

from bertvis import doctor
from bertvis.cli import main
from bertvis.presets import find_presets

ROOT = Path(__file__).resolve().parent.parent


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = main(["doctor", *args])
    return code, capsys.readouterr().out


def test_every_preset_passes_on_the_planted_models(fake_hub_offline, capsys):
    code, out = run_cli(capsys, "--json")
    report = json.loads(out)
    assert code == 0 and report["passed"] is True
    checks = {(r["model_id"], r["check"]): r for r in report["results"]}
    expected_models = {plan.model_id for plan in doctor.plans()}
    assert {model for model, _ in checks} == expected_models
    assert all(r["status"] == "pass" for r in checks.values()), [
        r for r in checks.values() if r["status"] != "pass"]
    assert checks[("bert-base-uncased", "fill-mask")]["detail"].startswith(
        "The capital of France is [MASK]. → paris")
    assert checks[("tohoku-nlp/bert-base-japanese-v3", "fill-mask")]["detail"].startswith(
        "東京は日本の[MASK]です。 → 首都")
    assert checks[("bert-base-multilingual-cased", "fill-mask")]["detail"].startswith(
        "The capital of France is [MASK]. → Paris")
    assert checks[("dslim/bert-base-NER", "tagging")]["detail"] == \
        "Google (ORG), Jacob Devlin (PER)"
    assert checks[("nlptown/bert-base-multilingual-uncased-sentiment", "sentiment")]["detail"] \
        == "wonderful → 5 stars, terrible → 1 star"
    base = checks[("bert-base-uncased", "next-sentence")]
    assert base["detail"] == "P(IsNext) = 0.950 (needs > 0.9)"
    assert base["load_seconds"] >= 0 and base["weights_mb"] > 0 and base["rss_mb"] > 0


def test_table_lists_each_check(fake_hub_offline, capsys):
    code, out = run_cli(capsys, "bert-base", "dslim/bert-base-NER")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["model", "check", "result", "load", "s", "weights", "MB", "RSS",
                                "MB", "detail"]
    assert [line.split()[:3] for line in lines[2:]] == [
        ["bert-base-uncased", "fill-mask", "pass"], ["bert-base-uncased", "next-sentence", "pass"],
        ["dslim/bert-base-NER", "tagging", "pass"]]


@pytest.fixture(scope="module")
def broken_hub(tmp_path_factory) -> Path:
    """Only bert-base-uncased and the SST-2 model cached, both with wrong answers planted."""
    return build_fake_hub(tmp_path_factory.mktemp("broken-hub"),
                          only=("bert-base-uncased", "textattack/bert-base-uncased-SST-2"),
                          broken=frozenset({"bert-base-uncased",
                                            "textattack/bert-base-uncased-SST-2"}))


def test_a_wrong_answer_fails_with_a_nonzero_exit_code(broken_hub, capsys):
    with offline_hub(broken_hub):
        code, out = run_cli(capsys, "bert-base", "bert-base-sst2", "--json")
    report = json.loads(out)
    assert code == 1 and report["passed"] is False
    assert [(r["check"], r["status"], r["detail"]) for r in report["results"]] == [
        ("fill-mask", "fail", "The capital of France is [MASK]. → london (89%)"),
        ("next-sentence", "fail", "P(IsNext) = 0.050 (needs > 0.9)"),
        ("sentiment", "fail", "wonderful → negative, terrible → positive"),
    ]


def traced_instead(monkeypatch, change) -> None:
    """Make the doctor trace ``change(text_a, text_b)`` instead of what it asked for (a doctor
    with a bug; its report still names the right question)."""
    real_trace = doctor.trace
    monkeypatch.setattr(doctor, "trace", lambda loaded, text_a, text_b=None: real_trace(
        loaded, *change(text_a, text_b)))


#: preset → (another text with a mask but no clue, an unrelated sentence B)
OTHER_TEXT = {"bert-base": ("The capital of the city is [MASK].", "The cat sat on the mat."),
              "ja-bert": ("猫はマットの[MASK]です。", "猫はマットの上で寝た。")}


@pytest.mark.parametrize("preset", sorted(OTHER_TEXT))
def test_a_doctor_that_traces_another_text_fails(fake_hub_offline, monkeypatch, preset):
    """The planted models answer from the input: a doctor that ran a text without the clue
    gets the neutral word, not the known answer."""
    no_clue = OTHER_TEXT[preset][0]
    traced_instead(monkeypatch, lambda a, b: (a, b) if b else (no_clue, None))
    results = doctor.run(find_presets([preset]))
    question = doctor.JA_MASK_QUESTION if preset == "ja-bert" else doctor.MASK_QUESTION
    guess = "の (37%)" if preset == "ja-bert" else "the (19%)"
    assert [(r.check, r.status, r.detail) for r in results] == [
        ("fill-mask", "fail", f"{question} → {guess}"),
        ("next-sentence", "pass", "P(IsNext) = 0.950 (needs > 0.9)")]


@pytest.mark.parametrize("preset", sorted(OTHER_TEXT))
@pytest.mark.parametrize("fault", ["swapped", "unrelated B"])
def test_a_doctor_that_swaps_or_changes_the_sentences_fails(fake_hub_offline, monkeypatch,
                                                            preset, fault):
    """P(IsNext) is high only for the coherent pair in order: a doctor that passed B as A, or
    another sentence as B, fails next sentence (and still passes the masked word)."""
    unrelated = OTHER_TEXT[preset][1]
    swap = {"swapped": lambda a, b: (b, a), "unrelated B": lambda a, b: (a, unrelated)}[fault]
    traced_instead(monkeypatch, lambda a, b: swap(a, b) if b else (a, None))
    results = doctor.run(find_presets([preset]))
    assert [(r.check, r.status) for r in results] == [("fill-mask", "pass"),
                                                       ("next-sentence", "fail")]
    assert results[1].detail == "P(IsNext) = 0.050 (needs > 0.9)"


def test_a_preset_missing_from_the_cache_is_not_available_offline(broken_hub, capsys):
    with offline_hub(broken_hub):
        code, out = run_cli(capsys, "bert-large", "ja-bert", "minilm", "--json")
    results = json.loads(out)["results"]
    assert code == 0  # nothing answered wrongly
    assert [(r["model_id"], r["status"]) for r in results] == [
        ("bert-large-uncased", "not available offline"),
        ("bert-large-uncased", "not available offline"),
        ("tohoku-nlp/bert-base-japanese-v3", "not available offline"),
        ("tohoku-nlp/bert-base-japanese-v3", "not available offline"),
        ("packaged:all-MiniLM-L6-v2", "pass"),  # shipped with the app: always there
    ]
    assert results[0]["detail"] == ("The Hugging Face Hub is not reachable and "
                                    "bert-large-uncased is not in the local cache.")
    assert results[0]["load_seconds"] is None


def test_unknown_preset_is_an_error(capsys):
    assert main(["doctor", "no-such-preset"]) == 2
    assert "Unknown preset(s): no-such-preset" in capsys.readouterr().err


def test_command_line_reads_the_cache_from_the_environment(fake_hub):
    """A fresh process: huggingface_hub reads HF_HUB_CACHE at import."""
    env = {**os.environ, "HF_HUB_CACHE": str(fake_hub), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "bertvis", "doctor", "ja-bert", "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert [r["status"] for r in json.loads(done.stdout)["results"]] == ["pass", "pass"]
    assert "tohoku-nlp/bert-base-japanese-v3: fill-mask: pass" in done.stderr


@pytest.mark.apptest
def test_home_page_runs_the_check_only_on_the_button(fake_hub_offline, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from bertvis import models

    loaded_ids: list[str] = []
    real_load = models.load
    monkeypatch.setattr(models, "load", lambda model_id, *a, **k: (
        loaded_ids.append(model_id), real_load(model_id, *a, **k))[1])
    at = AppTest.from_file("../app.py", default_timeout=300)
    at.run()
    assert not at.exception and not at.dataframe
    assert loaded_ids == []  # opening the home page loads nothing
    at.button(key="doctor_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert sorted(set(loaded_ids)) == sorted(plan.model_id for plan in doctor.plans())
    table = at.dataframe[0].value
    assert list(table["Result"]) == ["pass"] * len(table)
    assert set(table["Model"]) == set(loaded_ids)
    assert at.success[0].value.startswith(f"Every model that could be loaded gave its known "
                                          f"answer ({len(table)} checks passed")
    at.run()  # a rerun keeps the report without checking again
    assert len(at.dataframe) == 1 and len(loaded_ids) == len(set(loaded_ids))


def test_a_checkpoint_without_the_nsp_head_fails_only_that_check(tmp_path, capsys):
    """bert-base-uncased saved as BertForMaskedLM (no cls.seq_relationship): the masked word
    still passes, next sentence fails and says why (never a random head's answer)."""
    from dataclasses import replace

    from fake_hub import fake_repos, write_repo
    from transformers import BertForMaskedLM

    write_repo(tmp_path, replace(fake_repos()["bert-base-uncased"], model_class=BertForMaskedLM))
    with offline_hub(tmp_path):
        code, out = run_cli(capsys, "bert-base", "--json")
    assert code == 1
    assert [(r["check"], r["status"], r["detail"]) for r in json.loads(out)["results"]] == [
        ("fill-mask", "pass", "The capital of France is [MASK]. → paris (89%)"),
        ("next-sentence", "fail", "the checkpoint has no trained next-sentence head"),
    ]


def test_one_self_check_at_a_time(fake_hub_offline):
    """A second run while one is going (another session's button) is refused, not doubled."""
    from bertvis.errors import BertvisError

    inner: list[str] = []

    def start_another(result: doctor.CheckResult) -> None:
        with pytest.raises(BertvisError) as refused:
            doctor.run(find_presets(["bert-base"]))
        inner.append(refused.value.code)

    results = doctor.run(find_presets(["bert-base-ner"]), on_result=start_another)
    assert inner == ["doctor_busy"] and [r.status for r in results] == ["pass"]
    assert [r.status for r in doctor.run(find_presets(["bert-base-ner"]))] == ["pass"]  # released


def test_in_the_app_each_model_goes_through_the_memory_budget(fake_hub_offline):
    """The home page passes the app's store: a model that can't fit is refused (not a fail),
    one that fits is checked; nothing is left in the store afterwards."""
    from bertvis.memory_budget import MemoryBudget

    tight = MemoryBudget(capacity=1_000)
    refused = doctor.run(find_presets(["bert-base"]), budget=tight)
    assert [r.status for r in refused] == [doctor.REFUSED, doctor.REFUSED]
    assert "memory budget" in refused[0].detail
    assert not doctor.failed(refused)
    roomy = MemoryBudget(capacity=2**30)
    checked = doctor.run(find_presets(["bert-base"]), budget=roomy)
    assert [r.status for r in checked] == [doctor.PASS, doctor.PASS]
    assert len(roomy) == 0 and roomy.used == 0


def test_public_home_page_checks_only_what_the_server_has(tmp_path, monkeypatch,
                                                           deployment_settings):
    """In the public profile a visitor's click checks the cached and packaged models only: it
    never asks the Hub for the others (no downloads), and says so."""
    from streamlit.testing.v1 import AppTest

    from bertvis import models

    deployment_settings(BERTVIS_PUBLIC="1")
    build_fake_hub(tmp_path, only=["dslim/bert-base-NER"])
    loaded_ids: list[str] = []
    real_load = models.load
    monkeypatch.setattr(models, "load", lambda model_id, *a, **k: (
        loaded_ids.append(model_id), real_load(model_id, *a, **k))[1])
    with offline_hub(tmp_path):
        at = AppTest.from_file("../app.py", default_timeout=300)
        at.run()
        assert any("only the models already saved on this server" in c.value for c in at.caption)
        at.button(key="doctor_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert set(loaded_ids) == {"dslim/bert-base-NER", "packaged:all-MiniLM-L6-v2",
                               "packaged:minilm-sentiment"}
    assert set(at.dataframe[0].value["Result"]) == {"pass"}
