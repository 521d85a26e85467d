"""Fixtures of the job tests: an isolated workspace, real worker processes, a real Redis."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
LEASE = "3"


def wait_for(condition: Callable[[], object], timeout: float, what: str,
             every: float = 0.05) -> object:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


@pytest.fixture
def job_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace in embedded mode, with a short lease; returns the workspace."""
    workspace = tmp_path / "ws"
    workspace.mkdir()
    monkeypatch.setenv("MACHMAL_WORKSPACE", str(workspace))
    monkeypatch.setenv("MACHMAL_JOB_LEASE", LEASE)
    monkeypatch.delenv("MACHMAL_QUEUE_URL", raising=False)
    monkeypatch.delenv("MACHMAL_JOBS_DB", raising=False)
    monkeypatch.setenv("MACHMAL_QUEUE_NAME", f"t{os.getpid()}{time.monotonic_ns() % 10**9}")
    return workspace


class Workers:
    """Starts ``machmal worker`` processes and stops every one of them afterwards."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, processes: int = 1, *extra: str) -> subprocess.Popen[bytes]:
        from toolkit.jobs import live_workers
        from toolkit.jobs.backend import get_backend

        log = open(self.workspace / f"worker-{len(self.procs)}.log", "ab")
        proc = subprocess.Popen(
            [sys.executable, "-m", "toolkit.cli", "worker", "--workspace", str(self.workspace),
             "--processes", str(processes), *extra], stdout=log, stderr=log,
            start_new_session=True)
        log.close()
        self.procs.append(proc)
        backend = get_backend(self.workspace)
        wait_for(lambda: any(w["pid"] == proc.pid for w in live_workers(backend)), 30,
                 "the worker's first heartbeat")
        return proc

    def kill_all_processes(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL a worker and its children at once (as a crash or the OOM killer would)."""
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
            _kill_group(proc.pid)


def _kill_group(pgid: int) -> None:
    """Make sure no process of a stopped worker's session is left (children, ffmpeg)."""
    for p in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(p.info["pid"]) == pgid:
                p.kill()
        except (ProcessLookupError, psutil.Error, OSError):
            continue


@pytest.fixture
def workers(job_env: Path) -> Iterator[Workers]:
    """Start workers with ``workers.start(n)``; all are stopped after the test."""
    pool = Workers(job_env)
    yield pool
    pool.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url(job_env: Path, monkeypatch: pytest.MonkeyPatch,
              tmp_path: Path) -> Iterator[str]:
    """A real redis-server on a free localhost port, selected by MACHMAL_QUEUE_URL."""
    if not os.path.exists(REDIS_SERVER):
        pytest.skip(f"redis-server not installed ({REDIS_SERVER}); Redis mode untested here")
    import redis

    port = _free_port()
    proc = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)

    def up() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False
    try:
        wait_for(up, 15, "redis-server to answer")
        monkeypatch.setenv("MACHMAL_QUEUE_URL", url)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def ffmpeg_children(pid: int) -> list[psutil.Process]:
    """ffmpeg processes below process ``pid``."""
    try:
        kids = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [k for k in kids if "ffmpeg" in _name(k)]


def _name(proc: psutil.Process) -> str:
    try:
        return proc.name().lower() + " ".join(proc.cmdline()[:1]).lower()
    except psutil.Error:
        return ""


def leftovers(folder: Path) -> list[Path]:
    """Hidden temporary files the runner writes while ffmpeg runs."""
    return sorted(folder.rglob(".*.partial-*"))
