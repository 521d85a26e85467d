"""Lower thirds and the call to action keep off the face of a portrait close-up: rendered with
a real face (cut from the webcam recording) standing where their home is, the names and the
call to action are drawn elsewhere, and the face stays free in the video."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from frames import frame_at
from reframe_media import face_box, face_clip, face_image, face_size, linear
from render_fixtures import TEMPLATE, new_project
from toolkit.edit.graphics import draw_output
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.media.timeline_graph import ImageOverlay
from toolkit.project import add_take, save_project
from toolkit.project.brand import EXAMPLE, apply_brand_kit
from toolkit.project.store import TEMPLATE_FILE

PRIMARY = np.array([0xE3, 0x06, 0x13])    # the name bar (EXAMPLE brand kit)
HIGHLIGHT = np.array([0xFF, 0xD4, 0x00])  # the call to action band
SOURCE = (360, 640)                       # portrait take, shown whole in the 270x480 reel
FACE_X = 50                               # left edge of the face (source pixels)
FACE_Y = 243                              # the face covers the names' home (source pixels)
TITLE = "          - {kind: title, text: {de: \"Azubi vs. Ausbilder:in: {aufgabe}\"}}\n"
TIMER = "          - {kind: timer, text: {de: \"{zeit}\"}}\n"
SCORE = "          - {kind: score, text: {de: \"{challenger_name} 0 : 0 {defender_name}\"}}\n"
CTA = '          - {kind: cta, text: {de: "Jetzt bewerben: {url}"}}\n'


def _template() -> str:
    """The mini duel with only names and a call to action over the takes (room above the
    face: the 9:16 safe area of a small reel is short)."""
    title = "        on_screen:\n" + TITLE
    for part in (title, TIMER, SCORE):
        assert part in TEMPLATE
    return TEMPLATE.replace(title, "").replace(TIMER, CTA).replace(SCORE, "")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, shared_media: Path):  # noqa: ANN201
    root = tmp_path_factory.mktemp("faces")
    face = face_image(shared_media, root / "face.png", height=120)
    fw, _fh = face_size(face)
    path = linear(FACE_X - fw / 6, FACE_X - fw / 6, 3.0, FACE_Y)
    clip = face_clip(face, root / "close-up.mp4", [path], seconds=3.0,
                     size=f"{SOURCE[0]}x{SOURCE[1]}")
    project = new_project(root / "ws")
    project.cta.url = "https://ex.org/job"
    (project.folder / TEMPLATE_FILE).write_text(_template(),
                                                encoding="utf-8")
    apply_brand_kit(project, EXAMPLE)
    save_project(project)
    add_take(project, "hook", clip)
    add_take(project, "runde-1", clip)
    result = render_project(project.name, "reels", options=RenderOptions(
        scale=0.25, mode="smart", language="en"), workspace=root / "ws")
    scale = result.plan.outputs[0].width / SOURCE[0]
    x, y, w, h = face_box(path, 1.0, face_size(face))
    return result, project, root, tuple(round(v * scale) for v in (x, y, w, h))


def _meets(overlay: ImageOverlay, face: tuple[int, int, int, int]) -> bool:
    with Image.open(overlay.path) as image:
        w, h = image.size
    x, y, fw, fh = face
    return overlay.x < x + fw and x < overlay.x + w and overlay.y < y + fh and y < overlay.y + h


def _share(frame: np.ndarray, colour: np.ndarray) -> float:
    return float((np.abs(frame.astype(int) - colour).max(axis=-1) < 40).mean())


@pytest.mark.parametrize(("kind", "colour"), [("lower_third", PRIMARY), ("cta", HIGHLIGHT)])
def test_names_and_call_to_action_keep_off_the_face(rendered, kind: str,  # noqa: ANN001
                                                    colour: np.ndarray) -> None:
    result, project, root, (x, y, w, h) = rendered
    timeline, planned = result.plan.timeline, result.plan.outputs[0]
    homes = draw_output(timeline, planned, project.folder, root / "homes")  # without faces
    shown = [(o, home) for o, home in zip(timeline.overlays, homes.overlays) if o.kind == kind]
    assert shown
    video = result.out_dir / "reels.mp4"
    # without the faces, one of them was on the face (else this test would prove nothing)
    assert any(_meets(home, (x, y, w, h)) for _ov, home in shown), (shown, (x, y, w, h))
    for ov, _home in shown:
        frame = frame_at(video, ov.start + 0.5)
        assert _share(frame, colour) > 0.01, f"{kind} {ov.lines} not drawn"
        on_face = _share(frame[y:y + h, x:x + w], colour)
        assert on_face < 0.02, f"{kind} {ov.lines} covers the face ({on_face:.0%})"
    report = json.loads(result.files[0].report_path.read_text(encoding="utf-8"))
    assert not [w for w in report["warnings"] if "covers a face" in w]
