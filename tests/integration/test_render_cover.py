"""The render's cover is export's scored choice (sharp, well exposed, a face) over the assembled
video: from the takes' analysis (smart framing) or from frames tapped off the render's decode."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from frames import frame_at
from render_fixtures import make_clip, new_project
from toolkit.edit.cover import fallback_time
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.project import add_take


@pytest.fixture(scope="module")
def takes(tmp_path_factory: pytest.TempPathFactory, shared_media: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cover-takes")
    return {"dark": make_clip(folder / "dunkel.mp4", 2.0, "0x101010"),
            "face": shared_media / "video" / "grid_bbaf2n.mpg"}


@pytest.mark.parametrize("mode", ["smart", "center"])
def test_cover_is_the_best_frame_not_the_first_person_clip(tmp_path: Path, takes, mode: str
                                                           ) -> None:  # noqa: ANN001
    """The hook (a dark, featureless take that the old rule picked: it is the first clip with a
    person) loses against the sharp face of the round; ``center`` without captions has no
    analysis, so the render's own decode is tapped."""
    ws = tmp_path / "ws"
    project = new_project(ws)
    add_take(project, "hook", takes["dark"])
    add_take(project, "runde-1", takes["face"])
    result = render_project(project.name, "reels,youtube",
                            options=RenderOptions(scale=0.25, mode=mode), workspace=ws)
    clips = {c.id: c for c in result.plan.timeline.clips}
    hook, runde = clips["hook"], clips["runde-1"]
    assert hook.start <= fallback_time(result.plan.timeline) < hook.end  # the old choice
    for f in result.files:
        report = json.loads(f.report_path.read_text(encoding="utf-8"))
        at = report["source"]["cover_at"]
        assert runde.start < at < runde.end
        cover = cv2.cvtColor(cv2.imread(str(f.cover)), cv2.COLOR_BGR2RGB).astype(float)
        frame = frame_at(f.video, at - 0.02).astype(float)  # the video's frame at that time
        assert cover.shape == frame.shape
        assert float(np.abs(cover - frame).mean()) < 6
        assert float(cover.mean()) > 40  # not the dark hook
        assert cover[..., 2].mean() > cover[..., 0].mean()  # the round's blue backdrop
