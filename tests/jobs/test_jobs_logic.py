"""The logic around the queue, in process: records, keys, the reaper, error mapping.

These run job functions inside the test process (no worker) through the real SQLite store.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import pytest

from toolkit import jobs
from toolkit.jobs import kinds
from toolkit.jobs.backend import get_backend
from toolkit.jobs.execute import run_job
from toolkit.jobs.keys import job_key
from toolkit.jobs.model import JobRecord
from toolkit.jobs.reaper import reap


def _full_disk(params, ctx):
    raise OSError(errno.ENOSPC, "No space left on device", params["out"])


def _broken(params, ctx):
    raise ZeroDivisionError("division by zero")


def _progress_then_cancel(params, ctx):
    ctx.progress(0.5, "halfway")
    from toolkit.errors import Cancelled

    raise Cancelled(target="x.mp4")


@pytest.fixture
def test_kinds(monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "full-disk", f"{__name__}:_full_disk")
    monkeypatch.setitem(kinds.KINDS, "broken", f"{__name__}:_broken")
    monkeypatch.setitem(kinds.KINDS, "cancels", f"{__name__}:_progress_then_cancel")


def test_record_survives_the_flat_store_format():
    record = JobRecord(id="abc", kind="export", params={"src": "ä.mp4", "n": [1, 2]},
                       result={"outputs": ["a.mp4"]}, progress=0.25, attempts=1,
                       error_key="jobs.crashed", error_params={"detail": "x"})
    flat = record.to_flat()
    assert all(isinstance(v, (str, int, float)) for v in flat.values())
    as_bytes = {k.encode(): str(v).encode() for k, v in flat.items()}  # as Redis returns it
    assert JobRecord.from_flat(as_bytes) == record
    assert record.outputs() == [Path("a.mp4")]


def test_key_depends_on_kind_params_and_input_content_not_outputs(tmp_path):
    src = tmp_path / "in.mp4"
    src.write_bytes(b"one")
    out = tmp_path / "out.mp4"
    key = job_key("ingest", {"src": str(src), "out": str(out)})
    assert key == job_key("ingest", {"out": str(out), "src": str(src)})
    assert key != job_key("export", {"src": str(src), "out": str(out)})
    assert key != job_key("ingest", {"src": str(src), "out": str(tmp_path / "b.mp4")})
    out.write_bytes(b"written by the job")  # an output appearing changes nothing
    assert key == job_key("ingest", {"src": str(src), "out": str(out)})
    src.write_bytes(b"two")
    assert key != job_key("ingest", {"src": str(src), "out": str(out)})


def _run_in_process(kind: str, params: dict) -> JobRecord:
    job = jobs.submit(kind, params)
    run_job(job.id, get_backend())
    return jobs.get_job(job.id)


def test_full_disk_gives_a_clear_failure(job_env, test_kinds, tmp_path):
    failed = _run_in_process("full-disk", {"out": str(tmp_path / "x.mp4")})
    assert failed.state == jobs.FAILED and failed.error_key == "jobs.disk_full"
    assert "x.mp4" in failed.error_message("en") and "disk is full" in failed.error_message("en")
    assert "Speicher ist voll" in failed.error_message("de")


def test_unexpected_error_is_recorded_not_raised(job_env, test_kinds):
    failed = _run_in_process("broken", {})
    assert failed.state == jobs.FAILED and failed.error_key == "jobs.crashed"
    assert "ZeroDivisionError" in failed.error_message("en")


def test_cancel_from_the_engine_keeps_last_progress(job_env, test_kinds):
    done = _run_in_process("cancels", {})
    assert done.state == jobs.CANCELLED and done.stage == "halfway"
    assert done.progress == 0.5


def test_a_job_is_claimed_once(job_env):
    job = jobs.submit("noop", {"claim": 1})
    backend = get_backend()
    run_job(job.id, backend)
    run_job(job.id, backend)  # a duplicate delivery does nothing
    done = jobs.get_job(job.id)
    assert done.state == jobs.DONE and done.attempts == 1


def _fake_running(backend, job_id: str, *, lease_until: float, owner: str) -> None:
    assert backend.store.update(job_id, dict(state=jobs.RUNNING, run_token="t1", attempts=1,
                                             lease_until=lease_until, owner=owner))


def test_reaper_requeues_expired_lease_then_fails_after_max_attempts(job_env):
    backend = get_backend()
    job = jobs.submit("noop", {"reap": 1}, max_attempts=2)
    _fake_running(backend, job.id, lease_until=1.0, owner="elsewhere:1")
    assert reap(backend) == [job.id]
    assert jobs.get_job(job.id).state == jobs.QUEUED
    backend.store.update(job.id, dict(state=jobs.RUNNING, run_token="t2", attempts=2,
                                      lease_until=1.0, owner="elsewhere:1"))
    assert reap(backend) == [job.id]
    lost = jobs.get_job(job.id)
    assert lost.state == jobs.FAILED and lost.error_key == "jobs.worker_lost"


def test_reaper_leaves_live_leases_and_honours_cancel(job_env):
    backend = get_backend()
    alive = jobs.submit("noop", {"reap": "alive"})
    _fake_running(backend, alive.id, lease_until=4e9, owner="elsewhere:1")
    cancelled = jobs.submit("noop", {"reap": "cancelled"})
    _fake_running(backend, cancelled.id, lease_until=1.0, owner="elsewhere:1")
    backend.store.update(cancelled.id, dict(cancel_requested=1))
    dead_here = jobs.submit("noop", {"reap": "dead pid"})
    _fake_running(backend, dead_here.id, lease_until=4e9,
                  owner=f"{socket.gethostname()}:{2**22 + 12345}")  # no such pid
    assert sorted(reap(backend)) == sorted([cancelled.id, dead_here.id])
    assert jobs.get_job(alive.id).state == jobs.RUNNING
    assert jobs.get_job(cancelled.id).state == jobs.CANCELLED
    assert jobs.get_job(dead_here.id).state == jobs.QUEUED


def test_wait_returns_the_unfinished_record_on_timeout(job_env):
    job = jobs.submit("noop", {"wait": 1})
    waited = jobs.wait_job(job.id, timeout=0.2)
    assert waited.state == jobs.QUEUED and not waited.finished


def test_doorbell_wakes_a_listener_and_never_blocks_the_submitter(tmp_path):
    from toolkit.jobs.doorbell import Listener, ring

    bell = tmp_path / "doorbell"
    ring(bell)  # no FIFO yet: nothing happens
    listener = Listener(bell)
    assert listener.open()
    assert not listener.wait(0.05)
    for _ in range(100_000 // 4096 + 20):  # more rings than the pipe holds: still no block
        ring(bell)
    assert listener.wait(1.0)


def test_unreachable_redis_is_a_typed_error(job_env, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    monkeypatch.setenv("MACHMAL_QUEUE_URL", f"redis://127.0.0.1:{port}/0")
    with pytest.raises(jobs.api.QueueUnreachable) as caught:
        jobs.submit("noop", {"redis": "down"})
    assert str(port) in caught.value.message("en") and "Redis" in caught.value.message("en")


def test_every_registered_kind_resolves_to_a_job_function():
    import inspect

    for kind in kinds.KINDS:
        fn = kinds.resolve(kind)
        assert list(inspect.signature(fn).parameters)[:2] == ["params", "ctx"], kind
