"""Atomic file output: a reader sees the old file or the new one, never half of either.

Everything is written to a hidden temporary sibling (same folder, so the final rename cannot
cross file systems), flushed and ``fsync``-ed, then moved over the target with ``os.replace``;
the folder is synced too, so the rename survives a power cut. On any error the temporary file is
removed and the target is left as it was.

:func:`file_sha256` is the content hash of a file (the one :func:`atomic_copy` reports). The
bottom layer (core) holds them, so projects, captions, reframe caches and the app all write
files the same way.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


def temp_sibling(path: Path) -> Path:
    """A hidden, unique temporary name next to ``path`` that keeps its extension."""
    return path.with_name(f".{path.stem}.tmp-{uuid.uuid4().hex[:8]}{path.suffix}")


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``path``, on error it is deleted.

    The caller writes the complete file to the yielded path (and should fsync it, as
    :func:`atomic_write_bytes` does).
    """
    final = Path(path)
    tmp = temp_sibling(final)
    try:
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(final.parent)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see module docstring)."""
    with atomic_path(path) as tmp, open(tmp, "xb") as fh:
        _write(fh, data)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 (newlines as given) to ``path`` atomically; return the path.

    Unlike :func:`atomic_write_bytes` it creates missing parent folders (caches, outputs).
    """
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(final, text.encode("utf-8"))
    return final


def atomic_copy(src: str | os.PathLike[str], dest: str | os.PathLike[str]) -> str:
    """Copy ``src`` to ``dest`` atomically, reading the source only; return its SHA-256."""
    digest = hashlib.sha256()
    with atomic_path(dest) as tmp, open(src, "rb") as fin, open(tmp, "xb") as fout:
        while chunk := fin.read(CHUNK):
            digest.update(chunk)
            _write(fout, chunk)
    return digest.hexdigest()


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's content (hex), read in chunks (the hash :func:`atomic_copy`
    reports for a copy)."""
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write(fh: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` (one seam, so tests can simulate a crash half-way)."""
    view = memoryview(data)
    while view:
        written = fh.write(view[:CHUNK])
        view = view[written or 0:]


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open folders; the rename is still atomic there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
