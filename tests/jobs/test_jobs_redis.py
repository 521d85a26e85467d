"""Redis mode: the same job code on several worker processes sharing one real redis-server."""

from __future__ import annotations

from pathlib import Path

from toolkit import jobs
from toolkit.jobs.backend import get_backend
from toolkit.media.probe import probe

from conftest import leftovers, wait_for


def test_two_workers_process_ten_jobs(redis_url, workers, lavfi_clip, tmp_path):
    backend = get_backend()
    assert backend.url == redis_url and not backend.embedded
    src = lavfi_clip(seconds=1.0, size="160x120")
    out = tmp_path / "shared"
    first, second = workers.start(), workers.start()
    submitted = [jobs.submit("reformat", {"src": str(src), "dst": str(out / f"c{i}.mp4"),
                                          "aspect": "1:1", "width": 96, "threads": 1,
                                          "mode": "center"})
                 for i in range(10)]
    assert len({j.id for j in submitted}) == 10
    finished = [jobs.wait_job(j.id, timeout=120) for j in submitted]
    assert [j.state for j in finished] == [jobs.DONE] * 10, [j.error for j in finished]
    for i in range(10):
        info = probe(out / f"c{i}.mp4")
        assert (info.video.display_width, info.video.display_height) == (96, 96)
    owners = {j.owner for j in finished}
    worker_pids = {first.pid, second.pid}
    parents = {_parent_pid(o) for o in owners}
    assert parents == worker_pids, f"both workers should have taken jobs: {owners}"
    assert not leftovers(out)
    assert len(jobs.list_jobs(states=[jobs.DONE])) == 10


def _parent_pid(owner: str) -> int:
    import psutil

    pid = int(owner.rpartition(":")[2])
    try:
        return psutil.Process(pid).ppid()
    except psutil.NoSuchProcess:
        return -1


def test_redis_double_submit_cancel_and_records(redis_url, workers, lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=1.0, size="160x120")
    params = {"src": str(src), "out": str(tmp_path / "w.mp4")}
    first = jobs.submit("ingest", params)
    assert jobs.submit("ingest", dict(params)).id == first.id
    queued = jobs.submit("noop", {"x": 1})
    assert jobs.cancel_job(queued.id).state == jobs.CANCELLED
    workers.start()
    done = jobs.wait_job(first.id, timeout=60)
    assert done.state == jobs.DONE and Path(done.result["outputs"][0]).exists()
    assert jobs.submit("ingest", params).id == first.id
    assert jobs.get_job(queued.id).state == jobs.CANCELLED
    assert {j.id for j in jobs.list_jobs()} == {first.id, queued.id}


def test_redis_worker_killed_mid_render_is_recovered(redis_url, workers, lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=8.0, size="320x240")
    dst = tmp_path / "r" / "retry.mp4"
    victim = workers.start()
    job = jobs.submit("reformat", {"src": str(src), "dst": str(dst), "aspect": "9:16",
                                   "width": 720, "mode": "center"})
    wait_for(lambda: jobs.get_job(job.id).progress > 0.05, 60, "the render to make progress")
    workers.kill_all_processes(victim)
    workers.start()
    done = jobs.wait_job(job.id, timeout=120)
    assert done.state == jobs.DONE and done.attempts == 2, done.error_message()
    assert abs(probe(dst).duration - 8.0) < 0.3 and not leftovers(dst.parent)
