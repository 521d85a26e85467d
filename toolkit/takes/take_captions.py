"""Transcripts of a project's takes: made once, reviewed and edited, then used for captions.

A take's transcript lives in ``<project>/work/transcripts/<take id>.json`` (the format of
:meth:`Transcript.save`). The project's glossary is ``<project>/glossary.txt`` (one term per
line, ``falsch -> richtig`` for a replacement). Editing happens as a table of words
(:func:`word_rows` / :func:`apply_rows`), as the studio's Subtitles page shows it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.captions.glossary import Glossary, load_glossary
from toolkit.captions.transcript import Transcript, Word, nfc
from toolkit.errors import UserInputError
from toolkit.messages import register
from toolkit.atomic import atomic_write_bytes
from toolkit.project.model import Project
from toolkit.project.takes import find_take

register({
    "captions.bad_row": (
        "Zeile {row}: {detail}. Bitte Text eintragen und Start < Ende (Sekunden) angeben.",
        "Row {row}: {detail}. Please enter a text and start < end (seconds).",
    ),
    "captions.stage_transcribe": ("Sprache erkennen", "Recognising speech"),
    "captions.reason.low_confidence": ("unsicher erkannt", "low confidence"),
    "captions.reason.glossary": ("vom Glossar korrigiert", "corrected by the glossary"),
    "captions.reason.script": ("aus dem Skript", "from the script"),
})

GLOSSARY_FILE = "glossary.txt"


def transcript_file(project: Project, take_id: str) -> Path:
    """Where the transcript of ``take_id`` is kept."""
    return project.folder / "work" / "transcripts" / f"{take_id}.json"


def load_take_transcript(project: Project, take_id: str) -> Transcript | None:
    """The saved transcript of ``take_id`` (None when there is none yet)."""
    path = transcript_file(project, take_id)
    return Transcript.load(path) if path.is_file() else None


def save_take_transcript(project: Project, take_id: str, transcript: Transcript) -> Path:
    """Save (atomically) the transcript of ``take_id``."""
    path = transcript_file(project, take_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    return transcript.save(path)


def project_glossary_text(project: Project) -> str:
    """The project's glossary file as text ('' when there is none)."""
    path = project.folder / GLOSSARY_FILE
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def save_project_glossary(project: Project, text: str) -> Glossary:
    """Check and save the project's glossary (one term per line).

    Raises:
        UserInputError: The text is not a valid glossary (nothing is saved).
    """
    import tempfile

    if not text.strip():
        (project.folder / GLOSSARY_FILE).unlink(missing_ok=True)
        return Glossary()
    with tempfile.TemporaryDirectory(prefix="machmal-glossary-") as tmp:
        probe_file = Path(tmp) / GLOSSARY_FILE
        probe_file.write_text(text, encoding="utf-8")
        glossary = load_glossary(probe_file)
    atomic_write_bytes(project.folder / GLOSSARY_FILE, nfc(text).encode("utf-8"))
    return glossary


def project_glossary(project: Project) -> Glossary:
    """The user's glossary file of the project plus the project's own terms (people, company,
    trade, placeholders), as the captions of the project's render use them."""
    from toolkit.captions.project_terms import project_glossary as with_terms

    path = project.folder / GLOSSARY_FILE
    own = load_glossary(path) if path.is_file() and path.stat().st_size else None
    return with_terms(project, own)


def word_rows(transcript: Transcript, lang: str | None = None) -> list[dict[str, Any]]:
    """One row per word for a table editor: text, start, end, confidence and why to check it
    (low confidence, glossary correction, script alignment; '' when nothing is to check)."""
    from toolkit.messages import t

    return [{"text": w.text, "start": round(w.start, 2), "end": round(w.end, 2),
             "confidence": round(w.probability, 2),
             "check": ", ".join(t(f"captions.reason.{r}", lang)
                                for r in w.review_reasons(transcript.review_threshold))}
            for w in transcript.words]


def apply_rows(transcript: Transcript, rows: Sequence[dict[str, Any]]) -> Transcript:
    """The transcript with the words of an edited table (changed words count as certain).

    Raises:
        UserInputError: A row without text or with start >= end.
    """
    old = {(w.text, round(w.start, 2), round(w.end, 2)): w for w in transcript.words}
    words = []
    for number, row in enumerate(rows, start=1):
        text = str(row.get("text") or "").strip()
        try:
            start, end = float(row.get("start")), float(row.get("end"))
        except (TypeError, ValueError):
            raise UserInputError("captions.bad_row", row=number, detail="start/end") from None
        if not text or not (math.isfinite(start) and math.isfinite(end)) or start >= end:
            raise UserInputError("captions.bad_row", row=number, detail=text or "–")
        kept = old.get((text, round(start, 2), round(end, 2)))
        words.append(kept or Word(text=text, start=start, end=end, probability=1.0))
    return transcript.with_words(words)


def transcribe_take(project: Project, take_id: str, *, language: str = "de",
                    progress: Any = None, cancel: Any = None) -> Transcript:
    """Transcribe a take with the project's glossary and save the transcript.

    Raises:
        ProjectError: Unknown take.
        MediaError: The take has no audio or is unreadable.
        Cancelled: ``cancel`` was set.
    """
    from toolkit.captions.transcribe import TranscribeOptions, transcribe

    _shot, take = find_take(project, take_id)
    terms = project_glossary(project)
    options = TranscribeOptions(language=language, hotwords=terms.terms,
                                replacements=terms.replacements)
    transcript = transcribe(project.folder / "media" / take.file, options, progress=progress,
                            cancel=cancel)
    transcript = dataclasses.replace(transcript, source=take.file)
    save_take_transcript(project, take_id, transcript)
    return transcript
