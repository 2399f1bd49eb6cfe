"""Extractive question answering the way the BERT paper describes it (SQuAD, Figure 4c).

Question and passage go through BERT as a sentence pair (question = A, passage = B). A
fine-tuned QA model has learned two vectors, a start vector ``S`` and an end vector ``E``
(the rows of its ``qa_outputs`` layer, plus a bias each). Every token's output vector ``h_i``
gets a start score ``h_i · S + b_S`` and an end score ``h_i · E + b_E``. A softmax over the
passage tokens turns each score list into a probability distribution, and the answer is the span
``i..j`` with ``i ≤ j``, at most ``max_answer_tokens`` long, that maximises
``start_score[i] + end_score[j]``.

Span probability, as in the Hugging Face pipeline: ``P_start(i) · P_end(j)`` with both softmaxes
taken over passage tokens only. It ranks spans exactly like ``start_score + end_score`` (the
product is ``exp(score) / Z``); the probabilities of all valid spans sum to less than 1 because
spans with ``j < i`` or longer than the limit are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .alignment import align
from .errors import BertvisError
from .models import LoadedModel
from .probabilities import softmax
from .trace import Trace

#: Longest answer considered, in tokens (the value used for SQuAD in the BERT code).
MAX_ANSWER_TOKENS = 30
TOP_K = 5


@dataclass(frozen=True)
class Span:
    """One candidate answer. ``start``/``end`` are token indices in the Trace, end inclusive."""

    start: int
    end: int
    score: float  # start_logit[start] + end_logit[end]
    probability: float  # P_start(start) · P_end(end), softmaxes over the passage
    text: str
    char_start: int | None  # in the passage; None without a fast tokenizer
    char_end: int | None  # exclusive


@dataclass(frozen=True)
class HeadCheck:
    """The QA head taken apart: scores recomputed as dot products with the learned vectors.

    ``start_vector``/``end_vector``: float32 ``[D]`` (rows of ``qa_outputs.weight``);
    ``start_scores``/``end_scores``: float32 ``[T]``, ``hidden_states[-1] @ vector + bias``;
    ``max_difference``: largest absolute gap to the model's own logits (≈1e-6 in float32).
    """

    start_vector: np.ndarray
    end_vector: np.ndarray
    start_bias: float
    end_bias: float
    start_scores: np.ndarray
    end_scores: np.ndarray
    max_difference: float


@dataclass(frozen=True)
class Answer:
    """Everything the QA page and command show for one question and passage.

    ``passage_index``: int ``[P]``, the Trace indices of the passage tokens (no ``[SEP]``);
    ``start_probs``/``end_probs``: float ``[P]``, softmaxes of the logits over those tokens.
    ``null_score``: ``start_logit[CLS] + end_logit[CLS]``, which SQuAD 2.0 models use to say
    "no answer" when it beats the best span's score.
    """

    tokens: list[str]
    passage_index: np.ndarray
    start_logits: np.ndarray
    end_logits: np.ndarray
    start_probs: np.ndarray
    end_probs: np.ndarray
    best: Span
    alternatives: list[Span]
    null_score: float
    max_answer_tokens: int
    head: HeadCheck

    @property
    def passage_tokens(self) -> list[str]:
        return [self.tokens[i] for i in self.passage_index]


def top_spans(start_logits: np.ndarray, end_logits: np.ndarray, max_answer_tokens: int,
              top_k: int = TOP_K) -> list[tuple[int, int, float]]:
    """Best ``(start, end, score)`` spans over one token sequence, highest score first.

    Only spans with ``start ≤ end`` and ``end - start + 1 ≤ max_answer_tokens`` count; the
    score is ``start_logits[start] + end_logits[end]``.
    """
    if max_answer_tokens < 1:
        raise BertvisError("qa_bad_max_length", "The answer length limit must be at least 1.")
    n = len(start_logits)
    scores = start_logits[:, None].astype(np.float64) + end_logits[None, :]
    length = np.arange(n)[None, :] - np.arange(n)[:, None] + 1
    scores[(length < 1) | (length > max_answer_tokens)] = -np.inf
    n_valid = int(np.isfinite(scores).sum())
    flat = np.argsort(-scores, axis=None, kind="stable")[: min(top_k, n_valid)]
    return [(int(i // n), int(i % n), float(scores.flat[i])) for i in flat]


def head_check(loaded: LoadedModel, result: Trace) -> HeadCheck:
    """Recompute the start/end logits from the last hidden states and ``qa_outputs``."""
    layer = getattr(loaded.model, "qa_outputs", None)
    weight = getattr(layer, "weight", None)
    if weight is None or tuple(weight.shape) != (2, loaded.hidden_size):
        raise BertvisError("qa_no_head", "This model has no start/end (qa_outputs) layer.")
    weight = weight.detach().float().cpu().numpy()
    bias = layer.bias.detach().float().cpu().numpy()
    hidden = result.hidden_states[-1]
    start_scores = hidden @ weight[0] + bias[0]
    end_scores = hidden @ weight[1] + bias[1]
    gap = max(np.abs(start_scores - result.head_outputs["start_logits"]).max(),
              np.abs(end_scores - result.head_outputs["end_logits"]).max())
    return HeadCheck(weight[0], weight[1], float(bias[0]), float(bias[1]),
                     start_scores, end_scores, float(gap))


def passage_indices(result: Trace) -> np.ndarray:
    """Trace indices of the passage (sentence B) tokens, special tokens left out."""
    if not result.is_pair:
        raise BertvisError("qa_no_passage", "Question answering needs a passage.")
    index = np.flatnonzero((result.segments == 1) & ~result.special)
    if index.size == 0:
        raise BertvisError(
            "qa_passage_cut", "The question fills the whole input; no passage token is left."
        )
    return index


def answer(loaded: LoadedModel, result: Trace, max_answer_tokens: int = MAX_ANSWER_TOKENS,
           top_k: int = TOP_K, temperature: float = 1.0) -> Answer:
    """Decode the best and the ``top_k`` best spans of ``result`` (a QA model's Trace); the
    start/end probabilities are softmaxes at ``temperature`` (the spans' order is the same
    at every temperature)."""
    if "start_logits" not in result.head_outputs:
        raise BertvisError("qa_not_qa_model", "This model has no question-answering head.")
    start_logits = result.head_outputs["start_logits"]
    end_logits = result.head_outputs["end_logits"]
    index = passage_indices(result)
    start_probs = softmax(start_logits[index], temperature)
    end_probs = softmax(end_logits[index], temperature)
    alignment = align(result)
    spans = []
    for i, j, score in top_spans(start_logits[index], end_logits[index], max_answer_tokens, top_k):
        first, last = int(index[i]), int(index[j])
        found = alignment.span(first, last)
        if found is not None:
            char_start, char_end = found
            text = result.text_b[char_start:char_end]
        else:
            char_start = char_end = None
            text = loaded.tokenizer.convert_tokens_to_string(result.tokens[first : last + 1])
        spans.append(Span(first, last, score, float(start_probs[i] * end_probs[j]), text,
                          char_start, char_end))
    return Answer(
        tokens=result.tokens,
        passage_index=index,
        start_logits=start_logits,
        end_logits=end_logits,
        start_probs=start_probs,
        end_probs=end_probs,
        best=spans[0],
        alternatives=spans,
        null_score=float(start_logits[0] + end_logits[0]),
        max_answer_tokens=max_answer_tokens,
        head=head_check(loaded, result),
    )
