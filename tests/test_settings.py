"""The deployment's settings: one frozen object, its defaults per profile, read once."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from bertvis import settings
from bertvis.settings import MIB, Settings

ROOT = Path(__file__).resolve().parent.parent


def test_private_defaults_keep_todays_freedom():
    found = Settings.from_mapping({})
    assert not found.public and found.allowed_models == ()
    assert found.max_text_chars == 20_000 and found.max_sentences == 64
    assert found.max_batch == 1000 and found.max_batch_chars == 500_000
    assert found.max_params == 400_000_000 and found.max_upload_bytes == 200 * MIB
    assert found.memory_budget_bytes >= 2000 * MIB
    assert not found.log_traces


def test_public_defaults_fit_a_shared_small_host():
    found = Settings.from_mapping({"BERTVIS_PUBLIC": "1"})
    assert found.public
    assert found.memory_budget_bytes == 2000 * MIB
    assert found.max_text_chars == 5_000 and found.max_sentences == 32
    assert found.max_batch == 100 and found.max_upload_bytes == 2 * MIB


def test_values_override_defaults_and_bad_ones_fall_back():
    found = Settings.from_mapping({
        "BERTVIS_PUBLIC": "yes", "BERTVIS_MEMORY_BUDGET_MB": "1500", "BERTVIS_MAX_BATCH": "lots",
        "BERTVIS_MAX_TEXT_CHARS": "-3", "BERTVIS_ALLOWED_MODELS": "a/b, c ,,a/b",
        "BERTVIS_MAX_PARAMS_M": "0.5", "BERTVIS_LOG_TRACES": "1",
    })
    assert found.public and found.memory_budget_bytes == 1500 * MIB
    assert found.max_batch == 100  # "lots" is no number: the public default
    assert found.max_text_chars == 5_000  # negative: the default
    assert found.allowed_models == ("a/b", "c")
    assert found.max_params == 500_000 and found.log_traces


def test_streamlit_secrets_types_are_read_too():
    """TOML secrets give bools, numbers and lists rather than strings."""
    found = Settings.from_mapping({"BERTVIS_PUBLIC": True, "BERTVIS_MAX_SENTENCES": 10,
                                   "BERTVIS_ALLOWED_MODELS": ["x/y", "z"]})
    assert found.public and found.max_sentences == 10 and found.allowed_models == ("x/y", "z")
    assert not Settings.from_mapping({"BERTVIS_PUBLIC": False}).public


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings.from_mapping({}).public = True  # type: ignore[misc]


def test_the_environment_is_read_once(monkeypatch):
    previous = settings.install(None)
    try:
        monkeypatch.setenv("BERTVIS_MAX_SENTENCES", "7")
        first = settings.current()
        monkeypatch.setenv("BERTVIS_MAX_SENTENCES", "9")
        assert settings.current() is first and first.max_sentences == 7
        settings.install(None)
        assert settings.current().max_sentences == 9
    finally:
        settings.install(previous)


def test_no_other_module_reads_bertvis_settings_from_the_environment():
    """Every BERTVIS_* key is read in bertvis/settings.py only (hub.py reads the Hugging Face
    library's own HF_* variables)."""
    readers = []
    for path in (ROOT / "bertvis").rglob("*.py"):
        if path.name == "settings.py":
            continue
        for line in path.read_text().splitlines():
            if re.search(r"os\.environ|getenv", line) and "HF_" not in line:
                readers.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert readers == []
