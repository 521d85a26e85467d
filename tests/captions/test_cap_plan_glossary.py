"""The glossary travels in the plan: a saved plan corrects its captions as planned, and a
project's render corrects the words of a take nobody reviewed with ``glossary.txt``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from render_fixtures import new_project
from toolkit.captions.formats import read_subtitles
from toolkit.captions.glossary import Glossary
from toolkit.cli import main
from toolkit.edit.plan import PlanGlossary, RenderOptions, RenderPlan, load_plan, plan_render
from toolkit.edit.run import render_project
from toolkit.project import add_take

pytestmark = pytest.mark.slow

REPLACED = "Ersetzt"


def _said(transcribed, clip: Path) -> str:  # noqa: ANN001
    """The longest word recognition hears in ``clip`` (what the glossary will replace)."""
    words = [w.text.strip(" .,!?") for w in transcribed(clip, language="en").words]
    return max((w for w in words if w.isalpha()), key=len)


def _caption_words(srt: Path) -> list[str]:
    track = read_subtitles(srt, "en")
    return [w.text.strip(" .,!?") for e in track.events for line in e.lines for w in line]


def test_plan_glossary_round_trips() -> None:
    glossary = Glossary(hotwords=("Autohaus Meier",), names=("Anna Schmidt",),
                        replacements=(("Bombongs", "Bonbons"),))
    data = PlanGlossary.of(glossary)
    assert PlanGlossary.model_validate_json(data.model_dump_json()).glossary() == glossary
    assert data.glossary().protected_phrases == ("Anna Schmidt", "Autohaus Meier")


def test_a_saved_clip_plan_carries_its_glossary(tmp_path: Path, shared_media: Path,
                                                transcribed, capsys) -> None:  # noqa: ANN001
    clip = shared_media / "video" / "grid_bbaf2n.mpg"
    said = _said(transcribed, clip)
    job = tmp_path / "job"
    (job / "media").mkdir(parents=True)
    src = job / "media" / "take.mpg"
    shutil.copyfile(clip, src)
    terms = job / "firma.txt"
    terms.write_text(f"Mechatronikerin\n{said} -> {REPLACED}\n", encoding="utf-8")
    plan_file = job / "plans" / "clip.json"
    assert main(["--lang", "en", "export", str(src), "-p", "youtube", "-o", str(job / "out"),
                 "--fit", "center", "--captions", "classic", "--speech-lang", "en",
                 "--glossary", str(terms), "--save-plan", str(plan_file)]) == 0
    saved = json.loads(plan_file.read_text(encoding="utf-8"))
    assert saved["glossary"]["replacements"] == [[said, REPLACED]]
    assert "Mechatronikerin" in saved["glossary"]["hotwords"]

    terms.unlink()  # nothing handed in beside the plan: the glossary file is gone
    moved = tmp_path / "elsewhere"
    job.rename(moved)
    capsys.readouterr()
    assert main(["--lang", "en", "render", "--plan", str(moved / "plans" / "clip.json"),
                 "--json"]) == 0
    words = _caption_words(moved / "out" / "youtube.srt")
    assert REPLACED in words and said not in words


def test_a_project_render_corrects_unreviewed_takes_with_glossary_txt(
        tmp_path: Path, shared_media: Path, transcribed) -> None:  # noqa: ANN001
    clip = shared_media / "video" / "grid_lbax4n.mpg"
    said = _said(transcribed, clip)
    ws = tmp_path / "ws"
    project = new_project(ws)
    add_take(project, "hook", clip)
    add_take(project, "runde-1", clip)
    (project.folder / "glossary.txt").write_text(f"{said} -> {REPLACED}\n", encoding="utf-8")
    options = RenderOptions(scale=0.25, captions="classic", language="en", mode="center")
    plan = plan_render(project.name, "reels", options=options, workspace=ws)
    assert plan.glossary is not None and (said, REPLACED) in plan.glossary.replacements
    assert "Lena" in plan.glossary.names  # the project's own terms are in it too
    older = json.loads(plan.model_dump_json(exclude={"glossary"}))  # saved before format 3
    assert RenderPlan.model_validate(older).caption_glossary().terms == tuple(
        n for n in plan.names if n)
    result = render_project(project.name, "reels", options=options, workspace=ws)
    words = _caption_words(result.out_dir / "reels.srt")
    assert REPLACED in words and said not in words
