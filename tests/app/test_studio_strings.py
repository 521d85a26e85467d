"""The studio's own strings: Streamlit's English widget texts in German where Streamlit allows,
job stages in the session's language."""

from __future__ import annotations

from types import SimpleNamespace

from studio_helpers import PROJECT
from toolkit.messages import t


def _styles(at) -> str:  # noqa: ANN001
    return " ".join(str(m.value) for m in at.markdown if "<style>" in str(m.value))


def test_choice_widgets_and_the_uploader_speak_german(page, project):
    at = page("export", project=PROJECT)
    platforms = at.multiselect(key="export_platforms")
    assert platforms.proto.placeholder == "Bitte wählen (mehrere möglich)"
    assert platforms.proto.select_all == 0, "Streamlit's 'Select all' is English only: hidden"
    for key in ("export_mode", "caption_style", "take_shot"):
        assert at.selectbox(key=key).proto.placeholder == "Bitte wählen", key
    css = _styles(at)
    assert "Dateien wählen" in css and "bis 2 GB je Datei" in css
    english = page("export", project=PROJECT, lang="en")
    assert english.selectbox(key="export_mode").proto.placeholder == "Please choose"
    assert english.multiselect(key="export_platforms").proto.select_all != 0  # -1: always
    assert "Dateien wählen" not in _styles(english), "English is Streamlit's own text"


def test_job_stages_are_shown_in_the_sessions_language(page):
    from app.ui import job_label

    at = page("start", lang="en")
    assert not at.exception
    import toolkit.takes.take_captions  # noqa: F401 - registers the stage (as a worker has)

    worker_de = SimpleNamespace(kind="transcribe", stage=t("captions.stage_transcribe", "de"),
                                state="running", progress=0.5)
    named = SimpleNamespace(kind="render", stage="render", state="running", progress=0.25)
    from streamlit.testing.v1 import AppTest

    script = AppTest.from_function(_label_script, args=(worker_de, named), default_timeout=30)
    script.session_state["lang"] = "en"
    script.run()
    assert [m.value for m in script.markdown] == ["Transcription: Recognising speech (50 %)",
                                                  "Render video: rendering the video (25 %)"]
    script.session_state["lang"] = "de"
    script.run()
    assert [m.value for m in script.markdown] == [
        "Transkription: Sprache erkennen (50 %)", "Video rendern: Video wird gerendert (25 %)"]
    assert job_label  # the same function the sidebar's job list uses


def _label_script(*records) -> None:  # noqa: ANN002
    import streamlit as st

    from app.ui import job_label

    for record in records:
        st.markdown(job_label(record))
