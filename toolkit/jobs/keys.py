"""Idempotency keys: the same work gives the same key.

key = SHA-256 of (kind, canonical JSON of the parameters, content hash of every input file).
Input files are the parameters named in :data:`toolkit.jobs.kinds.INPUT_PARAMS` (and a project's
``project.yaml`` for ``project``); output paths are not hashed, so a finished job is found again
after its outputs were written.
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
    """Content hash of a file (cached per path, size and mtime), or ``missing:<path>``."""
    try:
        st = os.stat(path)
    except OSError:
        return f"missing:{os.fspath(path)}"
    memo = (os.path.abspath(path), st.st_size, st.st_mtime_ns)
    if memo not in _HASHES:
        from toolkit.captions.transcript import file_hash

        _HASHES[memo] = file_hash(path)
    return _HASHES[memo]


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
        found.append(str(_project_file(project, workspace)))
    return found


def _project_file(ref: str, workspace: Path | None) -> Path:
    from toolkit.errors import ProjectError
    from toolkit.project.store import PROJECT_FILE, open_project, workspace_dir

    try:
        project = open_project(ref, workspace)
        return Path(project.folder) / PROJECT_FILE
    except (ProjectError, AttributeError):
        return workspace_dir(workspace) / ref / PROJECT_FILE


def job_key(kind: str, params: dict[str, Any], workspace: Path | None = None) -> str:
    """The idempotency key of ``kind`` with ``params``."""
    plain = canonical_params(params)
    hashes = [content_hash(p) for p in input_files(plain, workspace)]
    blob = json.dumps([kind, plain, hashes], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]
