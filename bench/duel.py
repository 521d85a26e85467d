"""The benchmarks' duel project: generated phone takes with real German speech, a music bed,
and the ``mach-mal-duell`` project built from them (bench_render.py, bench_pipeline.py).

Takes are 1080x1920 30 fps testsrc2 pictures in six hues with speech from
``shared/media/speech_de`` (x264 faster, 1 s GOP), cached in the work folder.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [p for p in (str(REPO), str(REPO / "bench")) if p not in sys.path]

from bench_export import ffmpeg, sh  # noqa: E402

SPEECH = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media")) \
    / "speech_de"
SPLIT_SHOT = "runde-1-haende"  # the round shown as a split screen of its two takes


def make_take(work: Path, i: int, seconds: float) -> Path:
    """A portrait phone-like take with speech (x264 faster, 1 s GOP)."""
    out = work / f"take{i}_{seconds:g}s.mp4"
    if out.exists():
        return out
    speech = sorted(SPEECH.glob("fleurs-de-*.ogg"))[i % 6]
    hue = (i * 50) % 360
    sh([ffmpeg(), "-v", "error", "-y", "-f", "lavfi",
        "-i", f"testsrc2=size=1080x1920:rate=30:duration={seconds},hue=h={hue}",
        "-stream_loop", "-1", "-i", str(speech), "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", "faster", "-crf", "20", "-g", "30", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-ar", "48000", "-t", f"{seconds}", str(out)])
    return out


def make_music(work: Path, seconds: float) -> Path:
    """A chord of three sines as the music bed (AAC)."""
    out = work / "music.m4a"
    if not out.exists():
        sh([ffmpeg(), "-v", "error", "-y", "-f", "lavfi", "-i",
            f"aevalsrc=0.2*sin(2*PI*220*t)+0.15*sin(2*PI*277*t)+0.1*sin(2*PI*330*t):"
            f"s=48000:d={seconds}", "-c:a", "aac", str(out)])
    return out


def make_duel(work: Path, name: str, takes: Sequence[tuple[str, float]], split_seconds: float,
              music_seconds: float, ranged: bool = False) -> tuple[str, Path]:
    """The duel project in ``work/ws``: brand kit, placeholders, three people, the takes.

    Args:
        work: The work folder (takes and music are cached there).
        name: The project's name.
        takes: ``(shot id, planned seconds)`` per take, in playing order; each take is half a
            second longer than planned; two takes of :data:`SPLIT_SHOT` make the split round.
        split_seconds: The split round's length.
        music_seconds: The music bed's length.
        ranged: Give every take its own range ``0..planned`` (else the render chooses).

    Returns:
        The project's name and workspace.
    """
    from toolkit.project import add_person, add_take, create_project, save_project
    from toolkit.project.brand import EXAMPLE, apply_brand_kit

    ws = work / "ws"
    shutil.rmtree(ws, ignore_errors=True)
    p = create_project(name, "mach-mal-duell", company="Bäckerei Müller", trade="Bäcker:in",
                       workspace=ws)
    apply_brand_kit(p, EXAMPLE)
    p.placeholders.update({"aufgabe": "Brezeln schlingen", "zeit": "60 Sekunden",
                           "einsatz": "Frühstück"})
    p.cta.url = "https://example.org/ausbildung"
    add_person(p, "Lena", "challenger", consent=True, save=False)
    add_person(p, "Jürgen", "defender", consent=True, save=False)
    add_person(p, "Sam", "host", consent=True, save=False)
    for i, (shot, seconds) in enumerate(takes):
        clip = make_take(work, i, round(seconds + 0.5, 1))
        if ranged:
            add_take(p, shot, clip, start=0.0, end=float(seconds))
        else:
            add_take(p, shot, clip)
    split = [t.id for t in p.shots[SPLIT_SHOT].takes]
    p.edit.order = list(dict.fromkeys(shot for shot, _ in takes))
    p.edit.split = {SPLIT_SHOT: {"takes": split, "marks": [0.0, 0.0], "seconds": split_seconds}}
    p.edit.verdict = {"runde-1": "challenger"}
    p.edit.music = str(make_music(work, music_seconds))
    save_project(p)
    return p.name, ws
