"""Word times that match the voice: Whisper's word times refined against the audio.

Whisper's word timestamps come from cross-attention and lead the voice: on German clips the
first word of a clip started up to 370 ms before the speaker did, and word starts were a median
100 ms early, so captions and the karaoke highlight ran ahead. Like stable-ts, machmal moves
times out of silence, with two pieces of evidence from the decoded 16 kHz audio:

* a loudness envelope (20 ms windows every 10 ms, in dB). A frame is *active* when it is above
  the recording's noise floor (10th percentile) by a quarter of the floor-to-peak range and at
  least :data:`MIN_RISE_DB`, and no more than :data:`BELOW_PEAK_DB` below the speech peaks (99th
  percentile; so a quiet prefix does not let the room noise count as sound); runs shorter than
  :data:`MIN_RUN` (clicks) do not count;
* Silero VAD speech intervals (the model inside faster-whisper), used to judge whether a
  phrase is supported by speech at all (see :mod:`toolkit.captions.hallucination`).

:func:`refine_words` then, for every word:

* start in silence -> moved forward to the first active frame inside the word (or just after
  it); start in sound, but a silence of at least :data:`MIN_PAUSE` follows within the word ->
  moved to the sound after that silence (the start sat on the previous word's tail); start in
  connected sound without a pause -> moved to the first clear loudness dip early in the word
  (:func:`_dip_inside`: the boundary with the previous word);
* end in silence -> moved back to the last active frame plus :data:`TAIL`;
* starts never move earlier, so a caption never appears before its word is spoken.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from toolkit.captions.transcript import Word

RATE: Final = 16_000
HOP: Final = 0.01
WINDOW: Final = 0.02
MIN_RISE_DB: Final = 9.0
BELOW_PEAK_DB: Final = 30.0
MIN_RUN: Final = 0.07
MERGE_GAP: Final = 0.03
MIN_PAUSE: Final = 0.05
LEAD: Final = 0.0
TAIL: Final = 0.03
MIN_WORD: Final = 0.06
SEARCH_AFTER: Final = 0.2
DIP_DB: Final = 9.0
DIP_SEARCH: Final = 0.25
DIP_CONTEXT: Final = 0.12


@dataclass(frozen=True)
class SpeechEvidence:
    """What the audio says about where speech is.

    Attributes:
        active: Per 10 ms frame, whether the frame is clearly above the noise floor.
        speech: Silero VAD speech intervals (start, end) in seconds, without padding.
        duration: Length of the audio in seconds.
    """

    active: np.ndarray
    db: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    speech: tuple[tuple[float, float], ...] = ()
    duration: float = 0.0
    hop: float = HOP

    def frame(self, t: float) -> int:
        """The frame index of time ``t`` (clamped to the audio)."""
        return int(min(max(0, round(t / self.hop)), max(0, len(self.active) - 1)))

    def is_active(self, t: float) -> bool:
        return bool(len(self.active)) and bool(self.active[self.frame(t)])

    def next_active(self, t: float, limit: float) -> float | None:
        """The first active time in ``[t, limit]``, or None."""
        i, j = self.frame(t), self.frame(limit)
        hits = np.flatnonzero(self.active[i:j + 1])
        return (i + int(hits[0])) * self.hop if hits.size else None

    def last_active(self, t: float, limit: float) -> float | None:
        """The last active time in ``[limit, t]``, or None."""
        i, j = self.frame(limit), self.frame(t)
        hits = np.flatnonzero(self.active[i:j + 1])
        return (i + int(hits[-1])) * self.hop if hits.size else None

    def speech_share(self, start: float, end: float) -> float:
        """Share of ``[start, end]`` inside VAD speech (0..1)."""
        span = max(end - start, 1e-6)
        inside = sum(max(0.0, min(end, e) - max(start, s)) for s, e in self.speech)
        return min(1.0, inside / span)

    @property
    def last_speech_end(self) -> float:
        """End of the last VAD speech interval (0 when there is none)."""
        return self.speech[-1][1] if self.speech else 0.0


def envelope(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Loudness per :data:`HOP` frame in dB (20 ms window centred on the frame)."""
    hop, win = int(rate * HOP), int(rate * WINDOW)
    if samples.size == 0:
        return np.zeros(0)
    padded = np.pad(samples.astype(np.float64), (win // 2, win))
    frames = samples.size // hop + 1
    power = np.cumsum(np.concatenate(([0.0], padded ** 2)))
    idx = np.arange(frames) * hop
    energy = (power[idx + win] - power[idx]) / win
    return 10 * np.log10(energy + 1e-12)


def active_frames(db: np.ndarray) -> np.ndarray:
    """Frames clearly above the noise floor, with clicks removed and short gaps closed."""
    if db.size == 0:
        return np.zeros(0, bool)
    floor, peak = np.percentile(db, 10), np.percentile(db, 99)
    threshold = max(floor + MIN_RISE_DB, floor + 0.25 * (peak - floor), peak - BELOW_PEAK_DB)
    mask = db > threshold
    mask = _close_gaps(mask, int(round(MERGE_GAP / HOP)))
    return _drop_short(mask, int(round(MIN_RUN / HOP)))


def _runs(mask: np.ndarray, value: bool) -> list[tuple[int, int]]:
    """(start, stop) index pairs of the runs of ``value`` in ``mask``."""
    padded = np.concatenate(([False], mask == value, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def _close_gaps(mask: np.ndarray, frames: int) -> np.ndarray:
    out = mask.copy()
    for a, b in _runs(mask, False):
        if 0 < a and b < len(mask) and b - a <= frames:
            out[a:b] = True
    return out


def _drop_short(mask: np.ndarray, frames: int) -> np.ndarray:
    out = mask.copy()
    for a, b in _runs(mask, True):
        if b - a < frames:
            out[a:b] = False
    return out


def speech_evidence(samples: np.ndarray, rate: int = RATE,
                    vad_threshold: float = 0.5) -> SpeechEvidence:
    """Envelope activity and VAD speech of 16 kHz mono ``samples``."""
    from toolkit.media.silence import speech_intervals

    db = envelope(samples, rate)
    speech = tuple((s.start, s.end) for s in speech_intervals(samples, threshold=vad_threshold))
    return SpeechEvidence(active=active_frames(db), db=db, speech=speech,
                          duration=samples.size / rate)


def refine_words(words: Sequence[Word], evidence: SpeechEvidence) -> list[Word]:
    """Move word starts out of silence (never earlier) and ends back out of silence.

    Args:
        words: Words in time order (one segment or a whole transcript).
        evidence: The audio's :class:`SpeechEvidence`.

    Returns:
        The words with refined times; order, text and probability unchanged.
    """
    if not len(evidence.active):
        return list(words)
    out: list[Word] = []
    for k, w in enumerate(words):
        limit = words[k + 1].start if k + 1 < len(words) else evidence.duration
        start = _refined_start(w, evidence, max(w.end, min(limit, w.end + SEARCH_AFTER)))
        if out:
            start = max(start, out[-1].start)
        end = _refined_end(w, start, evidence)
        out.append(dataclasses.replace(w, start=round(start, 3), end=round(end, 3)))
    return out


def _refined_start(w: Word, ev: SpeechEvidence, search_to: float) -> float:
    if not ev.is_active(w.start):
        onset = ev.next_active(w.start, search_to)
        if onset is None:
            return w.start
        return min(max(w.start, onset - LEAD), max(w.start, search_to - MIN_WORD))
    pause = _pause_inside(w, ev)
    if pause is not None:
        return pause
    dip = _dip_inside(w, ev)
    return w.start if dip is None else dip


def _dip_inside(w: Word, ev: SpeechEvidence) -> float | None:
    """The first clear loudness dip early in the word: the boundary with the previous word.

    In connected speech there is rarely a pause between words, but there is a dip: the
    loudness falls at least :data:`DIP_DB` below both the sound before it (the previous word's
    tail) and the sound after it (this word), within :data:`DIP_CONTEXT` on each side. Only the
    first :data:`DIP_SEARCH` of the word is searched (Whisper's starts lead the voice by about
    a tenth of a second; later dips are inside the word itself). A word whose start follows
    silence within :data:`MIN_PAUSE` already starts at an onset and is left alone.
    """
    if not len(ev.db):
        return None
    i = ev.frame(w.start)
    if i == 0 or not ev.active[max(0, i - round(MIN_PAUSE / ev.hop)):i].all():
        return None
    j = min(ev.frame(w.start + DIP_SEARCH), ev.frame(w.end - MIN_WORD))
    ctx = max(1, round(DIP_CONTEXT / ev.hop))
    for m in range(i + 1, j):
        if ev.db[m] > ev.db[m - 1] or ev.db[m] > ev.db[m + 1]:
            continue  # not a local minimum
        before = ev.db[max(0, m - ctx):m].max()
        after = ev.db[m + 1:m + 1 + ctx].max()
        if min(before, after) - ev.db[m] >= DIP_DB:
            return m * ev.hop
    return None


def _pause_inside(w: Word, ev: SpeechEvidence) -> float | None:
    """Onset of sound after a pause of at least :data:`MIN_PAUSE` inside the word's span."""
    i, j = ev.frame(w.start), ev.frame(w.end - MIN_WORD)
    if j <= i:
        return None
    for a, b in _runs(ev.active[i:j + 1], False):
        if b - a >= round(MIN_PAUSE / ev.hop) and i + b <= j:
            return max(w.start, (i + b) * ev.hop - LEAD)
    return None


def _refined_end(w: Word, start: float, ev: SpeechEvidence) -> float:
    end = max(w.end, start + MIN_WORD)
    if ev.is_active(end):
        return end
    last = ev.last_active(end, start)
    if last is None:
        return end
    return max(start + MIN_WORD, min(end, last + TAIL))
