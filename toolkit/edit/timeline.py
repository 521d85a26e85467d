"""The timeline: a project's finished video as plain data (pydantic, versioned JSON).

A timeline lists *clips* in playing order (a take, a split screen of two takes, or a drawn card),
*overlays* with their times (title, lower thirds, timer, scoreboard, logo), *audio lanes* (speech
from the clips, an optional music bed) and the caption settings. File paths are relative to the
project folder, so a worker on another machine renders the same JSON against its copy of the
project. Times are seconds: source ranges in seconds of the take's file, overlay times in seconds
of the assembled video.
"""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from toolkit.errors import UserInputError
from toolkit.messages import register
from toolkit.atomic import atomic_write_bytes
from toolkit.project.model import BrandKit, HexColour

register({
    "timeline.invalid": (
        "{file}: Die Zeitleiste ist ungültig ({detail}).",
        "{file}: the timeline is invalid ({detail}).",
    ),
    "timeline.too_new": (
        "{file}: Die Zeitleiste hat Format {found}; diese machmal-Version kennt bis {known}. "
        "Bitte machmal aktualisieren.",
        "{file}: the timeline has format {found}; this machmal knows up to {known}. "
        "Please update machmal.",
    ),
})

TIMELINE_VERSION = 1
ClipKind = Literal["take", "split", "card"]
CardKind = Literal["title", "end"]
OverlayKind = Literal["title", "text", "lower_third", "timer", "score", "logo", "cta"]
CueKind = Literal["whistle", "beep", "beep_last", "gong", "whoosh", "hit"]
TransitionKind = Literal["cut", "beat", "whip", "slide"]
Seconds = Annotated[float, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Range(_Model):
    """A kept stretch of a source file, ``start < end`` in seconds of that file."""

    start: Seconds
    end: Seconds

    @property
    def seconds(self) -> float:
        """Length of the range."""
        return self.end - self.start


class Source(_Model):
    """What one clip plays from one take.

    Attributes:
        take: Take id in the project.
        file: The take's file, relative to the project folder (POSIX separators).
        ranges: Kept stretches in order (several after auto-trimming silence).
        people: Names of the people visible in it.
        speaker: Whose voice its sound carries (a person's name; empty: unknown), so the
            captions of its words take that person's colour (:mod:`toolkit.edit.speakers`).
    """

    take: str
    file: str
    ranges: Annotated[list[Range], Field(min_length=1)]
    people: list[str] = Field(default_factory=list)
    speaker: str = ""

    @property
    def seconds(self) -> float:
        """Length of everything kept."""
        return sum(r.seconds for r in self.ranges)


class Card(_Model):
    """A drawn full-frame card (title or end card).

    Attributes:
        kind: ``title`` (challenge, company, trade) or ``end`` (call to action, URL, QR code).
        lines: The texts, top to bottom (placeholders already filled).
        kicker: Small line above a title card's headline (the format's name).
        url: Link printed and encoded as QR code (end card).
        qr: Draw the QR code.
    """

    kind: CardKind
    lines: list[str] = Field(default_factory=list)
    kicker: str = ""
    url: str = ""
    qr: bool = False


class Clip(_Model):
    """One stretch of the assembled video.

    Attributes:
        id: Unique id (shot id, or ``title``/``end`` for cards).
        kind: ``take`` (one source), ``split`` (two sources at once) or ``card``.
        shot: Storyboard shot id (None for cards).
        start: Where the clip begins in the assembled video.
        seconds: Its length.
        sources: One source (take), two (split: A top/left, B bottom/right), none (card).
        card: The card's content (``kind == "card"``).
        planned: The shot's planned length in the storyboard (None: cards).
        picked: How a take's stretch was chosen: ``user`` (its in/out points), ``speech``
            (first to last word), ``motion`` (the liveliest stretch of the planned length) or
            ``whole`` (not much longer than planned); None for cards and split screens.
    """

    id: str
    kind: ClipKind
    shot: str | None = None
    start: Seconds = 0.0
    seconds: Annotated[float, Field(gt=0)]
    sources: list[Source] = Field(default_factory=list)
    card: Card | None = None
    planned: Annotated[float, Field(gt=0)] | None = None
    picked: Literal["user", "speech", "motion", "whole"] | None = None

    @property
    def end(self) -> float:
        """Where the clip ends in the assembled video."""
        return self.start + self.seconds


class Overlay(_Model):
    """A graphic shown over the picture from ``start`` to ``end`` (assembled-video seconds).

    Attributes:
        kind: What it is (decides drawing and placement).
        start: First second shown.
        end: Last second shown.
        lines: Its texts (lower third: name, role; score: A name, B name and, on the final
            verdict, a kicker and the result line).
        values: Numbers it shows (score: A, B and optionally A, B before the round just
            decided; timer: the seconds it counts down).
        round: Scene id of the round it belongs to (timer, score).
        clock_start: Timer: the second its clock starts running (shown standing at the full
            time from ``start``); it reaches 0 at ``clock_start + values[0]``.
    """

    kind: OverlayKind
    start: Seconds
    end: Seconds
    lines: list[str] = Field(default_factory=list)
    values: list[float] = Field(default_factory=list)
    round: str | None = None
    clock_start: Seconds | None = None


class AudioLane(_Model):
    """A sound layer. ``speech`` is the clips' own sound; ``music`` a bed under it.

    Attributes:
        kind: ``speech`` or ``music``.
        file: Music file (relative to the project folder, or absolute).
        gain_db: Level change of the lane.
        duck: Lower the music while people speak (sidechain compression).
        fade_in: Seconds of fade-in at the start.
        fade_out: Seconds of fade-out at the end.
    """

    kind: Literal["speech", "music"]
    file: str | None = None
    gain_db: float = 0.0
    duck: bool = True
    fade_in: Seconds = 0.0
    fade_out: Seconds = 0.0


class Cue(_Model):
    """A sound effect at one moment of the assembled video (:mod:`toolkit.edit.cues`).

    Attributes:
        kind: Which shipped sound (``templates/sfx/<kind>.opus``).
        at: Where its onset lies (assembled-video seconds).
        gain_db: Level against the cue's standard place under the speech.
    """

    kind: CueKind
    at: Seconds
    gain_db: float = 0.0


class Transition(_Model):
    """How the picture passes from one clip to the next (:mod:`toolkit.edit.transitions`).

    Attributes:
        after: Id of the clip it leaves.
        kind: ``cut`` (hard), ``beat`` (hard cut on a hit), ``whip`` or ``slide`` (the next
            clip pushes in over ``seconds``, starting where it would have started).
        seconds: Length of the move (whip/slide).
    """

    after: str
    kind: TransitionKind
    seconds: Annotated[float, Field(ge=0, le=1.0)] = 0.0


class CaptionSettings(_Model):
    """Burned-in captions and sidecar subtitles."""

    style: str
    language: str = "de"


class Timeline(_Model):
    """The whole assembled video (see the module docstring).

    Attributes:
        version: Format version of this JSON.
        project: The project's display name.
        fps: Frame rate of the timeline as a fraction string (``"25"``, ``"30000/1001"``).
        clips: In playing order, back to back.
        overlays: Graphics over the picture.
        audio: Sound lanes.
        captions: Caption settings (None: no captions).
        brand: Colours, font and logo (logo path relative to the project folder).
        crossfade: Seconds of audio crossfade at each cut (0: hard cuts).
        voices: Caption colour per speaker (name -> ``#RRGGBB``).
        cues: Sound effects (start whistle, countdown, gong, transition sounds).
        transitions: Picture transitions between clips (none listed: hard cuts).
    """

    version: Literal[1] = TIMELINE_VERSION
    project: str
    fps: str = "25"
    clips: list[Clip] = Field(default_factory=list)
    overlays: list[Overlay] = Field(default_factory=list)
    audio: list[AudioLane] = Field(default_factory=lambda: [AudioLane(kind="speech")])
    captions: CaptionSettings | None = None
    brand: BrandKit = Field(default_factory=BrandKit)
    crossfade: Annotated[float, Field(ge=0, le=1.0)] = 0.0
    voices: dict[str, HexColour] = Field(default_factory=dict)
    cues: list[Cue] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)

    @property
    def rate(self) -> Fraction:
        """:attr:`fps` as an exact fraction."""
        return Fraction(self.fps)

    @property
    def duration(self) -> float:
        """Length of the assembled video."""
        return sum(c.seconds for c in self.clips)

    def restack(self) -> Timeline:
        """A copy with every clip's ``start`` recomputed back to back."""
        t, clips = 0.0, []
        for clip in self.clips:
            clips.append(clip.model_copy(update={"start": round(t, 6)}))
            t += clip.seconds
        return self.model_copy(update={"clips": clips})

    def music(self) -> AudioLane | None:
        """The music lane, if any."""
        return next((a for a in self.audio if a.kind == "music"), None)

    def to_json(self) -> str:
        """Pretty UTF-8 JSON."""
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str, file: str = "<json>") -> Timeline:
        """Parse JSON, refusing newer formats and invalid data with a clear error.

        Raises:
            UserInputError: ``timeline.too_new`` or ``timeline.invalid``.
        """
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserInputError("timeline.invalid", file=file, detail=str(exc)) from None
        found = data.get("version") if isinstance(data, dict) else None
        if isinstance(found, int) and found > TIMELINE_VERSION:
            raise UserInputError("timeline.too_new", file=file, found=found,
                                 known=TIMELINE_VERSION)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise UserInputError("timeline.invalid", file=file,
                                 detail=f"{where}: {first['msg']}") from None

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the JSON atomically."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, (self.to_json() + "\n").encode("utf-8"))
        return target

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Timeline:
        """Read a timeline written by :meth:`save`."""
        file = Path(path)
        return cls.from_json(file.read_text(encoding="utf-8"), str(file))
