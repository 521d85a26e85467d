"""Load storyboard templates from YAML files and find the shipped ones by id.

Templates live in ``templates/storyboards`` of the repository; more folders can be added with
the environment variable ``MACHMAL_TEMPLATES`` (paths separated by ``os.pathsep``; searched
first, so a company can override a shipped template by giving its copy the same id).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import yaml

from toolkit.resources import templates_dir
from toolkit.errors import TemplateError
from toolkit.messages import register, t
from toolkit.storyboard.checks import check
from toolkit.storyboard.schema import Template
from toolkit.storyboard.yamlsrc import Problem, parse, render_problems, syntax_problem

register({
    "template.invalid": (
        "{file}: Die Vorlage ist ungültig ({count} Fehler):\n{problems}",
        "{file}: the template is invalid ({count} problems):\n{problems}",
    ),
    "template.not_found_file": (
        "{file}: Vorlagendatei nicht gefunden.",
        "{file}: template file not found.",
    ),
    "template.unreadable": (
        "{file}: Die Vorlage lässt sich nicht lesen ({detail}). Bitte als UTF-8 speichern.",
        "{file}: the template cannot be read ({detail}). Please save it as UTF-8.",
    ),
    "template.not_found": (
        "Die Vorlage „{id}“ gibt es nicht. Vorhanden: {known}. "
        "Alle zeigen: machmal template list",
        "There is no template '{id}'. Available: {known}. Show all: machmal template list",
    ),
    "template.duplicate": (
        "Die Vorlagen-ID „{id}“ kommt zweimal vor: {first} und {second}.",
        "The template id '{id}' appears twice: {first} and {second}.",
    ),
})

BUILTIN_DIR = templates_dir() / "storyboards"
_CACHE: dict[tuple[str, int, int], Template] = {}  # templates are immutable: safe to share
SUFFIXES = (".yaml", ".yml")


class TemplateValidationError(TemplateError):
    """A template file breaks the schema; ``problems`` carry lines and fields."""

    def __init__(self, file: Path, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__("template.invalid", file=str(file), count=len(self.problems))

    def message(self, lang: str | None = None) -> str:
        """Render the file name and every problem in ``lang``."""
        return t(self.key, lang, file=str(self.file), count=len(self.problems),
                 problems=render_problems(self.problems, lang))


def load_template(path: str | os.PathLike[str]) -> Template:
    """Read and validate one template file.

    Args:
        path: The YAML file.

    Returns:
        The validated template.

    Raises:
        TemplateError: The file is missing or unreadable.
        TemplateValidationError: The file breaks the schema (file, line and field named).
    """
    file = Path(path)
    try:
        stat = file.stat()
    except FileNotFoundError:
        raise TemplateError("template.not_found_file", file=str(file)) from None
    except OSError as exc:
        raise TemplateError("template.unreadable", file=str(file), detail=str(exc)) from exc
    key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        _CACHE[key] = _read_and_parse(file)
    return _CACHE[key]


def _read_and_parse(file: Path) -> Template:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError("template.not_found_file", file=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError("template.unreadable", file=str(file), detail=str(exc)) from exc
    return parse_template(text, file)


def parse_template(text: str, file: Path) -> Template:
    """Validate template YAML ``text`` (``file`` is used in messages).

    Raises:
        TemplateValidationError: On syntax, schema or cross-reference problems.
    """
    try:
        source = parse(file, text)
    except yaml.YAMLError as exc:
        raise TemplateValidationError(file, [syntax_problem(exc)]) from None
    template, problems = source.validate(Template)
    if template is None:
        raise TemplateValidationError(file, problems)
    problems = check(template, source)
    if problems:
        raise TemplateValidationError(file, problems)
    return template


def template_dirs() -> list[Path]:
    """Folders searched for templates, extra ones (``MACHMAL_TEMPLATES``) first."""
    extra = [Path(p) for p in os.environ.get("MACHMAL_TEMPLATES", "").split(os.pathsep) if p]
    return [*extra, BUILTIN_DIR]


def template_files() -> list[Path]:
    """All template files in :func:`template_dirs`, sorted by name within each folder."""
    files: list[Path] = []
    for folder in template_dirs():
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir()
                            if p.suffix in SUFFIXES and not p.name.startswith("."))
    return files


def list_templates() -> list[tuple[Template, Path]]:
    """Load every available template (an id in an earlier folder hides later ones).

    Raises:
        TemplateValidationError: A template file is invalid.
        TemplateError: Two files in the same folder share an id.
    """
    found: dict[str, tuple[Template, Path]] = {}
    for file in template_files():
        template = load_template(file)
        if template.id in found:
            first = found[template.id][1]
            if first.parent == file.parent:
                raise TemplateError("template.duplicate", id=template.id, first=str(first),
                                    second=str(file))
            continue
        found[template.id] = (template, file)
    return list(found.values())


def find_template(template_id: str) -> tuple[Template, Path]:
    """Return the template with ``template_id`` and its file.

    Raises:
        TemplateError: No template has that id.
    """
    templates = list_templates()
    for template, file in templates:
        if template.id == template_id:
            return template, file
    known = ", ".join(tpl.id for tpl, _ in templates) or "–"
    raise TemplateError("template.not_found", id=template_id, known=known)


def get_template(template_id: str) -> Template:
    """Return the template with ``template_id`` (see :func:`find_template`)."""
    return find_template(template_id)[0]
