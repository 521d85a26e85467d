"""Projects on disk: the workspace, creating, finding, loading and saving projects.

Layout of one project (the folder name is the slug of the display name)::

    <workspace>/<slug>/project.yaml   the project (written atomically)
                      template.yaml  the template as it was when the project was made
                      media/         originals, never modified
                      work/          derived files (can be rebuilt)
                      exports/       finished videos

The workspace is ``--workspace`` (CLI), else ``MACHMAL_WORKSPACE``, else the user's data folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from toolkit.errors import ProjectError
from toolkit.messages import register, t
from toolkit.project.atomic import atomic_copy, atomic_write_bytes
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
    "project.save_failed": (
        "{file}: Speichern fehlgeschlagen ({detail}). Die vorherige Fassung ist unverändert.",
        "{file}: saving failed ({detail}). The previous version is unchanged.",
    ),
    "project.workspace_unusable": (
        "Der Arbeitsordner {workspace} kann nicht angelegt werden ({detail}).",
        "The workspace {workspace} cannot be created ({detail}).",
    ),
})

PROJECT_FILE = "project.yaml"
TEMPLATE_FILE = "template.yaml"
SUBFOLDERS = ("media", "work", "exports")


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
    ws = workspace_dir(workspace)
    projects = list_projects(ws)
    for display, folder in projects:
        if same_name(display, ref):
            return load_project(folder)
    for _display, folder in projects:
        if folder.name == ref.strip():
            return load_project(folder)
    known = ", ".join(f"„{d}“" for d, _ in projects) or "–"
    raise ProjectError("project.not_found", name=ref, workspace=str(ws), known=known)


def load_project(folder: str | os.PathLike[str]) -> Project:
    """Load ``folder/project.yaml`` (migrating older formats in memory).

    Raises:
        ProjectError: The file is missing, unreadable, from a newer release, or invalid.
    """
    path = Path(folder) / PROJECT_FILE
    try:
        source = parse(path, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError("project.unreadable", file=str(path), detail=str(exc)) from exc
    except yaml.YAMLError as exc:
        raise ProjectValidationError(path, [syntax_problem(exc)]) from None
    if isinstance(source.data, dict):
        source.data = migrate(source.data, path)
    project, problems = source.validate(Project)
    if project is None:
        raise ProjectValidationError(path, problems)
    project._folder = Path(folder)
    return project


def save_project(project: Project) -> None:
    """Write ``project.yaml`` atomically (the old file survives any failure).

    Raises:
        ProjectError: Writing failed; the previous file is unchanged.
    """
    project.updated = now()
    data = project.model_dump(mode="json")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path = project.folder / PROJECT_FILE
    try:
        atomic_write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise ProjectError("project.save_failed", file=str(path), detail=str(exc)) from exc


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
        data = yaml.safe_load((folder / PROJECT_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return folder.name
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else folder.name
