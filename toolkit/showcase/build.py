"""Build a showcase folder (or zip) from projects; the entry points of the package.

The site is written into a hidden temporary folder beside the target and moved into place only
when complete, so a crash or a cancel leaves the previous site (or nothing), never half a site.
An existing target is replaced only when it is empty or a showcase written before (it carries a
marker file); any other folder is refused rather than overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import UserInputError
from toolkit.messages import language, register, t
from toolkit.atomic import atomic_path
from toolkit.showcase.collect import Excluded, Included, select_projects, shown_project
from toolkit.showcase.programme import Programme, load_programme
from toolkit.showcase.site import SiteInput, write_site
from toolkit.showcase.texts import format_slot

register({
    "showcase.out_not_empty": (
        "{folder} ist nicht leer und keine frühere Showcase-Seite. Bitte einen leeren oder "
        "neuen Ordner angeben (vorhandene Dateien werden nicht überschrieben).",
        "{folder} is not empty and not an earlier showcase. Please give an empty or new folder "
        "(existing files are not overwritten).",
    ),
    "showcase.empty": (
        "Kein Projekt kann gezeigt werden:\n{reasons}",
        "No project can be shown:\n{reasons}",
    ),
    "showcase.no_projects": (
        "Bitte mindestens ein Projekt angeben.", "Please name at least one project.",
    ),
})

MARKER = ".machmal-showcase"
_STORED = (".mp4", ".jpg", ".jpeg", ".png")  # already compressed: stored, not deflated


@dataclass
class ShowcaseResult:
    """What :func:`build_showcase` produced.

    Attributes:
        out_dir: The site folder (for a zip build: a temporary folder, already removed).
        index: The German start page (``index.html``; English: ``index.en.html``).
        included: The projects shown, each with the finished video used.
        excluded: The projects left out, each with the reason.
        warnings: Other things to fix (e.g. a programme slot whose project is not shown).
        archive: The zip file, for :func:`build_showcase_zip`.
    """

    out_dir: Path
    index: Path
    included: list[Included] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    archive: Path | None = None


class ShowcaseEmpty(UserInputError):
    """Nothing could be shown; ``excluded`` says why for every project."""

    def __init__(self, excluded: list[Excluded]) -> None:
        self.excluded = excluded
        reasons = "\n".join(f"  {e.name}: {e.reason}" for e in excluded)
        super().__init__("showcase.empty", reasons=reasons)


def build_showcase(project_refs: Iterable[str], out_dir: str | os.PathLike[str], *,
                   title: str | None = None,
                   fair: str | os.PathLike[str] | Programme | None = None,
                   workspace: str | os.PathLike[str] | None = None) -> ShowcaseResult:
    """Write a self-contained static showcase site of the projects' finished videos.

    Args:
        project_refs: Project names (or folder names) in the order to show them; the first
            shown one is the featured video.
        out_dir: Target folder: new, empty, or a showcase built before (it is replaced).
        title: Page title (default: the programme's title, else a generic one).
        fair: A fair programme (YAML file or loaded :class:`Programme`) shown as a schedule.
        workspace: Workspace holding the projects.

    Returns:
        A :class:`ShowcaseResult` naming the included and the excluded projects.

    Raises:
        UserInputError: No projects named, or the target is a folder with other files.
        ShowcaseEmpty: No project can be shown and there is no programme.
        ProgrammeError: The programme file is invalid.
    """
    refs = list(project_refs)
    if not refs and fair is None:
        raise UserInputError("showcase.no_projects")
    target = Path(out_dir)
    _check_target(target)
    programme = load_programme(fair) if isinstance(fair, (str, os.PathLike)) else fair
    selection = select_projects(refs, workspace)
    if not selection.included and programme is None:
        raise ShowcaseEmpty(selection.excluded)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        write_site(SiteInput(title, selection.included, programme), tmp)
        (tmp / MARKER).write_text("machmal showcase\n", encoding="utf-8")
        _swap_into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ShowcaseResult(target, target / "index.html", selection.included, selection.excluded,
                          _slot_warnings(programme, selection.included))


def build_showcase_zip(project_refs: Iterable[str],
                       zip_path: str | os.PathLike[str] | None = None, *,
                       title: str | None = None,
                       fair: str | os.PathLike[str] | Programme | None = None,
                       workspace: str | os.PathLike[str] | None = None) -> ShowcaseResult:
    """Build the showcase in a temporary folder and pack it as one zip (for a download).

    Args:
        project_refs: As for :func:`build_showcase`.
        zip_path: Where to write the zip (written atomically); default: a new temporary file
            the caller deletes when done.
        title: As for :func:`build_showcase`.
        fair: As for :func:`build_showcase`.
        workspace: As for :func:`build_showcase`.

    Returns:
        The :class:`ShowcaseResult`; ``archive`` is the zip. Its ``out_dir`` no longer exists.
    """
    if zip_path is None:
        fd, name = tempfile.mkstemp(prefix="machmal-showcase-", suffix=".zip")
        os.close(fd)
        zip_path = name
    archive = Path(zip_path)
    with tempfile.TemporaryDirectory(prefix="machmal-showcase-") as work:
        result = build_showcase(project_refs, Path(work) / "showcase", title=title, fair=fair,
                                workspace=workspace)
        with atomic_path(archive) as tmp, zipfile.ZipFile(tmp, "w") as zf:
            for file in sorted(result.out_dir.rglob("*")):
                if file.is_file() and file.name != MARKER:
                    method = zipfile.ZIP_STORED if file.suffix.lower() in _STORED \
                        else zipfile.ZIP_DEFLATED
                    zf.write(file, Path("showcase") / file.relative_to(result.out_dir),
                             compress_type=method)
    result.archive = archive
    return result


def _slot_warnings(programme: Programme | None, included: list[Included]) -> list[str]:
    if programme is None:
        return []
    return [t("showcase.slot_without_video", project=slot.project, company=slot.company,
              when=format_slot(slot.start, slot.end, programme.zone, language()))
            for slot in programme.slots
            if slot.project and not slot.link and shown_project(slot.project, included) is None]


def _check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or (
            any(target.iterdir()) and not (target / MARKER).is_file())):
        raise UserInputError("showcase.out_not_empty", folder=str(target))


def _swap_into_place(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames (the old site is removed afterwards)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
