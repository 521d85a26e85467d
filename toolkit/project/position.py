"""The open apprenticeship position and the description a project shows in the showcase.

Both functions change the project in memory only; callers save it (the CLI through the project
store's read-modify-write), so several edits become one save.
"""

from __future__ import annotations

import datetime as dt

from toolkit.errors import UserInputError
from toolkit.messages import register
from toolkit.project.model import Position, Project, check_link

register({
    "project.description_too_long": (
        "Die Beschreibung ist zu lang ({length} Zeichen, höchstens {limit}). Bitte kürzen.",
        "The description is too long ({length} characters, at most {limit}). Please shorten it.",
    ),
})

MAX_DESCRIPTION = 2000


def set_position(project: Project, *, trade: str | None = None, location: str | None = None,
                 start: dt.date | None = None, apply_url: str | None = None,
                 clear: bool = False) -> Position:
    """Update the fields given (None leaves a field as it is) and return the position.

    Args:
        project: The project to change (not saved here).
        trade: Trade of the place (empty: the project's trade).
        location: Where the apprenticeship takes place.
        start: When it starts.
        apply_url: Where to apply (``https://…``, ``http://…`` or ``mailto:…``).
        clear: Start from an empty position before applying the other arguments.

    Raises:
        UserInputError: ``project.bad_link`` for a link that is not web or mail.
    """
    if apply_url is not None:
        try:
            apply_url = check_link(apply_url)
        except ValueError:
            raise UserInputError("project.bad_link", url=apply_url.strip()) from None
    current = Position() if clear else project.position
    changes = {"trade": trade.strip() if trade is not None else None,
               "location": location.strip() if location is not None else None,
               "start": start, "apply_url": apply_url}
    project.position = current.model_copy(
        update={k: v for k, v in changes.items() if v is not None})
    return project.position


def set_description(project: Project, text: str) -> str:
    """Set the video's description (plain text, shown as text, never as HTML).

    Raises:
        UserInputError: ``project.description_too_long``.
    """
    clean = text.strip()
    if len(clean) > MAX_DESCRIPTION:
        raise UserInputError("project.description_too_long", length=len(clean),
                             limit=MAX_DESCRIPTION)
    project.description = clean
    return clean


def effective_position(project: Project) -> Position:
    """The position with the project's trade and call-to-action link filled in where empty.

    An unsafe call-to-action link (not web or mail) is left out rather than published.
    """
    position = project.position
    try:
        url = position.apply_url or check_link(project.cta.url)
    except ValueError:
        url = ""
    return position.model_copy(update={"trade": position.trade or project.trade,
                                       "apply_url": url})
