"""The placeholder values of a project (company, trade, people, call to action, typed values)."""

from __future__ import annotations

from toolkit.project.model import Project
from toolkit.storyboard import Template, values_for


def placeholder_values(project: Project, template: Template) -> dict[str, str]:
    """Name -> value for filling ``template``'s texts for ``project`` (only known values)."""
    return values_for(template, company=project.company, trade=project.trade,
                      url=project.cta.url, cta=project.cta.text,
                      people=[(p.name, p.role) for p in project.people],
                      explicit=project.placeholders)


def missing_placeholders(project: Project, template: Template) -> list[str]:
    """Placeholders the template uses that the project has no value for yet."""
    from toolkit.storyboard.placeholders import iter_texts, names_in

    values = placeholder_values(project, template)
    used: list[str] = []
    for _loc, text in iter_texts(template):
        for name in names_in(text.de) + names_in(text.en or ""):
            if name not in values and name not in used:
                used.append(name)
    return used
