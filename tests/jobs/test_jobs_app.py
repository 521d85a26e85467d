"""``machmal app`` starts the Streamlit server and the embedded worker beside it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request

import psutil

from toolkit import jobs
from toolkit.jobs.backend import get_backend

from conftest import wait_for


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def test_app_runs_server_and_worker_and_stops_both(job_env, tmp_path):
    port = _free_port()
    log = open(tmp_path / "app.log", "wb")
    app = subprocess.Popen([sys.executable, "-m", "toolkit.cli", "app", "--port", str(port),
                            "--workspace", str(job_env)], stdout=log, stderr=log,
                           start_new_session=True)
    worker_pid = None
    try:
        backend = get_backend(job_env)
        live = wait_for(lambda: jobs.live_workers(backend), 60, "the embedded worker")
        worker_pid = int(live[0]["pid"])
        wait_for(lambda: _healthy(port), 90, "the Streamlit server", every=0.25)
        job = jobs.submit("noop", {"app": True})
        assert jobs.wait_job(job.id, timeout=30).state == jobs.DONE
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=30)
        wait_for(lambda: not psutil.pid_exists(worker_pid)
                 or psutil.Process(worker_pid).status() == psutil.STATUS_ZOMBIE,
                 20, "the worker to stop with the app")
    finally:
        log.close()
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
        if worker_pid and psutil.pid_exists(worker_pid):
            try:
                os.killpg(worker_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert not _healthy(port)
