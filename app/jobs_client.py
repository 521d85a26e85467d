"""The studio's one door to the job system (``toolkit.jobs``).

Pages submit long work here and read job records back; nothing long runs inside a Streamlit
rerun. When the job package is installed this module only forwards to it; until then it runs
jobs in threads of the server process with the same names and record fields (switching is this
one file).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import Cancelled, MachmalError

try:  # the real job system (issue 7)
    from toolkit import jobs as _jobs  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on what has landed
    _jobs = None

ACTIVE = ("queued", "running")

# Job kinds the studio submits that the job package's registry may not know yet.
STUDIO_KINDS: dict[str, str] = {
    "transcribe": "toolkit.captions.take_captions:transcribe_job",
    "quick_subtitles": "toolkit.captions.quick:quick_subtitles_job",
    "autotrim": "toolkit.project.trim_takes:autotrim_job",
    "example": "toolkit.project.example:example_job",
    "take_export": "toolkit.project.export_take:export_take_job",
    "analyse": "toolkit.media.preview:analyse_job",
    "render": "toolkit.edit.run:render_job",
    "showcase": "toolkit.showcase.job:showcase_job",
}


@dataclass
class JobRecord:
    """What the studio reads of a job (the fields of ``toolkit.jobs.JobRecord``)."""

    id: str
    kind: str
    params: dict[str, Any]
    state: str = "queued"
    progress: float = 0.0
    stage: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    error_key: str = ""
    error_params: dict[str, Any] = field(default_factory=dict)
    created_at: float = field(default_factory=time.time)
    finished_at: float = 0.0

    def error_message(self, lang: str | None = None) -> str:
        """The failure message in ``lang`` ('' when there is none)."""
        if not self.error_key:
            return self.error
        from toolkit.messages import t

        return t(self.error_key, lang, **self.error_params)


@dataclass
class _Context:
    workspace: Path
    cancel: threading.Event
    record: JobRecord

    def progress(self, fraction: float, stage: str = "") -> None:
        self.record.progress = max(0.0, min(1.0, float(fraction)))
        if stage:
            self.record.stage = stage


_RECORDS: dict[str, JobRecord] = {}
_CANCELS: dict[str, threading.Event] = {}
_LOCK = threading.Lock()


def uses_job_package() -> bool:
    """True when the real job system is installed (else jobs run in server threads)."""
    return _jobs is not None


def ensure_worker(workspace: str | os.PathLike[str]) -> None:
    """Start the job system's worker for ``workspace`` if none is alive."""
    if _jobs is not None:
        _jobs.ensure_worker(workspace)


def submit(kind: str, params: dict[str, Any], *, workspace: str | os.PathLike[str]) -> JobRecord:
    """Submit ``kind`` with ``params``; the same work submitted twice is the same job."""
    if _jobs is not None:
        return _jobs.submit(kind, params, workspace=workspace)
    key = hashlib.sha256(json.dumps([kind, params], sort_keys=True, default=str)
                         .encode()).hexdigest()[:16]
    with _LOCK:
        for record in _RECORDS.values():
            if record.state in ACTIVE and record.id.startswith(key):
                return record
        record = JobRecord(id=f"{key}-{uuid.uuid4().hex[:6]}", kind=kind, params=params)
        _RECORDS[record.id] = record
        _CANCELS[record.id] = threading.Event()
    thread = threading.Thread(target=_run, args=(record, Path(workspace)), daemon=True,
                              name=f"machmal-job-{kind}")
    thread.start()
    return record


def get_job(job_id: str, *, workspace: str | os.PathLike[str]) -> JobRecord | None:
    """The record of ``job_id`` (None when unknown)."""
    if _jobs is not None:
        try:
            return _jobs.get_job(job_id, workspace=workspace)
        except _jobs.JobNotFound:
            return None
    return _RECORDS.get(job_id)


def list_jobs(*, workspace: str | os.PathLike[str]) -> list[JobRecord]:
    """All jobs, newest first."""
    if _jobs is not None:
        return list(_jobs.list_jobs(workspace=workspace))
    return sorted(_RECORDS.values(), key=lambda r: r.created_at, reverse=True)


def cancel_job(job_id: str, *, workspace: str | os.PathLike[str]) -> None:
    """Ask ``job_id`` to stop (its outputs are not written)."""
    if _jobs is not None:
        _jobs.cancel_job(job_id, workspace=workspace)
        return
    event = _CANCELS.get(job_id)
    if event is not None:
        event.set()


def _run(record: JobRecord, workspace: Path) -> None:
    cancel = _CANCELS[record.id]
    record.state = "running"
    try:
        module, _, name = STUDIO_KINDS[record.kind].partition(":")
        fn = getattr(importlib.import_module(module), name)
        record.result = fn(record.params, _Context(workspace, cancel, record)) or {}
        record.state, record.progress = "done", 1.0
    except Cancelled:
        record.state = "cancelled"
    except MachmalError as error:
        record.state, record.error_key, record.error_params = "failed", error.key, error.params
        record.error = error.message()
    except Exception as error:  # noqa: BLE001 - a job must end in a record, never hang
        record.state, record.error = "failed", f"{type(error).__name__}: {error}"
    finally:
        record.finished_at = time.time()
