"""Format & export: the verdict per round beside the scoreboard preview; the render follows it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from render_fixtures import SMALL, make_clip, new_project
from studio_helpers import texts
from toolkit.edit.plan import plan_render
from toolkit.project import add_take, open_project

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
NAME = "Mini Duell"


def _export(lang: str = "de") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["project"] = NAME
    at.session_state["show_previews"] = False  # no crop previews: this test is about the verdict
    at.run()
    at.switch_page("app/pages/export.py").run()
    assert not at.exception, at.exception
    return at


def _duel(workspace: Path, tmp_path: Path) -> None:
    project = new_project(workspace)
    add_take(project, "hook", make_clip(tmp_path / "g.mp4", 1.0, "green"))
    add_take(project, "runde-1", make_clip(tmp_path / "b.mp4", 1.0, "gray"))


def _captions(at: AppTest) -> list[str]:
    """The captions of the page's images (the scoreboard preview's)."""
    return [img.caption for image in at.get("image") for img in image.proto.imgs]


def _score(workspace: Path) -> tuple[list[str], list[float]]:
    plan = plan_render(NAME, "reels", options=SMALL, workspace=workspace)
    boards = [o for o in plan.timeline.overlays if o.kind == "score"]
    # the last board is the final verdict's ("Endstand", who won; values before the last round)
    return (boards[-1].lines[:2], boards[-1].values[:2]) if boards else ([], [])


def test_verdict_is_chosen_per_round_saved_undone_and_rendered(workspace, tmp_path):
    _duel(workspace, tmp_path)
    at = _export()
    assert any("Noch kein Urteil" in w for w in texts(at, "warning")), "said before rendering"
    assert _score(workspace) == ([], [])
    radio = at.radio(key="verdict-runde-1")
    assert radio.options == ["noch offen", "Lena (Azubi)", "Jürgen (Ausbilder:in)",
                             "Unentschieden"]
    assert not at.get("image"), "no scoreboard yet, so no preview"
    radio.set_value("challenger").run()
    assert not at.exception
    assert open_project(NAME, workspace).edit.verdict == {"runde-1": "challenger"}
    assert not any("Noch kein Urteil" in w for w in texts(at, "warning"))
    assert _captions(at) == ["Punktestand im Video: 1 : 0"]
    assert _score(workspace) == (["Lena", "Jürgen"], [1.0, 0.0])
    at.radio(key="verdict-runde-1").set_value("defender").run()
    assert _score(workspace) == (["Lena", "Jürgen"], [0.0, 1.0])
    assert _captions(at) == ["Punktestand im Video: 0 : 1"]
    at.button(key="undo").click().run()
    assert open_project(NAME, workspace).edit.verdict == {"runde-1": "challenger"}
    assert at.radio(key="verdict-runde-1").value == "challenger", "the page shows the undo"
    at.radio(key="verdict-runde-1").set_value(None).run()
    assert open_project(NAME, workspace).edit.verdict == {}


def test_verdict_speaks_english_in_english(workspace, tmp_path):
    _duel(workspace, tmp_path)
    at = _export("en")
    assert any("No verdict entered yet" in w for w in texts(at, "warning"))
    page = " ".join(texts(at, "warning") + texts(at, "markdown") + texts(at, "info"))
    assert "Kommandozeile" not in page and "Noch kein Urteil" not in page
    assert at.radio(key="verdict-runde-1").options[0] == "not decided yet"
    assert at.radio(key="verdict-runde-1").options[-1] == "Draw"
