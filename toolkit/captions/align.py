"""Script alignment: show the exact known text of a shot with the audio's timing.

When the spoken text is known (a script line from the storyboard), the captions should show that
text, not Whisper's spelling of it. Like stable-ts' ``align``, the result has the script's words
with times from the audio: the audio is transcribed with word timestamps, the script's words are
matched to the recognised words (difflib on normalised tokens), and

* matched words take the recognised word's time and probability;
* a run of script words replacing a run of recognised words shares that run's time span in
  proportion to the words' lengths;
* script words with no recognised counterpart are interpolated into the gap between their
  neighbours (probability 0, so they are flagged for review);
* recognised words missing from the script are dropped.

Script words the recognition did not confirm (replaced or interpolated) are flagged for review
with the reason ``script``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence

from toolkit.captions.transcribe import normalise
from toolkit.captions.transcript import REASON_SCRIPT, Transcript, Word, nfc, spread

MIN_WORD_SECONDS = 0.08


def script_words(script: str) -> list[str]:
    """Split a script into words the way captions show them (NFC, whitespace-separated)."""
    return nfc(script).split()


def align_words(recognised: Sequence[Word], script: str, duration: float = 0.0) -> list[Word]:
    """Give every word of ``script`` a start and end from ``recognised`` words.

    Args:
        recognised: Words with times (a transcript of the same audio).
        script: The exact text that was spoken.
        duration: Length of the audio (bounds interpolated words at the end).

    Returns:
        The script's words in order, with times that never decrease.
    """
    texts = script_words(script)
    if not texts:
        return []
    if not recognised:
        end = duration if duration > 0 else 0.4 * len(texts)
        return spread(texts, 0.0, end, probability=0.0)
    a = [_key(w.text) for w in recognised]
    b = [_key(x) for x in texts]
    slots: list[Word | None] = [None] * len(texts)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                w = recognised[i1 + k]
                slots[j1 + k] = Word(texts[j1 + k], w.start, w.end, w.probability)
        elif tag == "replace":
            span = recognised[i1:i2]
            prob = min(w.probability for w in span)
            for k, w in enumerate(spread(texts[j1:j2], span[0].start, span[-1].end, prob)):
                slots[j1 + k] = dataclasses.replace(w, reason=REASON_SCRIPT)
    return _interpolate(slots, texts, duration or recognised[-1].end)


def _key(text: str) -> str:
    return normalise(text).replace(" ", "")


def _interpolate(slots: list[Word | None], texts: list[str], duration: float) -> list[Word]:
    """Fill unmatched script words into the gaps between matched neighbours."""
    out = list(slots)
    i = 0
    while i < len(out):
        if out[i] is not None:
            i += 1
            continue
        j = i
        while j < len(out) and out[j] is None:
            j += 1
        prev_end = out[i - 1].end if i > 0 and out[i - 1] else 0.0
        next_start = out[j].start if j < len(out) and out[j] else max(duration, prev_end)
        need = MIN_WORD_SECONDS * (j - i)
        start = prev_end
        end = max(next_start, start + need) if j == len(out) else next_start
        if end - start < need - 1e-9:  # no room: borrow from the neighbours' edges
            mid = (prev_end + next_start) / 2
            start, end = max(0.0, mid - need / 2), mid + need / 2
        for k, w in enumerate(spread(texts[i:j], start, end, probability=0.0)):
            out[i + k] = dataclasses.replace(w, reason=REASON_SCRIPT)
        i = j
    return _monotonic([w for w in out if w is not None])


def _monotonic(words: list[Word]) -> list[Word]:
    """Make starts non-decreasing and every end at least its start."""
    fixed: list[Word] = []
    last_start = 0.0
    for w in words:
        start = max(w.start, last_start)
        fixed.append(dataclasses.replace(w, start=start, end=max(w.end, start)))
        last_start = start
    return fixed


def align_transcript(transcript: Transcript, script: str) -> Transcript:
    """A copy of ``transcript`` whose words are the script's, timed by the recognition."""
    words = align_words(transcript.words, script, transcript.duration)
    return dataclasses.replace(transcript, words=tuple(words),
                               options={**transcript.options, "aligned_to_script": True})
