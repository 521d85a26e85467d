"""Issue 19 speed of the whole pipeline, each figure beside its baseline in ONE run.

    .venv/bin/python bench/bench_pipeline.py [--workdir DIR]
                     [--only render,prepared,long-export,profile,nullfilters]
                     [--long-minutes 10]

``profile`` renders again (analysis cache warm) with the render ffmpeg's threads sampled;
``nullfilters`` runs the render's own ffmpeg graph into ``-f null`` (decode + filters, no encode)
and stops. Figures are printed and saved as JSON in the work folder (``figures*.json``); the
section "Issue 19 speed (pipeline)" of bench/RESULTS.md is written from them.

(render) A 45 s duel (13 generated 1080x1920 30 fps phone takes with German speech, title and
    end card, lower thirds, timer, scoreboard, logo, social captions from cached transcripts, a
    split-screen round, music bed, -14 LUFS, smart fit with an EMPTY analysis cache) rendered for
    Reels, TikTok, Shorts and YouTube at full size in a child process. Measured: wall and CPU
    (``getrusage`` of children: the render process and all its ffmpeg) as x real time, and
    against the hand-written floor: ffmpeg commands an expert would type for the same outputs
    (loudnorm pass 1 over the cut's sound, then ONE ffmpeg that decodes the same take ranges,
    crops/scales them, stacks the split round, colour frames for the cards, ``split`` into the
    same encodes at the same sizes and lengths with the presets' own x264/AAC arguments). The
    floor draws no overlays, captions or music and plans no camera path, so it favours itself.
    That one command holds both encoders and every take's decoder at once (about 2 GB here);
    for context the floor is also run at the render's memory budget: the same pass 1, then one
    command per output, each decoding the takes itself, as the render's segment processes do.
    Targets: render <= 1.0x real time, render / hand-written (the one command) <= 1.3. ``--before DIR``: the code
    of another checkout (e.g. main before a change) renders the same project right after, with
    the analysis cache emptied again, measured alike (before/after in one run).
    Per stage (exclusive wall and CPU of the render's steps: analysis, loudness pass 1, graphics
    and camera paths, the one render ffmpeg, covers, check reports with their loudness check),
    and inside the render ffmpeg the CPU per thread group (decoders, filter graph, each x264
    encoder, AAC, muxing), sampled from /proc and scaled to the process's exact CPU (wait4).
    Peak memory: the process tree's summed RSS (sampled every 0.2 s) and the largest single
    process (``ru_maxrss``). Target <= 1 GB.
(prepared, with render) The studio's way: the job ``prepare`` that the export page starts
    while the user chooses (:mod:`toolkit.edit.prepare`: the analyses and transcripts the
    render will read), analysis cache emptied first, then the same render: wall and CPU of
    each, the render against the same floor.
(prestage) The same render stopped where its ffmpeg would start, this code and ``--before``'s
    in ABBA order (``--reps``), analysis cache emptied each time: wall and CPU of the steps
    before the render ffmpeg (analysis, loudness pass 1, captions, graphics), with each
    step's span, to show what runs side by side.
(long-export) Peak memory of ``export --fit smart`` to Reels of a 10-minute 1080p source (the
    60 s source of ``bench_export.py`` looped by stream copy, cached in the work folder).
    Target <= 1 GB.

Only ratios of the same run mean anything: the machine is shared with other work. The load
average is printed with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TOOLKIT = Path(os.environ.get("BENCH_TOOLKIT", REPO))  # --before: the other checkout's code
sys.path[:0] = [str(TOOLKIT), str(REPO), str(REPO / "bench")]
MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))
os.environ.setdefault("MACHMAL_SHARED_MEDIA", str(MEDIA))

import bench_export  # noqa: E402
import duel  # noqa: E402
import thread_profile  # noqa: E402
from bench_export import ffmpeg, sh, tree_rss  # noqa: E402

bench_export.SPEECH = duel.SPEECH = MEDIA / "speech_de"
PLATFORMS = ["reels", "tiktok", "shorts", "youtube"]
# shot id, planned seconds (the storyboard's), takes: 11 shots + a split round of 2 = 13 takes
SHOTS = [("hook", 3), ("vorstellung-azubi", 3), ("vorstellung-ausbilder", 3), ("regeln", 4),
         ("material", 2), ("countdown", 2), ("runde-1-haende", 6), ("runde-1-reaktion", 2),
         ("qualitaetscheck", 4), ("urteil", 4), ("jubel", 2), ("cta", 5)]


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# --- the project ------------------------------------------------------------------------------

def make_project(work: Path) -> tuple[str, Path]:
    """The 45 s duel: 13 takes (one per shot, two in the split round), each cut to its plan."""
    takes = [(shot, float(seconds)) for shot, seconds in SHOTS
             for _ in range(2 if shot == duel.SPLIT_SHOT else 1)]
    return duel.make_duel(work, "Bench Duell 45", takes, split_seconds=6.0, music_seconds=60,
                          ranged=True)


# --- child side: the instrumented render ------------------------------------------------------

class Clock:
    """Exclusive wall / own CPU / children CPU per named step (nested steps subtracted), and
    each step's span (first start, last end) since ``t0``.

    Steps run side by side in threads (the render's analyses, loudness pass and captions):
    each thread keeps its own nesting, but CPU is counted for the whole process, so the CPU of
    a step that ran beside others includes theirs (the spans and the figure "before the render
    ffmpeg" are exact).
    """

    def __init__(self) -> None:
        self.rows: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
        self.spans: dict[str, list[float]] = {}
        self.local = threading.local()
        self.lock = threading.Lock()
        self.t0 = time.perf_counter()

    @property
    def stack(self) -> list[list[float]]:
        if not hasattr(self.local, "stack"):
            self.local.stack = []
        return self.local.stack

    @staticmethod
    def now() -> tuple[float, float, float]:
        ch = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), time.process_time(), ch.ru_utime + ch.ru_stime

    def wrap(self, owner: Any, attr: str, name: Any) -> None:
        fn = getattr(owner, attr)
        clock = self

        def wrapped(*a: Any, **k: Any) -> Any:
            label = name(a, k) if callable(name) else name
            if label is None:
                return fn(*a, **k)
            start, nested = clock.now(), [0.0, 0.0, 0.0]
            clock.stack.append(nested)
            try:
                return fn(*a, **k)
            finally:
                end = clock.now()
                clock.stack.pop()
                total = [e - s for e, s in zip(end, start)]
                with clock.lock:
                    row = clock.rows[label]
                    for j in range(3):
                        row[j] += total[j] - nested[j]
                    row[3] += 1
                    span = clock.spans.setdefault(label, [start[0] - clock.t0,
                                                          end[0] - clock.t0])
                    span[0], span[1] = (min(span[0], start[0] - clock.t0),
                                        max(span[1], end[0] - clock.t0))
                if clock.stack:
                    for j in range(3):
                        clock.stack[-1][j] += total[j]
        setattr(owner, attr, wrapped)


class SampledPopen(thread_profile.SampledPopen):
    """The thread sampler (every 0.25 s, its own CPU counted) that also keeps the exact
    rusage of the child (wait4)."""

    samples: dict[str, tuple[str, float]] = {}
    interval = 0.25
    exact: list[float] = []
    sampler_cpu: list[float] = []

    def _running(self) -> bool:
        return self.returncode is None  # not poll(): it would reap the child before wait4

    def _sample(self) -> None:
        t0 = time.thread_time()
        super()._sample()
        self.sampler_cpu.append(time.thread_time() - t0)

    def _try_wait(self, wait_flags: int) -> tuple[int, int]:
        try:
            pid, sts, ru = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid == self.pid:
            self.exact.append(ru.ru_utime + ru.ru_stime)
        return pid, sts


def thread_group(name: str) -> str:
    if name.startswith("dec"):
        return "decoders (h264, aac, image inputs)"
    if name.startswith("fc") or name.startswith("filter"):
        return "filter graph (trim, crop/scale, overlays, captions, audio mix, loudnorm)"
    if name.startswith("enc") and "libx264" in name:
        return f"x264 encoder {name.split(':')[0][3:]}"
    if name.startswith("enc"):
        return "AAC encoders"
    if name.startswith("mux"):
        return "muxers"
    return "demuxers and main thread"


DROP = {"-profile:v", "-preset", "-crf", "-maxrate", "-bufsize", "-g", "-flags:v", "-profile:a",
        "-b:a", "-movflags", "-x264-params", "-tune", "-level", "-level:v", "-b:v"}


def null_variant(graph: Any, outputs: list[str]) -> None:
    """The render's own ffmpeg with every output sent to -f null (no encode); then exit."""
    from toolkit.cpu_budget import ffmpeg_thread_args, thread_budget
    from toolkit.media.runner import build_args

    args, out, i = ffmpeg_thread_args(build_args(graph), thread_budget()), [], 0
    while i < len(args):
        tok = args[i]
        if tok in DROP:
            i += 2
            continue
        if tok in ("-c:v", "-vcodec", "-c:a", "-acodec"):
            out += [tok, "wrapped_avframe" if "v" in tok[1:] and tok != "-c:a" else "pcm_s16le"]
            i += 2
            continue
        out += ["-f", "null", "-"] if tok in outputs else [tok]
        i += 1
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([ffmpeg(), "-nostdin", "-nostats", "-loglevel", "error", *out],
                          capture_output=True, text=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(os.environ["BENCH_NULL_FILE"]).write_text(json.dumps({
        "rc": done.returncode, "stderr": done.stderr[-2000:], "wall": time.perf_counter() - t0,
        "cpu": (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime),
        "maxrss_mb": r1.ru_maxrss / 1024}))
    os._exit(0)


def child_render(name: str, ws: Path, out: Path, result_file: Path) -> None:
    """Render PLATFORMS with every step timed; write the figures and the plan as JSON."""
    import toolkit
    from toolkit.edit import audio, report, run
    from toolkit.edit.plan import RenderOptions, resolve_file
    from toolkit.media import runner
    from toolkit.reframe import analysis

    print(f"  toolkit: {Path(toolkit.__file__).parent}", flush=True)
    clock = Clock()
    clock.wrap(analysis, "analyse_clip", "analysis (13 takes, cold cache)")
    clock.wrap(audio.AudioMix, "measure", "loudness pass 1 (measure the mix)")
    clock.wrap(run._Render, "_captions", "captions (cached transcripts)")
    clock.wrap(run._Render, "_outputs", "graphics, camera paths, caption layout")
    clock.wrap(run._Render, "_cover_time", "cover choice")
    clock.wrap(run._Render, "_covers", "cover JPEGs")
    clock.wrap(report, "platform_report", "check reports (probe, loudness check)")
    if hasattr(report, "measure_output"):  # since 2026-12-04 measured beside the covers
        clock.wrap(report, "measure_output", "check reports (probe, loudness check)")
    saved = subprocess.Popen

    def run_name(a: Any, k: Any) -> str | None:
        """The render ffmpeg: run from the render's own thread, outside every other step."""
        if (clock.stack or not k.get("duration")
                or threading.current_thread() is not threading.main_thread()):
            return None
        clock.local.render = True  # for sampled_run, called next
        return "render ffmpeg (decode, filters, encode)"

    real_run = runner.run

    before_render: list[list[float]] = []

    def sampled_run(*a: Any, **k: Any) -> Any:
        if not getattr(clock.local, "render", False):
            return real_run(*a, **k)
        clock.local.render = False
        before_render.append([e - s for e, s in zip(clock.now(), cpu0)])
        if os.environ.get("BENCH_PRESTAGE_FILE"):  # --only prestage: stop at the render ffmpeg
            Path(os.environ["BENCH_PRESTAGE_FILE"]).write_text(json.dumps({
                "before_render": before_render[0], "spans": clock.spans,
                "stages": dict(clock.rows)}))
            os._exit(0)
        if os.environ.get("BENCH_NULL_FILE"):
            null_variant(a[0], [str(p) for p in k.get("outputs", ())])
        if os.environ.get("BENCH_ARGS_FILE"):  # the render ffmpeg's arguments, for studies
            from toolkit.cpu_budget import ffmpeg_thread_args, thread_budget
            from toolkit.media.runner import build_args

            Path(os.environ["BENCH_ARGS_FILE"]).write_text(json.dumps(
                ffmpeg_thread_args(build_args(a[0]), thread_budget())))
            if os.environ.get("BENCH_ARGS_ONLY"):  # stop here; the drawn graphics stay
                os._exit(0)
        subprocess.Popen = SampledPopen  # type: ignore[misc]
        try:
            return real_run(*a, **k)
        finally:
            subprocess.Popen = saved  # type: ignore[misc]
    runner.run = sampled_run
    clock.wrap(runner, "run", run_name)
    cpu0 = clock.now()
    result = run.render_project(name, PLATFORMS, out_dir=out, workspace=ws,
                                options=RenderOptions(scale=1.0, captions="social"))
    total = [e - s for e, s in zip(clock.now(), cpu0)]
    groups: dict[str, float] = defaultdict(float)
    for tname, cpu in SampledPopen.samples.values():
        groups[thread_group(tname)] += cpu
    plan = result.plan
    tl = plan.timeline
    clips = [{"kind": c.kind, "start": c.start, "seconds": c.seconds,
              "sources": [{"file": str(resolve_file(Path(plan.folder), s.file)),
                           "ranges": [[r.start, r.end] for r in s.ranges]}
                          for s in (c.sources or [])]} for c in tl.clips]
    presets = (plan.platform_presets() if hasattr(plan, "platform_presets")
               else run._presets(plan))  # --before: a checkout from before the one path
    outputs = [{"platforms": o.platforms, "width": o.width, "height": o.height,
                "rate": str(o.rate),
                "args": {**presets[o.platforms[0]].video.output_args(float(o.rate)),
                         **presets[o.platforms[0]].audio.output_args()}}
               for o in plan.outputs]
    mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result_file.write_text(json.dumps({
        "duration": tl.duration, "clips": clips, "outputs": outputs,
        "stages": {k: v for k, v in clock.rows.items()}, "total": total,
        "spans": clock.spans, "before_render": before_render[0],
        "threads": dict(groups), "thread_names": sorted({n for n, _ in
                                                         SampledPopen.samples.values()}),
        "render_exact": SampledPopen.exact, "sampler_cpu": sum(SampledPopen.sampler_cpu),
        "maxrss_self_mb": mine / 1024, "maxrss_child_mb": kids / 1024}, indent=1))


def child_warm(name: str, ws: Path) -> None:
    """Transcribe the takes once (cached), so the measured render pays no Whisper."""
    from toolkit.edit.captions import timeline_transcript
    from toolkit.edit.plan import RenderOptions, plan_render

    plan = plan_render(name, PLATFORMS, workspace=ws,
                       options=RenderOptions(scale=1.0, captions="social"))
    timeline_transcript(plan.timeline, Path(plan.folder), plan.caption_glossary())


def child_prepare(name: str, ws: Path) -> None:
    """The studio's job ``prepare`` for the render PLATFORMS will be (analyses, transcripts)."""
    from toolkit.edit.plan import RenderOptions
    from toolkit.edit.prepare import prepare_render

    done = prepare_render(name, PLATFORMS, workspace=ws,
                          options=RenderOptions(scale=1.0, captions="social"))
    print(f"  prepared: {done}", flush=True)


def child_export(src: Path, out: Path) -> None:
    from toolkit.edit.plan import RenderOptions
    from toolkit.products.export import export

    export(src, ["reels"], out, RenderOptions(mode="smart"))


# --- parent side ------------------------------------------------------------------------------

def cold(cache: Path) -> None:
    """Empty the caches a render fills (analyses, loudness measurements); the transcripts stay
    (the bench's takes are transcribed once, by the warm-up)."""
    for kind in ("analysis", "loudness"):
        shutil.rmtree(cache / kind, ignore_errors=True)


def measured(args: list[str]) -> dict[str, float]:
    """Run a command; its wall, children CPU (getrusage delta) and peak tree RSS."""
    r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    l0 = os.getloadavg()[0]
    proc = subprocess.Popen(args)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.2)
    wall, r1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(f"failed: {args[:6]}")
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak / 2 ** 20,
            "maxrss_mb": r1.ru_maxrss / 1024, "load0": l0, "load1": os.getloadavg()[0]}


def child(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", *args]


def hand_written(plan: dict[str, Any], work: Path) -> list[list[str]]:
    """The two commands an expert would type for the same encodes (see the docstring)."""
    inputs: list[str] = []
    parts_v: list[str] = []
    parts_a: list[str] = []
    graph: list[str] = []
    w0, h0 = 1080, 1920  # the cut is assembled at portrait size, then scaled per output
    for n, clip in enumerate(plan["clips"]):
        sec = clip["seconds"]
        if clip["kind"] == "card" or not clip["sources"]:
            graph.append(f"color=c=0x1d3557:s={w0}x{h0}:r=30:d={sec:.3f},format=yuv420p[v{n}]")
            graph.append(f"anullsrc=r=48000:cl=stereo,atrim=0:{sec:.3f}[a{n}]")
        else:
            halves = []
            hh = h0 // len(clip["sources"])
            for m, src in enumerate(clip["sources"]):
                lo, hi = src["ranges"][0]
                k = len(inputs) // 2
                inputs += ["-i", src["file"]]
                graph.append(f"[{k}:v]trim={lo:.3f}:{lo + sec:.3f},setpts=PTS-STARTPTS,"
                             f"scale={w0}:-2,crop={w0}:{hh},setsar=1[v{n}_{m}]")
                halves.append(f"[v{n}_{m}]")
                if m == 0:
                    graph.append(f"[{k}:a]atrim={lo:.3f}:{lo + sec:.3f},asetpts=PTS-STARTPTS,"
                                 f"aresample=48000,aformat=channel_layouts=stereo[a{n}]")
            graph.append("".join(halves) + (f"vstack=inputs={len(halves)}[v{n}]"
                                            if len(halves) > 1 else f"null[v{n}]"))
        parts_v.append(f"[v{n}]")
        parts_a.append(f"[a{n}]")
    vs = [x for x in graph if not x.startswith("anullsrc") and "atrim" not in x]
    aus = [x for x in graph if x not in vs]
    cat = (";".join(graph) + ";" + "".join(f"{v}{a}" for v, a in zip(parts_v, parts_a))
           + f"concat=n={len(parts_v)}:v=1:a=1[cv][ca]")
    target = "I=-14:TP=-1:LRA=11"
    pass1 = [ffmpeg(), "-hide_banner", "-nostdin", "-nostats", *inputs, "-filter_complex",
             ";".join(aus) + ";" + "".join(parts_a)
             + f"concat=n={len(parts_a)}:v=0:a=1,loudnorm={target}:print_format=json[lo]",
             "-map", "[lo]", "-f", "null", "-"]
    return [pass1, inputs, [cat]]


def hand_encode(plan: dict[str, Any], inputs: list[str], cat: str, m: dict[str, str],
                out: Path, which: list[int] | None = None) -> list[str]:
    """The encode command of the outputs ``which`` (default all: one decode for all)."""
    outs = [o for i, o in enumerate(plan["outputs"]) if which is None or i in which]
    norm = (f"loudnorm=I=-14:TP=-1:LRA=11:measured_I={m['input_i']}:measured_TP={m['input_tp']}:"
            f"measured_LRA={m['input_lra']}:measured_thresh={m['input_thresh']}:"
            f"offset={m['target_offset']}:linear=true,aresample=48000")
    n = len(outs)
    g = [cat, f"[cv]split={n}" + "".join(f"[s{i}]" for i in range(n)),
         f"[ca]{norm},asplit={n}" + "".join(f"[b{i}]" for i in range(n))]
    cmd = [ffmpeg(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y",
           *inputs]
    maps: list[str] = []
    for i, o in enumerate(outs):
        w, h = o["width"], o["height"]
        g.append(f"[s{i}]scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},"
                 f"fps={o['rate']},setsar=1[o{i}]")
        args: list[str] = []
        for k, v in o["args"].items():
            args += [f"-{k}", str(v)]
        maps += ["-map", f"[o{i}]", "-map", f"[b{i}]", *args, "-movflags", "+faststart",
                 "-t", f"{plan['duration']:.3f}", str(out / f"hand-{i}.mp4")]
    return cmd + ["-filter_complex", ";".join(g), *maps]


def run_hand(plan: dict[str, Any], work: Path) -> dict[str, float]:
    pass1, inputs, (cat,) = hand_written(plan, work)
    (work / "hand").mkdir(exist_ok=True)
    r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    p1 = subprocess.run(pass1, capture_output=True, text=True, check=True)
    m = json.loads(re.findall(r"\{[^{}]*\"input_i\"[^{}]*\}", p1.stderr)[-1])
    mid = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = measured(hand_encode(plan, inputs, cat, m, work / "hand"))
    res["encode_wall"], res["wall"] = res["wall"], time.perf_counter() - t0
    res["pass1_cpu"] = (mid.ru_utime + mid.ru_stime) - (r0.ru_utime + r0.ru_stime)
    res["cpu"] += res["pass1_cpu"]
    return res


def run_hand_each(plan: dict[str, Any], work: Path) -> dict[str, float]:
    """The floor at the render's memory budget: the same pass 1, then ONE command PER OUTPUT
    (each decodes the takes itself, as the render's segment processes do: the one-command floor
    holds both encoders and every take's decoder at once, about 2 GB here)."""
    pass1, inputs, (cat,) = hand_written(plan, work)
    (work / "hand-each").mkdir(exist_ok=True)
    r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    p1 = subprocess.run(pass1, capture_output=True, text=True, check=True)
    m = json.loads(re.findall(r"\{[^{}]*\"input_i\"[^{}]*\}", p1.stderr)[-1])
    peak, wall, cpu = 0.0, time.perf_counter() - t0, 0.0
    for i in range(len(plan["outputs"])):
        out = work / "hand-each" / str(i)
        out.mkdir(exist_ok=True)
        one = measured(hand_encode(plan, inputs, cat, m, out, [i]))
        peak, wall, cpu = max(peak, one["peak_mb"]), wall + one["wall"], cpu + one["cpu"]
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    pass1_cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime) - cpu
    return {"wall": time.perf_counter() - t0, "cpu": cpu + pass1_cpu, "peak_mb": peak,
            "pass1_cpu": pass1_cpu}


def null_runs(plan: dict[str, Any], work: Path) -> dict[str, float]:
    """Decode only, and decode + the hand-written filters into -f null (no encode)."""
    pass1, inputs, (cat,) = hand_written(plan, work)
    out: dict[str, float] = {}
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    for f in inputs[1::2]:
        lo_hi = next(s["ranges"][0] for c in plan["clips"] for s in c["sources"]
                     if s["file"] == f)
        sh([ffmpeg(), "-nostdin", "-v", "error", "-ss", f"{lo_hi[0]:.3f}", "-i", f, "-t",
            f"{lo_hi[1] - lo_hi[0]:.3f}", "-f", "null", "-"])
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out["decode"] = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    return out


def stage_table(plan: dict[str, Any]) -> str:
    """The steps of one render: exclusive wall / CPU, span since the start, and the work
    before the render ffmpeg (wall, Python CPU, ffmpeg CPU)."""
    lines = ["| step | calls | wall (sum) | CPU (Python + children) | span (s from start) |",
             "|---|---|---|---|---|"]
    spans = plan.get("spans", {})
    for name, (wall, own, kids, n) in plan["stages"].items():
        lo, hi = spans.get(name, (float("nan"), float("nan")))
        lines.append(f"| {name} | {n} | {wall:.2f} s | {own + kids:.2f} s | "
                     f"{lo:.2f}-{hi:.2f} |")
    if "before_render" in plan:
        wall, own, kids = plan["before_render"]
        lines.append(f"| **before the render ffmpeg** (plan, probes, all of the above before it)"
                     f" | | **{wall:.2f} s** | {own + kids:.2f} s ({own:.2f} + {kids:.2f}) | |")
    return "\n".join(lines)


def prestage_runs(work: Path, cache: Path, before: Path | None, reps: int) -> dict[str, Any]:
    """The duel render up to its ffmpeg (cold analysis cache), this code and ``before``'s in
    ABBA order: wall and CPU of everything before the render ffmpeg."""
    name, ws = make_project(work)
    subprocess.run(child("warm", name, str(ws)), check=True)
    codes = {"this code": None, "before": before} if before else {"this code": None}
    order = [k for i in range(reps) for k in (list(codes) if i % 2 == 0 else list(codes)[::-1])]
    runs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key in order:
        cold(cache)
        out = work / "prestage.json"
        out.unlink(missing_ok=True)
        os.environ["BENCH_PRESTAGE_FILE"] = str(out)
        if codes[key] is not None:
            os.environ["BENCH_TOOLKIT"] = str(codes[key].resolve())
        l0 = os.getloadavg()[0]
        try:
            subprocess.run(child("render", name, str(ws), str(work / "out-pre"),
                                 str(work / "unused.json")), check=True)
        finally:
            os.environ.pop("BENCH_PRESTAGE_FILE", None)
            os.environ.pop("BENCH_TOOLKIT", None)
        res = json.loads(out.read_text())
        res["load"] = [l0, os.getloadavg()[0]]
        wall, own, kids = res["before_render"]
        print(f"  {key}: before the render ffmpeg {wall:.2f} s wall, {own + kids:.2f} s CPU "
              f"({own:.2f} Python + {kids:.2f} ffmpeg), load {l0:.1f} -> "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        print(stage_table(res), flush=True)
        runs[key].append(res)
    return dict(runs)


def write(body: str, no_write: bool) -> None:
    print(body)
    if not no_write:
        from results import write_section

        write_section("Issue 19 speed (pipeline)", body)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bench19")
    ap.add_argument("--only", default="render,long-export")
    ap.add_argument("--long-minutes", type=int, default=10)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--before", type=Path, help="another checkout (e.g. main before a change): "
                    "its code renders the same project right after this one, measured alike")
    ap.add_argument("--reps", type=int, default=2, help="prestage: ABBA rounds")
    ap.add_argument("--child", nargs="+")
    a = ap.parse_args()
    if a.child:
        kind, *rest = a.child
        if kind == "render":
            child_render(rest[0], Path(rest[1]), Path(rest[2]), Path(rest[3]))
        elif kind == "warm":
            child_warm(rest[0], Path(rest[1]))
        elif kind == "prepare":
            child_prepare(rest[0], Path(rest[1]))
        else:
            child_export(Path(rest[0]), Path(rest[1]))
        return 0
    work = a.workdir
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "cache"
    os.environ["MACHMAL_CACHE"] = str(cache)
    figures: dict[str, Any] = {}
    if "profile" in a.only:  # the render again, analysis cache warm: its ffmpeg thread by thread
        name, ws = "Bench Duell 45", work / "ws"
        res = work / "render-profile.json"
        shutil.rmtree(work / "out2", ignore_errors=True)
        r = measured(child("render", name, str(ws), str(work / "out2"), str(res)))
        r["plan"] = json.loads(res.read_text())
        print(f"  profile run: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU (load {load()})")
        figures["profile"] = r
        (work / "figures-profile.json").write_text(json.dumps(r, indent=1))
    if "nullfilters" in a.only:  # the render's ffmpeg into -f null: decode + filters, no encode
        os.environ["BENCH_NULL_FILE"] = str(work / "null.json")
        r = measured(child("render", "Bench Duell 45", str(work / "ws"), str(work / "out3"),
                           str(work / "unused.json")))
        del os.environ["BENCH_NULL_FILE"]
        r["null"] = json.loads((work / "null.json").read_text())
        print(f"  null run: {r} (load {load()})")
        figures["nullfilters"] = r
        (work / "figures-null.json").write_text(json.dumps(r, indent=1))
    if "prestage" in a.only.split(","):
        figures["prestage"] = prestage_runs(work, cache, a.before, a.reps)
    if "render" in a.only.split(","):
        name, ws = make_project(work)
        print(f"warm-up transcripts (load {load()})", flush=True)
        subprocess.run(child("warm", name, str(ws)), check=True)
        cold(cache)
        print(f"render (load {load()})", flush=True)
        res = work / "render.json"
        shutil.rmtree(work / "out", ignore_errors=True)
        r = measured(child("render", name, str(ws), str(work / "out"), str(res)))
        r["plan"] = json.loads(res.read_text())
        print(f"  {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU (load {load()})", flush=True)
        if a.before:
            cold(cache)
            print(f"render with {a.before} (load {load()})", flush=True)
            shutil.rmtree(work / "out-before", ignore_errors=True)
            os.environ["BENCH_TOOLKIT"] = str(a.before.resolve())
            b = measured(child("render", name, str(ws), str(work / "out-before"),
                               str(work / "render-before.json")))
            del os.environ["BENCH_TOOLKIT"]
            b["plan"] = json.loads((work / "render-before.json").read_text())
            print(f"  {b['wall']:.1f} s wall, {b['cpu']:.1f} s CPU, peak {b['peak_mb']:.0f} MB "
                  f"(load {load()})", flush=True)
            figures["before"] = b
        if "prepared" in a.only.split(","):  # the studio's way: prepared while choosing
            cold(cache)
            print(f"prepare, then render (load {load()})", flush=True)
            pre = measured(child("prepare", name, str(ws)))
            shutil.rmtree(work / "out-prepared", ignore_errors=True)
            after = measured(child("render", name, str(ws), str(work / "out-prepared"),
                                   str(work / "render-prepared.json")))
            after["plan"] = json.loads((work / "render-prepared.json").read_text())
            print(f"  prepare {pre['wall']:.1f} s wall, {pre['cpu']:.1f} s CPU; render "
                  f"{after['wall']:.1f} s wall, {after['cpu']:.1f} s CPU, peak "
                  f"{after['peak_mb']:.0f} MB (load {load()})", flush=True)
            figures["prepare"], figures["prepared"] = pre, after
        for key, res in (("this code", r), ("--before", figures.get("before")),
                         ("after prepare", figures.get("prepared"))):
            if res is not None:
                print(f"{key}:\n{stage_table(res['plan'])}", flush=True)
        print(f"hand-written (load {load()})", flush=True)
        h = run_hand(r["plan"], work)
        print(f"  {h['wall']:.1f} s wall, {h['cpu']:.1f} s CPU, peak {h['peak_mb']:.0f} MB "
              f"(load {load()})", flush=True)
        print(f"hand-written, one command per output (load {load()})", flush=True)
        h_each = run_hand_each(r["plan"], work)
        print(f"  {h_each['wall']:.1f} s wall, {h_each['cpu']:.1f} s CPU, peak "
              f"{h_each['peak_mb']:.0f} MB (load {load()})", flush=True)
        figures["hand_each"] = h_each
        d = null_runs(r["plan"], work)
        figures.update(render=r, hand=h, null=d)
        (work / "figures.json").write_text(json.dumps(figures, indent=1))
    if "long-export" in a.only:
        src = bench_export.make_long(bench_export.make_source(work, 60), work, a.long_minutes)
        cold(cache)
        print(f"{a.long_minutes}-minute export (load {load()})", flush=True)
        e = measured(child("export", str(src), str(work / "long")))
        print(f"  {e['wall']:.1f} s wall, {e['cpu']:.1f} s CPU, peak {e['peak_mb']:.0f} MB "
              f"(load {load()})", flush=True)
        figures["long"] = e
        (work / "figures-long.json").write_text(json.dumps(e, indent=1))
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "plan"}
                      for k, v in figures.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
