"""Captions for a multi-platform export: one transcript, shaped per output size.

The media engine asks for an ASS file per output size (``subtitles(width, height)``); each size
gets captions shaped for its frame (28 characters per line vertical, 42 landscape), shifted to
the export's trim window, so burn-in stays inside the export's single ffmpeg pass. Sidecar
SRT/VTT files are written beside each platform's MP4.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.captions.burn import SubtitleFactory, ass_writer
from toolkit.captions.formats import write_subtitles
from toolkit.captions.glossary import Glossary
from toolkit.captions.placement import FaceTrack
from toolkit.captions.shaping import CaptionTrack, ShapingRules, shape
from toolkit.captions.styles import CaptionStyle
from toolkit.captions.transcript import Transcript
from toolkit.messages import register

register({
    "captions.no_speech": (
        "Untertitel: Im Video wird nichts gesprochen – keine Untertitel eingebrannt, keine "
        "SRT/VTT-Dateien geschrieben.",
        "Captions: nothing is said in the video – no captions burned in, no SRT/VTT files "
        "written.",
    ),
})


@dataclass
class ExportCaptions:
    """Captions of one source for every output of an export.

    Attributes:
        transcript: Words with times of the SOURCE.
        style: Caption style (brand already applied or via ``brand``).
        start: Trim start of the export in source seconds.
        end: Trim end in source seconds (None: to the end).
        names: Phrases never split across lines (people, company).
        brand: Brand kit overriding the style's colours and font.
        workdir: Folder for the ASS files (default: a new temporary folder).
        voices: Caption colour per speaker (name -> ``#RRGGBB``, see ``Word.speaker``).
        faces_of: ``(width, height) -> FaceTrack`` of the rendered picture in that output, set
            by the render (:func:`toolkit.edit.run.execute_plan`) once an output's look is
            known, from the analysis it already made; captions then move off those faces
            (unless the style is pinned). None: they stay where the style puts them.
        sidecars: Write SRT/VTT beside each video (``machmal subtitle --burn`` writes the
            caption files the user asked for itself, so it turns them off).
    """

    transcript: Transcript
    style: CaptionStyle
    start: float = 0.0
    end: float | None = None
    names: tuple[str, ...] = ()
    brand: Any = None
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="machmal-")))
    voices: dict[str, str] = field(default_factory=dict)
    faces_of: Callable[[int, int], FaceTrack] | None = None
    sidecars: bool = True

    @property
    def moves_off_faces(self) -> bool:
        """The captions are placed off the faces of each output (the style is not pinned)."""
        return not self.style.pinned

    def faces(self, width: int, height: int) -> FaceTrack | None:
        """Faces in a ``width`` x ``height`` output during the export's window (or None)."""
        if self.style.pinned or self.faces_of is None:
            return None
        return self.faces_of(width, height)

    def track(self, width: int, height: int, mode: str = "lines") -> CaptionTrack:
        """Captions shaped for a ``width`` x ``height`` frame, timed like the exported video."""
        rules = ShapingRules.for_frame(width, height, mode, names=self.names,
                                       language=self.transcript.language[:2],
                                       **({"max_words": self.style.max_words}
                                          if mode == "words" else {}))
        shaped = shape(self.transcript.words, rules, self.transcript.duration or None)
        return shaped.window(self.start, self.end)

    def speaks(self) -> bool:
        """Anything is said in the exported window (else there is nothing to caption)."""
        return bool(self.track(1080, 1920).events)

    def subtitles(self) -> SubtitleFactory:
        """The ``(width, height) -> ASS path`` callable the export burns in."""
        return ass_writer(lambda w, h: self.track(w, h, self.style.mode), self.style,
                          self.brand, self.workdir, self.faces, self.voices)

    def write_sidecars(self, video: Path, width: int, height: int) -> list[Path]:
        """Write ``<video>.srt`` and ``<video>.vtt`` (plain lines) beside an exported video.

        None are written when :attr:`sidecars` is off or nothing is said (empty files would
        only look like a failure; the check report says so instead, ``captions.no_speech``).
        """
        track = self.track(width, height, "lines")
        if not self.sidecars or not track.events:
            return []
        written = []
        for suffix in (".srt", ".vtt"):
            target = video.with_suffix(suffix)
            write_subtitles(track, target, style=self.style, size=(width, height),
                            voices=self.voices)
            written.append(target)
        return written


@dataclass(frozen=True)
class GivenSubtitles:
    """Hand-made subtitles (``--ass``): burned in as they are, never moved, no sidecars.

    Attributes:
        factory: ``(width, height) -> ASS file`` for an output of that size.
        fonts: Fonts folder for libass (None: the bundled fonts).
    """

    factory: SubtitleFactory
    fonts: Path | None = None
    moves_off_faces = False
    faces_of = None

    def subtitles(self) -> SubtitleFactory:
        """The ``(width, height) -> ASS path`` callable the render burns in."""
        return self.factory

    def speaks(self) -> bool:
        """Hand-made subtitles are taken to have text."""
        return True

    def write_sidecars(self, video: Path, width: int, height: int) -> list[Path]:
        """No sidecars: the captions' text is not known."""
        return []


def given_ass(path: Path | None, fonts: Path | None = None) -> GivenSubtitles | None:
    """A hand-made ASS file (made for the target size) as :class:`GivenSubtitles` (None: none)."""
    if path is None:
        return None
    return GivenSubtitles(lambda _w, _h: Path(path), fonts)


def prepare_export_captions(src: Path, style: str, lang: str = "de",
                            glossary: Glossary | None = None, start: float | None = None,
                            end: float | None = None, progress: Any = None,
                            cancel: Any = None) -> ExportCaptions:
    """Transcribe ``src`` (cached) and prepare its captions for every export size.

    Args:
        src: The source video.
        style: Caption style name or YAML file.
        lang: Language of the recording.
        glossary: The glossary (hotwords, replacements, protected names; see
            :func:`~toolkit.captions.glossary.load_glossary`).
        start: Trim start of the export in source seconds.
        end: Trim end in source seconds.
        progress: Transcription progress callback (0..1).
        cancel: Stops transcription (``threading.Event``).

    The render moves the captions off the faces of each output (see ``faces_of``).
    """
    from toolkit.captions.styles import load_style
    from toolkit.captions.transcribe import TranscribeOptions, transcribe

    terms = glossary if glossary is not None else Glossary()
    caption_style = load_style(style)
    options = TranscribeOptions(language=lang, hotwords=terms.terms,
                                replacements=terms.replacements)
    transcript = transcribe(src, options, progress=progress, cancel=cancel)
    return ExportCaptions(transcript, caption_style, start=start or 0.0, end=end,
                          names=tuple(terms.protected_phrases))
