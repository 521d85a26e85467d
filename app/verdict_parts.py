"""The duel's verdict on Format & export: who won each round, beside the scoreboard preview."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.edits import save_change
from app.i18n import current_lang, register_ui, tr
from toolkit.edit.verdict import WINNERS, score_preview, set_verdict, verdict_state
from toolkit.errors import MachmalError
from toolkit.project import Project
from toolkit.storyboard import Template

register_ui({
    "verdict.title": ("Urteil und Punktestand", "Verdict and score"),
    "verdict.round": ("Wer hat „{round}“ gewonnen?", "Who won '{round}'?"),
    "verdict.open": ("noch offen", "not decided yet"),
    "verdict.draw": ("Unentschieden", "Draw"),
    "verdict.person": ("{name} ({role})", "{name} ({role})"),
    "verdict.preview": ("Punktestand im Video: {a} : {b}", "Score in the video: {a} : {b}"),
    "verdict.missing": ("Noch kein Urteil eingetragen: Ohne Urteil zeigt das Video keinen "
                        "Punktestand. Bitte unter „Urteil und Punktestand“ je Runde wählen, "
                        "wer gewonnen hat.",
                        "No verdict entered yet: without one the video shows no score. Please "
                        "choose under 'Verdict and score' who won each round."),
    "verdict.some_open": ("Noch ohne Urteil: {rounds} (zählt im Punktestand nicht mit).",
                          "No verdict yet for: {rounds} (not counted in the score)."),
})


def _label(project: Project, template: Template, winner: str | None) -> str:
    """``Lena (Azubi)`` for a role, ``Unentschieden``, ``noch offen``."""
    if winner is None:
        return tr("verdict.open")
    if winner == "draw":
        return tr("verdict.draw")
    role = template.role(winner)
    title = role.title.get(current_lang()) if role else winner
    person = next((p for p in project.people if p.role == winner), None)
    return tr("verdict.person", name=person.name, role=title) if person else title


@st.cache_data(max_entries=16, show_spinner=False)
def _preview(folder: str, data: str) -> bytes | None:
    """The scoreboard still as PNG, cached by the project's content (drawing it takes a while:
    the render draws its entrance animation too)."""
    import io

    from toolkit.project import project_template

    project = Project.model_validate_json(data).model_copy(update={"revision": 0})
    project._folder = Path(folder)
    image = score_preview(project, project_template(project))
    if image is None:
        return None
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _content(project: Project) -> str:
    """The project as JSON without what every save changes (the preview's cache key)."""
    return project.model_copy(update={"revision": 0, "updated": project.created}
                              ).model_dump_json()


def _save(scene_id: str, shown_revision: int) -> None:
    """The radio's change: only this round's winner, against the revision shown."""
    winner = st.session_state.get(f"verdict-{scene_id}")
    save_change(lambda p: set_verdict(p, scene_id, winner), shown_revision,
                f"verdict {scene_id}")


def verdict_form(project: Project, template: Template) -> bool:
    """Choose the winner of each round; shows the scoreboard as the render draws it.

    Returns:
        True when the template shows a scoreboard but no verdict is entered (the caller says
        so beside the render button: :func:`no_verdict_note`).
    """
    try:
        state = verdict_state(project, template)
    except MachmalError:
        return False  # an unfilled text: the render names it, the Plan page asks for it
    if not state.rounds:
        return False
    lang = current_lang()
    with st.container(border=True, key="verdict"):
        st.subheader(tr("verdict.title"))
        choices, preview = st.columns([3, 2])
        options = [None, *WINNERS]
        for scene in state.rounds:
            key = f"verdict-{scene.id}"
            st.session_state[key] = project.edit.verdict.get(scene.id)  # another tab's too
            choices.radio(tr("verdict.round", round=scene.title.get(lang)), options, key=key,
                          format_func=lambda w: _label(project, template, w), horizontal=True,
                          on_change=_save, args=(scene.id, project.revision))
        if state.final is not None:
            image = _preview(str(project.folder),
                             _content(project))
            if image is not None:
                preview.image(image, caption=tr("verdict.preview", a=state.final[0],
                                                b=state.final[1]), width=220)
        if state.open_rounds and not state.needs_verdict:
            st.info(tr("verdict.some_open",
                       rounds=", ".join(s.title.get(lang) for s in state.open_rounds)))
    return state.needs_verdict


def no_verdict_note() -> None:
    """The plain note before rendering: without a verdict the video has no scoreboard."""
    st.warning(tr("verdict.missing"), icon=":material/scoreboard:")
