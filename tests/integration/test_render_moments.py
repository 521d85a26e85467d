"""The round timer and the scoreboard's entrance, read back from a rendered duel.

A round of three shots (countdown, a split screen of both duelists, reactions) with a 4 s clock:
the timer's box in the rendered frames is compared with the same timer images drawn alone for
every value it could show (no OCR); the best match at three points of the round must be the
value the clock shows then, and the values must run down. The final verdict's board must enter
with frames that differ and settle on the board of the entered score.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from frames import frame_at
from render_fixtures import make_clip, new_project
from toolkit.edit.graphics import Painter, draw_output
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.edit.score_art import scoreboard
from toolkit.edit.split import set_split
from toolkit.edit.timer_art import TimerArt, shown_value
from toolkit.project import add_take, save_project
from toolkit.project.brand import EXAMPLE, apply_brand_kit
from toolkit.project.store import TEMPLATE_FILE

ROUND = """\
format: 1
id: runden-test
version: 1
title: {de: "Runden-Test"}
description: {de: "Eine Runde mit Uhr, dann das Urteil."}
platforms: [instagram_reels]
target_seconds: 8
roles:
  - {id: challenger, title: {de: "Azubi"}}
  - {id: defender, title: {de: "Ausbilder:in"}}
placeholders:
  zeit: {label: {de: "Zeit"}, example: "60 Sekunden"}
scenes:
  - id: runde-1
    title: {de: "Runde 1"}
    shots:
      - id: countdown
        title: {de: "Countdown"}
        purpose: {de: "Start"}
        action: {de: "3, 2, 1"}
        who: [challenger, defender]
        framing: two-shot
        seconds: 1
        on_screen:
          - {kind: timer, text: {de: "{zeit}"}}
      - id: haende
        title: {de: "Hände"}
        purpose: {de: "Tempo"}
        action: {de: "Beide arbeiten"}
        who: [challenger, defender]
        framing: detail
        seconds: 2.5
      - id: reaktion
        title: {de: "Reaktion"}
        purpose: {de: "Spannung"}
        action: {de: "Gesichter"}
        who: [challenger]
        framing: close-up
        seconds: 2.5
  - id: urteil
    title: {de: "Urteil"}
    shots:
      - id: urteil
        title: {de: "Siegerehrung"}
        purpose: {de: "Auflösung"}
        action: {de: "Arm hoch"}
        who: [challenger, defender]
        framing: two-shot
        seconds: 2
        on_screen:
          - {kind: score, text: {de: "{challenger_name} 1 : 0 {defender_name}"}}
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    root = tmp_path_factory.mktemp("moments")
    project = new_project(root / "ws")
    (project.folder / TEMPLATE_FILE).write_text(ROUND, encoding="utf-8")
    apply_brand_kit(project, EXAMPLE, save=False)
    project.edit.verdict = {"runde-1": "challenger"}
    project.edit.timers = {"countdown": 4.0}  # what the Export page's field saves
    save_project(project)
    for shot, colour, seconds in (("countdown", "gray", 1.0), ("haende", "green", 2.5),
                                  ("reaktion", "gray", 2.5), ("urteil", "blue", 2.0)):
        add_take(project, shot, make_clip(root / f"{shot}.mp4", seconds, colour))
    add_take(project, "haende", make_clip(root / "haende-b.mp4", 2.5, "olive", freq=660))
    takes = [t.id for t in project.shots["haende"].takes]
    set_split(project, "haende", takes[0], takes[1])
    save_project(project)
    result = render_project(project.name, "reels", options=RenderOptions(
        scale=0.5, mode="center", loudness=None), workspace=root / "ws")
    planned = result.plan.outputs[0]
    drawn = draw_output(result.plan.timeline, planned, project.folder, root / "probe")
    return result, project, planned, drawn


def _painter(result, project, planned) -> Painter:  # noqa: ANN001
    w, h = planned.width, planned.height
    logo = project.folder / project.brand.logo
    return Painter(result.plan.timeline, w, h, planned.zone().box(w, h), logo)


def _region(video: Path, t: float, x: int, y: int, size: tuple[int, int]) -> np.ndarray:
    return frame_at(video, t)[y:y + size[1], x:x + size[0]].astype(float)


def _rgb(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB")).astype(float)


def test_timer_digits_run_down_across_the_round_split_screen_included(rendered) -> None:  # noqa: ANN001
    result, project, planned, drawn = rendered
    timeline = result.plan.timeline
    index = next(i for i, o in enumerate(timeline.overlays) if o.kind == "timer")
    ov = timeline.overlays[index]
    clips = {c.id: c for c in timeline.clips}
    assert ov.round == "runde-1" and ov.values == [4.0]
    assert ov.start == pytest.approx(clips["countdown"].start)
    assert ov.clock_start == pytest.approx(clips["countdown"].end)  # the countdown leads in
    assert ov.end == pytest.approx(clips["reaktion"].end)  # across every shot of the round
    assert clips["haende"].kind == "split"
    images = [drawn.overlays[i] for i in drawn.groups[index]]

    def placed_at(t: float):  # noqa: ANN202 - the timer image overlay seen at t
        return next(i for i in images if (i.shown or (i.start, i.end))[0] <= t
                    < (i.shown or (i.start, i.end))[1])

    art = TimerArt(_painter(result, project, planned), 4.0)
    refs = {(v, urgent): _rgb(art.image(v, urgent=urgent))
            for v in range(5) for urgent in (False, True)}
    video = result.out_dir / "reels.mp4"
    seen = []
    # mid-second (a new last second has settled): in the split screen, then in the reactions
    points = [ov.clock_start + d for d in (0.5, 1.6, 3.6)]
    assert [clips["haende"].start < t < clips["haende"].end for t in points] == [1, 1, 0]
    home = placed_at(ov.start + 0.2)
    assert (home.x, home.y) == (images[0].x, images[0].y)
    seam = placed_at(points[0])  # in the split screen: on the seam between the halves
    assert abs(seam.y + art.h / 2 - planned.height / 2) <= 1 and seam.y > home.y
    for t in points:
        first = placed_at(t)
        region = _region(video, t, first.x, first.y, (art.w, art.h))
        scores = {key: np.abs(region - ref).mean() for key, ref in refs.items()}
        best = min(scores, key=scores.get)
        runner_up = sorted(scores.values())[1]
        assert scores[best] < 0.8 * runner_up, (t, scores)  # a clear match, not noise
        expected = shown_value(t - ov.clock_start, 4.0)
        assert best == (expected, expected <= 3), (t, best, expected)
        seen.append(best[0])
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 3


def test_final_score_enters_with_an_animation_and_ends_on_the_entered_score(rendered) -> None:  # noqa: ANN001
    result, project, planned, drawn = rendered
    timeline = result.plan.timeline
    scores = [(i, o) for i, o in enumerate(timeline.overlays) if o.kind == "score"]
    assert len(scores) == 1  # the round's moment gives way to the final verdict's beat
    index, ov = scores[0]
    urteil = next(c for c in timeline.clips if c.id == "urteil")
    assert (ov.start, ov.end) == (pytest.approx(urteil.start), pytest.approx(urteil.end))
    assert ov.values[:2] == [1.0, 0.0] and ov.lines[2:] == ["Endstand", "Sieg für Lena!"]
    placed = drawn.overlays[drawn.groups[index][0]]
    painter = _painter(result, project, planned)
    board = scoreboard(painter, ov)
    video = result.out_dir / "reels.mp4"
    fps = float(Fraction(timeline.fps))
    frames = [_region(video, ov.start + k / fps + 0.005, placed.x, placed.y, board.size)
              for k in range(0, 12, 3)]
    settled = _region(video, ov.start + 1.0, placed.x, placed.y, board.size)
    for a, b in zip(frames, frames[1:]):
        assert np.abs(a - b).mean() > 2, "every step of the entrance looks different"
    others = {(a, b): _rgb(scoreboard(painter, ov.model_copy(update={"values": [a, b, 0, 0]})))
              for a, b in ((1, 0), (0, 1), (0, 0), (2, 0), (1, 1))}
    error = {k: np.abs(settled - ref).mean() for k, ref in others.items()}
    assert min(error, key=error.get) == (1, 0), error
    assert np.abs(frames[0] - settled).mean() > 3 * error[(1, 0)]  # it really moved in
