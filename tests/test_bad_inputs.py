"""Bad input through every page in ``LESSONS`` (AppTest): each case ends in a page without an
exception (an unexpected error fails the test: tests/conftest.py), in exactly the outcome the
case names for that page (``OUTCOMES``: its message, or ``DRAWN``: the page's figure), and with no
typed HTML reaching the page unescaped.

Each page is opened once per module on tiny models saved to temporary folders (the sidebar's
custom model id, and the task pages' own model ids); every case then types into every text box
the page has (model-id boxes aside) or into every model-id box, as a user would, and reruns.
Every text box starts each case from the value it had when its page opened. A page added to
``LESSONS`` later fails :func:`test_every_case_names_its_outcome_on_every_page` until its outcomes
are written down here.
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
from bertvis.strings import ALL

pytestmark = [pytest.mark.apptest, pytest.mark.slow]  # 342 page runs: CI's make test-slow

HOME = LESSONS[0].path
LONG_WORDS = "the cat sat on the mat because it was tired . "


@dataclass(frozen=True)
class Case:
    name: str
    text_a: str = "the cat sat on the mat ."
    text_b: str = ""
    model: str | None = None  # typed into every model-id box instead of a text
    env: tuple[tuple[str, str], ...] = ()


TEXT_CASES = (
    Case("empty", ""),
    Case("whitespace", "   \t  "),
    Case("newlines-only", "\n\n\n"),
    Case("empty-a-with-b", "", "the dog sat"),
    Case("10000-characters", (LONG_WORDS * 250)[:10_000]),
    Case("512-plus-tokens-as-a-pair", LONG_WORDS * 60, LONG_WORDS * 60),
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
    Case("one-5000-letter-word", "a" * 5000),
)
MODEL_CASES = (
    Case("unknown-hub-id", model="no-such-user/no-such-model-xyz"),
    Case("invalid-model-id", model="not a model!!"),
    Case("non-bert-folder", model="{gpt2}"),
    Case("missing-local-path", model="/no/such/folder/bert"),
    Case("folder-without-tokenizer", model="{no_tokenizer}"),
    Case("over-size-limit", model="{fresh_copy}",
         env=(("BERTVIS_MAX_PARAMS_M", "0.001"),)),
    Case("offline-hub-id", model="bert-base-uncased"),
    Case("empty-model-id", model=""),
)
CASES = TEXT_CASES + MODEL_CASES
#: What a page draws when it runs its model to the end: a figure.
DRAWN = "drawn"
#: Home and the tour run no model: they show no message and draw no figure.
NO_MODEL = ()
MODEL_PAGES = ("tokens-and-embeddings", "attention", "attention-arithmetic", "inside-a-layer",
               "experiments", "cls-and-similarity", "masked-words-and-nsp", "sentiment",
               "qa-and-tagging", "across-many-sentences")
#: Pages opened in a state where the cases' text reaches the model (shared values set before
#: the page first runs): the corpus page's field guide over the lines typed in its box, running.
PAGE_STATE = {"across-many-sentences": {"corpus_set": "own", "corpus_run": True,
                                        "corpus_text": "the cat sat on the mat ."}}


def outcomes(default: tuple[str, ...], **pages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The outcome on every page (URL path -> the strings keys it must show, and ``DRAWN`` when
    it draws its figure): ``default`` on each page that runs a model, ``pages`` (URL paths with
    ``_`` for ``-``) where it differs."""
    found = {"": NO_MODEL, "tour": NO_MODEL, **dict.fromkeys(MODEL_PAGES, default)}
    for page, outcome in pages.items():
        page = page.replace("_", "-")
        assert page in found, page
        found[page] = outcome
    return found


#: The corpus page reads each case as the lines of its own set and as its head search: a text
#: that isn't a search is refused by the search box while the field guide draws; a text longer
#: than the search box takes leaves its default search, which no head of the tiny model meets.
CORPUS = "across_many_sentences"
_NOT_A_SEARCH = ("error.bad_query", DRAWN)
_SEARCH_KEPT = ("corpus.found_none", DRAWN)

#: A text the page draws for. The similarity page wants one sentence a line (the case's text is
#: one), the masked-words tab a [MASK], and the experiments page's head list (which the case's
#: text also goes into; a text longer than the list's box is refused by the box) heads.
_ORDINARY = outcomes((DRAWN,), cls_and_similarity=("similarity.one",),
                     masked_words_and_nsp=("pt.mlm.no_mask",),
                     experiments=("error.bad_head_spec", DRAWN), **{CORPUS: _NOT_A_SEARCH})
_HAS_MASKS = {**_ORDINARY, "masked-words-and-nsp": (DRAWN,)}
_TOO_LONG_FOR_HEADS = {**_ORDINARY, "experiments": (DRAWN,), "across-many-sentences": (DRAWN,)}
_EMPTY = outcomes(("error.empty_text",), cls_and_similarity=("similarity.empty",),
                  masked_words_and_nsp=("pt.mlm.empty",), sentiment=("sentiment.empty",),
                  qa_and_tagging=("tasks.qa.need_both",), **{CORPUS: ("error.no_sentences",)})
_TOO_LONG = outcomes(("banner.truncated", DRAWN), cls_and_similarity=("similarity.one",),
                     masked_words_and_nsp=("banner.truncated", "pt.mlm.no_mask"),
                     **{CORPUS: _NOT_A_SEARCH})


def _model_refused(key: str, tasks: str | None = None) -> dict[str, tuple[str, ...]]:
    """A model id the pages refuse with ``key`` (the task pickers with ``tasks``); the
    sentiment and experiments pages read no model-id box, so they draw."""
    return outcomes((key,), qa_and_tagging=(tasks or key,), sentiment=(DRAWN,),
                    experiments=(DRAWN,))


#: An id the offline app can't look up: the sidebar's pages run the packaged stand-in (which has
#: no masked-LM head) and say so, naming the id; the task picker has no stand-in.
_OFFLINE = outcomes(("banner.fallback", DRAWN),
                    masked_words_and_nsp=("banner.fallback", "pt.no_head.mlm"),
                    qa_and_tagging=("tasks.offline.qa",), sentiment=(DRAWN,),
                    experiments=(DRAWN,), **{CORPUS: ("banner.fallback", DRAWN)})
#: Each case's outcome on each page (the URL path; ``""`` is home).
OUTCOMES = {
    "empty": _EMPTY, "whitespace": _EMPTY, "newlines-only": _EMPTY, "empty-a-with-b": _EMPTY,
    "10000-characters": _TOO_LONG,
    "512-plus-tokens-as-a-pair": {**_TOO_LONG, "across-many-sentences": _SEARCH_KEPT},
    "twenty-masks": {**_HAS_MASKS, "across-many-sentences": _SEARCH_KEPT},
    "only-special-tokens": _HAS_MASKS,
    **dict.fromkeys(("no-mask", "only-sep", "emoji", "japanese", "chinese-korean",
                     "arabic-rtl", "bidi-override", "control-characters", "zero-width",
                     "combining-and-symbols", "script-tag", "img-onerror",
                     "markdown-latex-link", "punctuation-only"), _ORDINARY),
    "one-5000-letter-word": _TOO_LONG_FOR_HEADS,
    "unknown-hub-id": _OFFLINE, "offline-hub-id": _OFFLINE,
    "invalid-model-id": _model_refused("error.bad_model_id"),
    "non-bert-folder": _model_refused("error.unsupported_architecture"),
    "missing-local-path": _model_refused("error.local_path_missing"),
    "folder-without-tokenizer": _model_refused("error.unreadable_model"),
    "over-size-limit": _model_refused("error.too_large"),
    "empty-model-id": _model_refused("error.empty_model_id", tasks="tasks.type_model"),
}
#: Messages that must name the model id the case typed.
NAMES_THE_MODEL = {"banner.fallback", "tasks.offline.qa"}
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
    """One AppTest per page, opened lazily on the good tiny models, whether it runs one, and
    the value of every text box (model-id boxes aside) as it opened."""
    opened: dict[str, tuple[AppTest, bool, dict[str, str]]] = {}

    def get(path: str) -> tuple[AppTest, bool, dict[str, str]]:
        if path not in opened:
            at = AppTest.from_file(apptest.APP, default_timeout=180)
            query = dict(model=folders["tiny"], qa_model=folders["qa"], ner_model=folders["ner"])
            at.query_params.update(query)
            at.run()  # the sidebar takes its model here; the URL then keeps only drawn keys
            at.query_params.update(query)
            if path != HOME:
                lesson = next(lesson for lesson in LESSONS if lesson.path == path)
                for key, value in PAGE_STATE.get(lesson.url, {}).items():
                    at.session_state[key] = value
                at.switch_page(path)
                at.run()
            assert not at.exception, [e.value for e in at.exception]
            opened[path] = (at, runs_model(at),
                             {box.key: box.value for box in boxes(at, models=False)})
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


def good_texts(at: AppTest, first: dict[str, str]) -> None:
    """Put every text box back to the value it had when the page opened."""
    for box in boxes(at, models=False):
        if box.key in first and box.value != first[box.key]:
            box.input(first[box.key])


def messages(at: AppTest) -> list[str]:
    return [str(m.value) for kind in ("info", "warning", "error") for m in at.get(kind)]


def drawn(at: AppTest) -> bool:
    """Whether the page drew a figure (the result of a model run)."""
    return bool(at.get("plotly_chart"))


def template(key: str) -> re.Pattern:
    """The English text of ``key`` as a pattern: its ``{fields}`` match anything, its spaces
    any run of spaces or none (a field left empty at the end takes its space with it)."""
    parts = string.Formatter().parse(ALL[key][0])
    return re.compile("".join(re.sub(r"\\ ", r"\\s*", re.escape(text))
                              + (".*?" if field is not None else "")
                              for text, field, _, _ in parts), re.S)


def shows(case: Case, key: str, shown: list[str]) -> bool:
    """Whether one message in ``shown`` is the string ``key`` (naming the case's model id where
    the message must)."""
    pattern = template(key)
    return any(pattern.fullmatch(text) and (key not in NAMES_THE_MODEL or case.model in text)
               for text in shown)


def live_html(at: AppTest) -> tuple[str, str]:
    """What the browser renders as HTML: st.html bodies and iframes (bertviz's), and markdown
    that allows HTML."""
    return ("\n".join([*(e.proto.body for e in at.get("html")),
                       *(e.proto.srcdoc for e in at.get("iframe"))]),
            "\n".join(m.value for m in at.markdown if m.proto.allow_html))


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.url or "home" for lesson in LESSONS])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gives_a_message_not_a_traceback(case, lesson, pages, folders,
                                                   deployment_settings):
    deployment_settings(**dict(case.env))
    at, _, first_texts = pages(lesson.path)
    good_models(at, folders)
    good_texts(at, first_texts)
    if case.model is not None:
        model = case.model
        if model == "{fresh_copy}":  # an uncached path, so the size check runs again
            model = shutil.copytree(folders["tiny"], f"{folders['root']}/copy-{lesson.url}",
                                    dirs_exist_ok=True)
        model = model.format(**folders) if model.startswith("{") else model
        for box in boxes(at, models=True):
            box.input(str(model))
    else:
        for box in boxes(at, models=False):
            box.input(case.text_b if box.key.endswith("_b") else case.text_a)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    outcome, shown = OUTCOMES[case.name][lesson.url], messages(at)
    where = f"{case.name} on {lesson.path}: shown {shown}"
    assert [key for key in outcome if key != DRAWN and not shows(case, key, shown)] == [], where
    assert drawn(at) == (DRAWN in outcome), f"{where}; drew a figure: {drawn(at)}"
    errors = [str(e.value) for e in at.error]  # every error box is one the outcome names
    assert [e for e in errors
            if not any(shows(case, key, [e]) for key in outcome if key != DRAWN)] == [], where
    html, markdown = live_html(at)
    for needle in INJECTED:
        assert needle not in html, f"unescaped {needle!r} in the page's HTML"
    for needle in INJECTED_MARKDOWN:
        assert needle not in markdown, f"unescaped {needle!r} in markdown with HTML"


def test_every_case_names_its_outcome_on_every_page(pages):
    assert len(CASES) >= 25
    assert set(OUTCOMES) == {case.name for case in CASES}
    urls = {lesson.url for lesson in LESSONS}
    for name, by_page in OUTCOMES.items():
        assert set(by_page) == urls, name
        assert all(key == DRAWN or key in ALL for keys in by_page.values() for key in keys)
    # a page runs a model exactly where an outcome other than "nothing" is written for it
    assert {lesson.url for lesson in LESSONS if pages(lesson.path)[1]} == set(MODEL_PAGES)
