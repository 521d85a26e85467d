"""Forms of the Plan page: placeholders and call to action, people and consent, brand kit."""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.state import edit_project
from app.ui import flash, friendly
from toolkit.project import Project, add_person, set_consent
from toolkit.project.placeholders import placeholder_values
from toolkit.project.uploads import save_logo
from toolkit.storyboard import Template

register_ui({
    "plan.values": ("Platzhalter und Aufruf", "Placeholders and call to action"),
    "plan.company": ("Firma", "Company"),
    "plan.trade": ("Ausbildungsberuf", "Apprenticeship / trade"),
    "plan.cta": ("Aufruf am Ende", "Call to action"),
    "plan.url": ("Bewerbungs-Link (URL)", "Application link (URL)"),
    "plan.qr": ("QR-Code zum Link zeigen", "Show a QR code for the link"),
    "plan.save": ("Speichern", "Save"),
    "plan.saved": ("Gespeichert.", "Saved."),
    "plan.position": ("Offene Stelle (für den Showcase)", "Open position (for the showcase)"),
    "plan.description": ("Kurzbeschreibung", "Short description"),
    "plan.pos_trade": ("Ausbildungsberuf der Stelle", "Trade of the position"),
    "plan.pos_location": ("Ort", "Location"),
    "plan.pos_start": ("Beginn", "Start date"),
    "plan.pos_link": ("Link zur Bewerbung", "Application link"),
    "plan.people": ("Personen und Einwilligung", "People and consent"),
    "plan.person": ("Name", "Name"),
    "plan.role": ("Rolle", "Role"),
    "plan.consent": ("Einwilligung", "Consent"),
    "plan.consent_of": ("Einwilligung von {name}", "Consent of {name}"),
    "plan.add_person": ("Person hinzufügen", "Add person"),
    "plan.brand": ("Brandkit", "Brand kit"),
    "plan.primary": ("Hauptfarbe", "Primary colour"),
    "plan.secondary": ("Zweitfarbe", "Secondary colour"),
    "plan.text": ("Textfarbe", "Text colour"),
    "plan.highlight": ("Akzentfarbe", "Highlight colour"),
    "plan.font": ("Schrift", "Font"),
    "plan.logo": ("Logo hochladen (PNG oder JPEG)", "Upload a logo (PNG or JPEG)"),
    "plan.logo_now": ("Aktuelles Logo", "Current logo"),
    "plan.role_name": ("Name für „{role}“ (unter „Personen und Einwilligung“)",
                       "Name for '{role}' (under 'People and consent')"),
})
FIELDS = {"firma": "plan.company", "beruf": "plan.trade", "url": "plan.url", "cta": "plan.cta"}

CONSENT = {True: "yes", False: "no", None: "open"}


def missing_labels(names: list[str], template: Template) -> list[str]:
    """What a user has to fill in for the placeholders ``names``, in words (no ``{names}``)."""
    lang = current_lang()
    roles = {r.id: r.title.get(lang) for r in template.roles}
    labels: list[str] = []
    for name in names:
        decl = template.placeholders.get(name)
        role = decl.from_role if decl else name.removesuffix("_name")
        if role in roles and (decl is not None or name.endswith("_name")):
            label = tr("plan.role_name", role=roles[role])
        elif decl is not None:
            label = decl.label.get(lang)
        else:
            label = tr(FIELDS[name]) if name in FIELDS else name
        if label not in labels:
            labels.append(label)
    return labels


def values_form(project: Project, template: Template) -> None:
    """Company, trade, call to action and the template's own placeholders."""
    lang = current_lang()
    values = placeholder_values(project, template)
    with st.form("values"):
        st.subheader(tr("plan.values"))
        company = st.text_input(tr("plan.company"), project.company)
        trade = st.text_input(tr("plan.trade"), project.trade)
        typed = {name: st.text_input(decl.label.get(lang), values.get(name, ""),
                                     placeholder=decl.example or "", key=f"ph-{name}")
                 for name, decl in template.placeholders.items() if not decl.from_role}
        cta = st.text_input(tr("plan.cta"), project.cta.text)
        url = st.text_input(tr("plan.url"), project.cta.url, placeholder="https://…")
        qr = st.checkbox(tr("plan.qr"), project.cta.qr)
        if st.form_submit_button(tr("plan.save")):
            def change(p: Project) -> None:
                p.company, p.trade = company.strip(), trade.strip()
                p.placeholders.update({k: v.strip() for k, v in typed.items() if v.strip()})
                p.cta.text, p.cta.url, p.cta.qr = cta.strip(), url.strip(), qr

            with friendly():
                edit_project(change, expected_revision=project.revision)
                flash(tr("plan.saved"))
                st.rerun()


def position_form(project: Project) -> None:
    """The open apprenticeship place and a description (shown by the showcase)."""
    position = project.position
    with st.form("position"):
        st.subheader(tr("plan.position"))
        description = st.text_area(tr("plan.description"), project.description, height=80)
        cols = st.columns(2)
        trade = cols[0].text_input(tr("plan.pos_trade"), position.trade,
                                   placeholder=project.trade)
        location = cols[1].text_input(tr("plan.pos_location"), position.location)
        start = cols[0].date_input(tr("plan.pos_start"), position.start, format="DD.MM.YYYY")
        link = cols[1].text_input(tr("plan.pos_link"), position.apply_url,
                                  placeholder=project.cta.url or "https://…")
        if st.form_submit_button(tr("plan.save")):
            def change(p: Project) -> None:
                p.description = description.strip()
                p.position.trade, p.position.location = trade.strip(), location.strip()
                p.position.start, p.position.apply_url = start, link.strip()

            with friendly():
                edit_project(change, expected_revision=project.revision)
                flash(tr("plan.saved"))
                st.rerun()


def people_form(project: Project, template: Template) -> None:
    """Everyone in the video with role and consent; adding a person."""
    lang = current_lang()
    roles = {r.id: r.title.get(lang) for r in template.roles}
    st.subheader(tr("plan.people"))
    for person in project.people:
        cols = st.columns([2, 2, 2])
        cols[0].markdown(f"**{person.name}**")
        cols[1].write(roles.get(person.role, person.role))
        options = [True, False, None]
        answer = cols[2].selectbox(tr("plan.consent_of", name=person.name), options,
                                   index=options.index(person.consent.given),
                                   format_func=lambda v: tr(CONSENT[v]),
                                   key=f"consent-{person.id}")
        if answer != person.consent.given and answer is not None:
            with friendly():
                edit_project(lambda p, pid=person.id, a=answer: set_consent(p, pid, a,
                                                                             save=False))
                st.rerun()
    with st.form("add_person", clear_on_submit=True):
        cols = st.columns(3)
        name = cols[0].text_input(tr("plan.person"))
        role = cols[1].selectbox(tr("plan.role"), list(roles), format_func=roles.get)
        consent = cols[2].selectbox(tr("plan.consent"), [None, True, False],
                                    format_func=lambda v: tr(CONSENT[v]))
        if st.form_submit_button(tr("plan.add_person")):
            with friendly():
                edit_project(lambda p: add_person(p, name, role, consent=consent, save=False))
                st.rerun()


def brand_form(project: Project) -> None:
    """Colours, font and logo."""
    st.subheader(tr("plan.brand"))
    brand = project.brand
    with st.form("brand"):
        cols = st.columns(4)
        colours = {field: cols[i].color_picker(tr(f"plan.{field}"), getattr(brand, field))
                   for i, field in enumerate(("primary", "secondary", "text", "highlight"))}
        font = st.text_input(tr("plan.font"), brand.font)
        logo = st.file_uploader(tr("plan.logo"))
        if st.form_submit_button(tr("plan.save")):
            def change(p: Project) -> None:
                for key, value in colours.items():
                    setattr(p.brand, key, value.upper())
                p.brand.font = font.strip() or p.brand.font
                if logo is not None:
                    p.brand.logo = save_logo(p, logo.name, logo.getvalue())

            with friendly():
                edit_project(change, expected_revision=project.revision)
                flash(tr("plan.saved"))
                st.rerun()
    if brand.logo and (project.folder / brand.logo).is_file():
        st.image(str(project.folder / brand.logo), caption=tr("plan.logo_now"), width=120)
