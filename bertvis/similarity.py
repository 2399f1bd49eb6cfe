"""Sentence vectors from BERT and how similar they are: ``[CLS]``, mean pooling, the pooler.

All sentences go through the model as **one padded batch** (right padding, with the attention
mask), so padding never changes a result: :func:`embed` equals running each sentence alone.
Only the pooled vectors are kept (``[layers + 1, sentences, hidden]``), never every token.

Poolings (``POOLINGS``):

- ``"cls"``: the hidden state of the first token, ``[CLS]``, at each layer.
- ``"mean"``: the average of the hidden states of the sentence's real tokens at each layer.
  Padding is excluded by the attention mask; ``[CLS]`` and ``[SEP]`` are **included**, as in
  sentence-transformers (whose MiniLM was trained with exactly this pooling).
- ``"pooler"``: BERT's pooler output, ``tanh(W · [CLS] + b)`` on the **final layer only**
  (trained for next-sentence prediction in BERT's pre-training), where the checkpoint has one.

Layers are numbered as in ``hidden_states``: 0 is the embedding output (before layer 1),
``n_layers`` the last layer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from .errors import BertvisError
from .models import LoadedModel
from .resources import asset

POOLINGS = ("cls", "mean", "pooler")
#: Most sentences in one batch.
MAX_SENTENCES = 64
#: Most tokens per sentence (special tokens included); longer sentences are cut.
MAX_TOKENS = 128
#: Example sets (paraphrases, same topic, unrelated, negations) in English and Japanese.
EXAMPLES_PATH = asset("examples", "similarity.json")
#: Example set names, in the order the page offers them; ``"unrelated"`` is also the baseline.
EXAMPLE_SETS = ("mixed", "paraphrases", "same_topic", "unrelated", "negations")


@dataclass(frozen=True)
class ExampleSet:
    """Sentences plus two pairs to follow across layers (0-based sentence indices)."""

    sentences: tuple[str, ...]
    similar: tuple[int, int]
    unrelated: tuple[int, int]


@lru_cache(maxsize=1)
def _examples() -> dict:
    return json.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))


def example(name: str, lang: str = "en") -> ExampleSet:
    """The example set ``name`` (see ``EXAMPLE_SETS``) in ``lang`` ("en" or "ja")."""
    entry = _examples()[name][lang]
    return ExampleSet(tuple(entry["sentences"]), tuple(entry["similar"]),
                      tuple(entry["unrelated"]))


@dataclass(frozen=True)
class Embeddings:
    """Pooled sentence vectors from one batch, float32 numpy on the CPU.

    With ``N`` sentences, ``L`` layers and hidden size ``D``:

    - ``cls``: ``[L + 1, N, D]``, the ``[CLS]`` hidden state at each layer (0 = embeddings).
    - ``mean``: ``[L + 1, N, D]``, the mean over each sentence's real tokens at each layer.
    - ``pooler``: ``[N, D]`` (final layer only), or None when the model has no trained pooler.
    - ``n_tokens``: int ``[N]``, real tokens per sentence (special tokens included).
    - ``truncated``: indices of the sentences cut to ``max_tokens``.
    """

    model_name: str
    sentences: tuple[str, ...]
    cls: np.ndarray
    mean: np.ndarray
    pooler: np.ndarray | None
    n_tokens: np.ndarray
    truncated: tuple[int, ...]
    max_tokens: int

    @property
    def n_layers(self) -> int:
        """Transformer layers (the embedding output, layer 0, is not counted)."""
        return self.cls.shape[0] - 1

    @property
    def n_sentences(self) -> int:
        return len(self.sentences)

    def available(self) -> tuple[str, ...]:
        """The poolings this model offers (``"pooler"`` only where it has a trained one)."""
        return POOLINGS if self.pooler is not None else POOLINGS[:2]

    def vectors(self, pooling: str, layer: int | None = None) -> np.ndarray:
        """``[N, D]`` sentence vectors for ``pooling`` at ``layer`` (None = the last layer)."""
        last = self.n_layers
        layer = last if layer is None else layer
        if not 0 <= layer <= last:
            raise BertvisError("bad_layer", f"The layer must be 0..{last}.", last=last)
        if pooling == "cls":
            return self.cls[layer]
        if pooling == "mean":
            return self.mean[layer]
        if pooling == "pooler":
            if self.pooler is None:
                raise BertvisError(
                    "no_pooler",
                    f"{self.model_name} has no trained pooler (the tanh layer BERT puts on "
                    "[CLS] for next-sentence prediction); use --pooling cls or mean.",
                    model=self.model_name,
                )
            if layer != last:
                raise BertvisError(
                    "pooler_last_layer",
                    f"The pooler exists only on the last layer ({last}).", last=last,
                )
            return self.pooler
        raise ValueError(f"pooling must be one of {POOLINGS}")


def baseline_language(sentences: list[str]) -> str:
    """"ja" when most sentences contain kana or kanji, else "en": the language of the
    unrelated set used as the baseline for these sentences."""
    japanese = sum(1 for s in sentences
                   if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in s))
    return "ja" if japanese * 2 > len(sentences) else "en"


def clean_sentences(lines: list[str] | str) -> list[str]:
    """Non-empty, stripped sentences from a list or from text with one sentence per line."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    return [line.strip() for line in lines if line.strip()]


def check_sentences(sentences: list[str], limit: int = MAX_SENTENCES) -> None:
    """Refuse an empty list or more than ``limit`` sentences with a :class:`BertvisError`."""
    if not sentences:
        raise BertvisError("no_sentences", "No sentences were given (one per line).")
    if len(sentences) > limit:
        raise BertvisError(
            "too_many_sentences",
            f"{len(sentences)} sentences were given; at most {limit} go in one batch.",
            count=len(sentences), limit=limit,
        )


def cls_pool(hidden: np.ndarray) -> np.ndarray:
    """``[..., N, T, D]`` hidden states → ``[..., N, D]``: the first token's vector."""
    return hidden[..., 0, :]


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``[..., N, T, D]`` hidden states and a 0/1 ``[N, T]`` mask → ``[..., N, D]``: the mean
    over the tokens where the mask is 1 (padding excluded, special tokens as the mask says)."""
    weights = np.asarray(mask, dtype=hidden.dtype)[..., None]
    return (hidden * weights).sum(axis=-2) / weights.sum(axis=-2)


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    """``[N, D]`` → ``[N, N]`` cosine similarities (a zero vector scores 0 against all)."""
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return np.clip(unit @ unit.T, -1.0, 1.0)


def centre(vectors: np.ndarray) -> np.ndarray:
    """``[N, D]`` minus the set's mean vector: what all sentences share is removed. Computed in
    float64, so identical vectors (every ``[CLS]`` at layer 0) centre to exact zeros."""
    vectors = np.asarray(vectors, dtype=np.float64)
    return vectors - vectors.mean(axis=0, keepdims=True)


def similarity(emb: Embeddings, pooling: str, layer: int | None = None,
               centred: bool = False) -> np.ndarray:
    """``[N, N]`` cosine matrix of ``pooling`` at ``layer``, optionally after :func:`centre`."""
    vectors = emb.vectors(pooling, layer)
    return cosine_matrix(centre(vectors) if centred else vectors)


def mean_off_diagonal(matrix: np.ndarray) -> float:
    """Average of a square matrix without its diagonal (NaN below two rows)."""
    n = matrix.shape[0]
    if n < 2:
        return float("nan")
    return float((matrix.sum() - np.trace(matrix)) / (n * (n - 1)))


def pair_by_layer(emb: Embeddings, pooling: str, i: int, j: int,
                  centred: bool = False) -> np.ndarray:
    """Cosine of sentences ``i`` and ``j`` at every layer: ``[L + 1]`` (cls, mean) or ``[1]``
    (pooler, last layer only)."""
    layers = [emb.n_layers] if pooling == "pooler" else range(emb.n_layers + 1)
    return np.array([similarity(emb, pooling, layer, centred)[i, j] for layer in layers])


def baseline_by_layer(emb: Embeddings, pooling: str, centred: bool = False) -> np.ndarray:
    """Mean off-diagonal cosine at every layer (``[L + 1]``, or ``[1]`` for the pooler): run on
    a set of unrelated sentences it is the anisotropy baseline, what "nothing in common" scores."""
    layers = [emb.n_layers] if pooling == "pooler" else range(emb.n_layers + 1)
    return np.array([mean_off_diagonal(similarity(emb, pooling, layer, centred))
                     for layer in layers])


@dataclass(frozen=True)
class Projection:
    """Sentences on the plane of their two main directions (PCA)."""

    points: np.ndarray  # [N, 2]
    explained: np.ndarray  # [2], share of the variance each axis explains (0..1)


def pca_2d(vectors: np.ndarray) -> Projection:
    """Project ``[N, D]`` vectors on their first two principal components (SVD of the centred
    vectors; signs fixed so the largest loading of each axis is positive)."""
    centred = centre(np.asarray(vectors, dtype=np.float64))
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    components = components[:2]
    signs = np.sign(components[np.arange(len(components)),
                               np.abs(components).argmax(axis=1)])
    components = components * signs[:, None]
    points = centred @ components.T
    variance = singular**2
    explained = variance[:2] / variance.sum() if variance.sum() > 0 else np.zeros(2)
    if points.shape[1] < 2:  # fewer than two sentences or dimensions
        points = np.pad(points, ((0, 0), (0, 2 - points.shape[1])))
        explained = np.pad(explained, (0, 2 - len(explained)))
    return Projection(points=points, explained=explained)


def embed(loaded: LoadedModel, sentences: list[str], max_tokens: int = MAX_TOKENS,
          limit: int = MAX_SENTENCES) -> Embeddings:
    """Run ``sentences`` through ``loaded``'s encoder as one padded batch; pool every layer."""
    sentences = clean_sentences(sentences)
    check_sentences(sentences, limit)
    max_tokens = min(max_tokens, loaded.max_length)
    tokenizer = loaded.tokenizer
    full_lengths = [len(ids) for ids in tokenizer(sentences)["input_ids"]]
    enc = tokenizer(sentences, padding=True, truncation=True, max_length=max_tokens,
                    return_tensors="pt")
    with torch.inference_mode():
        out = loaded.encoder(**loaded.inputs(enc), output_hidden_states=True)
        if out.hidden_states is None or len(out.hidden_states) != loaded.n_layers + 1:
            raise BertvisError("no_hidden_states", "The model returned no hidden states.")
        hidden = torch.stack(out.hidden_states).float()  # [L + 1, N, T, D]
        mask = enc["attention_mask"].to(hidden.device)
        cls = hidden[:, :, 0, :]
        weights = mask[None, :, :, None].float()
        mean = (hidden * weights).sum(dim=2) / weights.sum(dim=2)
        pooled_t = getattr(out, "pooler_output", None)
    pooler = (pooled_t.float().cpu().numpy()
              if loaded.has_pooler and pooled_t is not None else None)
    return Embeddings(
        model_name=loaded.display_name,
        sentences=tuple(sentences),
        cls=cls.cpu().numpy(),
        mean=mean.cpu().numpy(),
        pooler=pooler,
        n_tokens=enc["attention_mask"].sum(dim=1).cpu().numpy(),
        truncated=tuple(i for i, n in enumerate(full_lengths) if n > max_tokens),
        max_tokens=max_tokens,
    )
