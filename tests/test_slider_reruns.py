"""Moving a slider never runs the model again, on any page: the page's first run computed what
it shows (kept in the cache store), and a slider only picks which part of it to draw. Model
runs are counted as forward passes of any model in the process (tests/apptest.py)."""

from __future__ import annotations

import pytest
from apptest import counting_model_runs, open_page, rerun

from bertvis.ui.lessons import LESSONS

pytestmark = pytest.mark.apptest

TEXT_A = "the cat sat on the mat because it was tired ."
TEXT_B = "the dog ate fruit near the house ."


def moved(slider):
    """A value of ``slider`` other than its current one (the next step, or the previous)."""
    value = slider.value
    if isinstance(value, tuple):  # a range slider: move its upper end
        low, high = value
        return (low, high - 1 if high - 1 > low else high + 1)
    step = slider.step or 1
    return value + step if value + step <= slider.max else value - step


#: Sliders that change the model's input, so a move must run it (padding tokens added).
CHANGE_THE_INPUT = {"_w_pads"}
#: Pages with no slider that only picks what to draw (checked: they still have none).
NO_SLIDERS = {"", "tour", "experiments", "tokens-and-embeddings"}
PAGES = [pytest.param(lesson, id=lesson.url or "home") for lesson in LESSONS]


@pytest.mark.parametrize("lesson", PAGES)
def test_slider_moves_do_not_rerun_the_model(lesson, lesson_models):
    at = open_page(lesson.path, text_a=TEXT_A, text_b=TEXT_B, **lesson_models)
    sliders = [s for s in at.slider if s.key and s.key not in CHANGE_THE_INPUT]
    if lesson.url in NO_SLIDERS:
        assert not sliders, f"{lesson.url} has sliders now: add it to this test"
        return
    assert sliders, f"{lesson.url} has no slider"
    rerun(at)  # anything the first runs left to compute (a second model, a prefetch) is done
    for slider in sliders:
        key = slider.key
        with counting_model_runs() as runs:
            at.slider(key=key).set_value(moved(at.slider(key=key)))
            rerun(at)
        assert runs.count == 0, f"moving {key} on {lesson.url} ran a model {runs.count} times"
