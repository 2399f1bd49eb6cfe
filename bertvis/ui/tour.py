"""The lessons tour's steps: which page each opens, with which example in its query string.

Texts are the example sentences of the original BERT lesson material; layers and heads are
numbered from 1, as everywhere in the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAIR_A, PAIR_B = "He is eating a fruit.", "A house is near me."


@dataclass(frozen=True)
class Step:
    key: str  # strings: tour.<key>.title / tour.<key>.body
    page: str  # page file, relative to the repository root
    params: dict[str, str] = field(default_factory=dict)  # query string the page opens with

    @property
    def available(self) -> bool:
        """Whether this version of bertvis has the page."""
        return (ROOT / self.page).is_file()

    @property
    def example(self) -> str:
        return " / ".join(v for k, v in self.params.items() if k in ("text_a", "text_b"))


STEPS: tuple[Step, ...] = (
    Step("tokens", "app_pages/tokens.py", {"text_a": "The restless cat was [MASK]."}),
    Step("embeddings", "app_pages/tokens.py", {"text_a": PAIR_A, "text_b": PAIR_B}),
    Step("attention", "app_pages/attention.py",
         {"text_a": PAIR_A, "text_b": PAIR_B, "layer": "2", "head": "3"}),
    Step("qk", "app_pages/arithmetic.py", {"text_a": PAIR_A}),
    Step("cls", "app_pages/similarity.py", {"text_a": PAIR_A, "text_b": PAIR_B}),
    Step("masked", "app_pages/pretraining.py", {"text_a": "I bought a [MASK]."}),
    Step("nsp", "app_pages/pretraining.py", {"text_a": PAIR_A, "text_b": PAIR_B}),
    Step("sentiment", "app_pages/sentiment.py", {"text_a": "The restless cat was happy."}),
)
