"""A small frame sketch per shot: the 9:16 frame, a silhouette sized per framing type, and the
bands the platforms' buttons cover (so people learn where faces and titles must not go).

The safe-zone numbers come from :mod:`toolkit.platforms` (union of the vertical presets),
so a platform change is still one edit there.
"""

from __future__ import annotations

from collections.abc import Callable

from fpdf import FPDF

from toolkit.coaching.pdfdoc import INK

FIGURE = (120, 126, 134)
FIGURE_FAR = (168, 173, 180)
FRAME_FILL = (250, 250, 250)
ZONE = (227, 6, 19)
VERTICAL_PRESETS = ("reels", "tiktok", "shorts", "fb-reels")


def union_safe_zone() -> tuple[float, float, float, float]:
    """Covered fractions ``(top, bottom, left, right)`` of a 9:16 frame, worst case of all
    vertical presets, and the caption box as fractions of 1080x1920."""
    from toolkit.platforms import get_preset

    zones = [get_preset(p) for p in VERTICAL_PRESETS]
    top = max(p.safe_zone.top / p.height for p in zones)
    bottom = max(p.safe_zone.bottom / p.height for p in zones)
    left = max(p.safe_zone.left / p.width for p in zones)
    right = max(p.safe_zone.right / p.width for p in zones)
    return top, bottom, left, right


def caption_box() -> tuple[float, float, float, float]:
    """The caption box that clears every platform's UI, as fractions ``(x0, y0, x1, y1)``."""
    from toolkit.platforms import CAPTION_BOX_9X16

    x0, y0, x1, y1 = CAPTION_BOX_9X16
    return x0 / 1080, y0 / 1920, x1 / 1080, y1 / 1920


def draw_frame(pdf: FPDF, x: float, y: float, width: float, framing: str,
               orientation: str = "portrait", zones: bool = True) -> float:
    """Draw the sketch with its top-left corner at ``(x, y)``; return its height in mm."""
    w, h = (width, width * 16 / 9) if orientation == "portrait" else (width, width * 9 / 16)
    pdf.set_fill_color(*FRAME_FILL)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.rect(x, y, w, h, style="F")
    with pdf.rect_clip(x, y, w, h):
        FIGURES.get(framing, _medium)(pdf, x, y, w, h)
        if zones and orientation == "portrait":
            _zones(pdf, x, y, w, h)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.rect(x, y, w, h)
    return h


def _zones(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    top, bottom, left, right = union_safe_zone()
    with pdf.local_context(fill_opacity=0.13):
        pdf.set_fill_color(*ZONE)
        pdf.rect(x, y, w, h * top, style="F")
        pdf.rect(x, y + h * (1 - bottom), w, h * bottom, style="F")
        middle = h * (1 - top - bottom)
        pdf.rect(x, y + h * top, w * left, middle, style="F")
        pdf.rect(x + w * (1 - right), y + h * top, w * right, middle, style="F")
    x0, y0, x1, y1 = caption_box()
    pdf.set_draw_color(*ZONE)
    pdf.set_line_width(0.25)
    pdf.set_dash_pattern(dash=0.8, gap=0.6)
    pdf.rect(x + w * x0, y + h * y0, w * (x1 - x0), h * (y1 - y0))
    pdf.set_dash_pattern()


def _person(pdf: FPDF, cx: float, top: float, head: float, colour=FIGURE) -> None:
    """A bust: head of diameter ``head`` whose top is at ``top``, shoulders below it."""
    pdf.set_fill_color(*colour)
    pdf.ellipse(cx - head / 2, top, head, head * 1.18, style="F")
    neck_y = top + head * 1.1
    body_w = head * 2.5
    pdf.polygon([(cx - head * 0.22, neck_y - head * 0.1), (cx + head * 0.22, neck_y - head * 0.1),
                 (cx + head * 0.3, neck_y + head * 0.35), (cx + body_w / 2, neck_y + head * 0.6),
                 (cx + body_w / 2 + head * 0.15, neck_y + head * 6),
                 (cx - body_w / 2 - head * 0.15, neck_y + head * 6),
                 (cx - body_w / 2, neck_y + head * 0.6), (cx - head * 0.3, neck_y + head * 0.35)],
                style="F")


def _full_body(pdf: FPDF, cx: float, top: float, height: float) -> None:
    head = height * 0.14
    pdf.set_fill_color(*FIGURE)
    pdf.ellipse(cx - head / 2, top, head, head * 1.1, style="F")
    torso_top = top + head * 1.15
    pdf.rect(cx - head * 0.85, torso_top, head * 1.7, height * 0.38, style="F",
             round_corners=True, corner_radius=head * 0.4)
    leg_top = torso_top + height * 0.36
    leg_h = height - (leg_top - top)
    pdf.rect(cx - head * 0.75, leg_top, head * 0.65, leg_h, style="F")
    pdf.rect(cx + head * 0.1, leg_top, head * 0.65, leg_h, style="F")


def _close_up(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    _person(pdf, x + w / 2, y + h * 0.17, w * 0.56)


def _medium(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    _person(pdf, x + w / 2, y + h * 0.2, w * 0.3)


def _wide(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    pdf.set_draw_color(*FIGURE_FAR)
    pdf.set_line_width(0.3)
    pdf.line(x, y + h * 0.72, x + w, y + h * 0.72)  # floor line
    _full_body(pdf, x + w / 2, y + h * 0.38, h * 0.34)


def _two_shot(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    _person(pdf, x + w * 0.3, y + h * 0.22, w * 0.24)
    _person(pdf, x + w * 0.7, y + h * 0.24, w * 0.23)


def _over_shoulder(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    _person(pdf, x + w * 0.64, y + h * 0.24, w * 0.24, FIGURE_FAR)
    _person(pdf, x + w * 0.08, y + h * 0.42, w * 0.55)  # back of head, foreground


def _detail(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    pdf.set_fill_color(*FIGURE_FAR)
    pdf.rect(x + w * 0.08, y + h * 0.44, w * 0.84, h * 0.08, style="F",
             round_corners=True, corner_radius=w * 0.03)  # workpiece
    _hand(pdf, x + w * 0.58, y + h * 0.33, w, h, mirror=False)
    _hand(pdf, x + w * 0.42, y + h * 0.5, w, h, mirror=True)


def _hand(pdf: FPDF, x: float, y: float, w: float, h: float, mirror: bool) -> None:
    """A flat hand reaching in from the side: palm plus four fingers."""
    pdf.set_fill_color(*FIGURE)
    sign = -1 if mirror else 1
    palm_w, palm_h = w * 0.5, h * 0.1
    pdf.rect(x if not mirror else x - palm_w, y, palm_w, palm_h, style="F",
             round_corners=True, corner_radius=palm_h * 0.4)
    finger_h = palm_h / 4.6
    for i in range(4):
        length = w * (0.2 if i in (1, 2) else 0.16)
        fx = x - length * 0.85 if not mirror else x - length * 0.15
        pdf.rect(fx, y + i * palm_h / 4 + finger_h * 0.15, length, finger_h, style="F",
                 round_corners=True, corner_radius=finger_h * 0.45)
    thumb_y = y + (palm_h if not mirror else -palm_h * 0.25)
    pdf.rect(x + sign * w * 0.02 - (0 if not mirror else w * 0.16), thumb_y, w * 0.16,
             finger_h * 1.1, style="F", round_corners=True, corner_radius=finger_h * 0.5)


FIGURES: dict[str, Callable[[FPDF, float, float, float, float], None]] = {
    "close-up": _close_up, "medium": _medium, "wide": _wide, "two-shot": _two_shot,
    "over-the-shoulder": _over_shoulder, "detail": _detail,
}
