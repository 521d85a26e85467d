"""Words -> caption events, under the rules of REFERENCE.md (Captions).

Two modes:

* ``lines``: classic subtitles. At most ``max_lines`` lines of ``max_chars`` characters
  (42 landscape, 28 vertical), <= 17 characters per second where the speech leaves room,
  5/6 s to 7 s on screen, >= 2 frames between captions, a new caption at every sentence end,
  long pause and change of speaker (``Word.speaker``), German line breaks
  (:mod:`toolkit.captions.linebreak_de`).
* ``words``: the social "word-by-word" look: 1-3 words on one line; the renderer highlights the
  word being spoken (karaoke).

Captions are chosen by dynamic programming inside each sentence: every caption costs a little
(fewer, fuller captions win), bad break points cost a lot (line ends on an article, a split name),
good ones are rewarded (after a comma, before a conjunction). Timing is fitted afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from toolkit.captions.linebreak_de import (
    HARD,
    INFEASIBLE,
    break_cost,
    break_lines,
    ends_clause,
    is_sentence_end,
    name_spans,
    width,
)
from toolkit.captions.transcript import Transcript, Word

_EVENT_COST: Final = {"lines": 4.0, "words": 2.0}
_CLAUSE_BONUS: Final = 2.0  # a caption ending at a comma or colon reads best
_WORD_PAUSE: Final = 0.5  # a pause inside a word-by-word group costs extra


@dataclass(frozen=True)
class ShapingRules:
    """Caption rules (defaults: landscape subtitles at 25 fps).

    Attributes:
        max_chars: Longest line in characters (spaces and punctuation count).
        max_lines: Most lines per caption.
        max_cps: Highest reading speed in characters per second.
        min_duration: Shortest time on screen (seconds; not in ``words`` mode).
        max_duration: Longest time on screen (seconds).
        fps: Frame rate for the gap rule.
        min_gap_frames: Frames between two captions.
        close_gap: Gaps shorter than this are closed up to ``min_gap_frames``.
        pause_split: A pause at least this long always starts a new caption.
        mode: ``lines`` or ``words``.
        max_words: Most words per caption in ``words`` mode.
        word_min_duration: Shortest time on screen in ``words`` mode.
        names: Names and phrases never split across lines (people, company, trade words).
        language: Language of the line-break rules (``de`` or ``en``).
    """

    max_chars: int = 42
    max_lines: int = 2
    max_cps: float = 17.0
    min_duration: float = 5 / 6
    max_duration: float = 7.0
    fps: float = 25.0
    min_gap_frames: int = 2
    close_gap: float = 0.5
    pause_split: float = 1.0
    mode: str = "lines"
    max_words: int = 3
    word_min_duration: float = 0.3
    names: tuple[str, ...] = ()
    language: str = "de"

    @property
    def gap(self) -> float:
        """The minimum gap between captions in seconds."""
        return self.min_gap_frames / self.fps

    @classmethod
    def for_frame(cls, width_px: int, height_px: int, mode: str = "lines",
                  **changes: Any) -> ShapingRules:
        """Rules for an output frame: 42 characters landscape, 28 vertical; one line in
        ``words`` mode."""
        vertical = height_px > width_px
        base: dict[str, Any] = {"max_chars": 28 if vertical else 42, "mode": mode}
        if mode == "words":
            base.update(max_lines=1, max_chars=24 if vertical else 32)
        base.update(changes)
        return cls(**base)


@dataclass(frozen=True)
class CaptionEvent:
    """One caption on screen.

    Attributes:
        start: When it appears (seconds).
        end: When it disappears (seconds).
        lines: The words of each line.
    """

    start: float
    end: float
    lines: tuple[tuple[Word, ...], ...]

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for line in self.lines for w in line)

    @property
    def speaker(self) -> str:
        """Who speaks this caption (empty: unknown or several)."""
        names = {w.speaker for w in self.words}
        return names.pop() if len(names) == 1 else ""

    @property
    def text(self) -> str:
        """The caption as shown, lines separated by ``\\n``."""
        return "\n".join(" ".join(w.text for w in line) for line in self.lines)

    @property
    def chars(self) -> int:
        """Characters a viewer reads (lines joined by one space)."""
        return len(self.text.replace("\n", " "))

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class CaptionTrack:
    """The captions of one video, in time order.

    Attributes:
        events: The captions.
        mode: ``lines`` or ``words`` (word-by-word with highlight).
        language: Language code.
    """

    events: tuple[CaptionEvent, ...]
    mode: str = "lines"
    language: str = "de"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view (saved in the project as an edit decision)."""
        return {"mode": self.mode, "language": self.language, "events": [
            {"start": round(e.start, 3), "end": round(e.end, 3),
             "lines": [[w.to_dict() for w in line] for line in e.lines]} for e in self.events]}

    def window(self, start: float, end: float | None = None) -> CaptionTrack:
        """The captions of ``start``..``end`` with times relative to ``start``.

        For exports that trim the source: the media engine's output starts at 0, so its ASS file
        must too. Captions cut by the window are clipped; words outside it are dropped.
        """
        stop = math.inf if end is None else end
        events = []
        for e in self.events:
            if e.end <= start or e.start >= stop:
                continue
            lines = tuple(tuple(_moved(w, start) for w in line if w.end > start and w.start < stop)
                          for line in e.lines)
            lines = tuple(line for line in lines if line)
            if lines:
                events.append(CaptionEvent(max(e.start, start) - start,
                                           min(e.end, stop) - start, lines))
        return CaptionTrack(tuple(events), self.mode, self.language)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaptionTrack:
        events = tuple(CaptionEvent(float(e["start"]), float(e["end"]), tuple(
            tuple(Word(str(w["text"]), float(w["start"]), float(w["end"]),
                       float(w.get("probability", 1.0)), speaker=str(w.get("speaker") or ""))
                  for w in line) for line in e["lines"]))
            for e in data["events"])
        return cls(events, str(data.get("mode", "lines")), str(data.get("language", "de")))


def _moved(word: Word, offset: float) -> Word:
    return Word(word.text, max(0.0, word.start - offset), max(0.0, word.end - offset),
                word.probability, speaker=word.speaker)


def shape(words: Sequence[Word], rules: ShapingRules | None = None,
          duration: float | None = None) -> CaptionTrack:
    """Group words into timed captions.

    Args:
        words: Words with times (e.g. ``transcript.words``).
        rules: The caption rules.
        duration: Length of the video; no caption is extended beyond it.

    Returns:
        The :class:`CaptionTrack`; every word appears in exactly one caption, in order.
    """
    r = rules or ShapingRules()
    ordered = sorted(words, key=lambda w: (w.start, w.end))
    groups = [g for chunk in _chunks(ordered, r) for g in _segment(chunk, r)]
    max_lines = 1 if r.mode == "words" else r.max_lines
    laid_out = [_split(g, _layout(g, r, max_lines)) for g in groups]
    events = _retime(groups, laid_out, r, duration)
    return CaptionTrack(tuple(events), r.mode, r.language)


def shape_transcript(transcript: Transcript, rules: ShapingRules | None = None) -> CaptionTrack:
    """:func:`shape` for a transcript (its language and duration)."""
    r = rules or ShapingRules(language=transcript.language)
    return shape(transcript.words, r, transcript.duration or None)


def _chunks(words: list[Word], r: ShapingRules) -> list[list[Word]]:
    """Split at sentence ends, long pauses and where another person speaks: no caption spans
    them."""
    chunks: list[list[Word]] = []
    cur: list[Word] = []
    for i, w in enumerate(words):
        cur.append(w)
        nxt = words[i + 1] if i + 1 < len(words) else None
        if (nxt is None or is_sentence_end(w.text) or nxt.start - w.end >= r.pause_split
                or nxt.speaker != w.speaker):
            chunks.append(cur)
            cur = []
    return chunks


def _segment(chunk: list[Word], r: ShapingRules) -> list[list[Word]]:
    """Cheapest split of one sentence into captions (dynamic programming)."""
    n = len(chunk)
    tokens = [w.text for w in chunk]
    blocked = name_spans(tokens, r.names)
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        for j in range(i - 1, -1, -1):
            cost = _group_cost(chunk, tokens, j, i, r, blocked)
            if cost is None:
                break
            if best[j] + cost < best[i]:
                best[i], back[i] = best[j] + cost, j
    groups, i = [], n
    while i > 0:
        groups.append(chunk[back[i]:i])
        i = back[i]
    return groups[::-1]


def _group_cost(chunk: list[Word], tokens: list[str], j: int, i: int, r: ShapingRules,
                blocked: set[int]) -> float | None:
    """Cost of one caption holding ``chunk[j:i]``; None when it (and any longer one) cannot."""
    count = i - j
    if count > 1:
        if r.mode == "words" and count > r.max_words:
            return None
        if width(tokens[j:i]) > r.max_chars * (1 if r.mode == "words" else r.max_lines):
            return None
        if chunk[i - 1].end - chunk[j].start > r.max_duration:
            return None
    cost = _EVENT_COST.get(r.mode, 4.0)
    if i < len(chunk):
        cost += break_cost(tokens[i - 1], tokens[i], r.language)
        cost += HARD if i in blocked else 0.0
        cost -= _CLAUSE_BONUS if ends_clause(tokens[i - 1]) else 0.0
    if r.mode == "words":
        pauses = sum(1 for k in range(j + 1, i) if chunk[k].start - chunk[k - 1].end > _WORD_PAUSE)
        return cost + 3.0 * pauses
    layout_cost = break_lines(tokens[j:i], r.max_chars, r.max_lines, r.names, r.language)[1]
    if layout_cost >= INFEASIBLE and count > 1:
        return math.inf
    return cost + layout_cost


def _layout(group: list[Word], r: ShapingRules, max_lines: int) -> list[list[str]]:
    lines, cost = break_lines([w.text for w in group], r.max_chars, max_lines, r.names,
                              r.language)
    if cost >= INFEASIBLE:  # one long word per line rather than an overlong line
        return [[w.text] for w in group]
    return lines


def _split(group: list[Word], lines: list[list[str]]) -> tuple[tuple[Word, ...], ...]:
    """The Word objects of each laid-out line."""
    out, i = [], 0
    for line in lines:
        out.append(tuple(group[i:i + len(line)]))
        i += len(line)
    return tuple(out)


def _retime(groups: list[list[Word]], lines: list[tuple[tuple[Word, ...], ...]],
            r: ShapingRules, duration: float | None) -> list[CaptionEvent]:
    """Fit each caption's display time to speech, reading speed and the gap rules."""
    frame = 1.0 / r.fps
    starts: list[float] = []
    for group in groups:  # words piled on one instant still get a frame each, plus the gap
        start = group[0].start
        starts.append(max(start, starts[-1] + frame + r.gap) if starts else start)
    video_end = duration if duration and duration > 0 else math.inf
    events: list[CaptionEvent] = []
    for k, group in enumerate(groups):
        start = starts[k]
        speech_end = max(w.end for w in group)
        last = k + 1 == len(groups)
        limit = max(video_end, speech_end) if last else starts[k + 1] - r.gap
        if r.mode == "words":
            want = max(speech_end, start + r.word_min_duration)
        else:
            chars = len(" ".join(w.text for w in group))
            want = max(speech_end, start + r.min_duration, start + chars / r.max_cps)
            want = min(want, max(start + r.max_duration, speech_end))
        end = min(want, limit)
        if not last and limit - end < r.close_gap:
            end = limit if r.mode == "words" else min(limit, max(start + r.max_duration, end))
        events.append(CaptionEvent(start, max(end, start + frame), lines[k]))
    return events
