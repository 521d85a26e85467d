"""Overlays of one output never cover each other: boxes checked, moved, or the clash reported.

The graphics have fixed homes (:mod:`toolkit.edit.graphics`): timer and logo in the top row,
title/text bands and the scoreboard centred below it, lower thirds above the caption box. Two
of them shown at the same time can still meet (a title band and the scoreboard in one shot, two
lower thirds, a wide timer and logo on a narrow frame). :func:`arrange` checks every pair of
boxes whose times overlap and lays them out without overlap, inside the safe area:

* timer and logo stay where they are (the top row);
* a band or scoreboard moves down, below what it meets;
* a lower third moves to the other side of the frame, or up, above what it meets.

When no free place is left inside the area, the overlay keeps its home and the clash is returned
(:class:`Clash`: both overlays and the first second they meet), for the check report.

Faces the output shows (``faces``: kind ``face``, each with its time, from the takes' analyses)
are fixed obstacles for lower thirds and the call to action only, once every overlay has its
place (found as above; the others keep theirs): a name or call to action whose place covers a
face during its time moves to the nearest place above or below the face (at its side of the
frame or the other) that meets neither a face nor another overlay, inside the safe area. With
no such place it keeps the place it had and the face is named in a clash. Without faces, or
with none under a name or call to action, nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from toolkit.messages import register, t

register({
    "render.overlays_overlap": (
        "{first} und {second} überdecken sich ab Sekunde {at} ({width}×{height}); bitte einen "
        "der Texte kürzen oder in einen anderen Shot legen.",
        "{first} and {second} overlap from second {at} ({width}×{height}); please shorten one "
        "of the texts or move it to another shot.",
    ),
    "render.overlay.named": ("{kind} „{text}“", "{kind} '{text}'"),
    "render.overlay.title": ("Titel", "title"),
    "render.overlay.text": ("Text", "text"),
    "render.overlay.lower_third": ("Bauchbinde", "lower third"),
    "render.overlay.timer": ("Timer", "timer"),
    "render.overlay.score": ("Punktestand", "scoreboard"),
    "render.overlay.logo": ("Logo", "logo"),
    "render.overlay.cta": ("Aufruf", "call to action"),
    "render.overlay.face": ("Gesicht", "face"),
    "render.overlay_on_face": (
        "{first} liegt ab Sekunde {at} auf einem Gesicht ({width}×{height}), kein freier Platz "
        "im sicheren Bereich; bitte den Text kürzen oder in einen anderen Shot legen.",
        "{first} covers a face from second {at} ({width}×{height}), no free place in the safe "
        "area; please shorten the text or move it to another shot.",
    ),
})

FIXED: Final = ("timer", "logo")
RISES: Final = ("lower_third", "cta")
FACE: Final = "face"


@dataclass(frozen=True)
class Placed:
    """An overlay's box in one output.

    Attributes:
        kind: Overlay kind (decides how it may move).
        label: Its name for messages (kind and text).
        x: Left edge in pixels.
        y: Top edge.
        w: Width.
        h: Height.
        start: First second shown.
        end: Last second shown.
    """

    kind: str
    label: str
    x: int
    y: int
    w: int
    h: int
    start: float
    end: float

    def meets(self, other: Placed) -> bool:
        """Both are shown at some moment and their boxes share pixels."""
        return (self.start < other.end and other.start < self.end
                and self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.y + other.h and other.y < self.y + self.h)


@dataclass(frozen=True)
class Clash:
    """Two overlays left overlapping: what the check report says."""

    first: Placed
    second: Placed
    at: float

    def text(self, width: int, height: int) -> str:
        """The warning in the active language."""
        if self.second.kind == FACE:
            return t("render.overlay_on_face", first=self.first.label, at=round(self.at, 1),
                     width=width, height=height)
        return t("render.overlays_overlap", first=self.first.label, second=self.second.label,
                 at=round(self.at, 1), width=width, height=height)


def label(kind: str, lines: Sequence[str]) -> str:
    """``Titel „Azubi vs. Meister“`` (kind in the active language, first text line)."""
    name = t(f"render.overlay.{kind}")
    first = next((line for line in lines if line), "")
    return t("render.overlay.named", kind=name, text=first) if first else name


def arrange(boxes: Sequence[Placed], area: tuple[int, int, int, int], gap: int = 0,
            faces: Sequence[Placed] = ()) -> tuple[list[Placed], list[Clash]]:
    """Boxes moved so none covers another while both are shown (see the module docstring).

    Args:
        boxes: Every overlay of the output at its home, in drawing order.
        area: The safe area ``(x0, y0, x1, y1)`` nothing may leave.
        gap: Pixels kept between a moved box and the one it made room for.
        faces: Faces shown in the output (kind ``face``, with their times), which lower thirds
            and the call to action keep off.

    Returns:
        The boxes in the same order (moved where needed) and the clashes left.
    """
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i].kind not in FIXED, i))
    placed: dict[int, Placed] = {}
    clashes: list[Clash] = []
    for i in order:
        box = _free_place(boxes[i], list(placed.values()), area, gap)
        if box is None:
            box = boxes[i]
            clashes += [Clash(other, box, max(box.start, other.start))
                        for other in placed.values() if box.meets(other)][:1]
        placed[i] = box
    for i in order if faces else ():  # then names and calls to action off the faces
        if boxes[i].kind in RISES:
            others = [box for j, box in placed.items() if j != i]
            placed[i], clash = _off_faces(placed[i], boxes[i], others, faces, area, gap)
            clashes += [clash] if clash is not None else []
    return [placed[i] for i in range(len(boxes))], clashes


def _off_faces(box: Placed, home: Placed, others: list[Placed], faces: Sequence[Placed],
               area: tuple[int, int, int, int], gap: int) -> tuple[Placed, Clash | None]:
    """``box`` (a lower third or call to action at its place) moved off the faces shown with
    it: the free place nearest its home, above or below, at either side; none: it stays, and
    the first face it covers is the clash."""
    near = [f for f in faces if f.start < box.end and box.start < f.end]
    hit = [f for f in near if box.meets(f)]
    if not hit:
        return box, None
    blocked = others + near
    found = [b for start in (home, replace(home, x=area[2] - home.w)) for up in (True, False)
             if (b := _walk(start, blocked, area, gap, up)) is not None]
    if found:
        return min(found, key=lambda b: abs(b.y - home.y) + abs(b.x - home.x)), None
    first = min(hit, key=lambda f: f.start)
    return box, Clash(box, first, max(box.start, first.start))


def _free_place(box: Placed, others: list[Placed], area: tuple[int, int, int, int],
                gap: int) -> Placed | None:
    """A place for ``box`` that meets nothing (None: no room inside ``area``).

    Timer and logo stay; a lower third first tries the other side of the frame at its height,
    then rises; a band moves down.
    """
    if box.kind in FIXED:
        return box if not any(box.meets(o) for o in others) else None
    starts = [box]
    if box.kind in RISES:
        starts.append(replace(box, x=area[2] - box.w))
    for start in starts:
        found = _walk(start, others, area, gap, up=box.kind in RISES)
        if found is not None:
            return found
    return None


def _walk(box: Placed, others: list[Placed], area: tuple[int, int, int, int], gap: int,
          up: bool) -> Placed | None:
    """``box`` moved up (or down) past whatever it meets until it meets nothing."""
    for _ in range(len(others) + 1):
        hit = [o for o in others if box.meets(o)]
        if not hit:
            return box
        y = (min(o.y for o in hit) - gap - box.h) if up else (max(o.y + o.h for o in hit) + gap)
        box = replace(box, y=y)
        if box.y < area[1] or box.y + box.h > area[3]:
            return None
    return None
