"""Takes: recordings attached to the shots of a project.

:func:`add_take` probes the file first (so a photo, a PDF or a broken download is refused with a
clear :class:`~toolkit.errors.MediaError`), copies it into the project's ``media/`` under a
temporary name and renames it when complete. The original is only read, never changed.
:func:`import_take` does the same for a project given by name while other processes may write
to it: the slow copy happens outside the project's lock, only attaching it inside.
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import MediaError, ProjectError, UserInputError
from toolkit.messages import register
from toolkit.atomic import atomic_copy
from toolkit.project.model import Project, Take, now
from toolkit.project.names import slugify
from toolkit.project.store import (
    ProjectRef,
    find_project_folder,
    load_project,
    project_template,
    save_project,
    update_project,
)

if TYPE_CHECKING:
    from toolkit.media.probe import MediaInfo

register({
    "take.unknown": (
        "Im Projekt gibt es keinen Take „{take}“. Vorhanden: {known}.",
        "The project has no take '{take}'. Available: {known}.",
    ),
    "take.bad_range": (
        "Ungültiger Ausschnitt: Start {start} s und Ende {end} s müssen 0 ≤ Start < Ende ≤ "
        "{duration:.2f} s (Länge der Aufnahme) erfüllen.",
        "Invalid range: start {start} s and end {end} s must satisfy 0 ≤ start < end ≤ "
        "{duration:.2f} s (length of the recording).",
    ),
    "take.copy_failed": (
        "{file}: Kopieren in das Projekt fehlgeschlagen. Ist der Speicher voll? Bitte Platz "
        "schaffen und die Aufnahme erneut hinzufügen.",
        "{file}: copying into the project failed. Is the disk full? Please free some space "
        "and add the recording again.",
    ),
    "take.upload_gone": (
        "{file}: Die hochgeladene Datei ist nicht mehr da (die Seite war lange offen). Bitte "
        "die Datei noch einmal wählen.",
        "{file}: the uploaded file is gone (the page was open for a long time). Please choose "
        "the file again.",
    ),
    "take.no_video": (
        "{path}: Die Datei enthält nur Ton, kein Bild. Für einen Shot bitte die Videoaufnahme "
        "wählen.",
        "{path}: the file holds only sound, no picture. Please choose the video recording "
        "for a shot.",
    ),
    "take.still_image": (
        "{path}: Das ist ein Foto, keine Videoaufnahme. Für einen Shot bitte ein Video wählen.",
        "{path}: this is a photo, not a video recording. Please choose a video for a shot.",
    ),
})

LOG = logging.getLogger(__name__)
# FFmpeg demuxers of single pictures: readable, but no recording (besides every "*_pipe"
# picture demuxer: png_pipe, jpeg_pipe, webp_pipe, ...)
_STILL_CONTAINERS = ("image2", "gif", "heif")

END_TOLERANCE = 0.05  # seconds: container durations are rounded


@dataclass
class StagedTake:
    """A recording copied into ``media/`` under a temporary name, not yet part of a shot."""

    shot_id: str
    path: Path
    original_name: str
    sha256: str
    duration: float
    start: float | None
    end: float | None

    def discard(self) -> None:
        """Remove the copy (the take was not attached)."""
        self.path.unlink(missing_ok=True)


def add_take(project: Project, shot_id: str, file: str | os.PathLike[str],
             start: float | None = None, end: float | None = None, *,
             save: bool = True) -> Take:
    """Copy a recording into the project and attach it to ``shot_id``.

    Args:
        project: The project (saved afterwards with :func:`save_project` unless ``save`` is
            False).
        shot_id: Id of a shot of the project's template.
        file: The recording; it is read, never modified.
        start: In point in seconds (None: from the beginning).
        end: Out point in seconds (None: to the end).
        save: Save the project afterwards.

    Returns:
        The recorded :class:`~toolkit.project.model.Take`.

    Raises:
        ProjectError: Unknown shot, or copying/saving failed.
        MediaError: The file is missing or not a readable video/audio file.
        UserInputError: Start/end outside the recording.
    """
    staged = stage_take(project, shot_id, file, start, end)
    take: Take | None = None
    try:
        take = attach_take(project, staged)
        if save:
            save_project(project)
    except BaseException:
        if take is not None:
            project.shot_state(shot_id).takes.remove(take)
            take_path(project, take).unlink(missing_ok=True)
        staged.discard()
        raise
    return take


def import_take(ref: ProjectRef, shot_id: str, file: str | os.PathLike[str],
                start: float | None = None, end: float | None = None, *,
                workspace: str | os.PathLike[str] | None = None) -> Take:
    """Add a take to the newest revision of a project, safe against concurrent writers.

    The file is probed and copied without holding the project's lock; only attaching it (take
    id, final file name, saving) happens inside :func:`update_project`.

    Raises:
        ProjectError, MediaError, UserInputError: As :func:`add_take`.
    """
    project = ref if isinstance(ref, Project) else load_project(find_project_folder(ref,
                                                                                    workspace))
    staged = stage_take(project, shot_id, file, start, end)
    attached: list[Take] = []

    def attach(current: Project) -> Take:
        attached.append(attach_take(current, staged))
        return attached[-1]

    try:
        return update_project(ref, attach, workspace=workspace)
    except BaseException:
        staged.discard()
        for take in attached:
            take_path(project, take).unlink(missing_ok=True)
        raise


def stage_take(project: Project, shot_id: str, file: str | os.PathLike[str],
               start: float | None = None, end: float | None = None, *,
               info: MediaInfo | None = None) -> StagedTake:
    """Check a recording and copy it into ``media/`` under a temporary name.

    Args:
        project: The project.
        shot_id: The shot it is for.
        file: The recording (only read).
        start: In point (None: from the beginning).
        end: Out point (None: to the end).
        info: Its :func:`check_recording` result when the caller has it already (then the
            file is not probed again).

    Raises:
        ProjectError: Unknown shot, or copying failed.
        MediaError: The file is missing or not a readable video/audio file.
        UserInputError: Start/end outside the recording.
    """
    _check_shot(project, shot_id)
    source = Path(file)
    info = info if info is not None else check_recording(source)
    _check_range(start, end, info.duration)
    target = _incoming(project, source)
    try:
        sha256 = atomic_copy(source, target)
    except OSError as exc:
        LOG.warning("copying %s to %s failed: %s", source, target, exc)
        raise ProjectError("take.copy_failed", file=str(source)) from exc
    return StagedTake(shot_id, target, source.name, sha256, round(info.duration, 3),
                      start, end)


def stage_moved(project: Project, shot_id: str, source: Path, info: MediaInfo, sha256: str,
                name: str) -> StagedTake:
    """Like :func:`stage_take` for a recording the project already holds in ``work/`` (an
    upload, written and probed once): moved into ``media/``, not copied or probed again.

    Args:
        project: The project.
        shot_id: The shot it is for.
        source: The file below the project's folder (it is moved).
        info: Its :func:`check_recording` result.
        sha256: Its content hash.
        name: The name the user knows it by (messages, the take's file name).

    Raises:
        ProjectError: Unknown shot, the file is gone, or moving failed.
    """
    _check_shot(project, shot_id)
    target = _incoming(project, source)
    try:
        os.replace(source, target)
    except FileNotFoundError as exc:
        raise ProjectError("take.upload_gone", file=name) from exc
    except OSError as exc:
        LOG.warning("moving %s to %s failed: %s", source, target, exc)
        raise ProjectError("take.copy_failed", file=name) from exc
    return StagedTake(shot_id, target, name, sha256, round(info.duration, 3), None, None)


def _check_shot(project: Project, shot_id: str) -> None:
    template = project_template(project)
    if template.shot(shot_id) is None:
        known = ", ".join(s.id for s in template.shots())
        raise ProjectError("project.unknown_shot", shot=shot_id, known=known)


def _incoming(project: Project, source: Path) -> Path:
    """A temporary name in ``media/`` for ``source`` (hidden, keeps its suffix)."""
    media = project.folder / "media"
    media.mkdir(parents=True, exist_ok=True)
    return media / f".incoming-{uuid.uuid4().hex}{_suffix(source)}"


def check_recording(source: Path) -> MediaInfo:
    """Probe ``source`` and check it can be a take: any container FFmpeg reads, with a
    moving picture (not a photo, not only sound).

    Raises:
        MediaError: Missing, unreadable, a photo or only sound.
    """
    from toolkit.media.probe import probe

    info = probe(source)
    if not info.has_video:
        raise MediaError("take.no_video", path=str(source))
    if info.container in _STILL_CONTAINERS or info.container.endswith("_pipe"):
        raise MediaError("take.still_image", path=str(source))
    return info


def attach_take(project: Project, staged: StagedTake) -> Take:
    """Give a staged recording its take id and final name and add it to its shot (no save)."""
    state = project.shot_state(staged.shot_id)
    take_id = _next_take_id(staged.shot_id, [t.id for t in state.takes])
    target = _claim_name(project.folder / "media", take_id, staged)
    try:
        os.replace(staged.path, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    take = Take(id=take_id, file=target.name, original_name=staged.original_name,
                sha256=staged.sha256, duration=staged.duration, start=staged.start,
                end=staged.end, added=now())
    state.takes.append(take)
    return take


def find_take(project: Project, take_id: str) -> tuple[str, Take]:
    """``(shot id, take)`` of ``take_id``.

    Raises:
        ProjectError: No such take.
    """
    for shot_id, state in project.shots.items():
        for take in state.takes:
            if take.id == take_id:
                return shot_id, take
    known = ", ".join(t.id for s in project.shots.values() for t in s.takes) or "–"
    raise ProjectError("take.unknown", take=take_id, known=known)


def take_path(project: Project, take: Take) -> Path:
    """The take's file inside the project's ``media/``."""
    return project.folder / "media" / take.file


def take_range(take: Take) -> tuple[float, float]:
    """The take's in/out points as the user set them (the whole recording when none are set).

    THE one place that says what a missing start or end means; the app, the edit and the
    exports ask it.
    """
    return (take.start or 0.0, take.end if take.end is not None else take.duration)


def _check_range(start: float | None, end: float | None, duration: float) -> None:
    lo = 0.0 if start is None else start
    hi = duration if end is None else end
    limit = duration + END_TOLERANCE if duration > 0 else float("inf")
    if lo < 0 or hi <= lo or hi > limit:
        raise UserInputError("take.bad_range", start=start if start is not None else 0,
                             end=end if end is not None else round(duration, 2),
                             duration=duration)


def _next_take_id(shot_id: str, existing: list[str]) -> str:
    n = len(existing) + 1
    while f"{shot_id}-{n:02d}" in existing:
        n += 1
    return f"{shot_id}-{n:02d}"


def _suffix(source: Path) -> str:
    return "".join(ch for ch in source.suffix.lower() if ch.isalnum() or ch == ".")[:10]


def _claim_name(media: Path, take_id: str, staged: StagedTake) -> Path:
    """Reserve a free final name (exclusive create, so two writers never pick the same)."""
    stem = f"{take_id}-{slugify(Path(staged.original_name).stem)}"[:80]
    suffix = staged.path.suffix
    for n in range(1, 10_000):
        candidate = media / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            with open(candidate, "xb"):
                return candidate
        except FileExistsError:
            continue
    raise ProjectError("take.copy_failed", file=staged.original_name, detail="no free name")
