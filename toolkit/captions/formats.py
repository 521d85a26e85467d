"""Caption files: SRT, WebVTT, ASS and plain text out; SRT, VTT and ASS back in.

Everything is written as UTF-8 (no BOM), NFC-normalised, with ``\\n`` line ends, atomically.
SRT and WebVTT are written here rather than by pysubs2, because pysubs2 treats ``{...}`` in
text as ASS override tags (and drops it from SRT) and does not escape ``&``/``<`` for WebVTT;
reading uses pysubs2 (it copes with the many SRT/VTT dialects), undoing its tag conversion.
ASS files come from :mod:`toolkit.captions.burn` (sized for one frame).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from toolkit.captions.linebreak_de import is_sentence_end
from toolkit.captions.shaping import CaptionEvent, CaptionTrack
from toolkit.captions.styles import CaptionStyle
from toolkit.captions.transcript import Transcript, Word, nfc, spread
from toolkit.atomic import atomic_write_text
from toolkit.errors import UserInputError
from toolkit.messages import register

register({
    "captions.format_unknown": (
        "{path}: Unbekanntes Untertitelformat. Möglich sind .srt, .vtt, .ass und .txt.",
        "{path}: unknown subtitle format. Possible: .srt, .vtt, .ass and .txt.",
    ),
    "captions.subtitles_unreadable": (
        "{path}: Die Untertiteldatei lässt sich nicht lesen ({detail}).",
        "{path}: the subtitle file cannot be read ({detail}).",
    ),
})

FORMATS: Final = (".srt", ".vtt", ".ass", ".txt")
_TAG = re.compile(r"(?<!\\)\{\\[^}]*\}")
_MARKUP = re.compile(r"</?(?:v|font|c|lang)(?:[ .][^>]*)?>", re.IGNORECASE)
_BACKSLASH: Final = "\ue000"  # private-use stand-in while pysubs2 parses SRT/VTT


def timestamp(seconds: float, sep: str = ",") -> str:
    """``HH:MM:SS,mmm`` (SRT) or with ``sep="."`` ``HH:MM:SS.mmm`` (WebVTT)."""
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def srt_text(track: CaptionTrack, voices: Mapping[str, str] | None = None) -> str:
    """The track as SubRip text; a caption of a speaker with a colour in ``voices`` is wrapped
    in ``<font color="#RRGGBB">`` (the SubRip convention most players and editors show)."""
    blocks = []
    for i, e in enumerate(track.events, 1):
        colour = (voices or {}).get(e.speaker)
        body = f'<font color="{colour.upper()}">{e.text}</font>' if colour else e.text
        blocks.append(f"{i}\n{timestamp(e.start)} --> {timestamp(e.end)}\n{body}\n")
    return nfc("\n".join(blocks))


def vtt_text(track: CaptionTrack, voices: Mapping[str, str] | None = None) -> str:
    """The track as WebVTT text (``&``, ``<`` and ``>`` escaped).

    A caption whose speaker is known starts with the voice tag ``<v Name>``; speakers with a
    colour in ``voices`` get a ``STYLE`` block (``::cue(v[voice="Name"])``) that colours them.
    """
    blocks = ["WEBVTT\n"]
    spoken = {e.speaker for e in track.events}
    styles = [f'::cue(v[voice="{_css_string(name)}"]) {{ color: {colour.upper()}; }}'
              for name, colour in (voices or {}).items() if name in spoken]
    if styles:
        blocks.append("STYLE\n" + "\n".join(styles) + "\n")
    for e in track.events:
        body = html.escape(e.text, quote=False)
        if e.speaker:
            body = f"<v {_voice_name(e.speaker)}>{body}</v>"
        blocks.append(f"{timestamp(e.start, '.')} --> {timestamp(e.end, '.')}\n{body}\n")
    return nfc("\n".join(blocks))


def _voice_name(name: str) -> str:
    """A name as a WebVTT voice annotation (no ``>``, ``&``/``<`` escaped, one line)."""
    return html.escape(" ".join(name.split()), quote=False).replace(">", "&gt;")


def _css_string(name: str) -> str:
    return " ".join(name.split()).replace("\\", "\\\\").replace('"', '\\"')


def plain_text(words: list[Word] | tuple[Word, ...]) -> str:
    """Running text, one sentence per line."""
    lines, cur = [], []
    for w in words:
        cur.append(w.text)
        if is_sentence_end(w.text):
            lines.append(" ".join(cur))
            cur = []
    if cur:
        lines.append(" ".join(cur))
    return nfc("\n".join(lines) + ("\n" if lines else ""))


def write_subtitles(track: CaptionTrack, path: str | os.PathLike[str],
                    style: CaptionStyle | None = None,
                    size: tuple[int, int] = (1920, 1080),
                    voices: Mapping[str, str] | None = None) -> Path:
    """Write ``track`` in the format given by the file suffix.

    Args:
        track: The captions.
        path: ``.srt``, ``.vtt``, ``.ass`` or ``.txt``.
        style: Style for ``.ass`` (default: classic).
        size: Frame size the ``.ass`` is made for.
        voices: Colour per speaker (``Word.speaker`` -> ``#RRGGBB``); WebVTT names every known
            speaker (``<v Name>``) either way.

    Raises:
        UserInputError: Unknown suffix.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".srt":
        return atomic_write_text(p, srt_text(track, voices))
    if suffix == ".vtt":
        return atomic_write_text(p, vtt_text(track, voices))
    if suffix == ".txt":
        return atomic_write_text(p, plain_text([w for e in track.events for w in e.words]))
    if suffix == ".ass":
        from toolkit.captions.burn import write_ass
        from toolkit.captions.styles import load_style

        return write_ass(track, style or load_style("classic"), size[0], size[1], p,
                         voices=voices)
    raise UserInputError("captions.format_unknown", path=str(p))


def read_subtitles(path: str | os.PathLike[str], language: str = "de") -> CaptionTrack:
    """Import an SRT, WebVTT or ASS file as a caption track.

    Word times inside a caption are estimated (shared by length); the caption times are kept.

    Raises:
        UserInputError: Unknown format or unreadable file.
    """
    import pysubs2

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".srt", ".vtt", ".ass", ".ssa"):
        raise UserInputError("captions.format_unknown", path=str(p))
    try:
        raw = p.read_text(encoding="utf-8-sig")
        if suffix in (".srt", ".vtt"):  # a backslash there is text, not an ASS code
            raw = raw.replace("\\", _BACKSLASH)
        subs = pysubs2.SSAFile.from_string(raw, format_=suffix[1:].replace("ssa", "ass"))
    except (OSError, UnicodeDecodeError, ValueError, pysubs2.exceptions.Pysubs2Error) as exc:
        raise UserInputError("captions.subtitles_unreadable", path=str(p),
                             detail=str(exc)[:200]) from exc
    events = []
    for ev in subs:
        if ev.is_comment or ev.end <= ev.start:
            continue
        text = _plain(ev.text, suffix == ".vtt")
        lines = [line.split() for line in text.split("\n") if line.split()]
        if lines:
            events.append(_event(ev.start / 1000, ev.end / 1000, lines))
    events.sort(key=lambda e: e.start)
    return CaptionTrack(tuple(events), "lines", language)


def _plain(text: str, vtt: bool) -> str:
    text = _MARKUP.sub("", text)  # voice spans and SubRip font colours
    text = _TAG.sub("", text).replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")
    text = text.replace("\\{", "{").replace("\\}", "}").replace("\u200d", "")
    text = text.replace(_BACKSLASH, "\\")
    return nfc(html.unescape(text) if vtt else text)


def _event(start: float, end: float, lines: list[list[str]]) -> CaptionEvent:
    words = spread([t for line in lines for t in line], start, end)
    out, i = [], 0
    for line in lines:
        out.append(tuple(words[i:i + len(line)]))
        i += len(line)
    return CaptionEvent(start, end, tuple(out))


def track_to_transcript(track: CaptionTrack, duration: float = 0.0,
                        source: str = "") -> Transcript:
    """The words of a caption track as a transcript (for editing and re-shaping)."""
    words = tuple(w for e in track.events for w in e.words)
    end = max((e.end for e in track.events), default=0.0)
    return Transcript(words=words, language=track.language, duration=max(duration, end),
                      source=source, model="import")
