"""Self-check: load each preset that is reachable or cached and ask it a known answer.

A deployment (or a teacher before class) runs ``python -m bertvis doctor`` or the home page's
button to prove that the real checkpoints load and answer as published:

- pre-training encoders: "The capital of France is [MASK]." → "paris" (top-1, any case;
  the Japanese BERT: 東京は日本の[MASK]です。 → 首都) and a coherent pair's P(IsNext) > 0.9;
- sentiment classifiers: "wonderful" → a positive label, "terrible" → a negative one;
- SQuAD readers: the capital of France question → an answer containing "Paris";
- the CoNLL tagger: "Jacob Devlin works at Google." → a person and an organisation.

Models are loaded one at a time without the packaged fallback (a Hub id that is neither
reachable nor cached is "not available offline", not a pass on MiniLM) and dropped after their
checks, so the check needs the memory of the largest model only. No Streamlit here.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from dataclasses import asdict, dataclass
from typing import Callable, Iterable

from . import fill_mask, memory_budget, models, nsp, qa, sentiment, tagging
from .errors import BertvisError
from .presets import (
    ENCODER_PRESETS,
    NER_PRESETS,
    PACKAGED_MINILM,
    QA_PRESETS,
    SENTIMENT_PRESETS,
    Preset,
)
from .trace import trace

PASS, FAIL, OFFLINE, REFUSED = "pass", "fail", "not available offline", "refused"
#: BertvisError codes that mean "this host may not load it" (a deployment's limits), not a fault.
REFUSAL_CODES = ("too_large", "too_large_memory", "too_large_budget", "model_not_allowed")

MASK_QUESTION = "The capital of France is [MASK]."
MASK_ANSWER = "paris"
JA_MASK_QUESTION = "東京は日本の[MASK]です。"
JA_MASK_ANSWER = "首都"
#: The BERT paper's next-sentence example (Devlin et al. 2019, section 3.1), written out.
NSP_PAIR = ("The man went to the store.", "He bought a gallon of milk.")
JA_NSP_PAIR = ("東京は日本の首都です。", "多くの人が住んでいます。")
NSP_THRESHOLD = 0.9
SENTIMENT_TEXTS = ("This movie was wonderful.", "This movie was terrible.")
#: Labels that count as positive / negative, whatever the model calls them.
POSITIVE_LABELS = {"positive", "4 stars", "5 stars"}
NEGATIVE_LABELS = {"negative", "1 star", "2 stars"}
QA_QUESTION = "What is the capital of France?"
QA_PASSAGE = "Paris is the capital and largest city of France."
QA_ANSWER = "paris"
NER_TEXT = "Jacob Devlin works at Google."
NER_EXPECTED = {"PER": "Jacob", "ORG": "Google"}  # kind → a word its entity must contain


@dataclass(frozen=True)
class CheckResult:
    """One known answer asked of one model (or why it could not be asked)."""

    model_id: str
    check: str  # "fill-mask", "next-sentence", "sentiment", "question-answering", "tagging", …
    status: str  # PASS, FAIL, OFFLINE or REFUSED
    detail: str  # what the model answered, or why it was not loaded
    load_seconds: float | None = None
    weights_mb: float | None = None  # parameters + buffers of the loaded model
    rss_mb: float | None = None  # the whole process's resident memory after loading

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Plan:
    """The checks to run on one preset: its model id, the kind to load, the check functions."""

    model_id: str
    kind: str
    checks: tuple[tuple[str, Callable[[models.LoadedModel], tuple[bool, str]]], ...]


# ---------------------------------------------------------------- the known answers


def _fill_mask(question: str, answer: str) -> Callable[[models.LoadedModel], tuple[bool, str]]:
    def check(loaded: models.LoadedModel) -> tuple[bool, str]:
        if not loaded.has_mlm:
            return False, "the checkpoint has no trained masked-LM head"
        text = fill_mask.with_model_masks(question, loaded)
        best = fill_mask.predict(loaded, trace(loaded, text))[0].best
        word = best.token.lower()
        return word == answer, f"{question} → {best.token} ({best.probability:.0%})"

    return check


def _next_sentence(pair: tuple[str, str]) -> Callable[[models.LoadedModel], tuple[bool, str]]:
    def check(loaded: models.LoadedModel) -> tuple[bool, str]:
        if not loaded.has_nsp:
            return False, "the checkpoint has no trained next-sentence head"
        found = nsp.next_sentence(loaded, trace(loaded, *pair))
        return found.p_is_next > NSP_THRESHOLD, (
            f"P(IsNext) = {found.p_is_next:.3f} (needs > {NSP_THRESHOLD})")

    return check


def _sentiment(loaded: models.LoadedModel) -> tuple[bool, str]:
    good, bad = (sentiment.predict(loaded, trace(loaded, text)).label for text in SENTIMENT_TEXTS)
    passed = good.lower() in POSITIVE_LABELS and bad.lower() in NEGATIVE_LABELS
    return passed, f"wonderful → {good}, terrible → {bad}"


def _question_answering(loaded: models.LoadedModel) -> tuple[bool, str]:
    best = qa.answer(loaded, trace(loaded, QA_QUESTION, QA_PASSAGE)).best
    return QA_ANSWER in best.text.lower(), f"{QA_QUESTION} → {best.text!r}"


def _tagging(loaded: models.LoadedModel) -> tuple[bool, str]:
    entities = tagging.tag(loaded, trace(loaded, NER_TEXT)).entities
    found = {(e.kind, e.text) for e in entities}
    passed = all(any(kind == k and word in text for k, text in found)
                 for kind, word in NER_EXPECTED.items())
    shown = ", ".join(f"{text} ({kind})" for kind, text in sorted(found)) or "no entities"
    return passed, shown


def _runs(loaded: models.LoadedModel) -> tuple[bool, str]:
    result = trace(loaded, NSP_PAIR[0])
    return (result.attentions.shape[:2] == (loaded.n_layers, loaded.n_heads),
            f"{result.n_tokens} tokens, attention {loaded.n_layers} layers × {loaded.n_heads} "
            "heads")


def plans(presets: Iterable[Preset] | None = None) -> list[Plan]:
    """What to check on each preset (every preset, or those given)."""
    chosen = set(p.model_id for p in presets) if presets is not None else None
    found: list[Plan] = []
    for preset in ENCODER_PRESETS:
        if preset.model_id == PACKAGED_MINILM:
            checks = (("runs", _runs),)  # an encoder without pre-training heads
        elif preset.languages == "ja":
            checks = (("fill-mask", _fill_mask(JA_MASK_QUESTION, JA_MASK_ANSWER)),
                      ("next-sentence", _next_sentence(JA_NSP_PAIR)))
        else:
            checks = (("fill-mask", _fill_mask(MASK_QUESTION, MASK_ANSWER)),
                      ("next-sentence", _next_sentence(NSP_PAIR)))
        found.append(Plan(preset.model_id, "pretraining", checks))
    found += [Plan(p.model_id, "sequence-classification", (("sentiment", _sentiment),))
              for p in SENTIMENT_PRESETS]
    found += [Plan(p.model_id, "question-answering", (("question-answering",
                                                       _question_answering),))
              for p in QA_PRESETS]
    found += [Plan(p.model_id, "token-classification", (("tagging", _tagging),))
              for p in NER_PRESETS]
    return [plan for plan in found if chosen is None or plan.model_id in chosen]


# ---------------------------------------------------------------- running


def run_plan(plan: Plan, device: str = "cpu",
             budget: memory_budget.MemoryBudget | None = None) -> list[CheckResult]:
    """Load ``plan``'s model (no packaged fallback), ask its known answers, drop it. With a
    ``budget`` (the app's store) a model that can't fit is refused and room is made first."""
    started = time.perf_counter()
    try:
        loaded = models.load(plan.model_id, kind=plan.kind, device=device, allow_fallback=False,
                             budget=budget)
    except BertvisError as exc:
        status = (OFFLINE if exc.code == "offline"
                  else REFUSED if exc.code in REFUSAL_CODES else FAIL)
        return [CheckResult(plan.model_id, name, status, exc.message) for name, _ in plan.checks]
    load_seconds = time.perf_counter() - started
    sizes = dict(load_seconds=round(load_seconds, 2),
                 weights_mb=round(memory_budget.size_of(loaded.model) / memory_budget.MIB, 1),
                 rss_mb=round(memory_budget.process_rss() / memory_budget.MIB))
    results = []
    for name, check in plan.checks:
        try:
            passed, detail = check(loaded)
        except BertvisError as exc:
            passed, detail = False, exc.message
        results.append(CheckResult(plan.model_id, name, PASS if passed else FAIL, detail,
                                   **sizes))
    del loaded
    gc.collect()
    return results


#: One self-check at a time per process: each loads every preset (BERT-large included), so
#: two sessions pressing the button together must not hold two sets of models.
_RUNNING = threading.Lock()


def run(presets: Iterable[Preset] | None = None, device: str = "cpu",
        on_result: Callable[[CheckResult], None] | None = None,
        budget: memory_budget.MemoryBudget | None = None) -> list[CheckResult]:
    """Every check of every chosen preset, in order; ``on_result`` sees each as it finishes.
    Raises ``BertvisError("doctor_busy")`` while another self-check runs in this process.

    In the app, ``budget`` is the process's cache store: each model is checked alone inside it
    (other computations wait), refused when it can't fit, and dropped before the next."""
    if not _RUNNING.acquire(blocking=False):
        raise BertvisError("doctor_busy", "A self-check is already running on this server; "
                           "try again when it has finished.")
    try:
        results: list[CheckResult] = []
        for plan in plans(presets):
            with budget.reserved(0) if budget is not None else contextlib.nullcontext():
                checked = run_plan(plan, device, budget)
            for result in checked:
                results.append(result)
                if on_result is not None:
                    on_result(result)
        return results
    finally:
        _RUNNING.release()


def failed(results: Iterable[CheckResult]) -> bool:
    """True when any known answer was wrong (offline and refused models are not failures)."""
    return any(result.status == FAIL for result in results)


COLUMNS = ("model", "check", "result", "load s", "weights MB", "RSS MB", "detail")


def table(results: list[CheckResult]) -> str:
    """A plain-text table of ``results`` for a terminal."""
    rows = [COLUMNS] + [
        (r.model_id, r.check, r.status,
         "" if r.load_seconds is None else f"{r.load_seconds:.2f}",
         "" if r.weights_mb is None else f"{r.weights_mb:.1f}",
         "" if r.rss_mb is None else f"{r.rss_mb:.0f}", r.detail)
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths) + "  " + "-" * 6)
    return "\n".join(line.rstrip() for line in lines)
