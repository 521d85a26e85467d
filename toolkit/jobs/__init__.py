"""Background jobs that survive reloads and crashes.

Every long piece of work (ingest, transcription, render, export) can run as a job::

    from toolkit import jobs

    job = jobs.submit("export", {"src": "clip.mp4", "platforms": ["reels"], "out": "out/"})
    jobs.ensure_worker()                  # embedded mode: starts a worker if none is alive
    done = jobs.wait_job(job.id, timeout=600)
    print(done.state, done.result["outputs"])

Embedded mode (default) keeps the queue (huey, SQLite) and the job records in
``<workspace>/.machmal/``; ``MACHMAL_QUEUE_URL=redis://...`` moves both to a Redis server that
workers on many machines share. Job kinds live in :mod:`toolkit.jobs.kinds`.
"""

from __future__ import annotations

from toolkit.jobs.api import JobNotFound, cancel_job, get_job, list_jobs, submit, wait_job
from toolkit.jobs.model import (CANCELLED, DONE, FAILED, FINAL_STATES, QUEUED, RUNNING, STATES,
                                JobContext, JobRecord)
from toolkit.jobs.worker import ensure_worker, live_workers, run_worker, stop_workers

__all__ = [
    "CANCELLED", "DONE", "FAILED", "FINAL_STATES", "QUEUED", "RUNNING", "STATES",
    "JobContext", "JobNotFound", "JobRecord", "cancel_job", "ensure_worker", "get_job",
    "list_jobs", "live_workers", "run_worker", "stop_workers", "submit", "wait_job",
]
