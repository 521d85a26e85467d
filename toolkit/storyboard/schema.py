"""The storyboard template schema (pydantic v2).

A template is a video format a company can copy: metadata (title, platforms, target length),
roles (challenger, defender, host …), scenes made of shots, and optionally trainer lessons.
Every text a user reads is bilingual (:class:`Text`: ``{de: …, en: …}``; a plain string counts
as German). Cross-references (roles, placeholders, lengths) are checked in
:mod:`toolkit.storyboard.checks`, which knows the file's lines.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from toolkit.messages import language

TEMPLATE_FORMAT = 1
"""Version of the template file format this code reads (the ``format:`` field)."""

Framing = Literal["close-up", "medium", "wide", "two-shot", "over-the-shoulder", "detail"]
Orientation = Literal["portrait", "landscape"]
Platform = Literal["instagram_reels", "tiktok", "youtube_shorts", "facebook_reels",
                   "instagram_story", "youtube", "linkedin"]
TipTopic = Literal["light", "sound", "framing", "acting", "general"]
OnScreenKind = Literal["title", "lower_third", "score", "timer", "cta", "text", "logo"]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
RoleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
PlaceholderName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]

FRAMING_LABELS: dict[str, tuple[str, str]] = {
    "close-up": ("Nah", "Close-up"),
    "medium": ("Halbnah", "Medium"),
    "wide": ("Totale", "Wide"),
    "two-shot": ("Zweier", "Two-shot"),
    "over-the-shoulder": ("Über die Schulter", "Over the shoulder"),
    "detail": ("Detail", "Detail"),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A bilingual text. ``en`` falls back to ``de`` when missing."""

    de: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = {"de": value}
        if isinstance(value, dict):
            return {k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v
                    for k, v in value.items()}
        return value

    def get(self, lang: str | None = None) -> str:
        """Return the text in ``lang`` (default: the active language)."""
        if (lang or language()) == "en" and self.en:
            return self.en
        return self.de

    def __str__(self) -> str:
        return self.get()


class Role(_Model):
    """A part somebody plays in the video."""

    id: RoleId
    title: Text
    description: Text | None = None


class Placeholder(_Model):
    """A value the company fills in, used as ``{name}`` in texts.

    ``firma``, ``beruf``, ``url``, ``cta`` and ``<role>_name`` exist without a declaration.
    """

    label: Text
    from_role: RoleId | None = None
    example: str | None = None


class Line(_Model):
    """Something said on camera (``role`` None: voice-over)."""

    role: RoleId | None = None
    text: Text


class OnScreen(_Model):
    """Text shown in the picture (title, lower third, score …)."""

    kind: OnScreenKind
    text: Text


class Transitions(_Model):
    """How the picture passes between shots and between scenes (the template's editing style).

    Attributes:
        scenes: Between scenes (and from the title card, to the end card): ``cut``, ``beat``
            (a hard cut on a hit sound), ``whip`` (a fast horizontal push with motion blur) or
            ``slide`` (the next scene pushes up from below).
        shots: Between the shots of one scene: ``cut`` or ``beat``.
        seconds: Length of a whip or slide.
    """

    scenes: Literal["cut", "beat", "whip", "slide"] = "cut"
    shots: Literal["cut", "beat"] = "cut"
    seconds: Annotated[float, Field(ge=0.1, le=0.5)] = 0.25


class Tip(_Model):
    """A coaching tip for one shot."""

    topic: TipTopic
    text: Text


class Shot(_Model):
    """One camera set-up: what to film, who, how and how long."""

    id: Ident
    title: Text
    purpose: Text
    action: Text
    who: list[RoleId] = Field(default_factory=list)
    framing: Framing
    orientation: Orientation = "portrait"
    seconds: Annotated[float, Field(gt=0, le=180)]
    location: Text | None = None
    props: list[Text] = Field(default_factory=list)
    lines: list[Line] = Field(default_factory=list)
    on_screen: list[OnScreen] = Field(default_factory=list)
    tips: list[Tip] = Field(default_factory=list)
    checklist: list[Text] = Field(default_factory=list)
    optional: bool = False


class Scene(_Model):
    """A group of shots that belong together (hook, round 1, verdict …)."""

    id: Ident
    title: Text
    purpose: Text | None = None
    shots: Annotated[list[Shot], Field(min_length=1)]


class Lesson(_Model):
    """A trainer-mode lesson for webinars and workshops."""

    id: Ident
    title: Text
    goal: Text
    good_example: Text
    mistakes: Annotated[list[Text], Field(min_length=1)]
    exercise: Text
    minutes: Annotated[int, Field(gt=0, le=240)] = 15
    shots: list[Ident] = Field(default_factory=list)


class Template(_Model):
    """A storyboard template (one YAML file in ``templates/storyboards``)."""

    format: Literal[1] = TEMPLATE_FORMAT
    id: Ident
    version: Annotated[int, Field(ge=1)]
    title: Text
    description: Text
    platforms: Annotated[list[Platform], Field(min_length=1)]
    target_seconds: Annotated[float, Field(gt=0, le=600)]
    roles: Annotated[list[Role], Field(min_length=1)]
    placeholders: dict[PlaceholderName, Placeholder] = Field(default_factory=dict)
    checklist: list[Text] = Field(default_factory=list)
    scenes: Annotated[list[Scene], Field(min_length=1)]
    lessons: list[Lesson] = Field(default_factory=list)
    transitions: Transitions = Field(default_factory=Transitions)

    def shots(self) -> list[Shot]:
        """All shots in order."""
        return [shot for scene in self.scenes for shot in scene.shots]

    def shot(self, shot_id: str) -> Shot | None:
        """The shot with ``shot_id`` or None."""
        return next((s for s in self.shots() if s.id == shot_id), None)

    def scene_of(self, shot_id: str) -> Scene | None:
        """The scene containing ``shot_id`` or None."""
        return next((sc for sc in self.scenes if any(s.id == shot_id for s in sc.shots)), None)

    def role(self, role_id: str) -> Role | None:
        """The role with ``role_id`` or None."""
        return next((r for r in self.roles if r.id == role_id), None)

    def total_seconds(self, include_optional: bool = False) -> float:
        """Sum of the shots' target seconds (optional shots only if asked)."""
        return sum(s.seconds for s in self.shots() if include_optional or not s.optional)
