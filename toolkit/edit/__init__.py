"""Assembly: a project's takes -> a timeline (plain data) -> one render for every platform.

The one delivery path: a project's timeline and a single clip's (a timeline of one clip, the
plan of ``export``, ``reformat``, ``subtitle --burn``, quick subtitles and a take's export) are
rendered alike by :func:`~toolkit.edit.run.execute_plan`, with one options type
(:class:`~toolkit.edit.plan.RenderOptions`), one cover choice and one check report.

* :mod:`~toolkit.edit.timeline` - the timeline model (pydantic, versioned JSON);
* :mod:`~toolkit.edit.from_project` - project -> timeline (order, takes, trims);
* :mod:`~toolkit.edit.overlays` - cards and overlays from the storyboard's on-screen texts;
* :mod:`~toolkit.edit.split` - duel split screen and the start-mark suggestion;
* :mod:`~toolkit.edit.layout` - timeline + output geometry -> how each piece looks;
* :mod:`~toolkit.edit.graphics` - Pillow drawings in the brand kit's look;
* :mod:`~toolkit.edit.audio` - speech, music bed, one loudness measurement;
* :mod:`~toolkit.edit.plan` / :mod:`~toolkit.edit.run` - :func:`plan_render`,
  :func:`render_project`, :func:`~toolkit.edit.run.execute_plan`; :func:`save_plan` /
  :func:`load_plan` (a saved plan's paths relative to its file);
* :mod:`~toolkit.edit.clip_plan` - :func:`~toolkit.edit.clip_plan.plan_clip`, one source file
  as a plan;
* :mod:`~toolkit.edit.report` - the check report of every delivered file.
"""

from __future__ import annotations

from typing import Any

__all__ = ["RenderOptions", "RenderPlan", "RenderResult", "Timeline", "load_plan", "plan_render",
           "render_project", "save_plan"]

_WHERE = {"RenderOptions": "plan", "RenderPlan": "plan", "plan_render": "plan",
          "load_plan": "plan", "save_plan": "plan", "RenderResult": "run",
          "render_project": "run", "Timeline": "timeline"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"toolkit.edit.{_WHERE[name]}"), name)
    raise AttributeError(name)
