"""Unpacking a project archive made by :func:`toolkit.project.pack.pack_project`.

Everything that can be checked without writing is checked first: the archive's safety
(:mod:`toolkit.project.zipcheck`), its manifest and layout, the project file (a newer schema is
refused, an older one migrated) and the name (a clash needs another name, ``--as``). Then the
files are extracted into a hidden temporary folder inside the workspace, each one checked
against the manifest's SHA-256 (and each recording against its take), and the folder is renamed
into place at the end. On any error the temporary folder is removed: nothing is left behind and
nothing is ever written outside the workspace.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from toolkit.errors import ProjectError
from toolkit.messages import register
from toolkit.atomic import CHUNK
from toolkit.project.commit import PROJECT_FILE, commit, project_data
from toolkit.project.model import Project
from toolkit.project.names import check_name, same_name, slugify
from toolkit.project.pack import MANIFEST, PACK_FORMAT, ROOT
from toolkit.project.store import (
    SUBFOLDERS,
    TEMPLATE_FILE,
    list_projects,
    load_project,
    parse_project,
    workspace_dir,
)
from toolkit.project.zipcheck import UnsafeArchiveError, check_archive

register({
    "pack.not_zip": (
        "{file}: Das ist kein lesbares ZIP-Archiv ({detail}).",
        "{file}: this is not a readable ZIP archive ({detail}).",
    ),
    "pack.no_manifest": (
        "{archive}: Das ist kein machmal-Projektpaket ({detail}). Pakete entstehen mit "
        "„machmal project pack“.",
        "{archive}: this is not a machmal project pack ({detail}). Packs are made with "
        "'machmal project pack'.",
    ),
    "pack.format_new": (
        "{archive}: Das Paket stammt aus einer neueren machmal-Version (Paketformat {found}, "
        "diese Version kennt bis {known}). Bitte machmal aktualisieren.",
        "{archive}: the pack comes from a newer machmal (pack format {found}, this version "
        "knows up to {known}). Please update machmal.",
    ),
    "pack.incomplete": (
        "{archive}: Im Paket fehlt „{entry}“, obwohl es aufgeführt ist. Bitte neu packen.",
        "{archive}: '{entry}' is listed but missing from the pack. Please pack it again.",
    ),
    "pack.hash_mismatch": (
        "{archive}: „{entry}“ ist beschädigt oder verändert (Prüfsumme passt nicht). "
        "Nichts wurde entpackt; bitte das Paket neu kopieren.",
        "{archive}: '{entry}' is damaged or was changed (checksum mismatch). Nothing was "
        "unpacked; please copy the pack again.",
    ),
    "pack.name_clash": (
        "Es gibt schon ein Projekt „{name}“ ({folder}). Bitte mit --as einen anderen Namen "
        "angeben, z. B. --as \"{name} (2)\".",
        "A project '{name}' already exists ({folder}). Please give another name with --as, "
        "e.g. --as \"{name} (2)\".",
    ),
    "pack.reason.unexpected": ("gehört nicht in ein machmal-Projektpaket",
                               "does not belong in a machmal project pack"),
    "pack.reason.outside": ("verweist auf eine Datei außerhalb des Projekts",
                            "points to a file outside the project"),
})

MAX_SMALL = 8 << 20  # manifest and project.yaml: read into memory, so bounded
PROJECT_ENTRY = f"{ROOT}/{PROJECT_FILE}"
_FLAT = (PROJECT_FILE, TEMPLATE_FILE)
_FOLDERS = ("media", "brand")


def unpack_project(archive: str | os.PathLike[str], *, as_name: str | None = None,
                   workspace: str | os.PathLike[str] | None = None) -> Project:
    """Unpack a project archive into the workspace as a new project.

    Args:
        archive: The ZIP file.
        as_name: Name for the unpacked project (needed when its name is taken).
        workspace: Workspace folder (default: see :func:`workspace_dir`).

    Returns:
        The unpacked project (a new revision, recorded as ``import`` in its history).

    Raises:
        UnsafeArchiveError: A hostile archive (names the entry); nothing was written.
        ProjectError: Not a pack, newer format or schema, damaged file, or name taken.
    """
    path, ws = Path(archive), workspace_dir(workspace)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ProjectError("pack.not_zip", file=str(path), detail=str(exc)) from exc
    with zf:
        files = check_archive(zf, path)
        manifest = _manifest(zf, path)
        _check_layout(files, manifest, path)
        packed = parse_project(_read_small(zf, PROJECT_ENTRY, path).decode("utf-8"),
                               Path(f"{path}:{PROJECT_ENTRY}"))
        _check_logo(packed, path)
        _check_music(packed, path)
        name = check_name(as_name if as_name is not None else packed.name)
        _check_clash(name, ws)
        ws.mkdir(parents=True, exist_ok=True)
        temp = ws / f".unpack-{uuid.uuid4().hex[:12]}"
        temp.mkdir()
        try:
            for info in files:
                if info.filename != MANIFEST:
                    _extract(zf, info, temp, manifest["files"][info.filename], path)
            _check_takes(packed, manifest, path)
            return _move_into_place(temp, ws, name)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise


def _manifest(zf: zipfile.ZipFile, archive: Path) -> dict[str, Any]:
    try:
        data = json.loads(_read_small(zf, MANIFEST, archive))
        found, files = data["format"], data["files"]
    except KeyError as exc:
        raise ProjectError("pack.no_manifest", archive=str(archive), detail=str(exc)) from None
    except ValueError as exc:
        raise ProjectError("pack.no_manifest", archive=str(archive), detail=str(exc)) from None
    if not isinstance(found, int) or not isinstance(files, dict):
        raise ProjectError("pack.no_manifest", archive=str(archive), detail=MANIFEST)
    if found > PACK_FORMAT:
        raise ProjectError("pack.format_new", archive=str(archive), found=found,
                           known=PACK_FORMAT)
    return data


def _check_layout(files: list[zipfile.ZipInfo], manifest: dict[str, Any], archive: Path) -> None:
    """Only the manifest and the known project files, each listed with its hash."""
    names = {info.filename for info in files}
    for info in files:
        if info.filename != MANIFEST and (not _allowed(info.filename)
                                          or info.filename not in manifest["files"]):
            raise UnsafeArchiveError("pack.unsafe_path", archive=str(archive),
                                     entry=info.filename, reason="unexpected")
    for entry in [PROJECT_ENTRY, *manifest["files"]]:
        if entry not in names:
            raise ProjectError("pack.incomplete", archive=str(archive), entry=entry)


def _allowed(name: str) -> bool:
    parts = PurePosixPath(name).parts
    if len(parts) < 2 or parts[0] != ROOT:
        return False
    return ((len(parts) == 2 and parts[1] in _FLAT) or (len(parts) == 3 and parts[1] in _FOLDERS)
            or _is_music(parts[1:]))


def _is_music(parts: tuple[str, ...]) -> bool:
    """``media/music/<file>`` or ``media/music/<folder>/<file>`` (a music bed's place)."""
    return (len(parts) in (3, 4) and parts[:2] == ("media", "music")
            and not any(p in ("", ".", "..") or "\\" in p for p in parts[2:]))


def _read_small(zf: zipfile.ZipFile, entry: str, archive: Path) -> bytes:
    try:
        info = zf.getinfo(entry)
    except KeyError:
        raise ProjectError("pack.no_manifest", archive=str(archive), detail=entry) from None
    if info.file_size > MAX_SMALL:
        raise UnsafeArchiveError("pack.unsafe_path", archive=str(archive), entry=entry,
                                 reason="unexpected")
    return zf.read(info)


def _check_logo(project: Project, archive: Path) -> None:
    """A packed brand kit's logo must be a file in the project's ``brand/`` folder."""
    logo = project.brand.logo
    if not logo:
        return
    parts = PurePosixPath(logo).parts
    if len(parts) != 2 or parts[0] != "brand" or parts[1] in ("..", ".") or "\\" in logo:
        raise UnsafeArchiveError("pack.unsafe_path", archive=str(archive),
                                 entry=f"{PROJECT_ENTRY} (brand.logo: {logo})", reason="outside")


def _check_music(project: Project, archive: Path) -> None:
    """A packed edit's music bed must be a file in the project's ``media/music/`` folder."""
    music = project.edit.music
    if music and not _is_music(PurePosixPath(music).parts):
        raise UnsafeArchiveError("pack.unsafe_path", archive=str(archive),
                                 entry=f"{PROJECT_ENTRY} (edit.music: {music})", reason="outside")


def _check_clash(name: str, ws: Path) -> None:
    for existing, folder in list_projects(ws):
        if same_name(existing, name):
            raise ProjectError("pack.name_clash", name=existing, folder=str(folder))


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, temp: Path, sha256: str,
             archive: Path) -> None:
    """Stream one entry to its place under ``temp``, checking its hash."""
    dest = temp.joinpath(*PurePosixPath(info.filename).parts[1:])
    if not dest.resolve().is_relative_to(temp.resolve()):  # belt and braces after zipcheck
        raise UnsafeArchiveError("pack.unsafe_path", archive=str(archive),
                                 entry=info.filename, reason="parent")
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with zf.open(info) as src, open(dest, "xb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except zipfile.BadZipFile:
        raise ProjectError("pack.hash_mismatch", archive=str(archive),
                           entry=info.filename) from None
    if digest.hexdigest() != sha256:
        raise ProjectError("pack.hash_mismatch", archive=str(archive), entry=info.filename)


def _check_takes(project: Project, manifest: dict[str, Any], archive: Path) -> None:
    """Every packed recording must be the one its take recorded."""
    for state in project.shots.values():
        for take in state.takes:
            entry = f"{ROOT}/media/{take.file}"
            listed = manifest["files"].get(entry)
            if listed is not None and listed != take.sha256:
                raise ProjectError("pack.hash_mismatch", archive=str(archive), entry=entry)
            if listed is None and manifest.get("with_media"):
                raise ProjectError("pack.incomplete", archive=str(archive), entry=entry)


def _move_into_place(temp: Path, ws: Path, name: str) -> Project:
    """Save the project as a new revision in ``temp``, then rename it to a free folder."""
    for sub in SUBFOLDERS:
        (temp / sub).mkdir(exist_ok=True)
    project = load_project(temp)
    theirs = project_data(project)
    for n in range(1, 1000):
        folder = ws / (slugify(name) if n == 1 else f"{slugify(name)}-{n}")
        if folder.exists():
            continue
        project.name, project.slug = name, folder.name
        project = commit(temp, project, theirs, action="import")
        theirs = project_data(project)
        try:
            os.rename(temp, folder)
        except OSError:
            if folder.exists():
                continue  # taken meanwhile: try the next name
            raise
        return load_project(folder)
    raise ProjectError("project.exists", name=name, folder=str(ws / slugify(name)))
