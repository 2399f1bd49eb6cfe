"""The public profile (``BERTVIS_PUBLIC=1``): presets and the allowlist only, every refused id
gets the same message with the id as plain text, no file-system probe tells a link whether a
folder exists, texts from links are cut; the private profile keeps loading local folders."""

from __future__ import annotations

import builtins
import io
import os
import pathlib

import pytest
import apptest
from streamlit.testing.v1 import AppTest

from bertvis import model_sources, models
from bertvis.errors import BertvisError
from bertvis.presets import PACKAGED_MINILM
from bertvis.ui import model_picker, profile
from bertvis.ui.i18n import plain
from bertvis.strings import lookup

PAGE = "app_pages/tokens.py"
HOSTILE_IDS = ("/etc", "..", "~root", "[Fix it](https://example.org)", "<b>x</b>")
MODEL_INFO = "layers ×"


def refusal(model_id: str) -> str:
    """The one refusal message, in English, with ``model_id`` as plain text."""
    return lookup("error.model_not_allowed", "en", model_id=plain(model_id))


def type_in_sidebar(model_id: str) -> AppTest:
    """Choose "Other model…" in the sidebar and type ``model_id``."""
    at = open_page({})
    at.sidebar.selectbox(key="_w_model").set_value(model_picker.CUSTOM).run()
    at.sidebar.text_input(key="_w_custom_model").input(model_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def errors_shown(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


@pytest.fixture
def probes(monkeypatch) -> list[str]:
    """Every path any file-system probe a model id could reach was asked about: existence,
    type, status, listing and opening, through ``pathlib``, ``os`` and ``open``."""
    asked: list[str] = []

    def recording(original):
        def probe(path, *args, **kwargs):
            asked.append(str(path))
            return original(path, *args, **kwargs)
        return probe

    for name in ("is_dir", "is_file", "exists", "expanduser", "resolve", "stat", "iterdir",
                 "open"):
        monkeypatch.setattr(pathlib.Path, name, recording(getattr(pathlib.Path, name)))
    for name in ("isdir", "isfile", "exists", "expanduser", "realpath", "abspath"):
        monkeypatch.setattr(os.path, name, recording(getattr(os.path, name)))
    for name in ("stat", "listdir", "scandir"):
        monkeypatch.setattr(os, name, recording(getattr(os, name)))
    monkeypatch.setattr(io, "open", recording(io.open))
    monkeypatch.setattr(builtins, "open", recording(builtins.open))
    return asked


def asked_about(asked: list[str], model_id: str) -> list[str]:
    """Probes whose path is the model id (as typed, or expanded from ``~``)."""
    asked = list(asked)  # expanding the id below is itself recorded
    wanted = {model_id, os.path.expanduser(model_id) if model_id.startswith("~") else model_id}
    return [path for path in asked if path in wanted or path.rstrip("/") in wanted]


@pytest.fixture
def public(deployment_settings):
    return deployment_settings(BERTVIS_PUBLIC="1")


@pytest.mark.parametrize("model_id", HOSTILE_IDS)
@pytest.mark.apptest
def test_a_link_with_any_other_id_gets_the_one_refusal_as_plain_text(model_id, public, probes):
    at = open_page({"model": model_id})
    assert errors_shown(at) == [refusal(model_id)]
    assert not asked_about(probes, model_id), "the id reached the file system"
    assert not any(MODEL_INFO in str(c.value) for c in at.sidebar.caption)


@pytest.mark.parametrize("model_id", HOSTILE_IDS)
@pytest.mark.apptest
def test_an_id_typed_in_the_sidebar_gets_the_same_refusal(model_id, public, probes):
    at = type_in_sidebar(model_id)
    assert errors_shown(at) == [refusal(model_id)]
    assert not asked_about(probes, model_id), "the id reached the file system"


#: Every other place a model id arrives from a link: the pages' own pickers (page, the URL key
#: of its picker, and what opens the picker's tab or task).
PICKERS = (("app_pages/pretraining.py", "pt_model", {}),
           ("app_pages/sentiment.py", "sentiment_model", {}),
           ("app_pages/tasks.py", "qa_model", {}),
           ("app_pages/tasks.py", "ner_model", {"tasks_tab": "ner"}),
           ("app_pages/experiments.py", "sentiment_model", {"exp_task": "sentiment"}),
           ("app_pages/experiments.py", "qa_model", {"exp_task": "qa"}),
           ("app_pages/experiments.py", "ner_model", {"exp_task": "tagging"}))


@pytest.mark.parametrize(("page", "key", "opens"), PICKERS,
                         ids=[f"{page[10:-3]}-{key}" for page, key, _ in PICKERS])
@pytest.mark.parametrize("model_id", ("/etc", "~root"))
@pytest.mark.apptest
def test_a_link_to_a_pages_own_picker_gets_the_same_refusal(page, key, opens, model_id, public,
                                                           probes):
    at = apptest.open_page(page, fresh_link=True, lang="en", **opens, **{key: model_id})
    assert refusal(model_id) in errors_shown(at)
    assert not asked_about(probes, model_id), "the id reached the file system"


def open_page(query: dict[str, str]):
    return apptest.open_page(PAGE, fresh_link=True, lang="en", **query)


@pytest.mark.apptest
def test_the_refusal_is_the_same_sentence_for_every_id(public):
    """Existing and missing folders, links and tags: only the (escaped) id differs."""
    shown = {}
    for model_id in (*HOSTILE_IDS, "/no/such/folder", "bert-base-cased"):
        message = errors_shown(open_page({"model": model_id}))
        assert len(message) == 1
        shown[model_id] = message[0].replace(plain(model_id), "{id}")
    assert len(set(shown.values())) == 1, shown
    assert os.path.isdir("/etc") and not os.path.exists("/no/such/folder")


def test_the_id_is_plain_text_in_the_message():
    """Every Markdown/HTML character of the id is escaped, so nothing can render as a link,
    a tag, emphasis or LaTeX; the characters themselves are all still there."""
    link = plain("[Fix it](https://example.org)")
    assert link == "\\[Fix it\\]\\(\u200bhttps\\://example\\.org\\)"
    assert plain("<b>x</b>") == r"\<b\>x\</b\>"
    # GFM links bare addresses after escapes are resolved: a zero-width space breaks them
    assert plain("see www.example.org") == "see \u200bwww\\.example\\.org"
    assert plain("a@b.co") == "a\\@\u200bb\\.co"
    assert plain("- item") == r"\- item" and plain("bert-base/x") == "bert-base/x"
    assert plain("**x** $y$ :red[z]\nnext") == r"\*\*x\*\* \$y\$ \:red\[z\] next"
    assert plain("日本語の文") == "日本語の文"


def test_the_engine_refuses_before_resolving_the_id(public, monkeypatch):
    def resolve(*_args):
        raise AssertionError("the id was resolved")

    monkeypatch.setattr(model_sources, "resolve", resolve)
    for model_id in HOSTILE_IDS:
        with pytest.raises(BertvisError) as err:
            models.load(model_id)
        assert err.value.code == "model_not_allowed"
        assert err.value.details == {"model_id": model_id}


@pytest.mark.apptest
def test_presets_and_the_allowlist_are_allowed(deployment_settings, tiny_bert):
    chosen = deployment_settings(BERTVIS_PUBLIC="1", BERTVIS_ALLOWED_MODELS=f" {tiny_bert} ,x/y")
    assert chosen.allowed_models == (str(tiny_bert), "x/y")
    assert models.allowed("bert-base-uncased") and models.allowed(PACKAGED_MINILM)
    assert models.allowed("dslim/bert-base-NER") and models.allowed("x/y")
    assert not models.allowed("bert-base-cased") and not models.allowed(str(tiny_bert) + "/")
    at = open_page({"model": str(tiny_bert)})
    assert errors_shown(at) == []
    assert any(MODEL_INFO in str(c.value) for c in at.sidebar.caption)


@pytest.mark.apptest
def test_the_private_profile_still_loads_local_folders(deployment_settings, tiny_bert):
    deployment_settings(BERTVIS_PUBLIC="0")
    at = open_page({"model": str(tiny_bert)})
    assert errors_shown(at) == []
    assert any(MODEL_INFO in str(c.value) for c in at.sidebar.caption)


@pytest.mark.apptest
def test_the_private_profile_escapes_a_model_id_too(deployment_settings):
    deployment_settings(BERTVIS_PUBLIC="0")
    model_id = "[Fix it](https://example.org)"
    at = open_page({"model": model_id})
    expected = lookup("error.local_path_missing", "en", model_id=plain(model_id))
    assert errors_shown(at) == [expected]


@pytest.mark.apptest
def test_text_from_a_link_is_cut_to_the_limit_with_a_banner(public):
    long_text = "the cat sat. " * 500  # 6,500 characters; the public limit is 5,000
    at = open_page({"text_a": long_text})
    box = at.text_area(key="_w_text_a")
    assert len(box.value) == 5_000 and box.value == long_text[:5_000]
    banner = lookup("banner.text_cut", "en", original=len(long_text), kept=5_000)
    assert banner in [str(w.value) for w in at.warning]


@pytest.mark.apptest
def test_the_switch_works_from_streamlit_secrets(deployment_settings, monkeypatch):
    """A deployment without environment variables sets the same key in its secrets."""
    deployment_settings(BERTVIS_PUBLIC="0")
    from bertvis import settings

    settings.install(None)
    monkeypatch.setattr(profile, "_merged", False)
    at = AppTest.from_file(apptest.APP, default_timeout=120)
    at.secrets["BERTVIS_PUBLIC"] = True
    at.run()
    at.query_params.update({"lang": "en", "model": "/etc"})
    at.switch_page(PAGE)
    at.run()
    assert settings.current().public
    assert errors_shown(at) == [refusal("/etc")]
