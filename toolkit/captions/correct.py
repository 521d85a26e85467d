"""Glossary correction after decoding: fix near-misses, never add a word.

Whisper's own vocabulary help (``initial_prompt`` / ``hotwords``) biases the decoder, and on short
clips it makes things worse: the biased decoder appends the glossary after the speech ("Euer Plan
hat ja toll geklappt Ems-Achse Mach mal ...") and costs up to 10x the decode time. machmal
therefore decodes WITHOUT the glossary and corrects afterwards:

* every run of 1..n+1 recognised words (n: words in the term) is compared with every term on a
  folded spelling (lower case, no spaces, hyphens or punctuation, umlauts as ``ae``/``oe``/``ue``)
  and on its Kölner Phonetik code (``cologne-phonetics``), both with ``rapidfuzz``'s normalised
  Indel similarity;
* a run is replaced only when :func:`similarity` reaches :data:`ACCEPT` (chosen from the
  measured score distributions, see ``bench/bench_captions.py``) and the lengths are close;
  terms of fewer than :data:`MIN_FUZZY_CHARS` letters are only fixed for case and hyphenation;
* a run that already spells the term, or the term plus a German inflection ending
  (``Brinkmanns``), is left alone (only case and hyphenation are fixed), and so is a run the
  decoder was sure of (probability >= :data:`CONFIDENT`: "manchmal" is not "Mach mal");
* a run longer than the term must score clearly better than the shorter runs inside it, so a
  neighbouring word is never swallowed;
* the best non-overlapping matches win; each replaced word keeps the run's time span and is
  flagged for review with the reason ``glossary``.

The output therefore has the same words in the same places as the decode, some spelled as the
glossary says: a term can never appear where nothing similar was said.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from toolkit.captions.transcript import REASON_GLOSSARY, Word, nfc, spread

ACCEPT: Final = 0.84
"""Lowest combined similarity accepted. Measured on the 10 short German clips (RESULTS.md):
unrelated terms reached at most 0.73 on any run of recognised words, the weakest wanted
correction scored 0.86. Chosen nearer the wanted side: a missed correction still shows as a
low-confidence word, a wrong one would put a name nobody said into a posted video."""
MIN_FUZZY_CHARS: Final = 5
CONFIDENT: Final = 0.9
"""Words recognised at least this surely are only fixed for case and hyphenation."""
EXACT: Final = 2.0
LOCKED: Final = -1.0
_LONGER_MARGIN: Final = 0.05
MAX_LENGTH_RATIO: Final = 1.4
_INFLECTIONS: Final = ("", "s", "n", "e", "en", "es", "er", "ern", "em")
_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


@dataclass(frozen=True)
class Term:
    """A glossary term prepared for matching.

    Attributes:
        text: The term as it must be written.
        words: Number of words in the term.
        key: Folded spelling.
        code: Kölner Phonetik code of the folded spelling.
    """

    text: str
    words: int
    key: str
    code: str


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, only letters and digits (for comparisons)."""
    text = nfc(text).casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[\W_]+", "", text.replace("ß", "ss"))


@lru_cache(maxsize=65536)
def phonetic(key: str) -> str:
    """Kölner Phonetik code of a folded spelling (digits kept as they are)."""
    import cologne_phonetics

    if not key:
        return ""
    return "".join(code for _, code in cologne_phonetics.encode(key)) or key


def prepare(terms: Sequence[str]) -> list[Term]:
    """Terms ready for :func:`correct_words` (blank and duplicate terms dropped)."""
    out: dict[str, Term] = {}
    for raw in terms:
        text = " ".join(nfc(raw).split())
        key = fold(text)
        if key and key not in out:
            out[key] = Term(text, len(text.split()), key, phonetic(key))
    return list(out.values())


def similarity(candidate: str, term: Term) -> float:
    """How alike a folded candidate spelling and a term are, 0..1.

    The mean of the spelling similarity and the sound (Kölner Phonetik) similarity, so a
    candidate must both look and sound like the term.
    """
    from rapidfuzz.distance import Indel

    if not candidate:
        return 0.0
    spelling = Indel.normalized_similarity(candidate, term.key)
    sound = Indel.normalized_similarity(phonetic(candidate), term.code)
    return (spelling + sound) / 2


def _plausible(candidate: str, term: Term) -> bool:
    longer, shorter = max(len(candidate), len(term.key)), min(len(candidate), len(term.key))
    return shorter > 0 and longer / shorter <= MAX_LENGTH_RATIO


def _inflected(candidate: str, term: Term) -> bool:
    """The candidate is the term itself or the term with a German inflection ending."""
    return candidate.startswith(term.key) and candidate[len(term.key):] in _INFLECTIONS


@dataclass(frozen=True)
class Match:
    """A run of words that a term replaces."""

    first: int
    count: int
    term: Term
    score: float


def find_matches(words: Sequence[Word], terms: Sequence[Term],
                 accept: float = ACCEPT) -> list[Match]:
    """The best non-overlapping term matches among ``words`` (in word order).

    A run longer than the term's word count must score clearly better than the shorter runs it
    contains, so a correct or near word next to the term is never swallowed ("auf Hongkong").
    """
    keys = [fold(w.text) for w in words]
    probs = [w.probability for w in words]
    found: list[Match] = []
    taken: set[int] = set()  # words that already spell some term: no term may change them
    for term in terms:
        scores: dict[tuple[int, int], float] = {}
        for count in range(1, term.words + 2):
            for first in range(0, len(words) - count + 1):
                s = _score(words, keys, probs, first, count, term)
                scores[(first, count)] = s
                if s == LOCKED and count <= term.words:
                    taken |= set(range(first, first + count))
                elif s >= accept and not _beaten(scores, first, count, s):
                    found.append(Match(first, count, term, s))
    found.sort(key=lambda m: (-m.score, m.first))
    chosen = []
    for m in found:
        span = set(range(m.first, m.first + m.count))
        if not span & taken:
            taken |= span
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.first)


def _beaten(scores: dict[tuple[int, int], float], first: int, count: int, score: float) -> bool:
    """A shorter run inside this one is already correct or (almost) as good."""
    if count == 1:
        return False
    inner = (scores.get((first, count - 1), 0.0), scores.get((first + 1, count - 1), 0.0))
    return any(s == LOCKED or s >= score - _LONGER_MARGIN for s in inner)


def _score(words: Sequence[Word], keys: list[str], probs: list[float], first: int,
           count: int, term: Term) -> float:
    """Similarity of a run to a term; :data:`LOCKED` when the run already spells it right."""
    candidate = "".join(keys[first:first + count])
    if not candidate or not _plausible(candidate, term):
        return 0.0
    if _inflected(candidate, term):
        shown = " ".join(_core(w.text) for w in words[first:first + count])
        if candidate != term.key or shown == term.text:
            return LOCKED  # correct already (or an inflected form): nothing to fix
        return EXACT  # case or hyphenation only
    if len(term.key) < MIN_FUZZY_CHARS or min(probs[first:first + count]) >= CONFIDENT:
        return 0.0
    return similarity(candidate, term)


def _core(text: str) -> str:
    m = _EDGE.match(text)
    return m.group(2) if m else text


def correct_words(words: Sequence[Word], terms: Sequence[str],
                  accept: float = ACCEPT) -> list[Word]:
    """Spell near-misses of glossary ``terms`` as the glossary does.

    Args:
        words: Recognised words (a decode WITHOUT glossary bias).
        terms: Glossary terms (single words, names of several words, hyphenated compounds).
        accept: Lowest :func:`similarity` accepted.

    Returns:
        The words, with each corrected run replaced by the term's words (same time span,
        punctuation around the run kept, flagged ``glossary``). Nothing is ever added beyond
        the recognised runs.
    """
    prepared = prepare(terms)
    if not prepared or not words:
        return list(words)
    out: list[Word] = []
    i = 0
    for m in find_matches(words, prepared, accept):
        out.extend(words[i:m.first])
        out.extend(_replacement(words[m.first:m.first + m.count], m.term))
        i = m.first + m.count
    out.extend(words[i:])
    return out


def _replacement(run: Sequence[Word], term: Term) -> list[Word]:
    lead = _EDGE.match(run[0].text).group(1)  # type: ignore[union-attr]
    tail = _EDGE.match(run[-1].text).group(3)  # type: ignore[union-attr]
    texts = term.text.split()
    texts[0], texts[-1] = lead + texts[0], texts[-1] + tail
    if len(texts) == 1:
        texts = [lead + term.text + tail]
    prob = min(w.probability for w in run)
    if len(texts) == len(run):
        return [dataclasses.replace(w, text=x, reason=REASON_GLOSSARY)
                for w, x in zip(run, texts)]
    return [dataclasses.replace(w, reason=REASON_GLOSSARY)
            for w in spread(texts, run[0].start, run[-1].end, prob)]
