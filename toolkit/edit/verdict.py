"""The verdict of a duel: which scenes are rounds, who won each, and the scoreboard it gives.

The scoreboard's values come from the render's own overlays (:func:`toolkit.edit.overlays.
add_graphics`) laid over a video of the storyboard's planned shot lengths, so what the studio
previews is what the render draws. A scene is a *round* when it shows a timer or a scoreboard
itself and a verdict for it changes a scoreboard of the video.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, get_args

from toolkit.edit.timeline import Clip, Overlay, Timeline
from toolkit.project.editing import Winner
from toolkit.project.model import Project
from toolkit.project.placeholders import missing_placeholders, placeholder_values
from toolkit.storyboard import Scene, Template

WINNERS: tuple[str, ...] = get_args(Winner)
_RATE = Fraction(25)
_UNFILLED = "…"


@dataclass(frozen=True)
class VerdictState:
    """What the verdict of a project decides.

    Attributes:
        rounds: The template's round scenes, in order.
        decided: Scene id -> winner of the rounds with a verdict.
        scoreboards: The score overlays the render draws (empty: no scoreboard in the video).
    """

    rounds: tuple[Scene, ...]
    decided: dict[str, str]
    scoreboards: tuple[Overlay, ...]

    @property
    def open_rounds(self) -> list[Scene]:
        """Rounds without a verdict yet."""
        return [s for s in self.rounds if s.id not in self.decided]

    @property
    def needs_verdict(self) -> bool:
        """The template shows a scoreboard but no verdict is entered: it would be left out."""
        return bool(self.rounds) and not self.decided

    @property
    def final(self) -> tuple[int, int] | None:
        """The last scoreboard's (challenger, defender) wins (None: none drawn)."""
        if not self.scoreboards:
            return None
        a, b = (list(self.scoreboards[-1].values) + [0, 0])[:2]
        return int(a), int(b)


def set_verdict(project: Project, scene_id: str, winner: str | None) -> None:
    """Set (or with ``None`` clear) the winner of round ``scene_id`` in ``project.edit``."""
    verdict = dict(project.edit.verdict)
    if winner is None:
        verdict.pop(scene_id, None)
    else:
        verdict[scene_id] = winner  # type: ignore[assignment]
    project.edit.verdict = verdict


def verdict_state(project: Project, template: Template) -> VerdictState:
    """The rounds of ``template`` and the scoreboards ``project``'s verdict gives."""
    draft = _draft(project, template)
    rounds = tuple(s for s in template.scenes if _is_round(draft, template, s.id))
    decided = {k: v for k, v in project.edit.verdict.items() if k in {s.id for s in rounds}}
    return VerdictState(rounds, decided, tuple(scoreboards(draft, template)))


def scoreboards(project: Project, template: Template) -> list[Overlay]:
    """The score overlays the render lays over a video of the planned shot lengths."""
    from toolkit.edit.overlays import add_graphics

    shots = [s for s in template.shots()
             if not s.optional or (s.id in project.shots and project.shots[s.id].takes)]
    clips = [Clip(id=s.id, kind="take", shot=s.id, seconds=s.seconds) for s in shots]
    timeline = Timeline(project=project.name, clips=clips, brand=project.brand).restack()
    drawn = add_graphics(timeline, project, template, shots, _RATE, [])
    return [o for o in drawn.overlays if o.kind == "score"]


def score_preview(project: Project, template: Template, platform: str = "reels",
                  width: int = 360) -> Any:
    """A still of the last scoreboard as the render draws it, on a dark strip of the frame.

    Returns:
        A PIL image ``width`` pixels wide (the frame's full width around the scoreboard), or
        None when the video has no scoreboard (no verdict yet, or the template has none).
    """
    import tempfile

    from PIL import Image

    from toolkit.edit.caption_faces import overlay_images
    from toolkit.edit.graphics import draw_output
    from toolkit.edit.plan import group_outputs
    from toolkit.platforms import PRESETS

    boards = scoreboards(_draft(project, template), template)
    if not boards:
        return None
    planned = group_outputs([PRESETS[platform]], _RATE)[0]
    timeline = Timeline(project=project.name, brand=project.brand, overlays=[boards[-1]])
    frame = Image.new("RGBA", (planned.width, planned.height), (40, 40, 40, 255))
    top, bottom = planned.height, 0
    with tempfile.TemporaryDirectory(prefix="machmal-score-") as tmp:
        drawn = draw_output(timeline, planned, Path(project.folder), Path(tmp))
        for placed in drawn.overlays:
            image = Image.open(overlay_images(placed)[-1]).convert("RGBA")
            frame.alpha_composite(image, (int(placed.x), int(placed.y)))
            top, bottom = min(top, int(placed.y)), max(bottom, int(placed.y) + image.height)
    if bottom <= top:
        return None
    pad = (bottom - top) // 2
    strip = frame.crop((0, max(0, top - pad), planned.width, min(planned.height, bottom + pad)))
    return strip.convert("RGB").resize((width, round(strip.height * width / strip.width)))


def _is_round(draft: Project, template: Template, scene_id: str) -> bool:
    """Does ``scene_id`` show a timer or score, and does its verdict change a scoreboard?"""
    scene = next(s for s in template.scenes if s.id == scene_id)
    if not any(item.kind in ("timer", "score") for shot in scene.shots for item in shot.on_screen):
        return False
    probe = draft.model_copy(deep=True)
    probe.edit = probe.edit.model_copy(update={"verdict": {scene_id: "challenger"}})
    return any(o.values[:1] and o.values[0] > 0 for o in scoreboards(probe, template))


def _draft(project: Project, template: Template) -> Project:
    """A copy of ``project`` whose unfilled placeholders read "…" (never saved)."""
    known = placeholder_values(project, template)
    used = [*missing_placeholders(project, template), "cta", "url",
            *(f"{r.id}_name" for r in template.roles)]
    missing = [n for n in used if n not in known]
    if not missing:
        return project
    draft = project.model_copy(deep=True)
    draft.placeholders = {**draft.placeholders, **{n: _UNFILLED for n in missing}}
    return draft


__all__ = ["WINNERS", "VerdictState", "score_preview", "scoreboards", "set_verdict",
           "verdict_state"]
