"""``machmal project`` write commands at the same moment, and history / restore / undo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_project_cli import REPO, machmal

from toolkit.project import open_project


def test_twelve_concurrent_add_person_commands_all_land(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert machmal("project", "new", "Gleichzeitig", "--template", "mach-mal-duell",
                   workspace=ws).returncode == 0
    env = {**os.environ, "MACHMAL_WORKSPACE": str(ws), "MACHMAL_LANG": "de",
           "MACHMAL_LOCK_TIMEOUT": "300", "PYTHONIOENCODING": "utf-8"}
    procs = [subprocess.Popen([sys.executable, "-m", "toolkit.cli", "project", "add-person",
                               "Gleichzeitig", f"Person {n}", "--role", "challenger"],
                              cwd=REPO, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for n in range(12)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 12, [err for _out, err in outputs]
    people = open_project("Gleichzeitig", ws).people
    assert sorted(p.name for p in people) == sorted(f"Person {n}" for n in range(12))
    assert len({p.id for p in people}) == 12


def test_history_restore_and_undo_commands(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    steps = [("project", "new", "Verlauf", "--template", "mach-mal-duell", "--company", "Alt"),
             ("project", "set", "Verlauf", "aufgabe=Brezeln", "--company", "Neu"),
             ("project", "add-person", "Verlauf", "Lena", "--role", "challenger"),
             ("project", "consent", "Verlauf", "Lena", "ja", "--date", "2025-03-14")]
    for step in steps:
        done = machmal(*step, workspace=ws)
        assert done.returncode == 0, done.stderr
    listed = machmal("project", "history", "Verlauf", workspace=ws)
    lines = listed.stdout.splitlines()
    assert [int(line.split()[0]) for line in lines] == [4, 3, 2, 1]
    assert "Personen › Lena › consent" in lines[0] and "Personen › Lena (neu)" in lines[1]
    assert "Firma (geändert)" in lines[2] and "Platzhalter › aufgabe (neu)" in lines[2]
    assert "angelegt" in lines[3]

    restored = machmal("project", "restore", "Verlauf", "2", workspace=ws)
    assert restored.returncode == 0 and "Fassung 2" in restored.stdout
    project = open_project("Verlauf", ws)
    assert (project.revision, project.company, project.people) == (5, "Neu", [])
    undone = machmal("--lang", "en", "project", "undo", "Verlauf", workspace=ws)
    assert undone.returncode == 0 and "revision 4" in undone.stdout
    assert open_project("Verlauf", ws).people[0].consent.given is True

    rows = json.loads(machmal("project", "history", "Verlauf", "--json", workspace=ws).stdout)
    assert [(r["revision"], r["action"], r["restored_from"]) for r in rows[:2]] == [
        (6, "undo", 4), (5, "restore", 2)]
    missing = machmal("project", "restore", "Verlauf", "42", workspace=ws)
    assert missing.returncode == 2 and "keine Fassung 42" in missing.stderr
    assert "Traceback" not in missing.stderr
