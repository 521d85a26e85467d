"""Sound cues of a duel: start whistle, countdown beeps, verdict gong, transition sounds.

The cue times come from the timeline itself, so sound and picture cannot drift apart:

* a ``timer`` overlay's clock starts with the whistle; its digits change every second
  (:func:`timer_ticks`, as :mod:`toolkit.edit.timer_art` draws them), and the ticks that show
  3, 2 and 1 get a beep, the tick that shows 0 the long last beep;
* a ``score`` overlay that reveals a verdict (a round's moment or the final beat, whose
  ``values`` carry the standing before it, :mod:`toolkit.edit.score_moments`) starts with the
  gong; a standing shown during a round does not;
* a ``whip``/``slide`` transition gets a whoosh centred on its move, a ``beat`` cut a hit on
  the cut frame (:mod:`toolkit.edit.transitions`).

The sounds are shipped in ``templates/sfx/`` (made by ``tools/make_sfx.py``, CC0), each levelled
to :data:`SFX_LUFS`. :class:`~toolkit.edit.audio.AudioMix` places each one :data:`LEVELS` LU under
the speech's measured loudness, so after the one loudness normalisation of the whole mix every
cue sits under the loudness target.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from toolkit.edit.timeline import Cue, Overlay, Timeline
from toolkit.resources import templates_dir

SFX_LUFS: Final = -20.0
"""Loudness of every shipped sound while it plays (EBU R128, measured looped)."""

LEVELS: Final[dict[str, float]] = {"whistle": -3.0, "beep": -6.0, "beep_last": -4.0,
                                   "gong": -4.0, "whoosh": -9.0, "hit": -7.0}
"""Loudness of each cue against the speech (LU; below 0: under it)."""

PRIORITY: Final = ("whistle", "beep_last", "gong", "beep", "hit", "whoosh")
NEAR: Final = 0.3
"""Two cues closer than this (seconds) would mush: only the more important one stays."""
COUNTDOWN: Final = (3, 2, 1)


def sfx_path(kind: str) -> Path:
    """The shipped file of a cue kind."""
    return templates_dir() / "sfx" / f"{kind}.opus"


def timer_ticks(overlay: Overlay) -> list[tuple[float, int]]:
    """``(time, seconds shown)`` at every change of a timer overlay's digits while its clock
    runs.

    The clock starts at ``clock_start`` (else ``start``) and counts ``values[0]`` whole seconds
    down (else the overlay's length), as :mod:`toolkit.edit.timer_art` draws it: at
    ``clock + i`` it shows :func:`~toolkit.edit.timer_art.shown_value` ``(i)``, until 0 or the
    overlay's end.
    """
    from toolkit.edit.timer_art import shown_value

    length = float(round(overlay.values[0] if overlay.values else overlay.end - overlay.start))
    clock = overlay.clock_start if overlay.clock_start is not None else overlay.start
    ticks: list[tuple[float, int]] = []
    i = 0
    while clock + i < overlay.end - 1e-6:
        shown = shown_value(i, length)
        if not ticks or shown != ticks[-1][1]:
            ticks.append((round(clock + i, 6), shown))
        if shown == 0:
            break
        i += 1
    return ticks


def timer_cues(overlay: Overlay) -> list[Cue]:
    """Whistle when the clock starts running, beeps at 3-2-1, the last beep at 0."""
    ticks = timer_ticks(overlay)
    if not ticks:
        return []
    cues = [Cue(kind="whistle", at=ticks[0][0])]
    for at, shown in ticks[1:]:
        if shown in COUNTDOWN:
            cues.append(Cue(kind="beep", at=at))
        elif shown == 0:
            cues.append(Cue(kind="beep_last", at=at))
    return cues


def transition_cues(timeline: Timeline) -> list[Cue]:
    """A whoosh centred on every whip/slide, a hit on every beat cut."""
    ends = {c.id: c.end for c in timeline.clips}
    out = []
    for tr in timeline.transitions:
        at = ends.get(tr.after)
        if at is None:
            continue
        if tr.kind == "beat":
            out.append(Cue(kind="hit", at=round(at, 6)))
        elif tr.kind in ("whip", "slide"):
            out.append(Cue(kind="whoosh", at=round(max(0.0, at + tr.seconds / 2 - 0.15), 6)))
    return out


def plan_cues(timeline: Timeline) -> list[Cue]:
    """Every cue of ``timeline`` (see the module docstring), in time order."""
    found: list[Cue] = []
    for ov in timeline.overlays:
        if ov.kind == "timer":
            found += timer_cues(ov)
        elif ov.kind == "score" and len(ov.values) >= 4:  # a verdict, not a standing
            found.append(Cue(kind="gong", at=ov.start))
    found += transition_cues(timeline)
    return sorted(_thin(found, timeline.duration), key=lambda c: (c.at, c.kind))


def _thin(cues: Iterable[Cue], duration: float) -> list[Cue]:
    """Drop cues after the end and those too near a more important one."""
    kept: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (PRIORITY.index(c.kind), c.at)):
        if cue.at >= duration - 0.05:
            continue
        if all(abs(cue.at - k.at) >= NEAR for k in kept):
            kept.append(cue)
    return kept


def with_cues(timeline: Timeline, on: bool = True) -> Timeline:
    """``timeline`` with its cues planned (``on``) or none."""
    return timeline.model_copy(update={"cues": plan_cues(timeline) if on else []})
