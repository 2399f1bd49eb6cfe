#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: the page tests (pinned to the CPU, as everywhere), the tests
# that need CUDA (tests marked `gpu`: the model on the GPU in float16 against the CPU, the pages'
# agreement in half precision), then the benchmark's GPU section (BERT-base, 512 tokens,
# attentions on, float16; goal <= 5 ms per forward on an H200) into bench/gpu.json.
# Usage: bash scripts/gpu_check.sh      (after `make setup-test` with a CUDA build of torch)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
if ! "$PY" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)'; then
    echo "gpu_check: no CUDA device (torch.cuda.is_available() is False; torch" \
         "$("$PY" -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda)'))." \
         "Run this on a GPU machine with a CUDA build of torch." >&2
    exit 2
fi
"$PY" -m pytest -q -rs -m apptest
BERTVIS_TEST_GPU=1 "$PY" -m pytest -q -rs -m gpu
"$PY" -m bench gpu --tokens 512 --runs 20
