"""A job's own cores: slots of N cores claimed by file lock, the affinity set and given back.

Other jobs are other processes (the worker's): each holder below is a Python process that
claims a slot and keeps it until the test lets it go.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from toolkit.jobs import cores
from toolkit.jobs.cores import own_cores, slots

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"),
                                reason="no CPU affinity on this platform")
_HOLD = ("import json, sys\nfrom toolkit.jobs.cores import own_cores\n"
         "with own_cores(1) as mine:\n    print(json.dumps(mine), flush=True)\n"
         "    sys.stdin.readline()\n")


@pytest.fixture(autouse=True)
def slot_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Slots of this test only, on at most two cores (children inherit them)."""
    monkeypatch.setenv("MACHMAL_CORE_SLOTS", str(tmp_path / "slots"))
    monkeypatch.setattr(cores, "_LAST", {})  # no slot held before
    every = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, every[:2])
    try:
        yield tmp_path / "slots"
    finally:
        os.sched_setaffinity(0, every)


@contextmanager
def holder() -> Iterator[list[int] | None]:
    """Another job's process holding a slot of one core while the block runs."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLD], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield json.loads(proc.stdout.readline())
    finally:
        proc.communicate("\n", timeout=30)


def test_slots_cut_the_cores_into_whole_groups() -> None:
    assert slots([0, 1, 2, 3], 1) == [[0], [1], [2], [3]]
    assert slots([0, 1, 2, 3, 4], 2) == [[0, 1], [2, 3]]  # core 4 is left over
    assert slots([2, 5], 2) == [[2, 5]]
    assert slots([0, 1], 3) == [] and slots([0, 1], 0) == []


def test_each_job_claims_cores_of_its_own_and_gives_them_back() -> None:
    every = sorted(os.sched_getaffinity(0))
    if len(every) < 2:
        with own_cores(1) as mine:
            assert mine is None  # one core: nothing to share out
        return
    with holder() as other:
        assert other is not None
        with own_cores(1) as mine:
            assert mine is not None and mine != other
            assert sorted(os.sched_getaffinity(0)) == mine  # and what it starts inherits it
            child = subprocess.run([sys.executable, "-c",
                                    "import os; print(sorted(os.sched_getaffinity(0)))"],
                                   capture_output=True, text=True, check=True)
            assert child.stdout.strip() == str(mine)
    assert sorted(os.sched_getaffinity(0)) == every  # given back
    with holder() as next_one:
        assert next_one == other  # the other job's lock went with its process


def test_no_budget_or_no_free_slot_runs_unpinned() -> None:
    every = sorted(os.sched_getaffinity(0))
    with own_cores(None) as none, own_cores(len(every)) as whole:
        assert none is None and whole is None
        assert sorted(os.sched_getaffinity(0)) == every
    with ExitStack() as stack:
        taken = [stack.enter_context(holder()) for _ in every]
        if len(every) > 1:
            assert sorted(c for mine in taken for c in mine) == every
        with own_cores(1) as late:
            assert late is None  # every slot is busy: the job runs as before
            assert sorted(os.sched_getaffinity(0)) == every


def test_a_process_gets_its_last_slot_again_when_it_is_free() -> None:
    every = sorted(os.sched_getaffinity(0))
    if len(every) < 2:
        with own_cores(1) as mine:
            assert mine is None  # one core: no slots
        return
    with holder() as other:  # the first slot is taken: this process gets the second
        assert other == [every[0]]
        with own_cores(1) as mine:
            assert mine == [every[1]]
    with own_cores(1) as again:  # both free now: the one it had, not the first
        assert again == [every[1]]
