"""Takes: recordings attached to the shots of a project.

:func:`add_take` probes the file first (so a photo, a PDF or a broken download is refused with a
clear :class:`~toolkit.errors.MediaError`), copies it into the project's ``media/`` under a
temporary name and renames it when complete. The original is only read, never changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.errors import ProjectError, UserInputError
from toolkit.messages import register
from toolkit.project.atomic import atomic_copy
from toolkit.project.model import Project, Take, now
from toolkit.project.names import slugify
from toolkit.project.store import project_template, save_project

register({
    "take.bad_range": (
        "Ungültiger Ausschnitt: Start {start} s und Ende {end} s müssen 0 ≤ Start < Ende ≤ "
        "{duration:.2f} s (Länge der Aufnahme) erfüllen.",
        "Invalid range: start {start} s and end {end} s must satisfy 0 ≤ start < end ≤ "
        "{duration:.2f} s (length of the recording).",
    ),
    "take.copy_failed": (
        "{file}: Kopieren in das Projekt fehlgeschlagen ({detail}). Ist der Speicher voll?",
        "{file}: copying into the project failed ({detail}). Is the disk full?",
    ),
})

END_TOLERANCE = 0.05  # seconds: container durations are rounded


def add_take(project: Project, shot_id: str, file: str | os.PathLike[str],
             start: float | None = None, end: float | None = None) -> Take:
    """Copy a recording into the project and attach it to ``shot_id``.

    Args:
        project: The project (saved afterwards).
        shot_id: Id of a shot of the project's template.
        file: The recording; it is read, never modified.
        start: In point in seconds (None: from the beginning).
        end: Out point in seconds (None: to the end).

    Returns:
        The recorded :class:`~toolkit.project.model.Take`.

    Raises:
        ProjectError: Unknown shot, or copying/saving failed.
        MediaError: The file is missing or not a readable video/audio file.
        UserInputError: Start/end outside the recording.
    """
    from toolkit.media.probe import probe

    template = project_template(project)
    if template.shot(shot_id) is None:
        known = ", ".join(s.id for s in template.shots())
        raise ProjectError("project.unknown_shot", shot=shot_id, known=known)
    source = Path(file)
    info = probe(source)
    _check_range(start, end, info.duration)
    state = project.shot_state(shot_id)
    take_id = _next_take_id(shot_id, [t.id for t in state.takes])
    target = _free_name(project.folder / "media", take_id, source)
    try:
        sha256 = atomic_copy(source, target)
    except OSError as exc:
        raise ProjectError("take.copy_failed", file=str(source), detail=str(exc)) from exc
    take = Take(id=take_id, file=target.name, original_name=source.name, sha256=sha256,
                duration=round(info.duration, 3), start=start, end=end, added=now())
    state.takes.append(take)
    try:
        save_project(project)
    except BaseException:
        state.takes.remove(take)
        target.unlink(missing_ok=True)
        raise
    return take


def take_path(project: Project, take: Take) -> Path:
    """The take's file inside the project's ``media/``."""
    return project.folder / "media" / take.file


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


def _free_name(media: Path, take_id: str, source: Path) -> Path:
    media.mkdir(parents=True, exist_ok=True)
    suffix = "".join(ch for ch in source.suffix.lower() if ch.isalnum() or ch == ".")[:10]
    stem = f"{take_id}-{slugify(source.stem)}"[:80]
    candidate = media / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = media / f"{stem}-{n}{suffix}"
        n += 1
    return candidate
