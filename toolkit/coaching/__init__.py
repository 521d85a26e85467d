"""Coaching: pre-shoot checklist, tips per shot, printable shot list, trainer lessons and
workshop packs.

Typical use::

    from toolkit.coaching import write_shotlist, build_workshop_pack

    write_shotlist(project, "shotliste.pdf")
    build_workshop_pack("mach-mal-duell", "workshop.zip")

The names below are imported when first used (PEP 562), so a module that needs only one part
(the render's cards need :mod:`toolkit.coaching.qr`) does not load the PDF library.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "PRE_SHOOT": "checklists", "ChecklistItem": "checklists",
    "pre_shoot_checklist": "checklists", "shot_checklist": "checklists",
    "ShotPlan": "plan", "build_plan": "plan", "plan_for_project": "plan",
    "render_plan": "shotlist", "write_shotlist": "shotlist",
    "write_template_shotlist": "shotlist", "build_workshop_pack": "workshop",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """The public name ``name``, from the module that defines it."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
