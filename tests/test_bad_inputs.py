"""Bad input through every page in ``LESSONS`` (AppTest): each case ends in a page without an
exception box, with a message where one is expected, and with no typed HTML reaching the page
unescaped.

Each page is opened once per module on tiny models saved to temporary folders (the sidebar's
custom model id, and the task pages' own model ids); every case then types into every text box
the page has (model-id boxes aside) or into every model-id box, as a user would, and reruns.
Pages added to ``LESSONS`` later are covered without changes here. A page that needs a head the
tiny model lacks may answer with its "no such head" message: that is a valid outcome.
"""

from __future__ import annotations

import functools
import re
import shutil
import string
from dataclasses import dataclass

import apptest
import pytest
from streamlit.testing.v1 import AppTest

from bertvis import attribution
from bertvis.ui import cache
from bertvis.ui.lessons import LESSONS
from bertvis.ui.strings import ALL

pytestmark = pytest.mark.apptest

HOME = LESSONS[0].path
LONG_WORDS = "the cat sat on the mat because it was tired . "


@dataclass(frozen=True)
class Case:
    name: str
    text_a: str = "the cat sat on the mat ."
    text_b: str = ""
    model: str | None = None  # typed into every model-id box instead of a text
    message: bool = False  # a page that runs a model must show one of EXPECTED[name]
    env: tuple[tuple[str, str], ...] = ()


TEXT_CASES = (
    Case("empty", "", message=True),
    Case("whitespace", "   \t  ", message=True),
    Case("newlines-only", "\n\n\n", message=True),
    Case("empty-a-with-b", "", "the dog sat", message=True),
    Case("10000-characters", (LONG_WORDS * 250)[:10_000], message=True),
    Case("512-plus-tokens-as-a-pair", LONG_WORDS * 60, LONG_WORDS * 60, message=True),
    Case("no-mask", "the cat sat on the mat"),
    Case("twenty-masks", " ".join(["the [MASK]"] * 20)),
    Case("only-special-tokens", "[CLS] [SEP] [MASK] [PAD]"),
    Case("only-sep", "[SEP]"),
    Case("emoji", "😀🐱👍🏽 the cat 🇯🇵 sat"),
    Case("japanese", "猫がマットの上に座った。彼は疲れていた。"),
    Case("chinese-korean", "我爱你 사랑해 the cat"),
    Case("arabic-rtl", "القطة جلست على الحصيرة"),
    Case("bidi-override", "\u202ethe cat\u202c שלום עולם"),
    Case("control-characters", "the\x00cat\x07sat\x1b[31m on\x08 the mat"),
    Case("zero-width", "the\u200bcat\u200d sat\ufeff"),
    Case("combining-and-symbols", "cafe\u0301 Ω≈ç√ ℌ𝔢𝔩𝔩𝔬"),
    Case("script-tag", "<script>alert(1)</script> the cat"),
    Case("img-onerror", '<img src=x onerror=alert(1)> the "cat"'),
    Case("markdown-latex-link", "**bold** $x^2$ [link](javascript:alert(1)) {b} {0}"),
    Case("punctuation-only", "!!!???...,,,"),
    Case("one-5000-letter-word", "a" * 5000, message=False),
)
MODEL_CASES = (
    Case("unknown-hub-id", model="no-such-user/no-such-model-xyz", message=True),
    Case("invalid-model-id", model="not a model!!", message=True),
    Case("non-bert-folder", model="{gpt2}", message=True),
    Case("missing-local-path", model="/no/such/folder/bert", message=True),
    Case("folder-without-tokenizer", model="{no_tokenizer}", message=True),
    Case("over-size-limit", model="{fresh_copy}", message=True,
         env=(("BERTVIS_MAX_PARAMS_M", "0.001"),)),
    Case("offline-hub-id", model="bert-base-uncased", message=True),
    Case("empty-model-id", model="", message=True),
)
CASES = TEXT_CASES + MODEL_CASES
_EMPTY = ("error.empty_text", "similarity.empty", "pt.mlm.empty", "sentiment.empty",
          "tasks.qa.need_both")
_TOO_LONG = ("banner.truncated", "similarity.one", "tasks.qa.need_both")
#: The strings (keys of ``bertvis.ui.strings.ALL``) one of which a page must show for each case
#: with ``message``; which one depends on the page (the similarity page wants lines, the QA tab
#: a question and a passage). An id the offline app can't look up must be named in the message.
EXPECTED = {
    "empty": _EMPTY, "whitespace": _EMPTY, "newlines-only": _EMPTY, "empty-a-with-b": _EMPTY,
    "10000-characters": _TOO_LONG, "512-plus-tokens-as-a-pair": _TOO_LONG,
    "unknown-hub-id": ("banner.fallback", "tasks.offline.qa"),
    "offline-hub-id": ("banner.fallback", "tasks.offline.qa"),
    "invalid-model-id": ("error.bad_model_id",),
    "non-bert-folder": ("error.unsupported_architecture",),
    "missing-local-path": ("error.local_path_missing",),
    "folder-without-tokenizer": ("error.unreadable_model",),
    "over-size-limit": ("error.too_large",),
    "empty-model-id": ("error.empty_model_id", "tasks.type_model"),
}
NAMES_THE_MODEL = {"unknown-hub-id", "offline-hub-id"}
#: Pages whose model is not read from the boxes the model cases type into (the sentiment model
#: picker shows its id box only for "custom"; the experiments page runs the sentiment model):
#: there the model cases check only for no traceback and no live HTML.
MODEL_NOT_FROM_BOXES = {"sentiment", "experiments"}
MODEL_INFO = re.compile(r"\d+ layers × \d+ heads")
#: Typed HTML that would be live if it reached the page unescaped (escaped text is inert).
INJECTED = ("<script>alert", "<img src=x onerror", 'href="javascript:')
#: ... and, in markdown that may hold HTML, a link the markdown renderer would make live.
INJECTED_MARKDOWN = (*INJECTED, "](javascript:")


#: Integration steps of the sentiment page's explanation in these cases. The page's 50 steps
#: at 512 tokens take most of this module's time, and the number of steps is not what a bad
#: input tests (tests/test_sentiment*.py check the 50-step attributions).
FEW_IG_STEPS = 4


@pytest.fixture(scope="module", autouse=True)
def few_integration_steps():
    """``attribution.attribute`` with ``FEW_IG_STEPS`` for this module; the app's store is
    emptied afterwards, so no later test reads an attribution computed with fewer steps."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attribution, "attribute",
                      functools.partial(attribution.attribute, n_steps=FEW_IG_STEPS))
        yield
    cache.store().clear()


@pytest.fixture(scope="module")
def folders(tmp_path_factory, lesson_models) -> dict[str, str]:
    """Model folders: the good tiny ones, and the bad ones the model cases name in braces."""
    from transformers import BertConfig, GPT2Config

    root = tmp_path_factory.mktemp("bad-inputs")
    GPT2Config(n_layer=1, n_head=2, n_embd=8, vocab_size=50).save_pretrained(root / "gpt2")
    BertConfig(hidden_size=8, num_hidden_layers=1, num_attention_heads=2,
               intermediate_size=8).save_pretrained(root / "no-tokenizer")
    return {"tiny": lesson_models["model"], "qa": lesson_models["qa_model"],
            "ner": lesson_models["ner_model"], "gpt2": str(root / "gpt2"),
            "no_tokenizer": str(root / "no-tokenizer"), "root": str(root)}


def runs_model(at: AppTest) -> bool:
    """Whether the page loaded a model (the sidebar's or a task picker's "L layers × H heads"
    caption is shown); pages that run none (home, the tour) owe no message about models."""
    return any(MODEL_INFO.search(str(c.value)) for c in at.caption)


@pytest.fixture(scope="module")
def pages(folders):
    """One AppTest per page, opened lazily on the good tiny models, and whether it runs one."""
    opened: dict[str, tuple[AppTest, bool]] = {}

    def get(path: str) -> tuple[AppTest, bool]:
        if path not in opened:
            at = AppTest.from_file(apptest.APP, default_timeout=180)
            query = dict(model=folders["tiny"], qa_model=folders["qa"], ner_model=folders["ner"])
            at.query_params.update(query)
            at.run()  # the sidebar takes its model here; the URL then keeps only drawn keys
            at.query_params.update(query)
            if path != HOME:
                at.switch_page(path)
                at.run()
            assert not at.exception, [e.value for e in at.exception]
            opened[path] = (at, runs_model(at))
        return opened[path]

    return get


def is_model_box(key: str) -> bool:
    return "custom" in key


def boxes(at: AppTest, models: bool) -> list:
    """The page's text boxes drawn from shared state (model-id boxes, or all the others)."""
    found = [w for w in (*at.text_area, *at.text_input) if w.key and w.key.startswith("_w_")]
    return [w for w in found if is_model_box(w.key) == models]


def good_models(at: AppTest, folders: dict[str, str]) -> None:
    """Point every model-id box back at the good tiny folders."""
    for box in boxes(at, models=True):
        wanted = folders["qa"] if "qa" in box.key else folders["ner"] if "ner" in box.key \
            else folders["tiny"]
        if box.value != wanted:
            box.input(wanted)


def messages(at: AppTest) -> list[str]:
    return [str(m.value) for kind in ("info", "warning", "error") for m in at.get(kind)]


def template(key: str) -> re.Pattern:
    """The English text of ``key`` as a pattern: its ``{fields}`` match anything, its spaces
    any run of spaces or none (a field left empty at the end takes its space with it)."""
    parts = string.Formatter().parse(ALL[key][0])
    return re.compile("".join(re.sub(r"\\ ", r"\\s*", re.escape(text))
                              + (".*?" if field is not None else "")
                              for text, field, _, _ in parts), re.S)


def expected_message(case: Case, shown: list[str]) -> str | None:
    """The first message in ``shown`` that is one of ``EXPECTED[case.name]``."""
    patterns = [template(key) for key in EXPECTED[case.name]]
    for text in shown:
        if any(p.match(text) for p in patterns):
            if case.name not in NAMES_THE_MODEL or case.model in text:
                return text
    return None


def live_html(at: AppTest) -> tuple[str, str]:
    """What the browser renders as HTML: st.html bodies, and markdown that allows HTML."""
    return ("\n".join(e.proto.body for e in at.get("html")),
            "\n".join(m.value for m in at.markdown if m.proto.allow_html))


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.url or "home" for lesson in LESSONS])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gives_a_message_not_a_traceback(case, lesson, pages, folders,
                                                   deployment_settings):
    deployment_settings(**dict(case.env))
    at, page_runs_model = pages(lesson.path)
    good_models(at, folders)
    if case.model is not None:
        model = case.model
        if model == "{fresh_copy}":  # an uncached path, so the size check runs again
            model = shutil.copytree(folders["tiny"], f"{folders['root']}/copy-{lesson.url}",
                                    dirs_exist_ok=True)
        model = model.format(**folders) if model.startswith("{") else model
        targets = boxes(at, models=True)
        for box in targets:
            box.input(str(model))
    else:
        targets = boxes(at, models=False)
        for box in targets:
            box.input(case.text_b if box.key.endswith("_b") else case.text_a)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if case.message and targets and page_runs_model and not (
            case.model is not None and lesson.url in MODEL_NOT_FROM_BOXES):
        shown = messages(at)
        assert expected_message(case, shown), f"{case.name} on {lesson.path}: shown {shown}"
    html, markdown = live_html(at)
    for needle in INJECTED:
        assert needle not in html, f"unescaped {needle!r} in the page's HTML"
    for needle in INJECTED_MARKDOWN:
        assert needle not in markdown, f"unescaped {needle!r} in markdown with HTML"


def test_suite_covers_at_least_25_cases_on_every_page(pages):
    assert len(CASES) >= 25
    assert {case.name for case in CASES if case.message} == set(EXPECTED)
    assert all(key in ALL for keys in EXPECTED.values() for key in keys)
    model_pages = [lesson.path for lesson in LESSONS if pages(lesson.path)[1]]
    assert "app_pages/tasks.py" in model_pages and HOME not in model_pages
