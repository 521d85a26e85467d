"""In/out points of takes: set by hand, or found automatically where the speech starts and ends.

The originals are never touched: a take's ``start``/``end`` in ``project.yaml`` say which part
of the recording the video uses.
"""

from __future__ import annotations

from typing import Any

from toolkit.messages import register, t
from toolkit.project.model import Project, Take
from toolkit.project.takes import _check_range, take_path

register({
    "trim.stage_detect": ("Sprache und Stille finden", "Finding speech and silence"),
})

def set_take_range(project: Project, take_id: str, start: float | None,
                   end: float | None) -> Take:
    """Set the in/out points of ``take_id``; both None: back to the automatic choice.

    A range the user sets is kept as given, even the whole recording (``0`` to its length):
    the render then uses exactly that instead of choosing about the shot's planned length
    (:func:`toolkit.edit.take_range.take_choice`). One side None means from the beginning /
    to the end.

    Raises:
        ProjectError: Unknown take.
        UserInputError: The range is outside the recording or empty.
    """
    from toolkit.project.takes import find_take

    _shot, take = find_take(project, take_id)
    _check_range(start, end, take.duration)
    if start is None and end is None:
        take.start = take.end = None
        return take
    take.start = round(start or 0.0, 3)
    take.end = round(min(end, take.duration), 3) if end is not None else round(take.duration, 3)
    return take


def choose_take(project: Project, shot_id: str, take_id: str) -> None:
    """Make ``take_id`` the take the video uses for ``shot_id`` (the project's edit choice).

    Raises:
        ProjectError: Unknown take.
    """
    from toolkit.project.takes import find_take

    found_shot, _take = find_take(project, take_id)
    project.edit.takes[found_shot] = take_id


def chosen_take(project: Project, shot_id: str) -> Take | None:
    """The take used for ``shot_id``: the chosen one, else the newest (as the render does)."""
    state = project.shots.get(shot_id)
    if state is None or not state.takes:
        return None
    want = project.edit.takes.get(shot_id)
    return next((t for t in state.takes if t.id == want), state.takes[-1])


def set_auto_trim(project: Project, take_id: str, on: bool) -> None:
    """Cut the pauses out of ``take_id`` when the project is rendered (or not)."""
    chosen = [t for t in project.edit.auto_trim if t != take_id]
    project.edit.auto_trim = chosen + ([take_id] if on else [])


def speech_range(project: Project, take_id: str) -> tuple[float, float]:
    """Where speech starts and ends in a take (with the silence trimmer's margins).

    Raises:
        MediaError: No audio or no speech found.
    """
    from toolkit.project.takes import find_take
    from toolkit.media.probe import probe
    from toolkit.media.trim import plan_trim

    _shot, take = find_take(project, take_id)
    src = take_path(project, take)
    decision = plan_trim(src, probe(src), silence=True)
    return decision.segments[0].start, decision.segments[-1].end


def take_facts(project: Project, take: Take) -> dict[str, Any]:
    """What a take's file is and what the render will fix (rotation, VFR, odd size …).

    Returns:
        ``{"width", "height", "fps", "duration", "codec", "has_audio", "fixes": [codes]}``.

    Raises:
        MediaError: The copied file is no longer readable.
    """
    from toolkit.media.ingest import plan_ingest
    from toolkit.media.probe import probe

    info = probe(take_path(project, take))
    video = info.video
    return {"width": video.display_width if video else 0,
            "height": video.display_height if video else 0,
            "fps": round(video.fps, 2) if video else 0.0,
            "codec": video.codec if video else "",
            "duration": round(info.duration, 2), "has_audio": info.has_audio,
            "fixes": list(plan_ingest(info).fixed)}
