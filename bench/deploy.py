"""The deployment manifest (``requirements.txt``) resolved offline, as Community Cloud resolves it.

Community Cloud installs ``requirements.txt`` with uv (pip as a fallback). What matters is which
index each package comes from, so the checks here run the real resolvers (uv's default
``first-index`` strategy, and pip) against loopback stand-ins of the two hosts involved:

- a PyPI stand-in: a PEP 503 simple index (``/simple/<name>/``) holding a metadata-only wheel
  for every distribution installed in this environment (the versions the project pins);
- a PyTorch-index stand-in laid out like ``download.pytorch.org/whl/cpu``: ``/whl/cpu/<name>/``
  pages and the wheel files beside them, holding torch 2.13.0+cpu and an older numpy, as the
  real index carries copies of torch's dependencies.

A metadata-only wheel is a wheel whose archive holds only its ``.dist-info`` (the installed
distribution's ``METADATA``): enough for a resolver, which reads nothing else.
:func:`local_manifest` points a manifest's torch references at either stand-in (or at a local
wheel folder, for the rehearsal) and makes its ``-r`` includes absolute.
"""

from __future__ import annotations

import contextlib
import functools
import html
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from bench import ROOT

MANIFEST = ROOT / "requirements.txt"
#: Where the real manifest's torch references point (an index, or the wheels in it).
PYTORCH_CPU = "https://download.pytorch.org/whl/cpu"
#: The numpy the PyTorch stand-in carries: older than the pin, as the real index's copies are.
OLD_NUMPY = "2.1.2"
#: What both resolvers resolve for (Community Cloud: Linux on x86_64).
PYTHON_VERSION = "3.11"
PLATFORM = "x86_64-manylinux_2_28"


def normalize(name: str) -> str:
    """A project name as PEP 503 writes it (``Foo_bar.baz`` → ``foo-bar-baz``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def metadata_wheel(folder: Path, metadata: str, name: str, version: str,
                   tags: str = "py3-none-any") -> Path:
    """Write a metadata-only wheel ``name-version-tags.whl`` into ``folder`` and return it."""
    stem = f"{re.sub(r'[-.]+', '_', name)}-{version}"
    path = folder / f"{stem}-{tags}.whl"
    info = f"{stem}.dist-info"
    wheel = f"Wheel-Version: 1.0\nGenerator: bench.deploy\nRoot-Is-Purelib: true\nTag: {tags}\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{info}/METADATA", metadata)
        archive.writestr(f"{info}/WHEEL", wheel)
        archive.writestr(f"{info}/RECORD", f"{info}/METADATA,,\n{info}/WHEEL,,\n{info}/RECORD,,\n")
    return path


def _with_version(metadata: str, version: str) -> str:
    return re.sub(r"^Version: .*$", f"Version: {version}", metadata, count=1, flags=re.M)


def _write_pages(index: Path, files_url: str, wheels: dict[str, list[Path]]) -> None:
    """PEP 503 pages under ``index``: ``index.html`` naming each project and ``<name>/index.html``
    linking its wheels at ``files_url``/``<file name>``."""
    index.mkdir(parents=True, exist_ok=True)
    names = sorted(wheels)
    (index / "index.html").write_text("".join(f'<a href="{n}/">{n}</a>\n' for n in names))
    for name in names:
        (index / name).mkdir(exist_ok=True)
        links = "".join(f'<a href="{html.escape(files_url)}/{quote(w.name)}">{html.escape(w.name)}'
                        f"</a>\n" for w in wheels[name])
        (index / name / "index.html").write_text(f"<html><body>\n{links}</body></html>\n")


def build_indexes(root: Path) -> None:
    """Both stand-ins under ``root`` (``simple/`` with ``files/``, and ``whl/cpu/``), with
    links relative to the server's root (see :func:`serve`)."""
    files = root / "files"
    files.mkdir(parents=True, exist_ok=True)
    pypi: dict[str, list[Path]] = {}
    for dist in importlib.metadata.distributions():
        name, version = dist.metadata["Name"], dist.version
        if normalize(name) == "torch":  # PyPI's torch is the CUDA build; the manifest avoids it
            continue
        metadata = dist.read_text("METADATA") or ""
        pypi.setdefault(normalize(name), []).append(metadata_wheel(files, metadata, name, version))
    _write_pages(root / "simple", "/files", pypi)

    cpu = root / "whl" / "cpu"
    cpu.mkdir(parents=True, exist_ok=True)
    torch = importlib.metadata.distribution("torch")
    numpy = importlib.metadata.distribution("numpy")
    tags = f"cp{PYTHON_VERSION.replace('.', '')}-cp{PYTHON_VERSION.replace('.', '')}-" \
           f"manylinux_2_28_x86_64"
    pytorch = {
        "torch": [metadata_wheel(cpu, torch.read_text("METADATA") or "", "torch", "2.13.0+cpu",
                                 tags)],
        "numpy": [metadata_wheel(cpu, _with_version(numpy.read_text("METADATA") or "",
                                                    OLD_NUMPY), "numpy", OLD_NUMPY, tags)],
    }
    _write_pages(cpu, "/whl/cpu", pytorch)


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path):
    """Serve ``root`` over HTTP on a free 127.0.0.1 port; yield the base URL."""
    handler = functools.partial(_QuietFiles, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def local_manifest(text: str, pytorch: str, base: Path = ROOT) -> str:
    """``text`` (a requirements file read from ``base``) with its PyTorch-index URLs pointing at
    ``pytorch`` instead, and each ``-r file`` include made absolute."""
    text = text.replace(PYTORCH_CPU, pytorch.rstrip("/"))
    return re.sub(r"^(-r|--requirement)\s+(\S+)",
                  lambda m: f"{m.group(1)} {(base / m.group(2)).resolve()}", text, flags=re.M)


def tool_env(cache: Path) -> dict[str, str]:
    """This environment without pip's and uv's settings (this machine's pip.conf adds local
    indexes and a wheel folder), with uv's cache in ``cache``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "UV_CACHE_DIR": str(cache), "UV_NO_CONFIG": "1"}


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:==(\S+)| @ (\S+))", re.M)


def uv_compile(manifest: Path, index: str, work: Path) -> tuple[int, dict[str, str], str]:
    """``uv pip compile`` of ``manifest`` with ``index`` as its default index (uv's default
    strategy, for Linux x86_64 and Python 3.11): (exit status, {project: version or URL},
    uv's messages)."""
    proc = subprocess.run(
        [sys.executable, "-m", "uv", "pip", "compile", str(manifest), "--default-index", index,
         "--python-version", PYTHON_VERSION, "--python-platform", PLATFORM, "--no-header",
         "--no-annotate", "--quiet"],
        capture_output=True, text=True, env=tool_env(work / "uv-cache"), timeout=300)
    pins = {normalize(m.group(1)): m.group(2) or m.group(3) for m in _PIN.finditer(proc.stdout)}
    return proc.returncode, pins, proc.stderr


def pip_resolve(manifest: Path, index: str, work: Path) -> tuple[int, dict[str, str], str]:
    """pip's resolution of ``manifest`` (``install --dry-run --report``, this interpreter, which
    is Python 3.11 on Linux x86_64), ``index`` its only index: (exit status, {project: version
    or URL}, pip's messages)."""
    report = work / "pip-report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed",
         "--quiet", "--report", str(report), "--index-url", index, "--no-cache-dir",
         "-r", str(manifest)],
        capture_output=True, text=True, env=tool_env(work / "uv-cache"), timeout=600)
    pins: dict[str, str] = {}
    if proc.returncode == 0:
        for item in json.loads(report.read_text())["install"]:
            url = item["download_info"]["url"]
            direct = item.get("is_direct") and url
            pins[normalize(item["metadata"]["name"])] = direct or item["metadata"]["version"]
    return proc.returncode, pins, proc.stderr
