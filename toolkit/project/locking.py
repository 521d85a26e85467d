"""One writer at a time per project: an exclusive OS file lock (``filelock``).

Every change to a project is a read-modify-write inside :func:`project_lock`, so CLI calls, app
sessions and job workers in different processes serialize instead of overwriting each other.
The lock is an OS lock (``flock``) on ``<project>/project.lock``: the kernel releases it when
the holding process dies, even by ``SIGKILL``, so a crashed writer never blocks the next one.
Nested use in the same thread is re-entrant (one lock object per file, with a hold counter).

Waiting is bounded: after ``timeout`` seconds (default 30, ``MACHMAL_LOCK_TIMEOUT`` overrides)
:class:`ProjectBusyError` says the project is being changed by another operation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from toolkit.errors import ProjectError
from toolkit.messages import register

register({
    "project.busy": (
        "Projekt wird gerade von einem anderen Vorgang bearbeitet ({folder}); nach {seconds} s "
        "Warten noch nicht frei. Bitte gleich noch einmal versuchen.",
        "The project is being changed by another operation ({folder}); still not free after "
        "waiting {seconds} s. Please try again in a moment.",
    ),
})

LOCK_FILE = "project.lock"
DEFAULT_TIMEOUT = 30.0


class ProjectBusyError(ProjectError):
    """Another process held the project's lock for longer than the timeout."""


def lock_timeout() -> float:
    """Seconds to wait for a project lock (``MACHMAL_LOCK_TIMEOUT``, else 30)."""
    try:
        value = float(os.environ.get("MACHMAL_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


@contextmanager
def project_lock(folder: str | os.PathLike[str], timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of the project in ``folder`` for the ``with`` block.

    Args:
        folder: The project folder (must exist).
        timeout: Seconds to wait (default: :func:`lock_timeout`).

    Raises:
        ProjectBusyError: The lock was not free within ``timeout``.
    """
    wait = lock_timeout() if timeout is None else timeout
    path = Path(folder) / LOCK_FILE
    lock = FileLock(path, timeout=wait, is_singleton=True)
    try:
        lock.acquire()
    except Timeout:
        raise ProjectBusyError("project.busy", folder=str(folder),
                               seconds=f"{wait:g}") from None
    try:
        yield
    finally:
        lock.release()
