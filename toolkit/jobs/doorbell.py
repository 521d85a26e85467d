"""A doorbell for embedded workers: a named pipe in the workspace that ``submit`` rings.

huey's SQLite queue is polled; without a signal, a job waits up to one polling interval before a
worker sees it. Idle embedded workers instead wait on this FIFO (with the polling interval as a
timeout), so a new job starts at once and idle workers poll rarely. Best effort: where named pipes
do not exist (Windows) or nobody listens, ringing does nothing and polling still finds the job.
"""

from __future__ import annotations

import errno
import os
import select
from pathlib import Path


def doorbell_path(state_dir: Path) -> Path:
    """The FIFO of a workspace's embedded queue."""
    return state_dir / "doorbell"


def ring(path: Path) -> None:
    """Wake one idle worker listening on ``path`` (never blocks, never raises)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # no FIFO, or no worker listening (ENXIO)
        return
    try:
        os.write(fd, b"\x01")
    except OSError:  # pipe full: plenty of rings pending already
        pass
    finally:
        os.close(fd)


class Listener:
    """The worker's side: wait for a ring or a timeout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def open(self) -> bool:
        """Create and open the FIFO (read-write, so it never reports end-of-file)."""
        if self.fd is not None:
            return True
        if not hasattr(os, "mkfifo"):
            return False
        try:
            os.mkfifo(self.path)
        except FileExistsError:
            pass
        except OSError:
            return False
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_NONBLOCK)
        except OSError:
            return False
        return True

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds; True if the bell rang."""
        if self.fd is None:
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            os.read(self.fd, 4096)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EWOULDBLOCK):
                raise
        return True
