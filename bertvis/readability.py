"""Can this model read this text? One check for every page, from the tokenizer's own output.

A model whose vocabulary was made for another writing system still produces numbers (English
BERT reads "猫はマットの上で寝た。" as ``[UNK] は ##マ ##ッ ##ト ##の 上 て [UNK] た 。``), and every
figure is then about unknown tokens. Two measures, one threshold (:data:`UNREADABLE_SHARE`):

- the **unknown-token share**: the text's tokens (special tokens left out) that are the
  tokenizer's unknown token;
- the **unseen-letter share**: the text's letters the model does not get as written: letters of
  a script its vocabulary doesn't cover, and letters missing from the tokens written back as
  text (lost in an unknown token, or changed by the tokenizer's normalisation beyond case,
  width and Latin accents: an uncased vocabulary strips the dakuten, で → て).

A vocabulary *covers* a script when it holds words of it, not only single letters: at least
:data:`UNREADABLE_SHARE` of its tokens in that script are longer than one letter (English BERT
holds 184 kana, every one a single letter). Han is the exception: BERT's tokenizer cuts Han
text into single characters by design, so one character tokens count there.

:func:`suggest` names the preset made for the scripts a text uses (``Preset.scripts``).
"""

from __future__ import annotations

import functools
import threading
import unicodedata
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .presets import Preset
from .words import strip_marks

#: Above this share of unknown tokens, or of letters the model doesn't see as written, the
#: pages say the model can't read the text (and offer a preset that can).
UNREADABLE_SHARE = 0.1

#: Script names that are not the first word of the Unicode character name.
_SCRIPT_OF_NAME = {
    "CJK": "Han", "IDEOGRAPHIC": "Han", "KANGXI": "Han",
    "HIRAGANA": "Hiragana/Katakana", "KATAKANA": "Hiragana/Katakana",
    "KATAKANA-HIRAGANA": "Hiragana/Katakana", "HALFWIDTH": None, "FULLWIDTH": None,
}


@functools.lru_cache(maxsize=65536)
def script(char: str) -> str | None:
    """The writing system of a letter ("Latin", "Han", "Hiragana/Katakana", "Cyrillic", …),
    or None for anything that is not a letter (digits, punctuation, spaces)."""
    if not unicodedata.category(char).startswith("L"):
        return None
    words = unicodedata.name(char, "").split()
    if not words:
        return None
    first = words[0]
    if first in _SCRIPT_OF_NAME and _SCRIPT_OF_NAME[first] is None and len(words) > 1:
        first = words[1]  # HALFWIDTH KATAKANA …, FULLWIDTH LATIN …
    return _SCRIPT_OF_NAME.get(first) or first.title()


_covered_lock = threading.Lock()
_covered: dict[tuple[str, int], frozenset[str]] = {}
#: The same answers by tokenizer object: a page's rerun asks again for the model it holds, and
#: building the vocabulary dict to find the key above costs ~30 ms at BERT's 30,522 entries.
_covered_by_tokenizer: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def covered_scripts(tokenizer) -> frozenset[str]:
    """Scripts the tokenizer's vocabulary holds words of (see the module docstring); computed
    once per vocabulary."""
    with _covered_lock:
        known = _covered_by_tokenizer.get(tokenizer)
    if known is not None:
        return known
    vocab = tokenizer.get_vocab()
    key = (str(getattr(tokenizer, "name_or_path", "")), len(vocab))
    with _covered_lock:
        if key in _covered:
            _covered_by_tokenizer[tokenizer] = _covered[key]
            return _covered[key]
    single: Counter[str] = Counter()
    longer: Counter[str] = Counter()
    specials = set(getattr(tokenizer, "all_special_tokens", []))
    for token in vocab:
        if token in specials:
            continue
        letters = Counter(s for s in map(script, strip_marks(token)) if s is not None)
        for name, count in letters.items():
            (longer if count > 1 else single)[name] += 1
    covered = frozenset(
        name for name in set(single) | set(longer)
        if name == "Han" or longer[name] >= UNREADABLE_SHARE * (single[name] + longer[name])
    )
    with _covered_lock:
        _covered[key] = covered
        _covered_by_tokenizer[tokenizer] = covered
    return covered


@functools.lru_cache(maxsize=65536)
def _folded(char: str) -> str:
    """A letter compared up to case, width, and for Latin accents (which uncased vocabularies
    strip by design)."""
    folded = unicodedata.normalize("NFKC", char).casefold()
    if script(char) == "Latin":
        folded = "".join(c for c in unicodedata.normalize("NFD", folded)
                         if unicodedata.category(c) != "Mn")
    return folded


def _letters(text: str) -> Counter[str]:
    return Counter(_folded(char) for char in text if script(char) is not None)


@dataclass(frozen=True)
class Readability:
    """How much of a text a model can read.

    - ``n_tokens``, ``n_unknown``: the text's tokens (special tokens left out) and how many of
      them are the unknown token.
    - ``n_letters``, ``n_unseen``: its letters and how many don't reach the model as written.
    - ``scripts``: the scripts the text uses, most letters first.
    - ``uncovered``: those of ``scripts`` with unseen letters, most unseen first.
    - ``unknown_token``: the tokenizer's unknown token (``[UNK]``), or None.
    """

    n_tokens: int
    n_unknown: int
    n_letters: int
    n_unseen: int
    scripts: tuple[str, ...]
    uncovered: tuple[str, ...]
    unknown_token: str | None

    @property
    def unknown_share(self) -> float:
        return self.n_unknown / self.n_tokens if self.n_tokens else 0.0

    @property
    def unseen_share(self) -> float:
        return self.n_unseen / self.n_letters if self.n_letters else 0.0

    @property
    def readable(self) -> bool:
        """False when either share is above :data:`UNREADABLE_SHARE`."""
        return self.unknown_share <= UNREADABLE_SHARE and self.unseen_share <= UNREADABLE_SHARE


def assess(tokenizer, texts: Iterable[str | None]) -> Readability:
    """Check ``texts`` (None and empty ones skipped) against ``tokenizer``."""
    texts = [text for text in texts if text]
    unk = getattr(tokenizer, "unk_token", None)
    specials = [token for token in getattr(tokenizer, "all_special_tokens", []) if token]
    covered = covered_scripts(tokenizer)
    n_tokens = n_unknown = 0
    used: Counter[str] = Counter()
    unseen: Counter[str] = Counter()
    for text in texts:
        pieces = tokenizer.tokenize(text)
        n_tokens += len(pieces)
        n_unknown += sum(1 for piece in pieces if unk is not None and piece == unk)
        known = [piece for piece in pieces if piece != unk and piece not in specials]
        # What reaches the model, written back as text: the letters it really gets.
        seen = _letters(tokenizer.convert_tokens_to_string(known)) if known else Counter()
        for char in _without(text, specials):
            name = script(char)
            if name is None:
                continue
            used[name] += 1
            folded = _folded(char)
            if name in covered and seen[folded] > 0:
                seen[folded] -= 1
            else:
                unseen[name] += 1
    return Readability(
        n_tokens=n_tokens, n_unknown=n_unknown, n_letters=sum(used.values()),
        n_unseen=sum(unseen.values()),
        scripts=tuple(name for name, _ in used.most_common()),
        uncovered=tuple(name for name, _ in unseen.most_common()),
        unknown_token=unk,
    )


def _without(text: str, specials: Sequence[str]) -> str:
    """``text`` without the tokenizer's special tokens (``[MASK]`` is not Latin text)."""
    for token in specials:
        text = text.replace(token, " ")
    return text


def suggest(presets: Sequence[Preset], scripts: Sequence[str], current: str) -> Preset | None:
    """The preset made for every script in ``scripts`` with the fewest other scripts (the
    Japanese BERT for Japanese, the multilingual BERT for Japanese mixed with English), first in
    ``presets`` order on a tie; never ``current`` or a packaged model (offline stand-ins).
    None when the text has no letters (emoji, digits): no preset reads those better."""
    if not scripts:
        return None
    fits = [p for p in presets
            if p.model_id != current and not p.model_id.startswith("packaged:")
            and set(scripts) <= set(p.scripts)]
    return min(fits, key=lambda p: len(p.scripts), default=None)
