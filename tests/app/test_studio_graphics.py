"""Graphics through the studio: the round timer's field, and the title card rendered the
studio's way fits its bar (issue 20: "ll" of the headline hung out on the dark background).

The cause was not the font: the bar spans the safe area, which is asymmetric when TikTok (or
Shorts) shares the render (their buttons cover the right side), while the headline was centred
on the frame. The CLI's usual ``-p reels`` has a symmetric zone, so it looked fine there. This
test renders through the Export page (the job it submits) for Reels and TikTok and checks by
pixels that every letter of the headline lies on its bar, and the bar inside TikTok's and Reels'
safe zones.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest

from frames import frame_at
from studio_helpers import PROJECT, wait_job
from toolkit.edit.plan import group_outputs
from toolkit.edit.timeline import Timeline
from toolkit.platforms import PRESETS
from toolkit.project import add_person, add_take, project_template, update_project

PRIMARY = np.array([0xE3, 0x06, 0x13])


def _complete(project, clip: Path) -> None:  # noqa: ANN001
    def fill(p) -> None:  # noqa: ANN001
        p.placeholders.update(aufgabe="Brezeln schlingen", zeit="20 Sekunden",
                              einsatz="Frühstück")
        p.cta.url = "https://example.com/ausbildung"
        for name, role in (("Lena", "challenger"), ("Jürgen", "defender"), ("Aylin", "host")):
            add_person(p, name, role, consent=True, save=False)

    update_project(project.folder, fill)
    for shot in project_template(project).shots():
        if not shot.optional:
            add_take(project, shot.id, clip)


@pytest.mark.slow
def test_title_card_rendered_from_the_studio_fits_its_bar(page, project, workspace, lavfi_clip):
    _complete(project, lavfi_clip(seconds=1.0, size="360x640", fps=25, audio="sine"))
    at = page("export", project=PROJECT)
    at.multiselect(key="export_platforms").set_value(["reels", "tiktok"])
    at.checkbox(key="export_captions").uncheck()
    at.checkbox(key="export_preview").check()
    at.selectbox(key="export_mode").set_value("center")
    at.button(key="render").click().run()
    assert not at.exception
    record = wait_job(workspace, "render", timeout=600)
    assert record.state == "done", record.error
    video = Path(record.result["outputs"]["tiktok"])
    timeline = Timeline.load(project.folder / "work" / "timeline.json")
    title = next(c for c in timeline.clips if c.id == "title")
    assert title.card.lines[0] == "Azubi vs. Ausbilder:in: Brezeln schlingen"  # the challenge
    assert title.card.lines[1] == "Bäckerei Müller" and title.card.kicker
    frame = frame_at(video, title.start + 1.0).astype(int)
    h, w = frame.shape[:2]
    bar = (np.abs(frame - PRIMARY).max(axis=2) < 40).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bar)
    assert count > 1, "no bar on the title card"
    k = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, bw, bh = (int(v) for v in stats[k, :4])
    letters = frame.min(axis=2) > 170  # the white letters
    rows = letters[y:y + bh]
    assert rows.sum() > 50, "the headline is on the bar"
    xs = np.nonzero(rows.any(axis=0))[0]
    assert xs.min() > x and xs.max() < x + bw - 1, (x, x + bw, xs.min(), xs.max())
    ys = np.nonzero(letters[:, x:x + bw].any(axis=1))[0]
    on_bar = ys[(ys >= y) & (ys < y + bh)]
    assert on_bar.min() > y and on_bar.max() < y + bh - 1
    planned = group_outputs([PRESETS["reels"], PRESETS["tiktok"]], Fraction(25))[0]
    scale = w / planned.width
    for name in ("reels", "tiktok"):
        z = PRESETS[name].safe_zone
        assert x >= z.left * scale - 1 and x + bw <= w - z.right * scale + 1, name
        assert y >= z.top * scale - 1 and y + bh <= h - z.bottom * scale + 1, name


def test_round_timer_start_and_length_are_saved_in_the_project(page, project, workspace):
    from toolkit.project import open_project

    at = page("export", project=PROJECT)
    at.number_input(key="timer-start-countdown").set_value(1.5)
    at.number_input(key="timer-length-countdown").set_value(30.0)
    at.button(key="timer-save-countdown").click().run()
    assert not at.exception
    edit = open_project(PROJECT, workspace).edit
    assert edit.timer_starts == {"countdown": 1.5} and edit.timers == {"countdown": 30.0}
