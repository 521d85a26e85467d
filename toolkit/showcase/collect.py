"""Which projects go into a showcase, with which finished video, and why others do not.

A project is shown when its publication consent holds (everyone visible said yes, or a recorded
override covers everyone who did not) and its ``exports/`` folder holds a finished video a
browser can play. The rows prefer vertical (9:16) videos; any other finished one is used when
there is no vertical one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import ConsentError, MachmalError, MediaError
from toolkit.messages import register, t
from toolkit.project.consent import check_publication_consent, visible_people
from toolkit.project.model import Project
from toolkit.project.store import open_project

register({
    "showcase.no_video": (
        "Noch kein fertiges Video in {folder} (erst rendern oder exportieren).",
        "No finished video in {folder} yet (render or export it first).",
    ),
    "showcase.not_playable": (
        "{file}: Das Video lässt sich im Browser nicht abspielen ({detail}). Bitte neu "
        "exportieren.",
        "{file}: the video cannot be played in a browser ({detail}). Please export it again.",
    ),
    "showcase.slot_without_video": (
        "Programmpunkt {when} ({company}): Das Projekt „{project}“ wird nicht gezeigt, der "
        "Punkt bekommt keinen Video-Link.",
        "Programme slot {when} ({company}): the project '{project}' is not shown, so the slot "
        "gets no video link.",
    ),
    "showcase.override_note": (
        "veröffentlicht mit festgehaltener Ausnahme ({people})",
        "published under a recorded exception ({people})",
    ),
})

BROWSER_CODECS = frozenset({"h264", "vp8", "vp9", "av1"})
ASPECT_ORDER = ("9:16", "4:5", "1:1", "16:9")


@dataclass(frozen=True)
class FinishedVideo:
    """One finished export of a project (``exports/<platform>.mp4`` and its sidecars).

    Attributes:
        platform: The file stem (the platform id).
        video: The MP4.
        cover: The cover image beside it, if any.
        captions: The WebVTT (or SRT) sidecar, if any.
        width: Display width.
        height: Display height.
        duration: Seconds.
    """

    platform: str
    video: Path
    cover: Path | None
    captions: Path | None
    width: int
    height: int
    duration: float

    @property
    def aspect(self) -> str:
        """The nearest common aspect name (``9:16``, ``1:1``, ``4:5`` or ``16:9``)."""
        from toolkit.platforms import aspect_of

        return aspect_of(self.width, self.height)


@dataclass(frozen=True)
class Included:
    """A project shown in the showcase, with the video chosen for it."""

    project: Project
    video: FinishedVideo
    note: str = ""


@dataclass(frozen=True)
class Excluded:
    """A project left out, with the reason in the user's language and its message key."""

    name: str
    reason: str
    key: str


@dataclass
class Selection:
    """The outcome of :func:`select_projects`."""

    included: list[Included] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)


def select_projects(refs: Iterable[str], workspace: str | os.PathLike[str] | None = None
                    ) -> Selection:
    """Open every project and decide whether it is shown (each at most once, in given order)."""
    selection, seen = Selection(), set()
    for ref in refs:
        try:
            project = open_project(ref, workspace)
            if project.folder.resolve() in seen:
                continue
            seen.add(project.folder.resolve())
            note = consent_note(project)
            video = choose_video(project)
        except MachmalError as error:
            selection.excluded.append(Excluded(ref, str(error), error.key))
            continue
        selection.included.append(Included(project, video, note))
    return selection


def shown_project(ref: str, included: Iterable[Included]) -> Included | None:
    """The shown project a programme slot refers to (by display or folder name), if any."""
    key = ref.strip().casefold()
    return next((i for i in included if key and key in (i.project.name.casefold(),
                                                        i.project.slug)), None)


def consent_note(project: Project) -> str:
    """Check publication consent; return a note when a recorded override is what allows it.

    Raises:
        ConsentError: Someone visible has no "yes" and no recorded override names them.
        ProjectError: The project's shots do not match its template.
    """
    try:
        check_publication_consent(project)
    except ConsentError:
        missing = _missing_names(project)
        overridden = {name for o in project.consent_overrides for name in o.people}
        if not missing or not missing <= overridden:
            raise
        return t("showcase.override_note", people=", ".join(sorted(missing)))
    return ""


def choose_video(project: Project) -> FinishedVideo:
    """The finished video to show: vertical first, then 4:5, 1:1, 16:9; by platform order.

    Raises:
        MediaError: ``showcase.no_video`` or ``showcase.not_playable``.
    """
    from toolkit.platforms import PRESETS

    exports = project.folder / "exports"
    files = sorted(p for p in exports.glob("*.mp4") if not p.name.startswith(".")) \
        if exports.is_dir() else []
    if not files:
        raise MediaError("showcase.no_video", folder=str(exports))
    videos, problem = [], None
    for file in files:
        try:
            videos.append(_finished(file))
        except MediaError as error:
            problem = problem or error
    if not videos:
        raise problem  # type: ignore[misc]  # files were found, so a problem was recorded
    order = list(PRESETS)

    def rank(v: FinishedVideo) -> tuple[int, int, str]:
        aspect = ASPECT_ORDER.index(v.aspect) if v.aspect in ASPECT_ORDER else len(ASPECT_ORDER)
        return aspect, order.index(v.platform) if v.platform in order else len(order), v.platform

    return min(videos, key=rank)


def _finished(file: Path) -> FinishedVideo:
    from toolkit.media.probe import probe

    info = probe(file)
    if info.video is None or info.video.codec not in BROWSER_CODECS:
        detail = info.video.codec if info.video else "kein Bild / no picture"
        raise MediaError("showcase.not_playable", file=str(file), detail=detail)
    cover = file.with_suffix(".jpg")
    captions = next((c for c in (file.with_suffix(".vtt"), file.with_suffix(".srt"))
                     if c.is_file()), None)
    return FinishedVideo(file.stem, file, cover if cover.is_file() else None, captions,
                         info.video.display_width, info.video.display_height, info.duration)


def _missing_names(project: Project) -> set[str]:
    seen, _ = visible_people(project)
    people = [project.person(pid) for pid in seen]
    return {p.name for p in people if p is not None and p.consent.given is not True}
