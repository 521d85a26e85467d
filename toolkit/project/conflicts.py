"""Both sides of a refused stale edit: what this edit wanted and what was saved meanwhile.

When :func:`toolkit.project.store.update_project` refuses an edit made against an older revision
(:class:`~toolkit.project.commit.ProjectConflictError`), the app shows every overlapping field
with both values and lets the user choose; :func:`conflict_values` finds those values.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from toolkit.project.commit import project_at, project_data
from toolkit.project.merge import MISSING, Path as FieldPath, describe
from toolkit.project.model import Project
from toolkit.project.store import find_project_folder, load_project


@dataclass(frozen=True)
class ConflictValue:
    """One field both sides changed.

    Attributes:
        path: The field's path (see :mod:`toolkit.project.merge`).
        mine: Its value after the refused edit (``MISSING``: removed).
        theirs: Its value saved meanwhile (``MISSING``: removed).
    """

    path: FieldPath
    mine: Any
    theirs: Any

    def label(self, lang: str | None = None) -> str:
        """The field in words (``Firma``, ``edit › verdict › runde-1``)."""
        return describe(self.path, None, lang)


def value_at(data: Any, path: FieldPath) -> Any:
    """The value at ``path`` in project data (``MISSING`` when it is not there)."""
    for segment in path:
        if isinstance(data, dict):
            data = data.get(segment, MISSING)
        elif isinstance(data, list) and segment.startswith("[") and segment.endswith("]"):
            wanted = segment[1:-1]
            data = next((x for x in data if isinstance(x, dict)
                         and wanted in (x.get("name"), x.get("id"))), MISSING)
        else:
            return MISSING
        if data is MISSING:
            return MISSING
    return data


def conflict_values(ref: str | os.PathLike[str] | Project, fn: Callable[[Project], Any],
                    base_revision: int, paths: list[FieldPath],
                    workspace: str | os.PathLike[str] | None = None) -> list[ConflictValue]:
    """Each of ``paths`` with the value ``fn`` gives it on ``base_revision`` and the saved one.

    Args:
        ref: The project (name, folder or loaded project).
        fn: The refused edit (applied to a copy; nothing is saved).
        base_revision: The revision the edit was made against.
        paths: The conflicting fields (``ProjectConflictError.conflicts``).
        workspace: The project's workspace.

    Raises:
        ProjectError: The project or its base revision cannot be read.
    """
    folder = find_project_folder(ref, workspace)
    theirs = project_data(load_project(folder))
    mine_project = project_at(folder, base_revision, copy.deepcopy(theirs))
    fn(mine_project)
    mine = project_data(mine_project)
    return [ConflictValue(tuple(p), value_at(mine, tuple(p)), value_at(theirs, tuple(p)))
            for p in paths]


__all__ = ["ConflictValue", "conflict_values", "value_at"]
