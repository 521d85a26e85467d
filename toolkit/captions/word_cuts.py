"""Text-based trimming: dropped words of a transcript -> cuts of the recording, snapped to silence.

The user drops words on the transcript (the studio's word table, ``machmal project cut-words``);
every run of consecutive dropped words becomes one removed range of the recording:

* a run at the start of the transcript is cut from the beginning of the recording (the take's in
  point moves), a run at the end up to its end (the out point moves), any other run is an inner
  cut;
* each cut point lies in the gap between a dropped and a kept word and is snapped to silence
  with the audio's loudness envelope (:class:`toolkit.captions.timing.SpeechEvidence`): in the
  longest silent stretch of the gap (the word times are already moved out of silence against
  the same envelope; the search reaches only :data:`SLACK` past them), keeping at most
  :data:`PAD` of that silence next to the kept word, so a pause stays natural and no kept word
  loses its beginning or end. Where speech is connected and there is no silence, the cut stays
  at the recognised boundary (moved at most :data:`NUDGE` to its quietest 10 ms).

:func:`subtract` removes the cuts from the ranges a render keeps of a take (whatever chose those
ranges: in/out points, auto-trim, the storyboard's planned length), :func:`dropped_words` says
which words fall inside the cuts (the captions leave them out).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np

from toolkit.captions.timing import SpeechEvidence
from toolkit.captions.transcript import Word
from toolkit.errors import UserInputError
from toolkit.messages import register

register({
    "cut.bad_words": (
        "„{text}“ ist keine Wortliste. Bitte Nummern von 1 bis {count} angeben, z. B. 3-5,9.",
        "'{text}' is not a list of words. Please give numbers from 1 to {count}, e.g. 3-5,9.",
    ),
    "cut.all_words": (
        "Es wären alle Wörter gestrichen; von der Aufnahme bliebe nichts. Bitte mindestens ein "
        "Wort behalten (oder den Shot auslassen, falls er optional ist).",
        "Every word would be dropped; nothing of the recording would remain. Please keep at "
        "least one word (or skip the shot if it is optional).",
    ),
})

PAD: Final = 0.2
"""Seconds of silence kept at most next to a kept word at a cut."""
SLACK: Final = 0.03
"""Seconds the silence search reaches past the word times (they are already moved out of
silence by :func:`toolkit.captions.timing.refine_words`; a wider search finds the closure of a
stop consonant inside a word and cuts it)."""
NUDGE: Final = 0.02
"""Seconds a cut in connected speech may move from the recognised boundary to a quieter frame
(further, it finds the closure of a "t" inside the word: measured in bench/RESULTS.md)."""
QUIET_DB: Final = 8.0
"""A frame is silence when it is at most this many dB above the recording's noise floor."""
MIN_PIECE: Final = 0.08
"""Kept pieces shorter than this (between two cuts) are left out."""

Cut = tuple[float, float]


def parse_word_list(text: str, count: int) -> list[int]:
    """Word numbers as the user writes them (1-based, ``"3-5,9"``) -> sorted 0-based indices.

    Raises:
        UserInputError: Not a list of numbers and ranges, or a number outside 1..``count``.
    """
    indices: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        found = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if not found:
            raise UserInputError("cut.bad_words", text=text, count=count)
        first = int(found.group(1))
        last = int(found.group(2) or first)
        if not 1 <= min(first, last) <= max(first, last) <= count:
            raise UserInputError("cut.bad_words", text=text, count=count)
        indices.update(range(min(first, last) - 1, max(first, last)))
    return sorted(indices)


def runs(indices: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive runs ``(first, last)`` of the sorted, unique ``indices``."""
    out: list[tuple[int, int]] = []
    for i in sorted(set(indices)):
        if out and i == out[-1][1] + 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def derive_cuts(words: Sequence[Word], dropped: Iterable[int], duration: float,
                evidence: SpeechEvidence | None = None) -> list[Cut]:
    """The removed ranges of a recording for the ``dropped`` word indices.

    Args:
        words: The transcript's words in time order.
        dropped: Indices of the words to drop (unknown indices are ignored).
        duration: Length of the recording in seconds.
        evidence: The recording's loudness (None: cut in the middle of each gap).

    Returns:
        Sorted, non-overlapping ``(start, end)`` ranges in seconds of the recording.

    Raises:
        UserInputError: Every word would be dropped.
    """
    chosen = [i for i in set(dropped) if 0 <= i < len(words)]
    if words and len(chosen) == len(words):
        raise UserInputError("cut.all_words")
    cuts: list[Cut] = []
    for first, last in runs(chosen):
        start = 0.0 if first == 0 else cut_point(words[first - 1], words[first], evidence,
                                                 keep="before")
        end = duration if last == len(words) - 1 else cut_point(words[last], words[last + 1],
                                                                evidence, keep="after")
        if end - start > 1e-3:
            cuts.append((round(start, 3), round(min(end, duration), 3)))
    return cuts


def cut_point(left: Word, right: Word, evidence: SpeechEvidence | None, keep: str) -> float:
    """Where to cut between two neighbouring words, one kept and one dropped.

    Args:
        left: The earlier word.
        right: The later word.
        evidence: The recording's loudness (None: the middle of the gap).
        keep: ``before`` (``left`` is kept: a cut begins here) or ``after`` (``right`` is kept:
            a cut ends here).

    Returns:
        A time in seconds between ``left.start`` and ``right.end``.
    """
    lo, hi = sorted((left.end, right.start))
    floor = (left.start + left.end) / 2  # never into the first half of either word: the
    ceiling = (right.start + right.end) / 2  # silence before the left one is not this gap
    wide = (max(lo - SLACK, floor), min(hi + SLACK, ceiling))
    point = (lo + hi) / 2
    if evidence is not None and len(evidence.active):
        quiet = _longest_silence(evidence, lo, hi) or _longest_silence(evidence, *wide)
        if quiet is not None:
            s0, s1 = quiet
            mid = (s0 + s1) / 2
            point = min(mid, s0 + PAD) if keep == "before" else max(mid, s1 - PAD)
        else:  # connected speech: the recognised boundary, at its quietest 10 ms nearby
            point = _quietest(evidence, point - NUDGE, point + NUDGE)
    return float(min(max(point, floor), ceiling))


def _longest_silence(ev: SpeechEvidence, lo: float, hi: float) -> tuple[float, float] | None:
    """The longest run of inactive frames inside ``[lo, hi]`` as times, or None."""
    i, j = ev.frame(max(0.0, lo)), ev.frame(hi)
    if j <= i:
        return None
    quiet = _quiet_frames(ev)[i:j + 1]
    best: tuple[int, int] | None = None
    k = 0
    while k < quiet.size:
        if quiet[k]:
            m = k
            while m < quiet.size and quiet[m]:
                m += 1
            if best is None or m - k > best[1] - best[0]:
                best = (k, m)
            k = m
        else:
            k += 1
    if best is None:
        return None
    half = ev.hop / 2  # frames are centred on their times: a silence starts half a frame early
    return (i + best[0]) * ev.hop - half, (i + best[1]) * ev.hop - half


def _quiet_frames(ev: SpeechEvidence) -> np.ndarray:
    """Frames near the recording's noise floor (within :data:`QUIET_DB` of its 10th
    percentile). Stricter than "not active": the weak end of a word ("-er", a breathy "h")
    is below the activity threshold but well above the floor."""
    if not len(ev.db):
        return ~ev.active.astype(bool)
    floor = float(np.percentile(ev.db, 10))
    return ev.db <= floor + QUIET_DB


def _quietest(ev: SpeechEvidence, lo: float, hi: float) -> float:
    """The time of the quietest frame in ``[lo, hi]`` (the middle when loudness is unknown)."""
    i, j = ev.frame(max(0.0, lo)), ev.frame(hi)
    if not len(ev.db) or j <= i:
        return (lo + hi) / 2
    return (i + int(np.argmin(ev.db[i:j + 1]))) * ev.hop


def subtract(ranges: Sequence[Cut], cuts: Sequence[Sequence[float]],
             min_piece: float = MIN_PIECE) -> list[Cut]:
    """``ranges`` (kept parts of a recording) with the ``cuts`` removed.

    Pieces shorter than ``min_piece`` left between two cuts are dropped.
    """
    out: list[Cut] = []
    for start, end in ranges:
        pieces = [(start, end)]
        for c0, c1 in cuts:
            pieces = [p for s, e in pieces for p in ((s, min(e, c0)), (max(s, c1), e))
                      if p[1] > p[0]]
        out += [p for p in pieces if p[1] - p[0] >= min_piece or (p[0], p[1]) == (start, end)]
    return out


def dropped_words(words: Sequence[Word], cuts: Sequence[Sequence[float]]) -> list[int]:
    """Indices of the words whose middle lies inside a cut (what the render leaves out)."""
    out = []
    for i, w in enumerate(words):
        mid = (w.start + w.end) / 2
        if any(c0 <= mid < c1 for c0, c1 in cuts):
            out.append(i)
    return out


def kept_text(words: Sequence[Word], dropped: Iterable[int]) -> str:
    """The transcript's text without the ``dropped`` words."""
    gone = set(dropped)
    return " ".join(w.text for i, w in enumerate(words) if i not in gone)
