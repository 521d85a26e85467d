"""People in a project and their consent to publication.

Nobody may be published without a recorded "yes". :func:`check_publication_consent` is called
before every export meant for publication; it raises :class:`~toolkit.errors.ConsentError` naming
who is missing. A responsible person can override the refusal with a reason; the override is
written into ``project.yaml`` (who, when, why, which people and shots) as an audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from toolkit.errors import ConsentError, ProjectError, UserInputError
from toolkit.messages import register, t
from toolkit.project.model import Consent, ConsentOverride, Person, Project, now
from toolkit.project.store import project_template, save_project

register({
    "consent.missing": (
        "Veröffentlichen abgelehnt: Für {people} liegt keine Einwilligung vor (zu sehen in: "
        "{shots}). Bitte die Einwilligung einholen und eintragen – oder eine begründete "
        "Ausnahme erfassen (wird im Projekt festgehalten).",
        "Publishing refused: there is no consent for {people} (visible in: {shots}). Please "
        "obtain and record the consent – or record a justified exception (kept in the project).",
    ),
    "consent.refused": ("hat abgelehnt", "refused"),
    "consent.unknown": ("nicht erfasst", "not recorded"),
    "consent.override_reason": (
        "Für eine Ausnahme bitte angeben, wer entscheidet und warum (z. B. „Person ist nur "
        "unscharf im Hintergrund“).",
        "For an exception please say who decides and why (e.g. 'person is only blurred in the "
        "background').",
    ),
    "project.unknown_person": (
        "Im Projekt gibt es keine Person „{person}“. Vorhanden: {known}.",
        "The project has no person '{person}'. Known: {known}.",
    ),
    "project.unknown_role": (
        "Die Vorlage hat keine Rolle „{role}“. Möglich: {known}.",
        "The template has no role '{role}'. Possible: {known}.",
    ),
    "project.unknown_shot": (
        "Die Vorlage hat keinen Shot „{shot}“. Vorhanden: {known}.",
        "The template has no shot '{shot}'. Available: {known}.",
    ),
})


@dataclass
class ConsentReport:
    """Result of a consent check that passed.

    Attributes:
        visible: Names of everyone visible in the checked shots.
        overridden: Names published without consent under a recorded override.
        unassigned_roles: Roles seen in the shots that no person has been given yet.
    """

    visible: list[str] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)
    unassigned_roles: list[str] = field(default_factory=list)


def add_person(project: Project, name: str, role: str, *, consent: bool | None = None,
               date: dt.date | None = None, note: str = "", save: bool = True) -> Person:
    """Add somebody who appears in the video (``role`` must be a role of the template).

    Raises:
        ProjectError: Unknown role.
    """
    roles = [r.id for r in project_template(project).roles]
    if role not in roles:
        raise ProjectError("project.unknown_role", role=role, known=", ".join(roles))
    ids = {p.id for p in project.people}
    pid = next(f"p{n}" for n in range(1, len(ids) + 2) if f"p{n}" not in ids)
    when = (date or dt.date.today()) if consent is not None else None
    person = Person(id=pid, name=name.strip(), role=role,
                    consent=Consent(given=consent, date=when, note=note))
    project.people.append(person)
    if save:
        save_project(project)
    return person


def set_consent(project: Project, person: str, given: bool, *, date: dt.date | None = None,
                note: str = "", save: bool = True) -> Person:
    """Record ``person``'s yes or no (date defaults to today).

    Raises:
        ProjectError: No such person.
    """
    found = _person(project, person)
    found.consent = Consent(given=given, date=date or dt.date.today(), note=note)
    if save:
        save_project(project)
    return found


def visible_people(project: Project, shots: Iterable[str] | None = None
                   ) -> tuple[dict[str, list[str]], list[str]]:
    """Who is visible in which shots.

    Args:
        project: The project.
        shots: Shot ids; default: shots that have takes, or every shot if none has one yet.

    Returns:
        ``(person id -> shot ids, roles without a person)``.
    """
    template = project_template(project)
    chosen = list(shots) if shots is not None else (
        [s.id for s in template.shots() if project.shots.get(s.id, None)
         and project.shots[s.id].takes] or [s.id for s in template.shots()])
    seen: dict[str, list[str]] = {}
    unassigned: set[str] = set()
    for shot_id in chosen:
        shot = template.shot(shot_id)
        if shot is None:
            known = ", ".join(s.id for s in template.shots())
            raise ProjectError("project.unknown_shot", shot=shot_id, known=known)
        state = project.shots.get(shot_id)
        if state is not None and state.people is not None:
            ids = list(state.people)
        else:
            ids = [p.id for p in project.people if p.role in shot.who]
            unassigned |= {r for r in shot.who if not any(p.role == r for p in project.people)}
        for pid in ids:
            seen.setdefault(pid, []).append(shot_id)
    return seen, sorted(unassigned)


def check_publication_consent(project: Project, people_visible: Iterable[str] | None = None,
                              *, shots: Iterable[str] | None = None,
                              override_by: str | None = None,
                              override_reason: str | None = None,
                              save: bool = True) -> ConsentReport:
    """Refuse publication while somebody visible has not consented.

    Args:
        project: The project.
        people_visible: Names or ids of the people in the video; if omitted they are derived
            from ``shots`` (see :func:`visible_people`).
        shots: Shot ids used in the export (when ``people_visible`` is omitted).
        override_by: Who takes responsibility for publishing anyway.
        override_reason: Why; required with ``override_by``. The override is recorded in the
            project and saved (unless ``save`` is False).
        save: Save the project when an override was recorded.

    Returns:
        A :class:`ConsentReport`.

    Raises:
        ConsentError: Someone visible has no "yes" and no override was given.
        UserInputError: An override without a reason.
        ProjectError: Unknown person or shot.
    """
    if people_visible is not None:
        seen = {_person(project, ref).id: [] for ref in people_visible}
        unassigned: list[str] = []
    else:
        seen, unassigned = visible_people(project, shots)
    people = [_person(project, pid) for pid in seen]
    missing = [p for p in people if p.consent.given is not True]
    report = ConsentReport(visible=[p.name for p in people], unassigned_roles=unassigned)
    if not missing:
        return report
    if not override_by or not (override_reason or "").strip():
        if override_by:
            raise UserInputError("consent.override_reason")
        raise ConsentError("consent.missing", people=_describe(missing),
                           shots=_shots_text(missing, seen))
    shot_ids = _ordered(s for p in missing for s in seen[p.id])
    project.consent_overrides.append(ConsentOverride(
        by=override_by.strip(), at=now(), reason=(override_reason or "").strip(),
        people=[p.name for p in missing], shots=shot_ids))
    if save:
        save_project(project)
    report.overridden = [p.name for p in missing]
    return report


def _person(project: Project, ref: str) -> Person:
    found = project.person(ref)
    if found is None:
        known = ", ".join(p.name for p in project.people) or "–"
        raise ProjectError("project.unknown_person", person=ref, known=known)
    return found


def _describe(people: list[Person]) -> str:
    def state(person: Person) -> str:
        return t("consent.refused" if person.consent.given is False else "consent.unknown")

    return ", ".join(f"{p.name} ({state(p)})" for p in people)


def _shots_text(people: list[Person], seen: dict[str, list[str]]) -> str:
    return ", ".join(_ordered(s for p in people for s in seen.get(p.id, []))) or "–"


def _ordered(items: Iterable[str]) -> list[str]:
    """Unique items in first-seen order (the storyboard's order)."""
    return list(dict.fromkeys(items))
