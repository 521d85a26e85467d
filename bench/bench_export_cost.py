"""Export's fixed cost: the whole ``export`` against the two hand-written ffmpeg commands.

    .venv/bin/python bench/bench_export_cost.py [--workdir DIR] [--reps 2] [--no-write]

Sources: the 1080p30 testsrc2 + German speech clips of ``bench_export.py`` at 20 s and 60 s.
Contenders (Reels, identical x264/AAC settings, ABBA order, best of ``--reps``):

* hand-written: loudnorm pass 1, then one encode with a fixed centre crop (``bench_export``);
* ``export --mode center``: probe, loudness pass 1, render (whose decode also feeds the cover
  choice), cover JPEG, check report;
* ``export --mode smart``: the same plus the analysis pass (people, cuts, sharpness: decoded
  once at 384 px / 6 fps without the frames nothing refers to, shared with the cover choice)
  and the camera path. The analysis cache is emptied before every smart run, so each pays
  the full analysis.

Target: export / hand-written <= 1.15 on both lengths, smart mode included.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

import bench_export  # noqa: E402
from bench_export import Cost, best_of, make_source, run_hand_written, timed  # noqa: E402

MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))
bench_export.SPEECH = MEDIA / "speech_de"


NOTES = [
    "Where smart mode's extra CPU goes (the 20 s and 60 s sources are the worst case: a "
    "full-frame moving test pattern in which no person is ever found): the analysis pass's "
    "own decode (H.264 frames can only be decoded in order and at full size; since "
    "2026-12-03 the frames no other frame refers to are not decoded, `-skip_frame noref`: "
    "about 40 % of this x264 source's frames and of the decode's CPU, nothing on phone "
    "footage whose frames are all references; the analysis frame of a grid point is then the "
    "first decoded frame at or after it, its boxes moved back to the grid time) and the people "
    "search in Python (the CNN on key frames, 2 per second, the frames between interpolated "
    "where the key frames agree and searched by bisection where they do not; the turned-frame "
    "and body searches on every 4th key frame while nobody shows: `bench/bench_analysis.py`). "
    "The crop's time expression costs nothing measurable (a balanced if-tree). The path "
    "solver (HiGHS) and its import take about 0.15 s. Best-of runs in one process pay Python "
    "imports once; a CLI export pays them every time (about 0.3 s with the analysis modules).",
    "",
    'Tried and left out: `-skip_frame bidir` (B-frames skipped) decodes P-frames that refer '
    'to B-pyramid frames wrongly (up to 6.5 grey levels mean error per frame on this source); '
    '`noref` skips only frames nothing refers to, so every decoded frame is exact. '
    '`-flags2 +fast` and `-skip_idct all` gain nothing measurable. A glance at the frame '
    'scaled to 3/4 on idle key frames missed the small faces of moviepy_chaplin.',
]


def run_export(src: Path, out: Path, mode: str, cache: Path) -> None:
    from toolkit.edit.plan import RenderOptions
    from toolkit.products.export import export

    shutil.rmtree(cache, ignore_errors=True)
    os.environ["MACHMAL_CACHE"] = str(cache)
    export(src, ["reels"], out, RenderOptions(mode=mode))


def row(label: str, num: Cost, den: Cost) -> str:
    wall, cpu = num[0] / den[0], num[1] / den[1]
    verdict = "pass" if wall <= 1.15 and cpu <= 1.15 else (
        "pass (CPU) / fail (wall)" if cpu <= 1.15 else
        ("pass (wall) / fail (CPU)" if wall <= 1.15 else "FAIL"))
    return (f"| {label} | {num[0]:.1f} s ÷ {den[0]:.1f} s = **{wall:.2f}** | "
            f"{num[1]:.1f} s ÷ {den[1]:.1f} s = **{cpu:.2f}** | <= 1.15 | {verdict} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "machmal-bench")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--lengths", default="20,60")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    rows = []
    for seconds in [int(s) for s in args.lengths.split(",")]:
        src = make_source(work, seconds)
        cache = work / "analysis-cache"
        print(f"{seconds} s source", flush=True)
        t = best_of({
            "hand": lambda: timed("hand-written", lambda: run_hand_written(src, work / "h")),
            "center": lambda: timed("export center",
                                    lambda: run_export(src, work / "c", "center", cache)),
            "smart": lambda: timed("export smart",
                                   lambda: run_export(src, work / "s", "smart", cache)),
        }, args.reps)
        rows.append(row(f"{seconds} s: export --mode center ÷ hand-written", t["center"],
                        t["hand"]))
        rows.append(row(f"{seconds} s: export --mode smart ÷ hand-written", t["smart"],
                        t["hand"]))
    load_end = os.getloadavg()[0]
    from toolkit.media.ffmpeg_bin import ffmpeg_exe

    text = "\n".join([
        "## Export fixed cost", "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} by `bench/bench_export_cost.py` on "
        f"{os.cpu_count()} cores shared with other work (load average {load:.1f} at the "
        f"start, {load_end:.1f} at the end: wall-clock ratios are unreliable under such load, "
        "CPU time (this process + ffmpeg children) measures the work). Python "
        f"{platform.python_version()}, ffmpeg {Path(ffmpeg_exe()).name}. "
        f"Each contender ran {args.reps}x in ABBA order, best kept; the analysis cache was "
        "emptied before every smart run. Source: 1080p30 testsrc2 + German speech (see "
        "Export), to Reels 1080x1920 with export's x264/AAC settings on both sides.", "",
        "| check | wall clock | CPU time | target | result |", "|---|---|---|---|---|",
        *rows, "", *NOTES]) + "\n"
    print(text)
    if not args.no_write:
        from results import write_section

        write_section("Export fixed cost", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
