"""One input to one model, and every result derived from it, kept in the process's one store.

:class:`Analysis` is made once from a model's :class:`~bertvis.models.ModelKey` and the texts
(:meth:`Analysis.of` is the one place text is normalised); it is hashable, and every derived
result (the Trace, rollout, head statistics, norms, knockouts, sweeps, attributions, masked-word
guesses …) is a method or property of it, computed once and kept in a byte-budgeted
least-recently-used store (:class:`bertvis.memory_budget.MemoryBudget`) shared by the app's
sessions, the command line and notebooks. Each entry is keyed by ``(method, analysis,
arguments)``; what a miss needs while it runs (the estimates below) is made room for first.

The app hands its own per-process store in with :func:`provide_store`; elsewhere (a notebook,
a script) the first use creates one from :func:`bertvis.settings.current`. Long sweeps take a
plain ``progress(done, total)`` callback; drawing a bar is the app's business.

Numbers handed to people are float32: :attr:`Analysis.attentions` is the model's own attention
``[layer, head, query, key]``, the very array the pages draw (the Trace's).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from bertvis import (
    answers,
    attention,
    bertviz_view,
    comparison,
    corpus,
    corruption,
    embeddings,
    fill_mask,
    finetuning,
    importance,
    interventions,
    layer_anatomy,
    memory_budget,
    models,
    norms,
    patching,
    readability,
    sentiment,
)
from bertvis import settings as deployment
from bertvis import trace as tracing
from bertvis.errors import BertvisError
from bertvis.models import LoadedModel, ModelKey
from bertvis.notebook import Figures
from bertvis.presets import DEFAULT_ENCODER
from bertvis.similarity import MAX_TOKENS as SIMILARITY_MAX_TOKENS
from bertvis.similarity import Embeddings, embed
from bertvis.trace import Trace

if TYPE_CHECKING:  # captum (under bertvis.attribution) is imported only when explaining
    from bertvis import attribution

Progress = Callable[[int, int], None]

# --- the store -----------------------------------------------------------------------------------

_provider: Callable[[], memory_budget.MemoryBudget] | None = None
_own_store: memory_budget.MemoryBudget | None = None
_store_lock = threading.Lock()


def provide_store(provider: Callable[[], memory_budget.MemoryBudget] | None) -> None:
    """Use ``provider()`` as the store from now on (the app's per-process one); None: the
    engine's own."""
    global _provider
    _provider = provider


def store() -> memory_budget.MemoryBudget:
    """The store every result is kept in: the provided one, else one made on first use from
    the deployment's budget (:meth:`MemoryBudget.for_process`)."""
    global _own_store
    if _provider is not None:
        return _provider()
    with _store_lock:
        if _own_store is None:
            _own_store = memory_budget.MemoryBudget.for_process(
                deployment.current().memory_budget_bytes)
        return _own_store


def _kept(key: Hashable, compute: Callable[[], Any],
          estimate: Callable[[], int] | None = None) -> Any:
    return store().get(key, compute, estimate=estimate)


# --- models, tokenizers and what spans several inputs ---------------------------------------------

def load_model(key: ModelKey) -> LoadedModel:
    """The model ``key`` names, loaded once per process (:func:`bertvis.models.load` refuses an
    id the deployment doesn't allow before it looks at the file system)."""
    budget = store()  # first: the app's store merges its secrets into the settings
    return budget.get(("model", key), lambda: models.load(
        key.model_id, kind=key.kind, device=key.device, dtype=key.dtype, budget=budget))


def tokenizer(model_id: str):
    """:func:`bertvis.models.load_tokenizer` of ``model_id``, without its weights, kept (counted
    by its Python object: a tokenizer's buffers fall within the store's head-room)."""
    return _kept(("tokenizer", model_id), lambda: models.load_tokenizer(model_id))


def readability_of(key: ModelKey, texts: Iterable[str | None]) -> readability.Readability:
    """:func:`bertvis.readability.assess` of ``texts`` with the model's tokenizer, kept (a page
    checks its texts on every rerun)."""
    texts = tuple(clean(text) for text in texts)
    return _kept(("readability", key, texts),
                 lambda: readability.assess(load_model(key).tokenizer, texts))


def embeddings_of(key: ModelKey, sentences: Iterable[str]) -> Embeddings:
    """Pooled vectors of ``sentences`` (one padded batch), kept like a Trace."""
    sentences = tuple(sentences)

    def estimate() -> int:  # one batch padded to its longest sentence, as embed() runs it
        loaded = load_model(key)
        longest = max((len(ids) for ids in loaded.tokenizer(list(sentences))["input_ids"]),
                      default=2)
        layers, heads, hidden = _shape(loaded)
        tokens = min(longest, SIMILARITY_MAX_TOKENS, loaded.max_length)
        return len(sentences) * memory_budget.run_bytes(layers, heads, tokens, hidden)

    return _kept(("embeddings", key, sentences), lambda: embed(
        load_model(key), list(sentences), limit=deployment.current().max_sentences), estimate)


def classify_batch(loaded: LoadedModel, texts: list[str], progress: Progress | None = None):
    """:func:`bertvis.sentiment.predict_batch`, with room made for one padded batch of
    ``sentiment.BATCH_SIZE`` texts at the model's longest length (not kept)."""
    _, heads, hidden = _shape(loaded)
    per_text = memory_budget.run_bytes(1, heads, loaded.max_length, hidden)
    with store().reserved(sentiment.BATCH_SIZE * per_text):
        return sentiment.predict_batch(loaded, texts, progress=progress)


def corpus_stats_of(key: ModelKey, sentences: Iterable[str],
                    progress: Progress | None = None) -> corpus.CorpusStats:
    """:func:`bertvis.corpus.corpus_stats` of a set, kept by (model, set). It streams the set
    in batches, room made for each (only per-sentence statistics are kept)."""
    sentences = tuple(sentences)
    return _kept(("corpus", key, sentences), lambda: corpus.corpus_stats(
        load_model(key), sentences, progress=progress, budget=store()))


def finetune_diff_of(key_a: ModelKey, key_b: ModelKey, sentences: Iterable[str],
                     progress: Progress | None = None) -> finetuning.FinetuneDiff:
    """:func:`bertvis.finetuning.finetune_diff` of two models on a set, kept by (models, set)."""
    sentences = tuple(sentences)
    return _kept(("finetune_diff", key_a, key_b, sentences), lambda: finetuning.finetune_diff(
        load_model(key_a), load_model(key_b), sentences, progress=progress, budget=store()))


# --- estimates -----------------------------------------------------------------------------------

#: Bytes of one float32 number.
FLOAT32_BYTES = 4
#: ``[T, T]`` arrays per head a gradient pass keeps per layer (scores and probabilities; the
#: model is in eval mode: no dropout masks).
BACKWARD_ATTENTION_ARRAYS = 2
#: ``[T, D]`` float32 arrays per layer a gradient pass keeps (projections, feed-forward, norms).
#: With these two, BERT-base at 500 tokens is estimated at 521 MiB; gradient × input measured
#: 460 MiB of RSS over its Trace (2026-12-04; 3 and 20 estimated 764 MiB and turned a lone
#: visitor away on a 2000 MiB budget).
BACKWARD_HIDDEN_ARRAYS = 14


def backward_bytes_per_input(layers: int, heads: int, tokens: int, hidden: int) -> int:
    """Bytes one input of a gradient pass keeps per layer for the backward pass (attention
    scores and probabilities, the feed-forward activations), over every layer."""
    return layers * FLOAT32_BYTES * (BACKWARD_ATTENTION_ARRAYS * heads * tokens**2
                                     + BACKWARD_HIDDEN_ARRAYS * tokens * hidden)


def _shape(loaded: LoadedModel) -> tuple[int, int, int]:
    return loaded.n_layers, loaded.n_heads, loaded.hidden_size


def clean(text: str | None) -> str | None:
    """A text as the model reads it: stripped, and None when nothing is left."""
    return (text or "").strip() or None


# --- one input -----------------------------------------------------------------------------------

def analyze(text_a: str, text_b: str | None = None, *, model: str | None = None,
            kind: str = "pretraining", device: str = "auto", half: bool = False) -> Analysis:
    """The :class:`Analysis` of ``text_a`` (and ``text_b`` as sentence B) on ``model`` (a Hugging
    Face id or a local folder; ``bert-base-uncased`` by default, the packaged MiniLM when the Hub
    can't be reached), with its Trace computed: the notebook's entry point
    (``bertvis.analyze``). Same allow-list, memory budget and offline fallback as the app."""
    loaded = load_model(ModelKey(model or DEFAULT_ENCODER, kind, device,
                                 "float16" if half else "float32"))
    if loaded.fallback_reason:
        print(f"bertvis: {loaded.fallback_reason}", file=sys.stderr)
    found = Analysis.of(loaded, text_a, text_b)
    found.trace  # noqa: B018 - an empty or unreadable text fails here, with its message
    return found


@dataclass(frozen=True)
class Analysis(Figures):
    """One input (sentence A, optionally B, stripped) to the model ``key`` names. Hashable;
    every result is computed on first use and kept in :func:`store`; the app's figures are
    methods too (:class:`bertvis.notebook.Figures`). Layers and heads are 0-based here."""

    key: ModelKey
    text_a: str
    text_b: str | None = None

    @classmethod
    def of(cls, model: LoadedModel | ModelKey, text_a: str | None,
           text_b: str | None = None) -> Analysis:
        """The analysis of these texts as the model reads them (stripped; an empty B is no B):
        ``"Great film.\\n"`` and ``"Great film."`` are one analysis, one model run."""
        key = model.key if isinstance(model, LoadedModel) else model
        return Analysis(key, clean(text_a) or "", clean(text_b))

    def _kept(self, name: str, compute: Callable[[], Any], *args: Any,
              estimate: Callable[[], int] | None = None) -> Any:
        return _kept((name, self, args), compute, estimate)

    @property
    def model(self) -> LoadedModel:
        return load_model(self.key)

    def _stepping(self, progress: Progress | None) -> Progress:
        """``progress`` for a sweep of many model runs that, at each step, also lets other
        sessions' computations go first (:meth:`MemoryBudget.between_steps`, room made again
        for the next steps: :meth:`sweep_bytes`)."""
        budget, step_bytes = store(), self.sweep_bytes()

        def step(done: int, total: int) -> None:
            budget.between_steps(step_bytes)
            if progress is not None:
                progress(done, total)

        return step

    # estimates: what a miss needs while it runs

    def n_tokens(self) -> int:
        """Tokens the model reads (special tokens included, cut to its maximum), from the
        tokenizer alone."""
        loaded = self.model
        if not self.text_a:
            return 2
        texts = [text for text in (self.text_a, self.text_b) if text]
        found = len(loaded.tokenizer(*texts, truncation=False)["input_ids"])
        return min(found, loaded.max_length)

    def run_bytes(self, tokens: int | None = None) -> int:
        """One forward pass with its attentions (``tokens``: the input's own length)."""
        layers, heads, hidden = _shape(self.model)
        return memory_budget.run_bytes(layers, heads, tokens or self.n_tokens(), hidden)

    def sweep_bytes(self) -> int:
        """One batch of :data:`bertvis.importance.BATCH_SIZE` knockouts while it runs: each
        input's one-layer working set at a time (no attentions kept), an upper bound."""
        loaded = self.model
        return importance.BATCH_SIZE * memory_budget.run_bytes(
            1, loaded.n_heads, self.trace.n_tokens, loaded.hidden_size)

    def backward_bytes(self) -> int:
        """One input of a gradient pass (:func:`backward_bytes_per_input`)."""
        layers, heads, hidden = _shape(self.model)
        return backward_bytes_per_input(layers, heads, self.n_tokens(), hidden)

    # the forward pass

    @property
    def trace(self) -> Trace:
        """The input's Trace (one forward pass). With ``BERTVIS_LOG_TRACES=1`` each model run
        prints one line to stderr (the load test counts them)."""
        return self._kept("trace", self._run, estimate=self.run_bytes)

    def _run(self) -> Trace:
        result = tracing.trace(self.model, self.text_a, self.text_b)
        if deployment.current().log_traces:
            print(f"bertvis: trace computed ({result.n_tokens} tokens, {self.key.model_id})",
                  file=sys.stderr, flush=True)
        return result

    @property
    def tokens(self) -> list[str]:
        return self.trace.tokens

    @property
    def attentions(self) -> np.ndarray:
        """float32 ``[L, H, T, T]`` (layer, head, query, key): the model's own attention
        weights, read-only (the Trace's)."""
        return self.trace.attentions

    # the attention page

    def rollout(self) -> np.ndarray:
        """float ``[L, T, T]``: :func:`bertvis.attention.rollout` of the input."""
        return self._kept("rollout", lambda: attention.rollout(self.trace.attentions))

    def layer_means(self) -> np.ndarray:
        """float ``[L, T, T]``: each layer's mean over heads."""
        return self._kept("layer_means", lambda: attention.layer_mean(self.trace.attentions))

    def head_stats(self) -> attention.HeadStats:
        """The head field guide of the input."""
        return self._kept("head_stats", lambda: attention.head_stats(self.trace))

    def mosaic_cells(self, size: int) -> np.ndarray:
        """float ``[L, H, c, c]``: every head pooled to at most ``size`` × ``size``."""
        return self._kept("mosaic_cells", lambda: attention.pool(self.trace.attentions, size),
                          size)

    def bertviz_html(self, view: str, layer: int = 0) -> str:
        """bertviz's ``view`` ("head" or "model") as one HTML page."""
        def compute() -> str:
            result = self.trace
            return bertviz_view.html(view, result.attentions, result.tokens,
                                     result.sentence_b_start, layer=layer)

        return self._kept("bertviz_html", compute, view, layer)

    # recomputed from a layer's weights: norms (small arrays only), one whole layer

    def value_norms(self) -> np.ndarray:
        """float32 ``[L, H, T]``: :func:`bertvis.norms.value_norms` of the input."""
        return self._kept("value_norms", lambda: norms.value_norms(self.model, self.trace))

    def norm_head_matrix(self, layer: int, head: int) -> np.ndarray:
        """float32 ``[T, T]``: one head's ``α · ‖f(x)‖`` (cheap: not kept)."""
        return norms.norm_weighted(self.trace.attentions[layer, head],
                                   self.value_norms()[layer, head])

    def norm_rollout(self) -> np.ndarray:
        """float32 ``[L, T, T]``: :func:`bertvis.norms.norm_rollout` of the input."""
        return self._kept("norm_rollout",
                          lambda: norms.norm_rollout(self.trace, self.value_norms()))

    def norm_mosaic_cells(self, size: int) -> np.ndarray:
        """float32 ``[L, H, c, c]``: every head's norm-weighted matrix pooled to ``size``."""
        return self._kept("norm_mosaic_cells", lambda: norms.pooled_cells(
            self.trace, self.value_norms(), size), size)

    def special_shares(self) -> norms.SpecialShares:
        """[CLS] / [SEP] / punctuation shares per layer, by weight and by norm."""
        return self._kept("special_shares",
                          lambda: norms.special_shares(self.trace, self.value_norms()))

    def layer_pass(self, layer: int) -> layer_anatomy.LayerPass:
        """One layer recomputed stage by stage (:func:`bertvis.layer_anatomy.layer_pass`)."""
        return self._kept("layer_pass", lambda: layer_anatomy.layer_pass(
            self.model, self.trace, layer), layer)

    # experiments: knockouts, the causal mask, head-importance sweeps

    def knockout_trace(self, heads: str) -> Trace:
        """The Trace with ``heads`` (``"9-6,2-3"``, 1-based) knocked out; with none, the
        input's own Trace (no second run of the same input)."""
        loaded = self.model
        knocked = interventions.parse_heads(heads, loaded.n_layers, loaded.n_heads)
        if not knocked:
            return self.trace
        return self._kept("knockout_trace", lambda: interventions.knockout_trace(
            loaded, self.text_a, self.text_b, knocked), heads, estimate=self.run_bytes)

    def objective(self, output: str) -> importance.Objective:
        """The input's answer for ``output`` that the experiments measure."""
        return self._kept("objective", lambda: importance.objective(
            self.model, self.trace, output), output)

    def knockout_answer(self, heads: str, output: str) -> dict:
        """:func:`bertvis.answers.answer` with ``heads`` knocked out (``""``: as it is)."""
        return self._kept("knockout_answer", lambda: answers.answer(
            self.model, self.knockout_trace(heads), output), heads, output)

    def causal_trace(self) -> Trace:
        """The input's Trace under a causal (left-to-right) mask."""
        return self._kept("causal_trace", lambda: interventions.causal_trace(
            self.model, self.text_a, self.text_b), estimate=self.run_bytes)

    def head_importance(self, output: str,
                        progress: Progress | None = None) -> importance.HeadImportance:
        """Every head's exact effect and gradient proxy for ``output``."""
        return self._kept("head_importance", lambda: importance.head_importance(
            self.model, self.trace, output, progress=self._stepping(progress)), output,
            estimate=self.sweep_bytes)

    def sentence_embeddings(self, *others: str) -> tuple[list[str], Embeddings]:
        """Sentence A, sentence B and ``others`` (cleaned, empty ones left out) and their pooled
        vectors (:func:`embeddings_of`); at least two sentences."""
        sentences = [s for s in map(clean, (self.text_a, self.text_b, *others)) if s]
        if len(sentences) < 2:
            raise BertvisError("one_sentence", "Similarity needs at least two sentences.")
        return sentences, embeddings_of(self.key, sentences)

    def patched_from(self, source: Analysis, output: str,
                     progress: Progress | None = None) -> patching.Patching:
        """:func:`bertvis.patching.patch`: how much of the answer's difference (for ``output``)
        each head's output and each position's residual copied from ``source`` bring back."""
        return self._kept("patched_from", lambda: patching.patch(
            self.model, self.trace, source.trace, output, progress=self._stepping(progress)),
            source, output, estimate=self.sweep_bytes)

    def joint_effect(self, output: str, k: int) -> importance.JointEffect:
        """The top-``k`` heads out together vs one at a time."""
        return self._kept("joint_effect", lambda: importance.joint_effect(
            self.model, self.trace, self.head_importance(output), k), output, k,
            estimate=self.sweep_bytes)

    def pruning_curve(self, output: str,
                      progress: Progress | None = None) -> importance.PruningCurve:
        """``p`` of the answer as heads are removed, least important first."""
        return self._kept("pruning_curve", lambda: importance.pruning_curve(
            self.model, self.trace, self.head_importance(output),
            progress=self._stepping(progress)), output, estimate=self.sweep_bytes)

    def pair_head(self, other: Analysis, layer: int, head: int) -> comparison.PairHead:
        """Head ``(layer, head)`` on this input and ``other``, lined up where possible."""
        return self._kept("pair_head", lambda: comparison.pair_head(
            self.trace, other.trace, layer, head), other, layer, head)

    # sentiment: attributions, untrained heads

    def _attribution_batch(self) -> int:
        """Integration steps run at once so that they fit in the store next to the model (at
        least 1, at most ``attribution.IG_STEPS``)."""
        from bertvis import attribution

        per_input = self.backward_bytes()
        room = store().capacity - memory_budget.size_of(self.model.model)
        if per_input > room:
            raise BertvisError(
                "too_long_for_memory",
                "This text is too long to explain within this deployment's memory budget.",
                tokens=self.n_tokens(),
            )
        return max(1, min(attribution.IG_STEPS, room // per_input))

    def attribution(self, method: str) -> attribution.Attribution:
        """:func:`bertvis.attribution.attribute` of sentence A, its steps batched to fit."""
        from bertvis import attribution

        def compute():
            batch = self._attribution_batch() if method == "ig" else None
            return attribution.attribute(self.model, self.trace, method, batch_size=batch)

        return self._kept("attribution", compute, method, estimate=lambda: (
            self.backward_bytes() * (self._attribution_batch() if method == "ig" else 1)))

    def untrained_heads(self):
        """:func:`bertvis.sentiment.untrained_heads`: one more forward pass, kept."""
        return self._kept("untrained_heads", lambda: sentiment.untrained_heads(
            self.model, self.trace), estimate=self.run_bytes)

    # pre-training: masked-word guesses, the logit lens, corruption draws

    def mask_predictions(self, k: int, temperature: float) -> list[fill_mask.MaskPrediction]:
        """:func:`bertvis.fill_mask.predict` on the Trace."""
        return self._kept("mask_predictions", lambda: fill_mask.predict(
            self.model, self.trace, k, temperature), k, temperature)

    def logit_lens(self, position: int, k: int,
                   temperature: float) -> list[fill_mask.LayerGuesses]:
        """:func:`bertvis.fill_mask.logit_lens` at ``position``."""
        return self._kept("logit_lens", lambda: fill_mask.logit_lens(
            self.model, self.trace, position, k, temperature), position, k, temperature)

    def corrupted(self, seed: int):
        """One draw of the pre-training corruption and the model's guesses on it."""
        def compute():
            draw = corruption.corrupt_trace(self.model, self.trace, seed)
            return draw, corruption.recover(self.model, self.trace, draw)

        return self._kept("corrupted", compute, seed, estimate=self.run_bytes)

    # the tokens page

    def padding_example(self, length: int) -> embeddings.PaddingExample:
        """The padded run (:func:`bertvis.embeddings.padding_example`) at ``length`` tokens."""
        return self._kept("padding_example", lambda: embeddings.padding_example(
            self.model, self.trace, length), length, estimate=lambda: self.run_bytes(length))
