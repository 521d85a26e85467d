"""Shot boundaries from the low-resolution analysis frames.

A cut changes the whole picture at once; a camera pan or a person walking changes part of it.
Two measures on consecutive analysis frames catch the first and not the second:

* the Bhattacharyya distance of 32-bin grey histograms (high when the tonal make-up changes);
* the mean absolute difference of 32x18 thumbnails (high when the layout changes).

A cut is where both are high AND clearly above their neighbourhood (robust against a shaky
phone camera that makes every difference high), with shots at least ``min_shot`` long.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

HIST_THRESHOLD: Final = 0.12
DIFF_THRESHOLD: Final = 0.12
NEIGHBOUR_FACTOR: Final = 2.5


def frame_signature(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(normalised 32-bin histogram, 32x18 thumbnail in 0..1) of one grey frame."""
    import cv2

    hist = cv2.calcHist([gray], [0], None, [32], [0, 256]).ravel()
    hist /= max(1.0, float(hist.sum()))
    thumb = cv2.resize(gray, (32, 18), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    return hist, thumb


def change_scores(signatures: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Per frame i >= 1: min(histogram distance / threshold, thumbnail difference / threshold).

    Frame 0 scores 0. A score above 1 means both measures passed their threshold.
    """
    scores = np.zeros(len(signatures))
    for i in range(1, len(signatures)):
        (h0, t0), (h1, t1) = signatures[i - 1], signatures[i]
        bc = float(np.sum(np.sqrt(h0 * h1)))
        hist = float(np.sqrt(max(0.0, 1.0 - bc)))
        diff = float(np.mean(np.abs(t1 - t0)))
        scores[i] = min(hist / HIST_THRESHOLD, diff / DIFF_THRESHOLD)
    return scores


def find_cuts(times: Sequence[float], scores: np.ndarray, min_shot: float = 0.6) -> list[float]:
    """Times of cuts: midway between the last frame of a shot and the first of the next.

    Args:
        times: Time of each analysis frame.
        scores: :func:`change_scores` of those frames.
        min_shot: Shortest shot in seconds; of two cuts closer than that the stronger wins.
    """
    cuts: list[tuple[float, float]] = []
    for i in range(1, len(scores)):
        lo, hi = max(1, i - 4), min(len(scores), i + 5)
        around = [scores[j] for j in range(lo, hi) if j != i]
        local = float(np.median(around)) if around else 0.0
        if scores[i] >= 1.0 and scores[i] >= NEIGHBOUR_FACTOR * local:
            t = (float(times[i - 1]) + float(times[i])) / 2
            if cuts and t - cuts[-1][0] < min_shot:
                if scores[i] > cuts[-1][1]:
                    cuts[-1] = (t, float(scores[i]))
                continue
            if t - float(times[0]) >= min_shot / 2:
                cuts.append((t, float(scores[i])))
    return [t for t, _ in cuts]


def refine_cuts(cuts: Sequence[float], scores: Sequence[tuple[float, float]],
                reach: float) -> list[float]:
    """Move each cut to the exact frame: the strongest full-rate scene change near it.

    Args:
        cuts: Cuts from the analysis frames (each midway between two of them).
        scores: ``(time, scene score)`` of every source frame (ffmpeg's ``scene``).
        reach: How far a cut may move (about one analysis frame: ffmpeg's fps filter shows
            the source frame nearest to each analysis time, before or after it).

    Returns:
        Cuts placed just before the first frame of each new shot (half a frame early, so the
        frame itself belongs to the new shot whatever the rounding).
    """
    out = []
    for cut in cuts:
        near = [(s, t) for t, s in scores if abs(t - cut) <= reach + 1e-6]
        if near:
            best, t = max(near)
            if best >= 0.1:
                gap = min((b - a for (a, _), (b, _) in zip(scores, scores[1:]) if b > a),
                          default=0.04)
                cut = t - gap / 2
        out.append(cut)
    return out
