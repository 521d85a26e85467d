"""Brand kits: logo, colours and font from a small YAML file (see ``templates/brand``)."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from toolkit.resources import templates_dir
from toolkit.errors import ProjectError
from toolkit.messages import register
from toolkit.atomic import atomic_copy
from toolkit.project.model import BrandKit, Project
from toolkit.project.store import save_project
from toolkit.storyboard.yamlsrc import parse, render_problems, syntax_problem

register({
    "brand.invalid": (
        "{file}: Das Brandkit ist ungültig:\n{problems}",
        "{file}: the brand kit is invalid:\n{problems}",
    ),
    "brand.unreadable": (
        "{file}: Das Brandkit lässt sich nicht lesen ({detail}).",
        "{file}: the brand kit cannot be read ({detail}).",
    ),
    "brand.logo_missing": (
        "{file}: Die Logo-Datei {logo} fehlt.",
        "{file}: the logo file {logo} is missing.",
    ),
})

EXAMPLE = templates_dir() / "brand" / "beispiel-brandkit.yaml"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


def load_brand_kit(path: str | os.PathLike[str]) -> tuple[BrandKit, Path | None]:
    """Read a brand kit file; return it and the absolute logo path (if any).

    Raises:
        ProjectError: The file is unreadable or invalid, or its logo is missing.
    """
    file = Path(path)
    try:
        source = parse(file, file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError("brand.unreadable", file=str(file), detail=str(exc)) from exc
    except yaml.YAMLError as exc:
        raise ProjectError("brand.invalid", file=str(file),
                           problems=render_problems([syntax_problem(exc)])) from None
    kit, problems = source.validate(BrandKit)
    if kit is None:
        # rendered now: brand kits are small and this message is shown right away
        raise ProjectError("brand.invalid", file=str(file), problems=render_problems(problems))
    logo = (file.parent / kit.logo) if kit.logo else None
    if logo is not None and not logo.is_file():
        raise ProjectError("brand.logo_missing", file=str(file), logo=str(logo))
    return kit, logo


def apply_brand_kit(project: Project, path: str | os.PathLike[str], *,
                    save: bool = True) -> BrandKit:
    """Copy a brand kit (and its logo, into ``<project>/brand/``) into the project and save.

    Raises:
        ProjectError: The kit is unreadable or invalid, or saving failed.
    """
    kit, logo = load_brand_kit(path)
    if logo is not None:
        folder = project.folder / "brand"
        folder.mkdir(exist_ok=True)
        suffix = logo.suffix.lower() if logo.suffix.lower() in LOGO_SUFFIXES else ".png"
        atomic_copy(logo, folder / f"logo{suffix}")
        kit = kit.model_copy(update={"logo": f"brand/logo{suffix}"})
    project.brand = kit
    if save:
        save_project(project)
    return kit


def logo_path(project: Project) -> Path | None:
    """The project's logo file, if it has one that exists."""
    if not project.brand.logo:
        return None
    path = project.folder / project.brand.logo
    return path if path.is_file() else None


def speaker_colour(project: Project, ref: str) -> str | None:
    """The caption colour of a person (by name or id): their own entry in the brand kit's
    ``speakers``, else their role's, else None (the caption style's colour)."""
    person = project.person(ref)
    if person is None:
        return None
    colours = project.brand.speakers
    return colours.get(person.name) or colours.get(person.id) or colours.get(person.role)


__all__ = ["EXAMPLE", "apply_brand_kit", "load_brand_kit", "logo_path", "speaker_colour"]
