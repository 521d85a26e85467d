"""Words worth cutting from a take: fillers, immediate repeats and false starts (proposals).

Text-based trimming starts from suggestions the user confirms or clears; nothing here is applied
on its own. :func:`propose_drops` looks at the words of a transcript and proposes:

* ``filler``: hesitation sounds ("äh", "ähm", "öh", "hm", "mhm", English "uh", "um", "erm"), and
  "also" only where it is clearly a filler: before another filler or a pause, or set off by a
  comma at the start of an utterance ("Also, ..."), never inside a sentence ("also gut" at a
  sentence's end, "und also" as a conjunction are kept);
* ``repeat``: a word or a run of up to three words said twice in a row ("ich ich", "wir
  haben wir haben"): the first saying is proposed, the second (usually the fluent one) stays;
* ``false_start``: a broken-off word the speaker then says in full ("Ausbil- Ausbildung",
  "Aus… Ausbildung", "Ausb Ausbildung").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from toolkit.captions.transcript import Word, normalise
from toolkit.messages import register

register({
    "cut.reason.filler": ("Füllwort", "filler"),
    "cut.reason.repeat": ("Wiederholung", "repeat"),
    "cut.reason.false_start": ("abgebrochen", "false start"),
})

FILLER: Final = "filler"
REPEAT: Final = "repeat"
FALSE_START: Final = "false_start"
REASONS: Final = (FILLER, REPEAT, FALSE_START)

HESITATION: Final = re.compile(
    r"^(?:ä+h*m*|äh+m*|e+h+m*|ö+h+m*|h+m+|m+h*m+|m+h+|u+h+m*|u+m+|e+r+m+|a+h+m+)$")
SOFT_FILLERS: Final = frozenset({"also"})
PAUSE: Final = 0.3
MAX_REPEAT: Final = 3
MIN_FRAGMENT: Final = 2
WHOLE_WORDS: Final = frozenset({
    "ein", "eine", "einen", "einem", "einer", "die", "der", "das", "den", "dem", "des", "und",
    "aus", "auf", "mit", "bei", "für", "vor", "nach", "über", "unter", "durch", "was", "wie",
    "wir", "ich", "sie", "mal", "all", "alle", "hin", "her", "zur", "zum", "ver", "the", "and",
    "for", "her", "his", "our", "you"})
"""Short words that begin longer ones ("ein Eindruck"): a false start only when marked broken."""


def is_hesitation(word: Word) -> bool:
    """True for a hesitation sound such as "äh", "ähm", "öh", "hm", "uh", "um"."""
    return bool(HESITATION.match(normalise(word.text)))


def propose_drops(words: Sequence[Word]) -> dict[int, str]:
    """Indices of words to propose for cutting, with the reason of each.

    Args:
        words: The transcript's words in time order.

    Returns:
        Word index -> ``filler`` | ``repeat`` | ``false_start`` (sorted by index).
    """
    found: dict[int, str] = {}
    for i, word in enumerate(words):
        if is_hesitation(word) or _soft_filler(words, i):
            found.setdefault(i, FILLER)
        elif _false_start(words, i):
            found.setdefault(i, FALSE_START)
    for i in _repeats(words, found):
        found.setdefault(i, REPEAT)
    return dict(sorted(found.items()))


def _soft_filler(words: Sequence[Word], i: int) -> bool:
    """"also" used as a filler: before a hesitation or a pause, or "Also," opening a sentence."""
    if normalise(words[i].text) not in SOFT_FILLERS:
        return False
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is None:
        return False  # "..., also." closes a thought
    if is_hesitation(nxt) or nxt.start - words[i].end >= PAUSE:
        return True
    opens = i == 0 or words[i - 1].text.rstrip().endswith((".", "!", "?", ":")) or \
        words[i].start - words[i - 1].end >= PAUSE or is_hesitation(words[i - 1])
    return opens and words[i].text.rstrip().endswith((",", "…", "..."))


def _false_start(words: Sequence[Word], i: int) -> bool:
    """A word broken off and then said in full by the next word."""
    if i + 1 >= len(words):
        return False
    text = words[i].text.strip()
    part, full = normalise(text), normalise(words[i + 1].text)
    if len(part) < MIN_FRAGMENT or not full.startswith(part) or len(full) <= len(part):
        return False
    broken = text.endswith(("-", "…", "...", "–"))
    return broken or (len(part) >= 3 and part not in WHOLE_WORDS
                      and not text.endswith((".", ",", "!", "?", ";", ":")))


def _repeats(words: Sequence[Word], found: dict[int, str]) -> list[int]:
    """Indices of the first saying of immediately repeated words (fillers in between ignored)."""
    keep = [i for i in range(len(words)) if found.get(i) != FILLER]
    norm = [normalise(words[i].text) for i in keep]
    out: list[int] = []
    k = 0
    while k < len(keep):
        for n in range(MAX_REPEAT, 0, -1):
            first, second = norm[k:k + n], norm[k + n:k + 2 * n]
            if len(second) == n and first == second and all(first):
                out += keep[k:k + n]
                k += n - 1
                break
        k += 1
    return out
