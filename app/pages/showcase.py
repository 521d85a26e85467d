"""Showcase: the finished videos of several projects as one static site for a fair or a
website, downloaded as a zip (built by ``toolkit.showcase`` as a job)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.state import project_names, workspace
from app.ui import friendly, job_panel, submit
from toolkit.project import open_project
from toolkit.project.exports import list_exports

register_ui({
    "showcase.title": ("Showcase", "Showcase"),
    "showcase.intro": ("Die fertigen Videos mehrerer Projekte als eine Seite für Messe oder "
                       "Website – als ZIP zum Mitnehmen. Gezeigt wird nur, wer eingewilligt hat "
                       "und ein fertiges Video hat.",
                       "The finished videos of several projects as one page for a fair or a "
                       "website – as a zip to take along. Only projects with consent and a "
                       "finished video are shown."),
    "showcase.projects": ("Projekte (in dieser Reihenfolge)", "Projects (in this order)"),
    "showcase.site_title": ("Titel der Seite", "Title of the page"),
    "showcase.build": ("Showcase erstellen", "Build the showcase"),
    "showcase.need": ("Bitte mindestens ein Projekt wählen.", "Please choose at least one "
                      "project."),
    "showcase.none": ("Noch kein Projekt hat ein fertiges Video.",
                      "No project has a finished video yet."),
    "showcase.included": ("Gezeigt: {names}", "Shown: {names}"),
    "showcase.excluded": ("Nicht gezeigt: {name} – {reason}", "Not shown: {name} – {reason}"),
    "showcase.download": ("Showcase (ZIP) herunterladen", "Download the showcase (ZIP)"),
})

st.title(tr("showcase.title"))
st.write(tr("showcase.intro"))
ready: list[str] = []
with friendly():
    for name in project_names():
        if list_exports(open_project(name, workspace())):
            ready.append(name)
if not ready:
    st.info(tr("showcase.none"))
with st.form("showcase"):
    chosen = st.multiselect(tr("showcase.projects"), project_names(), ready,
                            key="showcase_projects", placeholder=tr("app.choose_many"),
                            select_all=current_lang() == "en")  # its text is English only
    title = st.text_input(tr("showcase.site_title"), key="showcase_title")
    if st.form_submit_button(tr("showcase.build"), type="primary"):
        if not chosen:
            st.warning(tr("showcase.need"))
        else:
            submit("showcase", {"projects": chosen, "title": title.strip()})
            st.rerun()
record = job_panel("showcase", "showcase")
if record is not None and record.state == "done":
    st.success(tr("showcase.included", names=", ".join(record.result["included"]) or "–"))
    for item in record.result["excluded"]:
        st.warning(tr("showcase.excluded", name=item["name"], reason=item["reason"]))
    archive = Path(record.result["zip"])
    if archive.is_file():
        st.download_button(tr("showcase.download"), archive.read_bytes(), archive.name,
                           "application/zip", key="showcase_zip")
