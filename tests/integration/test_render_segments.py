"""A timeline rendered in segments equals the same timeline rendered in one process (real
ffmpeg): same frames and length, the same sound, overlays at the same timeline times."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import numpy as np
import pytest

from frames import frame_at
from render_fixtures import SMALL, clips, duel, make_clip  # noqa: F401 (fixtures)
from toolkit.edit import segments
from toolkit.edit.run import render_project
from toolkit.errors import Cancelled


def _render(project, out: Path, pieces: int, monkeypatch,  # noqa: ANN001
            pixels: int = 10**9) -> tuple[object, int]:
    calls: list[int] = []
    real = segments.split_segments

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        found = real(*args, **kwargs)
        calls.append(len(found))
        return found

    monkeypatch.setattr(segments, "SEGMENT_PIECES", pieces)
    monkeypatch.setattr(segments, "MIN_SEGMENT_SECONDS", 0.0)
    monkeypatch.setattr(segments, "PROCESS_PIXELS", pixels)
    monkeypatch.setattr(segments, "split_segments", counted)
    result = render_project(project.name, "reels,youtube", options=SMALL, out_dir=out,
                            workspace=project.folder.parent)
    return result, calls[0]


def _frames(path: Path) -> list[float]:
    with av.open(str(path)) as c:
        return [float(f.time) for f in c.decode(video=0)]


def _sound(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        return np.concatenate([f.to_ndarray().reshape(-1) for f in c.decode(audio=0)])


@pytest.mark.parametrize("pixels", [10**9, 1], ids=["outputs-together", "output-by-output"])
def test_segments_render_the_same_video_as_one_process(duel, tmp_path, monkeypatch,  # noqa: ANN001
                                                       pixels) -> None:  # noqa: ANN001
    one, n_one = _render(duel, tmp_path / "one", 99, monkeypatch)
    cut, n_cut = _render(duel, tmp_path / "cut", 1, monkeypatch, pixels)
    assert (n_one, n_cut) == (1, 2)
    timeline = one.plan.timeline
    runde = next(c for c in timeline.clips if c.id == "runde-1")
    for name in ("reels.mp4", "youtube.mp4"):
        a, b = tmp_path / "one" / name, tmp_path / "cut" / name
        times_a, times_b = _frames(a), _frames(b)
        assert len(times_a) == len(times_b) == round(timeline.duration * float(timeline.rate))
        assert times_b == pytest.approx(times_a, abs=1e-3)
        sound_a, sound_b = _sound(a), _sound(b)
        assert len(sound_a) == len(sound_b)
        assert np.abs(sound_a - sound_b).max() < 1e-3
        # the title card, the hook, the round with its timer and score (timeline time, in the
        # second segment), the end card: the same picture at the same time
        for t in (0.3, runde.start - 0.5, runde.start + 0.2, runde.start + 2.0,
                  timeline.duration - 0.3):
            diff = np.abs(frame_at(a, t).astype(int) - frame_at(b, t).astype(int))
            assert diff.mean() < 3.0, (name, t, diff.mean())
    left = [p.name for p in (tmp_path / "cut").iterdir() if p.name.startswith(".")]
    assert left == []


def test_a_cancel_between_segments_leaves_nothing(duel, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(segments, "SEGMENT_PIECES", 1)
    monkeypatch.setattr(segments, "MIN_SEGMENT_SECONDS", 0.0)
    cancel = threading.Event()
    real = segments.runner.run

    def run(graph, **kwargs):  # noqa: ANN001, ANN003, ANN202
        result = real(graph, **kwargs)
        if any("segment-000" in str(p) for p in kwargs.get("outputs", ())):
            cancel.set()  # the first segment is written: stop before the second
        return result

    monkeypatch.setattr(segments.runner, "run", run)
    out = tmp_path / "cancelled"
    with pytest.raises(Cancelled):
        render_project(duel.name, "reels,youtube", options=SMALL, out_dir=out, cancel=cancel,
                       workspace=duel.folder.parent)
    assert list(out.iterdir()) == []


def test_a_timer_running_past_a_segment_ends_with_the_segment(tmp_path) -> None:  # noqa: ANN001
    """A segment from timeline second 1.0 with a timer whose images run on to second 5 (a
    round's clock running into the next segment): the
    file is the segment's 2 s, and the timer shows from its first frame (timeline time)."""
    from fractions import Fraction

    from PIL import Image

    from toolkit.media import runner
    from toolkit.media.render import FramePlan, OutputPlan, SourceFrame
    from toolkit.media.timeline_graph import (ImageOverlay, Part, Piece, PieceLook, TimelineInput,
                                              TimelineOutput, build_timeline_graph, open_inputs)

    clip = make_clip(tmp_path / "blau.mp4", 3.0, "blue", size="64x64")
    for i in range(5):  # 5 s at 1 image per second, from timeline second 0, the last held
        Image.new("RGBA", (16, 16), (255, 255, 255, 255)).save(tmp_path / f"t_{i:03d}.png")
    fps = Fraction(25)
    inputs = [TimelineInput(clip, SourceFrame(64, 64), True, offset=0.5, length=2.5)]
    plan = OutputPlan(tmp_path / "seg.mp4", FramePlan(64, 64, fps=fps),
                      {"c:v": "libx264", "preset": "ultrafast", "pix_fmt": "yuv420p"})
    timer = ImageOverlay(tmp_path / "t_%03d.png", 0, 0, 0.0, 5.0, rate=1.0, hold=True)
    out = TimelineOutput(plan, (PieceLook(frames=(FramePlan(64, 64, fps=fps),)),), (timer,))
    graph = build_timeline_graph(open_inputs(inputs), inputs, [Piece(2.0, (Part(0, 0.5),))],
                                 [out], None, start=1.0)
    runner.run(graph, outputs=[plan.path])
    times = _frames(plan.path)
    assert len(times) == 50 and times[0] == 0.0
    corner = frame_at(plan.path, 0.0)[:16, :16].mean(axis=(0, 1))
    assert corner.min() > 200, corner  # white timer over the blue clip


def _spy_runs(monkeypatch, tmp_path: Path, on_measure,  # noqa: ANN001
              on_segment=None) -> tuple[list[str], threading.Event]:  # noqa: ANN001
    """One-piece segments, and a spy on every ffmpeg run: the names of the segment files run
    (in order) and an event set as the first segment starts; the project's loudness pass 1
    (``ebur128``, not a written video's check) calls ``on_measure`` first."""
    from toolkit.media import runner

    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path / "cache"))  # nothing measured yet
    monkeypatch.setattr(segments, "SEGMENT_PIECES", 1)
    monkeypatch.setattr(segments, "MIN_SEGMENT_SECONDS", 0.0)
    segment_runs: list[str] = []
    first = threading.Event()
    real = runner.run

    def spy(graph, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        outs = [Path(p).name for p in kwargs.get("outputs", ())]
        if any("ebur128" in a for a in graph.get_args()) and not str(
                kwargs.get("target", "")).endswith(".mp4"):
            on_measure()
        names = [n for n in outs if n.startswith("segment-") and n.endswith(".mp4")]
        segment_runs.extend(names)
        if any(n.startswith("segment-000") for n in names):
            first.set()
        result = real(graph, *args, **kwargs)
        if names and on_segment is not None:
            on_segment(names)
        return result
    monkeypatch.setattr(runner, "run", spy)
    return segment_runs, first


def test_in_segments_the_pictures_do_not_wait_for_the_loudness_pass(  # noqa: ANN201
        duel, tmp_path, monkeypatch):  # noqa: ANN001
    """The loudness pass 1 runs in the sound's thread beside the first segment: here it may
    only end once a segment has started (before, it ran before any picture and waited in vain),
    and the sound is normalised all the same."""
    waited: list[bool] = []
    runs, first = _spy_runs(monkeypatch, tmp_path, lambda: waited.append(first.wait(30.0)))
    result = render_project(duel.name, "reels", options=SMALL, out_dir=tmp_path / "out",
                            workspace=duel.folder.parent)
    assert waited and all(waited) and len(runs) == 2
    assert result.files[0].report.to_dict()["loudness"]["integrated"] == pytest.approx(
        -14.0, abs=1.0)


def test_a_failing_sound_stops_the_segments_with_its_own_error(  # noqa: ANN201
        duel, tmp_path, monkeypatch):  # noqa: ANN001
    """The loudness pass fails while the first segment renders: the next segment never starts,
    the sound's error is the one raised, and nothing is left behind."""
    from toolkit.errors import FFmpegError

    failed = threading.Event()

    def fail() -> None:
        first.wait(30.0)
        failed.set()
        raise FFmpegError(["ffmpeg"], ["loudnorm: broken"], 1, target="Mini Duell")

    runs, first = _spy_runs(monkeypatch, tmp_path, fail, lambda names: failed.wait(30.0))
    out = tmp_path / "out"
    with pytest.raises(FFmpegError) as caught:
        render_project(duel.name, "reels", options=SMALL, out_dir=out,
                       workspace=duel.folder.parent)
    assert caught.value.stderr_tail == ["loudnorm: broken"]
    assert runs == ["segment-000-0.mp4"]
    assert list(out.iterdir()) == []
