"""The user's edit choices saved in a project (``project.yaml`` field ``edit``).

Everything here is a *choice*; the timeline is derived from it (:mod:`toolkit.edit.from_project`)
and can always be rebuilt. All fields are optional, so projects written before this field existed
still load unchanged.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Winner = Literal["challenger", "defender", "draw"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class SplitChoice(_Model):
    """Two takes of one shot shown at once (duel split screen).

    Attributes:
        takes: The two take ids (A = top/left, B = bottom/right).
        marks: Start mark of each take in seconds of its recording (the moment the round
            starts); None: the take's in point.
        seconds: Length of the split section (None: as long as both takes last).
    """

    takes: Annotated[list[str], Field(min_length=2, max_length=2)]
    marks: list[float | None] = Field(default_factory=lambda: [None, None])
    seconds: float | None = None


class EditChoices(_Model):
    """How the project's takes become one video.

    Attributes:
        order: Shot ids in the order to use (None: the storyboard's order).
        skip: Optional shots left out.
        takes: Chosen take per shot (default: the newest take).
        auto_trim: Take ids whose pauses are cut out (silence detector).
        split: Shot id -> split-screen choice.
        timers: Shot id -> seconds of the round's countdown (default: from ``{zeit}``).
        timer_starts: Shot id -> seconds into that shot when the round's clock starts
            (default: where the shot ends if more of the round follows, else its start).
        verdict: Scene id of a round -> its winner (for the scoreboard).
        music: Music bed file (relative to the project folder, or absolute).
        crossfade: Seconds of audio crossfade between shots (0: hard cuts).
        sound_cues: Start whistle, countdown beeps, verdict gong and transition sounds.
    """

    order: list[str] | None = None
    skip: list[str] = Field(default_factory=list)
    takes: dict[str, str] = Field(default_factory=dict)
    auto_trim: list[str] = Field(default_factory=list)
    split: dict[str, SplitChoice] = Field(default_factory=dict)
    timers: dict[str, float] = Field(default_factory=dict)
    timer_starts: dict[str, float] = Field(default_factory=dict)
    verdict: dict[str, Winner] = Field(default_factory=dict)
    music: str | None = None
    crossfade: Annotated[float, Field(ge=0, le=1.0)] = 0.0
    sound_cues: bool = True


class StudioChoices(_Model):
    """Choices of the studio's pages kept with the project, so a reload, a bookmark and a
    second tab show them again (the URL carries them too).

    Attributes:
        platforms: Platforms chosen for the render (preset ids; empty: not chosen yet).
        caption_style: Caption style name (None: not chosen yet).
        mode: Framing mode of the render (None: not chosen yet).
    """

    platforms: list[str] = Field(default_factory=list)
    caption_style: str | None = None
    mode: str | None = None
