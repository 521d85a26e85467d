"""Give the heap's freed memory back to the system between the steps of a long job (glibc).

glibc keeps memory a program frees inside its heap for later use, and after a large block is
freed it raises the size from which blocks get pages of their own (``mmap``), so the arrays of
a long analysis and the camera path's linear programme (a few MB per minute of video) stay
resident after they are gone: a 4-minute smart export's Python process held about 40 MB more
during its render than it needed. :func:`give_back` hands such free pages back
(``malloc_trim``); the render calls it before its long ffmpeg run, while Python waits.
Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        lib = ctypes.CDLL("libc.so.6")
        trim = lib.malloc_trim
    except (OSError, AttributeError):  # musl or another C library: nothing to call
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lib


def give_back() -> bool:
    """Collect unreachable Python objects, then return the heap's free pages to the system.

    Returns:
        Whether the C library could be asked (False where it is not glibc).
    """
    gc.collect()
    lib = _libc()
    if lib is None:
        return False
    lib.malloc_trim(0)
    return True
