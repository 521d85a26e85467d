"""SRT / WebVTT / ASS / text output, import back, escaping, styles."""

from __future__ import annotations

import unicodedata

import pytest
from cap_helpers import dialogue_count, words

from toolkit.captions.ass import escape
from toolkit.captions.burn import write_ass
from toolkit.captions.formats import (
    read_subtitles,
    srt_text,
    track_to_transcript,
    vtt_text,
    write_subtitles,
)
from toolkit.captions.shaping import ShapingRules, shape
from toolkit.captions.styles import list_styles, load_style, upper_de
from toolkit.errors import TemplateError, UserInputError

GERMAN = "Größe, Übung und Spaß: „Wir suchen dich!“ Straße … ẞ {fett} {\\b1}x a<b & c\\N Ende."


@pytest.fixture
def track():
    return shape(words(GERMAN), ShapingRules(max_chars=30))


@pytest.mark.parametrize("suffix", [".srt", ".vtt", ".ass"])
def test_umlauts_and_symbols_survive_round_trips(tmp_path, track, suffix):
    path = write_subtitles(track, tmp_path / f"c{suffix}")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert text == unicodedata.normalize("NFC", text)
    back = read_subtitles(path)
    assert " ".join(e.text.replace("\n", " ") for e in back.events) == GERMAN
    assert len(back.events) == len(track.events)
    for a, b in zip(track.events, back.events, strict=True):
        assert b.start == pytest.approx(a.start, abs=0.011)
        assert b.end == pytest.approx(a.end, abs=0.011)


def test_srt_and_vtt_layout(track):
    srt = srt_text(track)
    assert srt.startswith("1\n00:00:00,000 --> ") and "\n\n2\n" in srt
    vtt = vtt_text(track)
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> ")
    assert "a&lt;b &amp; c" in vtt and "a<b" not in vtt


def test_decomposed_input_is_written_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Übung macht den Meister.")
    path = write_subtitles(shape(words(decomposed)), tmp_path / "n.srt")
    assert "Übung" in path.read_text(encoding="utf-8")


def test_plain_text_one_sentence_per_line(tmp_path):
    path = write_subtitles(shape(words("Hallo Team. Wir suchen dich! Bis bald")),
                           tmp_path / "t.txt")
    assert path.read_text(encoding="utf-8") == "Hallo Team.\nWir suchen dich!\nBis bald\n"


def test_import_gives_an_editable_transcript(tmp_path, track):
    path = write_subtitles(track, tmp_path / "c.srt")
    transcript = track_to_transcript(read_subtitles(path))
    assert transcript.text == GERMAN
    assert transcript.replace_word(0, "Breite,").words[0].text == "Breite,"


def test_unknown_format_and_broken_file(tmp_path, track):
    with pytest.raises(UserInputError):
        write_subtitles(track, tmp_path / "c.docx")
    with pytest.raises(UserInputError):
        read_subtitles(tmp_path / "missing.srt")


@pytest.mark.parametrize("text,expected", [
    ("{\\b1}fett", "\\{\\\u200db1\\}fett"),
    ("a\\Nb", "a\\\u200dNb"),
    ("x}y{z", "x\\}y\\{z"),
    ("Zeile\neins", "Zeile eins"),
])
def test_ass_escaping(text, expected):
    assert escape(text) == expected


def test_ass_file_has_no_user_tags_and_right_header(tmp_path, track):
    ass = write_ass(track, load_style("classic"), 1080, 1920, tmp_path / "c.ass")
    text = ass.read_text(encoding="utf-8")
    assert "PlayResX: 1080" in text and "PlayResY: 1920" in text and "WrapStyle: 3" in text
    assert "\\{fett\\}" in text and "{fett}" not in text.replace("\\{fett\\}", "")
    style_line = next(line for line in text.splitlines() if line.startswith("Style:"))
    assert style_line.split(",")[1] == "Roboto"
    margin_v = int(style_line.split(",")[21])
    assert margin_v >= 1920 - 1240  # bottom of the text inside the safe caption box
    assert dialogue_count(text) == len(track.events)


def test_word_mode_ass_highlights_each_spoken_word(tmp_path):
    ws = words("Wir suchen dich als Azubi")
    track = shape(ws, ShapingRules.for_frame(1080, 1920, "words"))
    style = load_style("social")
    text = write_ass(track, style, 1080, 1920, tmp_path / "w.ass").read_text(encoding="utf-8")
    assert dialogue_count(text) == len(ws)  # one line per spoken word
    assert text.count("\\1c&H00D4FF&") == len(ws)  # each word highlighted once


def test_styles_and_brand_override():
    assert {"classic", "social", "box"} <= set(list_styles())
    social = load_style("social")
    assert social.mode == "words" and social.bold and social.highlight_colour == "#FFD400"
    branded = load_style("box", brand={"primary": "#E30613", "text": "#FFFFFF",
                                       "font": "Roboto"})
    assert branded.box_colour == "#E30613" and branded.colour == "#FFFFFF"
    assert load_style("social", brand={"primary": "#00FF00"}).highlight_colour == "#00FF00"
    assert load_style("classic", brand={"primary": "#00FF00"}).colour == "#FFFFFF"
    with pytest.raises(TemplateError):
        load_style("neon")
    with pytest.raises(TemplateError):
        load_style("box", brand={"font": "Arial, Bold"})


def test_invalid_style_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ncolour: weiss\nglow: 3\n", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        load_style(bad)
    assert "glow" in str(err.value)


def test_upper_case_keeps_sharp_s():
    assert "ß".upper() == "SS"
    assert upper_de("Straße") == "STRAẞE"
