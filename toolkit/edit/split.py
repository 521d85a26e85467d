"""Duel split screen: two takes of the same round at once, aligned on a start mark.

The user sets a start mark per take (the moment the round starts: the referee's "go", a clap).
:func:`suggest_marks` proposes them from the sound: both takes are decoded to a low-rate mono
stream (2 kHz, through the runner), turned into an onset envelope (rises of the short-time
energy), and cross-correlated (numpy FFT); the best lag is where the same start call or clap
lines up. The split clip then plays both takes from their marks for the same length; the layout
(:mod:`toolkit.edit.layout`) stacks them for upright frames and puts them side by side for
landscape ones, each half cropped around its own person.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from toolkit.edit.timeline import Clip, Range, Source
from toolkit.errors import ProjectError, UserInputError
from toolkit.messages import register
from toolkit.project.editing import SplitChoice
from toolkit.project.model import Project, Take
from toolkit.project.takes import take_range
from toolkit.storyboard import Shot

register({
    "split.bad_mark": (
        "Startmarke {mark:.2f} s liegt außerhalb von Take {take} (0 bis {duration:.2f} s).",
        "Start mark {mark:.2f} s lies outside take {take} (0 to {duration:.2f} s).",
    ),
    "split.no_audio": (
        "Take {take} hat keinen Ton; ein Vorschlag aus dem Ton ist nicht möglich. Bitte die "
        "Startmarken mit --mark-a/--mark-b setzen.",
        "Take {take} has no audio, so no suggestion from the sound is possible. Please set the "
        "start marks with --mark-a/--mark-b.",
    ),
})

RATE = 2000          # Hz of the decoded analysis stream
HOP = 20             # samples per envelope step (10 ms)
MAX_LAG = 20.0       # seconds searched either way


@dataclass(frozen=True)
class Alignment:
    """A suggested pair of start marks.

    Attributes:
        mark_a: Start mark in take A (seconds of its file).
        mark_b: Start mark in take B.
        lag: How much later the event happens in B than in A (seconds).
        score: Normalised correlation peak (0..1; below ~0.3 the suggestion is weak).
    """

    mark_a: float
    mark_b: float
    lag: float
    score: float


def onset_envelope(samples: np.ndarray, hop: int = HOP) -> np.ndarray:
    """Rises of the short-time energy (10 ms steps), zero-mean, unit variance."""
    n = len(samples) // hop
    if n < 2:
        return np.zeros(1)
    energy = np.sqrt((samples[: n * hop].reshape(n, hop) ** 2).mean(axis=1))
    rise = np.maximum(0.0, np.diff(np.log1p(100 * energy), prepend=0.0))
    std = rise.std()
    return (rise - rise.mean()) / std if std > 0 else rise * 0


def best_lag(a: np.ndarray, b: np.ndarray, step: float, max_lag: float = MAX_LAG
             ) -> tuple[float, float]:
    """Lag (seconds; > 0: b is later) maximising the cross-correlation, and its score."""
    n = len(a) + len(b) - 1
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(b, size) * np.conj(np.fft.rfft(a, size)), size)
    lags = np.concatenate([np.arange(0, len(b)), np.arange(-len(a) + 1, 0)])
    values = np.concatenate([corr[: len(b)], corr[size - len(a) + 1:]])
    keep = np.abs(lags * step) <= max_lag
    i = int(np.argmax(np.where(keep, values, -np.inf)))
    norm = float(np.sqrt((a ** 2).sum() * (b ** 2).sum())) or 1.0
    return float(lags[i] * step), max(0.0, float(values[i] / norm))


def suggest_marks(path_a: Path, path_b: Path, start_a: float = 0.0,
                  start_b: float = 0.0) -> Alignment:
    """Start marks that line up the same sound event in both takes (see module docstring).

    Args:
        path_a: Take A.
        path_b: Take B.
        start_a: Mark A when the event's position is unknown (the in point).
        start_b: Mark B likewise.
    """
    from toolkit.media.silence import decode_mono

    env_a = onset_envelope(decode_mono(path_a, rate=RATE, timeout=120.0))
    env_b = onset_envelope(decode_mono(path_b, rate=RATE, timeout=120.0))
    lag, score = best_lag(env_a, env_b, HOP / RATE)
    base = max(start_a, start_b - lag)
    return Alignment(round(base, 3), round(base + lag, 3), round(lag, 3), round(score, 3))


def _take(project: Project, shot_id: str, take_id: str) -> Take:
    state = project.shots.get(shot_id)
    takes = state.takes if state is not None else []
    found = next((t for t in takes if t.id == take_id), None)
    if found is None:
        raise ProjectError("edit.unknown_take", shot=shot_id, take=take_id,
                           known=", ".join(t.id for t in takes) or "–")
    return found


def set_split(project: Project, shot_id: str, take_a: str, take_b: str, *,
              marks: tuple[float | None, float | None] = (None, None), suggest: bool = False,
              seconds: float | None = None) -> Alignment | None:
    """Record a split screen for ``shot_id`` in the project's edit choices (not saved here).

    Returns:
        The suggestion from the sound when ``suggest`` (its marks are recorded), else None.

    Raises:
        ProjectError: Unknown shot or take.
        UserInputError: A mark outside its take; no sound for a suggestion.
    """
    from toolkit.project.store import project_template

    template = project_template(project)
    if template.shot(shot_id) is None:
        raise ProjectError("project.unknown_shot", shot=shot_id,
                           known=", ".join(s.id for s in template.shots()))
    a, b = _take(project, shot_id, take_a), _take(project, shot_id, take_b)
    found = None
    if suggest:
        from toolkit.media.probe import probe

        paths = [project.folder / "media" / t.file for t in (a, b)]
        for take, path in zip((a, b), paths):
            if not probe(path).has_audio:
                raise UserInputError("split.no_audio", take=take.id)
        found = suggest_marks(paths[0], paths[1], take_range(a)[0], take_range(b)[0])
        marks = (found.mark_a, found.mark_b)
    for take, mark in zip((a, b), marks):
        if mark is not None and not 0 <= mark < take.duration:
            raise UserInputError("split.bad_mark", mark=mark, take=take.id,
                                 duration=take.duration)
    project.edit.split[shot_id] = SplitChoice(takes=[a.id, b.id], marks=list(marks),
                                              seconds=seconds)
    return found


def planned_length(room: float, planned: float) -> float:
    """A split screen without its own length plays the shot's planned length (all of the
    takes when they are not much longer, as a single take does)."""
    from toolkit.edit.select import SelectSettings

    return room if room <= planned * (1 + SelectSettings().tolerance) else planned


def split_clip(project: Project, shot: Shot, choice: SplitChoice, rate: Fraction,
               people: list[str]) -> Clip:
    """The split-screen clip of ``shot``: both takes from their marks, for the same length
    (the split's own ``seconds``, else about the shot's planned length)."""
    from toolkit.edit.from_project import frames

    takes = [_take(project, shot.id, t) for t in choice.takes]
    starts = [m if m is not None else take_range(t)[0] for t, m in zip(takes, choice.marks)]
    room = min(take_range(t)[1] - s for t, s in zip(takes, starts))
    if room <= 0:
        raise UserInputError("split.bad_mark", mark=max(starts), take=takes[0].id,
                             duration=takes[0].duration)
    length = frames(min(room, choice.seconds or planned_length(room, shot.seconds)), rate)
    sources = [Source(take=t.id, file=f"media/{t.file}",
                      ranges=[Range(start=round(s, 6), end=round(s + length, 6))],
                      people=people if i == 0 else [])
               for i, (t, s) in enumerate(zip(takes, starts))]
    return Clip(id=shot.id, kind="split", shot=shot.id, seconds=length, sources=sources)
