"""``--background`` and ``machmal jobs`` as a user runs them (subprocesses, real worker)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from toolkit import jobs


def machmal(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MACHMAL_LANG": lang, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "toolkit.cli", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=180)


def test_export_in_the_background_then_jobs_commands(workers, lavfi_clip, tmp_path):
    worker = workers.start()
    src = lavfi_clip(seconds=3.5, size="320x240")
    out = tmp_path / "export"
    run = machmal("export", str(src), "--platform", "reels", "--out", str(out),
                  "--loudness", "off", "--mode", "center", "--background")
    assert run.returncode == 0, run.stderr
    job_id = run.stdout.strip().splitlines()[-1]
    assert len(job_id) == 12 and jobs.get_job(job_id).kind == "export"
    waited = machmal("jobs", "wait", job_id, "--timeout", "120", "--json")
    assert waited.returncode == 0, waited.stdout + waited.stderr
    record = json.loads(waited.stdout)
    assert record["state"] == "done" and record["progress"] == 1.0
    assert {Path(p).name for p in record["result"]["outputs"]} == {"reels.mp4", "reels.jpg",
                                                                  "reels.json"}
    assert all(Path(p).exists() for p in record["result"]["outputs"])
    assert worker.pid in {w["pid"] for w in jobs.live_workers(jobs.api.get_backend())}
    again = machmal("export", str(src), "--platform", "reels", "--out", str(out),
                    "--loudness", "off", "--mode", "center", "--background")
    assert again.stdout.strip().splitlines()[-1] == job_id  # same work: same job
    listed = machmal("jobs", "list")
    assert job_id in listed.stdout and "done" in listed.stdout
    shown = machmal("jobs", "show", job_id)
    assert "reels.mp4" in shown.stdout
    assert f"{record['cpu_seconds']:.2f} s" in shown.stdout and record["cpu_seconds"] > 0


def test_ingest_background_failure_and_cancel_exit_codes(workers, tmp_path):
    queued = jobs.submit("noop", {"cli": "cancel"})  # no worker yet: it stays queued
    jobs.cancel_job(queued.id)
    assert machmal("jobs", "wait", queued.id).returncode == 130
    workers.start()
    run = machmal("ingest", str(tmp_path / "missing.mov"), str(tmp_path / "w.mp4"),
                  "--background")
    assert run.returncode == 0, run.stderr
    job_id = run.stdout.strip().splitlines()[-1]
    waited = machmal("jobs", "wait", job_id, "--timeout", "60")
    assert waited.returncode == 1
    assert "missing.mov" in waited.stdout
    failed = machmal("jobs", "show", job_id, "--json", lang="de")
    assert "missing.mov" in json.loads(failed.stdout)["error"]
    unknown = machmal("jobs", "show", "000000000000")
    assert unknown.returncode == 2 and "000000000000" in unknown.stderr


def test_a_bad_thread_setting_stops_the_worker_with_a_clear_message(job_env, monkeypatch):
    monkeypatch.setenv("MACHMAL_THREADS", "viele")
    run = machmal("worker", "--workspace", str(job_env), "--idle-exit", "1")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "MACHMAL_THREADS=viele" in run.stderr and "auto" in run.stderr
