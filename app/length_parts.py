"""The Export page's length table: planned vs actual seconds per shot and in total, and the
warning for a video more than 25 % over the template's length, before the render button."""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.ui import friendly
from toolkit.edit.lengths import LengthPlan, length_warnings, project_lengths
from toolkit.project import Project
from toolkit.storyboard import Template

register_ui({
    "lengths.title": ("Länge: {actual:.1f} s von geplant {planned:.0f} s",
                      "Length: {actual:.1f} s of {planned:.0f} s planned"),
    "lengths.col_shot": ("Shot", "Shot"),
    "lengths.col_planned": ("Geplant (s)", "Planned (s)"),
    "lengths.col_actual": ("Im Video (s)", "In the video (s)"),
    "lengths.col_picked": ("Ausschnitt", "Range"),
    "lengths.picked.user": ("eigener", "your own"),
    "lengths.picked.speech": ("automatisch: Sprache", "automatic: speech"),
    "lengths.picked.motion": ("automatisch: Bewegung", "automatic: motion"),
    "lengths.picked.whole": ("ganze Aufnahme", "whole take"),
    "lengths.picked.none": ("–", "–"),
    "lengths.card": ("Karte „{id}“", "Card '{id}'"),
    "lengths.total": ("Gesamt (Vorlage: {target:.0f} s)", "Total (template: {target:.0f} s)"),
    "lengths.hint": ("Den Ausschnitt eines Takes ändern Sie unter „Aufnahmen“.",
                     "Change a take's range under 'Upload'."),
})


def _rows(plan: LengthPlan) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for s in plan.shots:
        rows.append({tr("lengths.col_shot"): s.title if s.shot else tr("lengths.card", id=s.id),
                     tr("lengths.col_planned"): round(s.planned, 1),
                     tr("lengths.col_actual"): round(s.actual, 1),
                     tr("lengths.col_picked"): tr(f"lengths.picked.{s.picked or 'none'}")})
    rows.append({tr("lengths.col_shot"): tr("lengths.total", target=float(plan.target)),
                 tr("lengths.col_planned"): round(plan.planned, 1),
                 tr("lengths.col_actual"): round(plan.actual, 1),
                 tr("lengths.col_picked"): ""})
    return rows


_MEMO = "_lengths_memo"


def _stamp(project: Project, lang: str) -> tuple[object, ...]:
    """What the lengths depend on: the project's revision and its saved transcripts."""
    folder = project.folder / "work" / "transcripts"
    files = sorted((f.name, f.stat().st_mtime_ns) for f in folder.glob("*.json")) \
        if folder.is_dir() else []
    return (str(project.folder), project.revision, lang, tuple(files))


def _lengths(project: Project, template: Template) -> LengthPlan | None:
    """The length plan, computed once per project revision (page reruns cost nothing)."""
    stamp = _stamp(project, current_lang())
    memo = st.session_state.get(_MEMO)
    if memo is not None and memo[0] == stamp:
        return memo[1]
    plan = None
    with friendly(), st.spinner():
        plan = project_lengths(project, template, lang=current_lang())
    if plan is not None:
        st.session_state[_MEMO] = (stamp, plan)
    return plan


def length_panel(project: Project, template: Template) -> LengthPlan | None:
    """Planned vs actual length of the video as it would render now (shown before the render
    button); the warning when it is more than 25 % over the template's length."""
    plan = _lengths(project, template)
    if plan is None:
        return None
    for warning in length_warnings(plan, current_lang()):
        st.warning(warning, icon=":material/timer:")
    with st.expander(tr("lengths.title", actual=float(plan.actual), planned=float(plan.planned)),
                     expanded=plan.too_long):
        st.dataframe(_rows(plan), hide_index=True, width="stretch")
        st.caption(tr("lengths.hint"))
    return plan
