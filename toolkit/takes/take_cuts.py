"""Text-based trimming of a project's take: dropped words -> the take's cuts, saved in the project.

The words come from the take's transcript (``work/transcripts/<take>.json``, see
:mod:`toolkit.takes.take_captions`); the cuts are derived and snapped to silence by
:mod:`toolkit.captions.word_cuts` from the take's own audio, *outside* the project's lock, and
saved as plain data on the take (``Take.word_cut``) by one locked edit, so the project's history
and Undo cover them as every other edit. The render (:mod:`toolkit.edit.from_project`) and the
captions follow the saved cuts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.captions.fillers import propose_drops
from toolkit.takes.take_captions import find_take, load_take_transcript, transcribe_take
from toolkit.captions.transcript import Transcript
from toolkit.captions.word_cuts import derive_cuts, dropped_words, kept_text, subtract
from toolkit.errors import MediaError, UserInputError
from toolkit.messages import register
from toolkit.project.model import Project, Take, WordCut
from toolkit.project.store import open_project, update_project
from toolkit.project.takes import take_range
from toolkit.project.trim_takes import chosen_take

register({
    "cut.no_transcript": (
        "Die Aufnahme {take} hat noch kein Transkript. Bitte zuerst auf der Seite „Untertitel“ "
        "transkribieren (machmal project cut-words transkribiert selbst).",
        "Take {take} has no transcript yet. Please transcribe it on the 'Subtitles' page first "
        "(machmal project cut-words transcribes by itself).",
    ),
    "cut.no_audio": (
        "Die Aufnahme {take} ({file}) hat keinen Ton; ohne Sprache lassen sich keine Wörter "
        "streichen.",
        "Take {take} ({file}) has no sound; without speech no words can be dropped.",
    ),
    "cut.nothing_left": (
        "Von der Aufnahme {take} (Shot „{shot}“) bleibt nach den gestrichenen Wörtern nichts "
        "übrig. Bitte auf der Seite „Untertitel“ Wörter wieder behalten oder den Ausschnitt "
        "der Aufnahme ändern.",
        "Nothing of take {take} (shot '{shot}') remains after the dropped words. Please keep "
        "some words again on the 'Subtitles' page or change the take's range.",
    ),
    "cut.unknown_shot": (
        "„{ref}“ ist weder ein Shot mit Aufnahme noch eine Aufnahme des Projekts. Vorhanden: "
        "{known}.",
        "'{ref}' is neither a shot with a take nor a take of the project. Available: {known}.",
    ),
})


@dataclass(frozen=True)
class TakeCut:
    """What dropping words does to a take.

    Attributes:
        take: The take id.
        dropped: 0-based indices of the dropped words.
        proposed: Index -> reason of the words proposed for dropping.
        cuts: Removed ranges in seconds of the recording.
        kept: Ranges of the recording still played (within the take's in/out points).
        text: The kept text.
    """

    take: str
    dropped: tuple[int, ...]
    proposed: dict[int, str] = field(default_factory=dict)
    cuts: tuple[tuple[float, float], ...] = ()
    kept: tuple[tuple[float, float], ...] = ()
    text: str = ""

    @property
    def seconds(self) -> float:
        """Length of what is still played."""
        return sum(e - s for s, e in self.kept)

    def to_dict(self) -> dict[str, Any]:
        return {"take": self.take, "dropped": [i + 1 for i in self.dropped],
                "proposed": {str(i + 1): r for i, r in self.proposed.items()},
                "cuts": [list(c) for c in self.cuts], "kept": [list(k) for k in self.kept],
                "seconds": round(self.seconds, 3), "text": self.text}


def resolve_take(project: Project, ref: str) -> Take:
    """The take meant by ``ref``: a take id, or a shot id (the take the render uses).

    Raises:
        ProjectError: Neither a take nor a shot with a take.
    """
    from toolkit.errors import ProjectError

    if ref in project.shots:
        take = chosen_take(project, ref)
        if take is not None:
            return take
    try:
        return find_take(project, ref)[1]
    except ProjectError:
        known = ", ".join(s for s, st in project.shots.items() if st.takes) or "–"
        raise ProjectError("cut.unknown_shot", ref=ref, known=known) from None


def _cuts(take: Take) -> list[list[float]]:
    """The saved cuts of the take's dropped words (none when no words are dropped)."""
    return take.word_cut.cuts if take.word_cut is not None else []


def kept_ranges(take: Take, ranges: Iterable[tuple[float, float]] | None = None
                ) -> list[tuple[float, float]]:
    """The parts of ``take`` a render plays: ``ranges`` (default: its in/out points) minus the
    cuts of its dropped words."""
    chosen = list(ranges) if ranges is not None else [take_range(take)]
    return subtract(chosen, _cuts(take))


def cut_seconds(take: Take, start: float, end: float) -> float:
    """Seconds of ``start``..``end`` that the take's dropped words cut away."""
    return sum(max(0.0, min(end, c1) - max(start, c0)) for c0, c1 in _cuts(take))


def played_ranges(take: Take, segments: Iterable[Any], duration: float,
                  shot: str = "") -> list[tuple[float, float]]:
    """The pieces of a take a render plays: the chosen ``segments`` (objects with ``start`` and
    ``end``: in/out points, auto-trim, a planned length) minus the dropped words' cuts.

    Raises:
        ProjectError: The cuts leave nothing of the chosen part.
    """
    from toolkit.errors import ProjectError

    chosen = [(s.start, min(s.end, duration)) for s in segments]
    kept = kept_ranges(take, chosen)
    if chosen and not kept:
        raise ProjectError("cut.nothing_left", shot=shot, take=take.id)
    return kept


def marked_words(take: Take, transcript: Transcript) -> list[int]:
    """Indices of the words the saved cuts drop (what the word table shows as struck)."""
    if take.word_cut is None:
        return []
    return dropped_words(transcript.words, take.word_cut.cuts)


def speech_of(project: Project, take: Take) -> Any:
    """The loudness evidence of the take's audio (:class:`~toolkit.captions.timing.
    SpeechEvidence`).

    Raises:
        MediaError: The take has no audio or cannot be decoded.
    """
    from toolkit.captions.timing import speech_evidence
    from toolkit.media.probe import probe
    from toolkit.media.silence import decode_mono

    path = project.folder / "media" / take.file
    if not probe(path).has_audio:
        raise MediaError("cut.no_audio", take=take.id, file=take.original_name)
    return speech_evidence(decode_mono(path, timeout=60.0 + take.duration))


def plan_word_cut(project: Project, take: Take, transcript: Transcript,
                  dropped: Iterable[int]) -> WordCut | None:
    """The :class:`WordCut` for dropping ``dropped`` (None when nothing is dropped).

    Raises:
        UserInputError: Every word would be dropped.
        MediaError: The take has no audio.
    """
    chosen = sorted({i for i in dropped if 0 <= i < len(transcript.words)})
    if not chosen:
        return None
    cuts = derive_cuts(transcript.words, chosen, take.duration, speech_of(project, take))
    return WordCut(words=chosen, cuts=[list(c) for c in cuts])


def set_word_cut(project: Project, take_id: str, cut: WordCut | None) -> Take:
    """Store ``cut`` on the take (the mutation of a locked project edit)."""
    _shot, take = find_take(project, take_id)
    take.word_cut = cut
    return take


def describe(take: Take, transcript: Transcript) -> TakeCut:
    """The take's current drops, proposals, cuts and kept text."""
    dropped = tuple(marked_words(take, transcript))
    return TakeCut(take=take.id, dropped=dropped, proposed=propose_drops(transcript.words),
                   cuts=tuple(tuple(c) for c in _cuts(take)),
                   kept=tuple(kept_ranges(take)), text=kept_text(transcript.words, dropped))


def take_transcript(project: Project, take: Take, *, transcribe: bool = False,
                    language: str = "de", progress: Callable[[float], None] | None = None
                    ) -> Transcript:
    """The take's saved transcript, made now if ``transcribe`` and there is none.

    Raises:
        UserInputError: No transcript and ``transcribe`` is False.
    """
    transcript = load_take_transcript(project, take.id)
    if transcript is not None:
        return transcript
    if not transcribe:
        raise UserInputError("cut.no_transcript", take=take.id)
    return transcribe_take(project, take.id, language=language, progress=progress)


def cut_words(project_ref: str, ref: str, *, drop: Iterable[int] | None = None,
              fillers: bool = False, workspace: Path | None = None, transcribe: bool = False,
              language: str = "de", expected_revision: int | None = None,
              progress: Callable[[float], None] | None = None) -> TakeCut:
    """Drop words of a take and save the cuts (one locked, undoable project edit).

    Args:
        project_ref: Project name or folder.
        ref: Shot id (its chosen take) or take id.
        drop: 0-based word indices to drop (None: keep the current drops); ``[]`` clears.
        fillers: Also drop every proposed word (fillers, repeats, false starts).
        workspace: Workspace folder.
        transcribe: Transcribe the take first when it has no transcript.
        language: Spoken language for that transcription.
        expected_revision: The revision the caller showed (stale edits are merged/refused).
        progress: Progress callback of the transcription.

    Raises:
        ProjectError: Unknown project, shot or take.
        UserInputError: No transcript, or every word dropped.
        MediaError: The take has no audio.
    """
    project = open_project(project_ref, workspace)
    take = resolve_take(project, ref)
    transcript = take_transcript(project, take, transcribe=transcribe, language=language,
                                 progress=progress)
    chosen = set(marked_words(take, transcript) if drop is None else drop)
    if fillers:
        chosen |= set(propose_drops(transcript.words))
    cut = plan_word_cut(project, take, transcript, chosen)
    saved = update_project(project_ref, lambda p: set_word_cut(p, take.id, cut),
                           workspace=workspace, expected_revision=expected_revision)
    return describe(saved, transcript)


def cut_rows(take: Take, transcript: Transcript, lang: str | None = None
             ) -> list[dict[str, Any]]:
    """The word table with two more columns: ``drop`` (the saved cuts drop the word) and
    ``proposal`` (why the word is proposed for dropping, '' when it is not)."""
    from toolkit.takes.take_captions import word_rows
    from toolkit.messages import t

    dropped = set(marked_words(take, transcript))
    proposed = propose_drops(transcript.words)
    return [{"drop": i in dropped, **row,
             "proposal": t(f"cut.reason.{proposed[i]}", lang) if i in proposed else ""}
            for i, row in enumerate(word_rows(transcript, lang))]


def with_proposals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with every proposed word marked for dropping."""
    return [{**row, "drop": bool(row.get("drop") or row.get("proposal"))} for row in rows]


def rows_dropped(transcript: Transcript, rows: Iterable[dict[str, Any]]) -> list[int]:
    """Indices of ``transcript``'s words whose table row is marked ``drop`` (the transcript
    made from the same rows by :func:`~toolkit.takes.take_captions.apply_rows`)."""
    marked = {(str(r.get("text") or "").strip(), round(float(r["start"]), 2),
               round(float(r["end"]), 2)) for r in rows if r.get("drop")}
    return [i for i, w in enumerate(transcript.words)
            if (w.text, round(w.start, 2), round(w.end, 2)) in marked]
