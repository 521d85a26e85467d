"""Captions of a rendered project: each take transcribed once, moved onto the timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from render_fixtures import new_project
from toolkit.captions.formats import read_subtitles
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.project import add_take


def test_sidecars_follow_trims_and_cards(tmp_path: Path, shared_media: Path,
                                         transcribed) -> None:  # noqa: ANN001
    ws = tmp_path / "ws"
    project = new_project(ws)
    first = shared_media / "video" / "grid_bbaf2n.mpg"
    second = shared_media / "video" / "grid_lbax4n.mpg"
    add_take(project, "hook", first, start=0.3)
    add_take(project, "runde-1", second)
    options = RenderOptions(scale=0.25, captions="classic", language="en")
    result = render_project(project.name, "reels,youtube", options=options, workspace=ws)
    clips = {c.id: c for c in result.plan.timeline.clips}
    hook, runde = clips["hook"], clips["runde-1"]
    assert hook.start == pytest.approx(2.0)  # after the title card
    hotwords = result.plan.caption_glossary().terms  # the render's own options
    words_a = [w for w in transcribed(first, language="en", hotwords=hotwords).words
               if w.start >= 0.3]
    words_b = transcribed(second, language="en", hotwords=hotwords).words
    assert words_a and words_b
    for platform in ("reels", "youtube"):
        srt = result.out_dir / f"{platform}.srt"
        assert (result.out_dir / f"{platform}.vtt").is_file()
        track = read_subtitles(srt, "en")
        starts = [e.start for e in track.events]
        expected_a = words_a[0].start - 0.3 + hook.start
        expected_b = words_b[0].start + runde.start
        assert starts[0] == pytest.approx(expected_a, abs=0.15)
        assert min(starts, key=lambda s: abs(s - expected_b)) == pytest.approx(expected_b,
                                                                             abs=0.15)
        assert max(e.end for e in track.events) <= runde.end + 0.05
        cut = runde.start  # no caption runs across the cut into the next shot
        assert not [e for e in track.events if e.start < cut - 0.05 and e.end > cut + 0.05]
        assert all(e.start >= hook.start - 0.05 for e in track.events)
    report = result.files[0].report
    assert report.source["timeline"]["captions"] == "classic"
