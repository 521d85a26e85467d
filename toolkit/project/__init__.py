"""Projects: one video made from a storyboard template.

Typical use::

    from toolkit.project import create_project, add_person, add_take, check_publication_consent

    project = create_project("Duell Bäckerei", "mach-mal-duell", company="Bäckerei Müller")
    add_person(project, "Lena", "challenger", consent=True)
    add_take(project, "hook", "~/Downloads/IMG_0412.MOV", start=0.4, end=3.6)
    check_publication_consent(project)   # raises ConsentError if someone visible said no

    # safe against other processes writing the same project (CLI, app, job workers):
    update_project("Duell Bäckerei", lambda p: p.placeholders.update(aufgabe="Brezeln"))
"""

from toolkit.atomic import atomic_copy, atomic_path, atomic_write_bytes
from toolkit.project.commit import ProjectConflictError
from toolkit.project.history import Revision
from toolkit.project.locking import ProjectBusyError
from toolkit.project.consent import (
    ConsentReport,
    add_person,
    check_publication_consent,
    set_consent,
    visible_people,
)
from toolkit.project.model import (
    SCHEMA_VERSION,
    BrandKit,
    CallToAction,
    Consent,
    ConsentOverride,
    Person,
    Project,
    ShotState,
    Take,
    migrate,
)
from toolkit.project.names import check_name, slugify
from toolkit.project.placeholders import placeholder_values
from toolkit.project.store import (
    ProjectValidationError,
    create_project,
    find_project_folder,
    list_projects,
    load_project,
    open_project,
    project_template,
    save_project,
    update_project,
    workspace_dir,
)
from toolkit.project.revisions import project_history, restore_revision, undo_last_change
from toolkit.project.takes import add_take, import_take, take_path, take_range
from toolkit.project.pack import PackResult, pack_project
from toolkit.project.unpack import unpack_project
from toolkit.project.zipcheck import UnsafeArchiveError

__all__ = [
    "SCHEMA_VERSION", "BrandKit", "CallToAction", "Consent", "ConsentOverride", "ConsentReport",
    "PackResult", "Person", "Project", "ProjectBusyError", "ProjectConflictError",
    "ProjectValidationError", "Revision", "ShotState", "Take", "UnsafeArchiveError", "add_person",
    "add_take", "atomic_copy", "atomic_path", "atomic_write_bytes", "check_name",
    "check_publication_consent", "create_project", "find_project_folder", "import_take",
    "list_projects", "load_project", "migrate", "open_project", "pack_project",
    "placeholder_values", "project_history", "project_template", "restore_revision",
    "save_project", "set_consent", "slugify", "take_path", "take_range", "undo_last_change",
    "unpack_project", "update_project", "visible_people", "workspace_dir",
]
