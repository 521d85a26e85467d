"""Numbers in German and English text: the one place that formats them.

German writes a decimal comma ("2,00 €", "1,5 Sekunden"), a point or a space between thousands,
a space before the percent sign ("70 %") and times of day with a colon ("14:30 Uhr"). Every
German text machmal produces goes through here:

* :func:`format_number`, :func:`format_unit`, :func:`format_money`, :func:`format_clock` for
  code that builds text;
* :func:`localise_params` wraps the numbers of a message (:func:`toolkit.messages.t` calls it),
  so a message template ``"{duration:.1f} s"`` renders "12,5 s" in German and "12.5 s" in
  English without changing the template;
* :func:`german_digits` rewrites numbers recognised in German speech ("2.50 Euro" ->
  "2,50 Euro", "14.30 Uhr" -> "14:30 Uhr"); the digits themselves are always kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

CURRENCY: Final = frozenset({"€", "euro", "eur", "cent", "$", "dollar", "franken", "chf"})
UNITS: Final = frozenset({
    "%", "prozent", "s", "sek", "sekunde", "sekunden", "min", "minute", "minuten", "h",
    "stunde", "stunden", "tag", "tage", "tagen", "woche", "wochen", "monat", "monate",
    "monaten", "jahr", "jahre", "jahren", "mm", "cm", "m", "meter", "km", "kilometer", "g",
    "gramm", "kg", "kilo", "kilogramm", "t", "tonnen", "l", "liter", "ml", "grad", "°", "°c",
    "kw", "kilowatt", "w", "watt", "v", "volt", "a", "ampere", "bar", "lufs", "db", "dbtp",
    "mb", "gb", "fps", "px",
}) | CURRENCY
_DECIMAL = re.compile(r"(?<![\d.,])(\d+)\.(\d{1,2})(?![\d.])")
_CLOCK = re.compile(r"^(\d{1,2})[.:](\d{2})$")
_PUNCT: Final = " .,;:!?\"'()[]„“”‚‘’»«–-"
_EDGE = re.compile(r"^(\W*)(.*?)([^\w%€$°]*)$", re.S)


def _lang(lang: str | None) -> str:
    if lang is None:
        from toolkit.messages import language

        return language()
    return lang


def german(text: str) -> str:
    """Python's English number text ("1,234.5", "70%") in German style ("1.234,5", "70 %")."""
    swapped = text.translate(str.maketrans({",": ".", ".": ","}))
    return re.sub(r"(?<=\d)%", "\u00a0%", swapped)


def format_number(value: float, decimals: int | None = None, *, lang: str | None = None,
                  group: bool = False) -> str:
    """A number as text: ``format_number(2, 2)`` -> "2,00" (German) / "2.00" (English).

    Args:
        value: The number.
        decimals: Digits after the decimal sign (None: as few as needed, like ``:g``).
        lang: ``de`` or ``en`` (default: the active message language).
        group: Separate thousands ("12.500" / "12,500").
    """
    sep = "," if group else ""
    text = f"{value:{sep}.{decimals}f}" if decimals is not None else f"{value:{sep}g}"
    return german(text) if _lang(lang) == "de" else text


def format_unit(value: float, unit: str, decimals: int | None = None, *,
                lang: str | None = None) -> str:
    """Number and unit with a no-break space: "1,5 s", "-14,0 LUFS"."""
    return f"{format_number(value, decimals, lang=lang)}\u00a0{unit}"


def format_money(value: float, *, lang: str | None = None) -> str:
    """An amount in euros: "2,00 €" (German), "€2.00" (English)."""
    if _lang(lang) == "de":
        return f"{format_number(value, 2, lang='de', group=True)}\u00a0€"
    return f"€{format_number(value, 2, lang='en', group=True)}"


def format_clock(hours: int, minutes: int = 0, *, lang: str | None = None) -> str:
    """A time of day: "14:30 Uhr" (German), "14:30" (English)."""
    text = f"{hours:d}:{minutes:02d}"
    return f"{text} Uhr" if _lang(lang) == "de" else text


class LocalNumber:
    """A number that formats itself in German or English style inside ``str.format``."""

    __slots__ = ("value", "lang")

    def __init__(self, value: float, lang: str) -> None:
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        text = format(self.value, spec)
        return german(text) if self.lang == "de" else text

    def __str__(self) -> str:
        return self.__format__("")

    def __repr__(self) -> str:
        return f"LocalNumber({self.value!r}, {self.lang!r})"


def localise_params(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Message parameters with int/float values wrapped so they format in ``lang``'s style.

    Whole numbers (``int``) are left alone, so years, counts and exit codes read as written.
    """
    if lang != "de":
        return dict(params)
    return {k: LocalNumber(v, lang) if isinstance(v, float) else v for k, v in params.items()}


def german_digits(tokens: list[str]) -> list[str]:
    """Recognised German words with numbers in German style; the digits stay digits.

    "2.50" before a currency or unit becomes "2,50" ("2.50€" too); "14.30" before "Uhr" becomes
    "14:30"; three digits after a point are a thousands separator ("2.500 Euro") and stay.
    """
    out = list(tokens)
    for i, tok in enumerate(out):
        lead, core, tail = _EDGE.match(tok).groups()  # type: ignore[union-attr]
        nxt = out[i + 1].strip(_PUNCT).casefold() if i + 1 < len(out) else ""
        clock = _CLOCK.match(core)
        if clock and nxt == "uhr" and int(clock.group(1)) < 24:
            out[i] = f"{lead}{clock.group(1)}:{clock.group(2)}{tail}"
            continue
        unit = next((u for u in sorted(UNITS, key=len, reverse=True)
                     if core.casefold().endswith(u) and core[:-len(u)][-1:].isdigit()), "")
        if unit or nxt in UNITS or tail.startswith(("%", "€")):
            number = core[:len(core) - len(unit)] if unit else core
            out[i] = lead + _DECIMAL.sub(r"\1,\2", number) + core[len(number):] + tail
    return out
