"""The ``machmal`` template/project commands, run as a user runs them (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

REPO = Path(__file__).resolve().parents[2]


def machmal(*args: str, workspace: Path | None = None, lang: str = "de"
            ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MACHMAL_LANG": lang, "PYTHONIOENCODING": "utf-8"}
    env.pop("MACHMAL_TEMPLATES", None)
    if workspace is not None:
        env["MACHMAL_WORKSPACE"] = str(workspace)
    return subprocess.run([sys.executable, "-m", "toolkit.cli", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=REPO, timeout=120)


def test_template_list_show_and_validate(tmp_path: Path) -> None:
    listed = machmal("template", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert {"mach-mal-duell", "ein-tag-als-azubi", "beruf-in-60-sekunden", "azubi-interview",
            "werkstatt-tour"} <= set(rows)
    assert rows["mach-mal-duell"]["title"] == "Mach mal – das Duell"

    shown = machmal("template", "show", "mach-mal-duell", "--json")
    data = json.loads(shown.stdout)
    shots = [s for scene in data["scenes"] for s in scene["shots"]]
    assert data["total_seconds"] == sum(s["seconds"] for s in shots if not s["optional"])
    assert shots[0]["id"] == "hook" and data["lessons"]

    good = machmal("template", "validate", str(REPO / "templates/storyboards/werkstatt-tour.yaml"))
    assert good.returncode == 0 and good.stdout.startswith("OK")
    bad_file = tmp_path / "kaputt.yaml"
    text = (REPO / "templates/storyboards/werkstatt-tour.yaml").read_text(encoding="utf-8")
    bad_file.write_text(text.replace("framing: detail", "framing: supernah"), encoding="utf-8")
    line = next(i for i, l in enumerate(bad_file.read_text().splitlines(), 1) if "supernah" in l)
    bad = machmal("template", "validate", str(bad_file))
    assert bad.returncode == 2
    assert "kaputt.yaml" in bad.stderr and f"Zeile {line}" in bad.stderr
    assert "framing" in bad.stderr and "Traceback" not in bad.stderr
    lessons = json.loads(machmal("template", "lessons", "mach-mal-duell", "--json").stdout)
    assert [lesson["title"] for lesson in lessons] == [x["title"]["de"] for x in data["lessons"]]
    assert all(lesson["mistakes"] and lesson["exercise"] for lesson in lessons)
    unknown = machmal("template", "show", "gibt-es-nicht")
    assert unknown.returncode == 2 and "mach-mal-duell" in unknown.stderr


def test_project_journey(tmp_path: Path, lavfi_clip) -> None:  # noqa: ANN001
    ws = tmp_path / "ws"
    name = "Duell Bäckerei Müller"
    created = machmal("project", "new", name, "--template", "mach-mal-duell",
                      "--company", "Bäckerei Müller", "--trade", "Bäcker:in", workspace=ws)
    assert created.returncode == 0, created.stderr
    assert (ws / "duell-baeckerei-mueller" / "project.yaml").is_file()
    again = machmal("project", "new", name.upper(), "--template", "mach-mal-duell", workspace=ws)
    assert again.returncode == 2 and "gibt schon" in again.stderr

    setting = machmal("project", "set", name, "aufgabe=Brezeln schlingen", "--url",
                      "https://example.de/azubi", workspace=ws)
    assert setting.returncode == 0, setting.stderr
    assert machmal("project", "add-person", name, "Lena", "--role", "challenger", "--consent",
                   "ja", workspace=ws).returncode == 0
    assert machmal("project", "add-person", name, "Jürgen", "--role", "defender",
                   workspace=ws).returncode == 0

    clip = lavfi_clip(seconds=1.5, size="160x284", fps=25)
    take = machmal("project", "add-take", name, "hook", str(clip), "--start", "0.2", "--end",
                   "1.2", workspace=ws)
    assert take.returncode == 0, take.stderr
    bad_take = machmal("project", "add-take", name, "hook", str(REPO / "pyproject.toml"),
                       workspace=ws)
    assert bad_take.returncode == 2 and "pyproject.toml" in bad_take.stderr

    shown = json.loads(machmal("project", "show", name, "--json", "--workspace", str(ws)).stdout)
    assert shown["name"] == name and shown["placeholders"]["aufgabe"] == "Brezeln schlingen"
    (hook_take,) = shown["shots"]["hook"]["takes"]
    assert (hook_take["start"], hook_take["end"]) == (0.2, 1.2)
    missing = shown["missing_placeholders"]
    assert "zeit" in missing and "aufgabe" not in missing

    only_hook = machmal("project", "check-consent", name, workspace=ws)  # shots with takes
    assert only_hook.returncode == 0 and "Lena" in only_hook.stdout
    refused = machmal("project", "check-consent", name, "--shot", "regeln", workspace=ws)
    assert refused.returncode == 2 and "Jürgen" in refused.stderr
    allowed = machmal("project", "check-consent", name, "--shot", "regeln", "--override-by",
                      "Frau Müller", "--reason", "Nur Hände im Bild", workspace=ws)
    assert allowed.returncode == 0 and "Jürgen" in allowed.stdout
    shown = json.loads(machmal("project", "show", name, "--json", workspace=ws).stdout)
    assert shown["consent_overrides"][0]["by"] == "Frau Müller"

    pdf = tmp_path / "shotliste.pdf"
    made = machmal("shotlist", name, "--out", str(pdf), workspace=ws)
    assert made.returncode == 0, made.stderr
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "Brezeln schlingen" in text and "Kampfansage" in text


def test_bad_names_and_missing_projects(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    for bad in ("../x", "CON"):
        result = machmal("project", "new", bad, "--template", "mach-mal-duell", workspace=ws)
        assert result.returncode == 2 and bad in result.stderr
        assert "Traceback" not in result.stderr
    assert not ws.exists() or not any(ws.iterdir())
    assert not (tmp_path / "x").exists()
    missing = machmal("project", "show", "Nirgends", workspace=ws)
    assert missing.returncode == 2 and "Nirgends" in missing.stderr


def test_workshop_pack_cli_in_english(tmp_path: Path) -> None:
    out = tmp_path / "pack.zip"
    result = machmal("--lang", "en", "workshop-pack", "azubi-interview", "--out", str(out))
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(out).namelist()
    assert "workshop-azubi-interview/README.txt" in names
    assert "workshop-azubi-interview/shotlist-azubi-interview.pdf" in names
    missing_dir = machmal("workshop-pack", "azubi-interview", "--out",
                          str(tmp_path / "nein" / "p.zip"))
    assert missing_dir.returncode == 2 and "Traceback" not in missing_dir.stderr


@pytest.mark.parametrize("args", [["template"], ["project"]])
def test_groups_show_german_help(args: list[str]) -> None:
    result = machmal(*args, "--help")
    assert result.returncode == 0
    assert "Vorlage" in result.stdout or "Projekt" in result.stdout
