"""Run one job inside a worker: claim it, keep its lease, watch for cancel, record the outcome.

The claim and the outcome are compare-and-set writes on (state, run_token): if the lease expired
and another worker took the job over, this worker's late outcome is dropped.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
import uuid
from typing import Any

from toolkit.cpu_budget import job_budget, share_of_cores, thread_budget
from toolkit.errors import Cancelled, FFmpegError, MachmalError
from toolkit.jobs.backend import Backend
from toolkit.jobs.cores import own_cores
from toolkit.jobs.kinds import resolve
from toolkit.jobs.model import (CANCELLED, DONE, FAILED, QUEUED, RUNNING, JobContext, JobRecord,
                                error_fields, now)
from toolkit.jobs.partials import output_paths, sweep_partials
from toolkit.jobs.worker import local_processes
from toolkit.messages import register

register({
    "jobs.disk_full": (
        "Der Speicher ist voll ({path}). Bitte Platz schaffen und den Auftrag erneut starten.",
        "The disk is full ({path}). Please free some space and start the job again.",
    ),
    "jobs.os_error": (
        "Dateifehler bei {path}: {detail}. Bitte Pfad und Rechte prüfen.",
        "File error at {path}: {detail}. Please check the path and permissions.",
    ),
    "jobs.crashed": (
        "Der Auftrag ist mit einem internen Fehler abgebrochen ({detail}). Bitte melden.",
        "The job stopped with an internal error ({detail}). Please report it.",
    ),
    "jobs.unknown_kind_run": (
        "Dieser Worker kennt die Auftragsart „{kind}“ nicht. Bitte machmal auf allen Rechnern "
        "auf denselben Stand bringen.",
        "This worker does not know the job kind '{kind}'. Please update machmal on every "
        "machine to the same version.",
    ),
})

_NO_SPACE = "No space left on device"
PROGRESS_EVERY = 0.2  # seconds between progress writes and cancel checks


def lease_seconds() -> float:
    """How long a worker's claim lasts without a heartbeat (``MACHMAL_JOB_LEASE``, default 20)."""
    try:
        return max(1.0, float(os.environ.get("MACHMAL_JOB_LEASE", "20")))
    except ValueError:
        return 20.0


def owner_id() -> str:
    """``host:pid`` of this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job(job_id: str, backend: Backend) -> None:
    """Run job ``job_id`` if it is still queued (huey calls this in a worker process)."""
    record = backend.store.get(job_id)
    if record is None or record.state != QUEUED:
        return
    token = uuid.uuid4().hex
    share = share_of_cores(local_processes(backend))
    started = now()
    claimed = backend.store.update(job_id, dict(
        state=RUNNING, run_token=token, owner=owner_id(), attempts=record.attempts + 1,
        started_at=started, updated_at=started, lease_until=started + lease_seconds(),
        progress=0.0, stage="", threads=_effective(share), cpu_seconds=0.0),
        expect=dict(state=QUEUED, run_token=record.run_token))
    if not claimed:
        return
    ctx = JobContext(job_id, backend.workspace, attempt=record.attempts + 1)
    keeper = _Keeper(backend, job_id, token, ctx)
    ctx.report = keeper.report
    keeper.start()
    cpu_before = cpu_time()
    try:
        with job_budget(share), own_cores(_effective(share) or None):
            outcome = _call(record, ctx)
    except KeyboardInterrupt:  # the worker is shutting down: give the job back
        keeper.stop()
        _give_back(backend, record, token)
        raise
    keeper.stop()
    stamp = now()
    outcome.update(finished_at=stamp, updated_at=stamp, lease_until=0.0,
                   cpu_seconds=round(cpu_time() - cpu_before, 3))
    backend.store.update(job_id, outcome, expect=dict(state=RUNNING, run_token=token))


def _effective(share: int | None) -> int:
    """The budget a job runs with under automatic ``share`` (0: no limit or a bad setting)."""
    with job_budget(share):
        try:
            return thread_budget() or 0
        except MachmalError:  # the job's first ffmpeg run reports it
            return 0


def cpu_time() -> float:
    """CPU seconds (user + system) of this process and its finished children (ffmpeg)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _call(record: JobRecord, ctx: JobContext) -> dict[str, Any]:
    """Call the job function; map its result or error to the record's new fields."""
    if record.attempts > 0:  # a retry: an earlier attempt may have left temp files
        sweep_partials(record.params)
    try:
        fn = resolve(record.kind)
    except (KeyError, ImportError, AttributeError):
        return _failure("jobs.unknown_kind_run", {"kind": record.kind}, "")
    try:
        result = fn(record.params, ctx)
    except Cancelled as error:
        return {"state": CANCELLED, **error_fields(error.key, error.params, str(error),
                                                   error.message)}
    except FFmpegError as error:
        if any(_NO_SPACE in line for line in error.stderr_tail):
            outputs = output_paths(record.params)
            where = str(outputs[0]) if outputs else str(error.params.get("target", "?"))
            return _failure("jobs.disk_full", {"path": where, "detail": _NO_SPACE}, "")
        return {"state": FAILED, **error_fields(error.key, error.params, str(error),
                                                error.message)}
    except MachmalError as error:
        return {"state": FAILED, **error_fields(error.key, error.params, str(error),
                                                error.message)}
    except OSError as error:
        key = "jobs.disk_full" if error.errno == errno.ENOSPC else "jobs.os_error"
        return _failure(key, {"path": error.filename or "?", "detail": error.strerror or
                              str(error)}, "")
    except Exception as error:  # a bug: keep the worker alive and say what happened
        return _failure("jobs.crashed", {"detail": f"{type(error).__name__}: {error}"}, "")
    return {"state": DONE, "progress": 1.0, "result": result or {}}


def _failure(key: str, params: dict[str, Any], text: str) -> dict[str, Any]:
    return {"state": FAILED, **error_fields(key, params, text)}


def _give_back(backend: Backend, record: JobRecord, token: str) -> None:
    """Return an interrupted job to the queue without counting the attempt."""
    if backend.store.update(record.id, dict(state=QUEUED, owner="", lease_until=0.0,
                                            attempts=record.attempts, updated_at=now()),
                            expect=dict(state=RUNNING, run_token=token)):
        sweep_partials(record.params)
        backend.enqueue(record.id)


class _Keeper(threading.Thread):
    """Renews the lease, writes throttled progress and turns a cancel request into ctx.cancel."""

    def __init__(self, backend: Backend, job_id: str, token: str, ctx: JobContext) -> None:
        super().__init__(name=f"job-{job_id}-keeper", daemon=True)
        self.store, self.job_id, self.token, self.ctx = backend.store, job_id, token, ctx
        self.halt = threading.Event()
        self.lock = threading.Lock()
        self.pending: tuple[float, str] | None = None
        self.lease = lease_seconds()

    def report(self, fraction: float, stage: str) -> None:
        with self.lock:
            self.pending = (fraction, stage)

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=5)
        self._flush(renew=False)

    def run(self) -> None:
        renew_every = min(2.0, self.lease / 4)
        last_renew = time.monotonic()
        while not self.halt.wait(PROGRESS_EVERY):
            renew = time.monotonic() - last_renew >= renew_every
            if renew:
                last_renew = time.monotonic()
            try:
                self._flush(renew)
                self._check_cancel()
            except Exception:  # a store hiccup must not kill the job; the lease tells
                continue

    def _flush(self, renew: bool) -> None:
        with self.lock:
            pending, self.pending = self.pending, None
        values: dict[str, Any] = {}
        if pending is not None:
            values.update(progress=pending[0], stage=pending[1])
        if renew:
            values["lease_until"] = now() + self.lease
        if values:
            values["updated_at"] = now()
            self.store.update(self.job_id, values,
                              expect=dict(state=RUNNING, run_token=self.token))

    def _check_cancel(self) -> None:
        record = self.store.get(self.job_id)
        if record is None or record.cancel_requested or record.run_token != self.token:
            self.ctx.cancel.set()
