"""Projects on disk: the workspace, creating, finding, loading and saving projects.

Layout of one project (the folder name is the slug of the display name)::

    <workspace>/<slug>/project.yaml   the project (written atomically, one revision per save)
                      project.lock   the exclusive lock every writer holds (see locking.py)
                      history/       the last 50 revisions (see history.py)
                      template.yaml  the template as it was when the project was made
                      media/         originals, never modified
                      work/          derived files (can be rebuilt)
                      exports/       finished videos

The workspace is ``--workspace`` (CLI), else ``MACHMAL_WORKSPACE``, else the user's data folder.
Every write goes through :func:`update_project` (or :func:`save_project`): read-modify-write
under the project's lock, a stale edit merged or refused (see commit.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, Union

import yaml

from toolkit.errors import ProjectError
from toolkit.messages import register, t
from toolkit.atomic import atomic_copy
from toolkit.project.commit import PROJECT_FILE, adopt, commit, project_at, project_data
from toolkit.project.locking import project_lock
from toolkit.project.model import Project, TemplateRef, migrate, now
from toolkit.project.names import check_name, same_name, slugify
from toolkit.storyboard import Template, find_template, load_template
from toolkit.storyboard.yamlsrc import Problem, parse, render_problems, syntax_problem

register({
    "project.exists": (
        "Es gibt schon ein Projekt „{name}“ (Ordner {folder}). Bitte einen anderen Namen wählen.",
        "A project '{name}' already exists (folder {folder}). Please choose another name.",
    ),
    "project.not_found": (
        "Kein Projekt „{name}“ im Arbeitsordner {workspace}. Vorhanden: {known}.",
        "No project '{name}' in the workspace {workspace}. Available: {known}.",
    ),
    "project.invalid": (
        "{file}: Die Projektdatei ist ungültig ({count} Fehler):\n{problems}",
        "{file}: the project file is invalid ({count} problems):\n{problems}",
    ),
    "project.unreadable": (
        "{file}: Die Projektdatei lässt sich nicht lesen ({detail}).",
        "{file}: the project file cannot be read ({detail}).",
    ),
    "project.workspace_unusable": (
        "Der Arbeitsordner {workspace} kann nicht angelegt werden ({detail}).",
        "The workspace {workspace} cannot be created ({detail}).",
    ),
})

TEMPLATE_FILE = "template.yaml"
SUBFOLDERS = ("media", "work", "exports")
T = TypeVar("T")
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
ProjectRef = Union[str, Project, "os.PathLike[str]"]


class ProjectValidationError(ProjectError):
    """``project.yaml`` breaks the schema; ``problems`` carry lines and fields."""

    def __init__(self, file: Path, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("project.invalid", file=str(file), count=len(problems))

    def message(self, lang: str | None = None) -> str:
        """Render the file name and every problem in ``lang``."""
        return t(self.key, lang, file=str(self.file), count=len(self.problems),
                 problems=render_problems(self.problems, lang))


def workspace_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder that holds all projects (see module docstring); not created here."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("MACHMAL_WORKSPACE", "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("machmal") / "projects"


def project_folders(workspace: Path) -> list[Path]:
    """Folders in ``workspace`` that contain a ``project.yaml``, sorted."""
    if not workspace.is_dir():
        return []
    return sorted(p for p in workspace.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / PROJECT_FILE).is_file())


def list_projects(workspace: str | os.PathLike[str] | None = None) -> list[tuple[str, Path]]:
    """``(display name, folder)`` of every project; unreadable files show the folder name."""
    return [(_display_name(folder), folder) for folder in project_folders(workspace_dir(workspace))]


def create_project(name: str, template_id: str, *, company: str = "", trade: str = "",
                   workspace: str | os.PathLike[str] | None = None) -> Project:
    """Create a project folder from a template and save its ``project.yaml``.

    Args:
        name: Display name (umlauts and spaces allowed; must be unique in the workspace).
        template_id: Id of the template to use.
        company: Company name (``{firma}``).
        trade: Trade (``{beruf}``).
        workspace: Workspace folder (default: see :func:`workspace_dir`).

    Raises:
        ProjectError: Bad or duplicate name, unusable workspace, or saving failed.
        TemplateError: Unknown or invalid template.
    """
    clean = check_name(name)
    template, template_file = find_template(template_id)
    ws = workspace_dir(workspace)
    for existing, folder in list_projects(ws):
        if same_name(existing, clean):
            raise ProjectError("project.exists", name=existing, folder=str(folder))
    folder = _claim_folder(ws, slugify(clean))
    try:
        for sub in SUBFOLDERS:
            (folder / sub).mkdir()
        atomic_copy(template_file, folder / TEMPLATE_FILE)
        stamp = now()
        project = Project(name=clean, slug=folder.name, created=stamp, updated=stamp,
                          template=TemplateRef(id=template.id, version=template.version),
                          company=company.strip(), trade=trade.strip())
        project._folder = folder
        save_project(project)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return project


def open_project(ref: str, workspace: str | os.PathLike[str] | None = None) -> Project:
    """Find a project by display name (case-insensitive) or folder name and load it.

    Raises:
        ProjectError: No such project, or its file is unreadable or invalid.
    """
    return load_project(find_project_folder(ref, workspace))


def load_project(folder: str | os.PathLike[str]) -> Project:
    """Load ``folder/project.yaml`` (migrating older formats in memory).

    Raises:
        ProjectError: The file is missing, unreadable, from a newer release, or invalid.
    """
    path = Path(folder) / PROJECT_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError("project.unreadable", file=str(path), detail=str(exc)) from exc
    project = parse_project(text, path)
    project._folder = Path(folder)
    return project


def parse_project(text: str, file: Path) -> Project:
    """Parse and validate the text of a ``project.yaml`` (older formats are migrated).

    Args:
        text: The YAML text.
        file: Where it comes from (named in error messages).

    Raises:
        ProjectError: From a newer release, or invalid (with lines and fields).
    """
    try:
        source = parse(file, text)
    except yaml.YAMLError as exc:
        raise ProjectValidationError(file, [syntax_problem(exc)]) from None
    if isinstance(source.data, dict):
        source.data = migrate(source.data, file)
    project, problems = source.validate(Project)
    if project is None:
        raise ProjectValidationError(file, problems)
    return project


def save_project(project: Project) -> None:
    """Save ``project`` as the next revision, under the project's lock.

    ``project.revision`` says which revision the object was read at. If another writer saved
    since, the edit is merged with the newer revision field by field, or refused when both
    changed the same field. On success the object holds the saved state (new revision; merged
    data if it was merged).

    Raises:
        ProjectConflictError: The object is stale and overlaps with newer changes.
        ProjectBusyError: Another process held the lock for longer than the timeout.
        ProjectError: Writing failed; the previous file is unchanged.
    """
    folder = project.folder
    with project_lock(folder):
        saved = commit(folder, project, _current_data(folder))
    adopt(project, saved)


def update_project(ref: ProjectRef, fn: Callable[[Project], T], *,
                   workspace: str | os.PathLike[str] | None = None,
                   expected_revision: int | None = None) -> T:
    """Change a project safely: read, ``fn(project)``, save, all under an exclusive lock.

    Concurrent writers (other processes, app sessions, job workers) wait for each other, so
    every change lands. With ``expected_revision`` (the revision the caller showed the user),
    ``fn`` is applied to that revision and the result is merged with anything saved since:
    changes to other fields are kept, a change to the same field is refused.

    Args:
        ref: Display name or folder name (str), project folder (path) or a loaded
            :class:`Project` (which is updated to the saved state afterwards).
        fn: Changes the project in place; its return value is returned. Raising in ``fn``
            saves nothing.
        workspace: Workspace folder (default: see :func:`workspace_dir`).
        expected_revision: The revision the edit is based on (None: the newest).

    Returns:
        Whatever ``fn`` returned.

    Raises:
        ProjectBusyError: Another process held the lock for longer than the timeout.
        ProjectConflictError: A stale edit overlaps with newer changes.
        ProjectError: Unknown project, unreadable file, base revision gone or saving failed.
    """
    folder = find_project_folder(ref, workspace)
    with project_lock(folder):
        current = load_project(folder)
        theirs = project_data(current)
        if expected_revision is None or expected_revision == current.revision:
            work = current
        else:
            work = project_at(folder, expected_revision, theirs)
        result = fn(work)
        if work is current and project_data(work) == theirs:
            saved = current  # nothing changed: no new revision
        else:
            saved = commit(folder, work, theirs)
    if isinstance(ref, Project):
        adopt(ref, saved)
    return result


def find_project_folder(ref: ProjectRef, workspace: str | os.PathLike[str] | None = None
                        ) -> Path:
    """The folder of a project given by name, folder name, folder path or loaded project.

    Raises:
        ProjectError: No such project.
    """
    if isinstance(ref, Project):
        return ref.folder
    ws = workspace_dir(workspace)
    if isinstance(ref, os.PathLike):
        folder = Path(ref)
        if (folder / PROJECT_FILE).is_file():
            return folder
        ref = folder.name
    guess = ws / slugify(ref)  # the usual case, without reading every project
    if (guess / PROJECT_FILE).is_file() and same_name(_display_name(guess), ref):
        return guess
    projects = list_projects(ws)
    for display, folder in projects:
        if same_name(display, ref):
            return folder
    for _display, folder in projects:
        if folder.name == ref.strip():
            return folder
    known = ", ".join(f"„{d}“" for d, _ in projects) or "–"
    raise ProjectError("project.not_found", name=ref, workspace=str(ws), known=known)


def project_template(project: Project) -> Template:
    """The project's storyboard: its template snapshot, else the shipped template by id."""
    snapshot = project.folder / TEMPLATE_FILE
    if snapshot.is_file():
        return load_template(snapshot)
    return find_template(project.template.id)[0]


def _claim_folder(workspace: Path, slug: str) -> Path:
    """Create and return a new, unused folder ``slug``, ``slug-2``, … (race-free mkdir)."""
    try:
        workspace.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError("project.workspace_unusable", workspace=str(workspace),
                           detail=str(exc)) from exc
    for n in range(1, 1000):
        folder = workspace / (slug if n == 1 else f"{slug}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise ProjectError("project.exists", name=slug, folder=str(workspace / slug))


def _display_name(folder: Path) -> str:
    try:
        data = yaml.load((folder / PROJECT_FILE).read_text(encoding="utf-8"),  # noqa: S506
                         Loader=_FAST_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return folder.name
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else folder.name


def _current_data(folder: Path) -> dict[str, Any] | None:
    """The project on disk as plain data (None before the first save)."""
    if not (folder / PROJECT_FILE).is_file():
        return None
    return project_data(load_project(folder))


def __getattr__(name: str) -> Any:
    """History functions live in :mod:`toolkit.project.revisions` (loaded on first use)."""
    if name in ("project_history", "restore_revision", "undo_last_change"):
        from toolkit.project import revisions

        return getattr(revisions, name)
    raise AttributeError(name)
