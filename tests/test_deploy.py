"""The deployment manifest: it resolves the same under uv's default strategy and under pip, with
torch's CPU build, offline, against loopback stand-ins of PyPI and the PyTorch index
(bench/deploy.py); and it states the supported Pythons as pyproject does."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement

from bench import ROOT, deploy

#: Yesterday's manifest: PyTorch's CPU index as an extra index (what Cloud failed to install).
EXTRA_INDEX_MANIFEST = """--extra-index-url https://download.pytorch.org/whl/cpu
torch==2.13.0
-r requirements/app.txt
"""
WHEEL = "torch-2.13.0%2Bcpu-cp311-cp311-manylinux_2_28_x86_64.whl"


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """(work folder, base URL) of both stand-ins, served on 127.0.0.1."""
    work = tmp_path_factory.mktemp("indexes")
    deploy.build_indexes(work / "root")
    with deploy.serve(work / "root") as url:
        yield work, url


def _manifest(work, url, text, name):
    path = work / name
    path.write_text(deploy.local_manifest(text, f"{url}/whl/cpu"))
    return path


def test_an_extra_index_fails_under_uv_and_diverges_under_pip(indexes):
    work, url = indexes
    manifest = _manifest(work, url, EXTRA_INDEX_MANIFEST, "extra-index.txt")
    status, _, messages = deploy.uv_compile(manifest, f"{url}/simple", work)
    assert status == 1
    assert "there is no version of numpy==2.4.6" in messages
    assert f"`numpy` was found on {url}/whl/cpu, but not at the requested version" in messages
    # pip takes the best match over all indexes, so the two installers disagree on this file
    status, pins, _ = deploy.pip_resolve(manifest, f"{url}/simple", work)
    assert status == 0 and pins["numpy"] == "2.4.6"


def test_the_manifest_resolves_the_same_under_uv_and_pip(indexes):
    work, url = indexes
    manifest = _manifest(work, url, deploy.MANIFEST.read_text(), "requirements.txt")
    status, uv_pins, messages = deploy.uv_compile(manifest, f"{url}/simple", work)
    assert status == 0, messages
    assert uv_pins["torch"] == f"{url}/whl/cpu/{WHEEL}"
    assert uv_pins["numpy"] == "2.4.6" and uv_pins["streamlit"] == "1.67.0"
    status, pip_pins, messages = deploy.pip_resolve(manifest, f"{url}/simple", work)
    assert status == 0, messages
    assert pip_pins == uv_pins


def _torch_lines(environment):
    lines = [line for line in deploy.MANIFEST.read_text().splitlines()
             if line.startswith("torch")]
    return [Requirement(line) for line in lines
            if Requirement(line).marker is None or Requirement(line).marker.evaluate(environment)]


@pytest.mark.parametrize("minor", [11, 12, 13, 14])
def test_each_supported_python_on_cloud_gets_its_cpu_wheel(minor):
    linux = {"sys_platform": "linux", "platform_machine": "x86_64",
             "python_version": f"3.{minor}"}
    (torch,) = _torch_lines(linux)
    assert torch.url == (f"{deploy.PYTORCH_CPU}/torch-2.13.0%2Bcpu-cp3{minor}-cp3{minor}-"
                         "manylinux_2_28_x86_64.whl")


@pytest.mark.parametrize("environment", [
    {"sys_platform": "darwin", "platform_machine": "arm64", "python_version": "3.12"},
    {"sys_platform": "linux", "platform_machine": "aarch64", "python_version": "3.11"},
    {"sys_platform": "linux", "platform_machine": "x86_64", "python_version": "3.15"},
])
def test_elsewhere_torch_of_the_same_version_comes_from_pypi(environment):
    (torch,) = _torch_lines(environment)
    assert torch.url is None and str(torch.specifier) == "==2.13.0"


def test_one_statement_of_the_supported_pythons():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == ">=3.11"
    assert re.search(r"^# Python 3\.11 or newer\b", deploy.MANIFEST.read_text(), re.M)
    options = [line for line in deploy.MANIFEST.read_text().splitlines()
               if line.startswith("-") and not line.startswith(("-r ", "--requirement "))]
    assert options == []  # no index of any kind: each package from PyPI, torch by its URL
