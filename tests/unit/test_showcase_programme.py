"""The fair programme: schema, German time, clear errors with file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from toolkit.errors import UserInputError
from toolkit.resources import templates_dir
from toolkit.showcase.programme import ProgrammeError, load_programme
from toolkit.showcase.texts import format_date, format_slot

GOOD = """\
title: Messe
slots:
  - start: 2026-03-29T01:30
    end: 2026-03-29T03:30
    company: Nachtbäcker
  - start: 2026-01-10T09:00:00+01:00
    end: 2026-01-10T09:30:00+01:00
    company: Winter GmbH
    trade: Tischler:in
    link: https://example.org/live
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "programm.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_times_without_offset_are_german_time_and_slots_sorted(tmp_path):
    programme = load_programme(_write(tmp_path, GOOD))
    first, second = programme.slots
    assert first.company == "Winter GmbH"  # sorted by start
    assert first.start.isoformat() == "2026-01-10T09:00:00+01:00"
    # the night the clocks go forward: 01:30 is winter time, 03:30 summer time
    assert second.start.isoformat() == "2026-03-29T01:30:00+01:00"
    assert second.end.isoformat() == "2026-03-29T03:30:00+02:00"
    assert second.end - second.start == dt.timedelta(hours=1)


def test_shipped_example_is_valid():
    programme = load_programme(templates_dir() / "fair" / "beispiel-programm.yaml")
    assert len(programme.slots) >= 3 and programme.title
    assert all(s.link or s.project for s in programme.slots)


@pytest.mark.parametrize(("text", "line", "field", "words"), [
    ("slots:\n  - start: 2026-01-10T10:00\n    end: 2026-01-10T09:00\n    company: A\n",
     2, "slots[0]", "Ende"),
    ("slots:\n  - start: 2026-01-10T09:00\n    end: 2026-01-10T10:00\n    company: A\n"
     "    link: javascript:alert(1)\n", 5, "slots[0].link", "kein Link"),
    ("slots:\n  - start: 2026-01-10T09:00\n    end: 2026-01-10T10:00\n    firma: A\n",
     4, "slots[0].firma", "Unbekanntes Feld"),
    ("slots:\n  - start: gestern\n    end: 2026-01-10T10:00\n    company: A\n",
     2, "slots[0].start", ""),
    ("timezone: Mars/Olympus\nslots:\n  - start: 2026-01-10T09:00\n    end: 2026-01-10T10:00\n"
     "    company: A\n", 1, "timezone", "Zeitzone"),
    ("title: x\nslots: []\n", 2, "slots", "mindestens"),
])
def test_errors_name_file_line_and_field(tmp_path, text, line, field, words):
    path = _write(tmp_path, text)
    with pytest.raises(ProgrammeError) as err:
        load_programme(path)
    message = str(err.value)
    assert str(path) in message and f"Zeile {line}" in message
    assert f"„{field}“" in message and words in message


def test_syntax_error_and_missing_file(tmp_path):
    with pytest.raises(ProgrammeError) as err:
        load_programme(_write(tmp_path, "slots:\n\t- start: 1\n"))
    assert "Syntax" in str(err.value)
    with pytest.raises(UserInputError) as missing:
        load_programme(tmp_path / "fehlt.yaml")
    assert missing.value.key == "fair.unreadable" and "fehlt.yaml" in str(missing.value)


def test_slot_and_date_formats():
    berlin = ZoneInfo("Europe/Berlin")
    start = dt.datetime(2026, 7, 15, 7, 0, tzinfo=dt.timezone.utc)
    end = start + dt.timedelta(minutes=45)
    assert format_slot(start, end, berlin, "de") == "Mi 15.07., 09:00–09:45"
    assert format_slot(start, end, berlin, "en") == "Wed 15 Jul, 09:00–09:45"
    assert format_slot(start, start + dt.timedelta(hours=20), berlin, "de") == \
        "Mi 15.07., 09:00–16.07.2026 05:00"
    assert format_date(dt.date(2026, 8, 1), "de") == "01.08.2026"
    assert format_date(dt.date(2026, 8, 1), "en") == "1 Aug 2026"
