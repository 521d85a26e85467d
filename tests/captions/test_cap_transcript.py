"""Transcript data model, JSON, edits, review flags; glossary parsing and replacements."""

from __future__ import annotations

import json
import unicodedata

import pytest

from toolkit.captions.glossary import Glossary, apply_replacements, hotword_prompt, load_glossary
from toolkit.captions.transcript import (
    Notice,
    Transcript,
    TranscriptCache,
    Word,
    cache_key,
)
from toolkit.atomic import file_sha256
from toolkit.errors import UserInputError


def sample() -> Transcript:
    words = (Word("Wir", 0.0, 0.3, 0.95), Word("suchen", 0.3, 0.7, 0.9),
             Word("Mechatroniker-", 0.7, 1.2, 0.3), Word("innen.", 1.2, 1.6, 0.4),
             Word("Größe", 2.0, 2.5, 0.99))
    return Transcript(words=words, language="de", duration=3.0, source="a.mp4",
                      warnings=(Notice("captions.language_uncertain",
                                       {"language": "de", "probability": 0.5}),))


def test_json_round_trip_keeps_everything(tmp_path):
    t = sample()
    path = t.save(tmp_path / "t.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["words"][2]["review"] is True and raw["words"][0]["review"] is False
    assert "Größe" in path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes
    back = Transcript.load(path)
    assert back.words == t.words and back.warnings == t.warnings
    assert back.needs_review() == [2, 3]


def test_edits_never_retranscribe_and_keep_order():
    t = sample()
    merged = t.merge_words(2, 3, "Mechatronikerinnen.")
    assert [w.text for w in merged.words] == ["Wir", "suchen", "Mechatronikerinnen.", "Größe"]
    assert (merged.words[2].start, merged.words[2].end) == (0.7, 1.6)
    assert merged.needs_review() == []
    split = merged.split_word(2, ["Mechatroniker", "innen."])
    assert [w.text for w in split.words][2:4] == ["Mechatroniker", "innen."]
    assert split.words[2].end == pytest.approx(split.words[3].start)
    replaced = t.replace_word(4, "Gro\u0308ße")  # decomposed umlaut comes in ...
    assert replaced.words[4].text == unicodedata.normalize("NFC", "Größe")  # ... NFC goes out
    assert replaced.words[4].probability == 1.0
    assert len(t.delete_word(0).words) == 4 and len(t.replace_word(0, "  ").words) == 4
    with pytest.raises(UserInputError):
        t.replace_word(9, "x")


def test_invalid_transcript_file_is_a_user_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "other"}', encoding="utf-8")
    with pytest.raises(UserInputError):
        Transcript.load(bad)
    with pytest.raises(UserInputError):
        Transcript.load(tmp_path / "missing.json")


def test_cache_is_keyed_by_content_model_and_options(tmp_path):
    a = tmp_path / "a.wav"
    a.write_bytes(b"RIFF1234")
    b = tmp_path / "b.wav"
    b.write_bytes(b"RIFF1234")
    assert file_sha256(a) == file_sha256(b)
    k1 = cache_key(file_sha256(a), "base-x", {"language": "de"})
    assert k1 == cache_key(file_sha256(b), "base-x", {"language": "de"})
    assert k1 != cache_key(file_sha256(a), "base-x", {"language": "en"})
    assert k1 != cache_key(file_sha256(a), "hub-small", {"language": "de"})
    cache = TranscriptCache(tmp_path / "c")
    assert cache.get(k1) is None
    cache.put(k1, sample())
    assert cache.get(k1).words == sample().words


def test_glossary_text_and_yaml(tmp_path):
    txt = tmp_path / "g.txt"
    txt.write_text("# Fachwörter\nMechatronikerin\nAutohaus Meier\nBombongs -> Bonbons\n"
                   "T Rex => T-Rex\n", encoding="utf-8")
    g = load_glossary(txt)
    assert g.hotwords == ("Mechatronikerin", "Autohaus Meier", "Bonbons", "T-Rex")
    assert g.replacements == (("Bombongs", "Bonbons"), ("T Rex", "T-Rex"))
    assert g.protected_phrases == ("Autohaus Meier",)
    yml = tmp_path / "g.yaml"
    yml.write_text("hotwords: [Mechatronikerin]\nnames: [Anna Schmidt]\n"
                   "replacements: {Trüte: Tröte}\n", encoding="utf-8")
    y = load_glossary(yml)
    assert y.hotwords == ("Mechatronikerin", "Anna Schmidt") and y.names == ("Anna Schmidt",)
    assert g.merged(y).replacements[-1] == ("Trüte", "Tröte")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- [unclosed", encoding="utf-8")
    with pytest.raises(UserInputError):
        load_glossary(bad)
    assert hotword_prompt(()) is None
    assert hotword_prompt(["a", "b", "a"]) == "a b"


def test_replacements_single_multi_and_hyphenated():
    words = [Word("Eure", 0, 1), Word("Schoko-Bombongs", 1, 2, 0.6), Word("T", 2, 2.5),
             Word("Rex,", 2.5, 3), Word("bombongs!", 3, 4)]
    out = apply_replacements(words, [("Bombongs", "Bonbons"), ("T Rex", "T-Rex")])
    assert [w.text for w in out] == ["Eure", "Schoko-Bonbons", "T-Rex,", "Bonbons!"]
    assert out[1].probability == 1.0 and (out[2].start, out[2].end) == (2, 3)
    removed = apply_replacements(words, [("Rex,", "")])
    assert [w.text for w in removed] == ["Eure", "Schoko-Bombongs", "T", "bombongs!"]


def test_empty_glossary_merges():
    assert Glossary().merged(Glossary(hotwords=("A",))).hotwords == ("A",)
