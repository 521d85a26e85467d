"""Export's framing modes and their fixed cost: smart plans a camera path from ONE analysis
pass shared with the cover choice; center pays for no analysis pass at all."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from reframe_media import face_clip, face_image, face_size, linear
from toolkit.cli import main
from toolkit.media import runner
from toolkit.edit.plan import RenderOptions
from toolkit.products.export import export
from toolkit.reframe.faces import detect_faces
from toolkit.platforms import PRESETS

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """An empty analysis cache per test: the decodes counted here must really run."""
    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def faces_apart(shared_media, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export_smart")
    face = face_image(shared_media, folder / "face.png")
    fw, _ = face_size(face)
    return face_clip(face, folder / "two.mp4", [linear(15, 25, 3.0, 120),
                                                linear(640 - 25 - fw, 640 - 15 - fw, 3.0, 120)],
                     seconds=3.0)


def _spy(monkeypatch) -> list:
    runs = []
    real = runner.run

    def spy(graph, **kw):
        result = real(graph, **kw)
        runs.append((result, kw))
        return result

    monkeypatch.setattr(runner, "run", spy)
    return runs


def test_center_pays_for_no_analysis_pass(faces_apart, tmp_path, monkeypatch):
    def forbidden(*a, **k):
        raise AssertionError("center mode must not analyse the clip separately")

    monkeypatch.setattr("toolkit.reframe.analysis.analyse_clip", forbidden)
    monkeypatch.setattr("toolkit.reframe.faces.analyse", forbidden)
    runs = _spy(monkeypatch)
    (res,) = export(faces_apart, [PRESETS["youtube"].scaled(320)], tmp_path,
                    RenderOptions(mode="center", loudness=None))
    decodes = [r for r, kw in runs if "-i" in r.args and str(faces_apart) in r.args]
    assert len(decodes) == 1  # the render (which also feeds the cover choice); the cover is
    # cut from the written video, as in a project render
    cover = cv2.imread(str(res.cover), cv2.IMREAD_GRAYSCALE)
    assert detect_faces(cover), "the cover should show a face"


def test_smart_export_splits_two_people_and_reports_the_path(faces_apart, tmp_path,
                                                            monkeypatch):
    runs = _spy(monkeypatch)
    out = tmp_path / "out"
    code = main(["export", str(faces_apart), "--platform", "reels", "--out", str(out),
                 "--mode", "smart", "--speed", "slower", "--json", "--loudness", "off"])
    assert code == 0
    report = json.loads((out / "reels.json").read_text(encoding="utf-8"))
    assert [s["layout"] for s in report["encoder"]["camera"]] == ["split"]
    decodes = [r for r, kw in runs if str(faces_apart) in r.args]
    assert len(decodes) == 2  # analysis (shared by path and cover), render
    cover = cv2.imread(str(out / "reels.jpg"), cv2.IMREAD_GRAYSCALE)
    h = cover.shape[0]
    assert detect_faces(cover[: h // 2]) and detect_faces(cover[h // 2:])


def test_bad_speed_is_refused_before_any_work(faces_apart, tmp_path, monkeypatch):
    runs = _spy(monkeypatch)
    code = main(["export", str(faces_apart), "--platform", "reels", "--out", str(tmp_path),
                 "--mode", "smart", "--layout", "diagonal"])
    assert code == 2 and runs == []
