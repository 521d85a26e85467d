"""Upload page: all clips of a shoot at once, the proposed assignment, correcting it, saving;
a single upload moves the shot picker on."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_helpers import PROJECT, SAMPLES, texts
from toolkit.project import open_project


@pytest.fixture(scope="module")
def shoot(lavfi_clip) -> dict[str, bytes]:  # noqa: ANN001
    """Three tiny clips as a phone and a webcam write them: two carry a recording time (the
    later one has the smaller number in its name), the webcam's none."""
    def clip(freq: int, suffix: str, when: str | None) -> bytes:
        extra = ("-metadata", f"creation_time={when}") if when else ()
        return lavfi_clip(seconds=1.0, size="96x160", audio=f"sin({freq}*2*PI*t)",
                          suffix=suffix, extra=extra).read_bytes()

    return {"IMG_2.mp4": clip(440, ".mp4", "2025-03-14T10:00:00Z"),
            "IMG_10.mp4": clip(550, ".mp4", "2025-03-14T09:00:00Z"),
            "webcam.mkv": clip(660, ".mkv", None)}


NAMES = ("IMG_2.mp4", "IMG_10.mp4", "webcam.mkv")


def _rows(at) -> list[tuple[str, str | None]]:  # noqa: ANN001
    """The proposal table: (file name named in the row's label, chosen shot) per row."""
    return [(next(n for n in NAMES if n in str(s.label)), s.value) for s in at.selectbox
            if (s.key or "").startswith("bulk-")]


def _uploader(at):  # noqa: ANN001, ANN202
    return next(u for u in at.file_uploader if (u.key or "").startswith("bulk_files"))


def test_bulk_upload_proposes_corrects_and_saves_all(page, project, workspace, shoot):
    at = page("upload", project=PROJECT)
    _uploader(at).set_value([(n, d, "video/mp4") for n, d in shoot.items()]).run()
    assert not at.exception, at.exception
    # recording time first (09:00 before 10:00, whatever the names say), the webcam clip last
    assert _rows(at) == [("IMG_10.mp4", "hook"), ("IMG_2.mp4", "vorstellung-azubi"),
                         ("webcam.mkv", "vorstellung-ausbilder")]
    assert any("09:00:00" in m for m in texts(at, "markdown")), "the recording time is shown"
    assert len(at.get("image")) == 3, "a still per clip"
    webcam = next(s for s in at.selectbox if (s.key or "").startswith("bulk-")
                  and "webcam.mkv" in str(s.label))
    webcam.set_value("cta").run()                    # one correction: one selection
    assert _rows(at)[2] == ("webcam.mkv", "cta")
    before = open_project(PROJECT, workspace).revision
    at.button(key="bulk_save").click().run()         # one button saves all
    assert not at.exception, at.exception
    assert any("3 Aufnahmen gespeichert" in s for s in texts(at, "success"))
    saved = open_project(PROJECT, workspace)
    names = {shot: [t.original_name for t in state.takes] for shot, state in saved.shots.items()
             if state.takes}
    assert names == {"hook": ["IMG_10.mp4"], "vorstellung-azubi": ["IMG_2.mp4"],
                     "cta": ["webcam.mkv"]}
    assert saved.revision == before + 1, "one save, so one undo step"
    assert not _rows(at), "the uploader is cleared after saving"
    assert any("3 von 14" in (p.proto.text or "") for p in at.get("progress"))
    assert at.selectbox(key="upload_shot").value == "vorstellung-ausbilder"
    # the same clip chosen again (the whole folder once more) is not proposed again
    _uploader(at).set_value([("IMG_2.mp4", shoot["IMG_2.mp4"], "video/mp4")]).run()
    assert _rows(at) == [("IMG_2.mp4", None)]
    assert any("schon im Projekt als Take vorstellung-azubi-01" in c
               for c in texts(at, "caption"))
    assert at.button(key="bulk_save").disabled


def test_each_upload_is_written_and_probed_once_and_no_copy_is_left(page, project, workspace,
                                                                    shoot, monkeypatch):
    """Reading a clip for the table writes it once into ``work/uploads/`` and probes it once;
    saving moves that copy into ``media/``; a file taken out of the chooser loses its copy."""
    import toolkit.atomic as atomic
    import toolkit.media.probe as probe_mod

    uploads = project.folder / "work" / "uploads"
    probed: list[str] = []
    written: list[int] = []
    real_probe, real_write = probe_mod.probe, atomic._write

    def probe(path):  # noqa: ANN001, ANN202
        if uploads in Path(path).parents:
            probed.append(Path(path).name)
        return real_probe(path)

    def write(fh, data):  # noqa: ANN001, ANN202
        if Path(fh.name).suffix in (".mp4", ".mkv"):
            written.append(len(data))
        return real_write(fh, data)

    monkeypatch.setattr(probe_mod, "probe", probe)
    monkeypatch.setattr(atomic, "_write", write)
    at = page("upload", project=PROJECT)
    chosen = [(n, shoot[n], "video/mp4") for n in ("IMG_2.mp4", "webcam.mkv")]
    _uploader(at).set_value(chosen).run()
    assert len(probed) == 2 and sum(written) == len(shoot["IMG_2.mp4"]) + len(shoot["webcam.mkv"])
    assert len(list(uploads.iterdir())) == 2
    _uploader(at).set_value(chosen[:1]).run()  # chosen anew without the webcam clip
    assert [f.name for f in uploads.iterdir()] == probed[2:], "the earlier copies are gone"
    at.button(key="bulk_save").click().run()
    assert not at.exception, at.exception
    assert len(probed) == 3 and len(written) == 3, "saving neither writes nor probes again"
    (take,) = open_project(PROJECT, workspace).shots["hook"].takes
    assert (project.folder / "media" / take.file).read_bytes() == shoot["IMG_2.mp4"]
    assert list(uploads.iterdir()) == []


def test_bulk_upload_lists_a_bad_file_and_keeps_the_others(page, project, workspace, shoot):
    at = page("upload", project=PROJECT, lang="en")
    files = [("IMG_2.mp4", shoot["IMG_2.mp4"], "video/mp4"),
             ("Notizen.mp4", b"this is a text file, not a video\n" * 20, "video/mp4")]
    _uploader(at).set_value(files).run()
    errors = texts(at, "error")
    assert any("Notizen.mp4" in e and "not a readable video" in e for e in errors), errors
    assert not any("Errno" in e or str(workspace) in e for e in errors)
    assert _rows(at) == [("IMG_2.mp4", "hook")]
    at.button(key="bulk_save").click().run()
    assert [t.original_name for t in open_project(PROJECT, workspace).shots["hook"].takes] \
        == ["IMG_2.mp4"]


def test_more_clips_than_open_shots_are_listed_unassigned(page, project, workspace, shoot):
    from toolkit.project import add_take
    from toolkit.storyboard import get_template

    for shot in get_template("mach-mal-duell").shots()[:-2]:  # all but cta's neighbours
        add_take(project, shot.id, SAMPLES / "handy_gedreht.mov")
    at = page("upload", project=PROJECT)
    _uploader(at).set_value([(n, d, "video/mp4") for n, d in shoot.items()]).run()
    assert _rows(at) == [("IMG_10.mp4", "endcard"), ("IMG_2.mp4", "bloopers"),
                         ("webcam.mkv", None)]
    assert any("1 Aufnahme hat keinen freien Shot" in w for w in texts(at, "warning"))
    assert at.button(key="bulk_save").label == "2 Aufnahmen speichern"


def test_single_upload_moves_the_picker_to_the_next_missing_shot(page, project, workspace,
                                                                 shoot):
    at = page("upload", project=PROJECT)
    assert at.selectbox(key="upload_shot").value == "hook", "starts at the first missing shot"
    at.file_uploader(key="files-hook").set_value([("IMG_2.mp4", shoot["IMG_2.mp4"],
                                                   "video/mp4")])
    next(b for b in at.button if b.label == "Hochladen").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="upload_shot").value == "vorstellung-azubi"
    assert any("Weiter mit Shot 2" in i for i in texts(at, "info"))
    at.file_uploader(key="files-vorstellung-azubi").set_value(
        [("IMG_10.mp4", shoot["IMG_10.mp4"], "video/mp4")])
    next(b for b in at.button if b.label == "Hochladen").click().run()
    assert at.selectbox(key="upload_shot").value == "vorstellung-ausbilder"
    saved = open_project(PROJECT, workspace)
    assert [t.original_name for t in saved.shots["vorstellung-azubi"].takes] == ["IMG_10.mp4"]
