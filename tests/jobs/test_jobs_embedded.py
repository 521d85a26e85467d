"""Embedded mode end to end: real worker processes, real ffmpeg, SQLite queue in the workspace."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from toolkit import jobs
from toolkit.media.probe import probe

from conftest import ffmpeg_children, leftovers, wait_for


def _reformat(src: Path, dst: Path, **extra: object) -> dict[str, object]:
    return {"src": str(src), "dst": str(dst), "aspect": "9:16", "mode": "center",
            "width": 180, **extra}


def test_job_runs_end_to_end_with_progress_and_result(workers, lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=2.0, size="320x240")
    dst = tmp_path / "out" / "clip-9x16.mp4"
    workers.start()
    job = jobs.submit("reformat", _reformat(src, dst))
    assert job.state == jobs.QUEUED and job.progress == 0.0
    done = jobs.wait_job(job.id, timeout=60)
    assert done.state == jobs.DONE, done.error_message()
    assert done.progress == 1.0 and done.attempts == 1
    assert done.created_at <= done.started_at <= done.finished_at
    assert done.result["outputs"] == [str(dst), str(dst.with_suffix(".jpg")),
                                      str(dst.with_suffix(".json"))]
    assert done.result["report"]["file"] == dst.name
    info = probe(dst)
    assert (info.video.display_width, info.video.display_height) == (180, 320)
    assert abs(info.duration - 2.0) < 0.2
    assert [j.id for j in jobs.list_jobs()] == [job.id]
    assert jobs.get_job(job.id).to_dict()["state"] == "done"


def test_double_submit_runs_once(workers, lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=1.0, size="320x240")
    dst = tmp_path / "once.mp4"
    first = jobs.submit("reformat", _reformat(src, dst))
    second = jobs.submit("reformat", _reformat(Path(src), dst))  # Path or text: same params
    assert second.id == first.id
    workers.start()
    assert jobs.wait_job(first.id, timeout=60).state == jobs.DONE
    again = jobs.submit("reformat", _reformat(src, dst))
    assert again.id == first.id and again.attempts == 1  # done, output present: not re-run
    assert len(jobs.list_jobs()) == 1
    other = jobs.submit("reformat", _reformat(src, dst, width=240))  # other options: new job
    assert other.id != first.id
    dst.unlink()  # the output is gone: the same work runs again
    rerun = jobs.submit("reformat", _reformat(src, dst))
    assert rerun.id != first.id
    assert jobs.wait_job(rerun.id, timeout=60).state == jobs.DONE and dst.exists()


def test_changed_input_content_is_new_work(job_env, lavfi_clip, tmp_path):
    src = tmp_path / "take.mp4"
    src.write_bytes(lavfi_clip(seconds=1.0, size="320x240").read_bytes())
    first = jobs.submit("ingest", {"src": str(src), "out": str(tmp_path / "w.mp4")})
    src.write_bytes(lavfi_clip(seconds=1.5, size="320x240").read_bytes())
    second = jobs.submit("ingest", {"src": str(src), "out": str(tmp_path / "w.mp4")})
    assert second.id != first.id


def test_cancel_stops_ffmpeg_within_two_seconds_and_leaves_no_output(workers, lavfi_clip,
                                                                      tmp_path):
    src = lavfi_clip(seconds=40.0, size="320x240")
    out_dir = tmp_path / "cancel"
    dst = out_dir / "long.mp4"
    worker = workers.start()
    job = jobs.submit("reformat", _reformat(src, dst, width=1080, mode="blur"))
    wait_for(lambda: jobs.get_job(job.id).progress > 0.01, 60, "the render to make progress")
    running = wait_for(lambda: ffmpeg_children(worker.pid), 10, "ffmpeg under the worker")
    assert leftovers(out_dir), "ffmpeg should be writing a temporary file"
    asked = time.monotonic()
    jobs.cancel_job(job.id)
    gone, alive = psutil.wait_procs(running, timeout=2.0)
    assert not alive, f"ffmpeg still running {time.monotonic() - asked:.1f} s after cancel"
    final = jobs.wait_job(job.id, timeout=10)
    assert final.state == jobs.CANCELLED
    assert final.error_key == "ffmpeg.cancelled"
    assert not dst.exists() and not leftovers(out_dir)
    resubmitted = jobs.submit("reformat", _reformat(src, dst, width=1080, mode="blur"))
    assert resubmitted.id != job.id  # a cancelled job is not reused
    jobs.cancel_job(resubmitted.id)
    assert jobs.wait_job(resubmitted.id, timeout=30).state == jobs.CANCELLED


def test_cancel_of_a_queued_job_is_immediate(job_env, lavfi_clip, tmp_path):
    job = jobs.submit("noop", {"n": 1})
    cancelled = jobs.cancel_job(job.id)
    assert cancelled.state == jobs.CANCELLED and cancelled.finished_at > 0
    assert jobs.cancel_job(job.id).state == jobs.CANCELLED  # idempotent


def test_worker_killed_mid_render_is_recovered(workers, lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=8.0, size="320x240")
    dst = tmp_path / "kill" / "retry.mp4"
    first_worker = workers.start()
    job = jobs.submit("reformat", _reformat(src, dst, width=720))
    wait_for(lambda: jobs.get_job(job.id).progress > 0.05, 60, "the render to make progress")
    running = ffmpeg_children(first_worker.pid)
    workers.kill_all_processes(first_worker)  # kill -9 of the whole worker
    psutil.wait_procs(running, timeout=5)
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in running), \
        "ffmpeg must die with its worker"
    assert jobs.get_job(job.id).state in (jobs.QUEUED, jobs.RUNNING)
    workers.start()  # a new worker finds the lost job and runs it again
    done = jobs.wait_job(job.id, timeout=120)
    assert done.state == jobs.DONE, done.error_message()
    assert done.attempts == 2
    assert abs(probe(dst).duration - 8.0) < 0.3
    assert not leftovers(dst.parent)


def test_lost_worker_without_retries_fails_clearly(workers, lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=8.0, size="320x240")
    dst = tmp_path / "lost" / "once.mp4"
    workers.start()
    job = jobs.submit("reformat", _reformat(src, dst, width=720), max_attempts=1)
    wait_for(lambda: jobs.get_job(job.id).progress > 0.05, 60, "the render to make progress")
    owner_pid = int(jobs.get_job(job.id).owner.rpartition(":")[2])
    os.kill(owner_pid, signal.SIGKILL)  # only the process running the job dies
    failed = jobs.wait_job(job.id, timeout=30)
    assert failed.state == jobs.FAILED
    assert failed.error_key == "jobs.worker_lost"
    assert job.id in failed.error_message("en") and "worker" in failed.error_message("en")
    assert not dst.exists() and not leftovers(dst.parent)
    # the worker itself survived: huey replaced the killed process, the next job runs
    nxt = jobs.submit("noop", {"after": "kill"})
    assert jobs.wait_job(nxt.id, timeout=30).state == jobs.DONE


def test_missing_input_fails_with_the_typed_message(workers, tmp_path):
    workers.start()
    missing = tmp_path / "nicht-da.mp4"
    job = jobs.submit("ingest", {"src": str(missing), "out": str(tmp_path / "w.mp4")})
    failed = jobs.wait_job(job.id, timeout=30)
    assert failed.state == jobs.FAILED
    assert failed.error_key.startswith(("probe.", "media.", "ingest."))
    assert "nicht-da.mp4" in failed.error_message("de")
    assert "nicht-da.mp4" in failed.error_message("en")
    assert failed.error_message("de") != failed.error_message("en")
    assert not (tmp_path / "w.mp4").exists()


def test_unknown_kind_and_unknown_id_are_user_errors(job_env):
    from toolkit.errors import UserInputError

    with pytest.raises(UserInputError, match="render-everything"):
        jobs.submit("render-everything", {})
    with pytest.raises(jobs.JobNotFound):
        jobs.get_job("0123456789ab")


def test_ensure_worker_starts_one_and_reuses_it(job_env):
    pid = jobs.ensure_worker(job_env)
    try:
        assert jobs.ensure_worker(job_env) == pid
        job = jobs.submit("noop", {"ensure": True})
        assert jobs.wait_job(job.id, timeout=30).state == jobs.DONE
    finally:
        proc = psutil.Process(pid)
        children = proc.children(recursive=True)
        proc.terminate()
        psutil.wait_procs([proc, *children], timeout=15)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def _can_mount_tmpfs() -> bool:
    if not shutil.which("unshare"):
        return False
    probe_dir = tempfile.mkdtemp()
    try:
        return subprocess.run(["unshare", "-rm", "sh", "-c",
                               f"mount -t tmpfs -o size=64k tmpfs {probe_dir}"],
                              capture_output=True, timeout=20).returncode == 0
    finally:
        os.rmdir(probe_dir)


def test_full_disk_gives_a_clear_failure(job_env, lavfi_clip, tmp_path):
    """A worker whose output folder is a 64 kB file system (a private tmpfs mount)."""
    if not _can_mount_tmpfs():
        pytest.skip("cannot mount a small tmpfs here (needs `unshare -rm` with user namespaces)")
    from toolkit.jobs.backend import get_backend

    full = tmp_path / "full"
    full.mkdir()
    log = open(tmp_path / "worker.log", "wb")
    cmd = (f"mount -t tmpfs -o size=64k tmpfs {full} && exec {sys.executable} -m toolkit.cli "
           f"worker --workspace {job_env}")
    proc = subprocess.Popen(["unshare", "-rm", "sh", "-c", cmd], stdout=log, stderr=log,
                            start_new_session=True)
    try:
        wait_for(lambda: jobs.live_workers(get_backend()), 30, "the worker on the full disk")
        job = jobs.submit("ingest", {"src": str(lavfi_clip(seconds=3.0, size="320x240")),
                                     "out": str(full / "work.mp4")})
        failed = jobs.wait_job(job.id, timeout=60)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
        log.close()
    assert failed.state == jobs.FAILED, failed.state
    assert failed.error_key == "jobs.disk_full"
    assert str(full / "work.mp4") in failed.error_message("en")
    assert "disk is full" in failed.error_message("en")
    assert "Speicher ist voll" in failed.error_message("de")


def test_worker_started_for_an_app_ends_with_it(job_env):
    code = ("import sys; from toolkit import jobs; "
            f"print(jobs.ensure_worker({str(job_env)!r}), flush=True)")
    app = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)  # the "app" starts a worker, then exits
    worker_pid = int(app.stdout.strip().splitlines()[-1])
    wait_for(lambda: not psutil.pid_exists(worker_pid)
             or psutil.Process(worker_pid).status() == psutil.STATUS_ZOMBIE,
             20, "the worker to stop after its app ended")


def test_stop_workers_stops_this_machines_workers(workers):
    proc = workers.start()
    assert jobs.stop_workers() == 1
    assert proc.wait(timeout=20) is not None


def test_worker_processes_end_when_their_consumer_is_killed(workers):
    proc = workers.start()
    # the first heartbeat can come before huey has started its worker processes
    children = wait_for(lambda: psutil.Process(proc.pid).children(), 30,
                        "huey's worker processes")
    os.kill(proc.pid, signal.SIGKILL)  # only the consumer dies (e.g. the OOM killer)
    proc.wait(timeout=10)
    # a condition wait: it returns as soon as every child is gone (about a second when idle);
    # the long limit only matters on a loaded machine, where a child may take its time to run
    gone, alive = psutil.wait_procs(children, timeout=45)
    left = [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]
    assert not left, f"orphaned worker processes must not live on: {_describe(left)}"


def _describe(procs: list[psutil.Process]) -> list[str]:
    out = []
    for p in procs:
        try:
            out.append(f"{p.pid} {p.status()} {' '.join(p.cmdline())[:120]}")
        except psutil.Error as exc:
            out.append(f"{p.pid}: {exc}")
    return out
