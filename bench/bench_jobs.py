"""Benchmark of the job queue: worker throughput and the queue's own overhead.

    .venv/bin/python bench/bench_jobs.py [--jobs 8] [--noops 40] [--rounds 2]

(a) Throughput: the same batch of render jobs (``reformat`` of a 6 s 640x360 clip to 9:16
    540x960) on ``machmal worker --processes 2`` with its automatic CPU budget (cores // 2
    threads per job for decoding, filtering and encoding, see toolkit/cpu_budget.py, and as
    many cores of its own, toolkit/jobs/cores.py) against
    ``machmal worker --processes 1 --threads <the same budget>``, from the first submit to the
    last job done. Order 1-2-2-1 (ABBA) so load drift hits both alike. Target: >= 1.7x.
    Printed per batch: wall time, the jobs' CPU seconds (their records' ``cpu_seconds``: the
    worker process and its ffmpeg), CPU per job, the budget the jobs ran with and the load
    average. For context, one more batch each of 1 and 2 processes without a budget
    (``--threads 0``: ffmpeg and x264 pick their own thread counts; skip with --no-context).
    Then one render with the budget but not held to its cores, thread by thread
    (bench/thread_profile.py): how many cores one such job keeps busy by itself (ffmpeg's
    stages run in threads of their own), which is why the budget also pins the cores.
(b) Queue overhead per job: submit -> start of a no-op job (the record's ``started_at -
    created_at``), one job at a time, embedded (SQLite) and Redis (a redis-server started on a
    free localhost port). Target: < 50 ms (median).

The machine is shared with other work while this runs: ratios measured in the same run are what
count. Results are printed and written to bench/RESULTS.md (section "Jobs").
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from results import write_section  # noqa: E402
from thread_profile import describe, profile_render  # noqa: E402


def make_clip(path: Path, seconds: float = 6.0) -> Path:
    from toolkit.media.ffmpeg_bin import ffmpeg_exe

    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


@contextmanager
def worker(workspace: Path, processes: int,
           threads: int | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """A ``machmal worker`` for the duration of the block (waits for its heartbeat)."""
    from toolkit.jobs import live_workers
    from toolkit.jobs.backend import get_backend

    extra = [] if threads is None else ["--threads", str(threads)]
    proc = subprocess.Popen([sys.executable, "-m", "toolkit.cli", "worker", "--workspace",
                             str(workspace), "--processes", str(processes), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        backend = get_backend(workspace)
        deadline = time.monotonic() + 60
        while not any(w["pid"] == proc.pid for w in live_workers(backend)):
            if time.monotonic() > deadline:
                raise RuntimeError("worker did not start")
            time.sleep(0.05)
        yield proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@dataclass
class Batch:
    """One batch of renders on one worker configuration."""

    processes: int
    threads: int | None  # the worker's --threads (None: automatic)
    wall: float
    cpu: float  # sum of the jobs' cpu_seconds
    jobs: int
    budgets: list[int]  # threads each job's record says it ran with (0: no limit)
    load: float  # 1-min load average at the end

    @property
    def cpu_per_job(self) -> float:
        return self.cpu / self.jobs

    def line(self) -> str:
        budget = ", ".join(str(b) if b else "no limit" for b in sorted(set(self.budgets)))
        return (f"{self.processes} process(es), threads/job {budget}: {self.jobs} renders in "
                f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU ({self.cpu_per_job:.2f} s/job, "
                f"{self.cpu / self.wall:.2f} cores busy), load {self.load:.1f}")


def batch(workspace: Path, src: Path, out: Path, jobs_n: int, processes: int,
          threads: int | None) -> Batch:
    """Submit ``jobs_n`` renders to a fresh worker, wait for all; measure them."""
    from toolkit import jobs

    with worker(workspace, processes, threads):
        t0 = time.perf_counter()
        ids = [jobs.submit("reformat", {"src": str(src), "dst": str(out / f"r{i}.mp4"),
                                        "aspect": "9:16", "width": 540, "mode": "center"},
                           workspace=workspace).id for i in range(jobs_n)]
        records = []
        for job_id in ids:
            done = jobs.wait_job(job_id, timeout=900, workspace=workspace, poll=0.05)
            if done.state != jobs.DONE:
                raise RuntimeError(f"{job_id}: {done.state} {done.error_message('en')}")
            records.append(done)
        wall = time.perf_counter() - t0
    return Batch(processes, threads, wall, sum(r.cpu_seconds for r in records), jobs_n,
                 [r.threads for r in records], os.getloadavg()[0])


def throughput(root: Path, jobs_n: int, rounds: int, context: bool) -> list[Batch]:
    """The ABBA batches of 1 process (budget fixed) and 2 processes (automatic budget)."""
    from toolkit.cpu_budget import share_of_cores

    src = make_clip(root / "src.mp4")
    share = share_of_cores(2) or 1
    plan: list[tuple[int, int | None]] = [(1, share), (2, None), (2, None), (1, share)]
    plan = plan * max(1, rounds // 2)
    if context:
        plan += [(1, 0), (2, 0)]
    batches = []
    for n, (processes, threads) in enumerate(plan):
        result = batch(root / f"ws-{n}", src, root / f"out-{n}", jobs_n, processes, threads)
        print("  " + result.line(), flush=True)
        batches.append(result)
    return batches


def overhead(workspace: Path, count: int) -> list[float]:
    """submit -> start (s) of ``count`` no-op jobs, one at a time."""
    from toolkit import jobs

    delays = []
    with worker(workspace, 1):
        for i in range(count + 3):
            job = jobs.submit("noop", {"i": i, "t": time.time()}, workspace=workspace)
            done = jobs.wait_job(job.id, timeout=60, workspace=workspace, poll=0.01)
            if i >= 3:  # the first ones warm up imports and connections
                delays.append(done.started_at - done.created_at)
    return delays


@contextmanager
def redis_server(root: Path) -> Iterator[str | None]:
    exe = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(exe):
        yield None
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def summary(delays: list[float]) -> str:
    ms = sorted(d * 1000 for d in delays)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    return f"median {statistics.median(ms):.1f} ms, p90 {p90:.1f} ms, max {ms[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--noops", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-context", action="store_true",
                        help="skip the batches without a thread budget")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    os.environ.pop("MACHMAL_QUEUE_URL", None)
    with tempfile.TemporaryDirectory(prefix="machmal-bench-jobs-") as tmp:
        root = Path(tmp)
        load_before = os.getloadavg()[0]
        print("(b) queue overhead, embedded ...", flush=True)
        embedded = overhead(root / "ws-noop", args.noops)
        print("   ", summary(embedded))
        with redis_server(root) as url:
            redis_delays: list[float] = []
            if url:
                print("(b) queue overhead, Redis ...", flush=True)
                os.environ["MACHMAL_QUEUE_URL"] = url
                redis_delays = overhead(root / "ws-redis", args.noops)
                os.environ.pop("MACHMAL_QUEUE_URL")
                print("   ", summary(redis_delays))
        print(f"(a) throughput, {args.jobs} renders per batch ...", flush=True)
        batches = throughput(root, args.jobs, args.rounds, not args.no_context)
        profiles = [profile_render(root / "src.mp4", root / f"profile-{i}.mp4",
                                   batches[0].threads) for i in range(3)]
        load_after = os.getloadavg()[0]
    profile = _median_profile([p for p in profiles if p])
    if profile:
        print("  one job's ffmpeg threads:", describe(profile), flush=True)
    body = report(args, batches, profile, embedded, redis_delays, (load_before, load_after))
    print(body)
    if not args.no_write:
        write_section("Jobs", body)


def _overlap(profile: dict[str, float]) -> float:
    return sum(profile.values()) / max(profile.values())


def _ceiling(profile: dict[str, float] | None, cpu_per_job: float) -> str:
    """One job's own overlap, and the best 2-vs-1 ratio it leaves.

    One process needs at least (the job's CPU outside ffmpeg + ffmpeg's busiest thread) per
    job; two processes at least (the job's CPU / 2) on 2 cores.
    """
    if not profile:
        return "not measured (no /proc)"
    one = cpu_per_job - sum(profile.values()) + max(profile.values())
    two = cpu_per_job / min(2, os.cpu_count() or 1)
    return f"{_overlap(profile):.2f}; ceiling {one / two:.2f}x"


def _context_rows(batches: list[Batch], two: list[Batch]) -> list[str]:
    """Rows for the context batches: two budgeted processes against one without a budget."""
    free = [b for b in batches if b.threads == 0]
    one_free = [b for b in free if b.processes == 1]
    two_free = [b for b in free if b.processes == 2]
    if not one_free or not two:
        return []
    best_one = statistics.median(b.wall for b in one_free)
    rows = [f"| (a, context) 2 budgeted processes vs 1 process without a budget (the fastest "
            f"single worker) | {best_one / statistics.median(b.wall for b in two):.2f}x | |"]
    if two_free:
        gain = (statistics.median(b.wall for b in two_free)
                / statistics.median(b.wall for b in two))
        rows.append(f"| (a, context) 2 processes with the budget vs 2 without one | "
                    f"{gain:.2f}x | |")
    return rows


def _median_profile(profiles: list[dict[str, float]]) -> dict[str, float] | None:
    """The profile with the median thread overlap."""
    return sorted(profiles, key=_overlap)[len(profiles) // 2] if profiles else None


def report(args: argparse.Namespace, batches: list[Batch], profile: dict[str, float] | None,
           embedded: list[float], redis_delays: list[float],
           load: tuple[float, float]) -> str:
    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    main = [b for b in batches if b.threads != 0]
    one = [b for b in main if b.processes == 1]
    two = [b for b in main if b.processes == 2]
    speedup = statistics.median(b.wall for b in one) / statistics.median(b.wall for b in two)
    share = one[0].threads
    med_e = statistics.median(embedded) * 1000

    def walls(group: list[Batch]) -> str:
        return ", ".join(f"{b.wall:.1f}" for b in group)

    def cpu(group: list[Batch]) -> str:
        return ", ".join(f"{b.cpu_per_job:.2f}" for b in group)

    lines = [
        "## Jobs",
        "",
        f"`bench/bench_jobs.py` on {platform.machine()}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. 1-min load average "
        f"{load[0]:.1f} before, {load[1]:.1f} after (other work shared the machine when it "
        "was above ~0.5); the ratios are measured in the same run.",
        "",
        "| measurement | result | target |",
        "|---|---|---|",
        f"| (a) {args.jobs} renders (6 s 640x360 -> 540x960), 2 processes (automatic budget: "
        f"{share} thread(s)/job) vs 1 process (`--threads {share}`) | **{speedup:.2f}x** "
        f"(wall 1: {walls(one)} s; 2: {walls(two)} s) | >= 1.7x, {verdict(speedup >= 1.7)} |",
        f"| (a) CPU per job, 1 process / 2 processes | {cpu(one)} s / {cpu(two)} s | "
        "about equal |",
        "| (a) cores one job keeps busy by itself (its ffmpeg threads' sum/max) when it is "
        f"NOT held to its own cores, and the 2-vs-1 ceiling that would leave | "
        f"{_ceiling(profile, statistics.median(b.cpu_per_job for b in one))} | |",
        *_context_rows(batches, two),
        f"| (b) no-op submit -> start, embedded (SQLite) | {summary(embedded)} "
        f"| < 50 ms, {verdict(med_e < 50)} |",
    ]
    if redis_delays:
        med_r = statistics.median(redis_delays) * 1000
        lines.append(f"| (b) no-op submit -> start, Redis | {summary(redis_delays)} "
                     f"| < 50 ms, {verdict(med_r < 50)} |")
    else:
        lines.append("| (b) no-op submit -> start, Redis | not measured: no redis-server | "
                     "< 50 ms |")
    lines += ["", "Every batch of (a), in the order run (CPU: the jobs' own `cpu_seconds`, "
              "worker process and ffmpeg; cores busy = CPU / wall):", ""]
    lines += [f"- {b.line()}" + (" *(context: no budget)*" if b.threads == 0 else "")
              for b in batches]
    if profile:
        lines += ["", f"One render with the budget ({share} thread(s)), CPU per ffmpeg thread: "
                  f"{describe(profile)}."]
    lines += [
        "",
        "In (a) every job's decoders, filter graphs and encoders get the budget (`-threads` on "
        "inputs and outputs, `-filter_threads`, `-filter_complex_threads`), so no stage starts "
        "extra threads. ffmpeg still runs each stage (demuxer, decoders, filter graph, each "
        "encoder, muxer) in a thread of its own, so one job's stages overlap: the AAC encoder "
        "runs beside x264 (sum/max above). A budgeted job therefore also runs on as many cores "
        "of its own as its budget (`toolkit/jobs/cores.py`: CPU affinity, a slot claimed by "
        "file lock), so the budget holds: the `--threads` process keeps one core busy, and two "
        "processes do not take each other's cores. The context rows compare the same two "
        "processes with the fastest single worker there is on this machine (no budget: every "
        "core for one job), which 2 cores bound by how many cores one job keeps busy alone.",
        "",
        "Each (b) figure is one job at a time after three warm-up jobs: submit writes the "
        "record and the queue message, the worker takes the message and claims the record. "
        "Idle embedded workers wait on a doorbell (a FIFO in the workspace that submit rings) "
        "instead of polling; Redis workers block on the queue list. Both SQLite files stay "
        "open per process (closing the last connection to a WAL file checkpoints and syncs "
        "it, which had cost 40-120 ms per write on this loaded machine).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
