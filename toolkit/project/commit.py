"""Committing a project revision: merge a stale edit, write history, replace ``project.yaml``.

Called only while the project's lock is held (see :func:`toolkit.project.store.update_project`).
A commit turns *ours* (the edited project, which remembers the revision it was read at) into the
next revision on disk. If the disk moved on since that revision, the edit is three-way merged
(base: the revision it was read at, from the history; theirs: the disk) or refused with a
:class:`ProjectConflictError` naming what changed elsewhere. The snapshot in ``history/`` is
written before ``project.yaml``; both writes are atomic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from toolkit.errors import ProjectError
from toolkit.messages import register, t
from toolkit.atomic import atomic_write_bytes
from toolkit.project.history import HISTORY_DIR, Revision, read_snapshot, write_snapshot
from toolkit.project.merge import Change, Path as FieldPath, describe, diff, merge3
from toolkit.project.merge import strip_bookkeeping
from toolkit.project.model import Project, migrate, now

register({
    "project.save_failed": (
        "{file}: Speichern fehlgeschlagen ({detail}). Die vorherige Fassung ist unverändert.",
        "{file}: saving failed ({detail}). The previous version is unchanged.",
    ),
    "project.conflict": (
        "„{name}“ wurde inzwischen geändert (Fassung {base} → {current}), und diese Änderung "
        "überschneidet sich damit: {fields}. Anderswo geändert: {elsewhere}. Nichts wurde "
        "überschrieben; bitte das Projekt neu laden und die Änderung noch einmal vornehmen.",
        "'{name}' was changed meanwhile (revision {base} → {current}) and this edit overlaps "
        "with it: {fields}. Changed elsewhere: {elsewhere}. Nothing was overwritten; please "
        "reload the project and make the change again.",
    ),
    "project.base_gone": (
        "„{name}“: Diese Änderung beruht auf Fassung {base}, die nicht mehr im Verlauf ist "
        "(aktuell: Fassung {current}). Nichts wurde überschrieben; bitte neu laden.",
        "'{name}': this edit is based on revision {base}, which is no longer in the history "
        "(current: revision {current}). Nothing was overwritten; please reload.",
    ),
})

PROJECT_FILE = "project.yaml"
MAX_NAMED = 8  # changes named in a conflict message


class ProjectConflictError(ProjectError):
    """A stale edit overlaps with changes saved since it was read.

    Attributes:
        conflicts: Paths both sides changed.
        elsewhere: Everything saved since the edit's base revision.
    """

    def __init__(self, name: str, base: int, current: int, conflicts: list[FieldPath],
                 elsewhere: list[Change]) -> None:
        self.conflicts = conflicts
        self.elsewhere = elsewhere
        super().__init__("project.conflict", name=name, base=base, current=current)

    def message(self, lang: str | None = None) -> str:
        """Name the overlapping fields and what changed elsewhere, in ``lang``."""
        fields = ", ".join(describe(p, None, lang) for p in self.conflicts[:MAX_NAMED])
        elsewhere = "; ".join(describe(c.path, c.kind, lang) for c in self.elsewhere[:MAX_NAMED])
        return t(self.key, lang, fields=fields, elsewhere=elsewhere or "–", **self.params)


def project_data(project: Project) -> dict[str, Any]:
    """The project as plain data, exactly as it is written to ``project.yaml``."""
    return project.model_dump(mode="json")


def commit(folder: Path, ours: Project, theirs: dict[str, Any] | None, *,
           action: str = "edit", restored_from: int | None = None) -> Project:
    """Write ``ours`` as the next revision after ``theirs`` (the data on disk, None: none yet).

    ``action`` is recorded in the history; only an ``edit`` made against an older revision is
    merged (it becomes a ``merge``); a ``restore``/``undo``/``import`` replaces the data.

    Returns:
        The saved project (new revision and time; merged data if the edit was stale).

    Raises:
        ProjectConflictError: A stale edit overlaps with newer changes.
        ProjectError: The base revision is gone, or writing failed (the old file is kept).
    """
    data = project_data(ours)
    current = int(theirs["revision"]) if theirs is not None else 0
    if theirs is None and action == "edit":
        action = "create"
    elif action == "edit" and theirs is not None and ours.revision != current:
        data, action = _merge_stale(folder, ours, theirs), "merge"
    try:
        saved = Project.model_validate({**data, "revision": current + 1, "updated": now()})
    except ValidationError:
        raise ProjectConflictError(ours.name, ours.revision, current, [()], []) from None
    saved._folder = folder
    new = project_data(saved)
    changes = diff(strip_bookkeeping(theirs), strip_bookkeeping(new)) if theirs else []
    revision = Revision(saved.revision, saved.updated, changes, action, restored_from)
    _clean_leftovers(folder)
    try:
        write_snapshot(folder, revision, new)
        text = yaml.safe_dump(new, allow_unicode=True, sort_keys=False, width=100)
        atomic_write_bytes(folder / PROJECT_FILE, text.encode("utf-8"))
    except OSError as exc:
        raise ProjectError("project.save_failed", file=str(folder / PROJECT_FILE),
                           detail=str(exc)) from exc
    return saved


def project_at(folder: Path, revision: int, current: dict[str, Any]) -> Project:
    """The project as it was at ``revision`` (from the history, or ``current`` itself).

    Raises:
        ProjectError: That revision is not kept (any more).
    """
    data = current if revision == current.get("revision") else _stored(folder, revision)
    if data is None or revision > int(current.get("revision", 0)):
        raise ProjectError("project.base_gone", name=current.get("name", folder.name),
                           base=revision, current=current.get("revision"))
    project = Project.model_validate(migrate(dict(data), folder / PROJECT_FILE))
    project._folder = folder
    return project.model_copy(update={"revision": revision})


def adopt(target: Project, source: Project) -> None:
    """Make ``target`` (a caller's object) hold ``source``'s saved state."""
    target.__dict__.update(source.__dict__)
    target._folder = source._folder


def _merge_stale(folder: Path, ours: Project, theirs: dict[str, Any]) -> dict[str, Any]:
    base = strip_bookkeeping(project_data(project_at(folder, ours.revision, theirs)))
    theirs_s, ours_s = strip_bookkeeping(theirs), strip_bookkeeping(project_data(ours))
    merged, conflicts = merge3(base, theirs_s, ours_s)
    if conflicts:
        raise ProjectConflictError(theirs.get("name", ours.name), ours.revision,
                                   int(theirs["revision"]), conflicts, diff(base, theirs_s))
    return merged


def _stored(folder: Path, revision: int) -> dict[str, Any] | None:
    found = read_snapshot(folder, revision)
    return None if found is None else found[1]


def _clean_leftovers(folder: Path) -> None:
    """Remove temporary files of writers that were killed (safe: we hold the lock)."""
    for pattern, where in ((".project.tmp-*.yaml", folder),
                           (".r*.tmp-*.json", folder / HISTORY_DIR)):
        for leftover in where.glob(pattern):
            leftover.unlink(missing_ok=True)
