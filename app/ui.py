"""Small shared pieces of the studio's pages: friendly errors, job progress, downloads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st

from app import jobs_client
from app.i18n import current_lang, tr
from app.state import workspace
from toolkit.errors import MachmalError

POLL_SECONDS = 1.0
STAGE_NAMES = ("render", "prepare", "ingest", "export", "showcase", "noop", "transcribe",
               "burn")
"""Stages that job functions report by name (:func:`stage_text` translates them)."""
STAGE_MODULES = ("toolkit.takes.take_captions", "toolkit.products.quick", "toolkit.jobs.builtin",
                 "toolkit.products.example", "toolkit.project.trim_takes",
                 "toolkit.products.export_take")
"""Modules whose job functions report a stage as a message of the catalogue."""
STYLE_KEY = "caption_style"
"""Session key of the caption style (one picker on Subtitles and Format & export)."""


def show_error(error: BaseException) -> None:
    """Show ``error`` as a friendly message in the session's language (never a traceback)."""
    st.error(error_text(error), icon=":material/warning:")


@contextmanager
def friendly() -> Iterator[None]:
    """Run a block; a library error becomes a message on the page instead of a traceback."""
    try:
        yield
    except MachmalError as error:
        show_error(error)
    except (OSError, ValueError, LookupError) as error:
        show_error(error)


def flash(message: str, kind: str = "success") -> None:
    """Show ``message`` after the next rerun (e.g. after ``st.rerun()``); kind
    success|info|error."""
    st.session_state.setdefault("_flash", []).append((kind, message))


def show_flash() -> None:
    """Show (once) the notes left by :func:`flash`."""
    for kind, message in st.session_state.pop("_flash", []):
        if kind == "error":
            st.error(message, icon=":material/warning:")
        elif kind == "info":
            st.info(message)
        else:
            st.success(message)


def error_text(error: BaseException) -> str:
    """The friendly text of ``error`` in the session's language."""
    if isinstance(error, MachmalError):
        return tr("app.error", message=error.message(current_lang()))
    return tr("app.unexpected", kind=type(error).__name__)


def job_error_text(record: Any) -> str:
    """The failure of a job record in the session's language."""
    return record.error_message(current_lang()) or tr("job.failed")


def submit(kind: str, params: dict[str, Any]) -> Any:
    """Submit a job for this session's workspace (errors shown, None returned on failure)."""
    try:
        return jobs_client.submit(kind, params, workspace=workspace())
    except MachmalError as error:
        show_error(error)
        return None


def latest_job(kind: str, **match: Any) -> Any:
    """The newest job of ``kind`` whose parameters contain ``match`` (any session's)."""
    for record in jobs_client.list_jobs(workspace=workspace()):
        if record.kind == kind and all(record.params.get(k) == v for k, v in match.items()):
            return record
    return None


def stage_text(stage: str) -> str:
    """A job's stage in the session's language (workers store it in theirs, or as a name)."""
    import importlib

    from toolkit.messages import translate_text

    for module in STAGE_MODULES:  # their stage messages must be known to be translated
        importlib.import_module(module)
    if stage in STAGE_NAMES:
        return tr(f"job.stage.{stage}")
    return translate_text(stage, current_lang())


def job_label(record: Any) -> str:
    """``Export: encoding (42 %)`` in the session's language."""
    kind = tr(f"job.kind.{record.kind}")
    stage = stage_text(record.stage) if record.stage else tr(f"job.{record.state}")
    return tr("job.progress", kind=kind, stage=stage, percent=int(round(record.progress * 100)))


def job_panel(kind: str, key: str, **match: Any) -> Any:
    """Show the newest ``kind`` job matching ``match``; polls while it runs.

    Returns the job record as it was on this run (None when there is none).
    """
    record = latest_job(kind, **match)
    if record is None:
        return None
    if record.state in jobs_client.ACTIVE:
        _running_job(record.id, key)
    elif record.state == "failed":
        st.error(job_error_text(record), icon=":material/warning:")
    elif record.state == "cancelled":
        st.info(tr("job.cancelled"))
    return record


@st.fragment(run_every=POLL_SECONDS)
def _running_job(job_id: str, key: str) -> None:
    record = jobs_client.get_job(job_id, workspace=workspace())
    if record is None or record.state not in jobs_client.ACTIVE:
        st.rerun()  # finished: the whole page shows the result
        return
    st.progress(record.progress, text=job_label(record))
    if st.button(tr("job.cancel"), key=f"cancel-{key}"):
        jobs_client.cancel_job(job_id, workspace=workspace())


def download(label: str, path: Path, mime: str, key: str) -> None:
    """A labelled download button for a finished file."""
    st.download_button(label, data=path.read_bytes(), file_name=path.name, mime=mime, key=key)


def caption_style_picker(shown_revision: int | None = None) -> str:
    """The caption style selectbox; Subtitles and Format & export show the same choice.

    With ``shown_revision`` (the project's revision the page shows) a change is kept in the
    project too (:func:`app.choices.remember`).
    """
    from app.choices import remember
    from toolkit.captions.styles import list_styles, load_style

    styles = list_styles()
    if st.session_state.get(STYLE_KEY) not in styles:  # kept across pages (app.state)
        st.session_state[STYLE_KEY] = "social" if "social" in styles else styles[0]
    return st.selectbox(tr("app.caption_style"), styles, key=STYLE_KEY,
                        placeholder=tr("app.choose"),
                        format_func=lambda name: load_style(name).label,
                        on_change=remember if shown_revision is not None else None,
                        args=(STYLE_KEY, shown_revision))


def require_project() -> Any:
    """The current project; otherwise a hint (or the error) on the page and the page stops."""
    from app.state import load_current

    try:
        project = load_current()
    except MachmalError as error:
        show_error(error)
        st.stop()
    if project is None:
        st.info(tr("app.pick_project"))
        st.stop()
    return project


_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{
  font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{browse}"; font-size: 1rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{limit}"; font-size: 0.875rem; }}
</style>"""


def widget_texts() -> None:
    """Streamlit's own English texts of the file uploader in the session's language.

    Streamlit has no setting for them, so a small style sheet scoped to the uploader's drop
    zone replaces the button's "Upload" and the "2GB per file" line (the "Drag and drop files
    here" shown only while dragging and the "Remove <file>" button names stay English).
    """
    if current_lang() == "en":
        return
    megabytes = float(st.get_option("server.maxUploadSize"))
    size = (f"{megabytes / 1000:g} GB" if megabytes >= 1000 else f"{megabytes:g} MB")
    st.markdown(_UPLOADER_CSS.format(browse=tr("app.upload_browse"),
                                     limit=tr("app.upload_limit", size=size.replace(".", ","))),
                unsafe_allow_html=True)
