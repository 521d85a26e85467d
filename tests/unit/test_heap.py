"""give_back: freed heap memory leaves the process (glibc), so a waiting render holds less."""

from __future__ import annotations

import sys

import pytest

from toolkit.heap import _libc, give_back


def _anonymous_mb() -> float:
    with open("/proc/self/smaps_rollup", encoding="ascii") as f:
        for line in f:
            if line.startswith("Anonymous:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no Anonymous line")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and /proc: Linux")
def test_freed_blocks_inside_the_heap_are_given_back() -> None:
    if _libc() is None:  # another C library (musl): the call is skipped, and says so
        assert give_back() is False
        return
    blocks = [bytearray(8192) for _ in range(8000)]  # ~64 MB from the heap (below mmap size)
    for block in blocks:
        block[::4096] = b"\1" * len(block[::4096])  # touch every page
    keep = bytearray(8192)  # after them: the heap's top cannot shrink by itself
    before = _anonymous_mb()
    del blocks
    held = _anonymous_mb()
    assert held > before - 16, "glibc returned the blocks by itself; the test shows nothing"
    assert give_back() is True
    assert _anonymous_mb() < held - 40
    del keep
