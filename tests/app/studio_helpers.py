"""Helpers of the studio tests: waiting for jobs, reading elements."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

PROJECT = "Duell Bäckerei"
REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_media"


def wait_job(workspace: Path, kind: str, timeout: float = 300) -> object:
    """Poll the job records until the newest ``kind`` job has ended; return it."""
    from app import jobs_client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = [r for r in jobs_client.list_jobs(workspace=workspace) if r.kind == kind]
        if records and records[0].state not in jobs_client.ACTIVE:
            return records[0]
        time.sleep(0.2)
    states = [(r.kind, r.state, r.progress, r.stage) for r in jobs_client.list_jobs(workspace=workspace)]
    raise AssertionError(f"job {kind} did not end within {timeout} s: {states}")


def wait_idle(workspace: Path, timeout: float) -> None:
    """Poll until no job of ``workspace`` is queued or running."""
    from app import jobs_client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(r.state in jobs_client.ACTIVE
                   for r in jobs_client.list_jobs(workspace=workspace)):
            return
        time.sleep(0.2)


def texts(at: AppTest, kind: str) -> list[str]:
    """The values of every element of ``kind`` (error, warning, info, success, caption …)."""
    return [str(e.value) for e in getattr(at, kind)]


def wait_state(workspace: Path, kind: str, states: tuple[str, ...], timeout: float = 60) -> object:
    """Poll until the newest ``kind`` job is in one of ``states``; return it."""
    from app import jobs_client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = [r for r in jobs_client.list_jobs(workspace=workspace) if r.kind == kind]
        if records and records[0].state in states:
            return records[0]
        time.sleep(0.05)
    raise AssertionError(f"job {kind} never reached {states} within {timeout} s")
