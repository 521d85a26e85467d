"""The studio's one door to the job system (:mod:`toolkit.jobs`).

Pages submit long work here and read job records back; nothing long runs inside a Streamlit
rerun. The job kinds the studio uses are registered in ``toolkit/jobs/kinds.py`` like every
other kind; this module only binds the calls to the workspace and maps an unknown id to None.
"""

from __future__ import annotations

import os
from typing import Any

from toolkit import jobs as _jobs
from toolkit.jobs import JobRecord

ACTIVE = (_jobs.QUEUED, _jobs.RUNNING)

__all__ = ["ACTIVE", "JobRecord", "cancel_job", "ensure_worker", "get_job", "list_jobs",
           "submit"]


def ensure_worker(workspace: str | os.PathLike[str]) -> None:
    """Start the job system's worker for ``workspace`` if none is alive."""
    _jobs.ensure_worker(workspace)


def submit(kind: str, params: dict[str, Any], *, workspace: str | os.PathLike[str]) -> JobRecord:
    """Submit ``kind`` with ``params``; the same work submitted twice is the same job."""
    return _jobs.submit(kind, params, workspace=workspace)


def get_job(job_id: str, *, workspace: str | os.PathLike[str]) -> JobRecord | None:
    """The record of ``job_id`` (None when unknown)."""
    try:
        return _jobs.get_job(job_id, workspace=workspace)
    except _jobs.JobNotFound:
        return None


def list_jobs(*, workspace: str | os.PathLike[str]) -> list[JobRecord]:
    """All jobs, newest first."""
    return list(_jobs.list_jobs(workspace=workspace))


def cancel_job(job_id: str, *, workspace: str | os.PathLike[str]) -> None:
    """Ask ``job_id`` to stop (its outputs are not written)."""
    _jobs.cancel_job(job_id, workspace=workspace)
