"""Start: the projects of the workspace, a new project from the template gallery, and the
example project that shows a finished video within a minute."""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.state import project_names, select_project, workspace
from app.ui import flash, friendly, job_panel, submit
from toolkit.coaching.gallery import template_picture
from toolkit.project import create_project
from toolkit.products.example import EXAMPLE_NAME
from toolkit.storyboard import list_templates

register_ui({
    "start.intro": (
        "Von der Idee zum fertigen Azubi-Video für Reels, TikTok und Shorts: Vorlage wählen, "
        "Shots planen, mit dem Handy drehen, hochladen – machmal schneidet, untertitelt und "
        "exportiert.",
        "From idea to a finished recruiting video for Reels, TikTok and Shorts: pick a "
        "template, plan the shots, film with a phone, upload – machmal trims, subtitles and "
        "exports.",
    ),
    "start.projects": ("Deine Projekte", "Your projects"),
    "start.no_projects": ("Noch keine Projekte – leg unten eins an oder sieh dir das Beispiel an.",
                          "No projects yet – create one below or look at the example."),
    "start.open": ("Öffnen", "Open"),
    "start.opened": ("Projekt „{name}“ ist jetzt ausgewählt.", "Project '{name}' is selected."),
    "start.example": ("Beispiel ansehen", "See an example"),
    "start.example_text": (
        "Ein fertig ausgefülltes Duell mit Beispielclips: machmal schneidet, untertitelt und "
        "exportiert es für Reels – in etwa einer Minute.",
        "A filled-in duel with sample clips: machmal trims, subtitles and exports it for "
        "Reels – in about a minute.",
    ),
    "start.example_button": ("Beispielvideo erstellen", "Make the example video"),
    "start.example_done": ("Fertig! So sieht ein Ergebnis aus:", "Done! This is what a result "
                           "looks like:"),
    "start.gallery": ("Neues Projekt aus einer Vorlage", "New project from a template"),
    "start.shots": ("{shots} Shots · ca. {seconds} s", "{shots} shots · about {seconds} s"),
    "start.picture": ("Storyboard von „{title}“", "Storyboard of '{title}'"),
    "start.choose": ("Diese Vorlage nehmen", "Use this template"),
    "start.chosen": ("Gewählte Vorlage: {title}", "Chosen template: {title}"),
    "start.name": ("Projektname", "Project name"),
    "start.company": ("Firma", "Company"),
    "start.trade": ("Ausbildungsberuf", "Apprenticeship / trade"),
    "start.create": ("Projekt anlegen", "Create project"),
    "start.created": ("Projekt „{name}“ angelegt. Weiter geht's mit „Planen“.",
                      "Project '{name}' created. Continue with 'Plan'."),
})

st.title(tr("app.title"))
st.write(tr("start.intro"))

left, right = st.columns([3, 2])
with left:
    st.subheader(tr("start.projects"))
    with friendly():
        names = project_names()
        if not names:
            st.info(tr("start.no_projects"))
        for number, name in enumerate(names):
            row = st.columns([4, 1])
            row[0].markdown(f"**{name}**")
            if row[1].button(tr("start.open"), key=f"open-{number}"):
                select_project(name)
                flash(tr("start.opened", name=name))
                st.rerun()

with right:
    st.subheader(tr("start.example"))
    st.write(tr("start.example_text"))
    record = job_panel("example", "example")
    if st.button(tr("start.example_button"), key="example", type="primary",
                 disabled=record is not None and record.state in ("queued", "running")):
        submit("example", {"platform": "reels", "captions": "social"})
        st.rerun()
    if record is not None and record.state == "done":
        st.success(tr("start.example_done"))
        st.video(record.result["video"])
        if st.button(tr("start.open"), key="open-example"):
            select_project(EXAMPLE_NAME)
            st.rerun()

st.subheader(tr("start.gallery"))
lang = current_lang()
templates = [template for template, _path in list_templates()]
columns = st.columns(min(len(templates), 3))
for number, template in enumerate(templates):
    with columns[number % len(columns)].container(border=True):
        title = template.title.get(lang)
        st.markdown(f"#### {title}")
        st.image(template_picture(template, lang), caption=tr("start.picture", title=title),
                 width=200)
        st.write(template.description.get(lang))
        st.caption(tr("start.shots", shots=len(template.shots()),
                      seconds=f"{template.total_seconds():.0f}"))
        if st.button(tr("start.choose"), key=f"tpl-{template.id}"):
            st.session_state["new_template"] = template.id

chosen = st.session_state.get("new_template", templates[0].id if templates else None)
chosen_title = next((t.title.get(lang) for t in templates if t.id == chosen), chosen)
with st.form("new_project"):
    st.markdown(tr("start.chosen", title=chosen_title))
    name = st.text_input(tr("start.name"), key="new_name")
    company = st.text_input(tr("start.company"), key="new_company")
    trade = st.text_input(tr("start.trade"), key="new_trade")
    if st.form_submit_button(tr("start.create"), type="primary"):
        with friendly():
            project = create_project(name, chosen, company=company, trade=trade,
                                     workspace=workspace())
            select_project(project.name)
            flash(tr("start.created", name=project.name))
            st.rerun()
