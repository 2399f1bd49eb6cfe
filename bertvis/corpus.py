"""The head field guide over a set of sentences: what each head does across a corpus.

Clark et al. (2019) averaged head statistics over 1,000 segments; Voita et al. (2019) call a
head positional when it puts its largest weight on the same neighbour for ≥ 90% of tokens;
Kovaleva et al. (2019) sorted heads into five patterns over a dataset. Here, per head and per
sentence (``N`` sentences, ``L`` layers, ``H`` heads):

- ``cls``, ``sep``, ``punctuation``, ``entropy``, ``previous``, ``next``: the single-sentence
  field guide of :func:`bertvis.attention.head_stats` (mean weight over query tokens; entropy
  in nats);
- ``previous_top`` / ``next_top``: the share of query tokens whose largest weight is on the
  previous / next token (Voita et al.);
- a pattern tag (:data:`PATTERNS`, Kovaleva et al.'s names) from those statistics.

Sentences run in padded batches; of each only the statistics are kept (never the attentions),
so memory stays flat in the number of sentences. Over the set: mean and standard deviation
(population, ``ddof=0``) and each head's most frequent tag with the share of sentences that
have it.
"""

from __future__ import annotations

import contextlib
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from . import memory_budget
from .attention import BLOCK_THRESHOLD, POSITIONAL_THRESHOLD, SPECIAL_THRESHOLD, HeadStats, head_stats
from .errors import BertvisError
from .models import LoadedModel
from .trace import Trace

#: Bundled sentence sets, by name (one sentence a line; see assets/corpus/README.md).
SETS_DIR = Path(__file__).resolve().parent.parent / "assets" / "corpus"
SETS = {"en": SETS_DIR / "en.txt", "ja": SETS_DIR / "ja.txt"}
#: Sentences run together in one padded forward pass.
BATCH_SIZE = 16
#: Most sentences one run accepts.
MAX_SENTENCES = 5000
#: Per-sentence statistics, in table order (see the module docstring).
STATISTICS = ("cls", "sep", "punctuation", "entropy", "previous", "next", "previous_top",
              "next_top")
#: Kovaleva et al. 2019's patterns, in the order they are tested (the last is the default).
PATTERNS = ("vertical", "diagonal", "vertical+diagonal", "block", "heterogeneous")
#: A vertical+diagonal head (neither alone) puts at least this much on the special tokens and
#: on the neighbours each, and more than :data:`SPECIAL_THRESHOLD` on both together.
MIXED_MINIMUM = 0.25

Progress = Callable[[int, int], None]


def bundled_set(name: str) -> list[str]:
    """The sentences of a bundled set (``"en"`` or ``"ja"``)."""
    if name not in SETS:
        raise BertvisError("unknown_set", f"No bundled sentence set {name!r}; there are "
                           f"{', '.join(SETS)}.", name=name)
    return sentences_of(SETS[name].read_text(encoding="utf-8"))


def sentences_of(text: str) -> list[str]:
    """One sentence a line: lines stripped, empty lines dropped; a clear error when none is
    left or there are more than :data:`MAX_SENTENCES`."""
    found = [line.strip() for line in text.splitlines() if line.strip()]
    if not found:
        raise BertvisError("no_sentences", "There are no sentences: write one a line.")
    if len(found) > MAX_SENTENCES:
        raise BertvisError("too_many_sentences", f"{len(found)} sentences is more than the "
                           f"{MAX_SENTENCES} one run takes.", count=len(found),
                           limit=MAX_SENTENCES)
    return found


# --- batched forward passes ------------------------------------------------------------------

def batch_estimate(loaded: LoadedModel, n_texts: int, n_tokens: int) -> int:
    """Bytes one padded batch of ``n_texts`` inputs of ``n_tokens`` needs while it runs."""
    return n_texts * memory_budget.run_bytes(loaded.n_layers, loaded.n_heads, n_tokens,
                                             loaded.hidden_size)


def within(budget: memory_budget.MemoryBudget | None, nbytes: int):
    """``budget.reserved(nbytes)``, or nothing without a budget (a script, the CLI)."""
    return budget.reserved(nbytes) if budget is not None else contextlib.nullcontext()


def encode(loaded: LoadedModel, texts: Sequence[str]):
    """The tokenizer's padded batch (cut to the model's maximum length) for ``texts``."""
    return loaded.tokenizer(list(texts), padding=True, truncation=True,
                            max_length=loaded.max_length, return_tensors="pt",
                            return_special_tokens_mask=True)


def batch_traces(loaded: LoadedModel, enc, outputs) -> list[Trace]:
    """One :class:`Trace` per input of a padded batch (padding cut away): its tokens,
    attentions and hidden states (float32), as :func:`bertvis.trace.trace` would give for the
    input alone (to float rounding); no head outputs, words or offsets."""
    attentions = torch.stack(outputs.attentions, dim=1).float().cpu().numpy()  # [B, L, H, T, T]
    hidden_states = torch.stack(outputs.hidden_states, dim=1).float().cpu().numpy()
    found = []
    for row in range(enc["input_ids"].shape[0]):
        kept = enc["attention_mask"][row].bool().numpy()
        index = np.flatnonzero(kept)
        ids = enc["input_ids"][row].numpy()[kept]
        types = enc["token_type_ids"][row].numpy()[kept] if "token_type_ids" in enc \
            else np.zeros_like(ids)
        if kept[:len(index)].all():  # padding on the right: the input is a prefix
            weights = attentions[row, :, :, :len(index), :len(index)]
            hidden = hidden_states[row, :, :len(index)]
        else:
            weights = attentions[row][:, :, index][..., index]
            hidden = hidden_states[row][:, index]
        found.append(Trace(
            model_name=loaded.display_name, text_a="", text_b=None,
            tokens=loaded.tokenizer.convert_ids_to_tokens(ids.tolist()),
            input_ids=ids, token_type_ids=types.astype(np.int64),
            special=enc["special_tokens_mask"][row].numpy()[kept].astype(bool),
            sentence_b_start=None, attentions=np.ascontiguousarray(weights),
            hidden_states=np.ascontiguousarray(hidden), pooled=None))
    return found


def check_cancelled(cancelled: Callable[[], bool] | None, done: int, total: int) -> None:
    """Raise ``BertvisError("cancelled")`` once ``cancelled()`` is true."""
    if cancelled is not None and cancelled():
        raise BertvisError("cancelled", "The run was cancelled.", done=done, total=total)


def run_batches(loaded: LoadedModel, texts: Sequence[str], batch_size: int = BATCH_SIZE,
                budget: memory_budget.MemoryBudget | None = None,
                cancelled: Callable[[], bool] | None = None) -> Iterator[list[Trace]]:
    """The Traces of ``texts``, one padded batch at a time (each run inside ``budget`` with
    room made for it); raises ``BertvisError("cancelled")`` before a batch once
    ``cancelled()`` is true."""
    for start in range(0, len(texts), batch_size):
        check_cancelled(cancelled, start, len(texts))
        enc = encode(loaded, texts[start:start + batch_size])
        with within(budget, batch_estimate(loaded, *enc["input_ids"].shape)):
            with torch.inference_mode():
                outputs = loaded.encoder(**loaded.inputs(enc), output_attentions=True,
                                         output_hidden_states=True)
            traces = batch_traces(loaded, enc, outputs)
        del outputs
        yield traces


# --- one sentence ------------------------------------------------------------------------------

def top_neighbour_shares(attentions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float32 ``[L, H]`` twice: the share of query tokens whose largest weight is on the
    previous token (queries 2…T) and on the next token (queries 1…T-1) (Voita et al. 2019),
    from attentions ``[L, H, T, T]``."""
    n_tokens = attentions.shape[-1]
    if n_tokens < 2:
        zeros = np.zeros(attentions.shape[:2], dtype=np.float32)
        return zeros, zeros
    top = np.asarray(attentions).argmax(axis=-1)  # [L, H, T]
    queries = np.arange(n_tokens)
    previous = (top[..., 1:] == queries[1:] - 1).mean(axis=-1)
    following = (top[..., :-1] == queries[:-1] + 1).mean(axis=-1)
    return previous.astype(np.float32), following.astype(np.float32)


def pattern_tags(stats: HeadStats, is_pair: bool) -> np.ndarray:
    """int8 ``[L, H]``: index into :data:`PATTERNS` of each head of one input, from its
    :class:`bertvis.attention.HeadStats`. Kovaleva et al. sorted heatmaps by eye and a CNN;
    these rules stand in for their classes with the thresholds of Clark et al.: *vertical*
    puts > 0.6 on ``[CLS]``, ``[SEP]`` and punctuation, *diagonal* > 0.5 on the previous and
    next tokens, *vertical+diagonal* neither but each ≥ 0.25 and together > 0.6 (the two
    overlap: the token after ``[CLS]`` or a comma finds it as its previous token, so a
    clean previous-token head tests diagonal first), *block* > 0.8 inside its own sentence of
    a pair, else *heterogeneous*."""
    vertical = stats.cls + stats.sep + stats.punctuation
    diagonal = stats.previous + stats.next
    rules = [
        vertical > SPECIAL_THRESHOLD,
        diagonal > POSITIONAL_THRESHOLD,
        (vertical >= MIXED_MINIMUM) & (diagonal >= MIXED_MINIMUM)
        & (vertical + diagonal > SPECIAL_THRESHOLD),
        (stats.own_sentence > BLOCK_THRESHOLD) if is_pair else np.zeros_like(vertical, bool),
    ]
    return np.select(rules, range(len(rules)), default=len(PATTERNS) - 1).astype(np.int8)


def sentence_statistics(result: Trace) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """:data:`STATISTICS` (each float32 ``[L, H]``) and :func:`pattern_tags` of one Trace."""
    stats = head_stats(result)
    previous_top, next_top = top_neighbour_shares(result.attentions)
    values = {name: getattr(stats, name) for name in STATISTICS[:6]}
    values.update(previous_top=previous_top, next_top=next_top)
    return values, pattern_tags(stats, result.is_pair)


# --- over the set -----------------------------------------------------------------------------

@dataclass(frozen=True)
class CorpusStats:
    """Per-sentence head statistics over a set: ``values[name]`` float32 ``[N, L, H]`` for
    each of :data:`STATISTICS`, ``tags`` int8 ``[N, L, H]`` (index into :data:`PATTERNS`),
    ``lengths`` int ``[N]`` (tokens of each sentence, special tokens included)."""

    model_name: str
    sentences: tuple[str, ...]
    values: dict[str, np.ndarray]
    tags: np.ndarray
    lengths: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.tags.shape[1], self.tags.shape[2]

    def mean(self, name: str) -> np.ndarray:
        """float ``[L, H]``: the statistic averaged over the sentences."""
        return self.values[name].mean(axis=0, dtype=np.float64)

    def std(self, name: str) -> np.ndarray:
        """float ``[L, H]``: its standard deviation over the sentences (``ddof=0``)."""
        return self.values[name].std(axis=0, dtype=np.float64)

    def tag_shares(self) -> np.ndarray:
        """float ``[P, L, H]``: the share of sentences in which each head has each pattern."""
        return np.stack([(self.tags == k).mean(axis=0) for k in range(len(PATTERNS))])

    def head_patterns(self) -> tuple[np.ndarray, np.ndarray]:
        """(str ``[L, H]`` each head's most frequent pattern, float ``[L, H]`` its share)."""
        shares = self.tag_shares()
        return np.array(PATTERNS, dtype=object)[shares.argmax(axis=0)], shares.max(axis=0)

    def most_typical(self, layer: int, head: int, name: str) -> int:
        """Index of the sentence where head ``(layer, head)`` (0-based) is most typical: among
        those with its most frequent pattern, the one whose ``name`` is closest to the mean."""
        tags = self.tags[:, layer, head]
        usual = np.bincount(tags, minlength=len(PATTERNS)).argmax()
        values = self.values[name][:, layer, head].astype(np.float64)
        distance = np.where(tags == usual, np.abs(values - values.mean()), np.inf)
        return int(distance.argmin())


def corpus_stats(loaded: LoadedModel, sentences: Sequence[str], batch_size: int = BATCH_SIZE,
                 progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 budget: memory_budget.MemoryBudget | None = None) -> CorpusStats:
    """The field guide of every head over ``sentences`` (each read as one sentence, cut to
    the model's maximum length). ``progress(done, total)`` after each batch; ``cancelled()``
    checked before each (see :func:`run_batches`)."""
    sentences = tuple(sentences)
    if not sentences:
        raise BertvisError("no_sentences", "There are no sentences: write one a line.")
    shape = (len(sentences), loaded.n_layers, loaded.n_heads)
    values = {name: np.empty(shape, dtype=np.float32) for name in STATISTICS}
    tags = np.empty(shape, dtype=np.int8)
    lengths = np.empty(len(sentences), dtype=np.int64)
    done = 0
    for traces in run_batches(loaded, sentences, batch_size, budget, cancelled):
        for result in traces:
            found, tags[done] = sentence_statistics(result)
            for name in STATISTICS:
                values[name][done] = found[name]
            lengths[done] = result.n_tokens
            done += 1
        if progress is not None:
            progress(done, len(sentences))
    return CorpusStats(loaded.display_name, sentences, values, tags, lengths)


def table(result: CorpusStats) -> pd.DataFrame:
    """One row per head (layer and head from 1): each statistic's mean and std, the head's
    pattern and the share of sentences that have it (for CSV, the scatter and the search)."""
    n_layers, n_heads = result.shape
    layer, head = np.divmod(np.arange(n_layers * n_heads), n_heads)
    columns = {"layer": layer + 1, "head": head + 1}
    for name in STATISTICS:
        columns[f"{name}_mean"] = result.mean(name).ravel()
        columns[f"{name}_std"] = result.std(name).ravel()
    pattern, share = result.head_patterns()
    columns.update(pattern=pattern.ravel(), pattern_share=share.ravel())
    return pd.DataFrame(columns)


_COMPARISONS = {">=": operator.ge, "≥": operator.ge, "<=": operator.le, "≤": operator.le,
                ">": operator.gt, "<": operator.lt}
_QUERY = re.compile(r"^\s*(\w+)\s*(>=|<=|≥|≤|>|<)\s*([0-9]*\.?[0-9]+)\s*$")


def search(result: CorpusStats, query: str) -> pd.DataFrame:
    """Heads whose mean statistic meets ``query`` (``"previous_top >= 0.9"``: heads where the
    previous token takes the most weight for ≥ 90% of tokens, on average over the sentences),
    as :func:`table`'s rows, the best match first."""
    match = _QUERY.match(query)
    if match is None or match.group(1) not in STATISTICS:
        raise BertvisError("bad_query", f"{query!r} is not a search; write a statistic, a "
                           f"comparison and a number, e.g. previous_top >= 0.9 (statistics: "
                           f"{', '.join(STATISTICS)}).", query=query)
    name, sign, number = match.group(1), match.group(2), float(match.group(3))
    rows = table(result)
    column = f"{name}_mean"
    chosen = rows[_COMPARISONS[sign](rows[column], number)]
    return chosen.sort_values(column, ascending=sign in ("<=", "≤", "<"), kind="stable")
