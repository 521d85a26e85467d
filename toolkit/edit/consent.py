"""Publication consent for a render: everyone visible in the used shots must have said yes.

The existing check (:func:`toolkit.project.consent.check_publication_consent`) decides. A render
refused for missing consent names the people; it goes ahead when a reasoned override covering
them is recorded in the project (earlier, e.g. ``machmal project check-consent --override-by``) or
given now (it is then recorded). Either way the override is returned for the check report.
"""

from __future__ import annotations

from typing import Any

from toolkit.edit.timeline import Timeline
from toolkit.project.model import Project


def used_shots(timeline: Timeline) -> list[str]:
    """Shot ids the timeline shows, in order."""
    return list(dict.fromkeys(c.shot for c in timeline.clips if c.shot))


def check_consent(project: Project, timeline: Timeline, override_by: str | None = None,
                  override_reason: str | None = None) -> dict[str, Any]:
    """Check consent for the shots of ``timeline``.

    Returns:
        ``{"visible": [...], "overridden": [...], "overrides": [{by, at, reason, people}]}``.

    Raises:
        ConsentError: Someone visible has no recorded yes and no override covers them.
        UserInputError: An override without a reason.
    """
    from toolkit.project.consent import check_publication_consent, visible_people

    shots = used_shots(timeline)
    seen, _ = visible_people(project, shots)
    missing = {p.name for p in project.people if p.id in seen and p.consent.given is not True}
    recorded = [o for o in project.consent_overrides if missing & set(o.people)]
    covered = set().union(*(set(o.people) for o in recorded)) if recorded else set()
    if missing and missing <= covered and not override_by:
        visible = [p.name for p in project.people if p.id in seen]
        return _summary(visible, sorted(missing), recorded)
    if not override_by:
        report = check_publication_consent(project, shots=shots, save=False)  # raises
        return _summary(report.visible, report.overridden, [])
    from toolkit.project.store import update_project

    def record(p: Project) -> tuple[Any, Any]:
        found = check_publication_consent(p, shots=shots, override_by=override_by,
                                          override_reason=override_reason, save=False)
        return found, p.consent_overrides[-1:] if found.overridden else []

    report, added = update_project(project.folder, record)
    return _summary(report.visible, report.overridden, added)


def _summary(visible: list[str], overridden: list[str], overrides: list[Any]) -> dict[str, Any]:
    return {"visible": visible, "overridden": overridden,
            "overrides": [{"by": o.by, "at": o.at.isoformat(), "reason": o.reason,
                           "people": list(o.people)} for o in overrides]}
