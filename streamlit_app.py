"""machmal studio – Streamlit entry point.

``st.navigation`` here owns the shared sidebar (current project, language, running jobs); each
page is one short file in ``app/pages/`` that only calls :mod:`toolkit`. Long work runs as jobs
(:mod:`app.jobs_client`), never inside a rerun.
"""

from __future__ import annotations

import logging

import streamlit as st

from app import jobs_client
from app.choices import choices_restored, read_url, restore_choices, write_url
from app.edits import conflict_panel
from app.i18n import LANG_KEY, LANGUAGES, tr
from app.state import (current_project_name, init_state, keep_choices, load_current,
                       project_names, select_project, workspace)
from app.ui import (POLL_SECONDS, flash, friendly, job_label, show_error, show_flash,
                    widget_texts)
from toolkit.errors import MachmalError
from toolkit.project import undo_last_change

LOG = logging.getLogger("machmal.studio")
_TOOLKIT_LOG = logging.getLogger("toolkit")  # FFmpeg's words on refused files etc.: server log
if not _TOOLKIT_LOG.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _TOOLKIT_LOG.addHandler(_handler)
    _TOOLKIT_LOG.setLevel(logging.INFO)
PAGES = ("start", "plan", "upload", "subtitles", "export")
TOOLS = ("quick", "trainer", "showcase")
ICONS = {"start": ":material/home:", "plan": ":material/edit_note:",
         "upload": ":material/upload:", "subtitles": ":material/subtitles:",
         "export": ":material/movie:", "quick": ":material/bolt:",
         "trainer": ":material/school:", "showcase": ":material/emoji_events:"}


def _page(name: str) -> st.Page:
    return st.Page(f"app/pages/{name}.py", title=tr(f"nav.{name}"), icon=ICONS[name],
                   url_path=name, default=name == "start")


def _project_picker() -> None:
    names = project_names()
    if current_project_name() not in names:
        select_project(None)
    st.session_state["sidebar_project"] = current_project_name()  # pages may have changed it
    st.sidebar.selectbox(
        tr("app.project"), [None, *names], key="sidebar_project", placeholder=tr("app.choose"),
        format_func=lambda n: tr("app.no_project") if n is None else n,
        on_change=lambda: select_project(st.session_state["sidebar_project"]))
    name = current_project_name()
    if name and st.sidebar.button(tr("app.undo"), key="undo", help=tr("app.undo_help")):
        restored = undo_last_change(name, workspace())
        flash(tr("app.undone", revision=restored.revision))
        st.rerun()


@st.fragment(run_every=POLL_SECONDS * 2)
def _running_jobs() -> None:
    st.caption(tr("app.jobs"))
    active = [r for r in jobs_client.list_jobs(workspace=workspace())
              if r.state in jobs_client.ACTIVE]
    if not active:
        st.caption(tr("app.no_jobs"))
    for record in active[:5]:
        st.progress(record.progress, text=job_label(record))


def _sidebar() -> None:
    st.sidebar.radio(tr("app.language"), list(LANGUAGES), format_func=LANGUAGES.get,
                     key=LANG_KEY, horizontal=True)
    with friendly():
        _project_picker()
    with st.sidebar:
        _running_jobs()


def _restore() -> None:
    """The current project's saved page choices, and the URL that reopens all of it (the
    project is read only when it changed)."""
    if not choices_restored():
        try:
            restore_choices(load_current())
        except MachmalError:
            restore_choices(None)  # the page itself says what is wrong with the project
    write_url()


def main() -> None:
    """Build the sidebar and run the chosen page."""
    st.set_page_config(page_title="machmal", page_icon="🎬", layout="wide")
    read_url()
    init_state()
    keep_choices()
    if not st.session_state.get("_worker_checked"):
        jobs_client.ensure_worker(workspace())
        st.session_state["_worker_checked"] = True
    _sidebar()
    _restore()
    widget_texts()
    show_flash()
    conflict_panel()
    nav = st.navigation({tr("nav.group_project"): [_page(n) for n in PAGES],
                         tr("nav.group_tools"): [_page(n) for n in TOOLS]})
    try:
        nav.run()
    except Exception as error:  # noqa: BLE001 - the user sees a message, the log the traceback
        LOG.exception("page %s failed", nav.url_path)
        show_error(error)


main()
