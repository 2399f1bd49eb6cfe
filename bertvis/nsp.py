"""Next-sentence prediction: does sentence B follow sentence A?

BERT's NSP head is one linear layer on the pooled final ``[CLS]`` vector, giving two scores
(IsNext, NotNext); a softmax over the two gives P(IsNext). The Trace already holds those scores
(``head_outputs["nsp_logits"]``), so nothing is run again here.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import numpy as np

from .errors import BertvisError
from .models import LoadedModel
from .probabilities import softmax
from .trace import Trace

LABELS = ("IsNext", "NotNext")


@dataclass(frozen=True)
class NextSentence:
    logits: np.ndarray  # float32 [2]: (IsNext, NotNext)
    probabilities: np.ndarray  # float32 [2], sums to 1

    @property
    def p_is_next(self) -> float:
        return float(self.probabilities[0])


def require_nsp(loaded: LoadedModel) -> None:
    if not loaded.has_nsp:
        raise BertvisError(
            "no_nsp_head",
            f"{loaded.display_name} has no next-sentence head (its checkpoint has no trained "
            "weights for one), so it can't judge whether B follows A.",
            model=loaded.display_name,
        )


def next_sentence(loaded: LoadedModel, result: Trace, temperature: float = 1.0) -> NextSentence:
    """P(IsNext) for the sentence pair in ``result`` (a Trace of A and B), at ``temperature``."""
    require_nsp(loaded)
    if not result.is_pair:
        raise BertvisError("need_pair", "Next-sentence prediction needs a sentence A and a B.")
    logits = np.asarray(result.head_outputs["nsp_logits"], dtype=np.float64)
    return NextSentence(logits.astype(np.float32),
                        softmax(logits, temperature).astype(np.float32))


#: Sentences a "random B" is drawn from, by the script of sentence A.
RANDOM_B = {
    "en": ("A house is near me.", "The train was late this morning.",
           "She plays the piano every evening.", "The restless cat was awake all night.",
           "Paris is the capital of France.", "It is a sweet red apple."),
    "ja": ("家が近くにある。", "今朝は電車が遅れた。", "彼女は毎晩ピアノを弾く。",
           "落ち着きのない猫は一晩中起きていた。", "パリはフランスの首都だ。", "それは甘いりんごだ。"),
}
_KANA_OR_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def random_sentence_b(text_a: str, text_b: str, rng: random.Random | None = None) -> str:
    """A sentence B picked at random, in the language of ``text_a`` (Japanese when it has kana
    or kanji), never ``text_b`` itself: the contrast to a real next sentence."""
    pool = RANDOM_B["ja" if _KANA_OR_HAN.search(text_a) else "en"]
    return (rng or random).choice([b for b in pool if b != text_b])
