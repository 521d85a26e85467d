"""The steps before the render ffmpeg, side by side on the job's cores.

The render's preparation (:meth:`toolkit.edit.run._Render.run`) is made of steps that do not
need each other's results: the analysis of each take (an ffmpeg decode beside OpenCV and the
face CNN, which let go of the GIL), the loudness pass 1 of the assembled sound (one ffmpeg) and
the captions (cached transcripts, Whisper otherwise). Only the graphics and camera paths need
the analyses and the captions. :class:`Prestage` runs the independent steps on a small thread
pool (:func:`workers`: as many threads as the job's CPU budget allows, at most
:data:`MAX_WORKERS`) while the caller waits for what it needs next.

Errors and cancel behave as in a run one step after the other:

* the first step that fails stops all the others (their ffmpeg is stopped, nothing they would
  have written is left) and its error is the one raised, with its own type;
* the user's cancel stops every step (:class:`~toolkit.errors.Cancelled`);
* leaving the ``with`` block by an error stops the steps still running and waits for them, so
  no thread or ffmpeg outlives the render's work folder.

With a budget of one thread (a worker process beside others) nothing runs in the background:
each step runs in the caller's thread when its result is asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from types import TracebackType
from typing import Any, Generic, TypeVar

from toolkit.errors import Cancelled

T = TypeVar("T")
MAX_WORKERS = 4
"""Steps run at once at most (each analysis already keeps about 1.5 cores busy)."""


def workers() -> int:
    """Threads for the steps: the job's CPU budget, else the cores, at most :data:`MAX_WORKERS`."""
    from toolkit.cpu_budget import cpu_cores, thread_budget

    return max(1, min(MAX_WORKERS, thread_budget() or cpu_cores()))


class Stop(threading.Event):
    """Set when any step failed; also reads as set once the user's ``cancel`` is.

    Handed to the steps as their ``cancel`` (they only ask :meth:`is_set`).
    """

    def __init__(self, cancel: threading.Event | None) -> None:
        super().__init__()
        self.cancel = cancel

    def is_set(self) -> bool:
        """Whether the steps should stop."""
        return super().is_set() or (self.cancel is not None and self.cancel.is_set())


class Step(Generic[T]):
    """One step: a future on the pool, or (one thread) a call made when its result is asked."""

    def __init__(self, owner: Prestage, fn: Callable[[], T]) -> None:
        self.owner, self.fn = owner, fn
        self.future: Future[T] | None = None
        self.value: list[T] = []  # one thread: the result, once called
        if owner.pool is not None:
            self.future = owner.pool.submit(self.call)
            self.future.add_done_callback(owner.note)

    def call(self) -> T:
        """Run the step, unless the steps were stopped before it began."""
        if self.owner.stop.is_set():
            raise Cancelled(target=self.owner.target)
        return self.fn()

    def wait(self, stop: threading.Event) -> T:
        """:meth:`result`, waited for in another thread (e.g. the render's sound) that stops
        waiting once ``stop`` is set (:class:`~toolkit.errors.Cancelled`)."""
        while self.future is not None and not self.future.done():
            if stop.is_set():
                raise Cancelled(target=self.owner.target)
            wait([self.future], timeout=0.1)
        return self.result()

    def result(self) -> T:
        """The step's result; a step stopped by another's failure raises that failure."""
        if self.future is None:
            if not self.value:
                self.value.append(self.call())
            return self.value[0]
        try:
            return self.future.result()
        except Cancelled:
            self.owner.raise_failure()
            raise


class Steps(Generic[T]):
    """Steps started together (:meth:`Prestage.start_all`)."""

    def __init__(self, steps: list[Step[T]]) -> None:
        self.steps = steps

    def results(self, report: Callable[[float], None] | None = None) -> list[T]:
        """Wait for every step; their results in the order started. ``report`` is told the
        share done as steps end, from the caller's thread (so it never goes back)."""
        pending = {s.future: s for s in self.steps if s.future is not None}
        done = 0
        for step in self.steps:
            if step.future is None:  # one thread: each in turn, here
                step.result()
                done += 1
                if report is not None:
                    report(done / len(self.steps))
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                pending.pop(future).result()
                done += 1
                if report is not None:
                    report(done / len(self.steps))
        return [s.result() for s in self.steps]


class Prestage:
    """Runs steps side by side (see the module docstring); use it as a context manager.

    Args:
        cancel: The user's cancel event.
        target: Names the job in the :class:`Cancelled` of a step stopped before it began.
        threads: Steps at once (default :func:`workers`); 1 runs each step in the caller's
            thread when its result is asked for.
    """

    def __init__(self, cancel: threading.Event | None, target: str = "render",
                 threads: int | None = None) -> None:
        self.threads = workers() if threads is None else max(1, threads)
        self.stop = Stop(cancel)
        self.target = target
        self.pool = (ThreadPoolExecutor(self.threads, thread_name_prefix="machmal-prestage")
                     if self.threads > 1 else None)
        self.failure: BaseException | None = None
        self.lock = threading.Lock()

    def __enter__(self) -> Prestage:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is not None:
            self.stop.set()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if exc is None or isinstance(exc, Cancelled):
            self.raise_failure()

    def start(self, fn: Callable[[], T]) -> Step[T]:
        """Start ``fn`` (it should stop soon once :attr:`stop` is set)."""
        return Step(self, fn)

    def start_all(self, fns: Sequence[Callable[[], T]]) -> Steps[T]:
        """Start each of ``fns``, in order."""
        return Steps([self.start(fn) for fn in fns])

    def note(self, future: Future[Any]) -> None:
        """A step ended: keep the first failure and stop the others."""
        exc = None if future.cancelled() else future.exception()
        if exc is None:
            return
        with self.lock:
            if self.failure is None:
                self.failure = exc
        self.stop.set()

    def raise_failure(self) -> None:
        """Raise the first step's failure, if one failed."""
        if self.failure is not None:
            raise self.failure
