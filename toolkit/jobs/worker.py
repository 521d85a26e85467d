"""The worker: huey's consumer running jobs in N processes, plus heartbeat and reaper.

``machmal worker`` runs :func:`run_worker` in the foreground; the app calls
:func:`ensure_worker`, which starts one in the background when no live worker is registered.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from huey.consumer import Consumer, ConsumerStopped, ProcessEnvironment, Worker

from toolkit.cpu_budget import ENV as THREADS_ENV
from toolkit.cpu_budget import configured_threads
from toolkit.errors import MachmalError
from toolkit.jobs.backend import Backend, get_backend
from toolkit.jobs.doorbell import Listener
from toolkit.jobs.model import QUEUED, RUNNING, now
from toolkit.jobs.reaper import reap, requeue_lost
from toolkit.messages import register

register({
    "jobs.worker_start_failed": (
        "Der Hintergrund-Worker ist nicht gestartet (siehe {log}). Bitte `machmal worker` in "
        "einem Terminal starten, um die Meldung zu sehen.",
        "The background worker did not start (see {log}). Please run `machmal worker` in a "
        "terminal to see the message.",
    ),
})

BEAT_EVERY = 1.0  # seconds between worker heartbeats and reaper passes


class _DoorbellWorker(Worker):
    """huey's worker process; when idle in embedded mode it waits on the workspace's doorbell."""

    listener: Listener | None = None

    def sleep(self) -> None:
        if self.listener is None or not self.listener.open():
            super().sleep()
            return
        self.delay = min(self.delay, self.max_delay)
        if self.listener.wait(self.delay):
            self.delay = self.default_delay
        else:
            self.delay *= self.backoff


class _MachmalConsumer(Consumer):
    """huey's consumer, with a worker heartbeat and the reaper in its main loop."""

    def __init__(self, backend: Backend, worker_id: str, processes: int,
                 idle_exit: float | None, parent_pid: int | None = None, **options: Any):
        self.backend = backend  # before huey's __init__, which creates the workers
        super().__init__(backend.huey, workers=processes, **options)
        self.worker_id, self.processes, self.idle_exit = worker_id, processes, idle_exit
        self.parent_pid = parent_pid
        self._next_beat = 0.0
        self._busy_at = time.monotonic()
        if isinstance(self.environment, ProcessEnvironment):
            consumer, base_init = os.getpid(), self.environment.init_child

            def init_child(process: Any) -> None:  # runs in each worker/scheduler process
                base_init(process)
                _stop_when_orphaned(consumer, self.stop_flag)
            self.environment.init_child = init_child

    def _create_worker(self) -> Worker:
        worker = _DoorbellWorker(huey=self.huey, stop_flag=self.stop_flag,
                                 default_delay=self.default_delay, max_delay=self.max_delay,
                                 backoff=self.backoff, max_tasks=self.max_tasks)
        if self.backend.doorbell is not None:
            worker.listener = Listener(self.backend.doorbell)
        return worker

    def loop(self, health_check_ts: float | None = None) -> float | None:
        result = super().loop(health_check_ts)
        if time.monotonic() >= self._next_beat:
            self._next_beat = time.monotonic() + BEAT_EVERY
            maintain(self.backend, self.worker_id, self.processes)
            if (self.idle_exit is not None and self._idle_for() >= self.idle_exit) or (
                    self.parent_pid is not None and not _alive(self.parent_pid)):
                self.stop(graceful=True)
                raise ConsumerStopped
        return result

    def _idle_for(self) -> float:
        """Seconds since a job was last queued or running."""
        try:
            if self.backend.store.list([QUEUED, RUNNING], limit=1):
                self._busy_at = time.monotonic()
        except Exception:
            self._busy_at = time.monotonic()
        return time.monotonic() - self._busy_at


def _stop_when_orphaned(consumer: int, stop_flag: Any) -> None:
    """In a child of the consumer: set the stop flag once the consumer is gone.

    A consumer killed hard (SIGKILL, the OOM killer) cannot set the flag itself, and huey's
    children would wait for it forever; with the flag set, an idle child exits at once and a
    busy one after its job.
    """
    def watch() -> None:
        while os.getppid() == consumer:
            time.sleep(1.0)
        stop_flag.set()
    threading.Thread(target=watch, name="machmal-orphan-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie counts as gone)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def maintain(backend: Backend, worker_id: str, processes: int) -> None:
    """One heartbeat of this worker and one reaper pass (errors are retried next beat)."""
    try:
        backend.store.beat_worker(worker_id, {
            "id": worker_id, "host": socket.gethostname(), "pid": os.getpid(),
            "processes": processes, "seen": now(), "mode": "embedded" if backend.embedded
            else "redis"})
        reap(backend)
    except Exception:  # a short outage of the store must not stop the worker
        pass


def run_worker(workspace: str | os.PathLike[str] | None = None, processes: int = 1,
               idle_exit: float | None = None, parent_pid: int | None = None,
               threads: int | None = None) -> None:
    """Run a worker in the foreground until SIGINT/SIGTERM.

    At start-up, queued jobs whose queue message was lost are queued again.

    Args:
        workspace: Workspace folder (embedded mode keeps the queue there).
        processes: Worker processes (jobs run in parallel); each runs one job at a time.
        idle_exit: Stop after this many seconds without queued or running jobs (None: never).
        parent_pid: Stop when this process ends (the app that started the worker).
        threads: CPU threads per job (sets ``MACHMAL_THREADS``; 0: no limit; None: the
            setting, else automatic: cores // job processes of this queue on this machine).

    Raises:
        UserInputError: ``MACHMAL_THREADS`` is not valid.
    """
    if threads is not None:
        os.environ[THREADS_ENV] = str(int(threads))
    configured_threads()  # a bad setting stops the worker here, not in every job
    backend = get_backend(workspace)
    worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    poll = (0.01, 1.5, 0.5) if backend.embedded else (0.1, 1.15, 1.0)
    consumer = _MachmalConsumer(
        backend, worker_id, max(1, int(processes)), idle_exit, parent_pid, worker_type="process",
        periodic=False,
        initial_delay=poll[0], backoff=poll[1], max_delay=poll[2], check_worker_health=True,
        health_check_interval=1.0)
    maintain(backend, worker_id, processes)
    from toolkit.jobs.execute import lease_seconds

    requeue_lost(backend, older_than=lease_seconds())
    try:
        consumer.run()
    finally:
        backend.store.drop_worker(worker_id)


def live_workers(backend: Backend, max_age: float = 5.0) -> list[dict[str, Any]]:
    """Workers of this backend that beat within ``max_age`` seconds."""
    stamp = now()
    return [w for w in backend.store.workers() if stamp - float(w.get("seen", 0)) <= max_age]


def local_processes(backend: Backend) -> int:
    """Job processes of this queue's live workers on this machine (at least 1).

    The automatic CPU budget of a job is ``cores // local_processes`` (see
    :mod:`toolkit.cpu_budget`), so jobs of several workers on one host share its cores.
    """
    host = socket.gethostname()
    try:
        count = sum(int(w.get("processes", 1)) for w in live_workers(backend)
                    if w.get("host") == host)
    except Exception:  # a store hiccup: assume this worker's job runs alone
        count = 0
    return max(1, count)


def ensure_worker(workspace: str | os.PathLike[str] | None = None, *, processes: int = 1,
                  idle_exit: float | None = None, timeout: float = 30.0) -> int:
    """Start a background worker unless a live one serves this queue.

    Args:
        workspace: Workspace folder.
        processes: Worker processes of a newly started worker.
        idle_exit: A newly started worker stops after this many idle seconds (None: it lives
            as long as the calling process, e.g. the app's server).
        timeout: Seconds to wait for the new worker's first heartbeat.

    Returns:
        The pid of a live worker (an existing one, or the one just started).

    Raises:
        MachmalError: ``jobs.worker_start_failed`` if it did not come up in time.
    """
    from filelock import FileLock

    backend = get_backend(workspace)
    state_dir = backend.workspace / ".machmal"
    state_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(state_dir / "worker-start.lock"), timeout=timeout):
        alive = live_workers(backend)
        if alive:
            return int(alive[0]["pid"])
        log = state_dir / "worker.log"
        parent = os.getpid() if idle_exit is None else None
        proc = _spawn(backend.workspace, processes, idle_exit, parent, log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if any(int(w["pid"]) == proc.pid for w in live_workers(backend)):
                return proc.pid
            time.sleep(0.1)
        raise MachmalError("jobs.worker_start_failed", log=str(log))


def _spawn(workspace: Path, processes: int, idle_exit: float | None, parent: int | None,
           log: Path) -> subprocess.Popen[bytes]:
    """Start ``machmal worker`` detached from this process (own session, output to ``log``)."""
    cmd = [sys.executable, "-m", "toolkit.cli", "worker", "--workspace", str(workspace),
           "--processes", str(processes)]
    if idle_exit is not None:
        cmd += ["--idle-exit", str(idle_exit)]
    if parent is not None:
        cmd += ["--parent-pid", str(parent)]
    with open(log, "ab") as sink:
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink,
                                start_new_session=True, env=dict(os.environ))


def stop_workers(workspace: str | os.PathLike[str] | None = None, timeout: float = 15.0) -> int:
    """Stop the live workers of this queue that run on this machine; return how many.

    Running jobs go back to the queue (see :func:`toolkit.jobs.execute.run_job`).
    """
    import psutil

    backend = get_backend(workspace)
    procs = []
    for info in live_workers(backend):
        if info.get("host") == socket.gethostname():
            try:
                proc = psutil.Process(int(info["pid"]))
                proc.terminate()
                procs.append(proc)
            except psutil.NoSuchProcess:
                continue
    _gone, alive = psutil.wait_procs(procs, timeout=timeout)
    for proc in alive:
        proc.kill()
    return len(procs)
