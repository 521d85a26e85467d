"""Captions through a multi-platform export: shaped per output size, burned in the export's
single pass, sidecars beside each video, times following the export's trim."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from cap_helpers import decode_luma
from toolkit.captions.for_export import ExportCaptions
from toolkit.captions.formats import read_subtitles
from toolkit.captions.styles import load_style
from toolkit.edit.plan import RenderOptions
from toolkit.products.export import export
from toolkit.platforms import get_preset

SAMPLE = Path(__file__).resolve().parents[2] / "sample_media" / "sprache_de_hochformat.mp4"

pytestmark = pytest.mark.model


def _small(preset_id: str, width: int, height: int):
    return dataclasses.replace(get_preset(preset_id), width=width, height=height)


@pytest.fixture(scope="module")
def captions(transcribed) -> ExportCaptions:
    transcript = transcribed(SAMPLE)
    assert "Schoko" in transcript.text
    return ExportCaptions(transcript, load_style("social"), start=2.0, end=8.0)


def test_each_output_size_gets_its_own_shaping(captions):
    vertical, landscape = captions.track(288, 512), captions.track(512, 288)
    assert max(len(line) for e in vertical.events for line in e.text.split("\n")) <= 28
    assert max(len(line) for e in landscape.events for line in e.text.split("\n")) <= 42
    assert vertical.events[0].start >= 0.0 and vertical.events[-1].end <= 6.0 + 1e-6


def test_export_burns_captions_and_writes_sidecars(captions, tmp_path):
    presets = [_small("reels", 288, 512), _small("youtube", 512, 288)]
    options = RenderOptions(mode="center", loudness=None)
    plain = export(SAMPLE, presets[:1], tmp_path / "plain", options, start=2.0, end=8.0)
    results = export(SAMPLE, presets, tmp_path / "out", options, start=2.0, end=8.0,
                     captions=captions)
    for r in results:
        written = r.subtitles
        assert [p.suffix for p in written] == [".srt", ".vtt"]
        assert written[0] == r.video.with_suffix(".srt")
        track = read_subtitles(written[0])
        assert track.events and track.events[0].start < 6.0
        text = " ".join(e.text for e in track.events)
        assert "Tröte" in text or "nervt" in text  # said at ~3.2-4.2 s of the source
    burned = decode_luma(results[0].video, 288, 512).astype(int)
    clean = decode_luma(plain[0].video, 288, 512).astype(int)
    frames = min(len(burned), len(clean))
    diff = np.abs(burned[:frames] - clean[:frames]).mean(axis=0)
    assert diff[256:330].mean() > 3 * max(diff[:100].mean(), 0.5)  # caption box, not the top


@pytest.mark.parametrize("audio", ["silence", "sine"])
def test_nothing_said_no_empty_sidecars_and_a_note(whisper, lavfi_clip, tmp_path, capsys,
                                                   audio):
    from toolkit.cli import main
    from toolkit.messages import t

    src = lavfi_clip(seconds=3.2, size="320x240", audio=audio)
    results = export(src, [_small("reels", 144, 256)], tmp_path / "api",
                     RenderOptions(mode="center", loudness=None, captions="social"))
    (r,) = results
    assert r.subtitles == [] and not list((tmp_path / "api").glob("*.srt"))
    assert not list((tmp_path / "api").glob("*.vtt"))
    assert t("captions.no_speech", "de") in r.report.warnings  # German by default
    saved = r.report_path.read_text(encoding="utf-8")
    assert t("captions.no_speech", "de") in saved
    # the CLI says so, in the language asked for
    out = tmp_path / "cli"
    assert main(["--lang", "en", "export", str(src), "-p", "reels", "-o", str(out), "--fit",
                 "center", "--loudness", "off", "--captions", "social"]) == 0
    printed = capsys.readouterr().out
    assert t("captions.no_speech", "en") in printed and "Untertitel" not in printed
    assert sorted(p.name for p in out.iterdir()) == ["reels.jpg", "reels.json", "reels.mp4"]
