"""The lessons tour's steps: which page each opens, with which example in its query string.

Texts are the example sentences of the original BERT lesson material; layers and heads are
numbered from 1, as everywhere in the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAIR_A, PAIR_B = "He is eating a fruit.", "A house is near me."
#: [CLS] step: two close sentences (1, 2) and an unrelated one (3).
SIMILARITY = (PAIR_A, "She is having an apple.", PAIR_B, "The restless cat was sleeping.")
#: Minimal pair of the experiments step (Winograd schema: "it" is the trophy, then the suitcase).
TROPHY = "The trophy didn't fit in the suitcase because it was too {}."
#: Query keys whose values are example texts (shown on the card).
TEXT_KEYS = ("text_a", "text_b", "sim_text", "sentiment_text", "exp_text2")


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
        texts = (self.params[k] for k in TEXT_KEYS if self.params.get(k))
        return " / ".join(line for text in texts for line in text.splitlines())


STEPS: tuple[Step, ...] = (
    Step("tokens", "app_pages/tokens.py", {"text_a": "The restless cat was [MASK].", "text_b": ""}),
    Step("embeddings", "app_pages/tokens.py", {"text_a": PAIR_A, "text_b": PAIR_B}),
    Step("attention", "app_pages/attention.py",
         {"text_a": PAIR_A, "text_b": PAIR_B, "layer": "2", "head": "3", "att_tab": "explore"}),
    Step("qk", "app_pages/arithmetic.py",
         {"text_a": PAIR_A, "text_b": PAIR_B, "layer": "2", "head": "3"}),
    Step("cls", "app_pages/similarity.py",
         {"sim_text": "\n".join(SIMILARITY), "sim_a1": "1", "sim_a2": "2", "sim_b1": "1",
          "sim_b2": "3"}),
    Step("masked", "app_pages/pretraining.py",
         {"pt_tab": "mlm", "text_a": "I bought a [MASK].", "text_b": ""}),
    Step("nsp", "app_pages/pretraining.py", {"pt_tab": "nsp", "text_a": PAIR_A, "text_b": PAIR_B}),
    Step("sentiment", "app_pages/sentiment.py",
         {"sentiment_text": "The restless cat was happy to see me."}),
    Step("knockout", "app_pages/experiments.py",
         {"exp_task": "sentiment", "exp_tab": "knockout", "exp_heads": "6-10,6-5",
          "text_a": "The restless cat was happy to see me.", "text_b": ""}),
    Step("importance", "app_pages/experiments.py",
         {"exp_task": "sentiment", "exp_tab": "importance",
          "text_a": "The restless cat was happy to see me.", "text_b": ""}),
    Step("causal", "app_pages/experiments.py",
         {"exp_task": "pretraining", "exp_tab": "causal",
          "text_a": "The [MASK] barked at the mailman all night.", "text_b": ""}),
    Step("pair", "app_pages/experiments.py",
         {"exp_task": "sentiment", "exp_tab": "pair", "layer": "5", "head": "4",
          "text_a": TROPHY.format("big"), "text_b": "", "exp_text2": TROPHY.format("small")}),
)

#: The same lessons in Japanese (the Japanese lesson material's sentences): the Japanese UI's
#: model is the Japanese BERT, which reads these.
JA_PAIR_A, JA_PAIR_B = "彼は果物を食べている。", "家が近くにある。"
#: The Winograd pair in Japanese ("it" is the trophy, then the suitcase).
JA_TROPHY = "トロフィーはスーツケースに入らなかった。それが{}すぎたからだ。"
JA_TEXTS: dict[str, dict[str, str]] = {
    "tokens": {"text_a": "落ち着きのない猫は[MASK]。"},
    "embeddings": {"text_a": JA_PAIR_A, "text_b": JA_PAIR_B},
    "attention": {"text_a": JA_PAIR_A, "text_b": JA_PAIR_B},
    "qk": {"text_a": JA_PAIR_A, "text_b": JA_PAIR_B},
    "cls": {"sim_text": "\n".join((JA_PAIR_A, "彼女はりんごを食べている。", JA_PAIR_B,
                                    "落ち着きのない猫は眠っていた。"))},
    "masked": {"text_a": "私は[MASK]を買った。"},
    "nsp": {"text_a": JA_PAIR_A, "text_b": JA_PAIR_B},
    "sentiment": {"sentiment_text": "この映画はあまり楽しめませんでした。素晴らしかったです!"},
    "knockout": {"text_a": "この映画は本当に素晴らしかった。"},
    "importance": {"text_a": "この映画は本当に素晴らしかった。"},
    "causal": {"text_a": "[MASK]は一晩中郵便屋さんに吠えていた。"},
    "pair": {"text_a": JA_TROPHY.format("大き"), "exp_text2": JA_TROPHY.format("小さ")},
}


def steps(lang: str) -> tuple[Step, ...]:
    """The tour in ``lang``: Japanese sentences in the Japanese UI, else :data:`STEPS`."""
    if lang != "ja":
        return STEPS
    return tuple(replace(step, params={**step.params, **JA_TEXTS.get(step.key, {})})
                 for step in STEPS)
