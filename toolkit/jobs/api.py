"""The jobs API: submit, look up, list, cancel and wait for jobs.

The CLI and the app call only these functions; they work the same in embedded and Redis mode.
"""

from __future__ import annotations

import functools
import os
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from toolkit.errors import MachmalError, UserInputError
from toolkit.jobs.backend import get_backend, queue_url
from toolkit.jobs.keys import canonical_params, job_key
from toolkit.jobs.kinds import KINDS
from toolkit.jobs.model import (CANCELLED, DONE, FINAL_STATES, QUEUED, RUNNING, JobRecord,
                                error_fields, now)
from toolkit.jobs.reaper import reap
from toolkit.messages import register

register({
    "jobs.not_found": (
        "Es gibt keinen Auftrag „{id}“. `machmal jobs list` zeigt alle Aufträge.",
        "There is no job '{id}'. `machmal jobs list` shows every job.",
    ),
    "jobs.queue_unreachable": (
        "Die Warteschlange {url} ist nicht erreichbar ({detail}). Läuft der Redis-Server? "
        "Ohne MACHMAL_QUEUE_URL nutzt machmal die eingebaute Warteschlange.",
        "The queue {url} cannot be reached ({detail}). Is the Redis server running? Without "
        "MACHMAL_QUEUE_URL machmal uses its built-in queue.",
    ),
    "jobs.unknown_kind": (
        "Unbekannte Auftragsart „{kind}“. Möglich: {known}.",
        "Unknown job kind '{kind}'. Known: {known}.",
    ),
})

Workspace = str | os.PathLike[str] | None


class JobNotFound(UserInputError):
    """No job has the given id."""

    key = "jobs.not_found"


class QueueUnreachable(MachmalError):
    """The Redis server of ``MACHMAL_QUEUE_URL`` does not answer."""

    key = "jobs.queue_unreachable"


F = TypeVar("F", bound=Callable[..., Any])


def _typed_queue_errors(fn: F) -> F:
    """Turn a dropped Redis connection into :class:`QueueUnreachable`."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as error:
            redis_errors = sys.modules.get("redis.exceptions")
            if redis_errors is None or not isinstance(
                    error, (redis_errors.ConnectionError, redis_errors.TimeoutError)):
                raise
            raise QueueUnreachable(url=queue_url() or "-", detail=str(error)) from error
    return wrapper  # type: ignore[return-value]


@_typed_queue_errors
def submit(kind: str, params: dict[str, Any], *, workspace: Workspace = None,
           max_attempts: int = 2) -> JobRecord:
    """Queue ``kind`` with ``params``, or return the same work's existing job.

    The same kind, parameters and input file content give the same job while it is queued,
    running, or done with its outputs still present; after a failure or a cancel a new job runs.

    Args:
        kind: A name from :data:`toolkit.jobs.kinds.KINDS`.
        params: JSON-able parameters of the job function (paths may be ``Path`` objects).
        workspace: Workspace folder (default: ``MACHMAL_WORKSPACE`` or the user's data folder).
        max_attempts: Runs allowed when workers die mid-job (>= 1).

    Returns:
        The job's record.

    Raises:
        UserInputError: Unknown kind (``jobs.unknown_kind``).
    """
    if kind not in KINDS:
        raise UserInputError("jobs.unknown_kind", kind=kind, known=", ".join(sorted(KINDS)))
    backend = get_backend(workspace)
    plain = canonical_params(params)
    stamp = now()
    record = JobRecord(id=uuid.uuid4().hex[:12], kind=kind,
                       key=job_key(kind, plain, backend.workspace), params=plain,
                       created_at=stamp, updated_at=stamp, workspace=str(backend.workspace),
                       max_attempts=max(1, int(max_attempts)))
    stored = backend.store.claim_key(record, _reusable)
    if stored is record:
        backend.enqueue(record.id)
    return stored


def _reusable(job: JobRecord) -> bool:
    """May a new submit of the same key return ``job``?"""
    if job.state in (QUEUED, RUNNING):
        return not job.cancel_requested
    return job.state == DONE and all(p.exists() for p in job.outputs())


@_typed_queue_errors
def get_job(job_id: str, *, workspace: Workspace = None) -> JobRecord:
    """The record of job ``job_id``.

    Raises:
        JobNotFound: No such job.
    """
    backend = get_backend(workspace)
    record = backend.store.get(job_id)
    if record is None:
        raise JobNotFound(id=job_id)
    if record.state == RUNNING and record.lease_until < now():
        reap(backend)
        record = backend.store.get(job_id) or record
    return record


@_typed_queue_errors
def list_jobs(*, workspace: Workspace = None, states: list[str] | None = None,
              kind: str | None = None, limit: int = 100) -> list[JobRecord]:
    """Jobs, newest first (optionally only some states or one kind)."""
    backend = get_backend(workspace)
    reap(backend)
    jobs = backend.store.list(states, limit=limit if kind is None else max(limit, 1000))
    if kind is not None:
        jobs = [j for j in jobs if j.kind == kind][:limit]
    return jobs


@_typed_queue_errors
def cancel_job(job_id: str, *, workspace: Workspace = None) -> JobRecord:
    """Cancel a job: a queued one at once, a running one within about a second.

    A finished job is returned unchanged.

    Raises:
        JobNotFound: No such job.
    """
    backend = get_backend(workspace)
    record = get_job(job_id, workspace=workspace)
    if record.state == QUEUED:
        stamp = now()
        if backend.store.update(job_id, dict(state=CANCELLED, cancel_requested=1,
                                             finished_at=stamp, updated_at=stamp,
                                             **error_fields("ffmpeg.cancelled",
                                                            {"target": record.kind})),
                                expect=dict(state=QUEUED)):
            return get_job(job_id, workspace=workspace)
    if record.state in (QUEUED, RUNNING):  # running (or it just started)
        backend.store.update(job_id, dict(cancel_requested=1, updated_at=now()))
    return get_job(job_id, workspace=workspace)


@_typed_queue_errors
def wait_job(job_id: str, timeout: float | None = None, *, workspace: Workspace = None,
             poll: float = 0.1) -> JobRecord:
    """Wait until job ``job_id`` is done, failed or cancelled.

    Args:
        job_id: The job.
        timeout: Seconds to wait at most (None: no limit).
        workspace: Workspace folder.
        poll: Seconds between looks at the record.

    Returns:
        The record; if ``timeout`` passed first, its state is still queued or running (check
        :attr:`JobRecord.finished`).

    Raises:
        JobNotFound: No such job.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        record = get_job(job_id, workspace=workspace)
        if record.state in FINAL_STATES:
            return record
        if deadline is not None and time.monotonic() >= deadline:
            return record
        time.sleep(poll)
