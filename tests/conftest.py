"""Shared fixtures: the real recordings in ../shared/media and lavfi-generated clips."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.messages import set_language

from shared_paths import SHARED_MEDIA


MAX_WORKERS = 4  # each worker loads the Whisper model and runs ffmpeg on every core it gets


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (the default, see pyproject.toml): one test process per core, at most
    :data:`MAX_WORKERS`. The suite's ffmpeg, browser and queue tests often wait on a child
    process, so two processes on two cores finish it in about 0.7x the time of one. ``-n 0``
    runs it in one process."""
    from toolkit.cpu_budget import cpu_cores

    return min(MAX_WORKERS, cpu_cores())


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch):
    """Every test starts and ends with the default language (German)."""
    monkeypatch.delenv("MACHMAL_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


@pytest.fixture(scope="session")
def shared_media() -> Path:
    """The folder of real test recordings (see its MANIFEST.md)."""
    assert SHARED_MEDIA.is_dir(), f"real test media missing: {SHARED_MEDIA}"
    return SHARED_MEDIA


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session-wide folder for generated media."""
    return tmp_path_factory.mktemp("generated")


LavfiFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def lavfi_clip(media_dir: Path) -> LavfiFactory:
    """Factory for small synthetic clips made with ffmpeg's lavfi sources (cached per session).

    Keyword args:
        seconds: Duration.
        size: ``"WxH"`` of the video, or None for audio only.
        fps: Frame rate.
        audio: An ``aevalsrc`` expression, ``"sine"``, ``"silence"`` or None for no audio.
        rotate: Display rotation metadata (degrees) to write into the MP4.
        suffix: File extension.
        extra: Extra output arguments.
    """

    def make(seconds: float = 3.0, size: str | None = "320x240", fps: int = 25,
             audio: str | None = "sine", rotate: int | None = None, suffix: str = ".mp4",
             extra: tuple[str, ...] = ()) -> Path:
        key = repr((seconds, size, fps, audio, rotate, suffix, extra))
        out = media_dir / (hashlib.sha1(key.encode()).hexdigest()[:12] + suffix)
        if out.exists():
            return out
        args = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y"]
        if size:
            args += ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}:duration={seconds}"]
        if audio == "sine":
            args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
        elif audio == "silence":
            args += ["-f", "lavfi", "-i", f"anullsrc=r=48000:cl=mono", "-t", str(seconds)]
        elif audio:
            args += ["-f", "lavfi", "-i", f"aevalsrc='{audio}':s=48000:d={seconds}"]
        if size:
            args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        if audio:
            args += ["-c:a", "aac" if suffix in (".mp4", ".mov", ".m4a") else "pcm_s16le"]
        plain = out.with_name("plain-" + out.name) if rotate is not None else out
        args += [*extra, "-shortest", str(plain)]
        subprocess.run(args, check=True, capture_output=True, timeout=120)
        if rotate is not None:  # rotation metadata, as a phone writes it: remux, no re-encode
            subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                            "-display_rotation", str(rotate), "-i", str(plain), "-c", "copy",
                            str(out)], check=True, capture_output=True, timeout=60)
        return out

    return make
