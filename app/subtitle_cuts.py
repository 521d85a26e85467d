"""The word table of the Subtitles page with text-based trimming: mark words to drop.

The table shows every word of the take with a "drop" checkbox and, for fillers, repeats and
false starts, the reason it is proposed. Proposals are only suggestions: one button marks them
all, the user clears what should stay. Saving writes the transcript's edits and the take's cuts
(snapped to silence from the take's audio) as one locked project edit, so the sidebar's Undo
takes it back; the render and the captions follow the cuts.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.i18n import current_lang, register_ui, tr, tr_count
from app.edits import save_change
from app.state import workspace
from app.ui import flash, friendly
from toolkit.takes.take_captions import apply_rows, find_take, save_take_transcript
from toolkit.takes.take_cuts import (cut_rows, kept_ranges, plan_word_cut, rows_dropped,
                                        set_word_cut, with_proposals)
from toolkit.numbers import format_number
from toolkit.project import open_project

register_ui({
    "subs.col_text": ("Wort", "Word"),
    "subs.col_start": ("Start (s)", "Start (s)"),
    "subs.col_end": ("Ende (s)", "End (s)"),
    "subs.col_conf": ("Sicherheit", "Confidence"),
    "subs.col_check": ("Prüfen", "Check"),
    "subs.col_drop": ("Streichen", "Drop"),
    "subs.col_drop_help": ("Angehakte Wörter werden aus Video und Untertiteln geschnitten.",
                           "Ticked words are cut from the video and the captions."),
    "subs.col_proposal": ("Vorschlag", "Proposal"),
    "subs.save": ("Änderungen speichern", "Save changes"),
    "subs.saved": ("Transkript gespeichert.", "Transcript saved."),
    "subs.accept": ("Vorschläge übernehmen ({count})", "Accept the proposals ({count})"),
    "subs.accept_help": ("Markiert alle vorgeschlagenen Füllwörter, Wiederholungen und "
                         "abgebrochenen Wörter zum Streichen und speichert.",
                         "Marks every proposed filler, repeat and false start for dropping and "
                         "saves."),
    "subs.marked.one": ("1 Wort ist markiert und wird gestrichen.",
                        "1 word is marked and will be dropped."),
    "subs.marked.other": ("{count} Wörter sind markiert und werden gestrichen.",
                          "{count} words are marked and will be dropped."),
    "subs.kept": ("Es bleibt: {text}", "What remains: {text}"),
    "subs.kept_seconds": ("Von der Aufnahme bleiben {kept} s von {total} s.",
                          "{kept} s of the recording's {total} s remain."),
})

COLUMNS = ["drop", "text", "proposal", "start", "end", "confidence", "check"]
"""The proposal beside its word (a 1280 px wide page shows the first five columns at once)."""


def _config() -> dict[str, Any]:
    return {"drop": st.column_config.CheckboxColumn(tr("subs.col_drop"),
                                                    help=tr("subs.col_drop_help")),
            "text": st.column_config.TextColumn(tr("subs.col_text"), required=True),
            "start": st.column_config.NumberColumn(tr("subs.col_start"), format="%.2f"),
            "end": st.column_config.NumberColumn(tr("subs.col_end"), format="%.2f"),
            "confidence": st.column_config.ProgressColumn(tr("subs.col_conf"),
                                                          min_value=0.0, max_value=1.0),
            "check": st.column_config.TextColumn(tr("subs.col_check"), disabled=True),
            "proposal": st.column_config.TextColumn(tr("subs.col_proposal"), disabled=True)}


def word_editor(project: Any, take_id: str, transcript: Any) -> None:
    """The editable word table, the marked count, the kept text and the save buttons."""
    _shot, take = find_take(project, take_id)
    shown = cut_rows(take, transcript, current_lang())
    rows = st.data_editor(shown, column_config=_config(), column_order=COLUMNS,
                          num_rows="dynamic", disabled=["confidence", "check", "proposal"],
                          hide_index=True, key=f"words-{take_id}-{project.revision}",
                          width="stretch")
    marked = [r for r in rows if r.get("drop")]
    if marked:
        st.info(tr_count("subs.marked", len(marked)))
    st.caption(tr("subs.kept", text=" ".join(str(r.get("text") or "") for r in rows
                                             if not r.get("drop"))))
    total = take.duration
    kept = sum(e - s for s, e in kept_ranges(take))
    if take.word_cut is not None:
        st.caption(tr("subs.kept_seconds", kept=format_number(kept, 1),
                      total=format_number(total, 1)))
    waiting = sum(1 for r in rows if r.get("proposal") and not r.get("drop"))
    left, right = st.columns(2)
    if left.button(tr("subs.save"), key="save_words", type="primary"):
        _save(project, take_id, transcript, rows)
    if right.button(tr("subs.accept", count=waiting), key="accept_proposals",
                    disabled=not waiting, help=tr("subs.accept_help")):
        _save(project, take_id, transcript, with_proposals(rows))


def _save(project: Any, take_id: str, transcript: Any, rows: list[dict[str, Any]]) -> None:
    """Save the edited words and the take's cuts (one undoable project edit), then rerun."""
    with friendly():
        fresh = open_project(project.name, workspace())
        edited = apply_rows(transcript, rows)
        if edited.words != transcript.words:
            save_take_transcript(fresh, take_id, edited)
        _shot, take = find_take(fresh, take_id)
        cut = plan_word_cut(fresh, take, edited, rows_dropped(edited, rows))
        if cut == take.word_cut or save_change(lambda p: set_word_cut(p, take_id, cut),
                                               project.revision, tr("subs.col_drop")):
            flash(tr("subs.saved"))
        st.rerun()
