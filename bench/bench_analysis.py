"""The clip analysis's cost and what the key-frame people search changes, side by side.

    .venv/bin/python bench/bench_analysis.py [--workdir DIR] [--clips a.mp4,b.mp4]

For each clip (the recordings with people of ``bench/reframe.py``; its generated clips with a
real face along a known path, re-encoded with x264 ``faster`` so that they have B-frames as
edited or exported video does; the 1080p testsrc2 export source of ``bench_export.py``),
``analyse_clip`` runs with the cache off, in ABBA order:

* **before**: every frame decoded and the CNN on every analysis frame (``key_rate = fps``,
  ``skip_nonref = False``): the reference;
* **after**: the defaults: non-reference frames not decoded where the source allows
  (:mod:`toolkit.reframe.analysis_decode`), the CNN on ``key_rate`` key frames per second,
  the frames between settled from them (:mod:`toolkit.reframe.sparse_search`).

Figures per clip: CPU time (this process + ffmpeg), and how much the result changes: frames
whose main (largest) face differs (present in one only, or IoU < 0.5); the camera path planned
for Reels (9:16) from each analysis: mean and largest distance of the crop window's centre, in
% of the window's width, every 1/25 s; on generated clips the main face centre's mean error
against the true face (px of the source), before / after.

``--stage`` instead times the analysis stage as the pipeline pays it, with the default
settings of whichever toolkit is imported (``--toolkit DIR`` puts another checkout first, e.g.
the commit before a change): ``analyse_clip`` (cache off) over the 13 takes of
``bench_pipeline.py``'s 45 s duel (their planned ranges) and over the 20 s and 60 s export
sources, CPU split into Python and ffmpeg.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "tests")]
MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def iou(a, b) -> float:
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.x + a.w, b.x + b.w), min(a.y + a.h, b.y + b.h)
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    return inter / max(1e-12, a.area + b.area - inter)


def main_face(frame):
    faces = [b for b in frame.boxes if b.is_face]
    return max(faces, key=lambda b: b.area) if faces else None


def face_changes(ref, new) -> tuple[int, int]:
    """(frames whose main face differs, frames with a face in either)."""
    differ = seen = 0
    for a, b in zip(ref.frames, new.frames):
        fa, fb = main_face(a), main_face(b)
        if fa is None and fb is None:
            continue
        seen += 1
        differ += fa is None or fb is None or iou(fa, fb) < 0.5
    return differ, seen


def centres(path, duration: float) -> np.ndarray:
    from reframe import centre_at

    return np.array([centre_at(path, i / 25) for i in range(int(duration * 25))])


def truth_error(analysis, truth, width: int, height: int) -> float:
    """Mean distance (px) of the main face centre from the nearest true face centre."""
    errors = []
    for f in analysis.frames:
        face = main_face(f)
        if face is None:
            continue
        cx, cy = face.cx * width, face.cy * height
        errors.append(min(np.hypot(x + w / 2 - cx, y + h / 2 - cy)
                          for x, y, w, h in truth(f.time)))
    return float(np.mean(errors)) if errors else float("nan")


def run(src: Path, truth=None) -> dict:  # noqa: ANN001
    from toolkit.media.probe import probe
    from toolkit.reframe.analysis import AnalysisSettings, analyse_clip
    from toolkit.reframe.camera_path import plan_camera_path

    info = probe(src)
    default = AnalysisSettings()
    settings = {"before": dataclasses.replace(default, key_rate=default.fps, skip_nonref=False),
                "after": default}
    cost: dict[str, list[float]] = {k: [] for k in settings}
    result = {}
    for order in (("before", "after"), ("after", "before")):
        for name in order:
            c0 = cpu()
            result[name] = analyse_clip(src, info, settings=settings[name], cache=False)
            cost[name].append(cpu() - c0)
    paths = {k: plan_camera_path(src, info, 0.0, info.duration, 1080, 1920, analysis=a)
             for k, a in result.items()}
    crop_w = max(s.crop_w for s in paths["before"].shots)
    gap = np.abs(centres(paths["before"], info.duration)
                 - centres(paths["after"], info.duration))
    differ, seen = face_changes(result["before"], result["after"])
    v = info.video
    errors = [truth_error(result[k], truth, v.width, v.height) if truth else float("nan")
              for k in ("before", "after")]
    return {"clip": src.name, "duration": info.duration,
            "before": min(cost["before"]), "after": min(cost["after"]),
            "differ": differ, "seen": seen, "errors": errors,
            "mean": float(gap.mean()) / crop_w * 100 if len(gap) else 0.0,
            "max": float(gap.max()) / crop_w * 100 if len(gap) else 0.0}


def with_bframes(src: Path) -> Path:
    """The clip re-encoded with x264 ``faster`` (B-frames, as exports have)."""
    from reframe import ffmpeg

    out = src.with_name(src.stem + "_bframes.mp4")
    if not out.exists():
        subprocess.run([ffmpeg(), "-v", "error", "-y", "-i", str(src), "-c:v", "libx264",
                        "-preset", "faster", "-crf", "18", "-an", str(out)], check=True)
    return out


def clips(work: Path) -> list[tuple[Path, object]]:
    import bench_export
    from reframe import RECORDINGS, generated

    bench_export.SPEECH = MEDIA / "speech_de"
    out: list[tuple[Path, object]] = [(MEDIA / "video" / name, None) for name in RECORDINGS]
    out += [(with_bframes(clip), truth) for _, clip, truth in generated(work)]
    return out + [(bench_export.make_source(work, 20), None)]


def stage(work: Path) -> None:
    """CPU of the analysis stage (Python, ffmpeg) for the duel's takes and export sources."""
    import resource

    import toolkit  # first: the bench helpers put this checkout first on sys.path again
    from toolkit.media.probe import probe
    from toolkit.reframe.analysis import analyse_clip

    import bench_export
    import duel
    from bench_pipeline import SHOTS

    bench_export.SPEECH = duel.SPEECH = MEDIA / "speech_de"
    takes = [(duel.make_take(work, i, round(sec + 0.5, 1)), float(sec)) for i, (_, sec) in
             enumerate((shot, s) for shot, s in SHOTS
                       for _ in range(2 if shot == duel.SPLIT_SHOT else 1))]
    groups = {"duel: 13 takes, 45 s": takes,
              "export source 20 s": [(bench_export.make_source(work, 20), 20.0)],
              "export source 60 s": [(bench_export.make_source(work, 60), 60.0)]}
    print(f"toolkit: {Path(toolkit.__file__).parent}, load {os.getloadavg()[0]:.1f}")
    for name, items in groups.items():
        infos = [(src, probe(src), end) for src, end in items]
        s0, c0 = (resource.getrusage(resource.RUSAGE_SELF),
                  resource.getrusage(resource.RUSAGE_CHILDREN))
        for src, info, end in infos:
            analyse_clip(src, info, 0.0, min(end, info.duration), cache=False)
        s1, c1 = (resource.getrusage(resource.RUSAGE_SELF),
                  resource.getrusage(resource.RUSAGE_CHILDREN))
        py = s1.ru_utime + s1.ru_stime - s0.ru_utime - s0.ru_stime
        ff = c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime
        print(f"| {name} | {py + ff:.2f} s | {ff:.2f} s | {py:.2f} s |", flush=True)
    print(f"load at the end {os.getloadavg()[0]:.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "machmal-bench-analysis")
    ap.add_argument("--clips", help="comma-separated files instead of the default set")
    ap.add_argument("--stage", action="store_true", help="time the analysis stage only")
    ap.add_argument("--toolkit", type=Path, help="import toolkit from this checkout")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.toolkit:
        sys.path.insert(0, str(args.toolkit.resolve()))
    if args.stage:
        stage(args.workdir)
        return 0
    files = ([(Path(c), None) for c in args.clips.split(",")] if args.clips
             else clips(args.workdir))
    load = os.getloadavg()[0]
    rows = []
    for src, truth in files:
        r = run(src, truth)
        print(f"{r['clip']}: {r}", flush=True)
        rows.append(r)
    print(f"\nMeasured {time.strftime('%Y-%m-%d %H:%M')} UTC, load {load:.1f} -> "
          f"{os.getloadavg()[0]:.1f}\n")
    print("| clip | length | CPU before | CPU after | after ÷ before | main face differs "
          "| window centre apart, mean / max (% of width) | face centre error before / after |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        err = "-" if np.isnan(r["errors"][0]) else "{:.1f} / {:.1f} px".format(*r["errors"])
        print(f"| {r['clip']} | {r['duration']:.1f} s | {r['before']:.2f} s "
              f"| {r['after']:.2f} s | {r['after'] / r['before']:.2f} "
              f"| {r['differ']}/{r['seen']} | {r['mean']:.2f} / {r['max']:.1f} | {err} |")
    before, after = sum(r["before"] for r in rows), sum(r["after"] for r in rows)
    differ, seen = sum(r["differ"] for r in rows), sum(r["seen"] for r in rows)
    print(f"| all | {sum(r['duration'] for r in rows):.1f} s | {before:.2f} s | {after:.2f} s "
          f"| {after / before:.2f} | {differ}/{seen} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
