"""A job's own cores: a worker job with a CPU budget runs on that many cores of its own.

The thread budget (:mod:`toolkit.cpu_budget`) caps each decoder, filter graph and encoder at N
threads, but one ffmpeg command still runs its demuxers, decoders, filter graph, encoders and
muxer in threads of their own (ffmpeg 7 and later), and the job's Python works beside them: a
job with a budget of one thread keeps about 1.4 cores busy. Jobs side by side then share every
core, and what one worker process gains is taken from the others.

:func:`own_cores` makes the budget hold: a job with a budget of N threads claims a free slot of
N cores (slot ``i`` is cores ``i*N .. i*N+N-1`` of the worker's CPU affinity) and runs its
process, and every thread and ffmpeg it starts, on those cores only (``sched_setaffinity``).
Slots are claimed with a file lock per slot in a folder shared by every worker of the user on
this host (:func:`slot_dir`), so jobs of several workers and workspaces take different cores;
the lock is released when the job ends, or by the kernel when its process dies. A process
tries the slot it had last first (threads a job leaves behind, such as a cached Whisper model's,
keep the cores they were started on). A job runs
unpinned, as before, when no slot is free, when the budget covers every core, or where the
platform has no CPU affinity.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SLOTS_ENV = "MACHMAL_CORE_SLOTS"
"""Folder of the slot locks (default: :func:`slot_dir`)."""
_LAST: dict[int, list[int]] = {}  # budget -> the slot this process claimed last


def slot_dir() -> Path:
    """The folder of the core slots' lock files (one per user and host)."""
    where = os.environ.get(SLOTS_ENV)
    path = Path(where) if where else Path(tempfile.gettempdir()) / f"machmal-cores-{os.getuid()}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def slots(cores: list[int], threads: int) -> list[list[int]]:
    """The core slots of ``threads`` cores each that ``cores`` holds (a rest is left over)."""
    if threads <= 0:
        return []
    return [cores[i:i + threads] for i in range(0, len(cores) - threads + 1, threads)]


@contextmanager
def own_cores(threads: int | None) -> Iterator[list[int] | None]:
    """Run the block on a free slot of ``threads`` cores (see the module docstring).

    Yields:
        The cores claimed, or None when the block runs unpinned.
    """
    if not threads or not hasattr(os, "sched_setaffinity"):
        yield None
        return
    every = sorted(os.sched_getaffinity(0))
    found = slots(every, threads) if threads < len(every) else []
    # the slot this process had before first: threads a job leaves behind (a cached Whisper
    # model's, OpenCV's pool) keep the cores they were started on
    found.sort(key=lambda mine: mine != _LAST.get(threads))
    for mine in found:
        fd = os.open(slot_dir() / f"cores-{'-'.join(map(str, mine))}.lock",
                     os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        try:
            os.sched_setaffinity(0, mine)
            _LAST[threads] = mine
            yield mine
        finally:
            os.sched_setaffinity(0, every)
            os.close(fd)  # releases the lock
        return
    yield None
