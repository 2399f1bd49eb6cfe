"""Every link in the lesson plans (docs/lessons/) opens its page in the state it names (issue 29).

Each link is opened as a shared link is (AppTest, only the link's query string in the URL) on
the fake Hugging Face cache, where the default task models (sentiment) load under their real
ids; the sidebar's model is a random BERT with BERT-base's 12 layers × 12 heads (the cache's
tiny BERT-base has 2 × 4, and the plans name heads such as 5-4), reading Japanese with the
Japanese BERT's tokenizer for the Japanese plans. The page must raise nothing,
show no error box, take every setting of the link (a misspelt key would be silently ignored)
and draw its figure or table.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import apptest
import pytest
import torch
from tiny import make_tiny_bert
from transformers import BertConfig, BertForPreTraining

from bertvis.presets import JAPANESE_ENCODER
from bertvis.ui.lessons import LESSONS

LESSON_DIR = Path(__file__).resolve().parent.parent / "docs" / "lessons"
APP_LINK = re.compile(r"\]\((http://localhost:8501/[^)\s]*)\)")
PAGES = {lesson.url: lesson.path for lesson in LESSONS}


def lesson_links() -> list[tuple[str, str]]:
    """(plan file, link) for every link into the app in the lesson plans."""
    return [(plan.name, link) for plan in sorted(LESSON_DIR.glob("*.md"))
            for link in APP_LINK.findall(plan.read_text(encoding="utf-8"))]


BASE_SHAPE = dict(num_hidden_layers=12, num_attention_heads=12, hidden_size=48,
                  intermediate_size=96)


@pytest.fixture(scope="module")
def base_shaped(tmp_path_factory, fake_hub) -> dict[str, str]:
    """Small random BERTs with both pre-training heads and BERT-base's 12 × 12 heads, by UI
    language: English WordPiece, and the fake Japanese BERT's MeCab + WordPiece tokenizer."""
    english = make_tiny_bert(tmp_path_factory.mktemp("twelve-by-twelve"), **BASE_SHAPE)
    japanese = tmp_path_factory.mktemp("twelve-by-twelve-ja")
    repo = fake_hub / f"models--{JAPANESE_ENCODER.replace('/', '--')}" / "snapshots"
    for name in ("vocab.txt", "tokenizer_config.json"):
        shutil.copy(next(repo.iterdir()) / name, japanese / name)
    vocab = (japanese / "vocab.txt").read_text(encoding="utf-8").splitlines()
    torch.manual_seed(0)
    BertForPreTraining(BertConfig(vocab_size=len(vocab), max_position_embeddings=64,
                                  **BASE_SHAPE)).save_pretrained(japanese)
    return {"en": str(english), "ja": str(japanese)}


def test_every_plan_has_its_links():
    plans = {name for name, _ in lesson_links()}
    assert plans == {p.name for p in LESSON_DIR.glob("*.md")} and len(plans) == 6
    assert len(lesson_links()) >= 30


@pytest.mark.apptest
@pytest.mark.parametrize(("plan", "link"), lesson_links(),
                         ids=[f"{p}-{i}" for i, (p, _) in enumerate(lesson_links())])
def test_lesson_link_opens_its_page(fake_hub_offline, base_shaped, plan, link):
    parts = urlsplit(link)
    page = parts.path.strip("/")
    assert page in PAGES, f"{plan}: no page {page!r}"
    query = dict(parse_qsl(parts.query))
    model = base_shaped[query.get("lang", "en")]
    at = apptest.open_page(PAGES[page], fresh_link=True, **{"model": model, **query})
    assert not [e.value for e in at.error], f"{plan}: {link}"
    for key, value in query.items():
        if key != "lang":
            assert str(at.session_state[key]).lower() == value.lower(), (plan, key)
    if page == "tour":  # the tour draws cards, each with a button that opens its lesson
        drawn = [b for b in at.button if (b.key or "").startswith("tour-")]
    else:
        drawn = list(at.get("plotly_chart")) + list(at.dataframe)
    assert drawn, f"{plan}: {link} drew no figure or table"
