"""Transitions between clips, chosen by the template (``transitions:`` in its YAML).

A template names its editing style (:class:`toolkit.storyboard.schema.Transitions`): what
happens between scenes (and from the title card into the first scene, from the last into the
end card) and between the shots of one scene:

* ``cut``: a hard cut;
* ``beat``: a hard cut on a hit sound (:mod:`toolkit.edit.cues`), the TV format's stinger;
* ``whip``: the next clip pushes in from the right with a horizontal motion blur (a whip pan),
  ``seconds`` long (0.25 s by default), with a whoosh;
* ``slide``: the next clip pushes up from below, with a whoosh.

Whip and slide are rendered in the render's single ffmpeg pass (``xfade``,
:func:`toolkit.media.timeline_graph.join_pieces`): the leaving clip plays on under the move,
so every clip starts where it would after a hard cut, and the length and all caption times stay
exactly as they are. Bands, lower thirds, scores and the logo that would pop in during the move
enter when it is over.
"""

from __future__ import annotations

from typing import Final

from toolkit.edit.layout import Pieces
from toolkit.edit.timeline import Clip, Timeline, Transition
from toolkit.media.timeline_graph import Blend
from toolkit.storyboard import Template

XFADE: Final[dict[str, tuple[str, float]]] = {"whip": ("slideleft", 0.04),
                                             "slide": ("slideup", 0.0)}
"""Transition kind -> (``xfade`` name, horizontal smear as a share of the width)."""
MIN_SHOWN: Final = 0.5
"""An overlay is only moved behind a move when this much of it is left."""


def _scene(clip: Clip, template: Template) -> str:
    if clip.shot is None:
        return f"card:{clip.id}"
    scene = template.scene_of(clip.shot)
    return scene.id if scene is not None else f"shot:{clip.shot}"


def plan_transitions(timeline: Timeline, template: Template) -> list[Transition]:
    """The transition after every clip but the last (hard cuts are left out)."""
    style = template.transitions
    out = []
    for clip, nxt in zip(timeline.clips, timeline.clips[1:]):
        kind = style.scenes if _scene(clip, template) != _scene(nxt, template) else style.shots
        if kind == "cut":
            continue
        seconds = style.seconds if kind in XFADE else 0.0
        # a move never takes more than half of either clip
        seconds = min(seconds, clip.seconds / 2, nxt.seconds / 2)
        out.append(Transition(after=clip.id, kind=kind, seconds=round(seconds, 3)))
    return out


ENTER_AFTER_MOVE: Final = ("title", "text", "lower_third", "score", "logo")
"""Overlays that enter once a whip or slide is over (not during the move)."""


def with_transitions(timeline: Timeline, template: Template) -> Timeline:
    """``timeline`` with the template's transitions; a band, lower third, score or logo that
    would appear during a whip or slide appears when the move is over (the round timer keeps
    its time: its clock is the round's)."""
    transitions = plan_transitions(timeline, template)
    ends = {c.id: c.end for c in timeline.clips}
    moves = [(ends[t.after], ends[t.after] + t.seconds) for t in transitions
             if t.kind in XFADE and t.seconds > 0 and t.after in ends]
    overlays = []
    for ov in timeline.overlays:
        late = next((b for a, b in moves if a - 1e-6 <= ov.start < b), None)
        if ov.kind in ENTER_AFTER_MOVE and late is not None and ov.end - late >= MIN_SHOWN:
            ov = ov.model_copy(update={"start": round(late, 6)})
        overlays.append(ov)
    return timeline.model_copy(update={"transitions": transitions, "overlays": overlays})


def blends(timeline: Timeline, cut: Pieces) -> tuple[Blend, ...]:
    """The timeline's whips and slides as blends between the cut's pieces."""
    last: dict[str, int] = {}
    for k, clip in enumerate(cut.clips):
        last[clip.id] = k
    out = []
    for tr in timeline.transitions:
        k = last.get(tr.after)
        if tr.kind not in XFADE or k is None or tr.seconds <= 0 or k >= len(cut.pieces) - 1:
            continue
        name, smear = XFADE[tr.kind]
        out.append(Blend(after=k, xfade=name, seconds=tr.seconds, smear=smear))
    return tuple(out)
