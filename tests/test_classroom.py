"""Classroom tools in AppTest and the handout engine: links restore every page's state, a widget
change reaches the URL, the browser's language is the default, the share control's link and
QR code, the lessons tour, the handout export and projector mode."""

from __future__ import annotations

import io
import re

import apptest
import pandas as pd
import plotly.graph_objects as go
import pytest
from apptest import click
from planted_tasks import QA_PASSAGE, QA_QUESTION
from streamlit.testing.v1 import AppTest

from bertvis import handout
from bertvis.figures.style import finish
from bertvis.presets import DEFAULT_ENCODER, ENCODER_PRESETS
from bertvis.ui import export, share, tour
from bertvis.ui.lessons import LESSONS

HOME = LESSONS[0].path
OTHER_MODEL = next(p.model_id for p in ENCODER_PRESETS if p.model_id != DEFAULT_ENCODER)
#: Settings every page shares, as a link would carry them.
SHARED = {"lang": "ja", "projector": "True", "model": OTHER_MODEL}
EDITABLE = ("text_input", "text_area", "slider", "number_input", "toggle", "checkbox")


def lesson_id(lesson) -> str:
    return lesson.url or "home"


def open_link(path: str, query: dict[str, str], context: dict | None = None) -> AppTest:
    """Arrive at ``path`` with ``query`` (and nothing else) in the URL, as a link or
    st.switch_page does; the app must honour it over what the first run put in the session
    (``state.sync_from_url``). The page may have raised an exception: callers check."""
    return apptest.open_page(path, fresh_link=True, check=False, timeout=120, context=context,
                             **query)


def bound_widgets(at: AppTest) -> dict[str, object]:
    """The page's URL-bound widgets (keys ``_w_<name>``) in the main area, by URL name."""
    found = {}
    for kind in EDITABLE:
        for widget in at.main.get(kind):
            if widget.key and widget.key.startswith("_w_"):
                found[widget.key[3:]] = widget
    return found


def other_value(widget) -> object | None:
    """A value different from the widget's current one that it accepts (None: no such)."""
    kind = widget.type
    if kind in ("toggle", "checkbox"):
        return not widget.value
    if kind in ("text_input", "text_area"):
        return f"{widget.value} {widget.value}".strip() or "A house is near me."
    if kind in ("slider", "number_input"):
        if isinstance(widget.value, (tuple, list)):
            return None
        low, high = widget.min, widget.max
        step = widget.step or 1
        candidate = widget.value + step
        if high is not None and candidate > high:
            candidate = widget.value - step
        if low is not None and candidate < low:
            return None
        return type(widget.value)(candidate)
    return None


@pytest.fixture(scope="module")
def page_defaults():
    """Each page opened with no query: its bound widgets and their values; the asking test
    is skipped, saying why, when the page can't run offline."""
    cache: dict[str, tuple[dict[str, object], str | None]] = {}

    def get(lesson) -> dict[str, object]:
        if lesson.path not in cache:
            at = open_link(lesson.path, {})
            problem = None
            if at.exception:
                problem = f"{lesson.path} raises offline: {at.exception[0].value}"
            cache[lesson.path] = ({k: w for k, w in bound_widgets(at).items()}, problem)
        widgets, problem = cache[lesson.path]
        if problem:
            pytest.skip(problem)
        return widgets

    return get


TEXT_KINDS = ("text_input", "text_area")


def changes(widgets: dict[str, object], texts: bool) -> dict[str, object]:
    """Another value for each enabled widget: text boxes only, or everything else.

    Texts and the other controls are changed in separate links because a page may make one
    depend on the other (the padding slider's range follows the text's length)."""
    found = {}
    for name, widget in widgets.items():
        if widget.disabled or (widget.type in TEXT_KINDS) != texts:
            continue
        value = other_value(widget)
        if value is not None:
            found[name] = value
    return found


@pytest.mark.parametrize("texts", [False, True], ids=["controls", "texts"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_id)
@pytest.mark.apptest
def test_a_link_restores_the_shared_settings_and_the_page_state(lesson, texts, page_defaults):
    widgets = page_defaults(lesson)
    page_query = {name: str(value) for name, value in changes(widgets, texts).items()}
    at = open_link(lesson.path, {**SHARED, **page_query})
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.get("button_group")[0].value == "ja"  # the language control
    assert at.sidebar.toggle(key="_w_projector").value is True
    assert at.sidebar.selectbox(key="_w_model").value == OTHER_MODEL
    restored = bound_widgets(at)
    for name, raw in page_query.items():
        assert str(restored[name].value) == raw, name
    for name, raw in {**SHARED, **page_query}.items():
        assert at.query_params[name] == raw, name  # still in the URL after the page ran


@pytest.mark.parametrize("texts", [False, True], ids=["controls", "texts"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_id)
@pytest.mark.apptest
def test_changing_a_widget_updates_the_url(lesson, texts, page_defaults):
    widgets = page_defaults(lesson)
    at = open_link(lesson.path, {})
    assert "projector" not in at.query_params  # defaults stay out of the link
    at.sidebar.toggle(key="_w_projector").set_value(True)
    changed = changes(bound_widgets(at), texts)
    for name, value in changed.items():
        next(w for w in at.main.get(widgets[name].type) if w.key == f"_w_{name}").set_value(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["projector"] == "True"
    for name, value in changed.items():
        assert at.query_params[name] == str(value), name


@pytest.mark.apptest
def test_the_tasks_page_keeps_its_tab_from_the_link():
    at = open_link("app_pages/tasks.py", {"tasks_tab": "ner", "ner_text": "Anna lives in Kyoto."})
    assert at.text_area(key="_w_ner_text").value == "Anna lives in Kyoto."
    assert at.query_params["tasks_tab"] == "ner"


@pytest.mark.apptest
def test_a_link_arriving_later_wins_over_the_session():
    """st.switch_page(..., query_params=...) or the back button: the URL beats the session."""
    at = open_link(HOME, {"lang": "ja"})
    assert "BERT の中を見る" in at.title[0].value
    at.query_params.clear()
    at.query_params.update({"lang": "en"})
    at.run()
    assert "see inside BERT" in at.title[0].value


@pytest.mark.apptest
def test_the_browser_language_is_the_default():
    at = open_link(HOME, {}, context={"locale": "ja-JP"})
    assert "BERT の中を見る" in at.title[0].value
    assert at.query_params["lang"] == "ja"  # a link made here opens in Japanese elsewhere
    at = open_link(HOME, {}, context={"locale": "en-US"})
    assert "see inside BERT" in at.title[0].value
    assert "lang" not in at.query_params
    at = open_link(HOME, {"lang": "en"}, context={"locale": "ja-JP"})
    assert "see inside BERT" in at.title[0].value  # the link beats the browser


@pytest.mark.apptest
def test_page_names_in_the_navigation_are_translated():
    at = open_link(HOME, {"lang": "ja"})
    links = [link.proto.label for link in at.main.get("page_link")]
    assert "レッスンツアー" in links and "質問応答とタグ付け" in links


# --- share control -------------------------------------------------------------------------

def decode_qr(png: bytes) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.apptest
def test_share_shows_the_full_link_and_a_qr_code_that_decodes_to_it():
    base = "http://classroom.example:8501/qa-and-tagging"
    at = open_link("app_pages/tasks.py", {"tasks_tab": "ner", "lang": "ja"},
                   context={"url": base})
    assert not at.sidebar.get("image"), "the QR code is built while the popover is closed"
    at.session_state[share.POPOVER_KEY] = True  # the user opens the popover
    at.run()
    link = at.sidebar.get("code")[0].value
    assert link.startswith(base + "?") and "tasks_tab=ner" in link and "lang=ja" in link
    images = at.sidebar.get("image")
    assert images, "no QR code shown"
    png = share.qr_png(link)
    assert decode_qr(png) == [link]
    assert "この画面を共有" in at.sidebar.get("popover")[0].proto.popover.label


def test_share_link_with_japanese_text_round_trips_through_the_qr_code():
    link = "http://localhost:8501/?lang=ja&text_a=%E7%8C%AB%E3%81%8C%E5%BA%A7%E3%81%A3%E3%81%9F"
    assert decode_qr(share.qr_png(link)) == [link]


def test_a_link_too_long_for_a_qr_code_says_so():
    assert share.qr_png("http://x/?text_a=" + "a" * 5000) is None


# --- lessons tour --------------------------------------------------------------------------

def test_tour_follows_the_lesson_order_with_the_original_examples():
    keys = [step.key for step in tour.STEPS]
    assert keys == ["tokens", "embeddings", "attention", "qk", "cls", "masked", "nsp",
                    "sentiment", "knockout", "importance", "causal", "pair"]
    examples = " ".join(step.example for step in tour.STEPS)
    for sentence in ("I bought a [MASK].", "He is eating a fruit.", "A house is near me.",
                     "The restless cat was [MASK]."):
        assert sentence in examples
    assert LESSONS[1].path == "app_pages/tour.py" and LESSONS[1].url == "tour"


@pytest.mark.apptest
def test_tour_cards_open_pages_that_exist_and_say_when_one_is_missing():
    at = open_link("app_pages/tour.py", {})
    assert not at.exception
    assert len(at.main.get("subheader")) == len(tour.STEPS)
    buttons = {b.key for b in at.button}
    for step in tour.STEPS:
        assert (f"tour-{step.key}" in buttons) == step.available, step.key
    missing = sum(not step.available for step in tour.STEPS)
    coming = [c for c in at.caption if "not part of this version" in c.value]
    assert len(coming) == missing


@pytest.mark.apptest
def test_a_tour_button_opens_its_page_with_its_example(monkeypatch):
    step = tour.Step("tokens", "app_pages/tasks.py",
                     {"tasks_tab": "ner", "ner_text": "The restless cat was [MASK]."})
    monkeypatch.setattr(tour, "STEPS", (step,))
    at = open_link("app_pages/tasks.py", {"tasks_tab": "ner", "ner_text": "something else"})
    at.switch_page("app_pages/tour.py")
    at.run()
    click(at, "tour-tokens")
    assert at.text_area(key="_w_ner_text").value == "The restless cat was [MASK]."
    assert at.query_params["ner_text"] == "The restless cat was [MASK]."


@pytest.mark.parametrize("step", tour.STEPS, ids=lambda s: s.key)
@pytest.mark.apptest
def test_every_available_tour_step_opens_without_error(step):
    if not step.available:
        pytest.skip(f"{step.page} is not in this version yet")
    at = open_link("app_pages/tour.py", {})
    click(at, f"tour-{step.key}")
    # The page took every value of the step's link that it draws (offline, the masked-word and
    # next-sentence page stops before its inputs: MiniLM has no such heads).
    taken = [key for key in step.params if key in at.session_state]
    for key in taken:
        assert str(at.session_state[key]) == step.params[key], key
    if step.page != "app_pages/pretraining.py":
        assert taken == list(step.params)


# --- handout -------------------------------------------------------------------------------

def test_handout_is_one_offline_file_with_the_figure_and_the_escaped_explanation():
    fig = finish(go.Figure(go.Bar(x=["猫", "<b>"], y=[0.25, 0.75])))
    table = pd.DataFrame({"token": ["猫", "<script>alert(1)</script>"], "p": [0.25, 0.75]})
    page = handout.build(
        "Attention <head> 8-10",
        [handout.Facts((("Sentence A", "<script>alert('x')</script>"),)),
         handout.Text("**Bold** and `code` <img src=x onerror=alert(1)>\n\n日本語の説明"),
         handout.Figure(fig, "probabilities", table),
         handout.Figure(fig, "again")],
        lang="ja", link="http://localhost:8501/?lang=ja",
    )
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert '<html lang="ja">' in page
    assert '<div id="figure-2"' in page and '<div id="figure-3"' in page
    assert page.count("Plotly.newPlot") == 2
    assert len(page) > 3_000_000  # plotly.js itself is inlined ...
    assert page.count("plotly.js v") == 1  # ... once
    assert not re.search(r"<script[^>]+src=", page)  # and nothing is fetched
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<strong>Bold</strong>" in page and "<code>code</code>" in page
    assert "日本語の説明" in page and "Attention &lt;head&gt; 8-10" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the table is escaped too
    assert '<a href="http://localhost:8501/?lang=ja">' in page


def test_handout_cuts_long_tables():
    fig = go.Figure(go.Heatmap(z=[[1]]))
    page = handout.build("t", [handout.Figure(fig, "big", pd.DataFrame({"v": range(1000)}))])
    assert f"({handout.MAX_TABLE_ROWS} / 1000)" in page and "<td>999</td>" not in page


@pytest.mark.apptest
def test_the_page_records_what_it_showed_for_the_handout(planted_qa):
    at = open_link("app_pages/tasks.py", {"qa_model": "__custom__", "qa_custom": planted_qa,
                                          "qa_question": QA_QUESTION, "qa_passage": QA_PASSAGE})
    assert not at.exception, [e.value for e in at.exception]
    items = export.flattened(at.session_state["_handout_items"])  # the answer is a fragment
    figures = [i for i in items if isinstance(i, handout.Figure)]
    texts = [i for i in items if isinstance(i, handout.Text)]
    assert [f.name for f in figures] == ["qa-start-end-probabilities"]
    assert figures[0].table is not None and "p_start" in figures[0].table.columns
    assert any("Question answering" in t.markdown for t in texts)  # the page's explanation
    button = at.sidebar.get("download_button")[0]
    assert not button.proto.disabled
    page = handout.build("Question answering & tagging", items)
    assert "<h2>Qa start end probabilities</h2>" in page and '<div id="figure-' in page


@pytest.mark.apptest
def test_a_page_with_nothing_to_hand_out_disables_the_button():
    at = open_link(HOME, {})
    assert at.sidebar.get("download_button")[0].proto.disabled


# --- projector mode ------------------------------------------------------------------------

@pytest.mark.apptest
def test_projector_mode_makes_figures_large_and_black_and_the_page_text_large():
    normal = finish(go.Figure(go.Heatmap(z=[[1, 2]])), projector=False, height=300)
    big = finish(go.Figure(go.Heatmap(z=[[1, 2]])), projector=True, height=300)
    assert big.layout.font.size > normal.layout.font.size
    assert big.layout.font.color == "#000000" and big.layout.xaxis.linecolor == "#000000"
    assert big.layout.height > normal.layout.height
    assert big.data[0].colorbar.tickfont.size == big.layout.font.size
    at = open_link(HOME, {"projector": "True"})
    styles = [h.proto.body for h in at.get("html") if "<style>" in h.proto.body]
    assert styles and "font-size" in styles[0]
    at = open_link(HOME, {})
    assert not [h for h in at.get("html") if "<style>" in h.proto.body]


# --- examples ------------------------------------------------------------------------------

@pytest.mark.apptest
def test_an_example_button_fills_the_inputs_and_the_link_in_either_language():
    at = open_link("app_pages/tasks.py", {"tasks_tab": "ner", "lang": "ja"})
    labels = [b.label for b in at.main.button if b.key.startswith("ner-example-")]
    assert labels == ["BERT の著者", "京都大学"]
    click(at, "ner-example-1")
    kyoto = "Naoko Suzuki teaches at Kyoto University and lives near Lake Biwa."
    assert at.text_area(key="_w_ner_text").value == kyoto
    assert at.query_params["ner_text"] == kyoto
    click(at, "ner-example-0")
    assert at.text_area(key="_w_ner_text").value.startswith("Jacob Devlin")
    assert "ner_text" not in at.query_params  # back to the default: out of the link


@pytest.mark.apptest
def test_a_page_that_cannot_go_on_still_offers_share_and_handout():
    # An empty text stops the attention page after its message; the link (with the page's
    # state) and the handout of what it did show must still be there.
    at = open_link("app_pages/attention.py", {"text_a": " ", "lang": "en"})
    assert not at.exception
    assert any("text" in info.value.lower() for info in at.info)  # the page said why
    assert at.sidebar.get("popover"), "no share control"
    at.session_state[share.POPOVER_KEY] = True
    at.run()
    link = at.sidebar.get("code")[0].value
    assert link.startswith("?") and "text_a=" in link and "lang=en" in link
    assert at.sidebar.get("download_button"), "no handout button"


@pytest.mark.apptest
def test_the_shared_link_always_names_its_language():
    at = open_link(HOME, {})
    at.session_state[share.POPOVER_KEY] = True
    at.run()
    assert "lang" not in at.query_params
    assert at.sidebar.get("code")[0].value == "?lang=en"


# --- accessibility -------------------------------------------------------------------------

def colour_scales(spec: dict) -> list[list]:
    """Every colour scale in a plotly figure JSON (traces, layout, colour axes), leaving out
    Streamlit's theme template (placeholder colours the browser swaps for the theme's)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "template":
                    continue
                if key in ("colorscale", "sequential", "sequentialminus", "diverging") and \
                        isinstance(value, list):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def safe_scales() -> list[set[str]]:
    from plotly.colors import get_colorscale

    names = ("Cividis", "Viridis", "RdBu", "RdBu_r", "Greys", "Blues")
    return [{colour.lower() for _, colour in get_colorscale(name)} for name in names]


@pytest.mark.apptest
def test_every_figure_uses_colour_blind_safe_scales(planted_qa, planted_ner):
    import json

    links = [(lesson.path, {}) for lesson in LESSONS] + [
        ("app_pages/tasks.py", {"qa_model": "__custom__", "qa_custom": planted_qa}),
        ("app_pages/tasks.py", {"tasks_tab": "ner", "ner_model": "__custom__",
                                "ner_custom": planted_ner}),
    ]
    allowed = safe_scales()
    checked = 0
    for path, query in links:
        at = open_link(path, query)
        for chart in at.get("plotly_chart"):
            for scale in colour_scales(json.loads(chart.proto.spec)):
                colours = {str(colour).lower() for _, colour in scale}
                assert any(colours <= safe for safe in allowed), (path, scale)
                checked += 1
    assert checked >= 3  # the heatmap's own scale and the layout defaults from finish()


def test_handout_markdown_keeps_japanese_emphasis_and_plain_stars():
    assert handout.markdown_to_html("断片*への*重み, 2 * 3, **太字**") == (
        "<p>断片<em>への</em>重み, 2 * 3, <strong>太字</strong></p>")


def test_a_heatmap_with_no_scale_gets_cividis_not_plotlys_rainbow():
    from plotly.colors import get_colorscale

    fig = finish(go.Figure([go.Heatmap(z=[[1, 2]]), go.Heatmap(z=[[1]], colorscale="RdBu")]))
    assert [c for _, c in fig.data[0].colorscale] == [c for _, c in get_colorscale("Cividis")]
    assert fig.data[1].colorscale[0][1] == "rgb(103,0,31)"  # a chosen scale stays
