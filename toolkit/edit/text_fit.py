"""Text measured with the font that draws it: wrapping, hyphenation and shrink-to-fit.

Every graphic (:mod:`toolkit.edit.graphics`) lays its boxes out from a :class:`TextBlock`: the
lines of a text, the Pillow font they are drawn with and their size measured with that same font
object (``getbbox``: the real ink of each line, umlauts and descenders included, united with the
font's own accent/descender reach so boxes of one size class line up). Drawing goes through
:meth:`TextBlock.draw`, so what was measured is exactly what is drawn.

:func:`fit_text` finds the largest size at which a text fits a width (and height) on at most
``max_lines`` lines: lines are balanced (German break rules from
:mod:`toolkit.captions.linebreak_de`), a word longer than the width is hyphenated at the German
syllable breaks (Pyphen; a link is cut after a ``/`` or ``.`` instead, never hyphenated), and
only when nothing fits does the size shrink.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from toolkit.resources import font

_REACH = "ÄÖÜÂÉÅgjpqyß|"  # accents above capitals and descenders: the font's own extent
_STEP = 0.92  # shrink factor per try
_SEPARATORS = frozenset({"·", "|", "•", "/"})
LINE_GAP = 0.12  # extra space between lines, share of the font size


@lru_cache(maxsize=65536)
def bbox(f: Any, text: str) -> tuple[int, int, int, int]:
    """The ink box of ``text`` in font ``f`` relative to its left end on the baseline
    (measured once per font and text)."""
    return tuple(int(v) for v in f.getbbox(text, anchor="ls"))  # type: ignore[return-value]


@dataclass(frozen=True)
class TextBlock:
    """Lines of text and the font that measures and draws them.

    Attributes:
        lines: The lines, top to bottom.
        font: The Pillow font (the same object measures and draws).
        align: ``left``, ``center`` or ``right`` inside the block's width.
    """

    lines: tuple[str, ...]
    font: Any
    align: str = "center"

    @property
    def size(self) -> int:
        """The font size in px."""
        return int(self.font.size)

    def _reach(self) -> tuple[int, int]:
        """Top and bottom of the font's accents/descenders relative to the baseline."""
        _l, top, _r, bottom = bbox(self.font, _REACH)
        return top, bottom

    def _boxes(self) -> list[tuple[int, int, int, int]]:
        return [bbox(self.font, line) if line else (0, 0, 0, 0) for line in self.lines]

    def pitch(self) -> int:
        """Baseline to baseline distance."""
        top, bottom = self._reach()
        return bottom - top + round(LINE_GAP * self.size)

    def extent(self) -> tuple[int, int, int]:
        """``(width, height, first baseline)``: the ink box of all lines (measured)."""
        top, bottom = self._reach()
        boxes = self._boxes()
        width = max((b[2] - b[0] for b in boxes), default=0)
        first = -min([top] + [boxes[0][1]]) if boxes else -top
        last = (len(boxes) - 1) * self.pitch() + max([bottom] + [boxes[-1][3]] if boxes else [0])
        height = first + last
        for i, b in enumerate(boxes):  # ink of middle lines that reaches further than usual
            height = max(height, first + i * self.pitch() + b[3])
        return width, height, first

    @property
    def width(self) -> int:
        """Width of the widest line's ink."""
        return self.extent()[0]

    @property
    def height(self) -> int:
        """Height from the top of the first line to the bottom of the last."""
        return self.extent()[1]

    def draw(self, draw: Any, x: float, y: float, fill: Any) -> None:
        """Draw the block with its ink box's top-left corner at ``(x, y)``."""
        width, _h, first = self.extent()
        for i, (line, box) in enumerate(zip(self.lines, self._boxes())):
            ink = box[2] - box[0]
            shift = {"left": 0, "right": width - ink}.get(self.align, (width - ink) / 2)
            draw.text((round(x + shift - box[0]), round(y + first + i * self.pitch())), line,
                      font=self.font, fill=fill, anchor="ls")


def _width(f: Any, text: str) -> int:
    if not text:
        return 0
    box = bbox(f, text)
    return box[2] - box[0]


class Piece(str):
    """A part of a hyphenated word (``Kraftfahrzeug-``): it joins the next part without a
    space, and keeps its dash only at the end of a line."""


class Joint(str):
    """A part of a link cut after ``/`` or ``.`` (``example.com/``): it joins the next part
    without a space and gets no dash (links are never hyphenated)."""


def _link_parts(word: str, f: Any, max_w: float) -> list[str] | None:
    """A link cut into runs that each fit ``max_w``: after a ``/``, else also after a ``.`` or
    ``-`` (None: a run alone is too wide). Nothing is added or dropped."""
    for marks in (r"[/]", r"[/.-]"):  # after a slash; a dot or dash only when needed
        parts = _cut_at(word, [m.end() for m in re.finditer(marks + r"(?=[^/.-])", word)],
                        f, max_w)
        if parts is not None:
            return parts
    return None


def _cut_at(word: str, cuts: list[int], f: Any, max_w: float) -> list[str] | None:
    """``word`` cut at the fewest of ``cuts`` so that every run fits (greedy)."""
    parts, start = [], 0
    for i, end in enumerate(cuts + [len(word)]):
        nxt = (cuts + [len(word)])[i + 1] if i + 1 <= len(cuts) else None
        if nxt is not None and _width(f, word[start:nxt]) <= max_w:
            continue  # the next cut still fits: keep going
        parts.append(word[start:end])
        start = end
    if start < len(word):
        parts.append(word[start:])
    if any(_width(f, part) > max_w for part in parts):
        return None
    return [Joint(p) for p in parts[:-1]] + parts[-1:]


def _is_link(word: str) -> bool:
    return "://" in word or word.startswith("www.") or "@" in word


def _hyphenated(word: str, f: Any, max_w: float) -> list[str] | None:
    """``word`` split once at a German syllable break into two pieces that both fit
    ``max_w`` (``Kraftfahrzeug-`` ``mechatroniker:in``); None when no break does."""
    fits = [(left, right) for left, right in _dictionary().iterate(word)
            if _width(f, left + "-") <= max_w and _width(f, right) <= max_w]
    if not fits:
        return None
    left, right = min(fits, key=lambda lr: abs(_width(f, lr[0]) - _width(f, lr[1])))
    return [Piece(left + "-"), right]


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="de_DE", left=3, right=3)


def _split_tokens(tokens: list[str], f: Any, max_w: float, hyphenate: bool) -> list[str] | None:
    out: list[str] = []
    for token in tokens:
        if _width(f, token) <= max_w:
            out.append(token)
        elif hyphenate or _is_link(token):
            pieces = _link_parts(token, f, max_w) if _is_link(token) else \
                _hyphenated(token, f, max_w)
            if pieces is None:
                return None
            out += pieces
        else:
            return None
    return out


def _join(tokens: list[str]) -> str:
    """Tokens to a line: a hyphenated piece joins the next one (losing its dash)."""
    text = ""
    for i, tok in enumerate(tokens):
        if i and isinstance(tokens[i - 1], Joint):
            text += tok
        elif i and isinstance(tokens[i - 1], Piece):
            text = text[:-1] + tok
        else:
            text += (" " if i else "") + tok
    return text


def _layouts(tokens: list[str], lines: int) -> list[list[list[str]]]:
    """Every split of ``tokens`` into exactly ``lines`` non-empty lines."""
    n = len(tokens)
    if lines > n:
        return []
    out = []
    for cuts in itertools.combinations(range(1, n), lines - 1):
        bounds = (0, *cuts, n)
        out.append([tokens[a:b] for a, b in zip(bounds, bounds[1:])])
    return out


def _best(tokens: list[str], f: Any, max_w: float, lines: int) -> tuple[str, ...] | None:
    """The best fitting split into ``lines`` lines: German break rules, then balance."""
    from toolkit.captions.linebreak_de import break_cost

    best, best_cost = None, float("inf")
    for layout in _layouts(tokens, lines)[:400]:
        if any(line[0] in _SEPARATORS for line in layout[1:]):
            continue  # "· Zeit: 60 s" – a separator never starts a line
        texts = [_join(line[:-1] if line[-1] in _SEPARATORS and k < lines - 1 else line)
                 for k, line in enumerate(layout)]  # nor ends one: it is dropped there
        widths = [_width(f, text) for text in texts]
        if max(widths) > max_w:
            continue
        cost = sum(0.5 if isinstance(line[-1], (Piece, Joint)) else
                   -1.5 if line[-1] in _SEPARATORS else break_cost(line[-1], nxt[0])
                   for line, nxt in zip(layout, layout[1:]))
        cost += (max(widths) - min(widths)) / max(1.0, max_w) * 3
        if cost < best_cost:
            best, best_cost = tuple(texts), cost
    return best


def fit_text(text: str, max_w: float, size: int, *, max_h: float | None = None,
             max_lines: int = 3, bold: bool = True, name: str = "Roboto",
             align: str = "center", min_size: int = 8) -> TextBlock:
    """The largest block of ``text`` (at most ``size`` px) that fits ``max_w`` × ``max_h``.

    Tries, per size from ``size`` down: one line, then balanced 2..``max_lines`` lines, then
    the same with over-long words hyphenated; then a smaller size. Explicit line breaks
    (``\\n``) are kept.
    """
    size = max(min_size, int(size))
    paragraphs = [p.split() for p in text.split("\n")]
    while True:
        f = font(size, bold, name)
        block = _try(paragraphs, f, max_w, max_h, max_lines, align)
        if block is not None or size <= min_size:
            return block or _forced(paragraphs, f, max_w, align)
        size = max(min_size, int(size * _STEP))


def _try(paragraphs: list[list[str]], f: Any, max_w: float, max_h: float | None,
         max_lines: int, align: str) -> TextBlock | None:
    """The block at font ``f``: each paragraph on as few balanced lines as fit (words
    hyphenated only when a word alone is too wide), or None."""
    for hyphenate in (False, True):
        lines: list[str] = []
        for words in paragraphs:
            tokens = _split_tokens(words, f, max_w, hyphenate)
            if tokens is None:
                break
            found = next((b for k in range(1, max_lines + 1)
                          if (b := _best(tokens, f, max_w, k)) is not None), None) \
                if tokens else ("",)
            if found is None:
                break
            lines += found
        else:
            if len(lines) > max_lines:
                return None
            block = TextBlock(tuple(lines), f, align)
            return block if max_h is None or block.height <= max_h else None
    return None


def _forced(paragraphs: list[list[str]], f: Any, max_w: float, align: str) -> TextBlock:
    """Last resort at the smallest size: characters cut to the width (never wider)."""
    lines: list[str] = []
    for p in paragraphs:
        line = ""
        for ch in " ".join(p):
            if _width(f, line + ch) > max_w and line:
                lines.append(line)
                line = ch.strip()
            else:
                line += ch
        lines.append(line)
    return TextBlock(tuple(lines), f, align)
