"""Trainer: a template's lessons and exercises as a presenter view with large text (one lesson
per screen, for a webinar), plus the workshop pack."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.ui import friendly
from toolkit.coaching.lessons import label, lessons_for
from toolkit.coaching.workshop import build_workshop_pack
from toolkit.storyboard import get_template, list_templates

register_ui({
    "trainer.title": ("Trainer-Modus", "Trainer mode"),
    "trainer.template": ("Vorlage", "Template"),
    "trainer.none": ("Diese Vorlage hat noch keine Lektionen.", "This template has no lessons."),
    "trainer.lesson": ("Lektion {number} von {count}", "Lesson {number} of {count}"),
    "trainer.prev": ("◀ Zurück", "◀ Back"),
    "trainer.next": ("Weiter ▶", "Next ▶"),
    "trainer.size": ("Schriftgröße (Präsentation)", "Text size (presenting)"),
    "trainer.make_pack": ("Workshop-Paket (ZIP) erstellen", "Make the workshop pack (ZIP)"),
    "trainer.pack": ("Workshop-Paket herunterladen", "Download the workshop pack"),
})

STYLE = """<style>.machmal-present {{ font-size: {size}px; line-height: 1.35; }}
.machmal-present h2 {{ font-size: {head}px; margin-bottom: 0.4em; }}
.machmal-present li {{ margin-bottom: 0.3em; }}</style>"""


def _lesson_html(lesson, lang: str) -> str:  # type: ignore[no-untyped-def]
    e = html.escape
    mistakes = "".join(f"<li>{e(m)}</li>" for m in lesson.mistakes)
    return (f'<div class="machmal-present"><h2>{lesson.number}. {e(lesson.title)} '
            f'({lesson.minutes} {label("minutes", lang)})</h2>'
            f'<p><b>{label("goal", lang)}:</b> {e(lesson.goal)}</p>'
            f'<p><b>{label("good", lang)}:</b> {e(lesson.good_example)}</p>'
            f'<p><b>{label("mistakes", lang)}:</b></p><ul>{mistakes}</ul>'
            f'<p><b>{label("exercise", lang)}:</b> {e(lesson.exercise)}</p></div>')


lang = current_lang()
st.title(tr("trainer.title"))
templates = {template.id: template for template, _path in list_templates()}
with_lessons = [tid for tid, tpl in templates.items() if tpl.lessons] or list(templates)
top = st.columns([3, 2])
template_id = top[0].selectbox(tr("trainer.template"), with_lessons, key="trainer_template",
                               placeholder=tr("app.choose"),
                               format_func=lambda tid: templates[tid].title.get(lang))
size = top[1].slider(tr("trainer.size"), 18, 48, 28, key="trainer_size")
lessons = lessons_for(get_template(template_id), lang)
if not lessons:
    st.info(tr("trainer.none"))
else:
    index_key = f"lesson-{template_id}"
    index = min(st.session_state.get(index_key, 0), len(lessons) - 1)
    nav = st.columns([1, 3, 1])
    if nav[0].button(tr("trainer.prev"), key="prev", disabled=index == 0):
        st.session_state[index_key] = index - 1
        st.rerun()
    nav[1].markdown(f"**{tr('trainer.lesson', number=index + 1, count=len(lessons))}**")
    if nav[2].button(tr("trainer.next"), key="next", disabled=index >= len(lessons) - 1):
        st.session_state[index_key] = index + 1
        st.rerun()
    st.markdown(STYLE.format(size=size, head=round(size * 1.4)), unsafe_allow_html=True)
    st.markdown(_lesson_html(lessons[index], lang), unsafe_allow_html=True)

if st.button(tr("trainer.make_pack"), key="make_pack"):
    with friendly(), tempfile.TemporaryDirectory() as tmp:
        out = build_workshop_pack(template_id, Path(tmp) / "workshop.zip", lang)
        st.session_state["trainer_pack"] = (template_id, out.read_bytes())
pack = st.session_state.get("trainer_pack")
if pack and pack[0] == template_id:
    st.download_button(tr("trainer.pack"), pack[1], f"workshop-{template_id}.zip",
                       "application/zip", key="pack")
