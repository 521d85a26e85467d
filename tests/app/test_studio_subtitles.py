"""Subtitles page: transcription as a job, the word table, glossary, style and preview."""

from __future__ import annotations

import pytest

from studio_helpers import PROJECT, SAMPLES, texts, wait_job
from toolkit.takes.take_captions import load_take_transcript
from toolkit.project import add_take, open_project


def test_project_without_takes(page, project):
    at = page("subtitles", project=PROJECT)
    assert not at.exception
    assert any("keine Aufnahmen" in i for i in texts(at, "info"))


def test_preview_without_transcript_and_glossary(page, project, workspace):
    add_take(project, "hook", SAMPLES / "handy_gedreht.mov")
    at = page("subtitles", project=PROJECT)
    assert not at.exception
    assert any("Noch kein Transkript" in i for i in texts(at, "info"))
    assert at.get("image"), "a preview frame with the safe zones"
    at.text_area[0].set_value("Brinkmann\nBombongs -> Bonbons\n")
    next(b for b in at.button if b.label == "Glossar speichern").click().run()
    assert not at.exception
    assert (open_project(PROJECT, workspace).folder / "glossary.txt").read_text(
        encoding="utf-8").startswith("Brinkmann")


@pytest.mark.model
@pytest.mark.slow
def test_transcribe_review_edit_and_preview(page, project, workspace):
    add_take(project, "hook", SAMPLES / "sprache_de_hochformat.mp4", end=6.0)
    at = page("subtitles", project=PROJECT)
    at.button(key="transcribe").click().run()
    record = wait_job(workspace, "transcribe", timeout=300)
    assert record.state == "done", record.error
    at.run()
    assert not at.exception
    assert at.get("dataframe"), "the words are shown in an editable table"
    transcript = load_take_transcript(open_project(PROJECT, workspace), "hook-01")
    assert transcript is not None and len(transcript.words) > 5
    assert "Schoko" in transcript.text
    if transcript.needs_review():
        assert any("markiert" in w for w in texts(at, "warning"))
    next(b for b in at.button if b.label == "Änderungen speichern").click().run()
    assert not at.exception
    assert any("Transkript gespeichert" in s for s in texts(at, "success"))
    at.slider(key="at-hook-01").set_value(1.0).run()
    assert not at.exception and at.get("image")


def test_word_table_says_why_a_word_is_marked_and_edits_apply():
    from toolkit.takes.take_captions import apply_rows, word_rows
    from toolkit.captions.transcript import Transcript, Word

    transcript = Transcript(words=(Word("Lena", 0.0, 0.4, 0.95, reason="glossary"),
                                   Word("schlingt", 0.5, 0.9, 0.2),
                                   Word("Brezeln.", 1.0, 1.5, 0.99)), duration=2.0)
    rows = word_rows(transcript, "de")
    assert [r["check"] for r in rows] == ["vom Glossar korrigiert", "unsicher erkannt", ""]
    assert word_rows(transcript, "en")[1]["check"] == "low confidence"
    rows[1]["text"] = "schlingt"
    rows[2] = {**rows[2], "text": "Brezeln!"}
    edited = apply_rows(transcript, rows)
    assert edited.text == "Lena schlingt Brezeln!"
    assert edited.words[2].probability == 1.0, "an edited word counts as checked"
    assert edited.words[1].probability == 0.2, "an unchanged word keeps its mark"
    with pytest.raises(Exception) as info:
        apply_rows(transcript, [{"text": "x", "start": 2.0, "end": 1.0}])
    assert "Zeile 1" in str(info.value)


def _spoken_take(project, workspace):  # noqa: ANN001, ANN202
    """A take with real speech and a saved transcript: a filler, a repeat, ordinary words."""
    from toolkit.takes.take_captions import save_take_transcript
    from toolkit.captions.transcript import Transcript, Word

    take = add_take(project, "hook", SAMPLES / "sprache_de_hochformat.mp4", end=6.0)
    words = (Word("Äh", 0.3, 0.6), Word("Eure", 0.9, 1.2), Word("sind", 1.3, 1.5),
             Word("sind", 1.6, 1.8), Word("Schoko-Bonbons", 1.9, 2.7),
             Word("lecker!", 2.8, 3.3))
    save_take_transcript(project, take.id, Transcript(words=words, duration=take.duration))
    return take


def _mark(at, take_id: str, revision: int, rows: dict[int, dict]) -> None:  # noqa: ANN001
    """Tick cells of the word table as a user would (AppTest: through the editor's state)."""
    at.session_state[f"words-{take_id}-{revision}"] = {
        "edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()


def test_marking_words_saves_cuts_says_how_many_and_undo_restores(page, project, workspace):
    take = _spoken_take(project, workspace)
    at = page("subtitles", project=PROJECT)
    assert not at.exception
    table = at.data_editor[0].value
    assert list(table["proposal"]) == ["Füllwort", "", "Wiederholung", "", "", ""]
    assert not table["drop"].any(), "proposals are suggestions, not applied"
    revision = open_project(PROJECT, workspace).revision

    _mark(at, take.id, revision, {1: {"drop": True}})
    assert not at.exception
    assert "1 Wort ist markiert und wird gestrichen." in texts(at, "info")
    assert any(c == "Es bleibt: Äh sind sind Schoko-Bonbons lecker!" for c in texts(at, "caption"))
    at.button(key="save_words").click().run()
    assert not at.exception
    saved = open_project(PROJECT, workspace)
    cut = saved.shots["hook"].takes[0].word_cut
    assert saved.revision == revision + 1 and cut is not None and cut.words == [1]
    (start, end), = cut.cuts
    assert 0.45 <= start <= 0.9 and 1.2 <= end <= 1.4, "between the neighbours of 'Eure'"

    at.button(key="accept_proposals").click().run()
    assert not at.exception
    saved = open_project(PROJECT, workspace)
    assert saved.shots["hook"].takes[0].word_cut.words == [0, 1, 2]
    assert "3 Wörter sind markiert und werden gestrichen." in texts(at, "info")
    assert any(c == "Es bleibt: sind Schoko-Bonbons lecker!" for c in texts(at, "caption"))
    assert saved.shots["hook"].takes[0].word_cut.cuts[0][0] == 0.0, "the in point moved"

    at.sidebar.button(key="undo").click().run()
    assert not at.exception
    assert open_project(PROJECT, workspace).shots["hook"].takes[0].word_cut.words == [1]
    assert "1 Wort ist markiert und wird gestrichen." in texts(at, "info")


def test_marked_count_in_english(page, project, workspace):
    take = _spoken_take(project, workspace)
    at = page("subtitles", project=PROJECT, lang="en")
    revision = open_project(PROJECT, workspace).revision
    _mark(at, take.id, revision, {1: {"drop": True}})
    assert "1 word is marked and will be dropped." in texts(at, "info")
    assert list(at.data_editor[0].value["proposal"])[:3] == ["filler", "", "repeat"]
    _mark(at, take.id, revision, {1: {"drop": True}, 4: {"drop": True}})
    assert "2 words are marked and will be dropped." in texts(at, "info")
