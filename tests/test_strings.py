"""Every user-facing string exists in English and Japanese, with the same placeholders."""

from __future__ import annotations

import re
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


ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
#: ``t("key"`` with a literal key (f-strings and variables are checked where they're built).
USED_KEY = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_.\-]+)["']""")


def used_keys() -> dict[str, str]:
    """Every literal key passed to ``t()`` in the app, with the file that uses it."""
    found = {}
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
                 *sorted((ROOT / "bertvis").rglob("*.py"))]:
        if "strings" in path.parts:
            continue
        for key in USED_KEY.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, str(path.relative_to(ROOT)))
    return found


def test_every_key_used_in_the_code_exists():
    keys = used_keys()
    assert len(keys) > 50  # the scan does find the app's strings
    missing = {key: where for key, where in keys.items() if key not in ALL}
    assert not missing, f"t() keys with no strings entry: {missing}"


def test_every_page_title_blurb_and_tour_card_exists():
    from bertvis.ui.lessons import LESSONS
    from bertvis.ui.tour import STEPS

    needed = [key for lesson in LESSONS for key in (lesson.title_key, lesson.blurb_key)]
    needed += [f"tour.{step.key}.{part}" for step in STEPS for part in ("title", "body")]
    assert [key for key in needed if key not in ALL] == []


def test_the_scan_catches_a_missing_key(tmp_path):
    assert USED_KEY.findall('st.title(t("page.nowhere"))  t(f"x.{k}")  t( "a.b", n=1)') == [
        "page.nowhere", "a.b"]
