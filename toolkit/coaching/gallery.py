"""A picture of a storyboard template for galleries: a phone-shaped card with the template's
title and its shots as a storyboard strip (number, framing, seconds), drawn with Pillow.
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from toolkit.resources import font
from toolkit.storyboard import FRAMING_LABELS, Template, find_template

CARD = (270, 480)
BACKGROUND = (29, 29, 27)
ACCENT = (227, 6, 19)
INK = (255, 255, 255)
MUTED = (190, 190, 190)
PANEL = (60, 60, 58)
COLUMNS = 3


def template_picture(template: Template, lang: str = "de") -> bytes:
    """PNG bytes of the template's card (see module docstring)."""
    return _picture(template.id, template.version, lang)


@lru_cache(maxsize=32)
def _picture(template_id: str, _version: int, lang: str) -> bytes:
    from PIL import Image, ImageDraw

    template = find_template(template_id)[0]
    image = Image.new("RGB", CARD, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, CARD[0], 8], fill=ACCENT)
    y = 22
    for line in textwrap.wrap(template.title.get(lang), 20)[:3]:
        draw.text((16, y), line, font=font(22), fill=INK)
        y += 28
    total = template.total_seconds()
    summary = f"{len(template.shots())} Shots · {total:.0f} s"
    draw.text((16, y + 4), summary, font=font(14, bold=False), fill=MUTED)
    _strip(draw, template, lang, top=y + 34)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _strip(draw, template: Template, lang: str, top: int) -> None:  # type: ignore[no-untyped-def]
    gap, left = 8, 16
    width = (CARD[0] - 2 * left - (COLUMNS - 1) * gap) // COLUMNS
    height = round(width * 16 / 9)
    small, tiny = font(13), font(11, bold=False)
    for number, shot in enumerate(template.shots(), start=1):
        row, col = divmod(number - 1, COLUMNS)
        x, y = left + col * (width + gap), top + row * (height + gap)
        if y + height > CARD[1] - 8:
            break
        draw.rounded_rectangle([x, y, x + width, y + height], radius=6, fill=PANEL,
                               outline=ACCENT if number == 1 else PANEL, width=2)
        _figure(draw, shot.framing, x, y, width, height)
        draw.text((x + 6, y + 4), str(number), font=small, fill=INK)
        label = FRAMING_LABELS[shot.framing][0 if lang == "de" else 1]
        draw.text((x + 6, y + height - 30), label[:12], font=tiny, fill=INK)
        draw.text((x + 6, y + height - 16), f"{shot.seconds:.0f} s", font=tiny, fill=MUTED)


def _figure(draw, framing: str, x: int, y: int, w: int, h: int) -> None:  # type: ignore[no-untyped-def]
    """A head-and-shoulders silhouette sized by the framing (close-up big, wide small)."""
    scale = {"close-up": 0.42, "detail": 0.3, "medium": 0.28, "over-the-shoulder": 0.26,
             "two-shot": 0.22, "wide": 0.14}[framing]
    count = 2 if framing in ("two-shot", "over-the-shoulder") else 1
    head = w * scale
    for i in range(count):
        cx = x + w * ((i + 1) / (count + 1))
        cy = y + h * 0.36
        draw.ellipse([cx - head / 2, cy - head / 2, cx + head / 2, cy + head / 2], fill=MUTED)
        draw.rounded_rectangle([cx - head, cy + head * 0.6, cx + head,
                                min(cy + head * 2.2, y + h - 34)],
                               radius=int(head / 2), fill=MUTED)
