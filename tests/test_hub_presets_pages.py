"""Every page that uses a preset renders with that preset loaded from the fake Hugging Face
cache by its real id (HF_HUB_OFFLINE=1), never with the packaged MiniLM standing in."""

from __future__ import annotations

import apptest
import pytest

from bertvis import models
from bertvis.presets import ENCODER_PRESETS, NER_PRESETS, QA_PRESETS, SENTIMENT_PRESETS

pytestmark = pytest.mark.apptest

ENCODER_PAGES = ("app_pages/tokens.py", "app_pages/attention.py",
                 "app_pages/arithmetic.py", "app_pages/similarity.py",
                 "app_pages/pretraining.py")
HUB_ENCODERS = [p.model_id for p in ENCODER_PRESETS if not p.model_id.startswith("packaged:")]
HUB_SENTIMENT = [p.model_id for p in SENTIMENT_PRESETS if not p.model_id.startswith("packaged:")]


def open_page(path: str, **query: str):
    """The page, with no exception and no error box."""
    at = apptest.open_page(path, **query)
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.fixture
def loads(fake_hub_offline, monkeypatch) -> list[tuple[str, str, str]]:
    """(requested id, kind, origin) of every model the app loads during the test."""
    seen: list[tuple[str, str, str]] = []
    real_load = models.load

    def spy(model_id, kind="pretraining", *args, **kwargs):
        loaded = real_load(model_id, kind, *args, **kwargs)
        seen.append((model_id, kind, loaded.origin if loaded.fallback_reason is None
                     else "fallback"))
        return loaded

    monkeypatch.setattr(models, "load", spy)
    return seen


@pytest.mark.parametrize("model_id", HUB_ENCODERS)
@pytest.mark.parametrize("page", ENCODER_PAGES, ids=lambda p: p.split("/")[1][:-3])
def test_encoder_pages_render_with_each_preset(loads, page, model_id):
    open_page(page, model=model_id)
    assert (model_id, "pretraining", "cache") in loads
    assert all(origin == "cache" for _, _, origin in loads), loads


@pytest.mark.parametrize("model_id", HUB_ENCODERS)
def test_next_sentence_tab_renders_with_each_preset(loads, model_id):
    """The planted P(IsNext): 95% for the doctor's coherent pair, 5% for it swapped."""
    from bertvis.doctor import JA_NSP_PAIR, NSP_PAIR

    a, b = JA_NSP_PAIR if "japanese" in model_id else NSP_PAIR
    shown = [[m.value for m in open_page("app_pages/pretraining.py", model=model_id,
                                         pt_tab="nsp", text_a=first, text_b=second).metric]
             for first, second in ((a, b), (b, a))]
    assert (model_id, "pretraining", "cache") in loads
    assert shown == [["95%"], ["5.0%"]]


@pytest.mark.parametrize("model_id", HUB_SENTIMENT)
def test_sentiment_page_renders_with_each_preset(loads, model_id):
    open_page("app_pages/sentiment.py", sentiment_model=model_id)
    assert loads and all(entry == (model_id, "sequence-classification", "cache")
                         for entry in loads), loads


@pytest.mark.parametrize("model_id", [p.model_id for p in QA_PRESETS])
def test_question_answering_tab_renders_with_each_preset(loads, model_id):
    at = open_page("app_pages/tasks.py", qa_model=model_id, tasks_tab="qa")
    assert loads == [(model_id, "question-answering", "cache")]
    assert at.subheader


@pytest.mark.parametrize("model_id", [p.model_id for p in NER_PRESETS])
def test_tagging_tab_renders_with_each_preset(loads, model_id):
    open_page("app_pages/tasks.py", ner_model=model_id, tasks_tab="ner")
    assert loads == [(model_id, "token-classification", "cache")]
