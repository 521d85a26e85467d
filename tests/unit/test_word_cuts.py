"""Text-based trimming logic: proposals, cut points snapped to silence, cut ranges, captions."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.captions.fillers import FALSE_START, FILLER, REPEAT, propose_drops
from toolkit.captions.timing import HOP, SpeechEvidence
from toolkit.captions.transcript import Word
from toolkit.captions.word_cuts import (cut_point, derive_cuts, dropped_words, kept_text,
                                        parse_word_list, runs, subtract)
from toolkit.edit.captions import shift_words
from toolkit.edit.timeline import Range
from toolkit.errors import UserInputError


def said(*spec: tuple[str, float, float]) -> list[Word]:
    return [Word(text, start, end) for text, start, end in spec]


def flowing(text: str, gap: float = 0.1, length: float = 0.3) -> list[Word]:
    """Words of ``text`` one after another: ``length`` s each, ``gap`` s apart."""
    out, t = [], 0.5
    for part in text.split():
        out.append(Word(part, round(t, 3), round(t + length, 3)))
        t += length + gap
    return out


def evidence(words: list[Word], duration: float) -> SpeechEvidence:
    """Loudness frames that are loud exactly where the words are (quiet elsewhere)."""
    n = int(round(duration / HOP)) + 1
    active = np.zeros(n, bool)
    for w in words:
        active[int(round(w.start / HOP)):int(round(w.end / HOP)) + 1] = True
    db = np.where(active, -20.0, -70.0)
    return SpeechEvidence(active=active, db=db, duration=duration)


def texts(words: list[Word], indices) -> list[str]:  # noqa: ANN001
    return [words[i].text for i in indices]


# --- proposals -----------------------------------------------------------------------------

def test_fillers_are_proposed_and_ordinary_words_are_not() -> None:
    words = flowing("Äh ich bin ähm Lena und öh hm ich mache Brezeln")
    found = propose_drops(words)
    assert texts(words, found) == ["Äh", "ähm", "öh", "hm"]
    assert set(found.values()) == {FILLER}


def test_also_only_where_it_is_clearly_a_filler() -> None:
    opening = flowing("Also, äh wir backen heute")
    assert texts(opening, propose_drops(opening)) == ["Also,", "äh"]
    paused = said(("Wir", 0.0, 0.3), ("backen", 0.4, 0.8), ("also", 0.9, 1.2),
                  ("heute", 1.8, 2.1))  # a long pause after "also"
    assert texts(paused, propose_drops(paused)) == ["also"]
    meaning = flowing("Es ist also gut so und wir sind also fertig")
    assert propose_drops(meaning) == {}, "'also' in the flow of a sentence is kept"
    closing = flowing("Das machen wir also.")
    assert propose_drops(closing) == {}


def test_immediate_repeats_propose_the_first_saying() -> None:
    words = flowing("ich ich bin wir haben wir haben gewonnen")
    found = propose_drops(words)
    assert sorted(found) == [0, 3, 4]
    assert set(found.values()) == {REPEAT}
    triple = flowing("und und und los")
    assert sorted(propose_drops(triple)) == [0, 1], "the last saying stays"
    across_filler = flowing("ich äh ich kann")
    assert propose_drops(across_filler) == {0: REPEAT, 1: FILLER}


def test_false_starts_are_proposed_but_short_whole_words_are_not() -> None:
    words = flowing("Meine Ausbil- Ausbildung ist Bäck… Bäckerei und Konditorei")
    found = propose_drops(words)
    assert found == {1: FALSE_START, 4: FALSE_START}
    assert propose_drops(flowing("Ausb Ausbildung")) == {0: FALSE_START}
    assert propose_drops(flowing("Das ist ein Eindruck")) == {}
    assert propose_drops(flowing("Ein- und Ausgang")) == {}, "a German truncation is kept"


# --- word lists ----------------------------------------------------------------------------

def test_word_lists_are_one_based_ranges() -> None:
    assert parse_word_list("3-5, 9", 10) == [2, 3, 4, 8]
    assert parse_word_list("5-3", 10) == [2, 3, 4]
    for bad in ("0", "11", "2-x", "", "3;4"):
        with pytest.raises(UserInputError) as info:
            parse_word_list(bad, 10)
        assert "1 bis 10" in str(info.value)
    assert runs([5, 1, 2, 3, 7, 6]) == [(1, 3), (5, 7)]


# --- snapping ------------------------------------------------------------------------------

def test_cut_points_lie_in_the_silence_between_words() -> None:
    words = said(("Wir", 0.5, 0.8), ("äh", 1.4, 1.6), ("backen", 2.2, 2.6))
    ev = evidence(words, 3.0)
    begin = cut_point(words[0], words[1], ev, keep="before")
    end = cut_point(words[1], words[2], ev, keep="after")
    assert words[0].end < begin < words[1].start
    assert words[1].end < end < words[2].start
    assert begin - words[0].end <= 0.21, "at most PAD of silence after the kept word"
    assert words[2].start - end <= 0.21, "at most PAD of silence before the kept word"
    assert not ev.is_active(begin) and not ev.is_active(end)


def test_word_times_that_lead_the_voice_still_cut_in_silence() -> None:
    heard = said(("Wir", 0.5, 0.8), ("backen", 1.0, 1.4))
    ev = evidence(heard, 2.0)
    told = said(("Wir", 0.5, 0.95), ("backen", 0.97, 1.4))  # the recogniser's times overlap
    point = cut_point(told[0], told[1], ev, keep="before")
    assert 0.8 < point < 1.0 and not ev.is_active(point)


def test_connected_speech_is_cut_at_the_boundary_nudged_to_its_quietest_moment() -> None:
    words = said(("Hallo", 0.5, 1.0), ("Leute", 1.0, 1.5))
    n = 201
    db = np.full(n, -70.0)  # room noise before and after the speech
    db[50:151] = -20.0
    db[98] = -35.0  # a dip just before the recognised boundary, far above the room noise
    ev = SpeechEvidence(active=db > -30, db=db, duration=2.0)
    assert cut_point(words[0], words[1], ev, keep="after") == pytest.approx(0.98)
    db[98] = -20.0
    db[93] = -45.0  # the closure of a "t" inside the first word: deeper, but not the boundary
    assert cut_point(words[0], words[1], ev, keep="after") == pytest.approx(1.0, abs=0.021)


# --- cut ranges ----------------------------------------------------------------------------

def test_leading_inner_and_trailing_drops_become_cuts() -> None:
    words = flowing("Äh also heute ähm backen wir Brezeln äh", gap=0.4)
    duration = words[-1].end + 0.5
    ev = evidence(words, duration)
    cuts = derive_cuts(words, [0, 1, 3, 7], duration, ev)
    assert len(cuts) == 3
    assert cuts[0][0] == 0.0, "a leading drop moves the in point"
    assert cuts[-1][1] == pytest.approx(duration), "a trailing drop moves the out point"
    assert words[1].end < cuts[0][1] < words[2].start
    assert words[2].end < cuts[1][0] < words[3].start and words[3].end < cuts[1][1] < words[4].start
    assert dropped_words(words, cuts) == [0, 1, 3, 7]
    assert kept_text(words, [0, 1, 3, 7]) == "heute backen wir Brezeln"
    kept = subtract([(0.0, duration)], cuts)
    for i in (2, 4, 5, 6):  # every kept word lies whole inside one kept piece
        assert any(s <= words[i].start and words[i].end <= e for s, e in kept), words[i]


def test_dropping_every_word_is_refused_and_none_is_no_cut() -> None:
    words = flowing("äh ähm")
    with pytest.raises(UserInputError) as info:
        derive_cuts(words, [0, 1], 2.0)
    assert "alle Wörter" in str(info.value)
    assert derive_cuts(words, [], 2.0) == []
    assert derive_cuts(words, [7], 2.0) == [], "an unknown index cuts nothing"


def test_cuts_apply_inside_whatever_range_was_chosen() -> None:
    cuts = [(0.0, 1.0), (2.0, 2.5), (3.96, 4.5)]
    assert subtract([(0.5, 4.0)], cuts) == [(1.0, 2.0), (2.5, 3.96)]
    pieces = subtract([(1.0, 2.0), (2.2, 4.0)], cuts)
    assert pieces == [(1.0, 2.0), (2.5, 3.96)], "auto-trim pieces are cut the same way"
    assert subtract([(2.45, 2.55)], cuts) == [], "a sliver shorter than a piece is left out"


# --- captions ------------------------------------------------------------------------------

def test_captions_leave_dropped_words_out_and_move_the_rest_to_output_time() -> None:
    words = flowing("Äh heute ähm backen wir", gap=0.4)
    duration = words[-1].end + 0.5
    cuts = derive_cuts(words, [0, 2], duration, evidence(words, duration))
    kept = subtract([(0.0, duration)], cuts)
    shifted = shift_words(words, [Range(start=s, end=e) for s, e in kept], at=3.0)
    assert [w.text for w in shifted] == ["heute", "backen", "wir"]
    first_piece = kept[0]
    assert shifted[0].start == pytest.approx(words[1].start - first_piece[0] + 3.0, abs=1e-3)
    second = kept[1]
    played_before = first_piece[1] - first_piece[0]
    assert shifted[1].start == pytest.approx(
        words[3].start - second[0] + played_before + 3.0, abs=1e-3)
    assert all(a.end <= b.start for a, b in zip(shifted, shifted[1:]))
    lead = said(("Heute", 0.95, 1.4))  # starts a little before the cut's end
    moved = shift_words(lead, [Range(start=1.0, end=2.0)], at=0.0)
    assert moved[0].start == 0.0 and moved[0].end == pytest.approx(0.4)


# --- the planned length counts what plays -----------------------------------------------

def test_a_speech_stretch_widens_by_the_words_dropped_inside_it() -> None:
    from datetime import datetime, timezone

    from toolkit.edit.select import Choice
    from toolkit.edit.take_range import _widened_for_cuts
    from toolkit.project.model import Take, WordCut
    from toolkit.takes.take_cuts import cut_seconds

    take = Take(id="hook-01", file="hook.mp4", original_name="hook.mp4", sha256="0",
                duration=10.0, added=datetime.now(timezone.utc),
                word_cut=WordCut(words=[2], cuts=[[1.0, 1.5], [6.0, 6.4]]))
    assert cut_seconds(take, 0.0, 5.0) == pytest.approx(0.5)
    assert cut_seconds(take, 1.2, 6.2) == pytest.approx(0.5)
    asked: list[float] = []

    def again(more: float) -> Choice:
        asked.append(more)
        return Choice(0.5, 5.5 + more, "speech", 5.0 + more)

    wider = _widened_for_cuts(Choice(0.5, 5.5, "speech", 5.0), take, again)
    assert asked == [pytest.approx(0.5)] and wider.end == pytest.approx(6.0)
    assert wider.planned == 5.0, "the plan itself is unchanged"
    assert _widened_for_cuts(Choice(2.0, 5.5, "speech", 3.5), take, again).end == 5.5, \
        "no cut inside: the choice stays"
    assert _widened_for_cuts(Choice(0.0, 10.0, "whole", 9.0), take, again).reason == "whole"
