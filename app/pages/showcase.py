"""Showcase: the finished videos of several projects as one page for a fair or a website,
downloaded as a zip (built by ``toolkit.showcase``)."""

from __future__ import annotations

import importlib.util

import streamlit as st

from app.i18n import register_ui, tr
from app.state import project_names, workspace
from app.ui import friendly
from toolkit.project import open_project
from toolkit.project.exports import list_exports

register_ui({
    "showcase.title": ("Showcase", "Showcase"),
    "showcase.intro": ("Die fertigen Videos mehrerer Projekte als eine Seite für Messe oder "
                       "Website – als ZIP zum Mitnehmen.",
                       "The finished videos of several projects as one page for a fair or a "
                       "website – as a zip to take along."),
    "showcase.missing": ("Der Showcase-Baustein ist in dieser Installation noch nicht "
                         "enthalten. Fertige Videos gibt es unter „Format & Export“.",
                         "The showcase builder is not part of this installation yet. Finished "
                         "videos are under 'Format & export'."),
    "showcase.ready": ("Projekte mit fertigen Videos: {names}",
                       "Projects with finished videos: {names}"),
    "showcase.none": ("Noch kein Projekt hat ein fertiges Video.",
                      "No project has a finished video yet."),
})

st.title(tr("showcase.title"))
st.write(tr("showcase.intro"))
ready = []
with friendly():
    for name in project_names():
        if list_exports(open_project(name, workspace())):
            ready.append(name)
st.caption(tr("showcase.ready", names=", ".join(ready)) if ready else tr("showcase.none"))
if importlib.util.find_spec("toolkit.showcase") is None:
    st.info(tr("showcase.missing"))
