"""Files that arrive through the browser: checked, saved under the project with safe names.

A browser gives a file name and bytes; neither may decide where anything is written. Names are
reduced to a safe slug (never a path), the size is checked against one limit, and the suffix
against the kind of file expected. Takes then go through :func:`~toolkit.project.add_take`,
which probes the content, so a text file named ``.mp4`` is refused with a clear message.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from toolkit.errors import UserInputError
from toolkit.messages import register
from toolkit.project.atomic import atomic_write_bytes
from toolkit.project.model import Project, Take
from toolkit.project.names import slugify

register({
    "upload.too_big": (
        "„{name}“ ist {size_mb:.0f} MB groß; erlaubt sind höchstens {limit_mb:.0f} MB. Bitte "
        "kürzer aufnehmen oder vorher am Handy kürzen.",
        "'{name}' is {size_mb:.0f} MB; at most {limit_mb:.0f} MB are allowed. Please record "
        "a shorter clip or trim it on the phone first.",
    ),
    "upload.bad_type": (
        "„{name}“ hat die Endung „{suffix}“; erwartet wird: {allowed}.",
        "'{name}' has the extension '{suffix}'; expected: {allowed}.",
    ),
    "upload.empty": ("„{name}“ ist leer (0 Bytes).", "'{name}' is empty (0 bytes)."),
    "upload.no_audio": ("„{name}“ enthält keinen Ton.", "'{name}' contains no audio."),
})

MAX_UPLOAD_MB = 2000  # the same number as server.maxUploadSize in .streamlit/config.toml
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".3gp", ".mkv", ".webm")
AUDIO_SUFFIXES = (".mp3", ".wav", ".m4a", ".aac", ".ogg", ".flac")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def check_upload(name: str, size: int, allowed: tuple[str, ...],
                 limit_mb: float = MAX_UPLOAD_MB) -> str:
    """Check an upload's size and suffix; return the lower-case suffix.

    Raises:
        UserInputError: Empty, too big, or the wrong kind of file.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise UserInputError("upload.bad_type", name=name, suffix=suffix or "–",
                             allowed=", ".join(allowed))
    if size <= 0:
        raise UserInputError("upload.empty", name=name)
    if size > limit_mb * 1024 * 1024:
        raise UserInputError("upload.too_big", name=name, size_mb=size / 1024 / 1024,
                             limit_mb=limit_mb)
    return suffix


def safe_name(name: str, suffix: str) -> str:
    """A file name made only of the slug of ``name``'s stem and ``suffix`` (never a path)."""
    stem = slugify(Path(name.replace("\\", "/")).stem)[:60] or "upload"
    return f"{stem}{suffix}"


def stage_upload(folder: Path, name: str, data: bytes, allowed: tuple[str, ...],
                 limit_mb: float = MAX_UPLOAD_MB) -> Path:
    """Check ``data`` and write it into ``folder`` under a safe name (atomically)."""
    suffix = check_upload(name, len(data), allowed, limit_mb)
    digest = hashlib.sha256(data).hexdigest()[:10]
    target = folder / digest / safe_name(name, suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return target


def add_uploaded_take(project: Project, shot_id: str, name: str, data: bytes,
                      limit_mb: float = MAX_UPLOAD_MB) -> Take:
    """Attach uploaded bytes as a take of ``shot_id`` (copied into ``media/``, probed first).

    The slow part (writing, probing, copying) happens outside the project's lock; only
    attaching the take is one :func:`~toolkit.project.update_project` step.

    Raises:
        UserInputError: Empty, too big or wrong suffix.
        MediaError: Not a readable video (e.g. a text file named ``.mp4``).
        ProjectError: Unknown shot, or saving failed.
    """
    from toolkit.project.store import update_project
    from toolkit.project.takes import attach_take, stage_take, take_path

    upload = stage_upload(project.folder / "work" / "uploads", name, data, VIDEO_SUFFIXES,
                          limit_mb)
    attached: list[Take] = []
    try:
        staged = stage_take(project, shot_id, upload)
        staged.original_name = Path(name.replace("\\", "/")).name[:200]
        try:
            return update_project(project.folder, lambda p: attached.append(
                attach_take(p, staged)) or attached[-1])
        except BaseException:
            staged.discard()
            for take in attached:
                take_path(project, take).unlink(missing_ok=True)
            raise
    finally:
        upload.unlink(missing_ok=True)
        _remove_empty(upload.parent)


def save_logo(project: Project, name: str, data: bytes) -> str:
    """Save an uploaded logo as ``brand/logo.<ext>``; return that relative path.

    Raises:
        UserInputError: Not a PNG/JPEG by name, empty, too big, or not a readable image.
    """
    import io

    from PIL import Image, UnidentifiedImageError

    suffix = check_upload(name, len(data), IMAGE_SUFFIXES, limit_mb=20)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise UserInputError("upload.bad_type", name=name, suffix=suffix,
                             allowed=", ".join(IMAGE_SUFFIXES)) from None
    relative = f"brand/logo{'.jpg' if suffix == '.jpeg' else suffix}"
    (project.folder / "brand").mkdir(exist_ok=True)
    atomic_write_bytes(project.folder / relative, data)
    return relative


def save_music(project: Project, name: str, data: bytes) -> Path:
    """Save an uploaded music bed under ``media/music/`` (probed: it must have audio).

    Raises:
        UserInputError: Wrong suffix, empty or too big.
        MediaError: Not a readable audio file.
    """
    from toolkit.errors import MediaError
    from toolkit.media.probe import probe

    staged = stage_upload(project.folder / "media" / "music", name, data,
                          AUDIO_SUFFIXES + VIDEO_SUFFIXES, limit_mb=200)
    try:
        if not probe(staged).has_audio:
            raise MediaError("upload.no_audio", name=name)
    except BaseException:
        staged.unlink(missing_ok=True)
        _remove_empty(staged.parent)
        raise
    return staged


def stage_quick_upload(workspace: str | os.PathLike[str], name: str, data: bytes) -> Path:
    """Save a video for quick subtitles (no project) under ``<workspace>/.quick/``."""
    return stage_upload(Path(workspace) / ".quick", name, data, VIDEO_SUFFIXES)


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


MUSIC_FOLDER = "media/music"


def music_path(project: Project, src: Path) -> str:
    """Where the music file ``src`` lives (or will live) inside the project, as a relative
    POSIX path: ``media/music/<hash>/<safe name>``; a file already in ``media/music/`` keeps
    its place."""
    music = (project.folder / MUSIC_FOLDER).resolve()
    full = src.expanduser().resolve()
    if full.is_relative_to(music):
        return full.relative_to(project.folder.resolve()).as_posix()
    digest = hashlib.sha256()
    with open(full, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return f"{MUSIC_FOLDER}/{digest.hexdigest()[:10]}/{safe_name(full.name, full.suffix.lower())}"


def import_music(project: Project, src: str | os.PathLike[str]) -> str:
    """Copy a music bed from anywhere into the project (``media/music/``), so the project
    carries it (``project pack``, a worker on another machine); return its relative path.

    A file already in ``media/music/`` is left where it is. The copy is written atomically
    and probed: it must have audio.

    Raises:
        UserInputError: ``render.music_unreadable``/``render.music_no_audio`` (missing,
            unreadable or silent-less file; see :func:`toolkit.project.music.check_music`).
    """
    import shutil

    from toolkit.project.music import check_music
    from toolkit.project.atomic import atomic_path

    path = Path(src).expanduser()
    check_music(project.folder, str(path.resolve()))
    relative = music_path(project, path)
    target = project.folder / relative
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            shutil.copyfile(path, tmp)
    return relative
