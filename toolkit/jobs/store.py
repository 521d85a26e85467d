"""Where job records live: one small interface, two stores.

* :class:`SqliteJobStore` – a SQLite file in the workspace (embedded mode, nothing to install);
* :class:`~toolkit.jobs.store_redis.RedisJobStore` – Redis hashes (scale-out mode), chosen by
  ``MACHMAL_QUEUE_URL=redis://...``.

Huey moves job ids from the submitter to a worker; the records (state, progress, result, error,
lease) live here, because huey keeps no such state. Every write that decides a job's fate is a
compare-and-set on ``state``/``run_token``, so a slow worker and a reaper can never both win.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

from toolkit.jobs.model import JobRecord, flat_value

Reusable = Callable[[JobRecord], bool]


class JobStore(ABC):
    """The operations the queue needs from a record store."""

    @abstractmethod
    def claim_key(self, record: JobRecord, reusable: Reusable) -> JobRecord:
        """Insert ``record`` unless a reusable job with the same key exists (atomic).

        Returns:
            The existing reusable job, or ``record`` once stored.
        """

    @abstractmethod
    def get(self, job_id: str) -> JobRecord | None:
        """The record with ``job_id``, or None."""

    @abstractmethod
    def list(self, states: Iterable[str] | None = None, limit: int = 100) -> list[JobRecord]:
        """Records, newest first, optionally only in ``states``."""

    @abstractmethod
    def update(self, job_id: str, values: dict[str, Any],
               expect: dict[str, str] | None = None) -> bool:
        """Set ``values`` on a job if every ``expect`` field has that (text) value.

        Returns:
            True if the job exists, matched and was updated.
        """

    @abstractmethod
    def beat_worker(self, worker_id: str, info: dict[str, Any]) -> None:
        """Record that worker ``worker_id`` is alive (``info``: host, pid, seen, ...)."""

    @abstractmethod
    def workers(self) -> list[dict[str, Any]]:
        """Every worker that has beaten, with its last ``seen`` time."""

    @abstractmethod
    def drop_worker(self, worker_id: str) -> None:
        """Forget a worker that stopped."""


_COLUMNS = [f.name for f in fields(JobRecord)]
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS jobs (" + ", ".join(
        f"{c} TEXT PRIMARY KEY" if c == "id" else f"{c}" for c in _COLUMNS) + ")",
    "CREATE INDEX IF NOT EXISTS jobs_key ON jobs (key, created_at)",
    "CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, created_at)",
    "CREATE TABLE IF NOT EXISTS workers (id TEXT PRIMARY KEY, info TEXT, seen REAL)",
)


class SqliteJobStore(JobStore):
    """Job records in one SQLite file (WAL mode; one short connection per call, fork-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        setup = sqlite3.connect(self.path, timeout=30.0)
        try:
            setup.execute("PRAGMA journal_mode=WAL")
        finally:
            setup.close()
        with self._connect(immediate=True) as db:
            for statement in _SCHEMA:
                db.execute(statement)
            have = {row["name"] for row in db.execute("PRAGMA table_info(jobs)")}
            for column in _COLUMNS:  # records of a newer machmal: add their fields
                if column not in have:
                    db.execute(f"ALTER TABLE jobs ADD COLUMN {column}")

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (a new one after a fork).

        Connections stay open: closing the last one to a WAL database checkpoints and syncs it,
        which made every short-lived connection cost tens of milliseconds.
        """
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None,
                                 check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA synchronous=NORMAL")
            local.db, local.pid = db, os.getpid()
        return local.db

    @contextmanager
    def _connect(self, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def claim_key(self, record: JobRecord, reusable: Reusable) -> JobRecord:
        with self._connect(immediate=True) as db:
            rows = db.execute("SELECT * FROM jobs WHERE key = ? ORDER BY created_at DESC",
                              (record.key,)).fetchall()
            for row in rows:
                existing = JobRecord.from_flat(dict(row))
                if reusable(existing):
                    return existing
            flat = record.to_flat()
            db.execute(f"INSERT INTO jobs ({', '.join(flat)}) VALUES "
                       f"({', '.join('?' for _ in flat)})", list(flat.values()))
        return record

    def get(self, job_id: str) -> JobRecord | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return JobRecord.from_flat(dict(row)) if row else None

    def list(self, states: Iterable[str] | None = None, limit: int = 100) -> list[JobRecord]:
        query, args = "SELECT * FROM jobs", []
        wanted = list(states) if states is not None else None
        if wanted is not None:
            query += f" WHERE state IN ({', '.join('?' for _ in wanted)})"
            args = wanted
        query += " ORDER BY CAST(created_at AS REAL) DESC LIMIT ?"
        with self._connect() as db:
            rows = db.execute(query, [*args, int(limit)]).fetchall()
        return [JobRecord.from_flat(dict(r)) for r in rows]

    def update(self, job_id: str, values: dict[str, Any],
               expect: dict[str, str] | None = None) -> bool:
        sets = ", ".join(f"{k} = ?" for k in values)
        where = " AND ".join(["id = ?", *(f"{k} = ?" for k in (expect or {}))])
        args = [flat_value(v) for v in values.values()] + [job_id, *(expect or {}).values()]
        with self._connect(immediate=True) as db:
            cursor = db.execute(f"UPDATE jobs SET {sets} WHERE {where}", args)
            return cursor.rowcount == 1

    def beat_worker(self, worker_id: str, info: dict[str, Any]) -> None:
        with self._connect(immediate=True) as db:
            db.execute("INSERT OR REPLACE INTO workers (id, info, seen) VALUES (?, ?, ?)",
                       (worker_id, json.dumps(info), float(info["seen"])))

    def workers(self) -> list[dict[str, Any]]:
        with self._connect() as db:
            rows = db.execute("SELECT info FROM workers").fetchall()
        return [json.loads(r["info"]) for r in rows]

    def drop_worker(self, worker_id: str) -> None:
        with self._connect(immediate=True) as db:
            db.execute("DELETE FROM workers WHERE id = ?", (worker_id,))


def sqlite_store_path(workspace: Path) -> Path:
    """The job database of a workspace (``MACHMAL_JOBS_DB`` overrides it)."""
    override = os.environ.get("MACHMAL_JOBS_DB")
    return Path(override) if override else workspace / ".machmal" / "jobs.sqlite3"
