"""Every user-facing string exists in English and Japanese, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bertvis.strings import ALL, lookup


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def bad_entries(strings: dict) -> dict[str, str]:
    """Every key whose entry is not (English, Japanese) non-empty text with the same
    placeholders, with what is wrong with it."""
    bad = {}
    for key, entry in sorted(strings.items()):
        if not (isinstance(entry, tuple) and len(entry) == 2):
            bad[key] = f"not an (english, japanese) pair: {entry!r}"
            continue
        english, japanese = entry
        if not (isinstance(english, str) and english.strip()):
            bad[key] = "English missing"
        elif not (isinstance(japanese, str) and japanese.strip()):
            bad[key] = "Japanese missing"
        elif fields(english) != fields(japanese):
            bad[key] = f"placeholders differ: {fields(english)} vs {fields(japanese)}"
    return bad


def test_every_key_has_both_languages_with_the_same_placeholders():
    assert len(ALL) > 500  # every strings module was collected
    assert bad_entries(ALL) == {}


def test_every_bad_key_is_reported():
    strings = {"a.ok": ("{n} cats", "{n} 匹"), "b.no_ja": ("Cat", " "), "c.no_en": ("", "猫"),
               "d.fields": ("{n} cats", "猫"), "e.single": "cat"}
    assert sorted(bad_entries(strings)) == ["b.no_ja", "c.no_en", "d.fields", "e.single"]


def test_lookup_formats_in_the_chosen_language():
    assert lookup("sidebar.running_on", "en", device="cpu") == "Running on **cpu**"
    assert lookup("sidebar.running_on", "ja", device="cpu") == "実行デバイス: **cpu**"


ROOT = Path(__file__).resolve().parent.parent
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
