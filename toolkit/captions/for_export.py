"""Captions for a multi-platform export: one transcript, shaped per output size.

The media engine asks for an ASS file per output size (``subtitles(width, height)``); each size
gets captions shaped for its frame (28 characters per line vertical, 42 landscape), shifted to
the export's trim window, so burn-in stays inside the export's single ffmpeg pass. Sidecar
SRT/VTT files are written beside each platform's MP4.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.captions.burn import SubtitleFactory, write_ass
from toolkit.captions.formats import write_subtitles
from toolkit.captions.placement import FaceTrack, detect_faces_in_output
from toolkit.captions.shaping import CaptionTrack, ShapingRules, shape
from toolkit.captions.styles import CaptionStyle
from toolkit.captions.transcript import Transcript


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
        source: The source video; when given, captions are moved off the faces detected in
            it (unless the style is pinned).
        mode: The export's fit (to map faces into each output frame; default ``smart``, as
            everywhere).
        speed: Camera speed of ``smart`` mode.
        layout: Layout of ``smart`` mode.
        voices: Caption colour per speaker (name -> ``#RRGGBB``, see ``Word.speaker``).
    """

    transcript: Transcript
    style: CaptionStyle
    start: float = 0.0
    end: float | None = None
    names: tuple[str, ...] = ()
    brand: Any = None
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="machmal-")))
    source: Path | None = None
    mode: str = "smart"
    speed: str = "default"
    layout: str = "auto"
    voices: dict[str, str] = field(default_factory=dict)

    def faces(self, width: int, height: int) -> FaceTrack | None:
        """Faces in a ``width`` x ``height`` output during the export's window (or None)."""
        if self.source is None or self.style.pinned:
            return None
        return detect_faces_in_output(self.source, width, height, mode=self.mode,
                                      start=self.start, end=self.end, speed=self.speed,
                                      layout=self.layout)

    def track(self, width: int, height: int, mode: str = "lines") -> CaptionTrack:
        """Captions shaped for a ``width`` x ``height`` frame, timed like the exported video."""
        rules = ShapingRules.for_frame(width, height, mode, names=self.names,
                                       language=self.transcript.language[:2],
                                       **({"max_words": self.style.max_words}
                                          if mode == "words" else {}))
        shaped = shape(self.transcript.words, rules, self.transcript.duration or None)
        return shaped.window(self.start, self.end)

    def subtitles(self) -> SubtitleFactory:
        """The ``(width, height) -> ASS path`` callable the export burns in."""
        styled = self.style.with_brand(self.brand) if self.brand is not None else self.style
        made: dict[tuple[int, int], Path] = {}

        def for_size(width: int, height: int) -> Path:
            key = (int(width), int(height))
            if key not in made:
                path = self.workdir / f"captions-{styled.name}-{key[0]}x{key[1]}.ass"
                made[key] = write_ass(self.track(*key, styled.mode), styled, *key, path,
                                      self.faces(*key), self.voices)
            return made[key]

        return for_size

    def write_sidecars(self, video: Path, width: int, height: int) -> list[Path]:
        """Write ``<video>.srt`` and ``<video>.vtt`` (plain lines) beside an exported video."""
        track = self.track(width, height, "lines")
        written = []
        for suffix in (".srt", ".vtt"):
            target = video.with_suffix(suffix)
            write_subtitles(track, target, style=self.style, size=(width, height),
                            voices=self.voices)
            written.append(target)
        return written


def prepare_export_captions(src: Path, style: str, lang: str = "de",
                            glossary: Path | None = None, start: float | None = None,
                            end: float | None = None, progress: Any = None,
                            cancel: Any = None,
                            framing: tuple[str, str, str] = ("smart", "default", "auto"),
                            ) -> ExportCaptions:
    """Transcribe ``src`` (cached) and prepare its captions for every export size.

    Args:
        src: The source video.
        style: Caption style name or YAML file.
        lang: Language of the recording.
        glossary: Glossary file (hotwords, replacements, protected names).
        start: Trim start of the export in source seconds.
        end: Trim end in source seconds.
        progress: Transcription progress callback (0..1).
        cancel: Stops transcription (``threading.Event``).
        framing: The export's (mode, speed, layout), so captions stay off the faces.
    """
    from toolkit.captions.glossary import Glossary, load_glossary
    from toolkit.captions.styles import load_style
    from toolkit.captions.transcribe import TranscribeOptions, transcribe

    terms = load_glossary(glossary) if glossary else Glossary()
    caption_style = load_style(style)
    options = TranscribeOptions(language=lang, hotwords=terms.terms,
                                replacements=terms.replacements)
    transcript = transcribe(src, options, progress=progress, cancel=cancel)
    return ExportCaptions(transcript, caption_style, start=start or 0.0, end=end,
                          names=tuple(terms.protected_phrases), source=src, mode=framing[0],
                          speed=framing[1], layout=framing[2])
