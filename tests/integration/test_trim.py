"""Trim with real ffmpeg: frame accuracy, silence cuts on the auto-editor example, safety."""

from __future__ import annotations

import json
from pathlib import Path

import av
import ffmpeg
import numpy as np
import pytest

from toolkit.errors import MediaError, UserInputError
from toolkit.media import runner
from toolkit.media.probe import probe
from toolkit.media.silence import complement, detect_active
from toolkit.media.silence import Segment
from toolkit.media.trim import EditDecision, plan_trim, render, trim

SPEECH = (1.3, 17.3)     # from the clip's documentation
SILENCE = (17.3, 40.0)


@pytest.fixture(scope="session")
def speech_clip(shared_media, tmp_path_factory) -> Path:
    """The 42 s auto-editor example downscaled to 320x180 (keeps tests fast)."""
    out = tmp_path_factory.mktemp("trim") / "autoeditor_small.mp4"
    src = ffmpeg.input(str(shared_media / "video" / "autoeditor_example_speech_silence.mp4"))
    graph = ffmpeg.output(src.video.filter("scale", 320, 180), src.audio, str(out),
                          vcodec="libx264", preset="ultrafast", acodec="aac")
    runner.run(graph, outputs=[out])
    return out


def _stream_ends(path: Path) -> dict[str, float]:
    ends: dict[str, float] = {}
    with av.open(str(path)) as container:
        for packet in container.demux():
            if packet.pts is not None:
                end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
                ends[packet.stream.type] = max(ends.get(packet.stream.type, 0.0), end)
    return ends


@pytest.mark.parametrize("method", ["vad", "level"])
def test_silence_trim_keeps_speech_with_margin_and_cuts_long_silence(speech_clip, tmp_path,
                                                                     method):
    result = trim(speech_clip, tmp_path / "cut.mp4", silence=True, method=method,
                  margin=0.2, min_pause=0.5)
    segs = result.decision.segments
    in_speech = [s for s in segs if s.end > SPEECH[0] and s.start < SPEECH[1]]
    # speech start and end are kept with their 0.2 s margins (give or take a frame of snapping
    # and the detector's own timing); inside, only real pauses (>= 0.5 s) may be cut
    assert in_speech[0].start <= SPEECH[0] - 0.2 + 0.1, segs
    assert in_speech[-1].end >= SPEECH[1] + 0.2 - 0.1, segs
    kept = sum(min(s.end, SPEECH[1]) - max(s.start, SPEECH[0]) for s in in_speech)
    assert kept >= 0.9 * (SPEECH[1] - SPEECH[0]), segs
    # the long silence is gone (only margins may reach into it)
    assert not any(s.start < SILENCE[1] - 0.5 and s.end > SILENCE[0] + 0.5 for s in segs), segs
    assert result.decision.removed > 20.0
    fps = result.decision.fps
    assert result.duration_error <= 1 / fps
    ends = _stream_ends(result.path)
    assert abs(ends["video"] - ends["audio"]) <= 1 / fps, ends
    # no pause in the output is longer than min_pause + both margins (+ one frame)
    out_silences = complement(detect_active(result.path, result.after.duration,
                                            method="level"), result.after.duration)
    assert max((s.duration for s in out_silences), default=0.0) <= 0.5 + 0.4 + 1 / fps + 0.05


def _frame_at(path: Path, index: int) -> np.ndarray:
    with av.open(str(path)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i == index:
                return frame.to_ndarray(format="gray").astype(float)
    raise AssertionError(f"no frame {index} in {path}")


@pytest.mark.parametrize("start,end", [(0.0, 1.0), (1.52, 2.36)])
def test_range_trim_is_frame_accurate(lavfi_clip, tmp_path, start, end):
    src = lavfi_clip(seconds=3, size="160x120", fps=25)
    result = trim(src, tmp_path / "r.mp4", start=start, end=end)
    assert result.after.duration == pytest.approx(end - start, abs=1 / 25)
    ends = _stream_ends(result.path)
    assert ends["video"] == pytest.approx(end - start, abs=1 / 25)
    assert ends["audio"] == pytest.approx(end - start, abs=1 / 25)
    first = _frame_at(result.path, 0)
    want = round(start * 25)
    same = np.abs(first - _frame_at(src, want)).mean()
    neighbour = np.abs(first - _frame_at(src, want + 1)).mean()
    assert same < neighbour / 2, (same, neighbour)


def test_render_a_saved_decision_and_audio_only(shared_media, tmp_path):
    src = shared_media / "edge" / "laravelmedia_audio_only.mov"
    info = probe(src)
    decision = plan_trim(src, info, silence=True)
    assert decision.segments and decision.duration < info.duration
    result = render(decision, tmp_path / "speech.m4a")
    assert result.after.video is None and result.duration_error < 0.05


def test_errors_and_nothing_left_behind(lavfi_clip, shared_media, tmp_path):
    src = lavfi_clip(seconds=2, size="64x48")
    with pytest.raises(UserInputError) as err:
        trim(src, src, start=0.5)
    assert err.value.key == "ingest.same_file"
    with pytest.raises(UserInputError):
        trim(src, tmp_path / "x.mp4", start=1.5, end=1.0)
    with pytest.raises(MediaError) as err:
        trim(lavfi_clip(seconds=1, size="64x48", audio=None), tmp_path / "y.mp4", silence=True)
    assert err.value.key == "trim.no_audio"
    noise = shared_media / "edge" / "leopard_empty_no_speech.wav"
    with pytest.raises(MediaError) as err:
        trim(noise, tmp_path / "z.m4a", silence=True)
    assert err.value.key == "trim.no_speech"
    assert list(tmp_path.iterdir()) == []


def test_cli_trim(lavfi_clip, tmp_path, capsys):
    from toolkit.cli import main

    src = lavfi_clip(seconds=2, size="64x48")
    out = tmp_path / "t.mp4"
    assert main(["trim", str(src), str(out), "--start", "0.5", "--end", "1.5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decision"]["segments"] == [[0.52, 1.52]]  # 12.5 and 37.5 frames, rounded up
    assert data["duration"] == pytest.approx(1.0, abs=0.04) and out.is_file()
    assert main(["trim", str(src), str(tmp_path / "u.mp4"), "--margin", "-1"]) == 2
    assert main(["trim", str(src), str(src)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.mp4"]


def _flash_times(path: Path) -> list[float]:
    """Start times of bright frames."""
    times, was_bright = [], False
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            bright = frame.to_ndarray(format="gray").mean() > 128
            if bright and not was_bright:
                times.append(float(frame.pts * stream.time_base))
            was_bright = bright
    return times


def _beep_times(path: Path) -> list[float]:
    """Start times of beeps (first loud sample after a quiet stretch)."""
    times, last = [], -1.0
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            loud = np.nonzero(np.abs(frame.to_ndarray()).max(axis=0) > 0.1)[0]
            for i in loud:
                t = float(frame.pts * stream.time_base) + i / frame.sample_rate
                if t - last > 0.2:
                    times.append(t)
                last = t
    return times


def test_jump_cuts_keep_picture_and_sound_in_sync(tmp_path):
    """A flash and a beep every second stay together after a cut in the middle."""
    src = tmp_path / "src" / "sync.mp4"
    src.parent.mkdir()
    video = ffmpeg.input("nullsrc=s=64x48:r=25:d=4", f="lavfi").filter(
        "geq", lum="if(between(mod(T,1),0.47,0.51),255,0)", cb=128, cr=128)
    audio = ffmpeg.input("aevalsrc='0.5*sin(2*PI*1000*t)*between(mod(t,1),0.48,0.52)'"
                         ":s=48000:d=4", f="lavfi")
    runner.run(ffmpeg.output(video, audio, str(src), vcodec="libx264", preset="ultrafast",
                             pix_fmt="yuv420p", acodec="aac"), outputs=[src])
    decision = EditDecision(str(src), 4.0, (Segment(0.0, 0.88), Segment(1.32, 4.0)), 25.0)
    result = render(decision, tmp_path / "cut.mp4")
    flashes, beeps = _flash_times(result.path), _beep_times(result.path)
    assert flashes == pytest.approx([0.48, 1.04, 2.04, 3.04], abs=0.005)
    assert beeps == pytest.approx(flashes, abs=0.005)
