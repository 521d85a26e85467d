"""German numbers: decimal comma, "14:30 Uhr", digits kept; no "2.00" in any German message."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string

import pytest

import toolkit
from toolkit.messages import _CATALOGUE, t
from toolkit.numbers import (
    format_clock,
    format_money,
    format_number,
    format_unit,
    german_digits,
    localise_params,
)


def test_formatting_helpers():
    assert format_number(2, 2, lang="de") == "2,00" and format_number(2, 2, lang="en") == "2.00"
    assert format_number(12500.5, 1, lang="de", group=True) == "12.500,5"
    assert format_unit(1.5, "Sekunden", lang="de") == "1,5\u00a0Sekunden"
    assert format_money(2, lang="de") == "2,00\u00a0€" and format_money(2, lang="en") == "€2.00"
    assert format_clock(14, 30, lang="de") == "14:30 Uhr" and format_clock(9, 5, lang="en") == "9:05"


@pytest.mark.parametrize("said, shown", [
    ("Das kostet 2.00 € pro Stück.", "Das kostet 2,00 € pro Stück."),
    ("Das kostet 2.50€.", "Das kostet 2,50€."),
    ("Es dauert 1.5 Sekunden", "Es dauert 1,5 Sekunden"),
    ("Wir starten um 14.30 Uhr!", "Wir starten um 14:30 Uhr!"),
    ("Meine Lieblingszahl ist 268.", "Meine Lieblingszahl ist 268."),
    ("Das Gehalt liegt bei 2.500 Euro", "Das Gehalt liegt bei 2.500 Euro"),
    ("Version 3.5 ist neu", "Version 3.5 ist neu"),
    ("zu 99.9% sicher", "zu 99,9% sicher"),
])
def test_recognised_numbers_are_written_the_german_way(said, shown):
    assert " ".join(german_digits(said.split())) == shown


def test_message_numbers_follow_the_language():
    params = localise_params({"duration": 12.5, "count": 3, "name": "x"}, "de")
    assert f"{params['duration']:.2f} s" == "12,50 s" and params["count"] == 3
    assert localise_params({"duration": 12.5}, "en") == {"duration": 12.5}


def _all_modules() -> None:
    for info in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # optional parts (e.g. a missing extra) do not hide the rest
            continue


def test_no_german_message_prints_a_decimal_point():
    _all_modules()
    checked = 0
    for key, (german, _english) in _CATALOGUE.items():
        fields = {f for _, f, spec, _ in string.Formatter().parse(german) if f}
        if not fields:
            continue
        params = {f.split(".")[0].split("[")[0]: 1234.5678 for f in fields}
        try:
            text = german.format(**localise_params(params, "de"))
        except (ValueError, KeyError, IndexError):
            continue  # a field needs another type (a whole number, a string)
        checked += 1
        assert not re.search(r"\d\.\d", text), f"{key}: {text}"
    assert checked > 20


def test_t_renders_german_numbers():
    import toolkit.captions.transcribe  # noqa: F401  (registers the message)

    text = t("captions.language_uncertain", "de", language="la", probability=0.42)
    assert "42\u00a0%" in text
    assert "42%" in t("captions.language_uncertain", "en", language="la", probability=0.42)
