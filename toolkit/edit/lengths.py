"""Planned vs actual length of an assembled video, per shot and in total.

The storyboard plans each shot's seconds and the whole video's ``target_seconds``; the timeline
says what the takes actually give. :func:`length_plan` puts both side by side (the plan, the
Export page and the check report show it) and :func:`length_warnings` names a video more than
25 % over the template's length (its ``target_seconds``, or the planned shots plus the title and
end cards if they add up to more), with the shots that make it long, before anything is
rendered.
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from toolkit.edit.timeline import Timeline
from toolkit.media.report import Check
from toolkit.messages import register, t
from toolkit.numbers import format_number
from toolkit.project.model import Project
from toolkit.storyboard import Template

register({
    "render.too_long": (
        "Das Video wird {actual:.0f} s lang, die Vorlage plant {target:.0f} s (mehr als "
        "{over} % länger). Zu lang: {shots}. Unter „Aufnahmen“ den Ausschnitt dieser Takes "
        "kürzen (oder: machmal project range PROJEKT TAKE --start S --end S).",
        "The video will run {actual:.0f} s; the template plans {target:.0f} s (more than "
        "{over} % longer). Too long: {shots}. Shorten these takes' range under 'Upload' (or: "
        "machmal project range PROJECT TAKE --start S --end S).",
    ),
    "render.too_long_shot": ("„{title}“ {actual:.1f} s statt {planned:.0f} s",
                             "'{title}' {actual:.1f} s instead of {planned:.0f} s"),
    "render.lengths": ("Länge: {actual:.1f} s, geplant {planned:.0f} s (Vorlage: {target:.0f} s)",
                       "Length: {actual:.1f} s, planned {planned:.0f} s (template: "
                       "{target:.0f} s)"),
})

OVER_TARGET: Final = 0.25  # more than this share over the template's target is named
SHOT_OVER: Final = 0.25  # a shot this share (and LONG_SECONDS) over its plan makes it long
LONG_SECONDS: Final = 0.5


class ShotLength(BaseModel):
    """One clip of the video: its planned and its actual seconds.

    Attributes:
        id: Clip id (shot id, or ``title``/``end`` for the cards).
        shot: Storyboard shot id (None for cards).
        title: The shot's title (cards: their id).
        planned: Planned seconds (cards: their fixed length).
        actual: Seconds in the assembled video.
        picked: How the take's stretch was chosen (see :class:`~toolkit.edit.timeline.Clip`).
    """

    model_config = ConfigDict(extra="forbid")

    id: str
    shot: str | None = None
    title: str = ""
    planned: float
    actual: float
    picked: str | None = None

    @property
    def over(self) -> float:
        """Seconds more than planned (negative: shorter)."""
        return self.actual - self.planned


class LengthPlan(BaseModel):
    """Planned vs actual length of the whole video.

    Attributes:
        target: The template's ``target_seconds``.
        planned: Sum of the clips' planned seconds (shots used plus cards).
        actual: Length of the assembled video.
        shots: Per clip, in playing order.
        long_shots: Clip ids that make the video long (most seconds over first).
    """

    model_config = ConfigDict(extra="forbid")

    target: float
    planned: float
    actual: float
    shots: list[ShotLength] = Field(default_factory=list)
    long_shots: list[str] = Field(default_factory=list)

    @property
    def reference(self) -> float:
        """The length the template plans: its target, or the planned shots plus the cards
        when they add up to more."""
        return max(self.target, self.planned)

    @property
    def limit(self) -> float:
        """Longest length not named as too long (25 % over :attr:`reference`)."""
        return round(self.reference * (1 + OVER_TARGET), 3)

    @property
    def too_long(self) -> bool:
        """More than 25 % over the template's length."""
        return self.actual > self.limit + 1e-6

    def check(self) -> Check:
        """The check report's line: the video's length against the template's."""
        return Check(name="plan_length", ok=not self.too_long,
                     expected=f"<= {format_number(self.limit, 1)} s",
                     actual=f"{format_number(self.actual, 1)} s")

    def summary(self) -> str:
        """One line: actual, planned and target seconds (active language)."""
        return t("render.lengths", actual=float(self.actual), planned=float(self.planned),
                 target=float(self.target))


def length_plan(timeline: Timeline, template: Template, lang: str | None = None) -> LengthPlan:
    """Planned vs actual seconds of ``timeline`` (shot titles in ``lang``)."""
    shots = []
    for clip in timeline.clips:
        shot = template.shot(clip.shot) if clip.shot else None
        planned = clip.planned if clip.planned is not None else (
            shot.seconds if shot is not None else clip.seconds)
        shots.append(ShotLength(id=clip.id, shot=clip.shot,
                                title=shot.title.get(lang) if shot is not None else clip.id,
                                planned=round(planned, 3), actual=round(clip.seconds, 3),
                                picked=clip.picked))
    plan = LengthPlan(target=template.target_seconds,
                      planned=round(sum(s.planned for s in shots), 3),
                      actual=round(timeline.duration, 3), shots=shots)
    return plan.model_copy(update={"long_shots": [s.id for s in long_shots(plan)]})


def long_shots(plan: LengthPlan) -> list[ShotLength]:
    """The shots that run clearly over their plan, most seconds over first; if none does
    alone, the three furthest over."""
    over = sorted((s for s in plan.shots if s.shot is not None and s.over > 0),
                  key=lambda s: (-s.over, s.id))
    clear = [s for s in over if s.over >= max(LONG_SECONDS, SHOT_OVER * s.planned)]
    return clear or over[:3]


def length_warnings(plan: LengthPlan, lang: str | None = None) -> list[str]:
    """The warning for a video more than 25 % over the template's length (else none), in
    ``lang`` (default: the active language)."""
    if not plan.too_long:
        return []
    by_id = {s.id: s for s in plan.shots}
    named = [t("render.too_long_shot", lang, title=by_id[i].title,
               actual=float(by_id[i].actual), planned=float(by_id[i].planned))
             for i in plan.long_shots]
    return [t("render.too_long", lang, actual=float(plan.actual),
              target=float(plan.reference), over=round(OVER_TARGET * 100),
              shots=", ".join(named))]


def project_lengths(project: Project, template: Template, options: object = None,
                    lang: str | None = None) -> LengthPlan:
    """Planned vs actual length of ``project`` as it would render now (no graphics drawn, no
    on-screen text filled: for the Export page before the render button).

    Args:
        project: The project.
        template: Its storyboard.
        options: :class:`~toolkit.edit.from_project.EditOptions` (default: the project's).
        lang: Language of the shot titles.

    Raises:
        ProjectError: A required shot has no take, unknown shot or take, a missing file.
    """
    from toolkit.edit.from_project import (EditOptions, build_clips, choose_takes, shot_order,
                                           timeline_rate)
    from toolkit.edit.overlays import with_cards

    edit = options if isinstance(options, EditOptions) else EditOptions()
    chosen = choose_takes(project, shot_order(project, template, edit), edit)
    rate = timeline_rate(chosen)
    clips = build_clips(project, chosen, edit, rate, {})
    timeline = with_cards(Timeline(project=project.name, fps=str(rate), clips=clips))
    return length_plan(timeline, template, lang)
