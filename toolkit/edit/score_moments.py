"""When the scoreboard appears: standings in the storyboard's shots, a moment after every
decided round, and the final verdict's own beat before the call to action.

* a storyboard ``score`` item shows the standing *before* its own round (its shot plays while
  the round is still open) over its shot;
* after each round with a verdict (``project.edit.verdict``) the new standing appears for
  :data:`MOMENT` seconds from the round's end, the number that changed highlighted;
* the final verdict ("Endstand", who won) gets its own beat that ends where the call to action
  begins: over the storyboard's score shot after the last round (the duel's "Siegerehrung"),
  else over the last :data:`FINAL` seconds before it.

Score overlays never overlap: a later one wins the time it shares with an earlier one (the
earlier one is cut, or dropped when nothing is left); back-to-back boards of the same score
are one board. Each enters with a short animation
(:mod:`toolkit.edit.score_art`).
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.edit.timeline import Clip, Overlay, Timeline
from toolkit.messages import register, t
from toolkit.project.model import Project
from toolkit.storyboard import Template

register({
    "render.score.final": ("Endstand", "Final score"),
    "render.score.winner": ("Sieg für {name}!", "{name} wins!"),
    "render.score.draw": ("Unentschieden!", "It's a draw!"),
})

MOMENT = 2.5
FINAL = 3.0
MIN_SHOWN = 0.8  # a cut score overlay shorter than this is dropped


def standing(project: Project, template: Template, upto: int) -> tuple[int, int]:
    """Wins of challenger and defender in the rounds of scenes before index ``upto``."""
    order = [s.id for s in template.scenes]
    a = b = 0
    for round_id, winner in project.edit.verdict.items():
        if round_id in order and order.index(round_id) < upto:
            a += winner == "challenger"
            b += winner == "defender"
    return a, b


def score_overlays(timeline: Timeline, project: Project, template: Template,
                   storyboard_items: Sequence[Clip], names: list[str]) -> list[Overlay]:
    """Every score overlay of the timeline (see the module docstring); none without verdict.

    Args:
        timeline: The timeline with cards and clips placed.
        project: Its project (verdict, people).
        template: Its storyboard.
        storyboard_items: Clips whose shot has a ``score`` on-screen item.
        names: Challenger's and defender's names.
    """
    verdict = project.edit.verdict
    if not verdict:
        return []
    order = [s.id for s in template.scenes]
    spans = _scene_spans(timeline, template)
    rounds = [r for r in order if r in verdict and r in spans]
    last_round = order.index(rounds[-1]) if rounds else -1
    items = []
    final_clip = None
    for clip in storyboard_items:
        scene = template.scene_of(clip.shot or "")
        pos = order.index(scene.id) if scene else len(order)
        if rounds and pos > last_round and final_clip is None:
            final_clip = clip
            continue
        a, b = standing(project, template, pos)
        items.append(Overlay(kind="score", start=clip.start, end=clip.end, lines=names,
                             values=[a, b], round=scene.id if scene else None))
    moments = []
    for r in rounds:
        pos = order.index(r)
        before, after = standing(project, template, pos), standing(project, template, pos + 1)
        start, end = _after(spans[r][1], timeline)
        moments.append(Overlay(kind="score", start=start, end=end, lines=names,
                               values=[*after, *before], round=r))
    final = _final(timeline, template, project, rounds, names, final_clip)
    return _no_overlap(items + moments + ([final] if final else []))


def _scene_spans(timeline: Timeline, template: Template) -> dict[str, tuple[float, float]]:
    spans: dict[str, tuple[float, float]] = {}
    for clip in timeline.clips:
        scene = template.scene_of(clip.shot) if clip.shot else None
        if scene is None:
            continue
        a, b = spans.get(scene.id, (clip.start, clip.end))
        spans[scene.id] = (min(a, clip.start), max(b, clip.end))
    return spans


def _takes_end(timeline: Timeline) -> float:
    takes = [c for c in timeline.clips if c.kind != "card"]
    return takes[-1].end if takes else 0.0


def _after(round_end: float, timeline: Timeline) -> tuple[float, float]:
    """The moment's span: from the round's end, or its last seconds when nothing follows."""
    end = _takes_end(timeline)
    if end - round_end >= MIN_SHOWN:
        return round_end, min(end, round_end + MOMENT)
    return max(0.0, round_end - MOMENT), round_end


def _cta_start(timeline: Timeline, template: Template) -> float:
    """Where the call to action begins: the first shot with a ``cta`` item, else the end."""
    for clip in timeline.clips:
        shot = template.shot(clip.shot) if clip.shot else None
        if shot is not None and any(i.kind == "cta" for i in shot.on_screen):
            return clip.start
    return _takes_end(timeline)


def _final(timeline: Timeline, template: Template, project: Project, rounds: list[str],
           names: list[str], clip: Clip | None) -> Overlay | None:
    """The final verdict's beat (None: no round decided)."""
    if not rounds:
        return None
    order = [s.id for s in template.scenes]
    last = order.index(rounds[-1])
    a, b = standing(project, template, len(order))
    before = standing(project, template, last)
    cta = _cta_start(timeline, template)
    if clip is not None and clip.start < cta:
        start, end = clip.start, min(clip.end, cta)
    else:
        start, end = max(0.0, cta - FINAL), cta
    if end - start < MIN_SHOWN:
        return None
    result = (t("render.score.draw") if a == b else
              t("render.score.winner", name=names[0] if a > b else names[1]))
    return Overlay(kind="score", start=start, end=end,
                   lines=[*names, t("render.score.final"), result],
                   values=[a, b, *before], round="final")


def _no_overlap(overlays: list[Overlay]) -> list[Overlay]:
    """Later overlays (moments, then the final beat) win shared time from earlier ones."""
    kept: list[Overlay] = []
    for ov in overlays:
        trimmed = []
        for other in kept:
            if other.start < ov.end and ov.start < other.end:
                if other.start < ov.start:
                    other = other.model_copy(update={"end": ov.start})
                else:
                    other = other.model_copy(update={"start": ov.end})
            if other.end - other.start >= MIN_SHOWN:
                trimmed.append(other)
        kept = trimmed + [ov]
    return _joined(sorted(kept, key=lambda o: o.start))


def _joined(overlays: list[Overlay]) -> list[Overlay]:
    """Back-to-back boards showing the same score become one (one entrance, not two)."""
    out: list[Overlay] = []
    for ov in overlays:
        last = out[-1] if out else None
        if (last is not None and abs(ov.start - last.end) < 0.05 and ov.lines == last.lines
                and ov.values[:2] == last.values[:2]):
            out[-1] = last.model_copy(update={"end": ov.end})
        else:
            out.append(ov)
    return out
