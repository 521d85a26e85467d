"""Words heard in a split screen: both takes' words, each spoken word once.

A split screen plays the sound of BOTH takes at once (:func:`toolkit.media.timeline_graph.
assemble_audio` mixes every part that has sound), so its captions are the words of both takes.
When the two phones stand in the same room, each microphone also picks up the other person:
the same speech is then recognised twice. :func:`merge_heard` keeps such a word once, matching
by time and text:

* a word of B is the same as a word of A when their starts lie within :data:`SAME_TIME` seconds
  and their texts (lower case, without punctuation) are alike (rapidfuzz ratio at least
  :data:`SAME_TEXT`);
* a word of B that overlaps an unmatched word of A by at least half its length, next to a word
  already matched, is the same speech recognised differently (a mishearing inside a shared
  run; one word of A may be several of B, ``F-Tuner`` / ``F2 now``);
* of a pair the better-recognised copy stays (higher mean probability; A on a tie).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

SAME_TIME: Final = 0.45
SAME_TEXT: Final = 80.0
_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


def norm(text: str) -> str:
    """A word for comparison: lower case, punctuation removed."""
    return _PUNCT.sub("", text.casefold())


def _alike(a: Any, b: Any) -> bool:
    from rapidfuzz import fuzz

    x, y = norm(a.text), norm(b.text)
    return bool(x) and bool(y) and fuzz.ratio(x, y) >= SAME_TEXT


def _overlap(a: Any, b: Any) -> float:
    """Shared time of two words as a share of the shorter one."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    shorter = max(1e-3, min(a.end - a.start, b.end - b.start))
    return max(0.0, shared) / shorter


def _pairs(a: Sequence[Any], b: Sequence[Any]) -> dict[int, int]:
    """Index in B -> index in A of the same spoken word.

    Text matches are one to one; a word of A recognised as several words in B (``F-Tuner`` /
    ``F2 now``) takes all of them.
    """
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    for j, wb in enumerate(b):
        near = [i for i, wa in enumerate(a) if i not in taken
                and abs(wa.start - wb.start) <= SAME_TIME and _alike(wa, wb)]
        if near:
            i = min(near, key=lambda k: abs(a[k].start - wb.start))
            pairs[j] = i
            taken.add(i)
    for j, wb in enumerate(b):  # mishearings inside a run both microphones recorded
        if j in pairs or not ({j - 1, j + 1} & pairs.keys()):
            continue
        near = [i for i, wa in enumerate(a) if i not in taken and _overlap(wa, wb) >= 0.5]
        if near:
            pairs[j] = max(near, key=lambda k: _overlap(a[k], wb))
    return pairs


def merge_heard(a: Sequence[Any], b: Sequence[Any]) -> list[Any]:
    """The words of two takes heard together, each spoken word once, in time order.

    Args:
        a: Words of take A (assembled-video seconds), in order.
        b: Words of take B, likewise.

    Returns:
        The merged words (see the module docstring).
    """
    groups: dict[int, list[int]] = {}
    for j, i in _pairs(a, b).items():
        groups.setdefault(i, []).append(j)
    drop_a = {i for i, js in groups.items()
              if sum(b[j].probability for j in js) / len(js) > a[i].probability}
    drop_b = {j for i, js in groups.items() if i not in drop_a for j in js}
    kept = [w for i, w in enumerate(a) if i not in drop_a]
    kept += [w for j, w in enumerate(b) if j not in drop_b]
    return sorted(kept, key=lambda w: (w.start, w.end))
