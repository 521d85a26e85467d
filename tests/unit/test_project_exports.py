"""Finished videos and quick previews of a project are listed apart (``exports/preview``)."""

from __future__ import annotations

from toolkit.project import create_project
from toolkit.project.exports import exports_dir, list_exports, zip_exports


def test_previews_never_mix_with_finished_videos(tmp_path):
    project = create_project("Vorschau", "mach-mal-duell", workspace=tmp_path)
    final, preview = exports_dir(project), exports_dir(project, preview=True)
    assert preview.parent == final
    preview.mkdir(parents=True)
    for folder, body in ((final, b"final"), (preview, b"small")):
        (folder / "reels.mp4").write_bytes(body)
        (folder / "reels.srt").write_text("1\n", encoding="utf-8")
    (preview / "tiktok.mp4").write_bytes(b"small")
    finished = list_exports(project)
    previews = list_exports(project, preview=True)
    assert [(s.platform, s.video.read_bytes()) for s in finished] == [("reels", b"final")]
    assert sorted(s.platform for s in previews) == ["reels", "tiktok"]
    assert all(s.video.read_bytes() == b"small" for s in previews)
    assert set(previews[0].files) == {"mp4", "srt"}
    assert b"small" not in zip_exports(finished), "the zip holds finished videos only"
