"""Packing a project into one ZIP file to move it (webinar hand-in, another machine, a worker).

Layout of the archive (all paths relative, ``/`` separated)::

    machmal-pack.json          manifest: pack format, schema version, name, every file's SHA-256
    project/project.yaml       the project
    project/template.yaml      its template snapshot
    project/brand/…            logo
    project/media/…            the takes' recordings (only ``with_media``)
    project/media/music/…      the music bed of the edit (always: it is part of the edit)

A music bed chosen from outside the project (an absolute path) is packed under
``media/music/`` and the packed ``project.yaml`` points there, so the unpacked project renders
the same on another machine. History, derived files (``work/``), exports and the lock are not packed. The project's files are
read under its lock (a consistent revision); the recordings, which are never modified, are
streamed afterwards and checked against the hashes recorded when they were added.
:mod:`toolkit.project.unpack` is the other direction.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from toolkit.errors import ProjectError
from toolkit.messages import register
from toolkit.atomic import CHUNK, atomic_path
from toolkit.project.commit import PROJECT_FILE, project_data
from toolkit.project.locking import project_lock
from toolkit.project.model import SCHEMA_VERSION, Project
from toolkit.project.store import (
    TEMPLATE_FILE,
    ProjectRef,
    find_project_folder,
    load_project,
)

register({
    "pack.media_changed": (
        "{file}: Die Aufnahme fehlt oder wurde verändert (Prüfsumme passt nicht zum Take "
        "{take}). Bitte die Aufnahme neu hinzufügen oder ohne --with-media packen.",
        "{file}: the recording is missing or was changed (checksum does not match take "
        "{take}). Please add the recording again or pack without --with-media.",
    ),
    "pack.music_missing": (
        "{file}: Die Musikdatei des Schnitts fehlt. Bitte neu wählen (machmal project edit "
        "PROJEKT --music DATEI) oder entfernen (--music \"\").",
        "{file}: the edit's music file is missing. Please choose it again (machmal project "
        "edit PROJECT --music FILE) or remove it (--music \"\").",
    ),
    "pack.write_failed": (
        "{file}: Das Paket lässt sich nicht schreiben ({detail}).",
        "{file}: the pack cannot be written ({detail}).",
    ),
})

MANIFEST = "machmal-pack.json"
ROOT = "project"
PACK_FORMAT = 1


@dataclass
class PackResult:
    """What :func:`pack_project` wrote.

    Attributes:
        path: The archive.
        files: Number of project files in it (without the manifest).
        with_media: Whether the recordings are included.
    """

    path: Path
    files: int
    with_media: bool


def pack_project(ref: ProjectRef, out: str | os.PathLike[str], *, with_media: bool = False,
                 workspace: str | os.PathLike[str] | None = None) -> PackResult:
    """Write the project to the ZIP file ``out`` (atomically: temp name, then rename).

    Raises:
        ProjectError: Unknown project, a recording missing or changed, or writing failed.
    """
    folder = find_project_folder(ref, workspace)
    with project_lock(folder):
        project = load_project(folder)
        small = {name: path.read_bytes() for name, path in _project_files(folder).items()}
    media = {f"{ROOT}/media/{take.file}": (folder / "media" / take.file, take.sha256, take.id)
             for state in project.shots.values() for take in state.takes} if with_media else {}
    music = _music(project, folder, small)
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in small.items()}
    target = Path(out)
    try:
        with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "x") as zf:
            for name, data in small.items():
                zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
            for name, (path, sha256, take_id) in media.items():
                hashes[name] = _add_media(zf, name, path, sha256, take_id)
            if music is not None:
                hashes[music[0]] = _add_media(zf, music[0], music[1], None, "music")
            manifest = {"format": PACK_FORMAT, "schema_version": SCHEMA_VERSION,
                        "name": project.name, "revision": project.revision,
                        "with_media": with_media, "files": hashes}
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1),
                        compress_type=zipfile.ZIP_DEFLATED)
    except OSError as exc:
        raise ProjectError("pack.write_failed", file=str(target), detail=str(exc)) from exc
    return PackResult(target, len(hashes), with_media)


def _project_files(folder: Path) -> dict[str, Path]:
    """Archive name -> file for project.yaml, the template snapshot and the brand folder."""
    files = {f"{ROOT}/{PROJECT_FILE}": folder / PROJECT_FILE}
    if (folder / TEMPLATE_FILE).is_file():
        files[f"{ROOT}/{TEMPLATE_FILE}"] = folder / TEMPLATE_FILE
    brand = folder / "brand"
    if brand.is_dir():
        files.update({f"{ROOT}/brand/{p.name}": p for p in sorted(brand.iterdir())
                      if p.is_file() and not p.is_symlink() and not p.name.startswith(".")})
    return files


def _music(project: Project, folder: Path, small: dict[str, bytes]) -> tuple[str, Path] | None:
    """Archive name and file of the edit's music bed (None: none chosen).

    A music file outside ``media/music/`` gets its place there in the archive, and the packed
    ``project.yaml`` in ``small`` is rewritten to point at it.

    Raises:
        ProjectError: ``pack.music_missing``.
    """
    from toolkit.project.uploads import music_path

    if not project.edit.music:
        return None
    src = Path(project.edit.music).expanduser()
    src = src if src.is_absolute() else folder / src
    if not src.is_file():
        raise ProjectError("pack.music_missing", file=str(src))
    relative = music_path(project, src)
    if relative != project.edit.music:
        data = project_data(project)
        data["edit"]["music"] = relative
        small[f"{ROOT}/{PROJECT_FILE}"] = yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")
    return f"{ROOT}/{relative}", src


def _add_media(zf: zipfile.ZipFile, name: str, path: Path, sha256: str | None,
               take_id: str) -> str:
    """Stream one recording into the archive (stored: video is compressed already);
    ``sha256`` None: not checked (a file without a recorded hash, e.g. the music bed)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as src, zf.open(zipfile.ZipInfo.from_file(path, name), "w",
                                              force_zip64=True) as dest:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dest.write(chunk)
    except FileNotFoundError:
        raise ProjectError("pack.media_changed", file=str(path), take=take_id) from None
    if sha256 is not None and digest.hexdigest() != sha256:
        raise ProjectError("pack.media_changed", file=str(path), take=take_id)
    return digest.hexdigest()
