"""Every broken or unusual file gives a sensible result or a typed error, fast, leaving nothing.

Each file in ``shared/media/edge`` goes through probe, ingest and (when it has audio) trim with
silence removal. Known files have their expected outcome pinned; a file added to the folder later
is still checked for the general promise (typed error or valid output, < 30 s, no debris).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from shared_paths import SHARED_MEDIA
from toolkit.errors import MachmalError, MediaError
from toolkit.media.ingest import ingest
from toolkit.media.probe import probe
from toolkit.media.trim import trim

EDGE = SHARED_MEDIA / "edge"
LIMIT = 30.0

# file -> (ingest outcome, trim --silence outcome); an outcome is "ok" or an error key
EXPECTED = {
    "zero_length.mp4": ("media.empty", "media.empty"),
    "chaplin_truncated_no_moov.mp4": ("media.unreadable", "media.unreadable"),
    "chaplin_faststart_truncated_midstream.mp4": ("ok", "trim.no_speech"),  # music only
    "jsonize_broken_wav_21bytes.wav": ("media.unreadable", "media.unreadable"),
    "pykaldiasr_fail1_header_only_0samples.wav": ("media.no_content", "media.no_content"),
    "laravelmedia_audio_only.mov": ("ok", "ok"),
    "leopard_empty_no_speech.wav": ("ok", "trim.no_speech"),
    "moviepy_no_duration.webm": ("ok", None),   # None: either result is sensible
    "moviepy_1x1_video_only.mp4": ("ok", "trim.no_audio"),
}
FILES = sorted(p.name for p in EDGE.iterdir() if p.is_file()) if EDGE.is_dir() else []


def _outcome(fn, folder: Path) -> tuple[str, object]:
    """Run ``fn``; return ("ok", result) or (error key, error). Checks time and debris."""
    started = time.monotonic()
    try:
        result = fn()
        outcome: tuple[str, object] = ("ok", result)
    except MachmalError as error:
        outcome = (error.key, error)
        assert list(folder.iterdir()) == [], f"debris after {error.key}"
        assert str(error).strip() and "Traceback" not in str(error)
    assert time.monotonic() - started < LIMIT
    return outcome


@pytest.mark.parametrize("name", FILES)
def test_probe_gives_info_or_media_error(name):
    try:
        info = probe(EDGE / name)
    except MediaError as error:
        assert name in str(error)
        return
    assert info.has_video or info.has_audio


@pytest.mark.parametrize("name", FILES)
def test_ingest_gives_working_file_or_typed_error(name, tmp_path):
    key, value = _outcome(lambda: ingest(EDGE / name, tmp_path / "work.mp4", timeout=LIMIT),
                          tmp_path)
    expected = EXPECTED.get(name, (None, None))[0]
    if expected is not None:
        assert key == expected, value
    if key != "ok":
        assert name in str(value)
        return
    files = list(tmp_path.iterdir())
    assert files == [tmp_path / "work.mp4"]
    info = probe(files[0])
    assert info.duration > 0 and (info.has_video or info.has_audio)
    if info.video is not None:
        assert info.video.width % 2 == 0 and info.video.height % 2 == 0
        assert info.video.vfr is False and info.video.rotation == 0
    if info.audio is not None:
        assert info.audio.sample_rate == 48000


def test_truncated_midstream_file_keeps_the_decodable_part(tmp_path):
    result = ingest(EDGE / "chaplin_faststart_truncated_midstream.mp4", tmp_path / "w.mp4",
                    timeout=LIMIT)
    assert 4.0 < result.after.duration < 5.5
    assert [n.key for n in result.warnings] == ["ingest.truncated"]
    assert "4,8" in result.warnings[0].message()  # German: decimal comma


@pytest.mark.parametrize("name", FILES)
def test_silence_trim_gives_result_or_typed_error(name, tmp_path):
    key, value = _outcome(lambda: trim(EDGE / name, tmp_path / "cut.mp4", silence=True,
                                       timeout=LIMIT), tmp_path)
    expected = EXPECTED.get(name, (None, None))[1]
    if expected is not None:
        assert key == expected, value
    if key == "ok":
        assert [p.name for p in tmp_path.iterdir()] == ["cut.mp4"]
        assert 0 < value.after.duration <= value.decision.source_duration + 0.05
