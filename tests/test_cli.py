"""The command line: real parsing, real model loading, JSON/CSV out, friendly errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

import numpy as np

from bertvis.cli import COMMANDS, main


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_attention_json_is_one_head(tiny_bert):
    code, out, _ = run_cli("attention", "the cat sat", "--model", str(tiny_bert),
                           "--layer", "2", "--head", "3", "--device", "cpu")
    assert code == 0
    data = json.loads(out)
    assert data["tokens"] == ["[CLS]", "the", "cat", "sat", "[SEP]"]
    matrix = np.array(data["attention"])
    assert matrix.shape == (5, 5)
    np.testing.assert_allclose(matrix.sum(1), 1.0, atol=1e-3)


def test_attention_csv_has_tokens_on_both_axes(tiny_bert):
    code, out, _ = run_cli("attention", "the dog", "--pair", "a cat", "--model", str(tiny_bert),
                           "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "query \\ key,[CLS],the,dog,[SEP],a,cat,[SEP]"
    assert len(lines) == 8 and lines[3].startswith("dog,")


def test_out_of_range_layer_is_a_clean_error(tiny_bert):
    code, out, err = run_cli("attention", "the cat", "--model", str(tiny_bert), "--layer", "3")
    assert code == 2 and out == ""
    assert "--layer must be 1..2" in err


def test_offline_default_model_says_it_fell_back():
    code, out, err = run_cli("attention", "the cat", "--head", "12", "--layer", "6")
    assert code == 0
    assert "packaged MiniLM" in err
    assert json.loads(out)["model"] == "packaged:all-MiniLM-L6-v2"


def test_prefetch_starts_without_torch_and_help_lists_every_command():
    """``prefetch`` (a teacher's first command, often on a slow school laptop) imports only its
    own module: no torch, no transformers; the top-level help still lists every command."""
    code = ("import sys\nfrom bertvis.cli import main\ntry:\n    main(['prefetch', '--help'])\n"
            "except SystemExit:\n    pass\nprint(sorted({'torch', 'transformers'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    assert "only list the files and sizes that would be downloaded" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"
    listed = subprocess.run([sys.executable, "-m", "bertvis", "--help"], capture_output=True,
                            text=True, check=True, timeout=120).stdout
    assert all(name in listed for name in COMMANDS), listed
