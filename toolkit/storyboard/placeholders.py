"""Placeholders such as ``{azubi_name}``, ``{beruf}`` and ``{firma}`` in template texts.

Only ``{lower_case_name}`` counts as a placeholder, so other braces in a text stay untouched.
Values missing at fill time are left visible (``{azubi_name}``), so a printed shot list shows
what still has to be decided.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from toolkit.storyboard.schema import Template, Text

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
BUILTIN = ("firma", "beruf", "url", "cta")
"""Placeholders every template may use: company, trade, call-to-action URL and text."""


def names_in(text: str) -> list[str]:
    """Placeholder names used in ``text``, in order of appearance."""
    return PLACEHOLDER.findall(text)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every known ``{name}`` in ``text``; unknown or empty ones stay as they are."""
    def _sub(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return value if value else match.group(0)

    return PLACEHOLDER.sub(_sub, text)


def known_names(template: Template) -> set[str]:
    """All placeholder names a template may use."""
    names = set(BUILTIN) | set(template.placeholders)
    names |= {f"{role.id}_name" for role in template.roles}
    return names


def iter_texts(template: Template) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    """Yield ``(loc, text)`` for every text of the shots (where placeholders may appear)."""
    for si, scene in enumerate(template.scenes):
        for hi, shot in enumerate(scene.shots):
            base: tuple[str | int, ...] = ("scenes", si, "shots", hi)
            for name in ("title", "purpose", "action"):
                yield (*base, name), getattr(shot, name)
            if shot.location is not None:
                yield (*base, "location"), shot.location
            for pi, prop in enumerate(shot.props):
                yield (*base, "props", pi), prop
            for ci, item in enumerate(shot.checklist):
                yield (*base, "checklist", ci), item
            for field in ("lines", "on_screen", "tips"):
                for i, entry in enumerate(getattr(shot, field)):
                    yield (*base, field, i, "text"), entry.text


def values_for(template: Template, *, company: str = "", trade: str = "", url: str = "",
               cta: str = "", people: Iterable[tuple[str, str]] = (),
               explicit: Mapping[str, str] | None = None) -> dict[str, str]:
    """Build the placeholder values of a project.

    Args:
        template: The template (for ``from_role`` declarations).
        company: Company name (``{firma}``).
        trade: Trade / apprenticeship (``{beruf}``).
        url: Call-to-action URL (``{url}``).
        cta: Call-to-action text (``{cta}``).
        people: ``(name, role_id)`` pairs; the first person of a role fills ``{role_name}``.
        explicit: Values the user typed in; they win over derived ones.

    Returns:
        Name -> value (only non-empty values).
    """
    values = {"firma": company, "beruf": trade, "url": url, "cta": cta}
    by_role: dict[str, str] = {}
    for name, role in people:
        by_role.setdefault(role, name)
    for role, name in by_role.items():
        values[f"{role}_name"] = name
    for pname, decl in template.placeholders.items():
        if decl.from_role and decl.from_role in by_role:
            values[pname] = by_role[decl.from_role]
    values.update(explicit or {})
    return {k: v for k, v in values.items() if v}
