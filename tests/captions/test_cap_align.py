"""Script alignment: the known text with the audio's timing."""

from __future__ import annotations

import pytest

from toolkit.captions.align import align_transcript, align_words
from toolkit.captions.transcript import Word


def test_fleurs_clip_aligned_to_its_script(shared_media, transcribed):
    path = shared_media / "speech_de" / "fleurs-de-001.ogg"
    script = path.with_suffix(".txt").read_text(encoding="utf-8").strip()
    heard = transcribed(path)
    aligned = align_transcript(heard, script)
    assert [w.text for w in aligned.words] == script.split()
    starts = [w.start for w in aligned.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= aligned.duration + 0.01 for w in aligned.words)
    by_text = {w.text.lower().strip(",."): w for w in heard.words}
    for word in aligned.words:
        if word.text in ("griff", "wasser", "dinosaurier", "gewachsen"):
            src = by_text[word.text]
            assert (word.start, word.end) == (src.start, src.end)
    assert aligned.words[0].start == pytest.approx(heard.words[0].start)
    assert aligned.words[-1].end == pytest.approx(heard.words[-1].end)
    assert aligned.options["aligned_to_script"] is True
    # "wieder T-Rex" was heard for "wie der t rex": the script words share that time span
    t_rex = [w for w in aligned.words if w.text in ("wie", "der", "t", "rex")]
    assert all(w.probability > 0 for w in t_rex)


def test_unspoken_script_words_are_interpolated_and_flagged():
    heard = [Word("Wir", 0.0, 0.3), Word("suchen", 0.3, 0.7), Word("dich.", 1.5, 1.9)]
    aligned = align_words(heard, "Wir suchen genau dich.", duration=3.0)
    assert [w.text for w in aligned] == ["Wir", "suchen", "genau", "dich."]
    genau = aligned[2]
    assert 0.7 <= genau.start < genau.end <= 1.5 and genau.probability == 0.0


def test_extra_heard_words_are_dropped_and_empty_inputs_work():
    heard = [Word("Äh", 0.0, 0.2), Word("Hallo", 0.3, 0.6), Word("Team", 0.7, 1.0)]
    assert [w.text for w in align_words(heard, "Hallo Team")] == ["Hallo", "Team"]
    assert align_words(heard, "   ") == []
    spread = align_words([], "eins zwei", duration=2.0)
    assert [w.text for w in spread] == ["eins", "zwei"] and spread[-1].end == 2.0


def test_script_word_at_the_end_without_audio_gets_a_short_slot():
    heard = [Word("Hallo", 0.0, 0.5)]
    aligned = align_words(heard, "Hallo zusammen", duration=0.5)
    assert aligned[1].start >= 0.5 and aligned[1].end > aligned[1].start
