"""Merging the words of a split screen's two takes (logic only; the real render is tested in
tests/captions/test_cap_render_split.py)."""

from __future__ import annotations

from toolkit.captions.transcript import Word
from toolkit.edit.split_words import merge_heard


def _w(text: str, start: float, p: float = 0.9) -> Word:
    return Word(text, start, start + 0.3, p)


def test_different_speech_is_kept_from_both_in_time_order() -> None:
    a = [_w("Hallo", 0.0), _w("Lena", 0.4)]
    b = [_w("Servus", 2.0), _w("Jürgen.", 2.4)]
    assert [w.text for w in merge_heard(a, b)] == ["Hallo", "Lena", "Servus", "Jürgen."]


def test_same_word_on_both_phones_is_kept_once_the_better_copy() -> None:
    a = [_w("Los", 1.0, 0.95), _w("geht's!", 1.35, 0.5)]
    b = [_w("los", 1.1, 0.6), _w("gehts", 1.4, 0.9)]
    merged = merge_heard(a, b)
    assert [(w.text, w.probability) for w in merged] == [("Los", 0.95), ("gehts", 0.9)]


def test_misheard_word_inside_a_shared_run_is_not_doubled() -> None:
    a = [_w("Brezeln", 0.0), _w("schlingen", 0.4), _w("jetzt", 0.8)]
    b = [_w("Brezeln", 0.05), _w("schwingen", 0.42, 0.3), _w("jetzt", 0.82)]
    assert [w.text for w in merge_heard(a, b)] == ["Brezeln", "schlingen", "jetzt"]


def test_same_text_far_apart_in_time_is_said_twice() -> None:
    a = [_w("ja", 0.0)]
    b = [_w("ja", 2.0)]
    assert [w.start for w in merge_heard(a, b)] == [0.0, 2.0]


def test_lone_overlapping_word_of_the_other_person_is_kept() -> None:
    a = [_w("drei", 1.0)]
    b = [_w("Achtung", 1.05)]
    assert len(merge_heard(a, b)) == 2


def test_one_word_heard_as_two_on_the_other_phone_is_not_doubled() -> None:
    a = [_w("Bimble", 1.0, 0.8), Word("F-Tuner", 1.31, 2.09, 0.41)]
    b = [_w("Bimble", 1.04, 0.8), Word("F2", 1.36, 1.86, 0.38), Word("now.", 1.86, 2.08, 0.65)]
    assert [w.text for w in merge_heard(a, b)] == ["Bimble", "F2", "now."]
