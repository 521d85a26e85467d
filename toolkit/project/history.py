"""Revision snapshots kept beside the project: ``<project>/history/r000012.json``.

Every save writes a snapshot of the revision it creates (the project data, the time, what
changed against the revision before, and whether it was a restore or a merge), before
``project.yaml`` itself is replaced. Only the newest :data:`HISTORY_LIMIT` snapshots are kept.
A snapshot newer than ``project.yaml`` (left by a writer killed between the two writes) is
ignored and overwritten by the next save.

This module only stores and reads snapshots; saving, restoring and undo live in
:mod:`toolkit.project.store` and :mod:`toolkit.project.revisions`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from toolkit.atomic import atomic_write_bytes
from toolkit.project.merge import Change, describe

HISTORY_DIR = "history"
HISTORY_LIMIT = 50
_NAME = re.compile(r"^r(\d{6,})\.json$")


@dataclass
class Revision:
    """One saved revision of a project.

    Attributes:
        revision: Its number (grows by one per save).
        time: When it was saved (UTC).
        changes: What changed against the revision before (empty for the first one).
        action: ``create``, ``edit``, ``merge`` (an edit made against an older revision,
            merged), ``restore``, ``undo`` or ``import`` (unpacked from an archive).
        restored_from: The revision it brought back (restore / undo), else None.
    """

    revision: int
    time: datetime
    changes: list[Change] = field(default_factory=list)
    action: str = "edit"
    restored_from: int | None = None

    def summary(self, lang: str | None = None) -> str:
        """What changed, readable (``Personen › Lena (neu); Firma (geändert)``)."""
        return "; ".join(describe(c.path, c.kind, lang) for c in self.changes)


def history_dir(folder: Path) -> Path:
    """The project's history folder."""
    return folder / HISTORY_DIR


def snapshot_path(folder: Path, revision: int) -> Path:
    """Where the snapshot of ``revision`` is stored."""
    return history_dir(folder) / f"r{revision:06d}.json"


def write_snapshot(folder: Path, revision: Revision, data: dict[str, Any]) -> None:
    """Store ``data`` (the project as saved) as ``revision``, atomically; prune old ones."""
    history_dir(folder).mkdir(exist_ok=True)
    record = {"revision": revision.revision, "time": revision.time.isoformat(),
              "changes": [{"path": list(c.path), "kind": c.kind} for c in revision.changes],
              "action": revision.action, "restored_from": revision.restored_from,
              "project": data}
    text = json.dumps(record, ensure_ascii=False, indent=1)
    atomic_write_bytes(snapshot_path(folder, revision.revision), text.encode("utf-8"))
    _prune(folder)


def read_snapshot(folder: Path, revision: int) -> tuple[Revision, dict[str, Any]] | None:
    """The stored ``revision`` and its project data, or None if it is not (or no longer) kept."""
    try:
        record = json.loads(snapshot_path(folder, revision).read_text(encoding="utf-8"))
        return _revision(record), record["project"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_revisions(folder: Path, current: int) -> list[Revision]:
    """Stored revisions up to ``current``, newest first (unreadable snapshots are skipped)."""
    found: list[Revision] = []
    for number in sorted(_numbers(folder), reverse=True):
        if number > current:
            continue
        stored = read_snapshot(folder, number)
        if stored is not None:
            found.append(stored[0])
    return found


def _numbers(folder: Path) -> list[int]:
    base = history_dir(folder)
    if not base.is_dir():
        return []
    return [int(m.group(1)) for p in base.iterdir() if (m := _NAME.match(p.name))]


def _prune(folder: Path) -> None:
    numbers = sorted(_numbers(folder))
    for number in numbers[:max(0, len(numbers) - HISTORY_LIMIT)]:
        snapshot_path(folder, number).unlink(missing_ok=True)


def _revision(record: dict[str, Any]) -> Revision:
    changes = [Change(tuple(c["path"]), c["kind"]) for c in record.get("changes") or []]
    return Revision(revision=int(record["revision"]),
                    time=datetime.fromisoformat(record["time"]), changes=changes,
                    action=str(record.get("action") or "edit"),
                    restored_from=record.get("restored_from"))
