"""Coaching: pre-shoot checklist, tips per shot, printable shot list, trainer lessons and
workshop packs.

Typical use::

    from toolkit.coaching import write_shotlist, build_workshop_pack

    write_shotlist(project, "shotliste.pdf")
    build_workshop_pack("mach-mal-duell", "workshop.zip")
"""

from toolkit.coaching.checklists import (
    PRE_SHOOT,
    ChecklistItem,
    pre_shoot_checklist,
    shot_checklist,
)
from toolkit.coaching.plan import ShotPlan, build_plan, plan_for_project
from toolkit.coaching.shotlist import render_plan, write_shotlist, write_template_shotlist

__all__ = [
    "PRE_SHOOT", "ChecklistItem", "ShotPlan", "build_plan", "plan_for_project",
    "pre_shoot_checklist", "render_plan", "shot_checklist", "write_shotlist",
    "write_template_shotlist",
]
