"""Where a caption line may end: German (and English) line-break rules.

Rules (see REFERENCE.md, Captions): break after punctuation and before conjunctions and
prepositions; never end a line on an article, preposition or conjunction (they belong to what
follows); never split a known name ("Anna Schmidt") or a multi-word hotword. Costs are additive:
:data:`HARD` marks a break that breaks a rule (used only when nothing else fits).

:func:`break_lines` finds the cheapest way to put a caption's words on at most ``max_lines`` lines
of at most ``max_chars`` characters, preferring balanced lines with the longer line at the bottom.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

HARD: Final = 1000.0
INFEASIBLE: Final = 1e9
LINE_COST: Final = 1.5
"""Cost of each extra line (a caption's own cost is higher: fuller captions win)."""

_DE_ARTICLES = ("der die das den dem des ein eine einen einem einer eines kein keine keinen "
                "keinem keiner keines mein meine meinen meinem meiner meines dein deine deinen "
                "deinem deiner sein seine seinen seinem seiner seines ihr ihre ihren ihrem "
                "ihrer ihres unser unsere unseren unserem unserer euer eure euren eurem eurer "
                "dieser diese dieses diesen diesem jeder jede jedes jeden jedem welche welcher")
_DE_PREPOSITIONS = ("an am ans auf aus bei beim bis durch durchs für fürs gegen gegenüber hinter "
                    "in im ins mit nach neben ohne seit über übers um ums unter vom von vor "
                    "vorm während wegen zu zum zur zwischen ab außer trotz statt laut je pro "
                    "per entlang innerhalb außerhalb")
_DE_CONJUNCTIONS = ("und oder aber denn sondern dass daß weil wenn als ob obwohl damit sowie "
                    "sodass bevor nachdem falls sobald solange sowohl weder noch doch wie "
                    "jedoch bzw beziehungsweise also")
_PRONOUNS = frozenset("ich du er sie es wir ihr man i you he she we they".split())
_EN_FUNCTION = ("a an the my your his her its our their this that these those of in on at to "
                "for with from by about into over under between through and or but nor so "
                "because if when while as than")

_CONJ_DE = frozenset(_DE_CONJUNCTIONS.split())
_PREP_DE = frozenset(_DE_PREPOSITIONS.split())
_NO_END: Final = {
    "de": frozenset((_DE_ARTICLES + " " + _DE_PREPOSITIONS + " " + _DE_CONJUNCTIONS).split()),
    "en": frozenset(_EN_FUNCTION.split()),
}
_GOOD_START: Final = {
    "de": _CONJ_DE | _PREP_DE,
    "en": frozenset("and or but because if when while with for to of in on at".split()),
}
_ADJ_END = re.compile(r"^[a-zäöüß]+(e|er|en|es|em)$")
_PUNCT_END = re.compile(r"[,;:–—…)\]»“\"]$")
_SENTENCE_END = re.compile(r"[.!?…]([\"“»)\]])?$")
_ABBREV: Final = frozenset({"z.b.", "d.h.", "u.a.", "bzw.", "ca.", "usw.", "etc.", "dr.",
                            "hr.", "fr.", "nr.", "mr.", "mrs.", "ms.", "st.", "vs."})


def core(token: str) -> str:
    """A token without surrounding punctuation, case-folded (``„Der`` -> ``der``)."""
    return re.sub(r"^\W+|\W+$", "", token).casefold()


def is_sentence_end(token: str) -> bool:
    """True if ``token`` ends a sentence (``.``, ``!``, ``?``, ``…``; not ``z.B.`` or ``3.``)."""
    if not _SENTENCE_END.search(token):
        return False
    lowered = token.casefold()
    return lowered not in _ABBREV and not re.fullmatch(r"\d+\.", lowered)


def ends_clause(token: str) -> bool:
    """True if ``token`` ends with a comma, colon, dash or closing quote."""
    return bool(_PUNCT_END.search(token)) or is_sentence_end(token)


def name_spans(tokens: Sequence[str], names: Sequence[str]) -> set[int]:
    """Break positions (index of the word after the break) that would split a known name."""
    keys = [core(t) for t in tokens]
    blocked: set[int] = set()
    for name in names:
        parts = [core(p) for p in name.split() if core(p)]
        n = len(parts)
        if n < 2:
            continue
        for i in range(len(keys) - n + 1):
            if keys[i:i + n] == parts:
                blocked.update(range(i + 1, i + n))
    return blocked


def break_cost(left: str, right: str | None, lang: str = "de") -> float:
    """Cost of ending a line (or caption) after ``left`` when ``right`` follows."""
    if right is None:
        return 0.0
    if ends_clause(left):
        return -2.0 if is_sentence_end(left) else -1.0
    key = core(left)
    if key in _NO_END.get(lang, _NO_END["de"]):
        return HARD
    if core(right) in _GOOD_START.get(lang, _GOOD_START["de"]):
        return 0.0
    if key in _PRONOUNS or core(right) in _PRONOUNS:  # pronoun + verb, verb + pronoun
        return 3.0
    if lang == "de" and _ADJ_END.search(left) and right[:1].isupper():
        return 3.0  # likely adjective + noun ("großer | Dinosaurier")
    return 1.0


def break_lines(tokens: Sequence[str], max_chars: int, max_lines: int = 2,
                names: Sequence[str] = (), lang: str = "de") -> tuple[list[list[str]], float]:
    """Distribute ``tokens`` over lines.

    Args:
        tokens: The words of one caption, in order.
        max_chars: Longest allowed line (characters, spaces included).
        max_lines: Most lines allowed.
        names: Multi-word names that must stay on one line.
        lang: Language of the rules (``de`` or ``en``).

    Returns:
        (lines, cost). ``cost`` is ``INFEASIBLE`` or more when the tokens do not fit; a single
        word longer than ``max_chars`` gets a line of its own and counts as fitting.
    """
    lines, cost = _break(tuple(tokens), max_chars, max_lines, tuple(names), lang)
    return [list(line) for line in lines], cost


@lru_cache(maxsize=4096)
def _break(tokens: tuple[str, ...], max_chars: int, max_lines: int, names: tuple[str, ...],
           lang: str) -> tuple[list[list[str]], float]:
    n = len(tokens)
    if n == 0:
        return [], 0.0
    if _width(tokens, 0, n) <= max_chars:
        return [list(tokens)], 0.0
    blocked = name_spans(tokens, names)
    # best[k][i]: cheapest cost of placing tokens[:i] on k lines; back-pointers in prev
    best = [[INFEASIBLE] * (n + 1) for _ in range(max_lines + 1)]
    prev = [[0] * (n + 1) for _ in range(max_lines + 1)]
    best[0][0] = 0.0
    for k in range(1, max_lines + 1):
        for i in range(1, n + 1):
            for j in range(i - 1, -1, -1):
                width = _width(tokens, j, i)
                if width > max_chars and i - j > 1:
                    break
                if best[k - 1][j] >= INFEASIBLE:
                    continue
                cost = best[k - 1][j] + _line_cost(tokens, i, width, max_chars, blocked, lang)
                if cost < best[k][i]:
                    best[k][i], prev[k][i] = cost, j
    k = min(range(1, max_lines + 1), key=lambda kk: best[kk][n])
    if best[k][n] >= INFEASIBLE:
        return [list(tokens)], INFEASIBLE + n
    lines, i = [], n
    for kk in range(k, 0, -1):
        j = prev[kk][i]
        lines.append(list(tokens[j:i]))
        i = j
    lines.reverse()
    return lines, best[k][n] + _balance(lines)


def _line_cost(tokens: tuple[str, ...], end: int, width: int, max_chars: int,
               blocked: set[int], lang: str) -> float:
    """Cost of a line ending before ``tokens[end]``."""
    if end == len(tokens):
        return 0.0
    cost = LINE_COST + break_cost(tokens[end - 1], tokens[end], lang)
    if end in blocked:
        cost += HARD
    return cost


def _balance(lines: list[list[str]]) -> float:
    """Prefer lines of similar length, the longer one at the bottom (a pyramid)."""
    if len(lines) < 2:
        return 0.0
    widths = [len(" ".join(line)) for line in lines]
    spread_ = (max(widths) - min(widths)) / max(widths)
    top_heavy = 0.3 if widths[0] > widths[-1] else 0.0
    return 2.0 * spread_ + top_heavy


def width(tokens: Sequence[str]) -> int:
    """Characters of ``tokens`` on one line (spaces included)."""
    return _width(tokens, 0, len(tokens))


def _width(tokens: Sequence[str], start: int, end: int) -> int:
    return sum(len(t) for t in tokens[start:end]) + max(0, end - start - 1)
