"""Files that arrive through the browser: checked, saved under the project with safe names.

A browser gives a file name and bytes; neither may decide where anything is written. Names are
reduced to a safe slug (never a path) and the size is checked against one limit. Recordings
(takes, quick subtitles) are accepted by their content, not their suffix: anything FFmpeg can
read with a picture is a take (.mpg, .mts, .3gp, .avi …), and a text file named ``.mp4`` is
refused with a message that names the browser's file name, never the server's path; FFmpeg's
own words go to the log. Logos and music keep a suffix check.
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path

from toolkit.errors import MachmalError, UserInputError
from toolkit.messages import register
from toolkit.atomic import atomic_write_bytes, file_sha256
from toolkit.project.model import Project, Take
from toolkit.project.names import slugify
from toolkit.project.takes import StagedTake

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


def check_upload(name: str, size: int, allowed: tuple[str, ...] | None,
                 limit_mb: float = MAX_UPLOAD_MB) -> str:
    """Check an upload's size and suffix; return the lower-case suffix (letters and digits).

    Args:
        name: The browser's file name.
        size: Bytes.
        allowed: Suffixes accepted; None: any (the content decides, see :func:`as_user_file`).
        limit_mb: Largest size accepted.

    Raises:
        UserInputError: Empty, too big, or the wrong kind of file.
    """
    suffix = _clean_suffix(name)
    name = shown_name(name)
    if allowed is not None and suffix not in allowed:
        raise UserInputError("upload.bad_type", name=name, suffix=suffix or "–",
                             allowed=", ".join(allowed))
    if size <= 0:
        raise UserInputError("upload.empty", name=name)
    if size > limit_mb * 1024 * 1024:
        raise UserInputError("upload.too_big", name=name, size_mb=size / 1024 / 1024,
                             limit_mb=limit_mb)
    return suffix


def _clean_suffix(name: str) -> str:
    suffix = Path(name.replace("\\", "/")).suffix.lower()
    kept = "".join(ch for ch in suffix[1:] if ch.isascii() and ch.isalnum())[:8]
    return f".{kept}" if kept else ""


def shown_name(name: str) -> str:
    """The browser's file name as messages show it: its last part, never a folder path."""
    return Path(name.replace("\\", "/")).name[:200] or name[:200]


def as_user_file(error: MachmalError, name: str) -> MachmalError:
    """The same error, naming the browser's file ``name`` instead of a server path."""
    renamed = copy.copy(error)
    renamed.params = {k: (shown_name(name) if k in ("path", "file") else v)
                      for k, v in error.params.items()}
    return renamed


def safe_name(name: str, suffix: str) -> str:
    """A file name made only of the slug of ``name``'s stem and ``suffix`` (never a path)."""
    stem = slugify(Path(name.replace("\\", "/")).stem)[:60] or "upload"
    return f"{stem}{suffix}"


def stage_upload(folder: Path, name: str, data: bytes, allowed: tuple[str, ...] | None,
                 limit_mb: float = MAX_UPLOAD_MB, digest: str | None = None) -> Path:
    """Check ``data`` and write it into ``folder`` under a safe name (atomically).

    ``digest``: the SHA-256 of ``data`` when the caller has it already (hashed only once).
    """
    suffix = check_upload(name, len(data), allowed, limit_mb)
    digest = digest or hashlib.sha256(data).hexdigest()
    target = folder / digest[:10] / safe_name(name, suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return target


def add_uploaded_take(project: Project, shot_id: str, name: str, data: bytes,
                      limit_mb: float = MAX_UPLOAD_MB) -> Take:
    """Attach uploaded bytes as a take of ``shot_id`` (written once, probed, moved into
    ``media/``).

    The slow part (writing, probing) happens outside the project's lock; only
    attaching the take is one :func:`~toolkit.project.update_project` step.

    Any suffix is accepted: the content decides (probed). Every message names ``name`` (the
    browser's file name), never the server's staging path.

    Raises:
        UserInputError: Empty or too big.
        MediaError: Not a readable video (e.g. a text file named ``.mp4``, a photo, a sound).
        ProjectError: Unknown shot, or saving failed.
    """
    return attach_staged(project, [stage_uploaded_take(project, shot_id, name, data,
                                                       limit_mb)])[0]


def stage_uploaded_take(project: Project, shot_id: str, name: str, data: bytes,
                        limit_mb: float = MAX_UPLOAD_MB) -> StagedTake:
    """Check uploaded bytes and put them into ``media/`` under a temporary name (no lock):
    written once (into ``work/uploads/``), probed, then moved.

    Raises:
        UserInputError, MediaError, ProjectError: As :func:`add_uploaded_take`.
    """
    from toolkit.project.takes import check_recording, stage_moved

    digest = hashlib.sha256(data).hexdigest()
    upload = stage_upload(project.folder / "work" / "uploads", name, data, None, limit_mb,
                          digest)
    try:
        try:
            info = check_recording(upload)
        except MachmalError as error:
            raise as_user_file(error, name) from error
        return stage_moved(project, shot_id, upload, info, digest, shown_name(name))
    finally:
        upload.unlink(missing_ok=True)
        _remove_empty(upload.parent)


def attach_staged(project: Project, staged: list[StagedTake]) -> list[Take]:
    """Attach staged takes in ONE :func:`~toolkit.project.update_project` step (one undo);
    on failure none is attached and the copies are removed."""
    from toolkit.project.store import update_project
    from toolkit.project.takes import attach_take, take_path

    attached: list[Take] = []

    def attach(current: Project) -> list[Take]:
        attached.clear()
        attached.extend(attach_take(current, one) for one in staged)
        return list(attached)

    try:
        return update_project(project.folder, attach)
    except BaseException:
        for one in staged:
            one.discard()
        for take in attached:
            take_path(project, take).unlink(missing_ok=True)
        raise


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
    except BaseException as error:
        staged.unlink(missing_ok=True)
        _remove_empty(staged.parent)
        if isinstance(error, MachmalError):
            raise as_user_file(error, name) from error
        raise
    return staged


def stage_quick_upload(workspace: str | os.PathLike[str], name: str, data: bytes) -> Path:
    """Save a video for quick subtitles (no project) under ``<workspace>/.quick/``.

    Any suffix is accepted; the content is probed at once, so an unreadable file is refused
    here (naming ``name``), not later in the job.

    Raises:
        UserInputError: Empty or too big.
        MediaError: Not a readable video or audio file.
    """
    from toolkit.media.probe import probe

    staged = stage_upload(Path(workspace) / ".quick", name, data, None)
    try:
        probe(staged)
    except MachmalError as error:
        staged.unlink(missing_ok=True)
        _remove_empty(staged.parent)
        raise as_user_file(error, name) from error
    return staged


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
    return f"{MUSIC_FOLDER}/{file_sha256(full)[:10]}/{safe_name(full.name, full.suffix.lower())}"


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
    from toolkit.atomic import atomic_path

    path = Path(src).expanduser()
    check_music(project.folder, str(path.resolve()))
    relative = music_path(project, path)
    target = project.folder / relative
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            shutil.copyfile(path, tmp)
    return relative
