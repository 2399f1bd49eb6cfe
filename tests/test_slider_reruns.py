"""Moving a slider never runs the model again, on any page and any tab: the page's first run
computed what it shows (kept in the cache store), and a slider only picks which part of it to
draw, so what the page draws changes. Model runs are counted as forward passes of any model in
the process (tests/apptest.py); the counter is checked to count (a slider that changes the
input, and one trace)."""

from __future__ import annotations

import json

import pytest
from apptest import counting_model_runs, open_page, rerun

from bertvis import models
from bertvis.trace import trace
from bertvis.ui.lessons import LESSONS
from bertvis.ui.views import attention, corpus, experiments, pretraining, tasks

pytestmark = pytest.mark.apptest

TEXT_A = "the cat sat on the [MASK] because it was tired ."  # a [MASK] for the masked-words tab
TEXT_B = "the dog ate fruit near the house ."


def moved(slider):
    """A value of ``slider`` other than its current one (the next step, or the previous)."""
    value = slider.value
    if isinstance(value, tuple):  # a range slider: move its upper end
        low, high = value
        return (low, high - 1 if high - 1 > low else high + 1)
    step = slider.step or 1
    return value + step if value + step <= slider.max else value - step


def drawing(at) -> str:
    """Everything the page drew that a view control may change: figures, tables, text."""
    parts = [chart.proto.spec for chart in at.get("plotly_chart")]
    parts += [str(frame.value) for frame in at.dataframe]
    parts += [str(m.value) for kind in ("markdown", "caption", "latex", "html")
              for m in at.get(kind)]
    return json.dumps(parts)


#: Sliders that change the model's input, so a move must run it (padding tokens added).
CHANGE_THE_INPUT = {"_w_pads"}
#: The URL key of each page's tabs, and the tabs (every tab is opened).
TABS = {"attention": ("att_tab", attention.TABS),
        "masked-words-and-nsp": ("pt_tab", pretraining.TABS),
        "experiments": ("exp_tab", experiments.TABS),
        "qa-and-tagging": ("tasks_tab", tasks.TABS),
        "across-many-sentences": ("corpus_tab", corpus.TABS)}
#: (page, tab) with no slider that only picks what to draw (checked: they still have none).
NO_SLIDERS = {("", None), ("tour", None), ("tokens-and-embeddings", None),
              ("experiments", "knockout"), ("qa-and-tagging", "features"),
              *(("across-many-sentences", tab) for tab in corpus.TABS)}
#: Sliders the attention page draws above its tabs that a tab doesn't read, (page, tab) ->
#: keys: the colour clip is the explorer's only; the norms and pairs tabs show every layer and
#: head; bertviz has its own layer and head pickers.
_ABOVE = {"_w_layer", "_w_head", "_w_att_clip"}
NOT_READ = {("attention", "guide"): {"_w_att_clip"}, ("attention", "quiz"): {"_w_att_clip"},
            ("attention", "norms"): _ABOVE, ("attention", "pairs"): _ABOVE,
            ("attention", "bertviz"): _ABOVE}
PAGES = [pytest.param(lesson, tab, id=f"{lesson.url or 'home'}-{tab}" if tab else
                      lesson.url or "home")
         for lesson in LESSONS
         for tab in (TABS[lesson.url][1] if lesson.url in TABS else (None,))]


@pytest.mark.parametrize(("lesson", "tab"), PAGES)
def test_slider_moves_redraw_without_rerunning_the_model(lesson, tab, lesson_models):
    query = {TABS[lesson.url][0]: tab} if tab else {}
    if lesson.url == "experiments":  # the sidebar's tiny model (the sentiment one is MiniLM)
        query["exp_task"] = "pretraining"
    at = open_page(lesson.path, text_a=TEXT_A, text_b=TEXT_B, **lesson_models, **query)
    sliders = [s for s in at.slider if s.key and s.key not in CHANGE_THE_INPUT]
    if (lesson.url, tab) in NO_SLIDERS:
        assert not sliders, f"{lesson.url} {tab} has sliders now: add it to this test"
        return
    assert sliders, f"{lesson.url} {tab} has no slider"
    rerun(at)  # anything the first runs left to compute (a second model, a prefetch) is done
    unchanged = []
    for slider in sliders:
        key = slider.key
        before = drawing(at)
        with counting_model_runs() as runs:
            at.slider(key=key).set_value(moved(at.slider(key=key)))
            rerun(at)
        assert runs.count == 0, f"moving {key} on {lesson.url} ran a model {runs.count} times"
        if drawing(at) == before:
            unchanged.append(key)
    assert set(unchanged) == NOT_READ.get((lesson.url, tab), set()), \
        f"on {lesson.url} {tab}, moving these changed nothing: {unchanged}"


def test_the_counter_counts_a_slider_that_changes_the_input(lesson_models):
    at = open_page("app_pages/tokens.py", text_a=TEXT_A, **lesson_models)
    with counting_model_runs() as runs:
        at.slider(key="_w_pads").set_value(moved(at.slider(key="_w_pads")))
        rerun(at)
    assert runs.count >= 1


def test_the_counter_counts_one_trace_as_one_run(tiny_bert):
    loaded = models.load(str(tiny_bert), device="cpu")
    with counting_model_runs() as runs:
        trace(loaded, TEXT_A)
    assert runs.count == 1
