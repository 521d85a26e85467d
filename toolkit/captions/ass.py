"""Caption track + style -> an ASS document sized for one output frame (via pysubs2).

What burned captions need (REFERENCE.md, "ASS specifics"): ``PlayResX``/``PlayResY`` equal to the
output size, ``WrapStyle``, explicit margins inside the platform safe zone, a font name without
commas, and the fonts folder given to libass (see :mod:`toolkit.captions.burn`).

User text never becomes override tags: :func:`escape` turns ``{`` and ``}`` into libass' ``\\{``
and ``\\}`` and puts an invisible zero-width joiner after every backslash, so ``\\N`` or ``\\b1``
typed by a user are shown as typed.

``words`` tracks get one dialogue line per spoken word: the caption's 1-3 words stay on screen
and the word being spoken takes the highlight colour (the CapCut/Submagic look; ASS ``\\k``
karaoke would instead keep every sung word coloured).

Speaker colours (``voices``: a word's ``speaker`` -> colour): in ``lines`` tracks each word is
drawn in its speaker's colour; in ``words`` tracks the word being spoken takes its speaker's
colour instead of the highlight, so the eye on the active word sees who says it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any, Final

from toolkit.captions.shaping import CaptionEvent, CaptionTrack
from toolkit.captions.styles import CaptionStyle, parse_colour, upper_de
from toolkit.captions.transcript import nfc

ZWJ: Final = "\u200d"
WRAP_STYLE: Final = 3  # smart wrapping, lower line wider (only if a line still overflows)


@dataclass(frozen=True)
class Box:
    """A rectangle in output pixels (x0, y0) - (x1, y1)."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def escape(text: str) -> str:
    """Make user text safe for an ASS ``Dialogue`` line (no tags, no line-break codes)."""
    text = nfc(text).replace("\r", " ").replace("\n", " ")
    text = text.replace("\\", "\\" + ZWJ)
    return text.replace("{", "\\{").replace("}", "\\}")


def ass_colour(text: str, opacity: float | None = None) -> Any:
    """A pysubs2 colour from ``#RRGGBB[AA]`` (ASS stores transparency, not opacity)."""
    import pysubs2

    r, g, b, a = parse_colour(text)
    if opacity is not None:
        a = round(255 * max(0.0, min(1.0, opacity)))
    return pysubs2.Color(r, g, b, 255 - a)


def tag_colour(text: str) -> str:
    """``#RRGGBB`` -> the ASS override colour ``&HBBGGRR&``."""
    r, g, b, _ = parse_colour(text)
    return f"&H{b:02X}{g:02X}{r:02X}&"


def build_ass(track: CaptionTrack, style: CaptionStyle, width: int, height: int,
              box: Box, font_px: float,
              positions: Sequence[tuple[int, int] | None] | None = None,
              voices: Mapping[str, str] | None = None) -> str:
    """The ASS document for ``track`` on a ``width`` x ``height`` frame.

    Args:
        track: Shaped captions (times in seconds of the output video).
        style: The caption style.
        width: Output width in pixels (``PlayResX``).
        height: Output height in pixels (``PlayResY``).
        box: Where captions must stay (the safe caption area).
        font_px: Font size in ASS units (already fitted to ``box``).
        positions: Per event, the bottom centre ``(x, y)`` it is moved to (to keep it off a
            face), or None for the style's position.
        voices: Colour per speaker name (see the module docstring).
    """
    import pysubs2

    doc = pysubs2.SSAFile()
    doc.info.update({"Title": "machmal", "ScriptType": "v4.00+", "PlayResX": str(width),
                     "PlayResY": str(height), "WrapStyle": str(WRAP_STYLE),
                     "ScaledBorderAndShadow": "yes", "YCbCr Matrix": "TV.709"})
    doc.styles = {"Default": _ass_style(style, width, height, box, font_px)}
    default = _middle_pos(style, box)
    moved = list(positions or [])
    for k, event in enumerate(track.events):
        at = moved[k] if k < len(moved) else None
        pos = default if at is None else f"{{\\an2\\pos({at[0]},{at[1]})}}"
        for start, end, text in _dialogues(event, track.mode, style, voices or {}):
            doc.events.append(pysubs2.SSAEvent(start=round(start * 1000), end=round(end * 1000),
                                               text=pos + text, style="Default"))
    return nfc(doc.to_string("ass"))


def _ass_style(style: CaptionStyle, width: int, height: int, box: Box, font_px: float) -> Any:
    import pysubs2

    ref = min(width, height)
    common: dict[str, Any] = {
        "fontname": style.font, "fontsize": round(font_px, 1), "bold": style.bold,
        "primarycolor": ass_colour(style.colour),
        "secondarycolor": ass_colour(style.highlight_colour),
        "alignment": pysubs2.Alignment.BOTTOM_CENTER,
        "marginl": box.x0, "marginr": width - box.x1, "marginv": height - box.y1,
    }
    if style.box:
        pad = style.box_padding * ref
        return pysubs2.SSAStyle(**common, borderstyle=3, outline=round(pad, 1), shadow=0,
                                outlinecolor=ass_colour(style.box_colour, style.box_opacity),
                                backcolor=ass_colour(style.box_colour, style.box_opacity))
    return pysubs2.SSAStyle(**common, borderstyle=1, outline=round(style.outline * ref, 1),
                            shadow=round(style.shadow * ref, 1),
                            outlinecolor=ass_colour(style.outline_colour),
                            backcolor=ass_colour(style.shadow_colour))


def _middle_pos(style: CaptionStyle, box: Box) -> str:
    if style.position != "middle":
        return ""
    return f"{{\\an5\\pos({(box.x0 + box.x1) // 2},{(box.y0 + box.y1) // 2})}}"


def display(text: str, style: CaptionStyle) -> str:
    """Text as it will be shown (upper case if the style says so)."""
    return upper_de(text) if style.uppercase else text


def _coloured(text: str, colour: str | None, back: str) -> str:
    """``text`` in ``colour`` (``&HBBGGRR&``), then back to ``back``; as is without one."""
    return f"{{\\1c{colour}}}{text}{{\\1c{back}}}" if colour else text


def _line_runs(tokens: Sequence[str], colours: Sequence[str | None], back: str) -> str:
    """One line, each run of words of one speaker in that speaker's colour."""
    runs = groupby(zip(tokens, colours), key=itemgetter(1))
    return " ".join(_coloured(" ".join(tok for tok, _ in run), colour, back)
                    for colour, run in runs)


def _dialogues(event: CaptionEvent, mode: str, style: CaptionStyle,
               voices: Mapping[str, str]) -> list[tuple[float, float, str]]:
    """(start, end, ASS text) for one caption: one line, or one per word in ``words`` mode."""
    tags = {name: tag_colour(colour) for name, colour in voices.items()}
    off = tag_colour(style.colour)
    lines = [[escape(display(w.text, style)) for w in line] for line in event.lines]
    if mode != "words":
        return [(event.start, event.end, "\\N".join(
            _line_runs(toks, [tags.get(w.speaker) for w in line], off)
            for toks, line in zip(lines, event.lines)))]
    words = event.words
    on = tag_colour(style.highlight_colour)
    out = []
    for k in range(len(words)):
        start = event.start if k == 0 else max(event.start, words[k].start)
        end = event.end if k == len(words) - 1 else min(event.end, words[k + 1].start)
        if end - start < 0.01:
            continue
        active = tags.get(words[k].speaker, on)
        parts, n = [], 0
        for line in lines:
            shown = [_coloured(tok, active, off) if n + i == k else tok
                     for i, tok in enumerate(line)]
            parts.append(" ".join(shown))
            n += len(line)
        out.append((start, end, "\\N".join(parts)))
    return out
