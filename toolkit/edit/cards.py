"""Full-frame title and end cards, laid out from their texts' measured sizes.

A card is a stack of rows (logo, kicker, headline on a bar in the primary colour, company, trade;
or call to action, company, URL, QR code), each a :class:`~toolkit.edit.text_fit.TextBlock`
measured with the font that draws it. The stack is centred in the safe area (the union of the
output's platforms' safe zones, minus a margin): horizontally on the *area's* centre, which is
not the frame's when a platform covers one side (TikTok's buttons on the right). When the stack
is taller than the area every size shrinks together until it fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toolkit.coaching.qr import qr_image
from toolkit.edit.text_fit import TextBlock, fit_text
from toolkit.edit.timeline import Card

_TITLE = (("kicker", 44, 1, True), ("head", 96, 3, True), ("line", 56, 2, True),
          ("line", 44, 2, False))
_END = (("head", 84, 3, True), ("line", 56, 2, True))


@dataclass
class _Row:
    kind: str
    block: TextBlock | None = None
    image: Any = None
    pad: int = 0

    @property
    def height(self) -> int:
        if self.image is not None:
            return int(self.image.height)
        assert self.block is not None
        return self.block.height + 2 * self.pad


def draw_card(painter: Any, card: Card) -> Any:
    """The card as an RGB image of the painter's output size."""
    from PIL import Image, ImageDraw

    p = painter
    img = Image.new("RGB", (p.w, p.h), p.colour("secondary")[:3])
    x0, y0, x1, y1 = p.area
    scale = 1.0
    while True:
        rows = _rows(p, card, scale)
        gap = round(28 * p.unit * scale)
        total = sum(r.height for r in rows) + gap * max(0, len(rows) - 1)
        if total <= y1 - y0 or scale < 0.3:
            break
        scale *= 0.9
    draw = ImageDraw.Draw(img)
    cx = (x0 + x1) / 2
    y = y0 + max(0, (y1 - y0 - total) // 2)
    for row in rows:
        _paint(p, img, draw, row, cx, y)
        y += row.height + gap
    return img


def _rows(p: Any, card: Card, scale: float) -> list[_Row]:
    x0, y0, x1, y1 = p.area
    max_w = x1 - x0
    font = p.brand.font
    rows: list[_Row] = []
    logo = p.logo_image(round(p.row_height() * 1.3 * scale))
    if logo is not None:
        rows.append(_Row("logo", image=logo))
    spec = _TITLE if card.kind == "title" else _END
    texts = ([card.kicker] if card.kind == "title" else []) + list(card.lines)
    if card.kind == "title" and not card.kicker:
        spec, texts = spec[1:], texts[1:]
    for (kind, size, lines, bold), text in zip(spec, texts):
        if not text:
            continue
        pad = round(26 * p.unit * scale) if kind == "head" else 0
        block = fit_text(text, max_w - 2 * pad, round(size * p.unit * scale),
                         max_h=(y1 - y0) * 0.5, max_lines=lines, bold=bold, name=font)
        rows.append(_Row(kind, block, pad=pad))
    if card.kind == "end" and card.url:
        block = fit_text(card.url, max_w, round(44 * p.unit * scale), max_lines=2, bold=False,
                         name=font)
        rows.append(_Row("url", block))
        if card.qr:
            side = round(min(max_w, 0.42 * min(p.w, p.h)) * scale)
            if side >= 21:
                rows.append(_Row("qr", image=qr_image(card.url, side)))
    return rows


def _paint(p: Any, img: Any, draw: Any, row: _Row, cx: float, y: int) -> None:
    if row.image is not None:
        x = round(cx - row.image.width / 2)
        mask = row.image if row.image.mode == "RGBA" else None
        img.paste(row.image, (x, y), mask)
        return
    block = row.block
    assert block is not None
    colour = {"kicker": "highlight", "url": "highlight"}.get(row.kind, "text")
    if row.kind == "head":
        w = block.width + 2 * row.pad
        left = round(cx - w / 2)
        draw.rectangle((left, y, left + w - 1, y + row.height - 1),
                       fill=p.colour("primary")[:3])
    block.draw(draw, round(cx - block.width / 2), y + row.pad, p.colour(colour)[:3])
