"""Overlays of one output never cover each other while both are shown: moved apart inside the
safe area, or, with no room left, named with the time in that platform's check report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image

from render_fixtures import TEMPLATE, make_clip, new_project
from toolkit.edit.graphics import draw_output
from toolkit.edit.overlay_layout import Placed
from toolkit.edit.plan import RenderOptions, group_outputs, scaled_presets
from toolkit.edit.run import render_project
from toolkit.edit.timeline import Card, Clip, Overlay, Timeline
from toolkit.media.timeline_graph import ImageOverlay
from toolkit.messages import set_language
from toolkit.project import add_take, save_project
from toolkit.project.brand import EXAMPLE, apply_brand_kit
from toolkit.project.store import TEMPLATE_FILE


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    set_language(lang)
    try:
        yield
    finally:
        set_language(None)


def _size(ov: ImageOverlay) -> tuple[int, int]:
    path = Path(str(ov.path).replace("%04d", "0000"))
    with Image.open(path) as img:
        return img.size


def _boxes(drawn, timeline: Timeline) -> list[Placed]:  # noqa: ANN001
    return [Placed(o.kind, o.kind, d.x, d.y, *_size(d), d.start, d.end)
            for o, d in zip(timeline.overlays, drawn.overlays)]


def _timeline(overlays: list[Overlay]) -> Timeline:
    card = Clip(id="title", kind="card", seconds=6.0, card=Card(kind="title", lines=["x"]))
    return Timeline(project="p", clips=[card], overlays=overlays)


@pytest.mark.parametrize("platforms", ["reels", "youtube", "ig-feed-4x5"])
def test_title_score_timer_and_lower_thirds_shown_together_do_not_overlap(
        tmp_path: Path, platforms: str) -> None:
    overlays = [Overlay(kind="title", start=0, end=4, lines=["Azubi vs. Meisterin: Brezeln"]),
                Overlay(kind="score", start=1, end=5, lines=["Lena", "Jürgen"], values=[1, 0]),
                Overlay(kind="timer", start=0, end=5, values=[60]),
                Overlay(kind="lower_third", start=2, end=4, lines=["Lena", "Azubi"]),
                Overlay(kind="lower_third", start=3, end=5, lines=["Jürgen", "Ausbilder"])]
    timeline = _timeline(overlays)
    planned = group_outputs(scaled_presets(platforms, 0.5), Fraction(25))[0]
    drawn = draw_output(timeline, planned, tmp_path, tmp_path / "gfx")
    boxes = _boxes(drawn, timeline)
    assert not drawn.clashes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.meets(b), f"{a} covers {b}"
    title, score, _, first, second = boxes
    assert score.y >= title.y + title.h  # the scoreboard moved below the title band
    assert (second.x, second.y) != (first.x, first.y)  # the second name made room
    zone = planned.zone().box(planned.width, planned.height)
    for box in boxes:
        assert zone[1] <= box.y and box.y + box.h <= zone[3]


def test_no_room_left_names_both_overlays_and_the_time(tmp_path: Path) -> None:
    overlays = [Overlay(kind="text", start=1.5, end=5, lines=[f"Hinweis {i}"])
                for i in range(12)]
    timeline = _timeline(overlays)
    planned = group_outputs(scaled_presets("youtube", 0.5), Fraction(25))[0]
    with use_language("de"):
        drawn = draw_output(timeline, planned, tmp_path, tmp_path / "gfx")
        texts = [c.text(planned.width, planned.height) for c in drawn.clashes]
    assert drawn.clashes
    assert "Text „Hinweis" in texts[0] and "ab Sekunde 1,5" in texts[0]
    assert "960×540" in texts[0]
    boxes = _boxes(drawn, timeline)
    finals = {(b.x, b.y, b.w, b.h) for b in boxes}
    for clash in drawn.clashes:  # what is reported is what still overlaps in the video
        assert clash.first.meets(clash.second)
        for box in (clash.first, clash.second):
            assert (box.x, box.y, box.w, box.h) in finals
    moved = [b for b in boxes if b.y != boxes[0].y]
    assert moved  # as many as fit were moved apart first


def test_clash_is_in_the_check_report_of_the_platform(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    project = new_project(ws)
    many = "".join(f'          - {{kind: text, text: {{de: "Hinweis {i}"}}}}\n'
                   for i in range(12))
    anchor = "          - {kind: title, text: {de: \"Azubi vs. Ausbilder:in: {aufgabe}\"}}\n"
    (project.folder / TEMPLATE_FILE).write_text(TEMPLATE.replace(anchor, anchor + many),
                                                encoding="utf-8")
    apply_brand_kit(project, EXAMPLE)
    save_project(project)
    add_take(project, "hook", make_clip(tmp_path / "h.mp4", 2.0, "green"))
    add_take(project, "runde-1", make_clip(tmp_path / "r.mp4", 2.0, "gray"))
    with use_language("en"):
        result = render_project(project.name, "youtube", options=RenderOptions(
            scale=0.25, mode="center"), workspace=ws)
    report = json.loads(result.files[0].report_path.read_text(encoding="utf-8"))
    hook = next(c for c in result.plan.timeline.clips if c.id == "hook")
    clash = [w for w in report["warnings"] if "overlap from second" in w]
    assert clash and "text 'Hinweis" in clash[0]
    assert f"from second {round(hook.start, 1)}" in clash[0]
