"""Concurrent writers on one project: real processes, a real OS lock, SIGKILL mid-save."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from toolkit.project import (
    ProjectBusyError,
    create_project,
    load_project,
    open_project,
    project_history,
    update_project,
)

REPO = Path(__file__).resolve().parents[2]
DUEL = "mach-mal-duell"
WORKERS, EDITS = 16, 10

# One writer process: signals it is ready, waits for "go", then makes its 10 edits through the
# public API (people, placeholders, takes), each one a separate locked read-modify-write.
WORKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from toolkit.project import add_person, import_take, update_project

    ws, name, idx, clip, gate = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], Path(sys.argv[5])
    (gate / f"ready-{idx}").touch()
    while not (gate / "go").exists():
        time.sleep(0.01)
    for i in range(%d):
        if i %% 3 == 0:
            update_project(name, lambda p: add_person(p, f"W{idx}-{i}", "challenger", save=False),
                           workspace=ws)
        elif i %% 3 == 1:
            update_project(name, lambda p: p.placeholders.__setitem__(f"w{idx}_{i}", str(i)),
                           workspace=ws)
        else:
            import_take(name, "hook", clip, workspace=ws)
""" % EDITS)


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", **extra}


def _wait_for(condition, timeout: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_sixteen_processes_lose_no_edit(tmp_path: Path, lavfi_clip) -> None:  # noqa: ANN001
    ws, gate = tmp_path / "ws", tmp_path / "gate"
    gate.mkdir()
    clip = lavfi_clip(seconds=0.5, size="64x48", audio=None)
    project = create_project("Viele Schreiber", DUEL, workspace=ws)
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(ws), "Viele Schreiber", str(n),
                               str(clip), str(gate)], cwd=REPO,
                              env=_env(MACHMAL_LOCK_TIMEOUT="300"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(WORKERS)]
    try:
        _wait_for(lambda: len(list(gate.glob("ready-*"))) == WORKERS, 120, "workers to start")
        (gate / "go").touch()
        results = [p.communicate(timeout=600) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, (_out, err) in zip(procs, results):
        assert p.returncode == 0, err
    final = open_project("Viele Schreiber", ws)
    edits = [(n, i) for n in range(WORKERS) for i in range(EDITS)]
    assert sorted(p.name for p in final.people) == sorted(
        f"W{n}-{i}" for n, i in edits if i % 3 == 0)
    assert len({p.id for p in final.people}) == len(final.people)
    assert final.placeholders == {f"w{n}_{i}": str(i) for n, i in edits if i % 3 == 1}
    takes = final.shots["hook"].takes
    assert len(takes) == sum(1 for _n, i in edits if i % 3 == 2)
    assert len({t.id for t in takes}) == len({t.file for t in takes}) == len(takes)
    digest = hashlib.sha256(clip.read_bytes()).hexdigest()
    for take in takes:
        assert hashlib.sha256((final.folder / "media" / take.file).read_bytes()).hexdigest() \
            == digest
    assert final.revision == project.revision + len(edits)
    assert not list((final.folder / "media").glob(".incoming-*"))
    assert [r.revision for r in project_history("Viele Schreiber", ws)][:3] == [
        final.revision, final.revision - 1, final.revision - 2]


# Pauses inside the write of project.yaml (after half the bytes) and tells the test so.
KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from toolkit import atomic
    from toolkit.project import update_project

    ws, marker = sys.argv[1], Path(sys.argv[2])
    real_write = atomic._write

    def stuck_write(fh, data):
        if not fh.name.endswith(".yaml"):
            return real_write(fh, data)
        fh.write(bytes(data[: len(data) // 2]))
        fh.flush()
        marker.touch()
        time.sleep(300)

    atomic._write = stuck_write
    update_project("Absturz", lambda p: setattr(p, "company", "Neu GmbH"), workspace=ws)
""")


def test_sigkill_during_save_keeps_old_revision_and_frees_lock(tmp_path: Path) -> None:
    ws, marker = tmp_path / "ws", tmp_path / "stuck"
    project = create_project("Absturz", DUEL, company="Alt GmbH", workspace=ws)
    before = (project.folder / "project.yaml").read_bytes()
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(ws), str(marker)],
                             cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: marker.exists() or child.poll() is not None, 120, "the stuck save")
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert (project.folder / "project.yaml").read_bytes() == before
    old = load_project(project.folder)
    assert (old.company, old.revision) == ("Alt GmbH", project.revision)
    assert list(project.folder.glob(".project.tmp-*"))  # the killed writer's half file
    assert [r.revision for r in project_history("Absturz", ws)] == [project.revision]
    started = time.monotonic()
    update_project("Absturz", lambda p: setattr(p, "trade", "Bäcker:in"), workspace=ws)
    assert time.monotonic() - started < 10  # not blocked by the dead writer's lock
    new = load_project(project.folder)
    assert (new.company, new.trade, new.revision) == ("Alt GmbH", "Bäcker:in",
                                                       project.revision + 1)
    assert not list(project.folder.glob(".project.tmp-*"))  # cleaned up by the next writer
    assert [r.revision for r in project_history("Absturz", ws)] == [new.revision,
                                                                    project.revision]


# Saves as fast as it can until it is killed.
BUSY_WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from toolkit.project import update_project

    ws, marker = sys.argv[1], Path(sys.argv[2])
    n = 0
    while True:
        n += 1
        update_project("Dauerlauf", lambda p: p.placeholders.__setitem__("n", str(n)),
                       workspace=ws)
        marker.touch()
""")


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_sigkill_at_any_moment_leaves_a_loadable_revision(tmp_path: Path, delay: float) -> None:
    ws, marker = tmp_path / "ws", tmp_path / "saved"
    create_project("Dauerlauf", DUEL, workspace=ws)
    child = subprocess.Popen([sys.executable, "-c", BUSY_WRITER, str(ws), str(marker)],
                             cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: marker.exists() or child.poll() is not None, 120, "the first save")
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        time.sleep(delay)  # kill at an arbitrary moment of the save loop (timing is the point)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    survived = open_project("Dauerlauf", ws)
    assert survived.placeholders["n"] == str(survived.revision - 1)
    update_project("Dauerlauf", lambda p: p.placeholders.__setitem__("n", "nach"), workspace=ws,
                   )
    after = open_project("Dauerlauf", ws)
    assert (after.revision, after.placeholders["n"]) == (survived.revision + 1, "nach")


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from toolkit.project.locking import project_lock

    with project_lock(sys.argv[1]):
        Path(sys.argv[2]).touch()
        time.sleep(300)
""")


def test_busy_project_times_out_with_clear_message(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ws, marker = tmp_path / "ws", tmp_path / "holding"
    project = create_project("Besetzt", DUEL, workspace=ws)
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(project.folder), str(marker)],
                             cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: marker.exists() or child.poll() is not None, 120, "the lock holder")
        monkeypatch.setenv("MACHMAL_LOCK_TIMEOUT", "0.5")
        with pytest.raises(ProjectBusyError) as caught:
            update_project("Besetzt", lambda p: setattr(p, "company", "X"), workspace=ws)
        assert "wird gerade von einem anderen Vorgang bearbeitet" in caught.value.message("de")
        assert "being changed by another operation" in caught.value.message("en")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    update_project("Besetzt", lambda p: setattr(p, "company", "X"), workspace=ws)
    assert open_project("Besetzt", ws).company == "X"


def test_threads_of_one_process_serialize_too(tmp_path: Path) -> None:
    """App sessions are threads of one process; they must not share one lock hold."""
    import threading

    ws = tmp_path / "ws"
    create_project("Sitzungen", DUEL, workspace=ws)
    errors: list[BaseException] = []

    def session(n: int) -> None:
        try:
            for i in range(10):
                update_project("Sitzungen", lambda p: p.placeholders.__setitem__(f"s{n}_{i}", "x"),
                               workspace=ws)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    final = open_project("Sitzungen", ws)
    assert len(final.placeholders) == 60 and final.revision == 61
