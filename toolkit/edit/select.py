"""Which part of a take the video uses by default: about the shot's planned length.

A storyboard plans each shot's length (``seconds``); people film much longer (a 53 s clip for a
2 s countdown). This module decides, from plain data, which stretch of a take to keep:

* **speech** (words of the take's transcript, or the speech detector's pieces): from just before
  the first word to just after the last. Speech longer than the plan (beyond ``tolerance``) is
  shortened to the run of whole sentences nearest the plan, the earlier the better (speech far
  longer than the plan may also be cut at a clause end or, at most, between two words; see
  :func:`pick_run`); speech shorter than the plan gets up to ``pad`` seconds of its surrounding
  picture on each side. Every cut lies in a gap between two words and, where the detector saw
  speech there, is moved out of it: no word is ever cut.
* **no speech**: the window of the planned length with the highest picture score (motion,
  sharpness, a face; see :mod:`toolkit.edit.take_range`), avoiding the first and last
  half second (the hand on the record button).

A take not much longer than its plan (``tolerance``) is kept whole, as filmed.

Everything here is pure and deterministic (ties go to the earliest stretch); the measurements
come from :mod:`toolkit.edit.take_range`. A user's own in/out points always win (decided there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

Reason = Literal["user", "speech", "motion", "whole"]
SENTENCE_END: Final = (".", "!", "?", "…")
CLAUSE_END: Final = (",", ";", ":", "–", "-")


@dataclass(frozen=True)
class SelectSettings:
    """How the default stretch is chosen.

    Attributes:
        tolerance: A take (or its speech) up to this share longer than the plan is kept whole.
        lead: Seconds kept before the first kept word.
        tail: Seconds kept after the last kept word.
        pad: At most this many extra seconds per side to bring short speech nearer the plan.
        min_speech: Less speech than this (seconds in total) counts as none.
        edge: Silent takes: seconds at the start and end that a window avoids if it can.
        sentence_pause: A pause at least this long ends a sentence (no punctuation needed).
        clause_pause: A pause at least this long ends a clause.
        shortest: A shortened run should be at least this share of the plan.
        clause_over: Speech at least this many times the plan may be cut at a clause end.
        word_over: Speech at least this many times the plan may be cut between any words.
        clause_cost: Cost of cutting at a clause end rather than a sentence end.
        word_cost: Cost of cutting between two words of a clause.
        delay_cost: Cost per planned length of starting after the first word.
    """

    tolerance: float = 0.25
    lead: float = 0.2
    tail: float = 0.3
    pad: float = 1.0
    min_speech: float = 0.4
    edge: float = 0.5
    sentence_pause: float = 0.6
    clause_pause: float = 0.3
    shortest: float = 0.5
    clause_over: float = 2.0
    word_over: float = 3.0
    clause_cost: float = 0.15
    word_cost: float = 0.4
    delay_cost: float = 0.25


@dataclass(frozen=True)
class Unit:
    """A piece of speech that must not be cut: a word (with its text) or a detector piece."""

    start: float
    end: float
    text: str = ""


@dataclass(frozen=True)
class Choice:
    """The stretch of a take the video uses.

    Attributes:
        start: In point (source seconds).
        end: Out point (source seconds).
        reason: ``user`` (the user's in/out), ``speech``, ``motion`` (picture score) or
            ``whole`` (the take is not much longer than planned).
        planned: The shot's planned seconds (None: unknown).
    """

    start: float
    end: float
    reason: Reason
    planned: float | None = None

    @property
    def seconds(self) -> float:
        """Length of the stretch."""
        return self.end - self.start


def speech_units(units: Sequence[Unit]) -> list[Unit]:
    """The units sorted by time, empty and backwards ones dropped."""
    return sorted((u for u in units if u.end > u.start), key=lambda u: (u.start, u.end))


def has_speech(units: Sequence[Unit], settings: SelectSettings = SelectSettings()) -> bool:
    """Whether there is enough speech to cut by it."""
    return sum(u.end - u.start for u in units) >= settings.min_speech


def choose(duration: float, planned: float | None, units: Sequence[Unit],
           scores: Sequence[tuple[float, float]] = (), voiced: Sequence[tuple[float, float]] = (),
           settings: SelectSettings = SelectSettings()) -> Choice:
    """The default stretch of a take (see the module docstring).

    Args:
        duration: The take's length in seconds.
        planned: The shot's planned seconds (None: keep the whole take).
        units: Words or speech pieces (source seconds); may be empty.
        scores: ``(time, score)`` picture samples for takes without speech (higher is better).
        voiced: Intervals where the speech detector heard speech (cut points avoid them).
        settings: See :class:`SelectSettings`.
    """
    units = [u for u in speech_units(units) if u.start < duration]
    if planned is None or planned <= 0 or duration <= planned * (1 + settings.tolerance):
        return Choice(0.0, duration, "whole", planned)
    if has_speech(units, settings):
        start, end = speech_span(units, duration, planned, voiced, settings)
        return Choice(round(start, 3), round(end, 3), "speech", planned)
    start = best_window(scores, duration, planned, settings)
    return Choice(round(start, 3), round(start + planned, 3), "motion", planned)


def boundary_tier(before: Unit, after: Unit, settings: SelectSettings) -> int:
    """How good a cut between two units is: 0 sentence end, 1 clause end, 2 any word gap."""
    gap = after.start - before.end
    text = before.text.rstrip().rstrip("\"'»«“”")
    if gap >= settings.sentence_pause or text.endswith(SENTENCE_END):
        return 0
    if gap >= settings.clause_pause or text.endswith(CLAUSE_END):
        return 1
    return 2


def speech_span(units: Sequence[Unit], duration: float, planned: float,
                voiced: Sequence[tuple[float, float]] = (),
                settings: SelectSettings = SelectSettings()) -> tuple[float, float]:
    """In and out point of the kept speech: all of it, or the best run of whole units."""
    first, last = pick_run(units, planned, settings)
    lo_room = units[first - 1].end if first > 0 else 0.0
    hi_room = units[last + 1].start if last + 1 < len(units) else duration
    start = cut_before(units[first].start, lo_room, voiced, settings, edge=first == 0)
    end = cut_after(units[last].end, hi_room, voiced, settings, edge=last + 1 == len(units))
    room = (min(start, lo_room + settings.tail) if first > 0 else 0.0,
            max(end, hi_room - settings.lead) if last + 1 < len(units) else duration)
    return pad_to_plan(start, end, room, planned, settings)


def run_length(units: Sequence[Unit], i: int, j: int, settings: SelectSettings) -> float:
    """About how long the run of units ``i..j`` plays (with lead and tail)."""
    return units[j].end - units[i].start + settings.lead + settings.tail


def pick_run(units: Sequence[Unit], planned: float, settings: SelectSettings) -> tuple[int, int]:
    """Indexes of the first and last unit kept.

    All of the speech when it fits the plan (within the tolerance). Otherwise the run of whole
    units with the lowest cost: how far its length is from the plan (:func:`length_cost`),
    plus the cost of its two cuts (a sentence end or the take's edge costs nothing, a clause
    end ``clause_cost``, another word gap ``word_cost``), plus ``delay_cost`` per planned
    length that it starts after the first word (the line usually comes first). Only speech
    far longer than the plan (``clause_over``, ``word_over``) may be cut at a clause end or
    between any two words at all: a sentence is never cut to save a little time. Ties go to
    the earliest run.
    """
    n = len(units)
    whole = run_length(units, 0, n - 1, settings)
    if whole <= planned * (1 + settings.tolerance):
        return 0, n - 1
    worst = 0 + (whole >= planned * settings.clause_over) + (whole >= planned * settings.word_over)
    tiers = [boundary_tier(units[k], units[k + 1], settings) for k in range(n - 1)]
    price = (0.0, settings.clause_cost, settings.word_cost)
    cuts = [k for k in range(n - 1) if tiers[k] <= worst]  # a run may end at k, start at k+1
    starts = [(0, 0.0)] + [(k + 1, price[tiers[k]]) for k in cuts]
    ends = [(k, price[tiers[k]]) for k in cuts] + [(n - 1, 0.0)]
    best: tuple[float, int, int] = (float("inf"), 0, n - 1)
    for i, start_cost in starts:
        delay = settings.delay_cost * (units[i].start - units[0].start) / planned
        for j, end_cost in ends:
            if j < i:
                continue
            cost = length_cost(run_length(units, i, j, settings), planned, settings) + \
                start_cost + end_cost + delay
            if (cost, i, j) < best:
                best = (cost, i, j)
    return best[1], best[2]


def length_cost(length: float, planned: float, settings: SelectSettings) -> float:
    """How far ``length`` is from the plan: its share off, three times steeper beyond the
    tolerance (longer) or below ``shortest`` (shorter)."""
    off = (length - planned) / planned
    if off >= 0:
        return off if off <= settings.tolerance else \
            settings.tolerance + 3 * (off - settings.tolerance)
    short, room = -off, 1 - settings.shortest
    return short if short <= room else room + 3 * (short - room)


def cut_before(word_start: float, room: float, voiced: Sequence[tuple[float, float]],
               settings: SelectSettings, edge: bool = False) -> float:
    """An in point in the gap ``[room, word_start]``: ``lead`` before the word if the gap
    allows (``edge``: the gap runs to the take's start, not to another word), else at its
    share of the gap; moved out of detected speech where possible."""
    gap = max(0.0, word_start - room)
    back = min(settings.lead, gap) if edge or gap >= settings.lead + settings.tail else \
        gap * settings.lead / (settings.lead + settings.tail)
    return snap_out(word_start - back, room, word_start, voiced, prefer="early")


def cut_after(word_end: float, room: float, voiced: Sequence[tuple[float, float]],
              settings: SelectSettings, edge: bool = False) -> float:
    """An out point in the gap ``[word_end, room]`` (see :func:`cut_before`)."""
    gap = max(0.0, room - word_end)
    ahead = min(settings.tail, gap) if edge or gap >= settings.lead + settings.tail else \
        gap * settings.tail / (settings.lead + settings.tail)
    return snap_out(word_end + ahead, word_end, room, voiced, prefer="late")


def snap_out(at: float, lo: float, hi: float, voiced: Sequence[tuple[float, float]],
             prefer: str) -> float:
    """``at`` moved out of any detected speech interval, staying inside ``[lo, hi]``.

    A cut before a word prefers moving earlier (the word may begin before the recogniser
    said), a cut after a word later. If the whole gap is speech, ``at`` stays.
    """
    for a, b in voiced:
        if a < at < b:
            options = [x for x in ((a, b) if prefer == "early" else (b, a)) if lo <= x <= hi]
            return options[0] if options else at
    return at


def pad_to_plan(start: float, end: float, room: tuple[float, float], planned: float,
                settings: SelectSettings) -> tuple[float, float]:
    """Widen a stretch shorter than the plan by up to ``pad`` per side, inside ``room``."""
    missing = planned - (end - start)
    if missing <= 0:
        return start, end
    before = min(settings.pad, missing / 2, start - room[0])
    after = min(settings.pad, missing - before, room[1] - end)
    before = min(settings.pad, missing - after, start - room[0])  # what after could not take
    return start - max(0.0, before), end + max(0.0, after)


def best_window(scores: Sequence[tuple[float, float]], duration: float, planned: float,
                settings: SelectSettings = SelectSettings()) -> float:
    """Start of the ``planned``-long window with the highest mean score.

    Windows start on the samples' times (and at the edges); those clear of the first and last
    ``edge`` seconds are preferred when the take leaves room for them. Without scores the
    window sits in the middle of the take.
    """
    latest = max(0.0, duration - planned)
    lo, hi = settings.edge, latest - settings.edge
    if hi < lo:
        lo, hi = 0.0, latest
    if not scores:
        return round((lo + hi) / 2, 3)
    samples = sorted(scores)
    candidates = sorted({min(max(t, lo), hi) for t, _ in samples} | {lo, hi})
    best_start, best_value = lo, float("-inf")
    for start in candidates:
        inside = [s for t, s in samples if start <= t < start + planned]
        value = sum(inside) / len(inside) if inside else float("-inf")
        if value > best_value + 1e-9:
            best_start, best_value = start, value
    return best_start
