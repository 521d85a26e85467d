"""Loudness normalisation with real ffmpeg: real German speech, tones, noise, video files."""

from __future__ import annotations

import json
from pathlib import Path

import ffmpeg
import pytest

from toolkit.errors import MediaError
from toolkit.media import runner
from toolkit.media.loudness import (
    TARGETS,
    apply_norm,
    measure_for_norm,
    measure_loudness,
    normalization_type,
    normalize,
)
from toolkit.media.probe import probe

SHORT_SPEECH = ["cheetah_test_de.wav", "leopard_test_de.wav", "thorsten_sample01-gt.wav",
                "thorsten_sample02-gt.wav", "fleurs-de-000.ogg", "fleurs-de-001.ogg",
                "fleurs-de-002.ogg", "fleurs-de-003.ogg", "fleurs-de-004.ogg",
                "fleurs-de-005.ogg"]


def _assert_on_target(report, target):
    assert report.after.integrated == pytest.approx(target.i, abs=1.0), report
    assert report.after.true_peak <= target.tp, report
    assert report.normalization_type == "linear", report
    assert report.ok


@pytest.mark.parametrize("name", SHORT_SPEECH)
def test_real_german_speech_reaches_social_target(shared_media, tmp_path, name):
    out = tmp_path / "out.m4a"
    report = normalize(shared_media / "speech_de" / name, out, TARGETS["social"])
    _assert_on_target(report, TARGETS["social"])
    # independent check of the file on disk, 48 kHz AAC
    measured = measure_loudness(out)
    assert measured.integrated == pytest.approx(-14.0, abs=1.0)
    info = probe(out)
    assert info.audio is not None and info.audio.sample_rate == 48000
    assert info.audio.codec == "aac"


@pytest.mark.parametrize("name", ["fleurs-de-000.ogg", "leopard_test_de.wav",
                                  "fleurs-de-004.ogg"])
def test_real_german_speech_reaches_broadcast_target(shared_media, tmp_path, name):
    report = normalize(shared_media / "speech_de" / name, tmp_path / "out.m4a",
                       TARGETS["broadcast"])
    _assert_on_target(report, TARGETS["broadcast"])


@pytest.mark.parametrize("expr", [
    "0.05*sin(2*PI*440*t)",                                   # quiet steady tone (LRA 0)
    "0.02*(random(0)-0.5)",                                   # faint noise
    "0.9*sin(2*PI*220*t)*lt(mod(t,1),0.05)",                  # short loud bursts: all peak
    "0.1*sin(2*PI*300*t)+0.8*lt(mod(t,1),0.002)",             # tone with sharp clicks
    "0.05*sin(2*PI*300*t)+0.9*sin(2*PI*300*t)*lt(mod(t,0.7),0.02)",  # quiet + loud bangs
])
def test_generated_signals_reach_social_target(lavfi_clip, tmp_path, expr):
    src = lavfi_clip(seconds=4, size=None, audio=expr, suffix=".wav")
    report = normalize(src, tmp_path / "out.m4a", TARGETS["social"])
    _assert_on_target(report, TARGETS["social"])


def test_section_of_long_file_and_single_pass_apply(shared_media, tmp_path):
    """What export does: measure a trimmed section, then apply in its own pass."""
    src = shared_media / "speech_de" / "fasterwhisper_multilingual_en_de.mp3"
    target = TARGETS["social"]
    stats = measure_for_norm(src, target, start=30.0, end=42.0)
    out = tmp_path / "section.m4a"
    audio = apply_norm(ffmpeg.input(str(src), ss=30.0, to=42.0).audio, stats, target)
    result = runner.run(ffmpeg.output(audio, str(out), **{"c:a": "aac", "b:a": "192k"}),
                        outputs=[out])
    assert normalization_type(result.stderr) == "linear"
    measured = measure_loudness(out)
    assert measured.integrated == pytest.approx(-14.0, abs=1.0)
    assert measured.true_peak <= -1.0
    assert probe(out).duration == pytest.approx(12.0, abs=0.1)


def test_video_stream_is_copied_and_audio_stays_in_sync(lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=3, size="160x120", audio="0.3*sin(2*PI*300*t)*lt(mod(t,0.5),0.1)")
    out = tmp_path / "clip.mp4"
    report = normalize(src, out, TARGETS["social"])
    _assert_on_target(report, TARGETS["social"])
    before, after = probe(src), probe(out)
    assert after.video is not None and after.video.codec == before.video.codec
    assert (after.video.width, after.video.height) == (160, 120)
    assert _first_loud_time(out) == pytest.approx(_first_loud_time(src), abs=0.01)
    assert after.duration == pytest.approx(before.duration, abs=0.05)


def _first_loud_time(path: Path) -> float:
    """Time of the first sample above -30 dBFS (limiter delay must be compensated)."""
    import av
    import numpy as np

    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            data = np.abs(frame.to_ndarray()).max(axis=0)
            loud = np.nonzero(data > 0.0316)[0]
            if loud.size:
                return float(frame.pts * stream.time_base) + loud[0] / frame.sample_rate
    return -1.0


def test_silent_and_video_only_inputs_give_typed_errors(lavfi_clip, tmp_path):
    silent = lavfi_clip(seconds=2, size=None, audio="silence", suffix=".wav")
    with pytest.raises(MediaError) as err:
        normalize(silent, tmp_path / "s.m4a", TARGETS["social"])
    assert err.value.key == "loudness.silent"
    assert measure_for_norm(silent, TARGETS["social"]).silent
    video_only = lavfi_clip(seconds=1, size="64x48", audio=None)
    with pytest.raises(MediaError) as err:
        normalize(video_only, tmp_path / "v.mp4", TARGETS["social"])
    assert err.value.key == "loudness.no_audio"
    assert list(tmp_path.iterdir()) == []


def test_cli_loudnorm(shared_media, tmp_path, capsys):
    from toolkit.cli import main

    src = shared_media / "speech_de" / "thorsten_sample02-gt.wav"
    out = tmp_path / "n.m4a"
    assert main(["loudnorm", str(src), str(out), "--loudness", "broadcast", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["after"]["integrated"] == pytest.approx(-23.0, abs=1.0) and data["ok"]
    assert main(["loudnorm", str(src), str(tmp_path / "m.m4a"), "--loudness", "laut"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "laut" in err
    assert main(["loudnorm", str(src), str(src)]) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["n.m4a"]
