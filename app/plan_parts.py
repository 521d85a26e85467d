"""Forms of the Plan page: placeholders and call to action, people and consent, brand kit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app.edits import changed_values, form_values, save_change, submitted
from app.i18n import current_lang, register_ui, tr
from app.ui import flash
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


def _save_form(form: str, setters: dict[str, Callable[[Project, Any], None]],
               extra: Callable[[Project], None] | None = None) -> None:
    """Save the fields of ``form`` the user changed, against the revision the form showed."""
    now = {key: st.session_state.get(key) for key in setters}
    changed, revision = changed_values(form, now)

    def change(p: Project) -> None:
        for key, value in changed.items():
            setters[key](p, value)
        if extra is not None:
            extra(p)

    if (changed or extra is not None) and save_change(change, revision, form):
        flash(tr("plan.saved"))
    st.rerun()


def _set_placeholder(name: str) -> Callable[[Project, Any], None]:
    def setter(p: Project, value: Any) -> None:
        if str(value).strip():
            p.placeholders[name] = str(value).strip()
        else:
            p.placeholders.pop(name, None)
    return setter


def values_form(project: Project, template: Template) -> None:
    """Company, trade, call to action and the template's own placeholders."""
    lang = current_lang()
    values = placeholder_values(project, template)
    typed = {name: decl for name, decl in template.placeholders.items() if not decl.from_role}
    setters: dict[str, Callable[[Project, Any], None]] = {
        "v-company": lambda p, v: setattr(p, "company", v.strip()),
        "v-trade": lambda p, v: setattr(p, "trade", v.strip()),
        **{f"ph-{name}": _set_placeholder(name) for name in typed},
        "v-cta": lambda p, v: setattr(p.cta, "text", v.strip()),
        "v-url": lambda p, v: setattr(p.cta, "url", v.strip()),
        "v-qr": lambda p, v: setattr(p.cta, "qr", bool(v))}
    form_values("values", project, {
        "v-company": project.company, "v-trade": project.trade,
        **{f"ph-{name}": values.get(name, "") for name in typed},
        "v-cta": project.cta.text, "v-url": project.cta.url, "v-qr": project.cta.qr})
    with st.form("values"):
        st.subheader(tr("plan.values"))
        st.text_input(tr("plan.company"), key="v-company")
        st.text_input(tr("plan.trade"), key="v-trade")
        for name, decl in typed.items():
            st.text_input(decl.label.get(lang), placeholder=decl.example or "", key=f"ph-{name}")
        st.text_input(tr("plan.cta"), key="v-cta")
        st.text_input(tr("plan.url"), placeholder="https://…", key="v-url")
        st.checkbox(tr("plan.qr"), key="v-qr", wrap=True)
        if st.form_submit_button(tr("plan.save"), key="values-save", on_click=submitted,
                                 args=("values",)):
            _save_form("values", setters)


def position_form(project: Project) -> None:
    """The open apprenticeship place and a description (shown by the showcase)."""
    position = project.position
    setters: dict[str, Callable[[Project, Any], None]] = {
        "pos-description": lambda p, v: setattr(p, "description", v.strip()),
        "pos-trade": lambda p, v: setattr(p.position, "trade", v.strip()),
        "pos-location": lambda p, v: setattr(p.position, "location", v.strip()),
        "pos-start": lambda p, v: setattr(p.position, "start", v),
        "pos-link": lambda p, v: setattr(p.position, "apply_url", v.strip())}
    form_values("position", project, {
        "pos-description": project.description, "pos-trade": position.trade,
        "pos-location": position.location, "pos-start": position.start,
        "pos-link": position.apply_url})
    with st.form("position"):
        st.subheader(tr("plan.position"))
        st.text_area(tr("plan.description"), height=80, key="pos-description")
        cols = st.columns(2)
        cols[0].text_input(tr("plan.pos_trade"), placeholder=project.trade, key="pos-trade")
        cols[1].text_input(tr("plan.pos_location"), key="pos-location")
        cols[0].date_input(tr("plan.pos_start"), format="DD.MM.YYYY", key="pos-start")
        cols[1].text_input(tr("plan.pos_link"), placeholder=project.cta.url or "https://…",
                           key="pos-link")
        if st.form_submit_button(tr("plan.save"), key="position-save", on_click=submitted,
                                 args=("position",)):
            _save_form("position", setters)


def _save_consent(person_id: str, shown_revision: int) -> None:
    """The consent selectbox's change: only that person's consent, against the shown revision."""
    answer = st.session_state.get(f"consent-{person_id}")
    if answer is not None:
        save_change(lambda p: set_consent(p, person_id, answer, save=False), shown_revision,
                    "consent")


def people_form(project: Project, template: Template) -> None:
    """Everyone in the video with role and consent; adding a person."""
    lang = current_lang()
    roles = {r.id: r.title.get(lang) for r in template.roles}
    st.subheader(tr("plan.people"))
    for person in project.people:
        cols = st.columns([2, 2, 2])
        cols[0].markdown(f"**{person.name}**")
        cols[1].write(roles.get(person.role, person.role))
        key = f"consent-{person.id}"
        st.session_state[key] = person.consent.given  # shows another tab's change too
        cols[2].selectbox(tr("plan.consent_of", name=person.name), [True, False, None],
                          format_func=lambda v: tr(CONSENT[v]), key=key,
                          placeholder=tr("app.choose"),
                          on_change=_save_consent, args=(person.id, project.revision))
    with st.form("add_person", clear_on_submit=True):
        cols = st.columns(3)
        name = cols[0].text_input(tr("plan.person"), key="new-person-name")
        role = cols[1].selectbox(tr("plan.role"), list(roles), format_func=roles.get,
                                 key="new-person-role", placeholder=tr("app.choose"))
        consent = cols[2].selectbox(tr("plan.consent"), [None, True, False],
                                    format_func=lambda v: tr(CONSENT[v]),
                                    key="new-person-consent", placeholder=tr("app.choose"))
        if st.form_submit_button(tr("plan.add_person"), key="add-person"):
            # a new record: it cannot overwrite anything, so it goes onto the newest revision
            save_change(lambda p: add_person(p, name, role, consent=consent, save=False),
                        None, "people")
            st.rerun()


def brand_form(project: Project) -> None:
    """Colours, font and logo."""
    st.subheader(tr("plan.brand"))
    brand = project.brand
    fields = ("primary", "secondary", "text", "highlight")
    setters: dict[str, Callable[[Project, Any], None]] = {
        **{f"brand-{f}": (lambda p, v, f=f: setattr(p.brand, f, str(v).upper())) for f in fields},
        "brand-font": lambda p, v: setattr(p.brand, "font", v.strip() or p.brand.font)}
    form_values("brand", project, {**{f"brand-{f}": getattr(brand, f) for f in fields},
                                   "brand-font": brand.font})
    with st.form("brand"):
        cols = st.columns(4)
        for i, field in enumerate(fields):
            cols[i].color_picker(tr(f"plan.{field}"), key=f"brand-{field}")
        st.text_input(tr("plan.font"), key="brand-font")
        logo = st.file_uploader(tr("plan.logo"), key="brand-logo")
        if st.form_submit_button(tr("plan.save"), key="brand-save", on_click=submitted,
                                 args=("brand",)):
            def add_logo(p: Project) -> None:
                p.brand.logo = save_logo(p, logo.name, logo.getvalue())

            _save_form("brand", setters, add_logo if logo is not None else None)
    if brand.logo and (project.folder / brand.logo).is_file():
        st.image(str(project.folder / brand.logo), caption=tr("plan.logo_now"), width=120)
