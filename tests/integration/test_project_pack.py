"""Pack and unpack projects: round trips, name clashes, schema versions, hostile archives."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from pathlib import Path

import pytest
import yaml
from test_project_cli import machmal

from toolkit.errors import ProjectError
from toolkit.project import (
    add_person,
    add_take,
    create_project,
    open_project,
    project_history,
    update_project,
)
from toolkit.project.brand import EXAMPLE, apply_brand_kit
from toolkit.project.model import SCHEMA_VERSION
from toolkit.project.pack import MANIFEST, pack_project
from toolkit.project.unpack import unpack_project
from toolkit.project.zipcheck import MAX_ENTRIES, UnsafeArchiveError

DUEL = "mach-mal-duell"


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` with its content (None for folders)."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


@pytest.fixture
def source(tmp_path: Path, lavfi_clip) -> Path:  # noqa: ANN001
    """A workspace with one project: people, placeholders, brand kit and two takes."""
    ws = tmp_path / "quelle"
    project = create_project("Duell Bäckerei", DUEL, company="Bäckerei Müller", workspace=ws)
    add_person(project, "Lena", "challenger", consent=True)
    update_project(project, lambda p: p.placeholders.update(aufgabe="Brezeln schlingen"))
    apply_brand_kit(project, EXAMPLE)
    add_take(project, "hook", lavfi_clip(seconds=1.0, size="96x64"))
    add_take(project, "hook", lavfi_clip(seconds=0.6, size="64x48", audio=None), end=0.5)
    return ws


def test_round_trip_with_media_keeps_everything(source: Path, tmp_path: Path) -> None:
    archive = tmp_path / "duell.zip"
    result = pack_project("Duell Bäckerei", archive, with_media=True, workspace=source)
    names = zipfile.ZipFile(archive).namelist()
    assert all(not n.startswith("/") and ".." not in n for n in names)
    assert not any("history" in n or "lock" in n for n in names) and result.with_media
    target = tmp_path / "ziel"
    outside = {k: v for k, v in _tree(tmp_path).items() if not k.startswith("ziel")}
    done = machmal("project", "unpack", str(archive), workspace=target)
    assert done.returncode == 0, done.stderr
    assert {k: v for k, v in _tree(tmp_path).items() if not k.startswith("ziel")} == outside
    original, copy = open_project("Duell Bäckerei", source), open_project("Duell Bäckerei",
                                                                           target)
    assert copy.model_dump(exclude={"revision", "updated"}) == original.model_dump(
        exclude={"revision", "updated"})
    for take in copy.shots["hook"].takes:
        data = (copy.folder / "media" / take.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == take.sha256
        assert data == (original.folder / "media" / take.file).read_bytes()
    assert (copy.folder / "brand" / "logo.png").read_bytes() == (
        original.folder / "brand" / "logo.png").read_bytes()
    assert copy.revision == original.revision + 1
    assert project_history("Duell Bäckerei", target)[0].action == "import"
    assert not [p for p in target.iterdir() if p.name.startswith(".")]


def test_round_trip_without_media_and_name_clash(source: Path, tmp_path: Path) -> None:
    archive = tmp_path / "klein.zip"
    done = machmal("project", "pack", "Duell Bäckerei", str(archive), workspace=source)
    assert done.returncode == 0, done.stderr
    assert not [n for n in zipfile.ZipFile(archive).namelist() if "/media/" in n]
    before = _tree(source)
    clash = machmal("project", "unpack", str(archive), workspace=source)
    assert clash.returncode == 2 and "--as" in clash.stderr and "Traceback" not in clash.stderr
    assert _tree(source) == before
    copy = unpack_project(archive, as_name="Duell Bäckerei (Kurs)", workspace=source)
    assert copy.name == "Duell Bäckerei (Kurs)" and copy.folder.name == "duell-baeckerei-kurs"
    assert [t.id for t in copy.shots["hook"].takes] == ["hook-01", "hook-02"]
    assert list((copy.folder / "media").iterdir()) == []
    assert open_project("Duell Bäckerei (Kurs)", source).placeholders == {
        "aufgabe": "Brezeln schlingen"}


def _entries(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n != MANIFEST}


def _write_pack(path: Path, entries: dict[str, bytes], *, listed: dict[str, str] | None = None,
                pack_format: int = 1, extra: list[tuple[zipfile.ZipInfo, bytes]] = ()
                ) -> Path:
    """A pack with a correct manifest for ``entries`` (plus unlisted ``extra`` entries)."""
    files = listed if listed is not None else {
        n: hashlib.sha256(d).hexdigest() for n, d in entries.items()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        for info, data in extra:
            zf.writestr(info, data)
        zf.writestr(MANIFEST, json.dumps({"format": pack_format, "files": files}))
    return path


@pytest.fixture
def plain(source: Path, tmp_path: Path) -> dict[str, bytes]:
    """The entries of a real pack (without media), to build variants from."""
    return _entries(pack_project("Duell Bäckerei", tmp_path / "basis.zip", workspace=source).path)


def _with_project(plain: dict[str, bytes], change) -> dict[str, bytes]:  # noqa: ANN001
    data = yaml.safe_load(plain["project/project.yaml"])
    change(data)
    return {**plain, "project/project.yaml": yaml.safe_dump(data, allow_unicode=True).encode()}


def test_newer_schema_or_pack_format_is_refused_older_is_migrated(plain: dict[str, bytes],
                                                                  tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    newer = _write_pack(tmp_path / "neu.zip",
                        _with_project(plain, lambda d: d.update(schema_version=99)))
    with pytest.raises(ProjectError) as caught:
        unpack_project(newer, workspace=ws)
    assert "neueren machmal-Version" in caught.value.message("de") and "99" in str(caught.value)
    with pytest.raises(ProjectError) as caught:
        unpack_project(_write_pack(tmp_path / "format.zip", plain, pack_format=7), workspace=ws)
    assert "Paketformat 7" in caught.value.message("de")
    assert not ws.exists() or list(ws.iterdir()) == []

    def to_v2(data: dict) -> None:
        data.update(schema_version=2)
        for newer in ("revision", "description", "position"):  # fields of schema 3 and 4
            del data[newer]
        data["shots"] = {}  # no media in this pack

    older = unpack_project(_write_pack(tmp_path / "alt.zip", _with_project(plain, to_v2)),
                           workspace=ws)
    raw = yaml.safe_load((older.folder / "project.yaml").read_text(encoding="utf-8"))
    assert (raw["schema_version"], raw["revision"]) == (SCHEMA_VERSION, 2)
    assert older.people[0].name == "Lena"


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _mark_encrypted(path: Path, name: str) -> None:
    """Set the "encrypted" flag of entry ``name`` (zipfile cannot write encrypted entries)."""
    data = bytearray(path.read_bytes())
    offset = zipfile.ZipFile(path).getinfo(name).header_offset
    data[offset + 6] |= 0x1  # local file header
    pos = data.find(b"PK\x01\x02")
    while pos != -1:  # central directory record of the same entry
        size = int.from_bytes(data[pos + 28:pos + 30], "little")
        if bytes(data[pos + 46:pos + 46 + size]) == name.encode():
            data[pos + 8] |= 0x1
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


HOSTILE = {
    "zip slip ..": ([(zipfile.ZipInfo("project/../../boese.txt"), b"x")],
                    "project/../../boese.txt", "„..“ im Pfad"),
    "parent at start": ([(zipfile.ZipInfo("../boese.txt"), b"x")], "../boese.txt", "„..“"),
    "absolute path": ([(zipfile.ZipInfo("/tmp/boese.txt"), b"x")], "/tmp/boese.txt",
                      "absoluter Pfad"),
    "drive letter": ([(zipfile.ZipInfo("C:/boese.txt"), b"x")], "C:/boese.txt",
                     "absoluter Pfad"),
    "backslash": ([(zipfile.ZipInfo("project\\..\\boese.txt"), b"x")], "project\\..\\boese.txt",
                  "Backslash"),
    "symlink": ([(_symlink("project/media/link.mp4"), b"/etc/passwd")],
                "project/media/link.mp4", "symbolischer Link"),
    "encrypted": ([(zipfile.ZipInfo("project/media/geheim.mp4"), b"x")],
                  "project/media/geheim.mp4", "verschlüsselt"),
    "unexpected": ([(zipfile.ZipInfo("project/history/r000001.json"), b"{}")],
                   "project/history/r000001.json", "gehört nicht"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_entry_is_refused_before_anything_is_written(case: str, plain: dict[str, bytes],
                                                             tmp_path: Path) -> None:
    extra, entry, reason = HOSTILE[case]
    archive = _write_pack(tmp_path / "boese.zip", plain, extra=extra)
    if case == "encrypted":
        _mark_encrypted(archive, entry)
    ws = tmp_path / "ws"
    before = _tree(tmp_path)
    with pytest.raises(UnsafeArchiveError) as caught:
        unpack_project(archive, workspace=ws)
    message = caught.value.message("de")
    assert entry in message and reason in message and "Nichts wurde entpackt" in message
    assert entry in caught.value.message("en")
    assert _tree(tmp_path) == before  # nothing written, in the workspace or anywhere else


@pytest.mark.parametrize("change, entry", [
    (lambda d: d["brand"].update(logo="../../../etc/passwd"), "brand.logo: ../../../etc/passwd"),
    (lambda d: d["shots"]["hook"]["takes"][0].update(file="../../x.mp4"), "project.yaml"),
    (lambda d: d["edit"].update(music="/etc/passwd"), "edit.music: /etc/passwd"),
    (lambda d: d["edit"].update(music="media/music/../../../x.mp3"), "edit.music: media/"),
])
def test_project_file_pointing_outside_is_refused(change, entry: str,  # noqa: ANN001
                                                  plain: dict[str, bytes],
                                                  tmp_path: Path) -> None:
    archive = _write_pack(tmp_path / "raus.zip", _with_project(plain, change))
    before = _tree(tmp_path)
    with pytest.raises(ProjectError) as caught:
        unpack_project(archive, workspace=tmp_path / "ws")
    assert entry in caught.value.message("de")
    assert _tree(tmp_path) == before


def test_too_many_entries_and_zip_bomb_are_refused(plain: dict[str, bytes],
                                                   tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    many = {**plain, **{f"project/media/f{n:05d}.mp4": b"" for n in range(MAX_ENTRIES)}}

    def tree() -> dict[str, bytes | None]:  # the test's own archives aside
        return {k: v for k, v in _tree(tmp_path).items() if k not in ("viele.zip", "bombe.zip")}

    before = tree()
    with pytest.raises(UnsafeArchiveError) as caught:
        unpack_project(_write_pack(tmp_path / "viele.zip", many), workspace=ws)
    assert "zu viele Einträge" in caught.value.message("de")
    assert str(MAX_ENTRIES) in caught.value.message("de")
    bomb = {**plain, "project/media/bombe.mp4": bytes(40 << 20)}
    archive = _write_pack(tmp_path / "bombe.zip", bomb)
    assert archive.stat().st_size < 1 << 20
    with pytest.raises(UnsafeArchiveError) as caught:
        unpack_project(archive, workspace=ws)
    assert "project/media/bombe.mp4" in caught.value.message("de")
    assert "ZIP-Bombe" in caught.value.message("de") and "zip bomb" in caught.value.message("en")
    assert tree() == before


def test_damaged_or_incomplete_pack_leaves_nothing(plain: dict[str, bytes], source: Path,
                                                   tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    with_media = _entries(pack_project("Duell Bäckerei", tmp_path / "m.zip", with_media=True,
                                       workspace=source).path)
    media = next(n for n in with_media if "/media/" in n)
    wrong = {n: hashlib.sha256(d).hexdigest() for n, d in with_media.items()}
    wrong[media] = "0" * 64
    with pytest.raises(ProjectError) as caught:
        unpack_project(_write_pack(tmp_path / "kaputt.zip", with_media, listed=wrong),
                       workspace=ws)
    assert media in caught.value.message("de") and "Prüfsumme" in caught.value.message("de")
    assert list(ws.iterdir()) == []  # the temporary folder is gone again
    swapped = {**with_media, media: with_media[media][:-1] + b"\0"}
    with pytest.raises(ProjectError) as caught:  # consistent manifest, but not the take's file
        unpack_project(_write_pack(tmp_path / "getauscht.zip", swapped), workspace=ws)
    assert media in str(caught.value)
    listed = {**{n: hashlib.sha256(d).hexdigest() for n, d in plain.items()},
              "project/media/fehlt.mp4": "0" * 64}
    with pytest.raises(ProjectError) as caught:
        unpack_project(_write_pack(tmp_path / "fehlt.zip", plain, listed=listed), workspace=ws)
    assert "project/media/fehlt.mp4" in str(caught.value)
    (tmp_path / "kein.zip").write_bytes(b"PK\x03\x04 kaputt")
    with pytest.raises(ProjectError) as caught:
        unpack_project(tmp_path / "kein.zip", workspace=ws)
    assert "kein lesbares ZIP" in str(caught.value)
    assert list(ws.iterdir()) == []
