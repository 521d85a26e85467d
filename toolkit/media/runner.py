"""The one ffmpeg runner every feature uses.

Callers build an ffmpeg-python graph that writes to the *final* output paths; :func:`build_args`
turns it into an argument list (testable without running ffmpeg) and :func:`run` executes it:

* outputs are written under a temporary name in the target folder and renamed only when ffmpeg
  succeeded, so a failed, cancelled or timed-out run leaves no file behind;
* the job's CPU thread budget (:mod:`toolkit.cpu_budget`, ``MACHMAL_THREADS``) is put on every
  input, filter graph and output, so jobs running side by side do not oversubscribe the cores;
* ffmpeg runs with glibc's ``mmap`` threshold fixed (:func:`ffmpeg_env`), so the frame buffers
  it frees go back to the system instead of piling up in the heap;
* ``-progress`` is parsed into a ``progress(fraction)`` callback;
* a ``threading.Event`` cancels the run;
* failures raise :class:`~toolkit.errors.FFmpegError` carrying the command and the last lines of
  stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.cpu_budget import ffmpeg_thread_args, thread_budget
from toolkit.errors import Cancelled, FFmpegError, FFmpegTimeout
from toolkit.media.ffmpeg_bin import ffmpeg_exe

ProgressFn = Callable[[float], None]
TAIL_LINES = 20
_GLOBAL_ARGS = ["-hide_banner", "-nostdin", "-y"]
MMAP_THRESHOLD = 128 * 1024
"""Bytes from which glibc maps an allocation of its own (its default start value, held fixed)."""


@dataclass(frozen=True)
class RunResult:
    """What a finished ffmpeg run returns.

    Attributes:
        args: The argument list that was run (without the executable).
        stderr: ffmpeg's complete stderr (analysis filters report there).
        outputs: The final output paths that now exist.
        seconds: Wall-clock time of the run.
    """

    args: list[str]
    stderr: str
    outputs: list[Path]
    seconds: float


def build_args(graph: Any, overwrite: bool = True) -> list[str]:
    """Compile an ffmpeg-python graph (or pass through a list) into arguments.

    Args:
        graph: An ffmpeg-python output node/merged outputs, or an explicit argument list.
        overwrite: Add ``-y``.

    Returns:
        The arguments, without the executable.
    """
    if isinstance(graph, (list, tuple)):
        return [str(a) for a in graph]
    import ffmpeg

    return list(ffmpeg.get_args(graph, overwrite_output=overwrite))


def temp_path_for(final: Path) -> Path:
    """Return a hidden temporary sibling of ``final`` that keeps its extension."""
    return final.with_name(f".{final.stem}.partial-{uuid.uuid4().hex[:8]}{final.suffix}")


def run(graph: Any, *, outputs: Sequence[os.PathLike[str] | str] = (),
        duration: float | None = None, progress: ProgressFn | None = None,
        cancel: threading.Event | None = None, timeout: float | None = None,
        target: str | None = None) -> RunResult:
    """Run ffmpeg on ``graph`` with atomic outputs, progress and cancellation.

    Args:
        graph: ffmpeg-python graph or argument list writing to the final ``outputs``.
        outputs: Final output paths appearing in the arguments; each is replaced by a temporary
            name during the run and renamed on success. Empty for analysis runs (``-f null -``).
        duration: Expected output duration in seconds, for the progress fraction.
        progress: Called with a fraction in 0..1 as ffmpeg advances (and 1.0 at the end).
        cancel: When set, ffmpeg is stopped and :class:`Cancelled` is raised.
        timeout: Seconds after which ffmpeg is killed and :class:`FFmpegTimeout` raised.
        target: A name for messages (default: the first output or "ffmpeg").

    Returns:
        The :class:`RunResult` (its ``args`` include the thread budget).

    Raises:
        UserInputError: ``MACHMAL_THREADS`` is not valid.
        FFmpegError: ffmpeg exited non-zero (message includes the last stderr lines).
        FFmpegTimeout: The run exceeded ``timeout``.
        Cancelled: ``cancel`` was set.
    """
    args = ffmpeg_thread_args(build_args(graph), thread_budget())
    finals = [Path(o) for o in outputs]
    temps = [temp_path_for(f) for f in finals]
    mapping = {str(f): str(tmp) for f, tmp in zip(finals, temps)}
    run_args = [mapping.get(a, a) for a in args]
    missing = [f for f in mapping if f not in args]
    if missing:
        raise ValueError(f"outputs not found in ffmpeg arguments: {missing}")
    label = target or (finals[0].name if finals else "ffmpeg")
    cmd = [ffmpeg_exe(), *_GLOBAL_ARGS, "-progress", "pipe:1", "-nostats",
           *[a for a in run_args if a != "-y"]]
    started = time.monotonic()
    try:
        code, stderr_lines, state = _execute(cmd, duration, progress, cancel, timeout)
    except BaseException:
        _remove(temps)
        raise
    stderr_text = "\n".join(stderr_lines)
    tail = [ln for ln in stderr_lines if ln.strip()][-TAIL_LINES:]
    if state != "done" or code != 0:
        _remove(temps)
        if state == "cancelled":
            raise Cancelled(target=label)
        if state == "timeout":
            raise FFmpegTimeout(cmd, tail, code, label, key="ffmpeg.timeout",
                                seconds=timeout or 0)
        raise FFmpegError(cmd, tail, code, label)
    for tmp, final in zip(temps, finals):
        os.replace(tmp, final)
    if progress:
        progress(1.0)
    return RunResult(args=run_args, stderr=stderr_text, outputs=finals,
                     seconds=time.monotonic() - started)


def ffmpeg_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment ffmpeg runs in: ``base`` (default: this process's) with glibc's
    ``mmap`` threshold held at :data:`MMAP_THRESHOLD` unless the caller set one.

    glibc raises that threshold each time a large mapped block is freed, after which ffmpeg's
    frame buffers (3 MB each at 1080x1920) come from the heap and stay resident when freed: in
    the 45 s duel render that kept about 270 MB more at the peak. Other C libraries ignore it.
    """
    env = dict(os.environ if base is None else base)
    if "MALLOC_MMAP_THRESHOLD_" not in env and "GLIBC_TUNABLES" not in env:
        env["MALLOC_MMAP_THRESHOLD_"] = str(MMAP_THRESHOLD)
    return env


def _execute(cmd: list[str], duration: float | None, progress: ProgressFn | None,
             cancel: threading.Event | None, timeout: float | None
             ) -> tuple[int, list[str], str]:
    """Start ffmpeg, pump its pipes, and watch for cancel/timeout.

    Returns:
        (exit code, stderr lines, state) where state is done, cancelled or timeout.
    """
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            errors="replace", bufsize=1, preexec_fn=_die_with_parent(),
                            env=ffmpeg_env())
    stderr_lines: list[str] = []
    readers = [
        threading.Thread(target=_pump_progress, args=(proc.stdout, duration, progress),
                         daemon=True),
        threading.Thread(target=_pump_lines, args=(proc.stderr, stderr_lines), daemon=True),
    ]
    for r in readers:
        r.start()
    deadline = time.monotonic() + timeout if timeout else None
    state = "done"
    try:
        while proc.poll() is None:
            if cancel is not None and cancel.is_set():
                state = "cancelled"
            elif deadline is not None and time.monotonic() > deadline:
                state = "timeout"
            if state != "done":
                _stop(proc)
                break
            time.sleep(0.05)
    except BaseException:
        _stop(proc)
        raise
    finally:
        proc.wait()
        for r in readers:
            r.join(timeout=5)
    return proc.returncode, stderr_lines, state


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, a child hook that kills ffmpeg when its parent dies (e.g. a worker killed with
    SIGKILL), so no orphaned ffmpeg keeps writing; elsewhere None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def hook() -> None:
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    return hook


def _stop(proc: subprocess.Popen[str]) -> None:
    """Terminate ffmpeg, killing it if it does not exit promptly.

    The outputs of a stopped run are discarded, so ffmpeg gets only half a second to exit on
    its own (on SIGTERM it would flush the encoder's look-ahead first, which can take seconds).
    """
    proc.terminate()
    try:
        proc.wait(timeout=0.5)
    except subprocess.TimeoutExpired:
        proc.kill()


def _pump_lines(stream: Any, sink: list[str]) -> None:
    for line in stream:
        sink.append(line.rstrip("\n"))


def _pump_progress(stream: Any, duration: float | None, progress: ProgressFn | None) -> None:
    """Parse ffmpeg's ``-progress`` key=value stream into fractions."""
    for line in stream:
        if progress is None or not duration or duration <= 0:
            continue
        key, _, value = line.strip().partition("=")
        if key == "out_time_us" and value.lstrip("-").isdigit():
            fraction = max(0.0, min(1.0, int(value) / 1e6 / duration))
            try:
                progress(fraction)
            except Exception:  # a broken callback must not kill the run
                progress = None


def _remove(paths: Sequence[Path]) -> None:
    for p in paths:
        try:
            p.unlink()
        except FileNotFoundError:
            pass
