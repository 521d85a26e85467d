"""The glossary fixes near-misses and never invents: real clips, unit cases and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from cap_helpers import reference, wer
from shared_paths import SHARED_MEDIA
from toolkit.captions.correct import correct_words
from toolkit.captions.glossary import Glossary, MAX_TERMS, apply_replacements, load_glossary
from toolkit.captions.project_terms import project_glossary, project_terms
from toolkit.captions.transcribe import normalise
from toolkit.captions.transcript import Word
from toolkit.errors import UserInputError

UNRELATED = ("Tischlerei Brinkmann", "Ems-Achse", "Mach mal", "Kfz-Mechatroniker",
             "Jürgen Wöhrmann", "Bäckerei Müller", "Lena", "Anlagenmechanikerin",
             "Autohaus Meier", "Schreinerei Holzwurm")
SHORT_DE = sorted(p for p in (SHARED_MEDIA / "speech_de").glob("*")
                  if p.suffix in (".wav", ".ogg") and "multilingual" not in p.name)


@pytest.mark.parametrize("clip", SHORT_DE, ids=lambda p: p.stem)
def test_unrelated_glossary_never_adds_terms_nor_raises_wer(clip: Path, transcribed):
    plain = transcribed(clip)
    with_terms = transcribed(clip, hotwords=UNRELATED)
    ref = reference(clip)
    for term in UNRELATED:
        if normalise(term) not in ref:
            assert normalise(term) not in normalise(with_terms.text), (term, with_terms.text)
    assert wer(ref, with_terms.text) <= wer(ref, plain.text)
    assert len(with_terms.words) <= len(plain.words)


def test_issue_examples_are_fixed_not_appended(shared_media: Path, transcribed):
    clip = shared_media / "speech_de" / "thorsten_sample02-gt.wav"  # "Eure Tröte nervt."
    result = transcribed(clip, hotwords=("Tröte", "Schoko-Bonbons", "Ems-Achse"))
    assert normalise(result.text) == "eure tröte nervt"
    fixed = [w for w in result.words if "Tröte" in w.text]
    assert fixed and fixed[0].reason == "glossary"
    data = result.to_dict()["words"]
    assert any(w["reasons"] == ["glossary"] or "glossary" in w["reasons"] for w in data)
    sweets = transcribed(shared_media / "speech_de" / "thorsten_sample01-gt.wav",
                         hotwords=("Schoko-Bonbons", "Tröte"))
    assert "Schoko-Bonbons" in sweets.text and "Tröte" not in sweets.text


def test_glossary_does_not_decode_again(shared_media: Path, transcribed, caption_cache: Path):
    clip = shared_media / "speech_de" / "cheetah_test_de.wav"
    transcribed(clip)
    before = sorted((caption_cache / "transcripts").glob("*.json"))
    transcribed(clip, hotwords=("Werbung", "Tischlerei Brinkmann"))
    assert sorted((caption_cache / "transcripts").glob("*.json")) == before


def w(text: str, p: float = 0.6) -> list[Word]:
    return [Word(tok, i * 0.5, i * 0.5 + 0.4, p) for i, tok in enumerate(text.split())]


@pytest.mark.parametrize("said, terms, expected", [
    ("bei der Tischlerei Brinkman, ja", ["Tischlerei Brinkmann"],
     "bei der Tischlerei Brinkmann, ja"),
    ("als Kfz Mechatroniker", ["Kfz-Mechatroniker"], "als Kfz-Mechatroniker"),
    ("als KFZ-mechatroniker.", ["Kfz-Mechatroniker"], "als Kfz-Mechatroniker."),
    ("die Tischlerei Brinkmanns", ["Tischlerei Brinkmann"], "die Tischlerei Brinkmanns"),
    ("Eure Schoko-Bombongs!", ["Schoko-Bonbons"], "Eure Schoko-Bonbons!"),
    ("zum Ufer von Kovloom fahren", ["Kowloon"], "zum Ufer von Kowloon fahren"),
    ("auf Hongkong", ["Hongkong"], "auf Hongkong"),
    ("wir backen Brot", ["Bäckerei Müller", "Lena"], "wir backen Brot"),
])
def test_correction_cases(said, terms, expected):
    out = correct_words(w(said), terms)
    assert " ".join(x.text for x in out) == expected
    assert len(out) <= len(said.split())


def test_sure_words_are_not_bent_towards_a_term():
    sure = w("das mache ich manchmal", p=0.97)
    assert correct_words(sure, ["Mach mal"]) == sure
    assert " ".join(x.text for x in correct_words(w("manchmal", 0.5), ["Mach mal"])) \
        == "Mach mal"


def test_replacement_pairs_still_work(tmp_path: Path):
    path = tmp_path / "g.txt"
    path.write_text("Bombongs -> Bonbons\nT Rex -> T-Rex\nTischlerei Brinkmann\n",
                    encoding="utf-8")
    g = load_glossary(path)
    out = apply_replacements(w("Schoko-Bombongs und T Rex"), g.replacements)
    assert [x.text for x in out] == ["Schoko-Bonbons", "und", "T-Rex"]
    assert "Tischlerei Brinkmann" in g.terms


@pytest.mark.parametrize("content, key", [
    (b"", "captions.glossary_empty"),
    (b"# nur ein Kommentar\n\n", "captions.glossary_empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "captions.glossary_binary"),
    (b"\xff\xfe\xfa Brinkmann", "captions.glossary_binary"),
    ("".join(f"Wort{i}\n" for i in range(10_000)).encode(), "captions.glossary_too_long"),
    ("Brinkmann\n{\\b1}Tischlerei{\\b0}\n".encode(), "captions.glossary_markup"),
    (b"<b>Tischlerei</b>\n", "captions.glossary_markup"),
    (b"falsch -> <i>richtig</i>\n", "captions.glossary_markup"),
])
def test_bad_glossaries_get_a_clear_error(tmp_path: Path, content: bytes, key: str):
    path = tmp_path / "glossar.txt"
    path.write_bytes(content)
    with pytest.raises(UserInputError) as err:
        load_glossary(path)
    assert err.value.key == key
    assert str(path) in str(err.value)
    if key == "captions.glossary_markup":
        assert "Zeile 2" in str(err.value) or "Zeile 1" in str(err.value)


def test_glossary_limit_is_generous_for_a_company(tmp_path: Path):
    path = tmp_path / "g.txt"
    path.write_text("".join(f"Fachwort{i}\n" for i in range(MAX_TERMS)), encoding="utf-8")
    assert len(load_glossary(path).terms) == MAX_TERMS


class _Person:
    def __init__(self, name: str) -> None:
        self.name = name


class _Project:
    people = [_Person("Lena Schulz"), _Person("Jürgen")]
    company = "Tischlerei Brinkmann"
    trade = "Tischler:in"
    placeholders = {"aufgabe": "Schwalbenschwanz sägen", "zeit": "60 Sekunden",
                    "url": "https://example.org/bewerben",
                    "lang": "ein sehr langer Satz mit vielen Wörtern darin"}


def test_project_terms_feed_the_glossary():
    terms = project_terms(_Project())
    assert terms == ["Lena Schulz", "Jürgen", "Tischlerei Brinkmann", "Tischler",
                     "Tischlerin", "Schwalbenschwanz sägen"]
    g = project_glossary(_Project(), Glossary(hotwords=("Hobelbank",)))
    assert "Hobelbank" in g.terms and "Lena Schulz" in g.protected_phrases
    said = w("Die Tischlerei Brinkman sucht eine Tischlerin")
    out = correct_words(said, g.terms)
    assert " ".join(x.text for x in out) == "Die Tischlerei Brinkmann sucht eine Tischlerin"
