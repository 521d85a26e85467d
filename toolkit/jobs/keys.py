"""Idempotency keys: the same work gives the same key.

key = SHA-256 of (kind, canonical JSON of the parameters, content hash of every input file).
Input files are the parameters named in :data:`toolkit.jobs.kinds.INPUT_PARAMS` and, for a
``project``, every file of the project a job reads (:func:`project_inputs`: ``project.yaml``, the
template copy, the glossary, takes and music under ``media/``, the brand folder, the reviewed
transcripts, a music file outside the project, the brand font and the caption style). Output
paths and derived files are not hashed, so a finished job is found again after its outputs were
written. Content hashes are cached by path, size and mtime, so an unchanged project costs one
``stat`` per file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from toolkit.jobs.kinds import INPUT_PARAMS

_HASHES: dict[tuple[str, int, int], str] = {}


def canonical_params(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` as plain JSON data (paths as text), so they store and compare alike."""
    return json.loads(json.dumps(params, sort_keys=True, default=_plain))


def _plain(value: Any) -> Any:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def content_hash(path: str | os.PathLike[str]) -> str:
    """Content hash of a file (cached per path, size and mtime), or ``missing:<path>``.

    A ``project.yaml`` hashes its data without the bookkeeping every save changes (revision,
    time) and the studio's page choices: saving the same content again, or choosing another
    platform on a page, is no new input.
    """
    try:
        st = os.stat(path)
    except OSError:
        return f"missing:{os.fspath(path)}"
    memo = (os.path.abspath(path), st.st_size, st.st_mtime_ns)
    if memo not in _HASHES:
        from toolkit.atomic import file_sha256
        from toolkit.project.store import PROJECT_FILE

        project = os.path.basename(path) == PROJECT_FILE
        _HASHES[memo] = (_project_hash(path) if project else None) or file_sha256(path)
    return _HASHES[memo]


def _project_hash(path: str | os.PathLike[str]) -> str | None:
    """Hash of a project file's content data (None: not readable as a project)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    content = {k: v for k, v in data.items() if k not in ("revision", "updated", "studio")}
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return "project:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def input_files(params: dict[str, Any], workspace: Path | None = None) -> list[str]:
    """The input file paths named in ``params``."""
    found: list[str] = []
    nested = params.get("options") if isinstance(params.get("options"), dict) else {}
    for name in INPUT_PARAMS:
        for value in (params.get(name), nested.get(name)):
            if isinstance(value, str) and value:
                found.append(value)
            elif isinstance(value, list):
                found += [str(v) for v in value if v]
    project = params.get("project")
    if isinstance(project, str) and project:
        style = nested.get("captions") or params.get("captions")
        found += [str(p) for p in project_inputs(project, workspace,
                                                  style if isinstance(style, str) else None)]
    return found


# folders of a project whose every file is an input (originals, brand kit, the user's reviewed
# words); everything else under work/, exports/ and history/ is derived or output
PROJECT_INPUT_DIRS = ("media", "brand", "work/transcripts")
PROJECT_INPUT_FILES = ("project.yaml", "template.yaml", "glossary.txt")


def project_inputs(ref: str, workspace: Path | None = None,
                   caption_style: str | None = None) -> list[Path]:
    """Every file a job of project ``ref`` reads, in a stable order.

    Args:
        ref: The project's name (or folder).
        workspace: Its workspace.
        caption_style: The caption style the job burns in (its file is an input too).

    Returns:
        The paths (a missing ``project.yaml`` is listed anyway: it hashes as missing).
    """
    from toolkit.errors import ProjectError
    from toolkit.project.store import PROJECT_FILE, open_project, workspace_dir

    try:
        project = open_project(ref, workspace)
    except (ProjectError, AttributeError):
        return [workspace_dir(workspace) / ref / PROJECT_FILE]
    folder = Path(project.folder)
    found = [folder / name for name in PROJECT_INPUT_FILES if (folder / name).is_file()]
    if not (folder / PROJECT_FILE).is_file():
        found.insert(0, folder / PROJECT_FILE)
    for sub in PROJECT_INPUT_DIRS:
        found += _files_under(folder / sub)
    music = project.edit.music
    if music and Path(music).is_absolute():
        found.append(Path(music))
    found += _font_files(project.brand.font) + _style_files(caption_style)
    return found


def _files_under(folder: Path) -> list[Path]:
    """The files below ``folder`` (sorted; temporary files of atomic writes left out)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and ".tmp" not in p.name and not p.name.startswith("."))


def _font_files(name: str) -> list[Path]:
    """The font files the graphics and captions draw with (the brand's, else Roboto)."""
    try:
        from toolkit.resources import fonts_dir

        folder = fonts_dir()
    except Exception:  # noqa: BLE001 - no fonts installed: the render itself reports it
        return []
    return sorted(p for p in folder.glob("*.ttf") if p.stem.split("-")[0] in (name, "Roboto"))


def _style_files(style: str | None) -> list[Path]:
    """The caption style's file (none when captions are off or the style is unknown)."""
    if not style:
        return []
    path = Path(style)
    if path.suffix.lower() in (".yaml", ".yml"):
        return [path]
    from toolkit.captions.styles import style_dirs

    return [d / f"{style}.yaml" for d in style_dirs() if (d / f"{style}.yaml").is_file()][:1]


def job_key(kind: str, params: dict[str, Any], workspace: Path | None = None) -> str:
    """The idempotency key of ``kind`` with ``params``."""
    plain = canonical_params(params)
    hashes = [[p, content_hash(p)] for p in input_files(plain, workspace)]
    blob = json.dumps([kind, plain, hashes], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]
