"""Helpers of the caption tests (reference texts, WER, synthetic words, frame rendering)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np

from toolkit.captions.transcribe import normalise
from toolkit.captions.transcript import Word
from toolkit.media.ffmpeg_bin import ffmpeg_exe


def reference(path: Path) -> str:
    """The transcript beside a speech file, normalised (first line only for FLEURS-like)."""
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    return normalise(text)


def wer(ref: str, hyp: str) -> float:
    """Word error rate of normalised texts."""
    import jiwer

    return float(jiwer.wer(normalise(ref), normalise(hyp))) if normalise(ref) else 0.0


def words(text: str, start: float = 0.0, step: float = 0.35) -> list[Word]:
    """Evenly timed words for unit tests."""
    out, t = [], start
    for token in text.split():
        dur = 0.05 * len(token) + 0.1
        out.append(Word(token, t, t + dur))
        t += dur + step - 0.25
    return out


def render_frames(size: tuple[int, int], seconds: float, ass: Path | None,
                  out: Path) -> np.ndarray:
    """Encode testsrc2 (with the ASS burned in, through the runner) and return the luma frames.

    x264 runs lossless (qp 0), so pixels outside the captions are identical between a render
    with and one without captions.
    """
    import ffmpeg

    from toolkit.captions.burn import ass_filter
    from toolkit.media.runner import run

    w, h = size
    video = ffmpeg.input(f"testsrc2=size={w}x{h}:rate=10:duration={seconds}", f="lavfi").video
    if ass is not None:
        video = ass_filter(video, ass)
    graph = video.output(str(out), vcodec="libx264", qp=0, preset="ultrafast",
                         pix_fmt="yuv420p")
    run(graph, outputs=[out], duration=seconds)
    return decode_luma(out, w, h)


def decode_luma(path: Path, w: int, h: int) -> np.ndarray:
    """All frames of a video as a (frames, h, w) uint8 luma array."""
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w)


def dialogue_count(ass_text: str) -> int:
    return len(re.findall(r"^Dialogue:", ass_text, flags=re.M))


SPLIT_SECONDS = 6.0


def split_take(out: Path, colour: str, audio: Path | None, audio_filter: str = "anull") -> Path:
    """A solid-colour 6 s take with ``audio``'s sound passed through ``audio_filter`` (a phone
    of a split-screen duel; no sound when ``audio`` is None)."""
    args = [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi",
            "-i", f"color=c={colour}:s=320x240:r=25:d={SPLIT_SECONDS}"]
    if audio is not None:
        args += ["-i", str(audio), "-filter_complex",
                 f"[1:a]aresample=48000,{audio_filter},apad=whole_dur={SPLIT_SECONDS}[a]",
                 "-map", "0:v", "-map", "[a]", "-c:a", "aac"]
    else:
        args += ["-an"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-t",
             str(SPLIT_SECONDS), str(out)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return out
