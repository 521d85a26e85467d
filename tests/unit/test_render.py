"""Graph building of one clip (a timeline of one clip, the render's one builder): geometry per
mode and aspect, one decode for many outputs.

Nothing here runs ffmpeg: graphs are compiled to argument lists and inspected.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from toolkit.errors import UserInputError
from toolkit.media.probe import AudioInfo, MediaInfo, VideoInfo
from toolkit.media.render import (FramePlan, OutputPlan, SourceFrame, crop_box, fit_size,
                                  output_rate)
from toolkit.media.runner import build_args
from toolkit.media.timeline_graph import (Part, Piece, PieceLook, TimelineInput, TimelineOutput,
                                          assemble_audio, build_timeline_graph, open_inputs)

HD = SourceFrame(1920, 1080)
ASPECTS = {"9:16": (1080, 1920), "1:1": (1080, 1080), "4:5": (1080, 1350), "16:9": (1920, 1080)}


def media(width=1920, height=1080, rotation=0, sar="1:1", fps=30.0, vfr=False, audio=True):
    v = VideoInfo("h264", width, height, sar, rotation, width, height, fps, vfr, "yuv420p", 8)
    a = AudioInfo("aac", 48000, 2) if audio else None
    return MediaInfo("/in.mp4", "mp4", 10.0, 1000, v, a)


def args_for(plans, src=HD, *, has_audio=True, duration=10.0, start=0.0, audio_chain=None,
             silent_audio=False):
    """The render graph of one clip (``start`` + ``duration`` of ``/in.mp4``) for ``plans``."""
    inputs = (TimelineInput(Path("/in.mp4"), src, has_audio, offset=start, length=duration),)
    pieces = (Piece(duration, (Part(0, start),)),)
    nodes = open_inputs(inputs)
    audio = None
    if has_audio:
        audio = audio_chain(nodes[0].audio) if audio_chain else nodes[0].audio
    elif silent_audio:  # a timeline's sound: silence where a source has none
        audio = assemble_audio(nodes, inputs, pieces)
    outputs = [TimelineOutput(p, (PieceLook(frames=(p.frame,)),)) for p in plans]
    return build_args(build_timeline_graph(nodes, inputs, pieces, outputs, audio))


def filtergraph(args):
    return args[args.index("-filter_complex") + 1]


def plan(mode, aspect="9:16", name="out", **kw):
    w, h = ASPECTS[aspect]
    return OutputPlan(Path(f"/o/{name}.mp4"), FramePlan(w, h, mode, **kw), {"c:v": "libx264"})


# --- geometry -------------------------------------------------------------------------------

@pytest.mark.parametrize("aspect", ASPECTS)
def test_center_crop_has_target_aspect_and_is_centred(aspect):
    w, h = ASPECTS[aspect]
    cw, ch, x, y = crop_box(HD, w, h)
    assert abs(cw / ch - w / h) < 0.01
    assert cw <= 1920 and ch <= 1080 and cw % 2 == 0 and ch % 2 == 0
    assert abs((x + cw / 2) - 960) <= 2 and abs((y + ch / 2) - 540) <= 2


def test_crop_follows_focus_and_clamps_to_frame():
    cw, ch, x, y = crop_box(HD, 1080, 1920, focus=(0.25, 0.5))
    assert (cw, ch) == (608, 1080) and x == 480 - 304 and y == 0
    _, _, x_left, _ = crop_box(HD, 1080, 1920, focus=(0.0, 0.5))
    _, _, x_right, _ = crop_box(HD, 1080, 1920, focus=(1.0, 0.5))
    assert x_left == 0 and x_right == 1920 - 608


def test_crop_respects_non_square_pixels():
    # 720x576 PAL widescreen: pixels 64:45 wide -> shows as 1024x576 (16:9).
    pal = SourceFrame(720, 576, Fraction(64, 45))
    cw, ch, _, _ = crop_box(pal, 1080, 1920)
    assert ch == 576
    assert abs(cw * 64 / 45 / ch - 9 / 16) < 0.01
    assert fit_size(pal, 1920, 1080) == (1920, 1080)


def test_fit_size_letterboxes_and_pillarboxes():
    assert fit_size(HD, 1080, 1920) == (1080, 608)
    assert fit_size(SourceFrame(1080, 1920), 1920, 1080) == (608, 1080)
    assert fit_size(HD, 1080, 1080) == (1080, 608)


def test_source_frame_from_rotated_phone_clip():
    frame = SourceFrame.from_info(media(568, 320, rotation=90))
    assert (frame.width, frame.height) == (320, 568)
    upside = SourceFrame.from_info(media(1280, 720, rotation=180))
    assert (upside.width, upside.height) == (1280, 720)
    anamorphic = SourceFrame.from_info(media(720, 576, rotation=90, sar="64:45"))
    assert anamorphic.par == Fraction(45, 64) and anamorphic.width == 576


def test_source_without_video_is_a_user_error():
    info = MediaInfo("/a.m4a", "mp4", 3.0, 10, None, AudioInfo("aac", 48000, 2))
    with pytest.raises(UserInputError):
        SourceFrame.from_info(info)


def test_output_rate_is_exact():
    assert output_rate(29.97) == Fraction(30000, 1001)
    assert output_rate(25.0) == 25
    assert output_rate(59.94) == Fraction(60000, 1001)
    assert output_rate(28.4, vfr=True) == Fraction(30000, 1001)
    assert output_rate(0) == 30


def test_bad_mode_is_rejected():
    with pytest.raises(UserInputError) as err:
        FramePlan(1080, 1920, "zoom")
    assert "blur" in err.value.message("en")


# --- graphs per mode --------------------------------------------------------------------------

@pytest.mark.parametrize("aspect", ASPECTS)
def test_center_graph(aspect):
    w, h = ASPECTS[aspect]
    fg = filtergraph(args_for([plan("center", aspect)]))
    cw, ch, x, y = crop_box(HD, w, h)
    if (cw, ch) != (1920, 1080):
        assert f"crop={cw}:{ch}:{x}:{y}" in fg
    assert f"scale={w}:{h}" in fg and "setsar=1" in fg
    assert "format=color_ranges=tv:pix_fmts=yuv420p" in fg


def test_smart_graph_crops_at_focus_and_center_ignores_it():
    fg = filtergraph(args_for([plan("smart", focus=(0.2, 0.5))]))
    assert "crop=608:1080:80:0" in fg
    fg = filtergraph(args_for([plan("center", focus=(0.2, 0.5))]))
    assert "crop=608:1080:656:0" in fg


@pytest.mark.parametrize("aspect", ["9:16", "1:1", "4:5"])
def test_pad_graph(aspect):
    w, h = ASPECTS[aspect]
    fw, fh = fit_size(HD, w, h)
    fg = filtergraph(args_for([plan("pad", aspect, pad_color="white")]))
    assert f"scale={fw}:{fh}" in fg
    assert f"pad={w}:{h}:{(w - fw) // 2}:{(h - fh) // 2}:color=white" in fg


def test_blur_graph_blurs_a_downscaled_copy():
    fg = filtergraph(args_for([plan("blur")]))
    assert "split=2" in fg and "boxblur=" in fg and "overlay=" in fg
    assert "scale=136:240" in fg  # background blurred at 1/8 size
    assert "scale=1080:1920:flags=fast_bilinear" in fg
    assert "scale=1080:608" in fg and "y=656" in fg  # foreground fitted, centred
    before_blur = fg.split("boxblur")[0]
    assert "crop=608:1080:656:0" in before_blur


def test_blur_of_same_aspect_is_a_plain_scale():
    fg = filtergraph(args_for([plan("blur", "16:9")]))
    assert "boxblur" not in fg and "scale=1920:1080" in fg


def test_fps_filter_makes_constant_rate():
    fg = filtergraph(args_for([plan("center", fps=Fraction(30000, 1001))]))
    assert "fps=fps=30000/1001" in fg


# --- one decode, many outputs -------------------------------------------------------------------

def test_three_outputs_share_one_decode():
    plans = [plan("center", "9:16", "reels"), plan("blur", "1:1", "square"),
             plan("pad", "16:9", "yt")]
    args = args_for(plans, audio_chain=lambda a: a.filter("volume", 2))
    assert args.count("-i") == 1
    fg = filtergraph(args)
    assert fg.startswith("[0:v]trim=") and fg.count("]split=3") == 1 and "asplit=3" in fg
    assert fg.count("volume=2") == 1  # audio processed once, then split
    for name in ("reels", "square", "yt"):
        assert f"/o/{name}.mp4" in args


def test_trim_seeks_on_the_input():
    args = args_for([plan("center")], start=2.5, duration=4)
    i = args.index("-i")
    assert [args[0], float(args[1]), args[2], float(args[3])] == ["-ss", 2.5, "-t", 4.0]
    assert i == 4


def test_subtitles_are_the_last_video_filter():
    p = OutputPlan(Path("/o/a.mp4"), FramePlan(1080, 1920, "blur"), {},
                   subtitles=Path("/subs/a.ass"), fonts_dir=Path("/fonts"))
    args = args_for([p])
    fg = filtergraph(args)
    label = args[args.index("-map") + 1]
    last = [part for part in fg.split(";") if part.endswith(label)][0]
    assert "ass=filename=/subs/a.ass:fontsdir=/fonts" in last


def test_special_characters_in_subtitle_path_are_escaped():
    p = OutputPlan(Path("/o/a.mp4"), FramePlan(320, 240), {}, subtitles=Path("/x/a:b,c.ass"))
    fg = filtergraph(args_for([p]))
    assert re.search(r"filename=/x/a\\+:b\\,c\.ass", fg)


def test_silent_track_for_a_source_without_audio():
    args = args_for([plan("center"), plan("pad", name="b")], has_audio=False,
                    silent_audio=True, duration=3.0)
    assert "anullsrc=channel_layout=stereo:sample_rate=48000" in args
    assert "lavfi" in args and "asplit=2" in filtergraph(args)
    args = args_for([plan("center")], has_audio=False)
    assert "anullsrc" not in " ".join(args) and args.count("-map") == 1


@pytest.mark.parametrize("length, halves", [(1920, (960, 960)), (1350, (674, 676)),
                                            (1080, (540, 540)), (362, (180, 182))])
def test_split_halves_are_even_and_fill_the_side(length, halves):
    from toolkit.media.render import split_halves

    assert split_halves(length) == halves and sum(halves) == length
    assert all(h % 2 == 0 for h in halves)
