"""Benchmark of ``render`` (a whole duel project) against its baselines, in ONE run.

    .venv/bin/python bench/bench_render.py [--workdir DIR] [--seconds 60] [--scale 1.0]
                                           [--skip-moviepy]

Project: a duel of ``--seconds`` (default 60) from 6 generated phone takes (1080x1920 30 fps,
testsrc2 picture in six hues, real German speech from ``shared/media/speech_de``): title card,
five shots, one of them a split-screen round of two takes, end card with QR code, lower thirds,
timer, scoreboard, logo, burned captions (transcripts cached after the first run) and a music bed
ducked under the speech.

(a) Reels + Instagram feed 4:5 + YouTube in ONE render vs the same plan rendered per platform
    separately (three renders). Target: <= 0.75.
(b) The same composition for Reels in moviepy 2 (``CompositeVideoClip`` of the cut, cropped
    clips, the same drawn overlay images at the same times, ``clips_array`` for the split,
    ``CompositeAudioClip`` with the music) with render's x264/AAC settings, vs ``render`` to
    Reels. Target: render >= 4x faster. moviepy gets no loudness step and no captions (it has no
    ASS renderer), so the comparison favours it.
(c) Peak memory of the (a) render (process + ffmpeg children, summed while sampling /proc).
    Target: <= 1 GB.

Only ratios of the same run mean anything: the machine is shared with other work.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_export import Cost, _ratio_row, timed, tree_rss  # noqa: E402
from duel import make_duel  # noqa: E402

PLATFORMS = ["reels", "ig-feed-4x5", "youtube"]


def make_project(work: Path, seconds: float) -> tuple[str, Path]:
    """The duel project (mach-mal-duell, 6 shots used, one split round)."""
    per = (seconds - 5.0 - 2.0) / 5  # title + end card 5 s, countdown 2 s, five slots
    takes = [("hook", per), ("vorstellung-azubi", per), ("vorstellung-ausbilder", per),
             ("countdown", 2.0), ("runde-1-haende", per), ("runde-1-haende", per),
             ("urteil", per)]
    return make_duel(work, "Bench Duell", takes, split_seconds=per, music_seconds=seconds + 5)


def render(name: str, ws: Path, platforms: list[str], out: Path, scale: float) -> object:
    import shutil

    from toolkit.edit.plan import RenderOptions
    from toolkit.edit.run import render_project
    from toolkit.resources import cache_root

    shutil.rmtree(cache_root() / "loudness", ignore_errors=True)  # each run measures its sound
    return render_project(name, platforms, out_dir=out, workspace=ws,
                          options=RenderOptions(scale=scale, captions="social"))


def run_moviepy(result: object, work: Path, out: Path) -> None:
    """The same Reels composition in moviepy 2 (see the module docstring)."""
    from moviepy import (AudioFileClip, CompositeAudioClip, CompositeVideoClip, ImageClip,
                         VideoFileClip, clips_array, concatenate_videoclips)

    from toolkit.edit.graphics import draw_output

    plan = result.plan  # type: ignore[attr-defined]
    planned = next(o for o in plan.outputs if "reels" in o.platforms)
    w, h = planned.width, planned.height
    drawn = draw_output(plan.timeline, planned, Path(plan.folder), work / "mp-graphics")
    folder, parts, opened = Path(plan.folder), [], []

    def take(src: object, width: int, height: int) -> object:
        clip = VideoFileClip(str(folder / src.file)).subclipped(  # type: ignore[attr-defined]
            src.ranges[0].start, src.ranges[0].end)  # type: ignore[attr-defined]
        opened.append(clip)
        scale = max(width / clip.w, height / clip.h)
        return clip.resized(scale).cropped(x_center=clip.w * scale / 2,
                                           y_center=clip.h * scale / 2,
                                           width=width, height=height)

    for clip in plan.timeline.clips:
        if clip.kind == "card":
            parts.append(ImageClip(str(drawn.cards[clip.id])).with_duration(clip.seconds))
        elif clip.kind == "split":
            halves = [take(s, w, h // 2) for s in clip.sources]
            parts.append(clips_array([[halves[0]], [halves[1]]]).with_duration(clip.seconds))
        else:
            parts.append(take(clip.sources[0], w, h))
    base = concatenate_videoclips(parts)
    layers = [base]
    for ov in drawn.overlays:
        if ov.rate:
            continue  # the timer's image sequence: moviepy would need one clip per second
        layers.append(ImageClip(str(ov.path)).with_start(ov.start)
                      .with_duration(ov.end - ov.start).with_position((ov.x, ov.y)))
    video = CompositeVideoClip(layers, size=(w, h))
    music = AudioFileClip(plan.timeline.music().file).with_duration(video.duration)
    video = video.with_audio(CompositeAudioClip([base.audio, music.with_volume_scaled(0.4)]))
    video.write_videofile(str(out / "reels.mp4"), codec="libx264", audio_codec="aac",
                          preset="veryfast", audio_bitrate="128k", audio_fps=48000,
                          fps=30, logger=None,
                          ffmpeg_params=["-crf", "21", "-pix_fmt", "yuv420p", "-profile:v",
                                         "high", "-g", "60", "-flags:v", "+cgop", "-movflags",
                                         "+faststart"])
    for c in opened:
        c.close()


def measure_memory(name: str, ws: Path, out: Path, scale: float) -> float:
    """Peak RSS (MB) of a child process rendering all platforms, ffmpeg children summed."""
    code = ("import sys; sys.path.insert(0, sys.argv[4])\n"
            "from bench_render import render\n"
            "from pathlib import Path\n"
            "render(sys.argv[1], Path(sys.argv[2]), %r, Path(sys.argv[3]), float(sys.argv[5]))\n"
            % PLATFORMS)
    proc = subprocess.Popen([sys.executable, "-c", code, name, str(ws), str(out),
                             str(REPO / "bench"), str(scale)])
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.2)
    if proc.returncode:
        raise RuntimeError("memory run failed")
    return peak / 2 ** 20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "mm-render")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--skip-moviepy", action="store_true")
    args = ap.parse_args()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    name, ws = make_project(work, args.seconds)
    print("warm-up (transcripts into the cache)", flush=True)
    first = render(name, ws, ["reels"], work / "warm", args.scale)
    t: dict[str, Cost] = {}
    t["one"] = timed("all platforms, one render",
                     lambda: render(name, ws, PLATFORMS, work / "one", args.scale))

    def separate() -> None:
        for p in PLATFORMS:
            render(name, ws, [p], work / f"sep-{p}", args.scale)

    t["separate"] = timed("each platform separately", separate)
    t["reels"] = timed("render to Reels", lambda: render(name, ws, ["reels"], work / "r",
                                                         args.scale))
    if not args.skip_moviepy:
        (work / "mp").mkdir(exist_ok=True)
        t["moviepy"] = timed("moviepy 2, Reels", lambda: run_moviepy(first, work, work / "mp"))
    mem = measure_memory(name, ws, work / "mem", args.scale)
    body = results_text(t, mem, args, load + os.getloadavg(), first)
    print(body)
    from results import write_section

    write_section(section_title(args.scale), body)
    return 0


def section_title(scale: float) -> str:
    """Full size and reduced size keep their own sections of RESULTS.md."""
    return "Render (assembled duel, full size)" if scale == 1 else "Render (assembled duel)"


def results_text(t: dict[str, Cost], mem: float, args: argparse.Namespace,
                 load: tuple[float, ...], first: object) -> str:
    dur = first.plan.timeline.duration  # type: ignore[attr-defined]
    rows = ["| check | wall clock | CPU time | target | result |", "|---|---|---|---|---|",
            _ratio_row("(a) 3 platforms in one render ÷ per platform separately", t["one"],
                       t["separate"], "<= 0.75", lambda r: r <= 0.75)]
    if "moviepy" in t:
        rows.append(_ratio_row("(b) moviepy 2 CompositeVideoClip ÷ render, Reels",
                               t["moviepy"], t["reels"], ">= 4x", lambda r: r >= 4, "{:.1f}x"))
    rows.append(f"| (c) peak memory of the (a) render (process tree) | **{mem:.0f} MB** | | "
                f"<= 1024 MB | {'pass' if mem <= 1024 else 'FAIL'} |")
    size = "full size" if args.scale == 1 else f"scale {args.scale:g} of each platform's size"
    head = [f"## {section_title(args.scale)}", "",
            f"Measured {time.strftime('%Y-%m-%d %H:%M')} by `bench/bench_render.py`, one run on "
            f"{os.cpu_count()} cores shared with other helpers' test suites (load average "
            f"{load[0]:.1f} at the start, {load[-3]:.1f} at the end), run with `nice -n 19`; "
            "each contender ran once, so the "
            "wall-clock figures carry that noise; CPU time (process + ffmpeg children) is the "
            "steadier figure.", "",
            f"Duel of {dur:.1f} s ({size}): 6 portrait 1080x1920 30 fps takes with German speech,"
            " title and end card (QR), lower thirds, timer, scoreboard, logo, one split-screen "
            "round, social captions (transcripts cached by a warm-up render), music bed ducked "
            "under speech, -14 LUFS. Platforms: " + ", ".join(PLATFORMS) + ".", "",
            "moviepy composes the same cut, cards, overlay images (not the timer) and music, "
            "without loudness normalisation and captions, so the comparison favours it.", ""]
    return "\n".join(head + rows) + "\n"


if __name__ == "__main__":
    sys.exit(main())
