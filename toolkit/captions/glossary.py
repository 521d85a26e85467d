"""The user's glossary: terms that correct near-misses after recognition, and replacements.

A glossary is a small file the user keeps per company or project, either plain text::

    # one entry per line; "falsch -> richtig" is a replacement
    Mechatronikerin
    Autohaus Meier
    Bombongs -> Bonbons

or YAML::

    hotwords: [Mechatronikerin, Autohaus Meier]
    names: [Anna Schmidt]
    replacements: {Bombongs: Bonbons}

Terms (``hotwords`` and ``names``) are NOT given to the decoder: a biased decoder appends them
where nobody said them. Recognition runs without them and :mod:`toolkit.captions.correct` then
spells near-misses the way the glossary does (flagged ``glossary`` for review). Multi-word terms
and names are also kept together by the line breaker. Replacements fix what recognition still
gets wrong; they match whole words, case-insensitively, and may span several words
(``"T Rex" -> "T-Rex"``).

A glossary is refused with a clear message when it is empty, not text (binary), longer than
:data:`MAX_TERMS` entries, or when an entry holds markup (``{\\b1}``, ``<b>``): captions are
burned into videos, so markup must never reach them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from toolkit.captions.transcript import Word, nfc, spread
from toolkit.errors import UserInputError
from toolkit.messages import register

register({
    "captions.glossary_invalid": (
        "{path}: Das Glossar lässt sich nicht lesen ({detail}). Erwartet wird eine Textdatei "
        "(ein Wort je Zeile, „falsch -> richtig“ für Ersetzungen) oder YAML mit hotwords, "
        "names und replacements.",
        "{path}: the glossary cannot be read ({detail}). Expected a text file (one word per "
        "line, 'wrong -> right' for replacements) or YAML with hotwords, names and "
        "replacements.",
    ),
    "captions.glossary_empty": (
        "{path}: Das Glossar enthält keine Einträge. Bitte je Zeile ein Wort oder einen Namen "
        "eintragen (oder die Option --glossary weglassen).",
        "{path}: the glossary has no entries. Please put one word or name per line (or leave "
        "out --glossary).",
    ),
    "captions.glossary_too_long": (
        "{path}: Das Glossar hat {count} Einträge, erlaubt sind höchstens {limit}. Ein Glossar "
        "soll die Namen und Fachwörter eines Betriebs enthalten, kein Wörterbuch; bitte "
        "kürzen.",
        "{path}: the glossary has {count} entries; at most {limit} are allowed. A glossary "
        "holds a company's names and trade words, not a dictionary; please shorten it.",
    ),
    "captions.glossary_binary": (
        "{path}: Das ist keine Textdatei ({detail}). Das Glossar muss eine UTF-8-Textdatei "
        "oder YAML sein.",
        "{path}: this is not a text file ({detail}). The glossary must be a UTF-8 text or "
        "YAML file.",
    ),
    "captions.glossary_markup": (
        "{path}, Zeile {line}: „{entry}“ enthält Steuerzeichen für Untertitel oder HTML "
        "({chars}). Bitte nur den Text des Wortes eintragen.",
        "{path}, line {line}: '{entry}' contains subtitle control characters or HTML "
        "({chars}). Please enter just the word's text.",
    ),
})

MAX_TERMS: Final = 2000
"""Most entries in a glossary (a company's names and trade words, not a dictionary)."""
MAX_BYTES: Final = 1 << 20
_MARKUP = re.compile(r"[{}<>\\\x00-\x08\x0b-\x1f]")
_ARROW = re.compile(r"\s*(?:->|=>|→)\s*")


@dataclass(frozen=True)
class Glossary:
    """Words that help recognition and fix its output.

    Attributes:
        hotwords: Words and names to bias recognition towards.
        names: Multi-word names that must never be split across lines.
        replacements: (wrong, right) pairs applied after recognition, in order.
    """

    hotwords: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    replacements: tuple[tuple[str, str], ...] = ()

    def merged(self, other: Glossary) -> Glossary:
        """This glossary plus ``other`` (duplicates dropped, order kept)."""
        return Glossary(hotwords=_unique((*self.hotwords, *other.hotwords)),
                        names=_unique((*self.names, *other.names)),
                        replacements=tuple(dict.fromkeys(
                            (*self.replacements, *other.replacements))))

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term the correction spells as written (hotwords and names)."""
        return _unique((*self.hotwords, *self.names))

    @property
    def protected_phrases(self) -> tuple[str, ...]:
        """Names and multi-word hotwords (the line breaker keeps them together)."""
        return _unique((*self.names, *(h for h in self.hotwords if " " in h.strip())))


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Read a glossary from a text or YAML file.

    Raises:
        UserInputError: The file is missing or malformed.
    """
    p = Path(path)
    text = _read_text(p)
    try:
        glossary = _from_yaml(text) if p.suffix.lower() in (".yaml", ".yml") \
            else _from_lines(text)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise UserInputError("captions.glossary_invalid", path=str(p),
                             detail=str(exc)[:200]) from exc
    return check_glossary(glossary, p, text)


def _read_text(p: Path) -> str:
    """The file as text; binary files and oversized files are refused."""
    try:
        if p.stat().st_size > MAX_BYTES:
            raise UserInputError("captions.glossary_too_long", path=str(p),
                                 count=f"> {MAX_TERMS}", limit=MAX_TERMS)
        data = p.read_bytes()
    except OSError as exc:
        raise UserInputError("captions.glossary_invalid", path=str(p),
                             detail=str(exc)[:200]) from exc
    if b"\x00" in data:
        raise UserInputError("captions.glossary_binary", path=str(p), detail="NUL bytes")
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UserInputError("captions.glossary_binary", path=str(p),
                             detail=f"no UTF-8 at byte {exc.start}") from exc


def check_glossary(glossary: Glossary, path: str | os.PathLike[str] = "<glossary>",
                   text: str = "") -> Glossary:
    """Refuse an empty or oversized glossary and entries with markup.

    Args:
        glossary: The parsed glossary.
        path: Where it came from (for the message).
        text: The file's text (to name the line of a bad entry).

    Raises:
        UserInputError: ``captions.glossary_empty``, ``captions.glossary_too_long`` or
            ``captions.glossary_markup``.
    """
    entries = [*glossary.terms, *(x for pair in glossary.replacements for x in pair)]
    if not entries:
        raise UserInputError("captions.glossary_empty", path=str(path))
    count = len(glossary.terms) + len(glossary.replacements)
    if count > MAX_TERMS:
        raise UserInputError("captions.glossary_too_long", path=str(path), count=count,
                             limit=MAX_TERMS)
    for entry in entries:
        bad = sorted(set(_MARKUP.findall(entry)))
        if bad:
            line = next((n for n, raw in enumerate(text.splitlines(), 1) if entry in raw), 0)
            raise UserInputError("captions.glossary_markup", path=str(path), line=line,
                                 entry=entry[:60], chars=" ".join(repr(c)[1:-1] for c in bad))
    return glossary


def _from_lines(text: str) -> Glossary:
    hotwords, replacements = [], []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = _ARROW.split(line, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            replacements.append((parts[0], parts[1]))
            hotwords.append(parts[1])
        else:
            hotwords.append(line)
    return Glossary(hotwords=_unique(hotwords), replacements=tuple(replacements))


def _from_yaml(text: str) -> Glossary:
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ValueError(str(exc).splitlines()[0]) from exc
    if isinstance(data, list):
        data = {"hotwords": data}
    if not isinstance(data, dict):
        raise ValueError("expected a mapping with hotwords, names, replacements")
    raw = data.get("replacements") or {}
    pairs = list(raw.items()) if isinstance(raw, dict) else [
        (r["from"], r["to"]) if isinstance(r, dict) else tuple(r) for r in raw]
    names = [str(n) for n in data.get("names") or []]
    hotwords = [str(h) for h in data.get("hotwords") or []] + names
    return Glossary(hotwords=_unique(hotwords), names=_unique(names),
                    replacements=tuple((str(a), str(b)) for a, b in pairs))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(nfc(i.strip()) for i in items if i and i.strip()))


def hotword_prompt(hotwords: Sequence[str], max_chars: int = 600) -> str | None:
    """Hotwords as the single string faster-whisper expects (None when there are none)."""
    out = ""
    for word in _unique(hotwords):
        if len(out) + len(word) + 1 > max_chars:
            break
        out = f"{out} {word}" if out else word
    return out or None


def apply_replacements(words: Sequence[Word],
                       replacements: Sequence[tuple[str, str]]) -> list[Word]:
    """Apply (wrong, right) replacements to recognised words.

    Single-word patterns replace whole words or parts of hyphenated words
    (``Schoko-Bombongs`` -> ``Schoko-Bonbons``); multi-word patterns replace runs of words, and
    the new words share the run's time. Punctuation around a match is kept.
    """
    out = list(words)
    for wrong, right in replacements:
        tokens = wrong.split()
        if not tokens:
            continue
        if len(tokens) == 1:
            pattern = re.compile(rf"(?<!\w){re.escape(tokens[0])}(?!\w)", re.IGNORECASE)
            out = [Word(pattern.sub(right, w.text), w.start, w.end,
                        1.0 if pattern.search(w.text) else w.probability) for w in out]
        else:
            out = _replace_runs(out, tokens, right)
    return [w for w in out if w.text.strip()]


def _replace_runs(words: list[Word], tokens: list[str], right: str) -> list[Word]:
    body = r"\s+".join(re.escape(tok) for tok in tokens)
    pattern = re.compile(rf"(\W*){body}(\W*)", re.IGNORECASE)
    n, out, i = len(tokens), [], 0
    while i < len(words):
        window = words[i:i + n]
        match = pattern.fullmatch(" ".join(w.text for w in window)) if len(window) == n \
            else None
        if match:
            text = f"{match.group(1)}{right}{match.group(2)}"
            out.extend(spread(text.split(), window[0].start, window[-1].end))
            i += n
        else:
            out.append(words[i])
            i += 1
    return out
