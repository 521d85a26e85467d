"""Who speaks in each clip, so every person's captions carry their colour.

A clip's sound comes from its takes. Whose voice a take carries is decided from the storyboard
and the project:

* a split screen (two takes of one round): take A (top/left) is the first person of the shot's
  ``who`` roles, take B the second; each word is then heard once, from the take whose sound
  carries it (:mod:`toolkit.edit.split_words`), so it is that take's person who said it;
* one take: the one person of the shot's ``who`` who is in the project; with several (a
  two-shot), the one role that has the shot's spoken ``lines``; else unknown.

A person's colour is their entry in the brand kit's ``speakers`` (by name or id, else by role;
:func:`toolkit.project.brand.speaker_colour`). The timeline keeps both: ``Source.speaker`` and
``Timeline.voices`` (name -> colour), so a worker renders the same captions from the JSON alone.
"""

from __future__ import annotations

from toolkit.edit.timeline import Clip, Timeline
from toolkit.project.brand import speaker_colour
from toolkit.project.model import Person, Project
from toolkit.storyboard import Shot, Template


def shot_people(shot: Shot, project: Project) -> list[Person]:
    """The project's people in the shot's roles, in the order of ``who``."""
    return [p for role in shot.who for p in project.people if p.role == role]


def clip_speakers(clip: Clip, shot: Shot, project: Project) -> list[str]:
    """The speaker of each of the clip's sources (empty string: unknown)."""
    people = shot_people(shot, project)
    if clip.kind == "split":
        return [people[i].name if i < len(people) else "" for i in range(len(clip.sources))]
    if len(people) == 1:
        return [people[0].name] * len(clip.sources)
    talking = {line.role for line in shot.lines if line.role}
    named = [p for p in people if p.role in talking]
    return [named[0].name if len(named) == 1 else ""] * len(clip.sources)


def with_speakers(timeline: Timeline, project: Project, template: Template) -> Timeline:
    """``timeline`` with each source's speaker and the colours of the speakers."""
    clips, voices = [], {}
    for clip in timeline.clips:
        shot = template.shot(clip.shot) if clip.shot else None
        if shot is None or not clip.sources:
            clips.append(clip)
            continue
        names = clip_speakers(clip, shot, project)
        sources = [s.model_copy(update={"speaker": n}) for s, n in zip(clip.sources, names)]
        clips.append(clip.model_copy(update={"sources": sources}))
        for name in names:
            colour = speaker_colour(project, name) if name else None
            if colour:
                voices[name] = colour
    return timeline.model_copy(update={"clips": clips, "voices": voices})
