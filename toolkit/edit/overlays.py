"""Cards and overlays of a timeline, from the storyboard's on-screen texts and the project.

* title card before the first clip: the project's challenge (the storyboard's first ``title``
  text, placeholders filled) under the format's name, then company and trade; end card (call
  to action, company, URL, QR code) after the last (:func:`with_cards` places both, for the
  render and for the length plan);
* the on-screen texts of every used shot: ``title``/``text`` bands, ``cta`` (the call to action,
  low in the frame), ``lower_third`` (name ·
  role), ``timer`` (the round's clock over every shot of the round, split screens included,
  counting down in real seconds to ``0:00`` at the round's end: :func:`round_clock`),
  ``score`` (from the verdict the user entered: :mod:`toolkit.edit.score_moments`);
* a lower third for everybody visible who has none from the storyboard, when they first appear;
* the logo over every take.

Texts come from the storyboard with placeholders filled from the project; a placeholder still
unfilled refuses the render, naming it and the command that sets it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction

from toolkit.edit.timeline import Card, Clip, Overlay, Timeline
from toolkit.errors import UserInputError
from toolkit.messages import register, t
from toolkit.project.model import Project
from toolkit.project.placeholders import placeholder_values
from toolkit.storyboard import Shot, Template
from toolkit.storyboard.placeholders import fill, names_in

register({
    "render.placeholder": (
        "Der Text „{text}“ braucht noch einen Wert für {{{name}}}. Bitte eintragen: {command}",
        "The text '{text}' still needs a value for {{{name}}}. Please set it: {command}",
    ),
    "render.no_verdict": (
        "Punktestand ausgelassen: Es ist noch kein Urteil eingetragen. Im Studio unter "
        "„Format & Export“ › „Urteil und Punktestand“ je Runde wählen, wer gewonnen hat, oder: "
        "machmal project verdict \"{project}\" RUNDE=challenger|defender|draw",
        "Scoreboard left out: no verdict has been entered yet. In the studio, choose who won "
        "each round under 'Format & export' › 'Verdict and score', or: machmal project verdict "
        "\"{project}\" ROUND=challenger|defender|draw",
    ),
})

TITLE_SECONDS = 2.0
END_SECONDS = 3.0
LOWER_THIRD_SECONDS = 2.5
_FLAGS = {"firma": "--company", "beruf": "--trade", "url": "--url", "cta": "--cta"}


def set_command(project: Project, name: str) -> str:
    """The command that fills placeholder ``name``."""
    if name in _FLAGS:
        return f'machmal project set "{project.name}" {_FLAGS[name]} …'
    if name.endswith("_name"):
        role = name[: -len("_name")]
        return f'machmal project add-person "{project.name}" NAME --role {role}'
    return f'machmal project set "{project.name}" {name}="…"'


class Texts:
    """Fills storyboard texts for the project, refusing unfilled placeholders."""

    def __init__(self, project: Project, template: Template) -> None:
        self.project = project
        self.values = placeholder_values(project, template)

    def __call__(self, text: str) -> str:
        filled = fill(text, self.values)
        missing = names_in(filled)
        if missing:
            raise UserInputError("render.placeholder", text=text, name=missing[0],
                                 command=set_command(self.project, missing[0]))
        return filled


def seconds_of(text: str) -> float | None:
    """A duration written by people: ``60 Sekunden``, ``1:30``, ``2 Minuten``, ``90 s``."""
    m = re.search(r"(\d+):(\d{2})", text)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*(min|minute|minuten)?", text, re.IGNORECASE)
    if not m:
        return None
    value = float(m.group(1).replace(",", "."))
    return value * 60 if m.group(2) else value


def with_cards(timeline: Timeline, title: Card | None = None,
               end: Card | None = None) -> Timeline:
    """``timeline`` between its title card and its end card: THE cards' ids and lengths.

    Args:
        timeline: The clips of the shots.
        title: What the title card shows (None: nothing drawn, e.g. to plan lengths).
        end: What the end card shows (None likewise).
    """
    first = Clip(id="title", kind="card", seconds=TITLE_SECONDS, card=title)
    last = Clip(id="end", kind="card", seconds=END_SECONDS, card=end)
    return timeline.model_copy(update={"clips": [first, *timeline.clips, last]}).restack()


def add_graphics(timeline: Timeline, project: Project, template: Template,
                 shots: Sequence[Shot], rate: Fraction, warnings: list[str]) -> Timeline:
    """``timeline`` with title and end card, overlays and logo (see the module docstring).

    Raises:
        UserInputError: ``render.placeholder`` for an on-screen text that cannot be filled.
    """
    texts = Texts(project, template)
    name = texts(template.title.get())
    headline = challenge(template, texts) or name
    timeline = with_cards(timeline, Card(
        kind="title", kicker=name if headline != name else "",
        lines=[x for x in (headline, project.company, project.trade) if x]), Card(
        kind="end", lines=[x for x in (texts("{cta}"), project.company) if x],
        url=texts("{url}"), qr=project.cta.qr))
    by_id = {s.id: s for s in shots}
    overlays: list[Overlay] = []
    for clip in timeline.clips:
        if clip.shot in by_id:
            overlays += _shot_overlays(clip, by_id[clip.shot], timeline, template, project,
                                       texts, warnings)
    overlays += _scores(timeline, project, template, shots, texts, warnings)
    overlays += _introductions(timeline, project, template, overlays)
    takes = [c for c in timeline.clips if c.kind != "card"]
    if project.brand.logo and takes:
        overlays.append(Overlay(kind="logo", start=takes[0].start, end=takes[-1].end))
    overlays.sort(key=lambda o: (o.start, o.kind))
    return timeline.model_copy(update={"overlays": overlays})


def _shot_overlays(clip: Clip, shot: Shot, timeline: Timeline, template: Template,
                   project: Project, texts: Texts, warnings: list[str]) -> list[Overlay]:
    out = []
    for item in shot.on_screen:
        text = texts(item.text.get())
        if item.kind in ("title", "text", "cta"):
            out.append(Overlay(kind=item.kind, start=clip.start, end=clip.end, lines=[text]))
        elif item.kind == "lower_third":
            name, _, role = text.partition(" · ")
            out.append(Overlay(kind="lower_third", start=clip.start,
                               end=min(clip.end, clip.start + LOWER_THIRD_SECONDS),
                               lines=[name.strip(), role.strip()]))
        elif item.kind == "timer":
            out.append(_timer(clip, shot, timeline, template, project, text))
    return out


def challenge(template: Template, texts: Texts) -> str:
    """The storyboard's first ``title`` text, filled (``Azubi vs. Ausbilder:in: Brezeln
    schlingen``); empty when it has none."""
    for shot in template.shots():
        for item in shot.on_screen:
            if item.kind == "title":
                return texts(item.text.get())
    return ""


def _scores(timeline: Timeline, project: Project, template: Template, shots: Sequence[Shot],
            texts: Texts, warnings: list[str]) -> list[Overlay]:
    """The scoreboard's moments; without a verdict none, and a warning."""
    from toolkit.edit.score_moments import score_overlays

    with_score = {s.id for s in shots if any(i.kind == "score" for i in s.on_screen)}
    items = [c for c in timeline.clips if c.shot in with_score]
    if not {"challenger", "defender"} <= {r.id for r in template.roles}:
        return []  # no duel, no scoreboard
    if not project.edit.verdict:
        if items:
            note = t("render.no_verdict", project=project.name)
            if note not in warnings:
                warnings.append(note)
        return []
    names = [texts("{challenger_name}"), texts("{defender_name}")]
    return score_overlays(timeline, project, template, items, names)


def _timer(clip: Clip, shot: Shot, timeline: Timeline, template: Template, project: Project,
           text: str) -> Overlay:
    """The round's clock: shown from the timer's shot to the end of its scene (every shot of
    the round, split screens included); it starts running where the timer's shot ends when
    more of the round follows (the countdown leads in), else with the shot, or where the
    user put it (``edit.timer_starts``: seconds into the timer's shot). Its length: the user's
    (``edit.timers``, as given: e.g. a round won with seconds left), else the text's (``{zeit}``
    = "60 Sekunden"), else the shot's; a length not the user's is at most the whole seconds
    the round plays after the clock starts (:func:`round_clock`)."""
    given = project.edit.timers.get(shot.id)
    length = given or seconds_of(text) or shot.seconds
    scene = template.scene_of(shot.id)
    ids = {s.id for s in scene.shots} if scene else {shot.id}
    rest = [c for c in timeline.clips if c.shot in ids and c.start >= clip.end]
    end = rest[-1].end if rest else clip.end
    user = project.edit.timer_starts.get(shot.id)
    if user is not None:
        clock = min(end, clip.start + max(0.0, user))
    else:
        clock = clip.end if rest else clip.start
    if not given:
        length = round_clock(length, end - clock)
    return Overlay(kind="timer", start=clip.start, end=end, values=[float(length)],
                   round=scene.id if scene else None, clock_start=round(clock, 3))


def round_clock(limit: float, plays: float) -> float:
    """The seconds a round's clock counts down: the round's time ``limit``, but no more than
    the whole seconds the round ``plays`` in the video once the clock runs (at least 1).

    An edited round is far shorter than its time limit (a 60-second round cut to 8 s of
    hands and faces): a clock counting the limit would stand near ``1:00`` and vanish with
    the round. Counting what plays, it runs in real seconds (its sound cues one second apart)
    and reaches ``0:00`` as the round ends.
    """
    return float(max(1, min(round(limit), math.floor(plays + 1e-6))))


def _introductions(timeline: Timeline, project: Project, template: Template,
                   overlays: list[Overlay]) -> list[Overlay]:
    """Lower thirds for people visible without one from the storyboard (first appearance)."""
    named = {o.lines[0] for o in overlays if o.kind == "lower_third" and o.lines}
    out = []
    for clip in timeline.clips:
        new = [n for s in clip.sources[:1] for n in s.people if n not in named]
        if not new:
            continue
        span = min(LOWER_THIRD_SECONDS, clip.seconds / len(new))
        for i, name in enumerate(new):
            person = project.person(name)
            role = template.role(person.role) if person else None
            out.append(Overlay(kind="lower_third", start=clip.start + i * span,
                               end=clip.start + (i + 1) * span,
                               lines=[name, role.title.get() if role else ""]))
            named.add(name)
    return out
