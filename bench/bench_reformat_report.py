"""What reformat's cover and check report cost: the same plan rendered bare and with them.

    .venv/bin/python bench/bench_reformat_report.py [--workdir DIR] [--reps 2] [--seconds 20]

Source: the 1080p30 testsrc2 + German speech clip of ``bench_export.py``. Both contenders
render ``reformat``'s plan (9:16 at 1080x1920, ``center``, no loudness change) through
``execute_plan``; the bare one with ``video_only`` set (as reformat was before every delivery
got a report), the other as ``reformat`` now is: plus the cover (one seek + JPEG), the report's
probe and loudness measurement of the written file. ABBA order, best of ``--reps``; CPU time
(this process + ffmpeg children) is the figure that counts on a shared machine. Prints the
results; ``--write`` adds them to ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

import bench_export  # noqa: E402
from bench_export import best_of, make_source, timed  # noqa: E402

MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))
bench_export.SPEECH = MEDIA / "speech_de"


def render(src: Path, dst: Path, bare: bool) -> None:
    """Reformat's plan of ``src`` to ``dst``, bare (video only) or with cover and report."""
    from toolkit.edit.plan import RenderOptions
    from toolkit.edit.run import execute_plan
    from toolkit.products.reformat import plan_reformat

    plan = plan_reformat(src, dst, "9:16", RenderOptions(mode="center", loudness=None))
    execute_plan(plan.model_copy(update={"video_only": bare}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-reformat-"))
    work.mkdir(parents=True, exist_ok=True)
    src = make_source(work, args.seconds)
    load0 = os.getloadavg()[0]
    costs = best_of({
        "bare": lambda: timed("bare", lambda: render(src, work / "bare.mp4", True)),
        "report": lambda: timed("report", lambda: render(src, work / "report.mp4", False)),
    }, args.reps)
    load1 = os.getloadavg()[0]
    (bw, bc), (rw, rc) = costs["bare"], costs["report"]
    text = (f"\n## Reformat's cover and check report\n\nMeasured {time.strftime('%Y-%m-%d %H:%M')}"
            f" by `bench/bench_reformat_report.py` (load average {load0:.1f} at the start, "
            f"{load1:.1f} at the end; best of {args.reps}, ABBA). Source: {args.seconds} s "
            "1080p30 testsrc2 + German speech, reformat's plan to 9:16 1080x1920 `center`.\n\n"
            "| check | wall clock | CPU time |\n|---|---|---|\n"
            f"| with cover + report ÷ bare video | {rw:.1f} s ÷ {bw:.1f} s = **{rw / bw:.2f}** | "
            f"{rc:.1f} s ÷ {bc:.1f} s = **{rc / bc:.2f}** |\n")
    print(text)
    if args.write:
        with open(REPO / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
