"""Every user-facing string exists in English and Japanese, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bertvis.ui.strings import ALL, lookup


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(ALL))
def test_both_languages_present_with_same_placeholders(key):
    english, japanese = ALL[key]
    assert isinstance(english, str) and english.strip(), f"{key}: English missing"
    assert isinstance(japanese, str) and japanese.strip(), f"{key}: Japanese missing"
    assert fields(english) == fields(japanese), key


def test_lookup_formats_in_the_chosen_language():
    assert lookup("sidebar.running_on", "en", device="cpu") == "Running on **cpu**"
    assert lookup("sidebar.running_on", "ja", device="cpu") == "実行デバイス: **cpu**"
