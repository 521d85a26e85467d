"""Find jobs whose worker died and retry them or fail them clearly; re-send lost messages.

A running job's worker renews ``lease_until`` every few seconds. An expired lease (or, on the
same machine, an owner process that no longer exists) means the worker is gone: the job goes back
to the queue while attempts remain, else it fails with ``jobs.worker_lost``; a job whose cancel
was requested becomes cancelled. Temporary files of the lost attempt are removed.

A queued job whose queue message was lost (the embedded queue skips fsync, so a power cut can
drop a message its record survived) would wait forever: a starting worker sends it again
(:func:`requeue_lost`).
"""

from __future__ import annotations

import socket

from toolkit.jobs.backend import Backend
from toolkit.jobs.model import (CANCELLED, FAILED, QUEUED, RUNNING, JobRecord, error_fields,
                                now)
from toolkit.jobs.partials import sweep_partials
from toolkit.messages import register

register({
    "jobs.worker_lost": (
        "Der Worker von Auftrag {id} ist {attempts}-mal ausgefallen (abgestürzt oder beendet). "
        "Der Auftrag wurde nicht fertig; bitte erneut starten und den Worker prüfen "
        "(`machmal worker`).",
        "The worker of job {id} was lost {attempts} time(s) (crashed or killed). The job did "
        "not finish; please start it again and check the worker (`machmal worker`).",
    ),
})


def reap(backend: Backend) -> list[str]:
    """Recover every running job whose worker is gone; return their ids."""
    recovered: list[str] = []
    stamp = now()
    for job in backend.store.list([RUNNING], limit=10_000):
        if not _lost(job, stamp):
            continue
        values = _next_state(job)
        values.update(owner="", lease_until=0.0, updated_at=stamp)
        retried = values["state"] == QUEUED
        if not retried:  # its end is final: the leftovers go before that end is published
            sweep_partials(job.params)
        if not backend.store.update(job.id, values,
                                    expect=dict(state=RUNNING, run_token=job.run_token)):
            continue  # someone else recovered it, or the worker just finished
        if retried:  # swept once it is ours, before a retry can start writing
            sweep_partials(job.params)
            backend.enqueue(job.id)
        recovered.append(job.id)
    return recovered


def _lost(job: JobRecord, stamp: float) -> bool:
    if job.lease_until < stamp:
        return True
    host, _, pid = job.owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    import psutil

    try:
        return psutil.Process(int(pid)).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _next_state(job: JobRecord) -> dict[str, object]:
    if job.cancel_requested:
        return dict(state=CANCELLED, finished_at=now(),
                    **error_fields("ffmpeg.cancelled", {"target": job.kind}))
    if job.attempts < job.max_attempts:
        return dict(state=QUEUED, stage="", progress=0.0)
    return dict(state=FAILED, finished_at=now(),
                **error_fields("jobs.worker_lost", {"id": job.id, "attempts": job.attempts}))


def requeue_lost(backend: Backend, older_than: float) -> list[str]:
    """Queue again every queued job that has no queue message; return their ids.

    Only jobs unchanged for ``older_than`` seconds count: a younger one may just have been taken
    from the queue by a worker that has not claimed it yet. Sending a message twice is harmless
    (only one worker can claim a queued job).
    """
    cutoff = now() - older_than
    waiting = [j for j in backend.store.list([QUEUED], limit=10_000)
               if j.updated_at < cutoff and not j.cancel_requested]
    if not waiting:
        return []
    pending = backend.pending_ids()
    lost = [j.id for j in waiting if j.id not in pending]
    for job_id in lost:
        backend.enqueue(job_id)
    return lost
