"""The app's pages in lesson order: navigation (``app.py``) and the home page's cards read this."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    path: str  # page file, relative to the repository root
    url: str  # URL path of the page ("" for home)
    icon: str
    title_key: str  # strings key of the page title
    blurb_key: str  # strings key of its one-line description on the home page


LESSONS: tuple[Lesson, ...] = (
    Lesson("app_pages/home.py", "", ":material/home:", "page.home",
           "home.blurb"),
    Lesson("app_pages/tour.py", "tour", ":material/route:", "page.tour",
           "tour.blurb"),
    Lesson("app_pages/tokens.py", "tokens-and-embeddings", ":material/token:", "page.tokens",
           "tokens.blurb"),
    Lesson("app_pages/attention.py", "attention", ":material/visibility:", "page.attention",
           "attention.blurb"),
    Lesson("app_pages/arithmetic.py", "attention-arithmetic", ":material/calculate:", "page.arithmetic",
           "arithmetic.blurb"),
    Lesson("app_pages/layer.py", "inside-a-layer", ":material/layers:", "page.layer",
           "layer.blurb"),
    Lesson("app_pages/experiments.py", "experiments", ":material/science:", "page.experiments",
           "experiments.blurb"),
    Lesson("app_pages/corpus.py", "across-many-sentences", ":material/library_books:",
           "page.corpus", "corpus.blurb"),
    Lesson("app_pages/similarity.py", "cls-and-similarity", ":material/hub:", "page.similarity",
           "similarity.blurb"),
    Lesson("app_pages/pretraining.py", "masked-words-and-nsp", ":material/masks:", "page.pretraining",
           "pretraining.blurb"),
    Lesson("app_pages/sentiment.py", "sentiment", ":material/sentiment_satisfied:",
           "page.sentiment", "sentiment.blurb"),
    Lesson("app_pages/tasks.py", "qa-and-tagging", ":material/quiz:", "page.tasks",
           "tasks.blurb"),
)
