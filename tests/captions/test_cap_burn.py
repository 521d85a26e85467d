"""Burned-in captions: pixels inside the safe caption box, none outside; the engine contract."""

from __future__ import annotations

import numpy as np
import pytest
from cap_helpers import decode_luma, render_frames, words

from toolkit.captions.ass import Box
from toolkit.captions.burn import (
    ass_writer,
    fit_font_px,
    fonts_dir,
    line_width,
    safe_box,
    text_box,
    write_ass,
)
from toolkit.captions.shaping import ShapingRules, shape
from toolkit.captions.styles import load_style

SIZE = (360, 640)  # 9:16 at a third of 1080x1920: same geometry, quick to encode
SECONDS = 2.0


def changed_pixels(with_caps: np.ndarray, without: np.ndarray, threshold: int = 12) -> np.ndarray:
    """(frame, y, x) mask of pixels the captions changed."""
    return np.abs(with_caps.astype(int) - without.astype(int)) > threshold


def mask_bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask.any(axis=0))
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


@pytest.fixture(scope="module")
def plain_render(tmp_path_factory):
    out = tmp_path_factory.mktemp("burn") / "plain.mp4"
    return render_frames(SIZE, SECONDS, None, out)


@pytest.mark.parametrize("style_name", ["classic", "social", "box"])
def test_burned_captions_stay_inside_the_safe_zone(tmp_path, plain_render, style_name):
    style = load_style(style_name)
    text = "Größe „Wir“ suchen dich ẞ! Mechatronikerin bei uns im Team"
    track = shape(words(text, step=0.1), ShapingRules.for_frame(*SIZE, style.mode))
    assert track.events[0].start < SECONDS
    ass = ass_writer(track, style, workdir=tmp_path)(*SIZE)
    burned = render_frames(SIZE, SECONDS, ass, tmp_path / "burned.mp4")
    assert burned.shape == plain_render.shape
    mask = changed_pixels(burned, plain_render)
    assert mask.sum() > 200, "no caption visible"
    box = safe_box(*SIZE)
    x0, y0, x1, y1 = mask_bbox(mask)
    tol = 2  # chroma subsampling blurs edges by a pixel
    assert box.x0 - tol <= x0 and x1 <= box.x1 + tol, (x0, x1, box)
    assert box.y0 - tol <= y0 and y1 <= box.y1 + tol, (y0, y1, box)


def test_safe_box_scales_with_the_frame():
    assert safe_box(1080, 1920) == Box(65, 960, 900, 1240)
    assert safe_box(540, 960) == Box(32, 480, 450, 620)
    landscape = safe_box(1920, 1080)
    assert landscape.y1 < 1080 and landscape.x0 > 0 and landscape.x1 < 1920


def test_long_lines_get_a_smaller_font_that_fits():
    style = load_style("social")
    track = shape(words("Donaudampfschifffahrtsgesellschaftskapitänsmütze"),
                  ShapingRules.for_frame(1080, 1920, "words"))
    px = fit_font_px(track, style, 1080, 1920)
    assert px < style.size * 1080
    box = text_box(style, 1080, 1920)
    assert line_width(track.events[0].text, px, style.bold) <= box.width


def test_ass_writer_makes_one_file_per_output_size(tmp_path):
    track = shape(words("Hallo Team"))
    writer = ass_writer(track, load_style("box"), brand={"primary": "#E30613"},
                        workdir=tmp_path)
    a, b, again = writer(1080, 1920), writer(1920, 1080), writer(1080, 1920)
    assert a == again and a != b
    assert "PlayResX: 1080\nPlayResY: 1920" in a.read_text(encoding="utf-8")
    assert "PlayResX: 1920\nPlayResY: 1080" in b.read_text(encoding="utf-8")
    assert "&H661306E3" in a.read_text(encoding="utf-8")  # brand red box at 60 % opacity
    assert (fonts_dir() / "Roboto-Bold.ttf").is_file()


def test_reformat_burns_captions_in_its_single_pass(tmp_path, lavfi_clip):
    reformat = pytest.importorskip("toolkit.products.reformat").reformat
    src = lavfi_clip(seconds=2.0, size="320x240", audio="sine")
    track = shape(words("Wir suchen dich!", step=0.1), ShapingRules.for_frame(360, 640))
    plain = reformat(src, tmp_path / "plain.mp4", "9:16", width=360).video
    burned = reformat(src, tmp_path / "burned.mp4", "9:16", width=360,
                      subtitles=ass_writer(track, load_style("classic"), workdir=tmp_path),
                      fonts_dir=fonts_dir()).video
    assert (tmp_path / "captions-classic-360x640.ass").is_file()
    # lossy delivery encode: small differences drift through P-frames; text differs strongly
    mask = changed_pixels(decode_luma(burned, 360, 640), decode_luma(plain, 360, 640), 60)
    assert mask.sum() > 100
    box = safe_box(360, 640)
    _, y0, _, y1 = mask_bbox(mask)
    assert box.y0 - 4 <= y0 and y1 <= box.y1 + 4


def test_write_ass_is_atomic_and_utf8(tmp_path):
    path = write_ass(shape(words("Tschüß")), load_style("classic"), 640, 360,
                     tmp_path / "x.ass")
    assert "Tschüß" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["x.ass"]
