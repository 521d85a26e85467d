"""A worker job really runs with its CPU thread budget; lost queue messages are sent again.

The thread tests put a recorder in front of the real ffmpeg (``MACHMAL_FFMPEG`` pointing at a
shell script that writes its arguments to a file and then runs the real binary), so the
commands the worker's jobs ran can be read back.
"""

from __future__ import annotations

import shlex
import stat
from pathlib import Path

import pytest

from toolkit import jobs
from toolkit.cpu_budget import cpu_cores
from toolkit.jobs.backend import get_backend
from toolkit.jobs.model import now
from toolkit.jobs.reaper import requeue_lost
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.probe import probe


@pytest.fixture
def ffmpeg_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Route every ffmpeg run through a recorder; returns the folder of recorded commands."""
    calls = tmp_path / "ffmpeg-calls"
    calls.mkdir()
    script = tmp_path / "ffmpeg-recorder"
    script.write_text("#!/bin/sh\n"
                      f"printf '%s\\0' \"$@\" > {shlex.quote(str(calls))}/$$.args\n"
                      f"grep Cpus_allowed_list /proc/$$/status > {shlex.quote(str(calls))}/$$.cpus"
                      " || true\n"
                      f"exec {shlex.quote(ffmpeg_exe())} \"$@\"\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("MACHMAL_FFMPEG", str(script))
    monkeypatch.setenv("MACHMAL_CORE_SLOTS", str(tmp_path / "core-slots"))
    monkeypatch.delenv("MACHMAL_THREADS", raising=False)
    return calls


def _commands(calls: Path) -> list[list[str]]:
    return [f.read_bytes().decode().split("\0")[:-1] for f in sorted(calls.glob("*.args"))]


def _cores_of_commands(calls: Path) -> list[set[int]]:
    """The cores each recorded ffmpeg command was allowed to run on."""
    found = []
    for f in sorted(calls.glob("*.cpus")):
        listed = f.read_text().split(":", 1)[1].strip()
        cores: set[int] = set()
        for part in listed.split(","):
            lo, _, hi = part.partition("-")
            cores.update(range(int(lo), int(hi or lo) + 1))
        found.append(cores)
    return found


def _threads_per_file(args: list[str]) -> dict[str, str | None]:
    """Each input and output file of an ffmpeg command -> the ``-threads`` among its options."""
    files = [k for k, a in enumerate(args)
             if (k > 0 and args[k - 1] == "-i") or ".partial-" in a or a == "-"]
    found: dict[str, str | None] = {}
    for n, k in enumerate(files):
        options = args[(files[n - 1] + 1 if n else 0):k]
        found[args[k]] = options[options.index("-threads") + 1] if "-threads" in options \
            else None
    return found


@pytest.mark.parametrize("processes, extra, expected", [
    (1, (), 0),                                  # one job at a time: all cores, no limit
    (2, (), max(1, cpu_cores() // 2)),           # two side by side: half the cores each
    (1, ("--threads", "1"), 1),                  # the worker option sets it explicitly
])
def test_worker_jobs_run_ffmpeg_with_their_thread_budget(workers, ffmpeg_calls, lavfi_clip,
                                                        tmp_path, processes, extra, expected):
    src = lavfi_clip(seconds=1.0, size="320x240")
    dst = tmp_path / "out" / "clip.mp4"
    workers.start(processes, *extra)
    job = jobs.submit("reformat", {"src": str(src), "dst": str(dst), "aspect": "9:16",
                                   "mode": "blur", "width": 180})
    done = jobs.wait_job(job.id, timeout=90)
    assert done.state == jobs.DONE, done.error_message()
    assert probe(dst).video.display_width == 180
    assert done.threads == expected
    assert done.cpu_seconds > 0
    commands = _commands(ffmpeg_calls)
    assert commands, "the job ran no ffmpeg"
    for args in commands:
        if not expected:
            assert "-filter_threads" not in args and "-threads" not in args, args
            continue
        assert args[args.index("-filter_threads") + 1] == str(expected), args
        assert args[args.index("-filter_complex_threads") + 1] == str(expected), args
        files = _threads_per_file(args)
        # a file written (temp name), or a measurement of one (the check report's loudness)
        assert any(".partial-" in f or f == "-" for f in files), args
        assert set(files.values()) == {str(expected)}, files
    # ... and on that many cores of its own (toolkit/jobs/cores.py), all cores without a limit
    import os

    every = set(os.sched_getaffinity(0))
    pinned = bool(expected) and expected < len(every)
    cores = _cores_of_commands(ffmpeg_calls)
    assert len(cores) == len(commands)
    for allowed in cores:
        assert (len(allowed) == expected if pinned else allowed == every), (allowed, every)


def test_a_queued_job_whose_message_was_lost_runs_when_a_worker_starts(workers, lavfi_clip,
                                                                       tmp_path):
    src = lavfi_clip(seconds=1.0, size="320x240")
    dst = tmp_path / "out" / "clip.mp4"
    job = jobs.submit("reformat", {"src": str(src), "dst": str(dst), "aspect": "9:16",
                                   "mode": "center", "width": 180})
    backend = get_backend()
    backend.huey.storage.flush_queue()  # the message is gone, as after a power cut
    backend.store.update(job.id, {"updated_at": now() - 3600})
    assert backend.pending_ids() == set()
    workers.start()
    done = jobs.wait_job(job.id, timeout=60)
    assert done.state == jobs.DONE, done.error_message()
    assert dst.exists() and done.attempts == 1


def test_requeue_sends_only_old_jobs_without_a_message(job_env):
    backend = get_backend()
    old_lost, has_message, young_lost, cancelled = (
        jobs.submit("noop", {"i": i}) for i in range(4))
    backend.huey.storage.flush_queue()
    backend.enqueue(has_message.id)
    backend.store.update(cancelled.id, {"cancel_requested": 1})
    for job in (old_lost, has_message, cancelled):
        backend.store.update(job.id, {"updated_at": now() - 60})
    assert requeue_lost(backend, older_than=20) == [old_lost.id]
    assert backend.pending_ids() == {old_lost.id, has_message.id}
    assert backend.huey.pending_count() == 2  # nothing sent twice
    assert requeue_lost(backend, older_than=20) == []
