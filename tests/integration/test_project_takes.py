"""Takes: real clips are probed, copied (never modified) and recorded with in/out points."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from toolkit.errors import MediaError, ProjectError, UserInputError
from toolkit.project import add_take, create_project, open_project, take_path
from toolkit import atomic as atomic_mod


@pytest.fixture
def project(tmp_path: Path):  # noqa: ANN201
    return create_project("Takes Test", "mach-mal-duell", workspace=tmp_path / "ws")


@pytest.fixture(scope="module")
def clip(lavfi_clip) -> Path:  # noqa: ANN001
    return lavfi_clip(seconds=2.0, size="160x284", fps=25)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_take_is_copied_and_recorded(project, clip: Path, tmp_path: Path) -> None:  # noqa: ANN001
    source = tmp_path / "IMG 0412 Müller.mp4"
    source.write_bytes(clip.read_bytes())
    os.chmod(source, 0o444)
    before = (_sha(source), source.stat().st_mtime_ns)
    take = add_take(project, "hook", source, start=0.25, end=1.5)
    assert (_sha(source), source.stat().st_mtime_ns) == before
    copy = take_path(project, take)
    assert copy.parent == project.folder / "media" and copy.suffix == ".mp4"
    assert _sha(copy) == before[0] == take.sha256
    assert take.id == "hook-01" and take.original_name == "IMG 0412 Müller.mp4"
    assert (take.start, take.end) == (0.25, 1.5) and take.duration == pytest.approx(2.0, abs=0.1)
    second = add_take(project, "hook", source)
    assert second.id == "hook-02" and take_path(project, second) != copy
    reloaded = open_project("Takes Test", project.folder.parent)
    assert [t.id for t in reloaded.shots["hook"].takes] == ["hook-01", "hook-02"]
    assert not [p for p in (project.folder / "media").iterdir() if p.name.startswith(".")]


def test_non_media_file_gives_media_error_and_copies_nothing(project,  # noqa: ANN001
                                                             tmp_path: Path) -> None:
    fake = tmp_path / "urlaub.mp4"
    fake.write_text("das ist kein Video", encoding="utf-8")
    with pytest.raises(MediaError) as caught:
        add_take(project, "hook", fake)
    assert "urlaub.mp4" in str(caught.value)
    with pytest.raises(MediaError):
        add_take(project, "hook", tmp_path / "fehlt.mov")
    assert list((project.folder / "media").iterdir()) == []
    assert "hook" not in open_project("Takes Test", project.folder.parent).shots


@pytest.mark.parametrize("start, end", [(-1.0, None), (1.5, 1.0), (0.0, 9.0), (2.5, None)])
def test_bad_in_out_points_are_refused(project, clip: Path, start, end) -> None:  # noqa: ANN001
    with pytest.raises(UserInputError) as caught:
        add_take(project, "hook", clip, start=start, end=end)
    assert "2,00" in caught.value.message("de")
    assert list((project.folder / "media").iterdir()) == []


def test_unknown_shot_is_refused(project, clip: Path) -> None:  # noqa: ANN001
    with pytest.raises(ProjectError) as caught:
        add_take(project, "gibtsnicht", clip)
    assert "countdown" in str(caught.value)


def test_failed_copy_leaves_no_partial_file(project, clip: Path,  # noqa: ANN001
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def half(fh, data) -> None:  # noqa: ANN001
        fh.write(bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_mod, "_write", half)
    with pytest.raises(ProjectError):
        add_take(project, "hook", clip)
    assert list((project.folder / "media").iterdir()) == []
