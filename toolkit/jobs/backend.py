"""The queue backend chosen by one setting: embedded SQLite, or Redis for many workers.

``MACHMAL_QUEUE_URL`` unset (the default): huey's SQLite storage and the job records live in
``<workspace>/.machmal/``; nothing to install. ``MACHMAL_QUEUE_URL=redis://host:6379/0``: huey's
Redis storage and the records live on that Redis server, so any number of ``machmal worker``
processes on any number of machines share one queue. ``MACHMAL_QUEUE_NAME`` (default
``machmal``) separates several queues on one server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import UserInputError
from toolkit.jobs.doorbell import doorbell_path, ring
from toolkit.jobs.store import JobStore, SqliteJobStore, sqlite_store_path
from toolkit.messages import register

register({
    "jobs.bad_queue_url": (
        "MACHMAL_QUEUE_URL={url} wird nicht unterstützt. Bitte redis://host:port/db angeben "
        "oder die Variable leeren (eingebaute Warteschlange).",
        "MACHMAL_QUEUE_URL={url} is not supported. Please give redis://host:port/db or unset "
        "it (built-in queue).",
    ),
})

TASK_NAME = "machmal_run_job"


@dataclass
class Backend:
    """Everything the queue needs: where records live and how job ids travel.

    Attributes:
        workspace: The workspace folder.
        url: The Redis URL, or None in embedded mode.
        name: Queue name (huey's name and the Redis key prefix).
        store: The job record store.
        huey: The huey instance.
        task: huey's task wrapper that runs one job by id.
    """

    workspace: Path
    url: str | None
    name: str
    store: JobStore
    huey: Any
    task: Any

    @property
    def embedded(self) -> bool:
        """True in the SQLite (single machine) mode."""
        return self.url is None

    @property
    def doorbell(self) -> Path | None:
        """The FIFO that wakes idle embedded workers (None in Redis mode: workers block)."""
        return doorbell_path(self.state_dir) if self.embedded else None

    @property
    def state_dir(self) -> Path:
        """The folder of the embedded queue and job database."""
        return sqlite_store_path(self.workspace).parent

    def enqueue(self, job_id: str) -> None:
        """Hand ``job_id`` to a worker through huey (and ring the doorbell)."""
        self.task(job_id, str(self.workspace))
        if self.doorbell is not None:
            ring(self.doorbell)


    def pending_ids(self) -> set[str]:
        """Ids of the jobs that have a message waiting in the queue."""
        return {str(task.args[0]) for task in self.huey.pending() if task.args}


_CACHE: dict[tuple[Any, ...], Backend] = {}


def queue_url() -> str | None:
    """The Redis URL from ``MACHMAL_QUEUE_URL`` (None: embedded mode)."""
    url = os.environ.get("MACHMAL_QUEUE_URL", "").strip()
    if not url:
        return None
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise UserInputError("jobs.bad_queue_url", url=url)
    return url


def get_backend(workspace: str | os.PathLike[str] | None = None) -> Backend:
    """The backend for ``workspace`` and the current ``MACHMAL_QUEUE_URL`` (cached per process).

    Args:
        workspace: Workspace folder (default: ``MACHMAL_WORKSPACE`` or the user's data folder).
    """
    from toolkit.project.store import workspace_dir

    ws = workspace_dir(workspace)
    url = queue_url()
    name = os.environ.get("MACHMAL_QUEUE_NAME", "machmal").strip() or "machmal"
    cache_key = (str(ws), url, name, os.getpid(), os.environ.get("MACHMAL_JOBS_DB"))
    if cache_key not in _CACHE:
        _CACHE[cache_key] = _build(ws, url, name)
    return _CACHE[cache_key]


def _build(ws: Path, url: str | None, name: str) -> Backend:
    from huey import RedisHuey, SqliteHuey

    if url is None:
        store: JobStore = SqliteJobStore(sqlite_store_path(ws))
        # synchronous=OFF for the queue file: a crashed process loses nothing in WAL mode, only
        # a power cut could, and the fsync per message cost ~10 ms of every job's start.
        huey = SqliteHuey(name=name, filename=str(sqlite_store_path(ws).with_name("queue.sqlite3")),
                          results=False, utc=True, fsync=False)
    else:
        from toolkit.jobs.store_redis import RedisJobStore

        store = RedisJobStore(url, namespace=name)
        huey = RedisHuey(name=name, url=url, results=False, utc=True)
    task = huey.task(name=TASK_NAME)(_run_job_task)
    return Backend(ws, url, name, store, huey, task)


def _run_job_task(job_id: str, workspace: str) -> None:
    """The one huey task: run the job with this id (records say what to do)."""
    from toolkit.jobs.execute import run_job

    run_job(job_id, get_backend(workspace))
