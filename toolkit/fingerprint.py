"""Content fingerprints of media files: the keys of the caches of derived data.

The analysis cache, the take-range measurements and the loudness measurements are keyed by
what a file holds, not by its name or time, so a take copied into a project, renamed or moved
is found again, and any re-encode, trim or edit is not. A fingerprint reads at most ~3 MiB of a
file, however large; :func:`fingerprint` computes it once per file version in a process.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Final

_CHUNK: Final = 1 << 20


def content_fingerprint(path: Path) -> str:
    """SHA-256 over the size, the first and last MiB and 16 slices in between.

    Reads at most ~3 MiB however large the file is; any re-encode, trim or edit changes it.
    """
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with open(path, "rb") as fh:
        for offset in [0, max(0, size - _CHUNK)] + [size * k // 17 for k in range(1, 17)]:
            fh.seek(offset)
            digest.update(fh.read(_CHUNK if offset in (0, max(0, size - _CHUNK)) else 1 << 16))
    return digest.hexdigest()


@functools.lru_cache(maxsize=512)
def _fingerprint(path: str, size: int, mtime_ns: int) -> str:
    return content_fingerprint(Path(path))


def fingerprint(src: Path) -> str:
    """The content fingerprint of ``src``, computed once per file version in this process."""
    stat = src.stat()
    return _fingerprint(str(src.resolve()), stat.st_size, stat.st_mtime_ns)
