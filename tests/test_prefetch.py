"""``python -m bertvis prefetch`` against a fake Hub on 127.0.0.1 (tests/fake_hub_server.py):
only the app's files are fetched, one weights format, into the real cache layout, and the
models then load and pass ``doctor`` offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_hub import fake_repos, offline_hub, repo_files, repo_folder
from fake_hub_server import FakeHubServer

from bertvis import doctor, models, prefetch
from bertvis.cli import main
from bertvis.presets import ALL_PRESETS, find_presets

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hub_server():
    with FakeHubServer.start() as server:
        yield server


def prefetch_cli(server: FakeHubServer, cache: Path, *args: str) -> subprocess.CompletedProcess:
    """A fresh process (huggingface_hub reads HF_ENDPOINT and HF_HUB_CACHE at import)."""
    env = {**os.environ, "HF_ENDPOINT": server.endpoint, "HF_HUB_CACHE": str(cache),
           "HF_HUB_OFFLINE": "0"}
    return subprocess.run([sys.executable, "-m", "bertvis", "prefetch", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True)


def snapshot_names(cache: Path, model_id: str) -> list[str]:
    root = repo_folder(cache, model_id)
    return sorted(p.name for p in (root / "snapshots" / (root / "refs" / "main").read_text())
                  .iterdir())


def test_dry_run_lists_the_default_set_with_sizes_and_downloads_nothing(hub_server, tmp_path):
    done = prefetch_cli(hub_server, tmp_path, "--dry-run")
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == list(prefetch.DEFAULT_SET)
    base = repo_files(fake_repos()["bert-base-uncased"])
    wanted = ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
              "vocab.txt"]  # the repo's pytorch_model.bin is left out: one weights format
    size = sum(len(base[name]) for name in wanted)
    assert (f"bert-base-uncased: 5 files, {prefetch.megabytes(size)} "
            f"({prefetch.megabytes(size)} to download): {', '.join(wanted)}") in done.stderr
    assert ("textattack/bert-base-uncased-SST-2: 5 files" in done.stderr
            and "eval_results" not in done.stderr)  # only what the app reads
    assert not list(tmp_path.glob("models--*/snapshots/*/*"))


def test_all_takes_every_hub_preset(hub_server, tmp_path):
    done = prefetch_cli(hub_server, tmp_path, "--all", "--dry-run")
    assert done.returncode == 0, done.stderr[-2000:]
    listed = [line.split(":")[0] for line in done.stdout.splitlines()]
    assert listed == [p.model_id for p in ALL_PRESETS if not p.model_id.startswith("packaged:")]


@pytest.fixture(scope="module")
def fetched(hub_server, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A cache that ``prefetch bert-base ja-bert`` filled from the fake Hub, and that run."""
    cache = tmp_path_factory.mktemp("prefetched")
    return cache, prefetch_cli(hub_server, cache, "bert-base", "ja-bert")


def test_named_presets_download_into_the_cache_and_pass_doctor_offline(hub_server, fetched):
    cache, done = fetched
    assert done.returncode == 0, done.stderr[-2000:]
    assert snapshot_names(cache, "bert-base-uncased") == [
        "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "vocab.txt"]
    assert snapshot_names(cache, "tohoku-nlp/bert-base-japanese-v3") == [
        "config.json", "pytorch_model.bin", "tokenizer_config.json", "vocab.txt"]
    assert "Fetching 4 files: 100%" in done.stderr  # huggingface_hub's progress bar
    assert done.stdout.splitlines()[-1].startswith("Downloaded 0.")
    served = [path for method, path in hub_server.requests if method == "GET"]
    assert "/api/models/tohoku-nlp/bert-base-japanese-v3/revision/main" in served
    with offline_hub(cache):
        assert models.load("tohoku-nlp/bert-base-japanese-v3", device="cpu").origin == "cache"
        results = doctor.run(find_presets(["bert-base", "ja-bert", "bert-large"]))
    assert [(r.model_id, r.status) for r in results] == [  # in the sidebar's order
        ("bert-base-uncased", "pass"), ("bert-base-uncased", "pass"),
        ("bert-large-uncased", "not available offline"),
        ("bert-large-uncased", "not available offline"),
        ("tohoku-nlp/bert-base-japanese-v3", "pass"), ("tohoku-nlp/bert-base-japanese-v3", "pass")]


def test_a_second_run_finds_everything_cached(hub_server, fetched):
    cache, done = fetched
    assert done.returncode == 0, done.stderr[-2000:]
    again = prefetch_cli(hub_server, cache, "bert-base", "--dry-run")
    assert "(0.0 MB to download)" in again.stderr
    assert again.stdout.startswith("bert-base-uncased: would download 0.0 MB")


def test_unknown_repo_and_no_hub_fail_with_exit_code_1(hub_server, tmp_path, capsys):
    done = prefetch_cli(hub_server, tmp_path, "someone/not-a-model")
    assert done.returncode == 2 and "Unknown preset(s): someone/not-a-model" in done.stderr
    with offline_hub(tmp_path):
        assert main(["prefetch", "bert-base"]) == 1
    assert capsys.readouterr().out.startswith(
        "bert-base-uncased: not fetched: The Hugging Face Hub is not reachable, so "
        "bert-base-uncased can't be downloaded.")


def test_weights_choice_prefers_safetensors_and_keeps_shards():
    assert prefetch._wanted({"config.json", "pytorch_model.bin", "model.safetensors",
                             "flax_model.msgpack", "README.md"}) == {"config.json",
                                                                    "model.safetensors"}
    shards = {"model.safetensors.index.json", "model-00001-of-00002.safetensors",
              "model-00002-of-00002.safetensors"}
    assert prefetch._wanted(shards | {"pytorch_model.bin", "vocab.txt"}) == shards | {
        "vocab.txt"}
    assert prefetch._wanted({"pytorch_model.bin", "tf_model.h5"}) == {"pytorch_model.bin"}


def test_packaged_models_are_never_fetched():
    keys = [p.key for p in ALL_PRESETS]
    chosen = prefetch.chosen_presets(keys, everything=False)
    assert [p.model_id for p in chosen if p.model_id.startswith("packaged:")] == []
    assert len(chosen) == len(keys) - 2
