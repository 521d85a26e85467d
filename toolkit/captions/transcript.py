"""The transcript: words with start, end and probability; JSON; edits; a content-hash cache.

A :class:`Transcript` is immutable plain data. Edits (:meth:`Transcript.replace_word`,
:meth:`~Transcript.merge_words`, :meth:`~Transcript.split_word`, :meth:`~Transcript.delete_word`)
return a new transcript, so the app can offer undo and nothing is re-transcribed. Words are flagged
for review with a reason: ``low_confidence`` (recognition probability below ``review_threshold``),
``glossary`` (spelled by the glossary correction) or ``script`` (text from a known script that the
recognition did not confirm). The JSON carries ``review`` and ``reasons`` per word, so the
studio's Subtitles page can say why a word should be checked.

Transcripts are cached by (content hash of the audio file, model identity, recognition options) in
``<cache>/transcripts/<key>.json`` (see :func:`cache_key`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from toolkit.atomic import atomic_write_text
from toolkit.errors import UserInputError
from toolkit.messages import register, t

register({
    "captions.transcript_invalid": (
        "{path}: Das ist keine gültige machmal-Transkriptdatei ({detail}).",
        "{path}: this is not a valid machmal transcript file ({detail}).",
    ),
    "captions.word_index": (
        "Wort Nummer {index} gibt es nicht (das Transkript hat {count} Wörter).",
        "There is no word number {index} (the transcript has {count} words).",
    ),
})

SCHEMA: Final = "machmal.transcript/1"
DEFAULT_REVIEW_THRESHOLD: Final = 0.5
REASON_LOW_CONFIDENCE: Final = "low_confidence"
REASON_GLOSSARY: Final = "glossary"
REASON_SCRIPT: Final = "script"
REVIEW_REASONS: Final = (REASON_LOW_CONFIDENCE, REASON_GLOSSARY, REASON_SCRIPT)


def nfc(text: str) -> str:
    """NFC-normalise ``text`` (umlauts as one code point, as every output must carry them)."""
    return unicodedata.normalize("NFC", text)


def normalise(text: str) -> str:
    """Lower case, punctuation removed, spaces collapsed (for phrase and WER comparisons)."""
    text = nfc(text).casefold().replace("-", " ")
    text = re.sub(r"[^\w\s']|_", " ", text).replace("'", "")
    return " ".join(text.split())


@dataclass(frozen=True)
class Word:
    """One recognised (or edited) word.

    Attributes:
        text: The word as shown, with attached punctuation (``"Hallo,"``).
        start: Start time in seconds.
        end: End time in seconds.
        probability: Recognition confidence 0..1 (1.0 for typed or edited words).
        reason: Why the word was changed after recognition and should be checked
            (``glossary``, ``script``), or empty.
        speaker: Who says it (a person's name), or empty when unknown.
    """

    text: str
    start: float
    end: float
    probability: float = 1.0
    reason: str = ""
    speaker: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "start": round(self.start, 3),
                                "end": round(self.end, 3),
                                "probability": round(self.probability, 4)}
        if self.reason:
            data["reason"] = self.reason
        if self.speaker:
            data["speaker"] = self.speaker
        return data

    def review_reasons(self, threshold: float = DEFAULT_REVIEW_THRESHOLD) -> list[str]:
        """Why this word should be checked (empty: it need not be)."""
        reasons = [REASON_LOW_CONFIDENCE] if self.probability < threshold else []
        return reasons + ([self.reason] if self.reason else [])


@dataclass(frozen=True)
class Notice:
    """A warning attached to a result (rendered in the user's language on demand)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Transcript:
    """Words of one audio file plus how they were made.

    Attributes:
        words: The words in time order.
        language: Language code of the speech (``de``, ``en`` ...).
        duration: Length of the audio in seconds.
        language_probability: Confidence of the language (1.0 when it was given).
        source: File name the words came from.
        source_hash: SHA-256 of the source file's content.
        model: Model name used.
        options: Recognition options used (for the record and the cache).
        warnings: Notices such as an uncertain language detection.
        review_threshold: Words below this probability are flagged for review.
    """

    words: tuple[Word, ...]
    language: str = "de"
    duration: float = 0.0
    language_probability: float = 1.0
    source: str = ""
    source_hash: str = ""
    model: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[Notice, ...] = ()
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD

    @property
    def text(self) -> str:
        """All words joined by spaces."""
        return " ".join(w.text for w in self.words)

    def needs_review(self, threshold: float | None = None) -> list[int]:
        """Indices of words to check: probability below ``threshold`` (default: the stored
        one), or changed by the glossary or a script."""
        limit = self.review_threshold if threshold is None else threshold
        return [i for i, w in enumerate(self.words) if w.review_reasons(limit)]

    def with_words(self, words: Iterable[Word]) -> Transcript:
        """A copy with other words (NFC-normalised, sorted by start time)."""
        clean = [dataclasses.replace(w, text=nfc(w.text)) for w in words if w.text.strip()]
        clean.sort(key=lambda w: (w.start, w.end))
        return dataclasses.replace(self, words=tuple(clean))

    def replace_word(self, index: int, text: str) -> Transcript:
        """Replace the text of word ``index`` (marks it as certain)."""
        self._check(index)
        words = list(self.words)
        words[index] = dataclasses.replace(words[index], text=nfc(text.strip()),
                                           probability=1.0, reason="")
        if not words[index].text:
            del words[index]
        return self.with_words(words)

    def delete_word(self, index: int) -> Transcript:
        """Remove word ``index``."""
        self._check(index)
        return self.with_words(w for i, w in enumerate(self.words) if i != index)

    def merge_words(self, first: int, last: int, text: str | None = None) -> Transcript:
        """Merge words ``first``..``last`` (inclusive) into one word.

        Args:
            first: Index of the first word.
            last: Index of the last word.
            text: The merged text (default: the words joined without spaces).
        """
        self._check(first)
        self._check(last)
        first, last = min(first, last), max(first, last)
        span = self.words[first:last + 1]
        merged = Word(text=text if text is not None else "".join(w.text for w in span),
                      start=span[0].start, end=max(w.end for w in span),
                      probability=min(w.probability for w in span) if text is None else 1.0,
                      reason=next((w.reason for w in span if w.reason), "")
                      if text is None else "")
        return self.with_words([*self.words[:first], merged, *self.words[last + 1:]])

    def split_word(self, index: int, parts: Sequence[str] | None = None) -> Transcript:
        """Split word ``index`` into ``parts`` (default: at spaces and hyphens kept).

        The word's time is shared in proportion to the parts' lengths.
        """
        self._check(index)
        word = self.words[index]
        texts = [p for p in (parts if parts is not None else word.text.split()) if p.strip()]
        if len(texts) < 2:
            return self
        pieces = [dataclasses.replace(p, reason=word.reason)
                  for p in spread(texts, word.start, word.end, word.probability)]
        return self.with_words([*self.words[:index], *pieces, *self.words[index + 1:]])

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.words):
            raise UserInputError("captions.word_index", index=index, count=len(self.words))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view (``review`` and ``reasons`` say which words to check and why)."""
        return {
            "schema": SCHEMA, "language": self.language,
            "language_probability": round(self.language_probability, 4),
            "duration": round(self.duration, 3), "source": self.source,
            "source_hash": self.source_hash, "model": self.model, "options": self.options,
            "review_threshold": self.review_threshold,
            "warnings": [{"key": n.key, "params": n.params, "message": n.message()}
                         for n in self.warnings],
            "text": self.text,
            "words": [_word_json(w, self.review_threshold) for w in self.words],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Rebuild a transcript from :meth:`to_dict` output (extra keys are ignored)."""
        words = tuple(Word(text=nfc(str(w["text"])), start=float(w["start"]),
                           end=float(w["end"]), probability=float(w.get("probability", 1.0)),
                           reason=_reason(w.get("reason")),
                           speaker=str(w.get("speaker") or ""))
                      for w in data["words"])
        return cls(words=words, language=str(data.get("language", "de")),
                   duration=float(data.get("duration", 0.0)),
                   language_probability=float(data.get("language_probability", 1.0)),
                   source=str(data.get("source", "")),
                   source_hash=str(data.get("source_hash", "")),
                   model=str(data.get("model", "")), options=dict(data.get("options", {})),
                   warnings=tuple(Notice(n["key"], dict(n.get("params", {})))
                                  for n in data.get("warnings", [])),
                   review_threshold=float(data.get("review_threshold",
                                                   DEFAULT_REVIEW_THRESHOLD)))

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the transcript as UTF-8 JSON, atomically."""
        return atomic_write_text(path, nfc(json.dumps(self.to_dict(), ensure_ascii=False,
                                                      indent=1)))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Transcript:
        """Read a transcript written by :meth:`save`.

        Raises:
            UserInputError: The file is missing or not a transcript.
        """
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA:
                raise ValueError(f"schema {data.get('schema')!r}")
            return cls.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UserInputError("captions.transcript_invalid", path=str(p),
                                 detail=str(exc)[:200]) from exc


def _word_json(word: Word, threshold: float) -> dict[str, Any]:
    reasons = word.review_reasons(threshold)
    return {**word.to_dict(), "review": bool(reasons), "reasons": reasons}


def _reason(value: Any) -> str:
    """A stored review reason (unknown values are dropped)."""
    return str(value) if value in (REASON_GLOSSARY, REASON_SCRIPT) else ""


def spread(texts: Sequence[str], start: float, end: float,
           probability: float = 1.0) -> list[Word]:
    """Words for ``texts`` sharing ``start``..``end`` in proportion to their lengths."""
    total = sum(max(1, len(x)) for x in texts)
    out, cursor = [], start
    for i, text in enumerate(texts):
        share = (end - start) * max(1, len(text)) / total
        stop = end if i == len(texts) - 1 else cursor + share
        out.append(Word(text=nfc(text), start=cursor, end=stop, probability=probability))
        cursor = stop
    return out


def cache_key(content_hash: str, model_identity: str, options: dict[str, Any]) -> str:
    """The cache key of a transcript: content hash + model + options."""
    blob = json.dumps([content_hash, model_identity, options], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


class TranscriptCache:
    """Transcripts on disk, one JSON file per :func:`cache_key`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get(self, key: str) -> Transcript | None:
        """The cached transcript for ``key``, or None (a broken entry counts as missing)."""
        try:
            return Transcript.load(self.root / f"{key}.json")
        except UserInputError:
            return None

    def put(self, key: str, transcript: Transcript) -> Path:
        """Store ``transcript`` under ``key`` (atomic; concurrent writers are harmless)."""
        return transcript.save(self.root / f"{key}.json")
