"""Vocabulary help: hotwords for recognition and replacements applied after it.

A glossary is a small file the user keeps per company or project, either plain text::

    # one entry per line; "falsch -> richtig" is a replacement
    Mechatronikerin
    Autohaus Meier
    Bombongs -> Bonbons

or YAML::

    hotwords: [Mechatronikerin, Autohaus Meier]
    names: [Anna Schmidt]
    replacements: {Bombongs: Bonbons}

Hotwords bias Whisper towards the words (faster-whisper's ``hotwords``, cut at 223 tokens per
30 s window). Multi-word hotwords and names are also kept together by the line breaker.
Replacements fix what recognition still gets wrong; they match whole words, case-insensitively,
and may span several words (``"T Rex" -> "T-Rex"``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

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
})

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
    def protected_phrases(self) -> tuple[str, ...]:
        """Names and multi-word hotwords (the line breaker keeps them together)."""
        return _unique((*self.names, *(h for h in self.hotwords if " " in h.strip())))


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Read a glossary from a text or YAML file.

    Raises:
        UserInputError: The file is missing or malformed.
    """
    p = Path(path)
    try:
        text = nfc(p.read_text(encoding="utf-8-sig"))
        if p.suffix.lower() in (".yaml", ".yml"):
            return _from_yaml(text)
        return _from_lines(text)
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise UserInputError("captions.glossary_invalid", path=str(p),
                             detail=str(exc)[:200]) from exc


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
