"""Saving what a page changed against the revision it showed; a conflict shown with both values.

Every page saves through :func:`save_change`: ``fn`` changes only the fields the user changed and
is applied to the revision the page showed (``shown_revision``). Changes saved meanwhile (a
second tab, a job) to other fields are merged by the library; a change to the same field is
refused there and kept here as a *conflict*: :func:`conflict_panel` shows each field with "mine"
and "the other tab's" value and lets the user keep one (never silently overwritten).

Forms (:func:`form_values`/:func:`changed_values`) remember what they showed, so a submit saves
only the fields the user really changed, against the revision the form was filled from.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.state import current_project_name, edit_project, workspace
from app.ui import error_text, flash
from toolkit.errors import MachmalError
from toolkit.project import Project
from toolkit.project.commit import ProjectConflictError
from toolkit.project.conflicts import conflict_values
from toolkit.project.merge import MISSING

register_ui({
    "conflict.title": ("Gleichzeitig geändert: {fields}", "Changed at the same time: {fields}"),
    "conflict.text": ("Während du hier geändert hast, wurde dasselbe Feld anderswo (z. B. in "
                      "einem anderen Tab) gespeichert. Nichts wurde überschrieben – welche "
                      "Fassung soll gelten?",
                      "While you were editing here, the same field was saved elsewhere (for "
                      "example in another tab). Nothing was overwritten – which version should "
                      "count?"),
    "conflict.field": ("Feld", "Field"),
    "conflict.mine": ("Meine Änderung", "My change"),
    "conflict.theirs": ("Anderer Tab", "The other tab"),
    "conflict.keep_mine": ("Meine Änderung übernehmen", "Use my change"),
    "conflict.keep_theirs": ("Die andere Fassung behalten", "Keep the other version"),
    "conflict.empty": ("(leer)", "(empty)"),
    "conflict.kept_mine": ("Deine Änderung ist gespeichert.", "Your change is saved."),
    "conflict.kept_theirs": ("Die andere Fassung bleibt.", "The other version stays."),
})

CONFLICT_KEY = "_conflict"
_SHOWN = "_shown-{form}"


def save_change(fn: Callable[[Project], Any], shown_revision: int | None,
                what: str = "") -> bool:
    """Save ``fn``'s change made against ``shown_revision``; a conflict is kept for the panel.

    Args:
        fn: Changes only the fields the user changed (applied to the shown revision).
        shown_revision: The revision the page showed when the user made the change.
        what: A short name of the change (shown with the conflict).

    Returns:
        True when saved; False on a conflict (shown by :func:`conflict_panel`) or an error
        (shown as a message after the next rerun).
    """
    try:
        edit_project(fn, expected_revision=shown_revision)
        return True
    except ProjectConflictError as error:
        st.session_state[CONFLICT_KEY] = _conflict(fn, shown_revision, error, what)
    except MachmalError as error:
        flash(error_text(error), "error")
    return False


def _conflict(fn: Callable[[Project], Any], shown: int | None, error: ProjectConflictError,
              what: str) -> dict[str, Any]:
    name = current_project_name()
    values = conflict_values(name or "", fn, int(shown or 0), list(error.conflicts),
                             workspace()) if name else []
    return {"project": name, "fn": fn, "what": what, "values": values}


def conflict_panel() -> None:
    """The pending conflict of this session (if any): both values and a choice."""
    pending = st.session_state.get(CONFLICT_KEY)
    if not pending or pending.get("project") != current_project_name():
        st.session_state.pop(CONFLICT_KEY, None)
        return
    lang = current_lang()
    labels = [v.label(lang) for v in pending["values"]] or [pending["what"]]
    with st.container(border=True, key="conflict"):
        st.warning(tr("conflict.title", fields=", ".join(labels)), icon=":material/merge:")
        st.caption(tr("conflict.text"))
        rows = [{tr("conflict.field"): v.label(lang), tr("conflict.mine"): _shown(v.mine),
                 tr("conflict.theirs"): _shown(v.theirs)} for v in pending["values"]]
        st.dataframe(rows, hide_index=True, width="stretch", key="conflict-table")
        mine, theirs = st.columns(2)
        if mine.button(tr("conflict.keep_mine"), key="conflict-mine", type="primary"):
            st.session_state.pop(CONFLICT_KEY, None)
            if save_change(pending["fn"], None, pending["what"]):
                flash(tr("conflict.kept_mine"))
            st.rerun()
        if theirs.button(tr("conflict.keep_theirs"), key="conflict-theirs"):
            st.session_state.pop(CONFLICT_KEY, None)
            flash(tr("conflict.kept_theirs"))
            st.rerun()


def _shown(value: Any) -> str:
    """A field's value in words for the conflict table."""
    if value is MISSING or value in (None, "", [], {}):
        return tr("conflict.empty")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def form_values(form: str, project: Project, values: Mapping[str, Any]) -> None:
    """Fill a form's widgets (keys of ``values``) from the project and remember what it shows.

    Call before the form's widgets are made. A widget whose project value changed since the
    last run (another tab saved it) shows the new value; the shown values and revision are
    what :func:`changed_values` compares a submit with.
    """
    key = _SHOWN.format(form=form)
    before = st.session_state.get(key)
    shown = {"revision": project.revision, "values": dict(values)}
    if before is not None and before.get("pending"):
        shown = {**before, "pending": False}  # the submit run: keep what the user saw
    else:
        for widget, value in values.items():
            if before is None or widget not in st.session_state \
                    or before["values"].get(widget) != value:
                st.session_state[widget] = value
    st.session_state[key] = shown


def submitted(form: str) -> None:
    """Mark ``form`` as submitted (its ``on_click``): the next run keeps the shown values."""
    key = _SHOWN.format(form=form)
    if key in st.session_state:
        st.session_state[key] = {**st.session_state[key], "pending": True}


def changed_values(form: str, now: Mapping[str, Any]) -> tuple[dict[str, Any], int | None]:
    """The widgets of ``form`` the user changed since they were shown, and that revision."""
    shown = st.session_state.get(_SHOWN.format(form=form)) or {"values": {}, "revision": None}
    changed = {k: v for k, v in now.items() if shown["values"].get(k, MISSING) != v}
    return changed, shown["revision"]
