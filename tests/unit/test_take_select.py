"""The default stretch of a take: speech first to last word, else the liveliest window."""

from __future__ import annotations

import pytest

from toolkit.edit.select import (Choice, SelectSettings, Unit, best_window, boundary_tier,
                                 choose, pick_run, snap_out)

S = SelectSettings()


def words(*spec: tuple[str, float, float]) -> list[Unit]:
    return [Unit(a, b, text) for text, a, b in spec]


def inside_a_word(t: float, units: list[Unit]) -> bool:
    return any(u.start < t < u.end for u in units)


def test_short_take_is_kept_whole_even_with_speech() -> None:
    units = words(("Hallo", 0.8, 1.2))
    assert choose(2.4, 2.0, units) == Choice(0.0, 2.4, "whole", 2.0)
    assert choose(40.0, None, units).reason == "whole"


def test_speech_runs_from_before_the_first_to_after_the_last_word() -> None:
    units = words(("Ich", 10.0, 10.3), ("schaff", 10.4, 10.8), ("das!", 10.9, 11.6))
    got = choose(30.0, 3.0, units)
    assert got.reason == "speech"
    assert got.start < 10.0 and got.end > 11.6
    assert got.start >= 10.0 - S.lead - S.pad - 1e-6 and got.end <= 11.6 + S.tail + S.pad + 1e-6
    assert got.seconds == pytest.approx(3.0, abs=0.01)  # short speech padded toward the plan
    tight = choose(30.0, 1.5, units)  # longer than planned but within twice: all words
    assert (tight.start, tight.end) == (pytest.approx(10.0 - S.lead), pytest.approx(11.6 + S.tail))


def test_padding_is_limited_per_side() -> None:
    units = words(("Jawohl.", 20.0, 20.6))
    got = choose(60.0, 8.0, units)
    assert got.start == pytest.approx(20.0 - S.lead - S.pad)
    assert got.end == pytest.approx(20.6 + S.tail + S.pad)


def test_padding_stops_at_the_take_edges() -> None:
    units = words(("Los", 0.1, 0.5), ("geht's!", 0.6, 1.0))
    got = choose(30.0, 3.0, units)
    assert got.start == 0.0
    assert got.end == pytest.approx(1.0 + S.tail + S.pad)


def test_long_speech_keeps_whole_sentences_nearest_the_plan() -> None:
    units = words(("Heute", 1.0, 1.3), ("backen", 1.4, 1.8), ("wir", 1.9, 2.0),
                  ("Brezeln.", 2.1, 2.8),
                  ("Das", 3.0, 3.2), ("ist", 3.3, 3.4), ("gar", 3.5, 3.7), ("nicht", 3.8, 4.0),
                  ("so", 4.1, 4.2), ("einfach.", 4.3, 5.0),
                  ("Man", 5.2, 5.4), ("braucht", 5.5, 5.8), ("viel", 5.9, 6.1),
                  ("Übung.", 6.2, 6.9))
    got = choose(20.0, 2.5, units)
    assert got.reason == "speech"
    assert got.start < 1.0 < 2.8 < got.end < 3.0  # the first sentence, not a word more
    for cut in (got.start, got.end):
        assert not inside_a_word(cut, units)


def test_a_long_sentence_is_not_cut_to_save_a_little() -> None:
    units = words(*[(f"w{k}", 1.0 + 0.3 * k, 1.25 + 0.3 * k) for k in range(10)])  # 3.25 s
    got = choose(20.0, 2.0, units)  # less than twice the plan: all of it
    assert got.start < 1.0 and got.end > units[-1].end


def test_far_too_long_speech_is_cut_between_words_never_inside_one() -> None:
    units = words(*[(f"w{k}", 1.0 + 0.3 * k, 1.25 + 0.3 * k) for k in range(40)])  # 12 s
    got = choose(30.0, 2.0, units)
    assert 1.0 <= got.seconds <= 2.0 * (1 + S.tolerance) + 1e-6
    assert not inside_a_word(got.start, units) and not inside_a_word(got.end, units)
    kept = [u for u in units if got.start <= u.start and u.end <= got.end]
    assert kept and kept[0] is units[0]  # the earliest run of that length


def test_clause_ends_are_preferred_over_plain_word_gaps() -> None:
    units = words(("Erst", 1.0, 1.2), ("das,", 1.3, 1.6), ("dann", 1.7, 1.9),
                  ("das", 2.0, 2.2), ("und", 2.3, 2.5), ("dann", 2.6, 2.8),
                  *[(f"w{k}", 3.0 + 0.3 * k, 3.25 + 0.3 * k) for k in range(20)])
    assert boundary_tier(units[1], units[2], S) == 1
    assert boundary_tier(units[2], units[3], S) == 2
    first, last = pick_run(units, 0.9, S)
    assert (first, last) == (0, 1)


def test_cut_points_leave_detected_speech() -> None:
    # the recogniser put the first word at 5.0, the detector hears speech from 4.75
    units = words(("Hallo", 5.0, 5.4), ("zusammen", 5.5, 6.0))
    got = choose(30.0, 1.5, units, voiced=[(4.75, 6.15)])
    assert got.start <= 4.75 and got.end >= 6.15
    assert snap_out(5.0, 4.0, 6.0, [(4.9, 5.2)], prefer="early") == 4.9
    assert snap_out(5.0, 4.95, 6.0, [(4.9, 5.2)], prefer="early") == 5.2
    assert snap_out(5.0, 4.95, 5.1, [(4.9, 5.2)], prefer="early") == 5.0


def test_no_speech_takes_the_liveliest_window() -> None:
    scores = [(t / 2, 1.0 if 30 <= t / 2 < 34 else 0.1) for t in range(120)]
    got = choose(60.0, 3.0, [], scores)
    assert got.reason == "motion"
    assert got.seconds == pytest.approx(3.0)
    assert 30.0 <= got.start and got.end <= 34.0


def test_a_little_speech_is_no_speech() -> None:
    scores = [(t / 2, 1.0 if t > 100 else 0.0) for t in range(120)]
    got = choose(60.0, 3.0, [Unit(5.0, 5.2)], scores)
    assert got.reason == "motion" and got.start > 45


def test_window_avoids_the_record_button_and_is_deterministic() -> None:
    flat = [(t / 2, 0.5) for t in range(40)]
    assert best_window(flat, 20.0, 3.0) == S.edge
    assert best_window([], 20.0, 3.0) == pytest.approx(8.5)
    assert best_window(flat, 3.5, 3.0) == 0.0  # no room to avoid the edges
    assert choose(20.0, 3.0, [], flat) == choose(20.0, 3.0, [], list(reversed(flat)))


def test_the_first_sentence_wins_over_a_later_exact_fit() -> None:
    pieces = [Unit(0.0, 2.59), Unit(3.2, 4.54), Unit(5.95, 7.94), Unit(8.1, 9.86),
              Unit(11.87, 13.92)]  # a detector's speech pieces of four sentences
    got = choose(16.8, 3.0, pieces, voiced=[(u.start, u.end) for u in pieces])
    assert got.start == 0.0 and 2.59 < got.end < 3.2


def test_speech_that_fits_nowhere_is_still_cut_only_between_pieces() -> None:
    pieces = [Unit(0.26, 0.67), Unit(1.34, 4.8), Unit(5.09, 10.43), Unit(10.75, 13.06),
              Unit(13.89, 17.25), Unit(40.06, 40.54)]
    for planned in (2.0, 3.0, 5.0, 8.0):
        got = choose(42.4, planned, pieces, voiced=[(u.start, u.end) for u in pieces])
        assert not inside_a_word(got.start, pieces) and not inside_a_word(got.end, pieces)
        assert got.start < 17.25, "the lone sound at 40 s is not the line"


def test_a_split_screen_plays_the_planned_length_unless_not_much_longer() -> None:
    from toolkit.edit.split import planned_length

    assert planned_length(45.0, 6.0) == 6.0
    assert planned_length(7.0, 6.0) == 7.0  # within the tolerance: all of it


def test_the_users_own_range_wins_over_the_automatic_choice() -> None:
    from datetime import datetime, timezone

    from toolkit.edit.take_range import take_choice, user_range
    from toolkit.project.model import Take

    take = Take(id="countdown-01", file="countdown-01.mp4", original_name="IMG.MOV",
                sha256="0" * 64, duration=53.0, added=datetime.now(timezone.utc))
    assert user_range(take) is None  # no own range: the automatic choice applies
    own = take.model_copy(update={"start": 12.5})
    assert user_range(own) == (12.5, 53.0)
    # with an own range nothing is measured: the project is not even looked at
    assert take_choice(None, own.model_copy(update={"end": 15.0}), 2.0) == Choice(  # type: ignore[arg-type]
        12.5, 15.0, "user", 2.0)
