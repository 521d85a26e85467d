"""Projects: one video made from a storyboard template.

Typical use::

    from toolkit.project import create_project, add_person, add_take, check_publication_consent

    project = create_project("Duell Bäckerei", "mach-mal-duell", company="Bäckerei Müller")
    add_person(project, "Lena", "challenger", consent=True)
    add_take(project, "hook", "~/Downloads/IMG_0412.MOV", start=0.4, end=3.6)
    check_publication_consent(project)   # raises ConsentError if someone visible said no
"""

from toolkit.project.atomic import atomic_copy, atomic_path, atomic_write_bytes
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
    list_projects,
    load_project,
    open_project,
    project_template,
    save_project,
    workspace_dir,
)
from toolkit.project.takes import add_take, take_path

__all__ = [
    "SCHEMA_VERSION", "BrandKit", "CallToAction", "Consent", "ConsentOverride", "ConsentReport",
    "Person", "Project", "ProjectValidationError", "ShotState", "Take", "add_person", "add_take",
    "atomic_copy", "atomic_path", "atomic_write_bytes", "check_name", "check_publication_consent",
    "create_project", "list_projects", "load_project", "migrate", "open_project",
    "placeholder_values", "project_template", "save_project", "set_consent", "slugify",
    "take_path", "visible_people", "workspace_dir",
]
