"""The loudness measurement cache: keyed by the command and the inputs' content."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolkit.media import measure_cache
from toolkit.media.measure_cache import cached_measurement, measurement_key


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _args(path: Path, gain: str = "0dB") -> list[str]:
    return ["-i", str(path), "-filter_complex", f"[0:a]volume={gain},ebur128=peak=true",
            "-f", "null", "-"]


def test_the_key_follows_content_not_name(tmp_path: Path) -> None:
    a, b = tmp_path / "a.m4a", tmp_path / "copy" / "b.m4a"
    b.parent.mkdir()
    a.write_bytes(b"sound" * 1000)
    b.write_bytes(a.read_bytes())
    assert measurement_key(_args(a)) == measurement_key(_args(b))  # a copy is the same sound
    assert measurement_key(_args(a)) != measurement_key(_args(a, "3dB"))  # another graph
    before = measurement_key(_args(a))
    a.write_bytes(b"other" * 1000)
    os.utime(a, ns=(1, 1))  # a new version of the file
    assert measurement_key(_args(a)) != before


def test_measured_once_then_read_and_a_broken_entry_measured_again(tmp_path: Path,
                                                                   cache: Path) -> None:
    src = tmp_path / "a.m4a"
    src.write_bytes(b"sound" * 1000)
    runs: list[int] = []

    def measure() -> dict[str, float]:
        runs.append(1)
        return {"i": -20.5, "tp": -3.0, "lra": 4.0, "thresh": float("-inf")}

    first = cached_measurement(_args(src), measure)
    assert cached_measurement(_args(src), measure) == first and len(runs) == 1
    assert first["thresh"] == float("-inf")
    (entry,) = (cache / "loudness").iterdir()
    entry.write_text("{not json", encoding="utf-8")
    assert cached_measurement(_args(src), measure) == first and len(runs) == 2
    assert measure_cache.VERSION >= 1
