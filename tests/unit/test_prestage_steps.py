"""The logic of running the render's early steps side by side (:mod:`toolkit.edit.prestage`).

The steps here are plain functions waiting on events (no ffmpeg); the real steps are tested in
tests/integration/test_prestage.py.
"""

from __future__ import annotations

import threading

import pytest

from toolkit.edit.prestage import MAX_WORKERS, Prestage, workers
from toolkit.errors import Cancelled, FFmpegError, MediaError

WAIT = 30.0  # a generous bound on waits that must end much sooner (never reached when right)


def stoppable(pre: Prestage, started: threading.Event | None = None) -> str:
    """A step that runs until the steps are stopped, as an ffmpeg step would."""
    if started is not None:
        started.set()
    for _ in range(int(WAIT * 100)):
        if pre.stop.is_set():
            raise Cancelled(target="step")
        threading.Event().wait(0.01)
    return "never stopped"


def test_results_come_in_order_and_progress_never_goes_back() -> None:
    gates = [threading.Event() for _ in range(4)]
    seen: list[float] = []
    threads: set[str] = set()

    def step(i: int) -> int:
        threads.add(threading.current_thread().name)
        assert gates[i].wait(WAIT)
        return i * 10

    with Prestage(None, threads=2) as pre:
        steps = pre.start_all([lambda i=i: step(i) for i in range(4)])
        for i in (1, 0, 3, 2):  # they end out of order
            gates[i].set()
        assert steps.results(seen.append) == [0, 10, 20, 30]
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == 4
    assert threading.current_thread().name not in threads


def test_one_thread_runs_each_step_in_the_caller_when_asked() -> None:
    ran: list[str] = []
    with Prestage(None, threads=1) as pre:
        first = pre.start(lambda: ran.append(threading.current_thread().name) or "a")
        assert ran == []  # nothing in the background
        assert first.result() == "a" and first.result() == "a"
    assert ran == [threading.current_thread().name]


def test_a_failing_step_stops_the_others_and_its_error_is_raised() -> None:
    started = threading.Event()

    def fails() -> None:
        assert started.wait(WAIT)
        raise MediaError("loudness.no_stats", path="mix")

    with pytest.raises(MediaError) as caught:
        with Prestage(None, threads=2) as pre:
            long = pre.start(lambda: stoppable(pre, started))
            pre.start(fails)
            long.result()  # the waiting step was stopped: the failure is raised, not Cancelled
    assert caught.value.key == "loudness.no_stats"


def test_a_failure_in_the_caller_stops_the_steps_before_it_leaves() -> None:
    ended: list[str] = []

    def step() -> None:
        try:
            stoppable(pre, started)
        finally:
            ended.append("step")

    started = threading.Event()
    with pytest.raises(FFmpegError):
        with Prestage(None, threads=2) as pre:
            pre.start(step)
            assert started.wait(WAIT)
            raise FFmpegError(["ffmpeg"], ["boom"], 1, "x.mp4")
    assert ended == ["step"]  # waited for: no step outlives the block


def test_the_users_cancel_stops_every_step_and_the_ones_not_begun() -> None:
    cancel = threading.Event()
    started = threading.Event()
    begun: list[int] = []
    with pytest.raises(Cancelled):
        with Prestage(cancel, threads=2) as pre:
            steps = pre.start_all([lambda: stoppable(pre, started), lambda: stoppable(pre)]
                                  + [lambda i=i: begun.append(i) for i in range(5)])
            assert started.wait(WAIT)
            cancel.set()
            steps.results()
    assert begun == []


def test_workers_follow_the_job_budget(monkeypatch) -> None:
    monkeypatch.setenv("MACHMAL_THREADS", "1")
    assert workers() == 1
    monkeypatch.setenv("MACHMAL_THREADS", "64")
    assert workers() == MAX_WORKERS
    monkeypatch.setenv("MACHMAL_THREADS", "auto")
    assert 1 <= workers() <= MAX_WORKERS
