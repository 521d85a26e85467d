"""Every graphic of every shipped storyboard, drawn at every platform size with the longest real
German texts, keeps its text inside its box and its box inside the platform's safe zone.

Checked by pixels of the drawn stills (Pillow, no video): the text's pixels are found by drawing
the same output a second time with only the text's colour changed (the layout is the same code
path), so every pixel that changed is text. A text pixel must be surrounded by its box (never
next to a transparent pixel or the image border, with a 2 px margin); a card's headline must lie
on its bar; everything drawn must lie inside the output's safe zone.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from toolkit.edit.graphics import draw_output
from toolkit.edit.overlays import add_graphics
from toolkit.edit.plan import group_outputs, scaled_presets
from toolkit.edit.timeline import Clip, Range, Source, Timeline
from toolkit.project import add_person, create_project, project_template
from toolkit.project.exports import PREVIEW_SCALE
from toolkit.resources import templates_dir

LONG = {
    "aufgabe": "Schwalbenschwanzverbindung sägen",
    "zeit": "90 Sekunden",
    "einsatz": "Frühstück für die ganze Werkstatt",
    "dauer": "3,5 Jahre",
    "schulfach": "Mathematik und Physik",
    "weiterbildung": "Kraftfahrzeugtechnikermeister:in",
    "uhrzeit": "7:00",
    "lehrjahr": "2.",
}
NAMES = ["Maximilian-Alexander", "Jürgen-Bartholomäus", "Annemarie-Friederike", "Ölçüm"]
COMPANY = "Kraftfahrzeugtechnik Schwalbenschwanz GmbH & Co. KG"
TRADE = "Kraftfahrzeugmechatroniker:in"
MARK = (3, 251, 7, 255)  # the text colour of the second drawing
# one platform per distinct (size, safe zone), and all vertical platforms at once
OUTPUTS = [(["reels"], 1.0), (["story"], 1.0), (["tiktok"], 1.0), (["shorts"], 1.0),
           (["ig-feed-4x5"], 1.0), (["ig-feed-1x1"], 1.0), (["youtube"], 1.0),
           (["reels", "story", "tiktok", "shorts"], 1.0),
           (["reels", "tiktok"], PREVIEW_SCALE), (["youtube"], PREVIEW_SCALE)]  # the studio's preview
TEMPLATES = sorted(p.stem for p in (templates_dir() / "storyboards").glob("*.yaml"))


def _project(root: Path, template_id: str):  # noqa: ANN202
    project = create_project(f"Fit {template_id}", template_id, company=COMPANY, trade=TRADE,
                             workspace=root)
    template = project_template(project)
    for role, name in zip(template.roles, NAMES):
        add_person(project, name, role.id, consent=True, save=False)
    project.placeholders.update({k: LONG.get(k, LONG["aufgabe"])
                                 for k, d in template.placeholders.items() if not d.from_role})
    project.cta.url = "https://www.kraftfahrzeugtechnik-schwalbenschwanz.de/ausbildung"
    rounds = [s.id for s in template.scenes
              if any(i.kind in ("score", "timer") for sh in s.shots for i in sh.on_screen)]
    project.edit.verdict = dict(zip(rounds, ["challenger", "defender", "draw"]))
    return project, template


def _timeline(project, template) -> Timeline:  # noqa: ANN001
    shots = list(template.shots())
    clips = [Clip(id=s.id, kind="take", shot=s.id, seconds=s.seconds,
                  sources=[Source(take=f"{s.id}-01", file=f"media/{s.id}.mp4",
                                  ranges=[Range(start=0, end=s.seconds)],
                                  people=[p.name for p in project.people
                                          if p.role in s.who][:1])])
             for s in shots]
    timeline = Timeline(project=project.name, clips=clips, brand=project.brand).restack()
    return add_graphics(timeline, project, template, shots, Fraction(25), [])


def _draw(timeline: Timeline, planned, folder: Path, work: Path, mark: bool,  # noqa: ANN001
          monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202
    with monkeypatch.context() as mp:
        if mark:
            original = ImageDraw.ImageDraw.text

            def text(self, xy, text, fill=None, *args, **kwargs):  # noqa: ANN001, ANN202
                return original(self, xy, text, MARK, *args, **kwargs)

            mp.setattr(ImageDraw.ImageDraw, "text", text)
        return draw_output(timeline, planned, folder, work)


def _frames(path: Path) -> list[Path]:
    if "%" not in path.name:
        return [path]
    head = path.name.split("%")[0]
    found = sorted(path.parent.glob(head + "[0-9]*.png"))
    return found[:2] + found[len(found) // 2:len(found) // 2 + 1] + found[-1:]


def _rgba(path: Path) -> np.ndarray:
    with Image.open(path) as img:
        return np.ascontiguousarray(np.asarray(img.convert("RGBA")))


def _text_mask(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    d = cv2.absdiff(a, b)
    return (d[..., 0] > 24) | (d[..., 1] > 24) | (d[..., 2] > 24)


def _colour(img: np.ndarray, rgb: tuple, tol: int = 8) -> np.ndarray:
    lo = np.array([max(0, c - tol) for c in rgb] + [0], np.uint8)
    hi = np.array([min(255, c + tol) for c in rgb] + [255], np.uint8)
    return cv2.inRange(img, lo, hi) > 0


def _leaks(text: np.ndarray, outside: np.ndarray, margin: int = 2) -> int:
    """Text pixels within ``margin`` of an ``outside`` pixel (or the image border)."""
    padded = np.pad(outside, 1, constant_values=True)  # the image border counts as outside
    near = cv2.dilate(padded.astype(np.uint8), np.ones((2 * margin + 1,) * 2, np.uint8))
    return int((near[1:-1, 1:-1].astype(bool) & text).sum())


def _check_overlay(a: Path, b: Path, x: int, y: int, zone: tuple, what: str) -> None:
    img, marked = _rgba(a), _rgba(b)
    assert img.shape == marked.shape, what
    text = _text_mask(img, marked)
    box = img[..., 3] > 0
    assert text.any() or "logo" in what, f"{what}: no text drawn"
    assert _leaks(text, ~box) == 0, f"{what}: text leaves its box"
    ys, xs = np.nonzero(box)
    x0, y0, x1, y1 = zone
    assert x + xs.min() >= x0 and x + xs.max() < x1, f"{what}: outside the safe zone (x)"
    assert y + ys.min() >= y0 and y + ys.max() < y1, f"{what}: outside the safe zone (y)"


def _check_card(a: Path, b: Path, primary: tuple, secondary: tuple, zone: tuple,
                what: str) -> None:
    img, marked = _rgba(a), _rgba(b)
    text = _text_mask(img, marked)
    ys, xs = np.nonzero(text)
    x0, y0, x1, y1 = zone
    assert xs.min() >= x0 and xs.max() < x1 and ys.min() >= y0 and ys.max() < y1, \
        f"{what}: text outside the safe zone"
    colour = _colour(img, primary)
    count, parts, stats, _ = cv2.connectedComponentsWithStats(colour.astype(np.uint8))
    assert count > 1, f"{what}: no headline bar"
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))  # the bar, not the logo
    bar = parts == biggest
    rows = np.nonzero(bar.any(axis=1))[0]
    _n, labels = cv2.connectedComponents(text.astype(np.uint8))
    touching = np.setdiff1d(np.unique(labels[rows.min():rows.max() + 1]), [0])
    on_bar = np.isin(labels, touching)  # every text component that touches the bar's rows
    assert on_bar.any(), f"{what}: no headline on the bar"
    background = _colour(img, secondary)
    assert _leaks(on_bar, background) == 0, f"{what}: headline leaves its bar"


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_every_graphic_fits_its_box_and_the_safe_zone(template_id: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    project, template = _project(tmp_path / "ws", template_id)
    timeline = _timeline(project, template)
    kinds = {o.kind for o in timeline.overlays}
    assert {"lower_third"} <= kinds, kinds
    primary, secondary = (tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))
                          for c in (project.brand.primary, project.brand.secondary))
    for platforms, scale in OUTPUTS:
        planned = group_outputs(scaled_presets(platforms, scale), Fraction(25))[0]
        zone = planned.zone().box(planned.width, planned.height)
        where = f"{template_id} {'+'.join(platforms)} {planned.width}x{planned.height}"
        plain = _draw(timeline, planned, project.folder, tmp_path / "a", False, monkeypatch)
        marked = _draw(timeline, planned, project.folder, tmp_path / "b", True, monkeypatch)
        assert plain.cards.keys() == {"title", "end"}
        for cid, path in plain.cards.items():
            _check_card(path, marked.cards[cid], primary, secondary, zone, f"{where} card {cid}")
        assert len(plain.overlays) == len(marked.overlays)
        for ov, ovm in zip(plain.overlays, marked.overlays):
            for a in _frames(ov.path):
                b = ovm.path.parent / a.name
                _check_overlay(a, b, ov.x, ov.y, zone, f"{where} {a.name}")


def test_long_german_words_wrap_or_hyphenate_and_keep_their_letters() -> None:
    from toolkit.edit.text_fit import fit_text

    for text in ("Kraftfahrzeugmechatroniker:in", "Schwalbenschwanzverbindung sägen"):
        block = fit_text(text, 400, 96, max_lines=3)
        assert block.width <= 400
        joined = re.sub(r"-$", "", "".join(line if not line.endswith("-") else line[:-1]
                                            for line in block.lines))
        assert joined.replace(" ", "") == text.replace(" ", "")
        assert block.size > 40, "wrapped or hyphenated before shrinking far"


def test_links_are_cut_after_a_slash_never_hyphenated() -> None:
    from toolkit.edit.text_fit import fit_text

    url = "https://www.kraftfahrzeugtechnik-schwalbenschwanz.de/ausbildung"
    block = fit_text(f"Jetzt bewerben: {url}", 420, 64, max_lines=4)
    assert block.width <= 420
    joined = "".join(block.lines).replace(" ", "")
    assert joined == f"Jetztbewerben:{url}", block.lines  # every character kept, none added
    assert block.lines[-1] == "ausbildung"
