"""Captions of an assembled video: each take transcribed once, moved onto the timeline.

Every take the timeline uses is transcribed once (the transcript cache of
:func:`toolkit.captions.transcribe.transcribe` makes later renders free); its words inside the
kept ranges are shifted to where those ranges play in the assembled video (after the title card,
after cuts and trims). The result is one transcript of the whole video, shaped per output size
and burned in by the existing ASS path (:class:`toolkit.captions.for_export.ExportCaptions`),
with SRT/VTT sidecars timed to the assembled video. Captions are shaped clip by clip, so no
caption runs across a cut into the next shot. A split screen plays the sound of both takes, so
both are captioned, a word both phones recorded only once (:mod:`toolkit.edit.split_words`).
Every word carries its speaker (the take's person, :mod:`toolkit.edit.speakers`): a caption
never mixes two people, it is drawn in its speaker's colour, and the WebVTT names the voice.
Each caption is moved off the faces the output shows while it is on screen
(:mod:`toolkit.edit.caption_faces`), unless the style is pinned.
A take whose transcript was reviewed and saved in the project (``work/transcripts/<take>.json``,
the studio's Subtitles page) uses those words instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.captions.for_export import ExportCaptions
from toolkit.captions.glossary import Glossary
from toolkit.edit.timeline import Timeline

ProgressFn = Callable[[float], None]


@dataclass
class TimelineCaptions(ExportCaptions):
    """:class:`ExportCaptions` of an assembled video, shaped per clip (see module docstring).

    Its faces come from ``faces_of``, set by the render once an output's look is known (None:
    captions stay where the style puts them).

    Attributes:
        spans: ``(start, end)`` of every clip with speech, in assembled-video seconds.
    """

    spans: tuple[tuple[float, float], ...] = ()

    def track(self, width: int, height: int, mode: str = "lines") -> Any:
        """Captions for a ``width`` x ``height`` frame; none crosses a cut."""
        from toolkit.captions.shaping import CaptionTrack, ShapingRules, shape

        rules = ShapingRules.for_frame(width, height, mode, names=self.names,
                                       language=self.transcript.language[:2],
                                       **({"max_words": self.style.max_words}
                                          if mode == "words" else {}))
        events: list[Any] = []
        for start, end in self.spans:
            words = [w for w in self.transcript.words if start <= w.start < end]
            if words:
                events += shape(words, rules, end).events
        return CaptionTrack(tuple(events), rules.mode, rules.language)


def shift_words(words: Any, ranges: Any, at: float, speaker: str = "") -> list[Any]:
    """Words of a take inside ``ranges`` (source seconds), moved to start at ``at``.

    A word belongs to the range its middle falls in (so a word dropped on the transcript, whose
    cut lies in the silences around it, is left out even when its times lead or lag the voice a
    little); its start and end are kept inside that range. A ``speaker`` given marks every word
    as said by that person.
    """
    import dataclasses

    out, t = [], at
    for r in ranges:
        for w in words:
            if r.start <= (w.start + w.end) / 2 < r.end:
                start, end = max(w.start, r.start), min(w.end, r.end)
                out.append(dataclasses.replace(w, start=round(start - r.start + t, 3),
                                               end=round(end - r.start + t, 3),
                                               speaker=speaker or w.speaker))
        t += r.end - r.start
    return out


def timeline_transcript(timeline: Timeline, folder: Path, glossary: Glossary = Glossary(),
                        progress: ProgressFn | None = None, cancel: Any = None) -> Any:
    """One transcript of the assembled video (None when captions are off).

    A take reviewed in the studio gives its saved words; any other is transcribed and its
    words corrected with ``glossary`` (its terms and replacements).

    A clip's words are those of every source it plays sound from: a split screen mixes both
    takes, so both are captioned, each spoken word once (:func:`toolkit.edit.split_words.
    merge_heard`).
    """
    from toolkit.captions.transcribe import TranscribeOptions
    from toolkit.captions.transcript import Transcript
    from toolkit.edit.split_words import merge_heard

    if timeline.captions is None:
        return None
    options = TranscribeOptions(language=timeline.captions.language, hotwords=glossary.terms,
                                replacements=glossary.replacements)
    cache: dict[str, Any] = {}
    words: list[Any] = []
    clips = [c for c in timeline.clips if c.sources]
    for i, clip in enumerate(clips):
        heard: list[Any] = []
        for src in clip.sources:
            found = _take_words(src, folder, options, cache, cancel)
            if found is not None:
                shifted = shift_words(found, src.ranges, clip.start, src.speaker)
                heard = merge_heard(heard, shifted) if heard else shifted
        words += heard
        if progress is not None:
            progress((i + 1) / len(clips))
    return Transcript(words=tuple(words), language=timeline.captions.language[:2],
                      duration=timeline.duration, source=timeline.project)


def _take_words(src: Any, folder: Path, options: Any, cache: dict[str, Any],
                cancel: Any) -> Any:
    """The words of a source's take (reviewed ones first), None when it has no sound."""
    from toolkit.captions.transcribe import transcribe
    from toolkit.captions.transcript import Transcript
    from toolkit.edit.plan import resolve_file
    from toolkit.media.probe import probe

    if src.file not in cache:
        path = resolve_file(folder, src.file)
        reviewed = folder / "work" / "transcripts" / f"{src.take}.json"
        if not probe(path).has_audio:  # not heard: the render plays no sound from it
            cache[src.file] = None
        elif reviewed.is_file():
            cache[src.file] = Transcript.load(reviewed).words
        else:
            cache[src.file] = transcribe(path, options, cancel=cancel).words
    return cache[src.file]


def export_captions(timeline: Timeline, folder: Path, work: Path,
                    glossary: Glossary = Glossary(), cancel: Any = None) -> Any:
    """The :class:`TimelineCaptions` of the video (None: captions off); ``glossary``: see
    :func:`timeline_transcript` (its names are never split across lines)."""
    from toolkit.captions.styles import load_style

    transcript = timeline_transcript(timeline, folder, glossary, cancel=cancel)
    if transcript is None or timeline.captions is None:
        return None
    spans = tuple((c.start, c.end) for c in timeline.clips if c.sources)
    return TimelineCaptions(transcript, load_style(timeline.captions.style),
                            names=glossary.protected_phrases,
                            brand=timeline.brand, workdir=work, spans=spans,
                            voices=dict(timeline.voices))
