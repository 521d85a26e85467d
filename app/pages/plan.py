"""Plan: the project's storyboard with coaching tips and checklists beside each shot, the
placeholders, people with consent, brand kit and call to action; shot list and workshop pack."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.plan_parts import (brand_form, missing_labels, people_form, position_form,
                             values_form)
from app.ui import friendly, require_project
from toolkit.coaching import plan_for_project, write_shotlist
from toolkit.coaching.workshop import build_workshop_pack
from toolkit.project import project_template
from toolkit.project.placeholders import missing_placeholders

register_ui({
    "plan.title": ("Planen: {name}", "Plan: {name}"),
    "plan.missing": ("Noch offen: {names}", "Still to fill in: {names}"),
    "plan.storyboard": ("Storyboard", "Storyboard"),
    "plan.shot": ("{number}. {title} · {framing} · {seconds} s",
                  "{number}. {title} · {framing} · {seconds} s"),
    "plan.purpose": ("Wozu", "Why"),
    "plan.action": ("Was passiert", "What happens"),
    "plan.who": ("Wer", "Who"),
    "plan.lines": ("Text", "Lines"),
    "plan.on_screen": ("Im Bild", "On screen"),
    "plan.tips": ("Tipps", "Tips"),
    "plan.checklist": ("Checkliste", "Checklist"),
    "plan.check_item": ("{item}", "{item}"),
    "plan.downloads": ("Zum Ausdrucken und Weitergeben", "To print and hand out"),
    "plan.make_shotlist": ("Shotliste (PDF) erstellen", "Make the shot list (PDF)"),
    "plan.shotlist": ("Shotliste herunterladen", "Download the shot list"),
    "plan.make_pack": ("Workshop-Paket (ZIP) erstellen", "Make the workshop pack (ZIP)"),
    "plan.pack": ("Workshop-Paket herunterladen", "Download the workshop pack"),
})


def _storyboard(project) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for_project(project, current_lang())
    st.subheader(tr("plan.storyboard"))
    for entry in plan.shots:
        label = tr("plan.shot", number=entry.number, title=entry.title,
                   framing=entry.framing_label, seconds=f"{entry.seconds:.0f}")
        with st.expander(label, expanded=entry.number == 1):
            story, coaching = st.columns([3, 2])
            story.markdown(f"**{tr('plan.purpose')}:** {entry.purpose}")
            story.markdown(f"**{tr('plan.action')}:** {entry.action}")
            story.markdown(f"**{tr('plan.who')}:** "
                           + ", ".join(p.label() for p in entry.people))
            for speaker, line in entry.lines:
                story.markdown(f"**{speaker}:** „{line}“")
            for kind, text in entry.on_screen:
                story.markdown(f"**{tr('plan.on_screen')} ({kind}):** {text}")
            coaching.markdown(f"**{tr('plan.tips')}**")
            for topic, tip in entry.tips:
                coaching.markdown(f"- *{topic}*: {tip}")
            coaching.markdown(f"**{tr('plan.checklist')}**")
            for number, item in enumerate(entry.checklist):
                coaching.checkbox(tr("plan.check_item", item=item),
                                  key=f"check-{entry.id}-{number}", wrap=True)


def _downloads(project) -> None:  # type: ignore[no-untyped-def]
    st.subheader(tr("plan.downloads"))
    lang = current_lang()
    left, right = st.columns(2)
    if left.button(tr("plan.make_shotlist"), key="make_shotlist"):
        with friendly(), tempfile.TemporaryDirectory() as tmp:
            out = write_shotlist(project, Path(tmp) / "shotliste.pdf", lang)
            st.session_state["shotlist_pdf"] = out.read_bytes()
    if st.session_state.get("shotlist_pdf"):
        left.download_button(tr("plan.shotlist"), st.session_state["shotlist_pdf"],
                             file_name=f"shotliste-{project.slug}.pdf",
                             mime="application/pdf", key="shotlist")
    if right.button(tr("plan.make_pack"), key="make_pack"):
        with friendly(), tempfile.TemporaryDirectory() as tmp:
            out = build_workshop_pack(project.template.id, Path(tmp) / "workshop.zip", lang)
            st.session_state["workshop_zip"] = out.read_bytes()
    if st.session_state.get("workshop_zip"):
        right.download_button(tr("plan.pack"), st.session_state["workshop_zip"],
                              file_name=f"workshop-{project.template.id}.zip",
                              mime="application/zip", key="pack")


project = require_project()

template = project_template(project)
st.title(tr("plan.title", name=project.name))
missing = missing_placeholders(project, template)
if missing:
    st.warning(tr("plan.missing", names="; ".join(missing_labels(missing, template))))
board, forms = st.columns([3, 2])
with board:
    _storyboard(project)
    _downloads(project)
with forms:
    values_form(project, template)
    people_form(project, template)
    brand_form(project)
    position_form(project)
