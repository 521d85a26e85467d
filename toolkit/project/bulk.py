"""Many recordings at once: which clip is proposed for which shot.

A shoot's clips arrive together (a phone's gallery, a camera's card). Each is proposed for the
next shot still without a take, in the order they were recorded: by the recording time the
files carry (phones and cameras write it, see :func:`toolkit.media.probe.recording_time`),
else by file name in natural order ("clip2" before "clip10"). Clips with a time come first in
time order, clips without one follow in name order. When there are no more clips than
required shots still open, optional shots are skipped (a team films the required shots first);
clips beyond the open shots stay in the list without a shot, never dropped.

:func:`propose` is pure (unit tested); :func:`upload_clip` and :func:`file_clip` read a file's
recording time (and whether the project has its content already), :func:`propose_files` does
both for files on disk, :func:`save_uploads`/:func:`save_files` attach the (corrected)
assignment in one project change.

Each file is written and probed once: an upload is written into the project's ``work/uploads/``
when it is read for the table and moved into ``media/`` when saved (:func:`discard_uploads`
removes the ones not saved; a day-old one left by a closed page goes at the next upload); a
file on disk is probed for the table and copied once when saved.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from toolkit.errors import MachmalError
from toolkit.project.model import Project, Take
from toolkit.project.takes import StagedTake
from toolkit.storyboard.schema import Template

if TYPE_CHECKING:
    from toolkit.media.probe import MediaInfo

T = TypeVar("T")


@dataclass(frozen=True)
class Clip:
    """One recording of a bulk upload.

    Attributes:
        name: The file name the user knows (the browser's, or the file's own name).
        recorded: When it was recorded (aware), None if the file does not say.
        sha256: Hash of the content (None: unknown); a second clip with the same content is
            not proposed again.
        duplicate_of: Id of the take of the project that already has this content (the same
            clip chosen again); such a clip is not proposed for a shot.
        still: A small upright JPEG of the clip (for the table the user corrects), if made.
        file: The recording on disk: the file given, or an upload's copy in ``work/uploads/``.
        info: Its probe (so saving does not probe it again).
    """

    name: str
    recorded: datetime | None = None
    sha256: str | None = None
    duplicate_of: str | None = None
    still: bytes | None = field(default=None, repr=False, compare=False)
    file: Path | None = field(default=None, compare=False)
    info: MediaInfo | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Slot:
    """A shot of the template as far as assigning clips goes."""

    id: str
    optional: bool = False
    has_take: bool = False


@dataclass(frozen=True)
class Proposal:
    """The shot proposed for one clip (in recording order).

    Attributes:
        index: The clip's position in the list given to :func:`propose`.
        clip: The clip.
        shot_id: The proposed shot, None if none is proposed.
        reason: Why none is: ``"in_project"`` (a take has this content), ``"repeat"`` (an
            earlier clip of the list has it) or ``"no_shot"`` (no open shot left).
    """

    index: int
    clip: Clip
    shot_id: str | None
    reason: str | None = None


@dataclass
class BulkResult:
    """What :func:`save_uploads` did: the takes added and the files refused (with why)."""

    added: list[Take] = field(default_factory=list)
    refused: list[tuple[str, MachmalError]] = field(default_factory=list)


_DIGITS = re.compile(r"([0-9]+)")
STILL_HEIGHT = 96  # pixels: the still of a clip in the bulk upload table
UPLOAD_PREFIX = ".bulk-"  # an upload's copy in work/uploads/ until it is saved
STALE_SECONDS = 24 * 3600  # an upload's copy this old belongs to a page closed long ago


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders numbers inside names by value: ``clip2`` < ``clip10``."""
    parts = _DIGITS.split(name.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def clip_order(clips: Sequence[Clip]) -> list[int]:
    """Positions of ``clips`` in recording order (timed first by time, then the rest by name)."""
    timed = sorted((i for i, c in enumerate(clips) if c.recorded is not None),
                   key=lambda i: (clips[i].recorded, natural_key(clips[i].name), i))
    untimed = sorted((i for i, c in enumerate(clips) if c.recorded is None),
                     key=lambda i: (natural_key(clips[i].name), i))
    return timed + untimed


def propose(clips: Sequence[Clip], slots: Sequence[Slot]) -> list[Proposal]:
    """Propose a shot for every clip, in recording order.

    Args:
        clips: The uploaded clips, in any order.
        slots: All shots of the template in storyboard order.

    Returns:
        One :class:`Proposal` per clip, in recording order; clips beyond the open shots, clips
        already in the project and repeats of an earlier clip get ``shot_id=None``.
    """
    order = clip_order(clips)
    seen: set[str] = set()
    fresh = []
    for i in order:
        clip = clips[i]
        if clip.duplicate_of is None and (clip.sha256 is None or clip.sha256 not in seen):
            fresh.append(i)
        if clip.sha256 is not None:
            seen.add(clip.sha256)
    open_slots = [s for s in slots if not s.has_take]
    required = [s for s in open_slots if not s.optional]
    targets = iter(required if len(fresh) <= len(required) else open_slots)
    proposed = {i: next(targets, None) for i in fresh}
    result = []
    for i in order:
        slot = proposed.get(i)
        reason = (None if slot is not None else "in_project" if clips[i].duplicate_of
                  else "no_shot" if i in proposed else "repeat")
        result.append(Proposal(index=i, clip=clips[i], shot_id=slot.id if slot else None,
                               reason=reason))
    return result


def known_contents(project: Project) -> dict[str, str]:
    """The project's takes by content hash: sha256 -> take id."""
    return {take.sha256: take.id for state in project.shots.values() for take in state.takes}


def next_missing(slots: Sequence[Slot], after: str | None = None) -> str | None:
    """The next shot after ``after`` (wrapping round) still without a take, required shots
    before optional ones; None if every shot has one."""
    ids = [s.id for s in slots]
    start = ids.index(after) + 1 if after in ids else 0
    ring = [*slots[start:], *slots[:start]]
    for wanted in (False, True):
        found = next((s.id for s in ring if not s.has_take and s.optional == wanted), None)
        if found is not None:
            return found
    return None


def shot_slots(project: Project, template: Template) -> list[Slot]:
    """The template's shots with whether ``project`` has a take for each."""
    return [Slot(id=s.id, optional=s.optional,
                 has_take=bool(s.id in project.shots and project.shots[s.id].takes))
            for s in template.shots()]


def file_clip(path: str | os.PathLike[str], project: Project | None = None) -> Clip:
    """A file on disk as a :class:`Clip` (probed: it must be a recording); with ``project``,
    whether a take already has its content.

    Raises:
        MediaError: Missing, unreadable, a photo or only sound.
    """
    from toolkit.atomic import file_sha256
    from toolkit.project.takes import check_recording

    source = Path(path)
    info = check_recording(source)
    sha = file_sha256(source)
    return Clip(name=source.name, recorded=info.recorded, sha256=sha,
                duplicate_of=known_contents(project).get(sha) if project else None,
                file=source, info=info)


def propose_files(project: Project, paths: Sequence[str | os.PathLike[str]]
                  ) -> tuple[list[tuple[Path, Proposal]], list[MachmalError]]:
    """Read files on disk and propose a shot for each (CLI, scripts).

    Returns:
        ``(path, proposal)`` per readable file in recording order, and the errors of the
        files that are no recording (each naming its file).
    """
    from toolkit.project.store import project_template

    readable: list[tuple[Path, Clip]] = []
    refused: list[MachmalError] = []
    for path in paths:
        try:
            readable.append((Path(path), file_clip(path, project)))
        except MachmalError as error:
            refused.append(error)
    proposals = propose([clip for _, clip in readable],
                        shot_slots(project, project_template(project)))
    return [(readable[p.index][0], p) for p in proposals], refused


def upload_clip(project: Project, name: str, data: bytes) -> Clip:
    """Uploaded bytes as a :class:`Clip`: written once into ``work/uploads/`` (kept for
    :func:`save_uploads`), probed once, with a small still.

    Raises:
        UserInputError: Empty or too big.
        MediaError: Not a recording; the message names ``name``, never a server path.
    """
    from toolkit.atomic import atomic_write_bytes
    from toolkit.media.thumbnail import thumbnail
    from toolkit.project.takes import check_recording
    from toolkit.project.uploads import MAX_UPLOAD_MB, as_user_file, check_upload, shown_name

    suffix = check_upload(name, len(data), None, MAX_UPLOAD_MB)
    folder = project.folder / "work" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale(folder)
    path = folder / f"{UPLOAD_PREFIX}{uuid.uuid4().hex}{suffix}"
    atomic_write_bytes(path, data)
    try:
        info = check_recording(path)
    except BaseException as error:
        path.unlink(missing_ok=True)
        if isinstance(error, MachmalError):
            raise as_user_file(error, name) from error
        raise
    sha = hashlib.sha256(data).hexdigest()
    return Clip(name=shown_name(name), recorded=info.recorded, sha256=sha,
                duplicate_of=known_contents(project).get(sha),
                still=thumbnail(path, info, height=STILL_HEIGHT), file=path, info=info)


def discard_uploads(clips: Iterable[Clip]) -> None:
    """Remove the ``work/uploads/`` copies of upload clips that are not saved (files given on
    disk are never touched)."""
    for clip in clips:
        if clip.file is not None and clip.file.name.startswith(UPLOAD_PREFIX):
            clip.file.unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    """Remove upload copies of pages closed long ago (older than :data:`STALE_SECONDS`)."""
    cutoff = time.time() - STALE_SECONDS
    for old in folder.glob(f"{UPLOAD_PREFIX}*"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass  # another page removed it first


def save_uploads(project: Project, files: Sequence[tuple[Clip, str]]) -> BulkResult:
    """Attach every ``(clip, shot_id)`` of :func:`upload_clip` as a take, all in ONE project
    change (one undo). The clips' copies are moved into ``media/``, not written or probed
    again; a refused clip is listed in the result and does not stop the others.

    Raises:
        ProjectError: Saving failed (then no take is attached).
    """
    from toolkit.project.takes import stage_moved

    return _save(project, files, lambda clip, shot_id: stage_moved(
        project, shot_id, _needed(clip.file, clip), _needed(clip.info, clip),
        _needed(clip.sha256, clip), clip.name))


def save_files(project: Project, files: Sequence[tuple[Clip, str]]) -> BulkResult:
    """Like :func:`save_uploads` for the clips of :func:`file_clip` (``(clip, shot_id)``
    pairs, CLI): each file is copied once, not probed again."""
    from toolkit.project.takes import stage_take

    return _save(project, files, lambda clip, shot_id: stage_take(
        project, shot_id, _needed(clip.file, clip), info=clip.info))


def _save(project: Project, files: Sequence[tuple[Clip, str]],
          stage: Callable[[Clip, str], StagedTake]) -> BulkResult:
    """Stage every clip for its shot (refused ones listed), then attach all in one change."""
    from toolkit.project.uploads import attach_staged

    result = BulkResult()
    staged: list[StagedTake] = []
    for clip, shot_id in files:
        try:
            staged.append(stage(clip, shot_id))
        except MachmalError as error:
            result.refused.append((clip.name, error))
    if staged:
        result.added = attach_staged(project, staged)
    return result


def _needed(value: T | None, clip: Clip) -> T:
    """A field :func:`upload_clip`/:func:`file_clip` fill (a programming error if missing)."""
    if value is None:
        raise ValueError(f"clip {clip.name!r} was not made by upload_clip or file_clip")
    return value
