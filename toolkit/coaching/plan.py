"""The shooting plan as plain data: numbered shots with filled texts, running totals, and the
shots grouped by location with the people and props each location needs.

The PDF (:mod:`toolkit.coaching.shotlist`) only draws what this module decides, so the content
can be tested without parsing a PDF and reused by the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.coaching.checklists import (
    ChecklistItem,
    pre_shoot_checklist,
    shot_checklist,
    tip_topic,
)
from toolkit.messages import language
from toolkit.storyboard import FRAMING_LABELS, Shot, Template, Text, fill

if TYPE_CHECKING:
    from toolkit.project import Project

ON_SCREEN_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Titel", "Title"), "lower_third": ("Bauchbinde", "Lower third"),
    "score": ("Spielstand", "Score"), "timer": ("Timer", "Timer"),
    "cta": ("Aufruf", "Call to action"), "text": ("Text", "Text"), "logo": ("Logo", "Logo"),
}
NO_LOCATION = Text(de="Ohne festen Ort", en="No fixed location")
VOICE_OVER = Text(de="Sprecher:in aus dem Off", en="Voice-over")


@dataclass
class Person:
    """Somebody needed for a shot: a name (if cast) and the role, and their consent."""

    role: str
    name: str | None = None
    consent: bool | None = None

    def label(self) -> str:
        """``Name – Role`` or just the role when nobody is cast yet."""
        return f"{self.name} – {self.role}" if self.name else self.role


@dataclass
class ShotEntry:
    """One numbered shot, every text filled and in the chosen language."""

    number: int
    id: str
    scene: str
    title: str
    purpose: str
    action: str
    framing: str
    framing_label: str
    orientation: str
    seconds: float
    running_total: float | None
    optional: bool
    location: str
    people: list[Person]
    props: list[str]
    lines: list[tuple[str, str]]
    on_screen: list[tuple[str, str]]
    tips: list[tuple[str, str]]
    checklist: list[str]


@dataclass
class LocationGroup:
    """All shots at one location, with what has to be there."""

    location: str
    shots: list[ShotEntry] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    props: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Screen time of the required shots at this location."""
        return sum(s.seconds for s in self.shots if not s.optional)


@dataclass
class ShotPlan:
    """Everything a printed shot list shows."""

    title: str
    subtitle: str
    lang: str
    target_seconds: float
    total_seconds: float
    platforms: list[str]
    shots: list[ShotEntry]
    locations: list[LocationGroup]
    checklist: list[tuple[str, str]]
    cast: list[Person]
    project_line: str = ""
    url: str = ""  # application link, printed with its QR code


def build_plan(template: Template, values: dict[str, str] | None = None,
               cast: dict[str, list[tuple[str, bool | None]]] | None = None,
               title: str | None = None, lang: str | None = None) -> ShotPlan:
    """Turn a template (and optionally a project's values and cast) into a :class:`ShotPlan`.

    Args:
        template: The storyboard.
        values: Placeholder values (missing ones stay visible as ``{name}``).
        cast: Role id -> ``[(name, consent)]`` of the people playing it.
        title: Heading (default: the template's title).
        lang: ``de`` or ``en`` (default: the active language).
    """
    lang = lang or language()
    values, cast = values or {}, cast or {}
    entries: list[ShotEntry] = []
    running = 0.0
    for scene in template.scenes:
        for shot in scene.shots:
            if not shot.optional:
                running += shot.seconds
            entries.append(_entry(template, shot, scene.title.get(lang), len(entries) + 1,
                                  None if shot.optional else running, values, cast, lang))
    people = [p for role in template.roles for p in _people(template, role.id, cast, lang)]
    return ShotPlan(
        title=title or fill(template.title.get(lang), values),
        subtitle=fill(template.description.get(lang), values), lang=lang,
        target_seconds=template.target_seconds, total_seconds=running,
        platforms=list(template.platforms), shots=entries, locations=_group(entries),
        checklist=[(i.group.get(lang), fill(i.text.get(lang), values))
                   for i in pre_shoot_checklist(template)],
        cast=people)


def _entry(template: Template, shot: Shot, scene: str, number: int, running: float | None,
           values: dict[str, str], cast: dict[str, list[tuple[str, bool | None]]],
           lang: str) -> ShotEntry:
    def f(text: Text | None) -> str:
        return fill(text.get(lang), values) if text is not None else ""

    return ShotEntry(
        number=number, id=shot.id, scene=scene, title=f(shot.title), purpose=f(shot.purpose),
        action=f(shot.action), framing=shot.framing,
        framing_label=FRAMING_LABELS[shot.framing][0 if lang == "de" else 1],
        orientation=shot.orientation, seconds=shot.seconds, running_total=running,
        optional=shot.optional, location=f(shot.location) or NO_LOCATION.get(lang),
        people=[p for role in shot.who for p in _people(template, role, cast, lang)],
        props=[f(p) for p in shot.props],
        lines=[(_speaker(template, line.role, cast, lang), f(line.text)) for line in shot.lines],
        on_screen=[(Text(de=ON_SCREEN_LABELS[o.kind][0], en=ON_SCREEN_LABELS[o.kind][1])
                    .get(lang), f(o.text)) for o in shot.on_screen],
        tips=[(tip_topic(tip.topic, lang), f(tip.text)) for tip in shot.tips],
        checklist=[f(item) for item in shot_checklist(shot)])


def _people(template: Template, role_id: str, cast: dict[str, list[tuple[str, bool | None]]],
            lang: str) -> list[Person]:
    role = template.role(role_id)
    label = role.title.get(lang) if role else role_id
    cast_list = cast.get(role_id) or []
    if not cast_list:
        return [Person(role=label)]
    return [Person(role=label, name=name, consent=ok) for name, ok in cast_list]


def _speaker(template: Template, role_id: str | None,
             cast: dict[str, list[tuple[str, bool | None]]], lang: str) -> str:
    if role_id is None:
        return VOICE_OVER.get(lang)
    names = [name for name, _ in cast.get(role_id) or []]
    if names:
        return names[0]
    role = template.role(role_id)
    return role.title.get(lang) if role else role_id


def _group(entries: list[ShotEntry]) -> list[LocationGroup]:
    groups: dict[str, LocationGroup] = {}
    for entry in entries:
        group = groups.setdefault(entry.location, LocationGroup(entry.location))
        group.shots.append(entry)
        for person in entry.people:
            if all(p.label() != person.label() for p in group.people):
                group.people.append(person)
        for prop in entry.props:
            if prop not in group.props:
                group.props.append(prop)
    return list(groups.values())


def plan_for_project(project: Project, lang: str | None = None) -> ShotPlan:
    """The :class:`ShotPlan` of a project: its template with its values and people."""
    from toolkit.project import placeholder_values, project_template

    template = project_template(project)
    cast: dict[str, list[tuple[str, bool | None]]] = {}
    for person in project.people:
        cast.setdefault(person.role, []).append((person.name, person.consent.given))
    plan = build_plan(template, placeholder_values(project, template), cast, lang=lang)
    plan.project_line = " · ".join(x for x in (project.name, project.company, project.trade) if x)
    plan.url = project.cta.url if project.cta.qr else ""
    return plan


def checklist_items(template: Template | None = None) -> list[ChecklistItem]:
    """The pre-shoot checklist items (re-exported for handouts)."""
    return pre_shoot_checklist(template)
