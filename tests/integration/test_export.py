"""Export with real ffmpeg: preset compliance, one process for many outputs, captions,
silent sources, rotation, and no leftovers after failure or cancellation."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import av
import numpy as np
import pytest
from frames import frame_at

from toolkit.cli import main
from toolkit.errors import Cancelled, FFmpegError
from toolkit.media import runner
from toolkit.captions.for_export import GivenSubtitles
from toolkit.edit.plan import RenderOptions
from toolkit.products.export import export
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.loudness import measure_loudness
from toolkit.platforms import PRESETS
from toolkit.media.probe import probe
from toolkit.media.report import has_edit_list, top_level_atoms

pytestmark = pytest.mark.slow
FONTS = Path(__import__("font_roboto").__file__).parent / "files"


@pytest.fixture(scope="module")
def speech_clip(tmp_path_factory, shared_media) -> Path:
    """3.4 s of testsrc2 with a real German sentence (quiet on purpose)."""
    out = tmp_path_factory.mktemp("export") / "speech.mp4"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc2=size=320x240:rate=25", "-i",
                    str(shared_media / "speech_de" / "cheetah_test_de.wav"), "-t", "3.4",
                    "-af", "volume=-9dB", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", str(out)], check=True, timeout=60)
    return out


def small(*ids: str) -> list:
    widths = {"9:16": 270, "1:1": 240, "4:5": 240, "16:9": 320}
    return [PRESETS[i].scaled(widths[PRESETS[i].aspect]) for i in ids]


def test_real_reels_export_meets_the_preset(speech_clip, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["export", str(speech_clip), "--platform", "reels", "--out", str(out),
                 "--mode", "blur", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)[0]
    assert sorted(p.name for p in out.iterdir()) == ["reels.jpg", "reels.json", "reels.mp4"]
    assert report["ok"], [c for c in report["checks"] if not c["ok"]]
    assert json.loads((out / "reels.json").read_text(encoding="utf-8")) == report

    mp4 = out / "reels.mp4"
    info = probe(mp4)
    v, a = info.video, info.audio
    assert (v.display_width, v.display_height, v.sar) == (1080, 1920, "1:1")
    assert v.codec == "h264" and v.pix_fmt == "yuv420p" and v.fps == 25 and not v.vfr
    with av.open(str(mp4)) as c:
        assert c.streams.video[0].codec_context.profile == "High"
        assert c.streams.audio[0].codec_context.profile == "LC"
    assert a.codec == "aac" and a.sample_rate == 48_000
    kinds = [k for k, _, _ in top_level_atoms(mp4)]
    assert kinds.index("moov") < kinds.index("mdat")  # faststart
    assert not has_edit_list(mp4)
    assert info.duration == pytest.approx(3.4, abs=0.1)
    loud = measure_loudness(mp4)
    assert abs(loud.integrated + 14.0) <= 1.0 and loud.true_peak <= -0.9
    cover = probe(out / "reels.jpg").video
    assert (cover.width, cover.height) == (1080, 1920)
    enc = report["encoder"]["video"]
    assert (enc["preset"], enc["crf"], enc["profile"], enc["gop_frames"]) == (
        "veryfast", 21, "high", 50)
    assert report["loudness"]["normalization_type"] == "linear"


def _spy_renders(monkeypatch) -> list:
    """The results of every ffmpeg run that writes files, in order."""
    renders = []
    real_run = runner.run

    def spy(graph, **kw):
        result = real_run(graph, **kw)
        if kw.get("outputs"):
            renders.append(result)
        return result

    monkeypatch.setattr(runner, "run", spy)
    return renders


def test_three_platforms_from_one_ffmpeg_process(speech_clip, tmp_path, monkeypatch):
    renders = _spy_renders(monkeypatch)
    results = export(speech_clip, small("reels", "ig-feed-1x1", "youtube"), tmp_path,
                     RenderOptions(mode="blur"))
    assert len(renders) == 2  # the one pass for all videos, then the covers
    args = renders[0].args
    # one decode feeds the three videos; the first one's picture also feeds the small frames
    # the cover is chosen from (as in a project render: the same graph builder)
    joined = " ".join(args)
    assert args.count("-i") == 1 and "]split=3" in joined and "asplit=3" in joined
    assert "]split=2" in joined
    assert [p.suffix for p in renders[0].outputs] == [".mp4"] * 3 + [".gray"]
    assert [p.suffix for p in renders[1].outputs] == [".jpg"] * 3
    sizes = {r.preset.id: (probe(r.video).video.display_width,
                           probe(r.video).video.display_height) for r in results}
    assert sizes == {"reels": (270, 480), "ig-feed-1x1": (240, 240), "youtube": (320, 180)}
    for r in results:
        assert r.report.ok, [c for c in r.report.checks if not c.ok]
        assert r.cover.is_file() and r.report_path.is_file()


def test_source_without_audio_gets_a_silent_track(lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=3.2, size="320x240", audio=None)
    (r,) = export(src, small("tiktok"), tmp_path, RenderOptions(mode="center"))
    info = probe(r.video)
    assert info.audio is not None and info.audio.codec == "aac"
    assert r.report.loudness is None and r.report.ok
    assert any("stumme Tonspur" in w for w in r.report.warnings)


ASS = """[Script Info]
ScriptType: v4.00+
PlayResX: {w}
PlayResY: {h}
WrapStyle: 0

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Roboto,20,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:00:10.00,Default,,0,0,0,,{{\\pos({x},{y})\\p1}}m 0 0 l {bw} 0 {bw} {bh} 0 {bh}{{\\p0}}
"""


def test_captions_are_burned_in_per_output_size(speech_clip, tmp_path):
    asked = []

    def subtitles(w: int, h: int) -> Path:
        asked.append((w, h))
        p = tmp_path / f"subs_{w}x{h}.ass"
        p.write_text(ASS.format(w=w, h=h, x=w // 4, y=h // 2, bw=w // 2, bh=h // 8),
                     encoding="utf-8")
        return p

    results = export(speech_clip, small("reels", "youtube"), tmp_path / "out",
                     RenderOptions(mode="pad", pad_color="black", loudness=None),
                     captions=GivenSubtitles(subtitles, FONTS))
    assert sorted(asked) == [(270, 480), (320, 180)]
    for r in results:
        img = frame_at(r.video, 1.0)
        h, w = img.shape[:2]
        box = img[h // 2 + 3: h // 2 + h // 8 - 3, w // 4 + 3: w // 4 + w // 2 - 3]
        assert box.min() > 200, r.preset.id  # the white rectangle from the ASS file


def test_failed_export_leaves_no_file(speech_clip, tmp_path):
    out = tmp_path / "out"
    missing = tmp_path / "does-not-exist.ass"
    with pytest.raises(FFmpegError) as err:
        export(speech_clip, small("reels", "youtube"), out,
               RenderOptions(mode="center", loudness=None),
               captions=GivenSubtitles(lambda w, h: missing))
    assert err.value.stderr_tail
    assert list(out.iterdir()) == []


def test_cancelled_export_leaves_no_file(lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=12, size="320x240", audio="sine")
    cancel = threading.Event()

    def progress(fraction: float) -> None:
        if fraction > 0.15:  # inside the render stage
            cancel.set()

    with pytest.raises(Cancelled):
        export(src, ["youtube"], tmp_path, RenderOptions(mode="center", cover_at=1.0),
               progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_trim_and_chosen_cover_time(lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=6, size="320x240", audio="sine")
    (r,) = export(src, small("shorts"), tmp_path,
                  RenderOptions(mode="center", cover_at=2.0), start=1.0, end=4.5)
    assert probe(r.video).duration == pytest.approx(3.5, abs=0.1)
    src_info = r.report.source
    assert (src_info["trim_start"], src_info["trim_end"]) == (1.0, 4.5)
    assert src_info["cover_at"] == 2.0 and r.report.options["fit"] == "center"
    assert r.report.ok
    assert not (src.parent / "work").exists()  # no timeline file beside a user's source


def test_platforms_of_one_geometry_share_one_encode(lavfi_clip, tmp_path, monkeypatch):
    src = lavfi_clip(seconds=3.2, size="320x240", audio="sine")
    renders = _spy_renders(monkeypatch)
    reels, tiktok = small("reels", "tiktok")
    results = export(src, [reels, tiktok], tmp_path, RenderOptions(mode="center"))
    assert [p.suffix for p in renders[0].outputs] == [".mp4", ".gray"]  # one encode
    assert [r.platform for r in results] == ["reels", "tiktok"]
    assert results[0].video.read_bytes() == results[1].video.read_bytes()
    assert all(r.report.ok and r.cover.is_file() for r in results)


def test_rotated_iphone_clip_exports_upright(shared_media, tmp_path):
    src = shared_media / "video" / "jsonize_iphone4s_rotated90.mov"
    (r,) = export(src, [PRESETS["story"].scaled(180)], tmp_path, RenderOptions(mode="center"))
    v = probe(r.video).video
    assert (v.width, v.height, v.rotation) == (180, 320, 0)
    got = frame_at(r.video, 1.0).mean(axis=2)
    ref = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", "1.0", "-i", str(src),
                          "-frames:v", "1", "-vf", "scale=180:320", "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    ref_img = np.frombuffer(ref, np.uint8).reshape(320, 180).astype(float)
    upright = np.corrcoef(got.ravel(), ref_img.ravel())[0, 1]
    flipped = np.corrcoef(got[::-1, ::-1].ravel(), ref_img.ravel())[0, 1]
    assert upright > 0.8 and upright > flipped + 0.2


def test_cli_refuses_a_too_long_clip_before_encoding(lavfi_clip, tmp_path, capsys):
    src = lavfi_clip(seconds=61, size="64x48", fps=10, audio=None)
    out = tmp_path / "out"
    code = main(["--lang", "en", "export", str(src), "--platform", "reels,story",
                 "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "60 s" in err and "trim" in err
    assert not out.exists()


def test_variable_frame_rate_phone_clip_becomes_constant(shared_media, tmp_path):
    src = shared_media / "video" / "moviepy_fire2_phone_vfr_rot180.mp4"
    (r,) = export(src, [PRESETS["shorts"].scaled(180)], tmp_path,
                  RenderOptions(mode="blur", cover_at=0.5))
    v = probe(r.video).video
    assert not v.vfr and v.rotation == 0 and (v.width, v.height) == (180, 320)
    assert r.report.ok, [c for c in r.report.checks if not c.ok]


@pytest.mark.parametrize("name,key", [
    ("zero_length.mp4", "media.empty"),
    ("laravelmedia_audio_only.mov", "reformat.no_video"),
    ("moviepy_1x1_video_only.mp4", "reformat.too_small"),
])
def test_unusable_inputs_fail_clearly_and_leave_nothing(shared_media, tmp_path, name, key):
    from toolkit.errors import MachmalError

    with pytest.raises(MachmalError) as err:
        export(shared_media / "edge" / name, ["youtube"], tmp_path / "out")
    assert err.value.key == key and name in str(err.value)
    assert not (tmp_path / "out").exists()
