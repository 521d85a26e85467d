"""The CPU thread budget of one job: one setting for ffmpeg, Whisper and OpenCV.

One job alone on a machine may use every core: ffmpeg, CTranslate2 and OpenCV pick their own
thread counts. When N jobs run side by side on one machine (``machmal worker --processes N``, or
several workers of one queue on the same host), each job should use about ``cores / N`` threads,
otherwise the jobs' threads oversubscribe the cores and two workers gain little over one.

The budget comes from one place, :func:`thread_budget`:

* ``MACHMAL_THREADS=N`` (N >= 1; ``machmal worker --threads N`` sets it for its jobs): every
  decoder, filter graph, encoder and the Whisper model get N threads;
* ``MACHMAL_THREADS=0``: no limit (each library decides, usually all cores);
* unset or ``auto``: no limit, except inside a worker, which sets each job's budget to
  ``cores // worker processes on this machine`` (:func:`job_budget`).

The runner applies it to every ffmpeg command (:func:`ffmpeg_thread_args`), the transcriber to
CTranslate2's ``cpu_threads`` and the frame analysis to OpenCV; a worker also runs a budgeted job
on that many cores of its own (:mod:`toolkit.jobs.cores`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from toolkit.errors import UserInputError
from toolkit.messages import register

register({
    "cpu.bad_threads": (
        "MACHMAL_THREADS={value} ist ungültig. Bitte eine ganze Zahl ab 1 (Threads je Auftrag), "
        "0 (keine Grenze) oder auto angeben.",
        "MACHMAL_THREADS={value} is not valid. Please give a whole number from 1 (threads per "
        "job), 0 (no limit) or auto.",
    ),
})

ENV = "MACHMAL_THREADS"
_job_budget: int | None = None  # set by a worker around each job (see job_budget)

# ffmpeg options that take no value (the ones ffmpeg-python and machmal emit, and common ones);
# every other option consumes the next argument.
_FLAGS = frozenset({
    "-y", "-n", "-shortest", "-an", "-vn", "-sn", "-dn", "-nostdin", "-stdin", "-hide_banner",
    "-nostats", "-stats", "-copyts", "-start_at_zero", "-re", "-accurate_seek",
    "-noaccurate_seek", "-ignore_unknown", "-copy_unknown", "-benchmark", "-benchmark_all",
    "-dump", "-hex", "-xerror", "-bitexact", "-autorotate", "-noautorotate", "-autoscale",
    "-noautoscale", "-find_stream_info", "-nofind_stream_info", "-report", "-recast_media",
})


def cpu_cores() -> int:
    """Cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def configured_threads() -> int | None:
    """The explicit ``MACHMAL_THREADS`` setting: N >= 0, or None for unset/``auto``.

    Raises:
        UserInputError: ``cpu.bad_threads`` for anything else.
    """
    raw = os.environ.get(ENV, "").strip().lower()
    if raw in ("", "auto"):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise UserInputError("cpu.bad_threads", value=raw) from None
    if value < 0:
        raise UserInputError("cpu.bad_threads", value=raw)
    return value


def thread_budget() -> int | None:
    """Threads the current job may use per decoder, filter graph, encoder or model.

    Returns:
        N >= 1, or None for no limit (the libraries decide).
    """
    configured = configured_threads()
    if configured is not None:
        return configured or None
    return _job_budget


def share_of_cores(processes: int, cores: int | None = None) -> int | None:
    """The automatic budget of one of ``processes`` jobs running side by side.

    Returns:
        ``cores // processes`` (at least 1), or None when a single process runs (no limit).
    """
    if processes <= 1:
        return None
    return max(1, (cores or cpu_cores()) // processes)


@contextmanager
def job_budget(threads: int | None) -> Iterator[None]:
    """Run a block (one job in a worker process) with ``threads`` as the automatic budget.

    An explicit ``MACHMAL_THREADS`` still wins (see :func:`thread_budget`).
    """
    global _job_budget
    before, _job_budget = _job_budget, threads
    try:
        yield
    finally:
        _job_budget = before


def ffmpeg_thread_args(args: Sequence[str], threads: int | None) -> list[str]:
    """Put a thread budget into an ffmpeg argument list (without the executable).

    Adds ``-filter_threads N -filter_complex_threads N`` in front, ``-threads N`` before every
    ``-i`` (decoder threads) and before every output file (encoder threads, e.g. x264's). An
    input or output that already sets ``-threads`` keeps its own value.

    Args:
        args: ffmpeg arguments (global options, inputs, outputs).
        threads: The budget (None or 0: return ``args`` unchanged).

    Returns:
        The new argument list.
    """
    if not threads:
        return list(args)
    n = str(int(threads))
    out: list[str] = []
    for name in ("-filter_threads", "-filter_complex_threads"):
        if name not in args:
            out += [name, n]
    has_threads = False  # the current input's or output's options set -threads already
    i = 0
    while i < len(args):
        tok = args[i]
        if tok == "-i":
            out += ([] if has_threads else ["-threads", n]) + list(args[i:i + 2])
            has_threads, i = False, i + 2
        elif tok.startswith("-") and len(tok) > 1:
            has_threads = has_threads or tok.split(":")[0] == "-threads"
            takes_value = tok not in _FLAGS and i + 1 < len(args) and not _is_option(args[i + 1])
            out += list(args[i:i + 2]) if takes_value else [tok]
            i += 2 if takes_value else 1
        else:  # an output file ("-" and pipe:1 included)
            out += ([] if has_threads else ["-threads", n]) + [tok]
            has_threads, i = False, i + 1
    return out


def _is_option(token: str) -> bool:
    """True for ``-name`` (not for a negative number or ``-`` itself)."""
    return len(token) > 1 and token[0] == "-" and token[1].isalpha()


def limit_opencv() -> None:
    """Give OpenCV's own thread pool the budget (its default, all cores, when there is none)."""
    import cv2

    threads = thread_budget()
    cv2.setNumThreads(threads if threads else -1)
