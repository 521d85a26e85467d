"""Where one job's ffmpeg CPU time goes, thread by thread (Linux: /proc/<pid>/task/*/stat).

ffmpeg (7 and later) runs every demuxer, decoder, filter graph, encoder and muxer in a thread
of its own, so even a job held to one thread per decoder/filter/encoder keeps more than one
core busy when its stages overlap. ``sum / max`` of the per-thread CPU times bounds that
overlap: the job cannot finish faster than its busiest thread, so it keeps at most
``sum / max`` cores busy, and one worker process already gets that much from a second core.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any


def thread_times(pid: int) -> dict[str, tuple[str, float]] | None:
    """``"pid/tid" -> (thread name, user + system CPU seconds)`` of every thread of ``pid``
    now (None: the process is gone)."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    found = {}
    for tid in tids:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        found[f"{pid}/{tid}"] = (text[text.index("(") + 1:text.rindex(")")],
                                 (int(fields[11]) + int(fields[12])) / tick)
    return found


class SampledPopen(subprocess.Popen):  # type: ignore[type-arg]
    """A Popen that records the CPU time of every thread of the child until it exits (the
    last sample of each thread in :attr:`samples`, every :attr:`interval` seconds)."""

    samples: dict[str, tuple[str, float]] = {}
    interval = 0.01

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        threading.Thread(target=self._sample, daemon=True).start()

    def _running(self) -> bool:
        return self.poll() is None

    def _sample(self) -> None:
        while self._running():
            found = thread_times(self.pid)
            if found is None:
                break
            self.samples.update(found)
            time.sleep(self.interval)


def profile_render(src: Path, dst: Path, threads: int | None) -> dict[str, float] | None:
    """Run one bench render in this process; CPU seconds per ffmpeg thread name (None off Linux).

    Thread names are ffmpeg's (``enc0:0:libx264``, ``dec0:0:h264``, ``fc0`` ...); threads a
    library starts inherit the name of the thread that started them.
    """
    if not Path("/proc/self/task").is_dir():
        return None
    from toolkit.media import runner
    from toolkit.products.reformat import reformat

    saved_popen, saved_env = runner.subprocess.Popen, os.environ.get("MACHMAL_THREADS")
    SampledPopen.samples = {}
    runner.subprocess.Popen = SampledPopen  # type: ignore[misc]
    os.environ["MACHMAL_THREADS"] = str(threads or 0)
    try:
        reformat(src, dst, aspect="9:16", mode="center", width=540)
    finally:
        runner.subprocess.Popen = saved_popen  # type: ignore[misc]
        if saved_env is None:
            os.environ.pop("MACHMAL_THREADS", None)
        else:
            os.environ["MACHMAL_THREADS"] = saved_env
    by_name: dict[str, float] = defaultdict(float)
    for name, cpu in SampledPopen.samples.values():
        by_name[name] += cpu
    return dict(sorted(by_name.items(), key=lambda kv: -kv[1]))


def describe(profile: dict[str, float]) -> str:
    """``enc0:0:libx264 0.81 s, enc0:1:aac 0.20 s, ...; sum/max 1.40``."""
    busy = {k: v for k, v in profile.items() if v >= 0.005}
    total, top = sum(busy.values()), max(busy.values(), default=0.0)
    parts = ", ".join(f"{k} {v:.2f} s" for k, v in busy.items())
    return f"{parts}; sum {total:.2f} s, sum/max {total / top:.2f}" if top else parts
