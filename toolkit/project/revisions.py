"""History of a project: list revisions, restore one, undo the last change.

A restore never rewrites the past: it saves the old content as a *new* revision, so it can be
undone in turn. :func:`undo_last_change` is what the studio's "Rückgängig" button calls;
pressed again it steps further back (an undo of an undo goes one revision further).
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.errors import ProjectError
from toolkit.messages import register
from toolkit.project.commit import adopt, commit, project_at, project_data
from toolkit.project.history import Revision, list_revisions, read_snapshot
from toolkit.project.locking import project_lock
from toolkit.project.merge import strip_bookkeeping
from toolkit.project.model import Project
from toolkit.project.store import ProjectRef, find_project_folder, load_project

register({
    "project.revision_unknown": (
        "„{name}“ hat keine Fassung {revision} (mehr) im Verlauf. Vorhanden: {known}.",
        "'{name}' has no revision {revision} in its history (any more). Kept: {known}.",
    ),
    "project.nothing_to_undo": (
        "„{name}“: Es gibt keine frühere Fassung, zu der zurückgekehrt werden kann.",
        "'{name}': there is no earlier revision to go back to.",
    ),
})

Workspace = str | os.PathLike[str] | None


def project_history(ref: ProjectRef, workspace: Workspace = None) -> list[Revision]:
    """The kept revisions of a project, newest first (time, action, what changed).

    Raises:
        ProjectError: No such project, or its file is unreadable.
    """
    folder = find_project_folder(ref, workspace)
    current = load_project(folder)
    revisions = list_revisions(folder, current.revision)
    if not revisions or revisions[0].revision != current.revision:
        # saved before history existed (an older machmal): the current state is still a revision
        revisions.insert(0, Revision(current.revision, current.updated, action="edit"))
    return revisions


def restore_revision(ref: ProjectRef, revision: int, workspace: Workspace = None) -> Project:
    """Bring back ``revision`` as a new revision (the newer ones stay in the history).

    Returns:
        The saved project.

    Raises:
        ProjectError: No such project, or that revision is not kept.
    """
    folder = find_project_folder(ref, workspace)
    with project_lock(folder):
        saved = _restore(folder, revision, "restore")
    if isinstance(ref, Project):
        adopt(ref, saved)
    return saved


def undo_last_change(ref: ProjectRef, workspace: Workspace = None) -> Project:
    """Go back to the state before the last change (saved as a new revision).

    Repeated calls step further back: after an undo that brought back revision ``k``, the next
    one brings back the revision before ``k``.

    Returns:
        The saved project.

    Raises:
        ProjectError: No earlier revision is kept, or no such project.
    """
    folder = find_project_folder(ref, workspace)
    with project_lock(folder):
        current = load_project(folder)
        target = _undo_target(folder, current)
        saved = _restore(folder, target, "undo")
    if isinstance(ref, Project):
        adopt(ref, saved)
    return saved


def _restore(folder: Path, revision: int, action: str) -> Project:
    """Commit the content of ``revision`` as the next revision (lock held by the caller)."""
    current = load_project(folder)
    theirs = project_data(current)
    try:
        old = project_at(folder, revision, theirs)
    except ProjectError:
        known = ", ".join(str(r.revision) for r in list_revisions(folder, current.revision))
        raise ProjectError("project.revision_unknown", name=current.name, revision=revision,
                           known=known or "–") from None
    old.revision = current.revision
    return commit(folder, old, theirs, action=action, restored_from=revision)


def _undo_target(folder: Path, current: Project) -> int:
    """The revision an undo brings back: before the last change, skipping no-op saves."""
    record = read_snapshot(folder, current.revision)
    start = current.revision
    if record is not None and record[0].action == "undo" and record[0].restored_from:
        start = record[0].restored_from
    now = strip_bookkeeping(project_data(current))
    for candidate in range(start - 1, 0, -1):
        stored = read_snapshot(folder, candidate)
        if stored is None:
            break
        if strip_bookkeeping(stored[1]) != now:
            return candidate
    raise ProjectError("project.nothing_to_undo", name=current.name)
