"""Check-report building blocks: MP4 atom reading and preset checks."""

from __future__ import annotations

import struct
from pathlib import Path

from toolkit.platforms import PRESETS
from toolkit.media.report import (has_edit_list, is_faststart, run_checks, top_level_atoms)


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def write(tmp_path: Path, *boxes: bytes) -> Path:
    p = tmp_path / "x.mp4"
    p.write_bytes(b"".join(boxes))
    return p


def test_faststart_means_moov_before_mdat(tmp_path):
    p = write(tmp_path, box(b"ftyp", b"isom"), box(b"moov", box(b"trak")), box(b"mdat", b"\0" * 20))
    assert [a[0] for a in top_level_atoms(p)] == ["ftyp", "moov", "mdat"]
    assert is_faststart(p) and not has_edit_list(p)
    p = write(tmp_path, box(b"ftyp"), box(b"mdat", b"\0" * 20), box(b"moov", box(b"elst")))
    assert not is_faststart(p) and has_edit_list(p)


def test_64bit_box_sizes(tmp_path):
    big = struct.pack(">I4sQ", 1, b"mdat", 16 + 4) + b"abcd"
    p = write(tmp_path, box(b"ftyp"), box(b"moov"), big, box(b"free"))
    assert [a[0] for a in top_level_atoms(p)] == ["ftyp", "moov", "mdat", "free"]


def good_output(**changes):
    out = {"width": 1080, "height": 1920, "fps": 30.0, "vfr": False, "video_codec": "h264",
           "video_profile": "High", "pix_fmt": "yuv420p", "audio_codec": "aac",
           "audio_profile": "LC", "sample_rate": 48000, "faststart": True, "edit_list": False,
           "duration": 20.0, "size_bytes": 5_000_000, "video_kbps": 2000}
    out.update(changes)
    return out


def test_all_checks_pass_on_a_good_file():
    loud = {"integrated": -14.3, "true_peak": -1.6, "target_i": -14.0, "target_tp": -1.0}
    checks = run_checks(PRESETS["reels"], good_output(), loud)
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    assert {c.name for c in checks} >= {"size", "fps", "video_codec", "pix_fmt", "faststart",
                                        "duration", "file_size", "loudness", "true_peak"}


def test_each_rule_can_fail():
    reels = PRESETS["reels"]
    cases = {"size": {"width": 720}, "fps": {"fps": 120.0}, "pix_fmt": {"pix_fmt": "yuv422p"},
             "faststart": {"faststart": False}, "duration": {"duration": 1000.0},
             "video_codec": {"video_profile": "Main"}, "file_size": {"size_bytes": 5 * 1024**3},
             "video_bitrate": {"video_kbps": 30_000}, "edit_list": {"edit_list": True}}
    for name, change in cases.items():
        failed = {c.name for c in run_checks(reels, good_output(**change), None) if not c.ok}
        assert failed == {name}, (name, failed)
    loud = {"integrated": -16.5, "true_peak": -0.2, "target_i": -14.0, "target_tp": -1.0}
    failed = {c.name for c in run_checks(reels, good_output(), loud) if not c.ok}
    assert failed == {"loudness", "true_peak"}
