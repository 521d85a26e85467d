"""Storyboard templates: schema, loader with line-accurate errors, placeholders.

Typical use::

    from toolkit.storyboard import get_template, fill

    duel = get_template("mach-mal-duell")
    for shot in duel.shots():
        print(shot.id, shot.title.get("de"), shot.seconds)
"""

from toolkit.storyboard.loader import (
    TemplateValidationError,
    find_template,
    get_template,
    list_templates,
    load_template,
    parse_template,
    template_dirs,
)
from toolkit.storyboard.placeholders import fill, known_names, names_in, values_for
from toolkit.storyboard.schema import (
    FRAMING_LABELS,
    Lesson,
    Line,
    OnScreen,
    Role,
    Scene,
    Shot,
    Template,
    Text,
    Tip,
)

__all__ = [
    "FRAMING_LABELS", "Lesson", "Line", "OnScreen", "Role", "Scene", "Shot", "Template",
    "TemplateValidationError", "Text", "Tip", "fill", "find_template", "get_template",
    "known_names", "list_templates", "load_template", "names_in", "parse_template",
    "template_dirs", "values_for",
]
