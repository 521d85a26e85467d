"""The showcase reads what the real project render writes into ``<project>/exports/``."""

from __future__ import annotations

from pathlib import Path

from render_fixtures import make_clip, new_project
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.project import add_take
from toolkit.showcase import build_showcase


def test_rendered_project_is_shown_with_its_vertical_video(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    project = new_project(ws)
    add_take(project, "hook", make_clip(tmp_path / "gruen.mp4", 2.0, "green"))
    add_take(project, "runde-1", make_clip(tmp_path / "blau.mp4", 3.0, "blue", freq=880))
    render_project("Mini Duell", "youtube,reels", options=RenderOptions(scale=0.25,
                                                                         loudness=None),
                   workspace=ws)
    result = build_showcase(["Mini Duell"], tmp_path / "site", workspace=ws)
    (item,) = result.included
    assert (item.video.platform, item.video.aspect) == ("reels", "9:16")
    exported = project.folder / "exports" / "reels.mp4"
    shown = result.out_dir / "media" / "mini-duell.mp4"
    assert shown.read_bytes() == exported.read_bytes()
    assert (result.out_dir / "media" / "mini-duell.jpg").stat().st_size > 0
    html = (result.out_dir / "v" / "mini-duell.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/ausbildung"' in html  # the call to action's link
    assert "Bäckerei Müller" in html and "Bäcker:in" in html
