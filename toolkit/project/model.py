"""The project file (``project.yaml``): schema, version and migrations.

A project is one video being made from a template: the company's details that fill the
placeholders, the people (with their consent), the brand kit, the call to action, the takes per
shot, an audit trail of consent overrides, and for the showcase a description and the open
apprenticeship position. ``schema_version`` is written into every file;
:func:`migrate` upgrades older files step by step (``MIGRATIONS[n]`` turns version ``n`` into
``n + 1``), so a project from any earlier release still opens.
"""

from __future__ import annotations

from collections.abc import Callable
import datetime as dt
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints,
                      field_validator)

from toolkit.errors import ProjectError
from toolkit.project.editing import EditChoices, StudioChoices
from toolkit.messages import register, t

register({
    "project.too_new": (
        "{file}: Das Projekt wurde mit einer neueren machmal-Version gespeichert "
        "(Format {found}, diese Version kennt bis {known}). Bitte machmal aktualisieren.",
        "{file}: the project was saved by a newer machmal (format {found}, this version knows "
        "up to {known}). Please update machmal.",
    ),
    "project.bad_link": (
        "„{url}“ ist kein Link zum Bewerben: erlaubt sind https://…, http://… oder mailto:….",
        "'{url}' is not a link to apply: use https://…, http://… or mailto:….",
    ),
    "project.bad_version": (
        "{file}: „schema_version“ muss eine ganze Zahl sein (gefunden: {found}).",
        "{file}: 'schema_version' must be a whole number (found: {found}).",
    ),
})

SCHEMA_VERSION = 5
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]


def _not_dots(name: str) -> str:
    if name in (".", ".."):
        raise ValueError("'.' and '..' are not file names")
    return name


# a plain file name inside its folder: no separators, not "." or ".." (never points elsewhere)
FileName = Annotated[str, StringConstraints(pattern=r"^[^/\\\x00]+$"), AfterValidator(_not_dots)]


def now() -> datetime:
    """The current time, timezone-aware and without microseconds (for readable YAML)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class TemplateRef(_Model):
    """Which template (and version of it) the project was made from."""

    id: str
    version: int


class Consent(_Model):
    """A person's consent to publication. ``given`` None: not asked yet."""

    given: bool | None = None
    date: dt.date | None = None
    note: str = ""


class Person(_Model):
    """Somebody who appears in the video."""

    id: str
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    role: str
    consent: Consent = Field(default_factory=Consent)


SPEAKER_COLOURS: dict[str, str] = {"challenger": "#FFD400", "defender": "#4FC3F7"}
"""Default caption colour per role of a duel: yellow and light blue read well with a dark
outline on phone footage and stay apart for colour-blind viewers (blue-yellow axis)."""


class BrandKit(_Model):
    """Logo, colours and font used for titles, lower thirds and the end card.

    ``speakers`` gives each person's caption colour, keyed by role id (``challenger``) or by a
    person's name or id (which wins over the role); people without one keep the style's colour.
    """

    logo: str | None = None
    primary: HexColour = "#E30613"
    secondary: HexColour = "#1D1D1B"
    text: HexColour = "#FFFFFF"
    highlight: HexColour = "#FFD400"
    font: str = "Roboto"
    speakers: dict[str, HexColour] = Field(default_factory=lambda: dict(SPEAKER_COLOURS))


class CallToAction(_Model):
    """What viewers should do at the end (``{cta}`` and ``{url}``)."""

    text: str = "Jetzt bewerben"
    url: str = ""
    qr: bool = True


LINK_SCHEMES = ("https", "http", "mailto")
"""Links a project may publish (no ``javascript:`` or ``data:`` on a public page)."""


def check_link(url: str) -> str:
    """Return ``url`` trimmed if it is empty or a web/mail link.

    Raises:
        ValueError: Another scheme (``javascript:``, ``data:``, a bare word); the message is
            the user's language text, so YAML validation shows it with its line.
    """
    clean = url.strip()
    if not clean:
        return clean
    parts = urlsplit(clean)
    target = parts.path if parts.scheme.lower() == "mailto" else parts.netloc
    if parts.scheme.lower() not in LINK_SCHEMES or not target or any(c.isspace() for c in clean):
        raise ValueError(t("project.bad_link", url=clean))
    return clean


class Position(_Model):
    """The open apprenticeship place the video recruits for (shown by the showcase).

    Empty ``trade`` means the project's trade; empty ``apply_url`` the call to action's link.
    """

    trade: str = ""
    location: str = ""
    start: dt.date | None = None
    apply_url: str = ""

    @field_validator("apply_url")
    @classmethod
    def _web_or_mail_link(cls, value: str) -> str:
        return check_link(value)

    def is_empty(self) -> bool:
        """True when nothing about the position has been entered."""
        return not (self.trade or self.location or self.start or self.apply_url)


class WordCut(_Model):
    """Words dropped from a take's transcript and the cuts that follow from them.

    Attributes:
        words: Indices (0-based) of the dropped words in the take's transcript, for the word
            table (the render reads only ``cuts``).
        cuts: Removed ranges ``[start, end]`` in seconds of the recording, sorted, each snapped
            to the silence between words (see :mod:`toolkit.captions.word_cuts`). A cut from the
            beginning or to the end of the recording moves the take's in or out point.
    """

    words: list[Annotated[int, Field(ge=0)]] = Field(default_factory=list)
    cuts: list[Annotated[list[float], Field(min_length=2, max_length=2)]] = Field(
        default_factory=list)


class Take(_Model):
    """One recording attached to a shot (file relative to the project's ``media/``).

    ``word_cut``: words dropped on the transcript (text-based trimming), None when none are.
    """

    id: str
    file: FileName
    original_name: str
    sha256: str
    duration: float
    start: float | None = None
    end: float | None = None
    added: datetime
    word_cut: WordCut | None = None


class ShotState(_Model):
    """What the project knows about one shot of the template."""

    takes: list[Take] = Field(default_factory=list)
    people: list[str] | None = None  # person ids seen; None: everyone in the shot's roles


class ConsentOverride(_Model):
    """A recorded decision to publish although consent was missing."""

    by: str
    at: datetime
    reason: str
    people: list[str]
    shots: list[str] = Field(default_factory=list)


class Project(_Model):
    """The content of ``project.yaml``."""

    schema_version: Literal[5] = SCHEMA_VERSION
    revision: int = Field(default=0, ge=0)  # grows by one per save (see store.update_project)
    name: str
    slug: str
    created: datetime
    updated: datetime
    template: TemplateRef
    company: str = ""
    trade: str = ""
    placeholders: dict[str, str] = Field(default_factory=dict)
    people: list[Person] = Field(default_factory=list)
    brand: BrandKit = Field(default_factory=BrandKit)
    cta: CallToAction = Field(default_factory=CallToAction)
    description: str = ""
    position: Position = Field(default_factory=Position)
    shots: dict[str, ShotState] = Field(default_factory=dict)
    consent_overrides: list[ConsentOverride] = Field(default_factory=list)
    edit: EditChoices = Field(default_factory=EditChoices)
    studio: StudioChoices = Field(default_factory=StudioChoices)

    _folder: Path | None = PrivateAttr(default=None)

    @property
    def folder(self) -> Path:
        """The project folder (set when the project is created or opened)."""
        if self._folder is None:
            raise ValueError("project has no folder yet")
        return self._folder

    def person(self, ref: str) -> Person | None:
        """Find a person by id or name (case-insensitive)."""
        key = ref.strip().casefold()
        return next((p for p in self.people if p.id == ref or p.name.casefold() == key), None)

    def shot_state(self, shot_id: str) -> ShotState:
        """The state of ``shot_id`` (created empty on first use)."""
        return self.shots.setdefault(shot_id, ShotState())


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 stored ``template`` as a plain id and consent as a bare yes/no."""
    template = data.get("template")
    if isinstance(template, str):
        data["template"] = {"id": template, "version": 1}
    for person in data.get("people") or []:
        consent = person.get("consent") if isinstance(person, dict) else None
        if isinstance(consent, bool) or consent is None:
            person["consent"] = {"given": consent, "date": None,
                                 "note": "aus Format 1 übernommen" if consent is not None else ""}
    data["schema_version"] = 2
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds ``revision``; a file saved before counts as revision 1."""
    return {"schema_version": 3, "revision": 1,
            **{k: v for k, v in data.items() if k != "schema_version"}}


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 adds ``description`` and ``position`` (both have defaults)."""
    data["schema_version"] = 4
    return data


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5 adds the studio's choices (``studio``), word cuts of a take (``word_cut``),
    sound cues and round clocks of the edit (``edit.sound_cues``, ``edit.timers``,
    ``edit.timer_starts``) and caption colours per speaker (``brand.speakers``); all have
    defaults, so a version-4 file reads unchanged. The number is raised so that an older
    machmal refuses such a file with ``project.too_new`` instead of a field error."""
    data["schema_version"] = 5
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


def migrate(data: dict[str, Any], file: Path) -> dict[str, Any]:
    """Upgrade raw project data to :data:`SCHEMA_VERSION` (files without a version are 1).

    Raises:
        ProjectError: The file comes from a newer release or has a nonsense version.
    """
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectError("project.bad_version", file=str(file), found=version)
    if version > SCHEMA_VERSION:
        raise ProjectError("project.too_new", file=str(file), found=version, known=SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](dict(data))
        version = data["schema_version"]
    return data
