"""Memory of the models the app keeps: resident set size measured in fresh child processes.

Each measurement runs ``python -m bench.memory <probe> ...`` so that nothing this
process already holds is counted; the child prints one JSON object.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import psutil

from bench import ROOT


def _rss_mib() -> float:
    return round(psutil.Process().memory_info().rss / 2**20, 1)


def _peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def probe_app_models(pretraining_dir: str, classifier_dir: str, tokens: int) -> dict:
    """RSS with the default online set loaded through the app's loader (BERT-base with both
    pre-training heads + a BERT-base classifier), and after one trace on each."""
    from bertvis import models
    from bertvis.trace import trace

    from . import inputs

    base = _rss_mib()
    encoder = models.load(pretraining_dir, device="cpu")
    classifier = models.load(classifier_dir, kind="sequence-classification", device="cpu")
    loaded = _rss_mib()
    text_a, text_b = inputs.text_of_tokens(tokens)
    traces = [trace(encoder, text_a, text_b), trace(classifier, text_a, text_b)]
    trace_mib = sum(t.attentions.nbytes + t.hidden_states.nbytes for t in traces) / 2**20
    return {"after_imports_mib": base, "models_loaded_mib": loaded, "after_traces_mib": _rss_mib(),
            "peak_mib": _peak_mib(), "trace_arrays_mib": round(trace_mib, 1),
            "params_m": round((encoder.param_count + classifier.param_count) / 1e6, 1),
            "trace_tokens": tokens}


def probe_large(dtype: str, tokens: int) -> dict:
    """BERT-large (24 × 16, hidden 1024) with pre-training heads, weights in ``dtype``, built
    from its config on the CPU; RSS after building and peak over one forward with attentions."""
    import torch
    from transformers import BertForPreTraining

    from . import inputs

    torch_dtype = getattr(torch, dtype)
    base = _rss_mib()
    torch.set_default_dtype(torch_dtype)  # build the weights directly in this precision
    model = BertForPreTraining(inputs.config("large", attn_implementation="eager")).eval()
    torch.set_default_dtype(torch.float32)
    built = _rss_mib()
    params = sum(p.numel() for p in model.parameters())
    tok = inputs.tokenizer()
    enc = tok(*inputs.text_of_tokens(tokens), return_tensors="pt")
    start = time.perf_counter()
    with torch.inference_mode():
        out = model.bert(**enc, output_attentions=True, output_hidden_states=True)
        att = torch.stack([a[0] for a in out.attentions]).float().numpy()
    forward_s = time.perf_counter() - start
    return {"dtype": dtype, "params_m": round(params / 1e6, 1), "after_imports_mib": base,
            "weights_loaded_mib": built, "peak_mib": _peak_mib(), "tokens": tokens,
            "attention_mib": round(att.nbytes / 2**20, 1), "forward_s": round(forward_s, 2),
            "finite": bool(torch.isfinite(out.last_hidden_state).all())}


PROBES = {"app_models": probe_app_models, "large": probe_large}


def run_probe(name: str, *args: object, timeout: float = 900) -> dict:
    """Run probe ``name`` in a fresh Python process and return its JSON."""
    cmd = [sys.executable, "-m", "bench.memory", name, *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                          cwd=ROOT)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _parse(value: str) -> object:
    return int(value) if value.isdigit() else value


if __name__ == "__main__":
    probe, *rest = sys.argv[1:]
    print(json.dumps(PROBES[probe](*map(_parse, rest))))
