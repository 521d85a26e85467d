"""machmal – Streamlit entry point.

A minimal start page until the full app lands: pick the language, upload a clip (or take a
sample) and see what machmal reads from it. Pages only call :mod:`toolkit`; long work will run
as background jobs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from app.i18n import ui_text
from toolkit.errors import MachmalError
from toolkit.media.probe import probe
from toolkit.numbers import format_unit

SAMPLES = Path(__file__).parent / "sample_media"


def _sidebar() -> str:
    lang = st.sidebar.radio("Sprache / Language", ["de", "en"],
                            format_func=lambda c: {"de": "Deutsch", "en": "English"}[c],
                            key="lang")
    return lang  # passed explicitly: one server serves many sessions, no global language


def _probe_view(path: Path, lang: str) -> None:
    try:
        info = probe(path)
    except MachmalError as error:
        st.error(error.message(lang))
        return
    data = info.to_dict()
    cols = st.columns(4)
    cols[0].metric(ui_text("duration", lang), format_unit(data["duration"], "s", 1, lang=lang))
    if info.video:
        cols[1].metric(ui_text("size", lang),
                       f"{data['display_width']}×{data['display_height']}")
        cols[2].metric(ui_text("rotation", lang), f"{data['rotation']}°")
        cols[3].metric(ui_text("vfr", lang), ui_text("yes" if data["vfr"] else "no", lang))
    st.json(data, expanded=False)


def main() -> None:
    """Render the start page."""
    st.set_page_config(page_title="machmal", page_icon="🎬", layout="wide")
    lang = _sidebar()
    st.title(ui_text("title", lang))
    st.write(ui_text("intro", lang))
    for step in ("step_plan", "step_shoot", "step_process", "step_export"):
        st.markdown(f"- {ui_text(step, lang)}")
    st.subheader(ui_text("try_it", lang))
    upload = st.file_uploader(ui_text("upload", lang), key="upload")
    samples = sorted(p.name for p in SAMPLES.glob("*") if p.suffix in {".mp4", ".mov"})
    sample = st.selectbox(ui_text("or_sample", lang), ["–", *samples], key="sample")
    if upload is not None:
        folder = Path(tempfile.mkdtemp(prefix="machmal-upload-"))
        target = folder / Path(upload.name).name
        target.write_bytes(upload.getvalue())
        _probe_view(target, lang)
    elif sample != "–":
        _probe_view(SAMPLES / sample, lang)


main()
