"""Known Whisper hallucinations, removed only where the audio does not support them.

Whisper invents text on silence, noise and music: subtitle credits ("Untertitel der
Amara.org-Community", "Untertitel im Auftrag des ZDF"), outros ("Vielen Dank fürs Zuschauen",
"Thanks for watching"), annotations ("[Musik]", "♪") and loops of one phrase. But people do say
"Vielen Dank fürs Zuschauen" at the end of a video. So a segment that is a known phrase is
dropped only when the audio does not support it (:func:`supported`):

* less than :data:`MIN_SPEECH_SHARE` of its time lies in Silero VAD speech, or
* its words' mean probability is below :data:`MIN_PROBABILITY`, or
* it starts after the last detected speech, or
* the same phrase was already kept earlier in the clip (an outro is said once).

Annotations ("[Musik]") are never words and always go; a phrase repeated four or more times in a
row is kept once (:func:`collapse_loops`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from toolkit.captions.timing import SpeechEvidence
from toolkit.captions.transcript import Word, nfc, normalise

MIN_SPEECH_SHARE: Final = 0.5
MIN_PROBABILITY: Final = 0.5

_CREDIT = re.compile(
    r"untertitel(ung)?\s+(im\s+auftrag|der|des|von|by)|amara\s*\.?\s*org|"
    r"subtitles\s+by|copyright\s+(wdr|swr|zdf|ard|ndr|br)|\b(zdf|swr|wdr)\s+20\d\d|"
    r"\bzdf\s+für\s+funk")
_OUTRO: Final = frozenset({
    "thanks for watching", "thank you for watching", "thanks for watching and see you next time",
    "please subscribe", "please like and subscribe", "subscribe to my channel",
    "vielen dank fürs zuschauen", "danke fürs zuschauen", "vielen dank für's zuschauen",
    "danke für's zuschauen", "bis zum nächsten mal", "abonniert den kanal",
    "abonniere den kanal", "untertitel", "untertitelung",
})
_ANNOTATION = re.compile(r"^\s*([\[(*♪♫#][^\])*]*[\])*♪♫#]?\s*)+$")
_MUSIC_WORDS: Final = frozenset({"musik", "music", "applaus", "applause", "lachen",
                                  "laughter", "stille", "silence"})


def is_annotation(text: str) -> bool:
    """True for a segment that is no speech at all: empty, "[Musik]", "♪ ♪", "(Applaus)"."""
    if not text.strip() or _ANNOTATION.match(text.strip()):
        return True
    plain = normalise(text)
    return not plain or plain in _MUSIC_WORDS


def is_hallucination(text: str) -> bool:
    """True for a known hallucination phrase (credits, outros, annotations), said or not."""
    if is_annotation(text):
        return True
    return normalise(text) in _OUTRO or bool(_CREDIT.search(nfc(text).casefold()))


def supported(words: Sequence[Word], evidence: SpeechEvidence | None,
              kept: Sequence[str] = ()) -> bool:
    """Whether the audio supports a known phrase made of ``words``.

    Args:
        words: The phrase's words with (refined) times.
        evidence: Speech evidence of the audio (None: no evidence, nothing is supported).
        kept: Normalised texts of the segments kept so far in this clip.
    """
    if not words or evidence is None:
        return False
    text = normalise(" ".join(w.text for w in words))
    start, end = words[0].start, words[-1].end
    mean_probability = sum(w.probability for w in words) / len(words)
    return (evidence.speech_share(start, end) >= MIN_SPEECH_SHARE
            and mean_probability >= MIN_PROBABILITY
            and start < evidence.last_speech_end
            and text not in kept)


def collapse_loops(words: list[Word], min_repeats: int = 4, max_ngram: int = 6) -> list[Word]:
    """Keep one copy of an n-gram repeated ``min_repeats`` or more times in a row."""
    keys = [normalise(w.text) for w in words]
    out: list[Word] = []
    i = 0
    while i < len(words):
        for n in range(1, max_ngram + 1):
            gram = keys[i:i + n]
            reps = 1
            while keys[i + reps * n:i + (reps + 1) * n] == gram and len(gram) == n:
                reps += 1
            if reps >= min_repeats:
                out.extend(words[i:i + n])
                i += reps * n
                break
        else:
            out.append(words[i])
            i += 1
    return out
