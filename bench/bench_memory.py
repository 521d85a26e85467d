"""Peak memory of a long smart export: does it stay under 1 GB and not grow with length?

    .venv/bin/python bench/bench_memory.py [--minutes 3,10] [--mode smart] [--no-write]

Sources: the 60 s 1080p30 testsrc2 + German speech clip of ``bench_export.py`` repeated to
each length (stream copy, so every length is the same content). Each export to Reels runs in
a child process with the analysis cache emptied; the bench samples every 0.2 s the summed
resident memory of the child and all its descendants (the process tree) and each process's
own high-water mark (``VmHWM``, the kernel's ``ru_maxrss``, read until the process ends), and
notes which step of the export was running (the ffmpeg command's kind) when the tree peaked.

Target (issue 19): peak <= 1024 MB for a 10-minute 1080p export, and no growth with length.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

import bench_export  # noqa: E402
from bench_export import make_long, make_source  # noqa: E402

MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))
bench_export.SPEECH = MEDIA / "speech_de"

TITLE = "Issue 19: memory of a long export"

CHILD = """
import json, os, resource, sys
from toolkit.edit.plan import RenderOptions
from toolkit.products.export import export
export(sys.argv[1], ['reels'], sys.argv[2], RenderOptions(mode=sys.argv[3]))
r = resource.getrusage(resource.RUSAGE_SELF)
c = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({'self_kb': r.ru_maxrss, 'children_kb': c.ru_maxrss,
                  'cpu': r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime}))
"""


def _status(pid: int) -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1]) * 1024
    return out


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            kids += [int(c) for c in fh.read().split()]
    return kids


def _label(pid: int) -> str:
    """``python`` or the kind of ffmpeg run (what it writes: rawvideo, null, mp4, image)."""
    with open(f"/proc/{pid}/cmdline", "rb") as fh:
        argv = [a.decode(errors="replace") for a in fh.read().split(b"\0") if a]
    name = Path(argv[0]).name if argv else "?"
    if "ffmpeg" not in name:
        return name if "python" not in name else "python"
    kind = "ffmpeg"
    if "rawvideo" in argv:
        kind += " analysis (rawvideo)"
    elif argv and argv[-1].endswith((".mp4", ".mov")):
        kind += " render"
    elif argv and argv[-1].endswith((".jpg", ".png")):
        kind += " cover/still"
    elif "null" in argv:
        kind += " -f null (loudness/check)"
    return kind


def sample_tree(root: int, hwm: dict[int, tuple[str, int]]) -> tuple[int, list[str]]:
    """Summed RSS of ``root``'s tree; updates each process's high-water mark in ``hwm``."""
    total, todo, running = 0, [root], []
    while todo:
        p = todo.pop()
        try:
            st = _status(p)
            label = hwm[p][0] if p in hwm and hwm[p][0] != "?" else _label(p)
            total += st.get("VmRSS", 0)
            hwm[p] = (label, max(hwm.get(p, ("", 0))[1], st.get("VmHWM", 0)))
            running.append(label)
            todo += _children(p)
        except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
            continue
    return total, running


def measure(src: Path, out: Path, mode: str, cache: Path) -> dict:
    """One export in a child process: tree peak, per-process peaks, what ran at the peak."""
    shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, MACHMAL_CACHE=str(cache), PYTHONPATH=str(REPO))
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(src), str(out), mode],
                            stdout=subprocess.PIPE, text=True, env=env)
    hwm: dict[int, tuple[str, int]] = {}
    peak, at_peak, timeline = 0, [], []
    while proc.poll() is None:
        total, running = sample_tree(proc.pid, hwm)
        timeline.append((round(time.perf_counter() - t0, 1), total // 2**20, running))
        if total > peak:
            peak, at_peak = total, running
        time.sleep(0.2)
    text = proc.stdout.read() if proc.stdout else ""
    if proc.returncode:
        raise RuntimeError(f"export failed ({proc.returncode})")
    usage = json.loads(text.strip().splitlines()[-1])
    per_kind: dict[str, int] = {}
    for label, mark in hwm.values():
        per_kind[label] = max(per_kind.get(label, 0), mark)
    return {"peak_mb": peak / 2**20, "at_peak": at_peak, "python_mb": usage["self_kb"] / 1024,
            "largest_child_mb": usage["children_kb"] / 1024, "cpu": usage["cpu"],
            "wall": time.perf_counter() - t0, "per_kind_mb": {k: v / 2**20 for k, v in
                                                              sorted(per_kind.items())},
            "load": (load0, os.getloadavg()[0]), "timeline": timeline}


def render(results: dict[int, dict], mode: str) -> str:
    rows = ["| source length | peak, process tree (sampled 0.2 s) | running at the peak | "
            "Python `ru_maxrss` | largest ffmpeg `ru_maxrss` | per kind of process (VmHWM) | "
            "CPU | load start / end | target |", "|---|---|---|---|---|---|---|---|---|"]
    for minutes, r in results.items():
        kinds = ", ".join(f"{k} {v:.0f}" for k, v in r["per_kind_mb"].items())
        ok = "met" if r["peak_mb"] <= 1024 else "MISSED"
        rows.append(f"| {minutes} min | **{r['peak_mb']:.0f} MB** | {' + '.join(r['at_peak'])} "
                    f"| {r['python_mb']:.0f} MB | {r['largest_child_mb']:.0f} MB | {kinds} MB | "
                    f"{r['cpu']:.0f} s | {r['load'][0]:.1f} / {r['load'][1]:.1f} | "
                    f"<= 1024 MB: {ok} |")
    return "\n".join([
        f"## {TITLE}", "",
        f"`bench/bench_memory.py`, {time.strftime('%Y-%m-%d %H:%M')}, export `--fit {mode}` "
        f"to Reels of the 1080p30 testsrc2 + speech source repeated to each length, analysis "
        f"cache emptied, {os.cpu_count()} cores shared with other sessions.", "", *rows])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "machmal-bench")
    ap.add_argument("--minutes", default="3,10")
    ap.add_argument("--mode", default="smart")
    ap.add_argument("--timeline", type=Path, help="write each run's sampled timeline (JSON)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    base = make_source(work, 60)
    results = {}
    for minutes in [int(m) for m in args.minutes.split(",")]:
        src = make_long(base, work, minutes) if minutes > 1 else base
        print(f"{minutes} min export --fit {args.mode} ...", flush=True)
        r = measure(src, work / f"mem_{minutes}", args.mode, work / "mem-cache")
        print(f"  peak {r['peak_mb']:.0f} MB ({' + '.join(r['at_peak'])}), python "
              f"{r['python_mb']:.0f} MB, ffmpeg {r['largest_child_mb']:.0f} MB, "
              f"{r['cpu']:.0f} s CPU, {r['wall']:.0f} s wall", flush=True)
        print("  " + json.dumps(r["per_kind_mb"]), flush=True)
        results[minutes] = r
    if args.timeline:
        args.timeline.write_text(json.dumps({m: r["timeline"] for m, r in results.items()}))
    text = render(results, args.mode)
    print(text)
    if not args.no_write:
        from results import write_section

        write_section(TITLE, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
