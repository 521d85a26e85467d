"""The programme of a digital fair: time slots with company, trade and a stream or video link.

A programme is a YAML file (example: ``templates/fair/beispiel-programm.yaml``)::

    title: 55 Stunden Zukunft
    timezone: Europe/Berlin          # optional; times without an offset are read in this zone
    slots:
      - start: 2026-03-12T09:00
        end: 2026-03-12T09:30
        company: Bäckerei Müller
        trade: Bäcker:in
        link: https://example.org/live/baeckerei   # a stream, or:
        project: Duell Bäckerei                    # a project in the showcase: its video

Errors name the file, the line and the field (the project files' YAML reader). Slot times are
kept timezone-aware, so the page can compare them with the visitor's clock wherever they are.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, \
    model_validator

from toolkit.errors import UserInputError
from toolkit.messages import register, t
from toolkit.project.model import check_link
from toolkit.storyboard.yamlsrc import Problem, parse, render_problems, syntax_problem

register({
    "fair.invalid": (
        "{file}: Das Messeprogramm ist ungültig ({count} Fehler):\n{problems}",
        "{file}: the fair programme is invalid ({count} problems):\n{problems}",
    ),
    "fair.unreadable": (
        "{file}: Das Messeprogramm lässt sich nicht lesen ({detail}).",
        "{file}: the fair programme cannot be read ({detail}).",
    ),
    "fair.end_before_start": (
        "Das Ende ({end}) muss nach dem Beginn ({start}) liegen.",
        "The end ({end}) must be after the start ({start}).",
    ),
    "fair.bad_zone": (
        "Unbekannte Zeitzone „{zone}“; üblich ist „Europe/Berlin“.",
        "Unknown time zone '{zone}'; usually 'Europe/Berlin'.",
    ),
})

DEFAULT_ZONE = "Europe/Berlin"
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Slot(_Model):
    """One time slot of the fair (times are aware after :class:`Programme` validation)."""

    start: datetime
    end: datetime
    company: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=200)]
    trade: Text = ""
    title: Text = ""
    link: str = ""
    project: Text = ""

    @field_validator("link")
    @classmethod
    def _web_link(cls, value: str) -> str:
        return check_link(value)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Slot:
        start, end = self.start, self.end
        if (start.tzinfo is None) == (end.tzinfo is None) and end <= start:
            raise ValueError(t("fair.end_before_start", start=start.isoformat(),
                               end=end.isoformat()))
        return self


class Programme(_Model):
    """A fair's programme: a title, the zone of its times, and the slots (sorted by start)."""

    title: Text = ""
    timezone: str = DEFAULT_ZONE
    slots: list[Slot] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        _zone(value)
        return value

    @model_validator(mode="after")
    def _aware_and_sorted(self) -> Programme:
        zone = _zone(self.timezone)
        for slot in self.slots:
            slot.start, slot.end = _aware(slot.start, zone), _aware(slot.end, zone)
            if slot.end <= slot.start:
                raise ValueError(t("fair.end_before_start", start=slot.start.isoformat(),
                                   end=slot.end.isoformat()))
        self.slots.sort(key=lambda s: s.start)
        return self

    @property
    def zone(self) -> tzinfo:
        """The programme's time zone."""
        return _zone(self.timezone)


class ProgrammeError(UserInputError):
    """The programme file is unreadable or breaks the schema; ``problems`` carry lines."""

    def __init__(self, file: Path, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("fair.invalid", file=str(file), count=len(problems))

    def message(self, lang: str | None = None) -> str:
        """Render the file name and every problem in ``lang``."""
        return t(self.key, lang, file=str(self.file), count=len(self.problems),
                 problems=render_problems(self.problems, lang))


def load_programme(path: str | os.PathLike[str]) -> Programme:
    """Read and validate a fair programme.

    Raises:
        UserInputError: ``fair.unreadable`` when the file cannot be read.
        ProgrammeError: Syntax or schema problems, each with its line and field.
    """
    file = Path(path)
    try:
        source = parse(file, file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError("fair.unreadable", file=str(file), detail=str(exc)) from exc
    except yaml.YAMLError as exc:
        raise ProgrammeError(file, [syntax_problem(exc)]) from None
    programme, problems = source.validate(Programme)
    if programme is None:
        raise ProgrammeError(file, problems)
    return programme


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(t("fair.bad_zone", zone=name)) from None


def _aware(moment: datetime, zone: tzinfo) -> datetime:
    """Attach ``zone`` to a naive time, then fix the offset (so differences are exact)."""
    aware = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
    return aware.astimezone(timezone(aware.utcoffset() or timedelta(0)))
