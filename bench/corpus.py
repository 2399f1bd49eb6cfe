"""Time and measure the corpus field guide (bertvis.corpus) against a bare batched forward.

Three sections, each with the machine's state around it (:func:`bench.machine.recorded`):

- ``minilm``: 200 sentences of 30 tokens on the packaged MiniLM: ``corpus_stats`` against the
  same padded batches through the encoder alone (with attention weights, as the field guide
  needs them, and without), interleaved; goal: ≤ 1.3× the forward with attentions;
- ``base``: the same sentences at BERT-base shape (random weights); goal: ≤ 60 s;
- ``rss``: the process's resident memory after each batch of a 1,000-sentence run on MiniLM
  (lengths 10…40 tokens); goal: flat (the statistics are kept, never the attentions).

Appends one session to ``bench/corpus.json``: the machine is shared, so every session is kept
with its load.

    python -m bench corpus [--runs 5] [--sentences 200] [--rss-sentences 1000]
                           [--sections minilm base rss]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import torch

from bench import ROOT, inputs, machine, timing
from bench.run import MIN_RUNS
from bertvis import corpus, memory_budget, models
from bertvis.presets import PACKAGED_MINILM

GOAL_RATIO = 1.3
GOAL_BASE_SECONDS = 60


def texts(count: int, lengths: tuple[int, ...] = (30,)) -> list[str]:
    """``count`` different sentences, the i-th of ``lengths[i % len(lengths)]`` tokens."""
    return [inputs.text_of_tokens(lengths[i % len(lengths)], offset=i)[0] for i in range(count)]


def bare_forward(loaded: models.LoadedModel, sentences: list[str], attentions: bool) -> None:
    """The same padded batches as the field guide, through the encoder alone."""
    for start in range(0, len(sentences), corpus.BATCH_SIZE):
        enc = corpus.encode(loaded, sentences[start:start + corpus.BATCH_SIZE])
        with torch.inference_mode():
            loaded.encoder(**loaded.inputs(enc), output_attentions=attentions)


def minilm_section(runs: int, count: int) -> dict:
    loaded = models.load(PACKAGED_MINILM, device="cpu")
    sentences = texts(count)
    with machine.recorded(model=PACKAGED_MINILM, sentences=count, tokens=30,
                          batch_size=corpus.BATCH_SIZE) as state:
        field_guide, bare = timing.interleaved(
            lambda: corpus.corpus_stats(loaded, sentences),
            lambda: bare_forward(loaded, sentences, attentions=True), repeats=runs)
        no_attentions = timing.seconds(lambda: bare_forward(loaded, sentences, False), runs)
        ratios = [f / b for f, b in zip(field_guide, bare)]
        state.update(corpus_stats=timing.summary(field_guide),
                     bare_forward_with_attentions=timing.summary(bare),
                     bare_forward_without_attentions=timing.summary(no_attentions),
                     ratio=timing.spread(ratios), goal_ratio=GOAL_RATIO)
    return state


def base_section(runs: int, count: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        loaded = models.load(str(inputs.save_model(Path(folder), "base")), device="cpu")
        sentences = texts(count)
        with machine.recorded(model="BERT-base shape, random weights", sentences=count,
                              tokens=30) as state:
            seconds = timing.seconds(lambda: corpus.corpus_stats(loaded, sentences), runs,
                                     warmup=0)
            state.update(corpus_stats=timing.summary(seconds), goal_seconds=GOAL_BASE_SECONDS)
    return state


def rss_section(count: int) -> dict:
    loaded = models.load(PACKAGED_MINILM, device="cpu")
    sentences = texts(count, lengths=(10, 20, 30, 40))
    samples: list[tuple[int, int]] = []

    def sample(done: int, _total: int) -> None:
        samples.append((done, memory_budget.process_rss()))

    with machine.recorded(model=PACKAGED_MINILM, sentences=count,
                          tokens="10, 20, 30, 40 in turn") as state:
        corpus.corpus_stats(loaded, sentences, progress=sample)
        mib = [rss / 2**20 for _, rss in samples]
        after_first_tenth = mib[len(mib) // 10:]
        state.update(
            rss_mib_by_sentences={done: round(rss / 2**20, 1) for done, rss in samples[::6]},
            rss_mib_first_batch=round(mib[0], 1), rss_mib_last_batch=round(mib[-1], 1),
            growth_mib_after_first_tenth=round(max(after_first_tenth) - min(after_first_tenth), 1))
    return state


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench corpus",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=MIN_RUNS)
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--rss-sentences", type=int, default=1000)
    parser.add_argument("--sections", nargs="+", choices=("minilm", "base", "rss"),
                        default=["minilm", "base", "rss"])
    parser.add_argument("--out", default=str(ROOT / "bench" / "corpus.json"))
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS:
        parser.error(f"--runs: at least {MIN_RUNS}")
    sections = {"minilm": lambda: minilm_section(args.runs, args.sentences),
                "base": lambda: base_section(args.runs, args.sentences),
                "rss": lambda: rss_section(args.rss_sentences)}
    session = {"started": machine.utc_now(),
               "note": "shared 2-core machine, busy with other engineers' runs: read the "
                       "load averages beside every figure",
               **{name: sections[name]() for name in args.sections}}
    out = Path(args.out)
    sessions = json.loads(out.read_text()) if out.exists() else []
    sessions.append(session)
    out.write_text(json.dumps(sessions, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(session, indent=1))
