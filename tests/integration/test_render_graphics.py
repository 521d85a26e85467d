"""Graphics of a rendered project: cards, lower thirds, timer, scoreboard, logo, QR code.

Pixel probes at the places the plan put each graphic, against the take's plain background.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest

from frames import frame_at
from render_fixtures import SMALL, make_clip, new_project
from toolkit.edit.graphics import draw_output
from toolkit.edit.plan import RenderOptions, plan_render
from toolkit.edit.run import render_project
from toolkit.errors import UserInputError
from toolkit.project import add_take
from toolkit.project.brand import EXAMPLE, apply_brand_kit

PRIMARY = np.array([0xE3, 0x06, 0x13])
HIGHLIGHT = np.array([0xFF, 0xD4, 0x00])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    root = tmp_path_factory.mktemp("graphics")
    project = new_project(root / "ws")
    apply_brand_kit(project, EXAMPLE)
    project.edit.verdict = {"runde-1": "challenger"}
    from toolkit.project import save_project

    save_project(project)
    add_take(project, "hook", make_clip(root / "g.mp4", 2.0, "green"))
    add_take(project, "runde-1", make_clip(root / "b.mp4", 3.0, "gray", freq=880))
    options = RenderOptions(scale=0.25)
    result = render_project(project.name, "reels,youtube", options=options,
                            workspace=root / "ws")
    return result, project, root


def _placed(rendered, platform: str, kind: str, which: int = 0):  # noqa: ANN001, ANN202
    result, project, root = rendered
    planned = next(o for o in result.plan.outputs if platform in o.platforms)
    drawn = draw_output(result.plan.timeline, planned, project.folder, root / "probe")
    index = [i for i, o in enumerate(result.plan.timeline.overlays) if o.kind == kind][which]
    return result.plan.timeline.overlays[index], drawn.overlays[index]


def _box(path: Path, t: float, x: int, y: int, w: int, h: int) -> np.ndarray:
    return frame_at(path, t)[y:y + h, x:x + w].reshape(-1, 3)


@pytest.mark.parametrize("platform", ["reels", "youtube"])
def test_lower_third_appears_where_planned(rendered, platform: str) -> None:  # noqa: ANN001
    result = rendered[0]
    ov, placed = _placed(rendered, platform, "lower_third", -1)
    assert ov.lines == ["Jürgen", "Ausbilder:in"]
    from PIL import Image

    w, h = Image.open(placed.path).size
    video = result.out_dir / f"{platform}.mp4"
    # the name bar's left part (primary colour) during the overlay, background after it
    during = _box(video, ov.start + 0.3, placed.x + 2, placed.y + 2, max(2, w // 8), 4)
    assert np.abs(during.mean(axis=0) - PRIMARY).max() < 40, during.mean(axis=0)
    end_card = next(c for c in result.plan.timeline.clips if c.id == "end")
    assert ov.end + 0.3 < end_card.start
    later = _box(video, ov.end + 0.3, placed.x + 2, placed.y + 2, max(2, w // 8), 4)
    assert np.abs(later.mean(axis=0) - PRIMARY).max() > 60


def test_timer_counts_and_scoreboard_and_logo(rendered) -> None:  # noqa: ANN001
    result = rendered[0]
    video = result.out_dir / "youtube.mp4"
    ov, timer = _placed(rendered, "youtube", "timer")
    # "{zeit}" = 60 Sekunden, but the round plays a few seconds: the clock counts those down
    # in real seconds and stands at 0 when the round ends (never near 1:00 as it vanishes)
    assert ov.values == [float(math.floor(ov.end - ov.clock_start + 1e-6))] and ov.values[0] < 60
    from PIL import Image

    w, h = Image.open(timer.path.with_name(timer.path.name.replace("%04d", "0000"))).size
    first = _box(video, ov.start + 0.4, timer.x, timer.y, w, h).astype(float)
    second = _box(video, ov.start + 1.4, timer.x, timer.y, w, h).astype(float)
    before = _box(video, ov.start - 0.4, timer.x, timer.y, w, h).astype(float)
    assert np.abs(first - second).mean() > 3  # e.g. 0:05 -> 0:04: the digits changed
    assert np.abs(first - before).mean() > 20  # not there before the round
    score, placed = _placed(rendered, "youtube", "score")
    # the only round is also the last shot: its verdict is the final beat (the 0 : 0 standing
    # and the round's moment give way to it)
    assert score.lines == ["Lena", "Jürgen", "Endstand", "Sieg für Lena!"]
    assert score.values == [1.0, 0.0, 0.0, 0.0] and score.round == "final"
    band = _box(video, score.start + 0.5, placed.x + 1, placed.y + 1, 4, 3)
    assert np.abs(band.mean(axis=0) - HIGHLIGHT).max() < 40  # the final's kicker row
    logo, placed = _placed(rendered, "youtube", "logo")
    lw, lh = Image.open(placed.path).size
    on = _box(video, logo.start + 0.5, placed.x, placed.y, lw, lh).astype(float)
    assert on.std(axis=0).max() > 20  # the logo's own picture over a flat take


def test_cards_title_and_end_with_qr_code(rendered) -> None:  # noqa: ANN001
    result = rendered[0]
    clips = {c.id: c for c in result.plan.timeline.clips}
    card = clips["title"].card
    assert card.lines == ["Azubi vs. Ausbilder:in: Brezeln schlingen", "Bäckerei Müller",
                          "Bäcker:in"]
    assert card.kicker == "Mini-Duell"
    video = result.out_dir / "reels.mp4"
    title = frame_at(video, clips["title"].start + 1.0)
    assert (np.abs(title.reshape(-1, 3) - PRIMARY).max(axis=1) < 30).mean() > 0.02
    end = frame_at(result.out_dir / "youtube.mp4", clips["end"].start + 1.5)
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(cv2.cvtColor(end, cv2.COLOR_RGB2BGR))
    assert text == "https://example.org/ausbildung"


def test_unfilled_placeholder_names_it_and_the_command(tmp_path: Path) -> None:
    project = new_project(tmp_path / "ws")
    add_take(project, "hook", make_clip(tmp_path / "g.mp4", 2.0, "green"))
    add_take(project, "runde-1", make_clip(tmp_path / "b.mp4", 2.0, "gray"))
    project.placeholders.pop("aufgabe")
    from toolkit.project import save_project

    save_project(project)
    with pytest.raises(UserInputError) as caught:
        plan_render(project.name, "reels", options=SMALL, workspace=tmp_path / "ws")
    text = str(caught.value)
    assert "{aufgabe}" in text and 'machmal project set "Mini Duell" aufgabe=' in text


def test_scoreboard_left_out_without_verdict(tmp_path: Path) -> None:
    project = new_project(tmp_path / "ws")
    add_take(project, "hook", make_clip(tmp_path / "g.mp4", 2.0, "green"))
    add_take(project, "runde-1", make_clip(tmp_path / "b.mp4", 2.0, "gray"))
    plan = plan_render(project.name, "reels", options=SMALL, workspace=tmp_path / "ws")
    assert "score" not in [o.kind for o in plan.timeline.overlays]
    assert any("machmal project verdict" in w for w in plan.warnings)
