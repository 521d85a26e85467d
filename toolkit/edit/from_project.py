"""Project -> timeline: the chosen take of each shot, in storyboard order, trimmed.

Order: the storyboard's, unless the user reordered (``EditOptions.order`` or the project's
``edit.order``). Optional shots may be skipped; a required shot without a take refuses the render
naming the shot and the command that adds a take. Each take plays its chosen stretch
(:func:`chosen_range`: the user's in/out points from the project, else about the shot's planned
length, speech from its first to its last word); "auto-trim" cuts its pauses inside it with the existing silence detector
(:func:`toolkit.media.trim.plan_trim`). Clip lengths are whole frames of the timeline's rate so
that picture and sound stay in step across every cut.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from toolkit.edit.select import Choice
from toolkit.edit.timeline import AudioLane, CaptionSettings, Clip, Range, Source, Timeline
from toolkit.errors import ProjectError
from toolkit.media.probe import MediaInfo, probe
from toolkit.media.render import output_rate
from toolkit.messages import register
from toolkit.project.model import Project, Take
from toolkit.storyboard import Shot, Template

register({
    "edit.missing_take": (
        "Für Shot „{shot}“ ({title}) gibt es noch keine Aufnahme. Bitte eine hinzufügen: "
        "machmal project add-take \"{project}\" {shot} DATEI – oder den Shot auslassen, falls "
        "er optional ist.",
        "Shot '{shot}' ({title}) has no recording yet. Please add one: machmal project "
        "add-take \"{project}\" {shot} FILE – or skip the shot if it is optional.",
    ),
    "edit.unknown_take": (
        "Shot „{shot}“ hat keine Aufnahme „{take}“. Vorhanden: {known}.",
        "Shot '{shot}' has no take '{take}'. Available: {known}.",
    ),
    "edit.skip_required": (
        "Shot „{shot}“ ist nicht optional und kann nicht ausgelassen werden.",
        "Shot '{shot}' is not optional and cannot be skipped.",
    ),
    "edit.take_file_missing": (
        "Die Aufnahme {take} von Shot „{shot}“ fehlt im Projekt ({file}). Bitte erneut mit "
        "machmal project add-take hinzufügen.",
        "Take {take} of shot '{shot}' is missing from the project ({file}). Please add it again "
        "with machmal project add-take.",
    ),
    "edit.nothing": (
        "Das Projekt „{project}“ hat keine Shots mit Aufnahmen; es gibt nichts zu schneiden.",
        "Project '{project}' has no shots with recordings; there is nothing to edit.",
    ),
})


@dataclass(frozen=True)
class EditOptions:
    """Choices for one render that override the project's saved ``edit`` choices.

    Attributes:
        order: Shot ids in playing order (None: the project's or storyboard's order).
        skip: Optional shots to leave out.
        takes: Shot id -> take id to use.
        auto_trim: Cut pauses from every take (None: only the takes the project lists).
        captions: Caption style name (None: no captions).
        language: Language of the speech (for captions).
        music: Music bed file (None: the project's choice, if any).
        crossfade: Seconds of audio crossfade at each cut (None: the project's choice).
        sound_cues: Sound cues on or off (None: the project's choice).
    """

    order: Sequence[str] | None = None
    skip: Sequence[str] = ()
    takes: dict[str, str] = field(default_factory=dict)
    auto_trim: bool | None = None
    captions: str | None = None
    language: str = "de"
    music: str | None = None
    crossfade: float | None = None
    sound_cues: bool | None = None


@dataclass(frozen=True)
class ChosenShot:
    """A shot with the take to use and the take's probe."""

    shot: Shot
    take: Take
    info: MediaInfo


def shot_order(project: Project, template: Template, options: EditOptions) -> list[Shot]:
    """The shots to play, in order, after reordering and skipping.

    Raises:
        ProjectError: Unknown shot id, or a required shot skipped.
    """
    ids = list(options.order or project.edit.order or [s.id for s in template.shots()])
    known = ", ".join(s.id for s in template.shots())
    shots = []
    for shot_id in ids:
        shot = template.shot(shot_id)
        if shot is None:
            raise ProjectError("project.unknown_shot", shot=shot_id, known=known)
        shots.append(shot)
    skip = set(options.skip) | set(project.edit.skip)
    for shot_id in skip:
        shot = template.shot(shot_id)
        if shot is None:
            raise ProjectError("project.unknown_shot", shot=shot_id, known=known)
        if not shot.optional and shot_id in ids:
            raise ProjectError("edit.skip_required", shot=shot_id)
    return [s for s in shots if s.id not in skip]


def choose_takes(project: Project, shots: Sequence[Shot],
                 options: EditOptions) -> list[ChosenShot]:
    """The take of each shot (the chosen one, else the newest); optional shots without a take
    are left out.

    Raises:
        ProjectError: A required shot has no take, an unknown take was chosen, or the take's
            file is missing.
    """
    chosen = []
    for shot in shots:
        state = project.shots.get(shot.id)
        takes = state.takes if state is not None else []
        if not takes:
            if shot.optional:
                continue
            raise ProjectError("edit.missing_take", shot=shot.id, title=shot.title.get(),
                               project=project.name)
        want = options.takes.get(shot.id) or project.edit.takes.get(shot.id)
        take = takes[-1] if want is None else next((t for t in takes if t.id == want), None)
        if take is None:
            raise ProjectError("edit.unknown_take", shot=shot.id, take=want,
                               known=", ".join(t.id for t in takes))
        path = project.folder / "media" / take.file
        if not path.is_file():
            raise ProjectError("edit.take_file_missing", shot=shot.id, take=take.id,
                               file=str(path))
        chosen.append(ChosenShot(shot, take, probe(path)))
    if not chosen:
        raise ProjectError("edit.nothing", project=project.name)
    return chosen


def timeline_rate(chosen: Sequence[ChosenShot]) -> Fraction:
    """The timeline's frame rate: the most used rate among the takes (ties: the first)."""
    rates = [output_rate(c.info.video.fps, c.info.video.vfr) for c in chosen
             if c.info.video is not None]
    if not rates:
        return Fraction(25)
    return max(rates, key=lambda r: (rates.count(r), -rates.index(r)))


def frames(seconds: float, rate: Fraction) -> float:
    """``seconds`` rounded down to whole frames of ``rate`` (at least one frame)."""
    n = max(1, math.floor(seconds * rate + 1e-6))
    return float(n / rate)


def chosen_range(chosen: ChosenShot, project: Project) -> Choice:
    """The stretch of the take the shot uses: the user's in/out points, else the automatic
    choice of about the shot's planned length (:mod:`toolkit.edit.take_range`)."""
    from toolkit.edit.take_range import take_choice

    return take_choice(project, chosen.take, chosen.shot.seconds, chosen.info)


def take_ranges(chosen: ChosenShot, project: Project, auto_trim: bool,
                rate: Fraction, choice: Choice | None = None) -> list[Range]:
    """The kept ranges of a take: its chosen stretch (``choice``, default
    :func:`chosen_range`), minus pauses if ``auto_trim``, minus the cuts of its dropped words
    (:func:`toolkit.takes.take_cuts.played_ranges`)."""
    from toolkit.takes.take_cuts import played_ranges
    from toolkit.media.trim import plan_trim

    take, info = chosen.take, chosen.info
    path = project.folder / "media" / take.file
    trim = auto_trim and info.has_audio
    choice = choice if choice is not None else chosen_range(chosen, project)
    decision = plan_trim(path, info, start=choice.start, end=choice.end, silence=trim)
    ranges = []
    for start, end in played_ranges(take, decision.segments, info.duration, chosen.shot.id):
        length = frames(end - start, rate)
        ranges.append(Range(start=round(start, 6), end=round(start + length, 6)))
    return ranges


def relative(path: Path, folder: Path) -> str:
    """``path`` relative to the project folder, POSIX style (absolute if outside it)."""
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def build_clips(project: Project, chosen: Sequence[ChosenShot], options: EditOptions,
                rate: Fraction, people: dict[str, list[str]]) -> list[Clip]:
    """One clip per chosen shot (take or split screen), back to back."""
    from toolkit.edit.split import split_clip

    clips, t = [], 0.0
    for c in chosen:
        if c.shot.id in project.edit.split:
            clip = split_clip(project, c.shot, project.edit.split[c.shot.id], rate,
                              people.get(c.shot.id, []))
        else:
            auto = (options.auto_trim if options.auto_trim is not None
                    else c.take.id in project.edit.auto_trim)
            choice = chosen_range(c, project)
            ranges = take_ranges(c, project, auto, rate, choice)
            source = Source(take=c.take.id, file=f"media/{c.take.file}", ranges=ranges,
                            people=people.get(c.shot.id, []))
            clip = Clip(id=c.shot.id, kind="take", shot=c.shot.id, seconds=source.seconds,
                        sources=[source], picked=choice.reason)
        clip = clip.model_copy(update={"planned": c.shot.seconds})
        clips.append(clip.model_copy(update={"start": round(t, 6)}))
        t += clip.seconds
    return clips


def visible_names(project: Project, shot_ids: Sequence[str]) -> dict[str, list[str]]:
    """Shot id -> names of the people visible in it."""
    from toolkit.project.consent import visible_people

    seen, _ = visible_people(project, shot_ids)
    by_shot: dict[str, list[str]] = {s: [] for s in shot_ids}
    for person in project.people:
        for shot_id in seen.get(person.id, []):
            by_shot[shot_id].append(person.name)
    return by_shot


def build_timeline(project: Project, template: Template,
                   options: EditOptions = EditOptions(),
                   warnings: list[str] | None = None) -> Timeline:
    """The timeline of ``project`` (clips, cards, overlays, audio lanes, captions).

    Args:
        project: The project.
        template: Its storyboard.
        options: Choices overriding the project's saved ones.
        warnings: Receives notes for the user (e.g. a scoreboard left out).

    Raises:
        ProjectError: Unknown shot or take, a required shot without a take, a missing file.
        UserInputError: An on-screen text still has an unfilled placeholder.
    """
    from toolkit.edit.cues import with_cues
    from toolkit.edit.overlays import add_graphics
    from toolkit.edit.speakers import with_speakers
    from toolkit.edit.transitions import with_transitions

    shots = shot_order(project, template, options)
    chosen = choose_takes(project, shots, options)
    rate = timeline_rate(chosen)
    people = visible_names(project, [c.shot.id for c in chosen])
    clips = build_clips(project, chosen, options, rate, people)
    music = options.music or project.edit.music
    audio = [AudioLane(kind="speech")]
    if music:
        audio.append(AudioLane(kind="music", file=music, gain_db=-8.0, fade_in=1.0,
                               fade_out=2.0))
    captions = (CaptionSettings(style=options.captions, language=options.language)
                if options.captions else None)
    timeline = Timeline(project=project.name, fps=str(rate), clips=clips, audio=audio,
                        captions=captions, brand=project.brand,
                        crossfade=(options.crossfade if options.crossfade is not None
                                   else project.edit.crossfade))
    timeline = add_graphics(timeline, project, template, [c.shot for c in chosen], rate,
                            warnings if warnings is not None else [])
    cues = options.sound_cues if options.sound_cues is not None else project.edit.sound_cues
    timeline = with_speakers(with_transitions(timeline, template), project, template)
    return with_cues(timeline, cues)
