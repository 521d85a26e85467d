"""The Streamlit start page, driven by Streamlit's AppTest (no browser needed)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def test_start_page_renders_in_german_by_default():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "Azubi-Videos" in at.title[0].value


def test_language_switch_and_sample_probe():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "recruiting videos" in at.title[0].value
    at.selectbox(key="sample").set_value("handy_gedreht.mov").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Picture size"] == "320×568"
    assert metrics["Rotation"] == "90°"
