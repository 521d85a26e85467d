"""UI texts of the studio in German (default) and English: one mechanism for every string.

Texts live in the same catalogue as the library's messages (:mod:`toolkit.messages`), under keys
starting with ``ui.``. Each page registers its own texts beside the code that shows them::

    from app.i18n import register_ui, tr

    register_ui({"plan.title": ("Plan", "Plan")})
    st.title(tr("plan.title"))

The language is per browser session (``st.session_state["lang"]``), never a process global:
one server serves many sessions.
"""

from __future__ import annotations

from toolkit.messages import register, t

LANGUAGES: dict[str, str] = {"de": "Deutsch", "en": "English"}
DEFAULT_LANG = "de"
LANG_KEY = "lang"


def register_ui(texts: dict[str, tuple[str, str]]) -> None:
    """Add page texts: key (without ``ui.``) -> (German, English)."""
    register({f"ui.{key}": value for key, value in texts.items()})


def current_lang() -> str:
    """The session's language (German when the session has none yet)."""
    import streamlit as st

    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return lang if lang in LANGUAGES else DEFAULT_LANG


def tr(key: str, **params: object) -> str:
    """The UI text ``key`` in the session's language, formatted with ``params``."""
    return t(f"ui.{key}", current_lang(), **params)


def tr_count(key: str, count: int, **params: object) -> str:
    """The UI text ``key`` for ``count`` things (``key.one`` / ``key.other``, see
    :func:`toolkit.messages.t_count`) in the session's language."""
    from toolkit.messages import t_count

    return t_count(f"ui.{key}", count, current_lang(), **params)


def ui_text(key: str, lang: str) -> str:
    """The UI text ``key`` in ``lang`` (for code that has the language at hand)."""
    return t(f"ui.{key}", lang)


register_ui({
    "app.title": ("machmal – Azubi-Videos leicht gemacht", "machmal – recruiting videos made easy"),
    "app.language": ("Sprache / Language", "Sprache / Language"),
    "app.project": ("Aktuelles Projekt", "Current project"),
    "app.no_project": ("– kein Projekt –", "– no project –"),
    "app.undo": ("↶ Letzte Änderung rückgängig", "↶ Undo the last change"),
    "app.undo_help": ("Stellt den Stand vor der letzten gespeicherten Änderung wieder her "
                      "(als neue Fassung; nichts geht verloren).",
                      "Brings back the state before the last saved change (as a new revision; "
                      "nothing is lost)."),
    "app.undone": ("Rückgängig gemacht (jetzt Fassung {revision}).",
                   "Undone (now revision {revision})."),
    "app.caption_style": ("Untertitel-Stil", "Caption style"),
    "app.choose": ("Bitte wählen", "Please choose"),
    "app.upload_browse": ("Dateien wählen", "Browse files"),
    "app.upload_limit": ("bis {size} je Datei", "up to {size} per file"),
    "app.choose_many": ("Bitte wählen (mehrere möglich)", "Please choose (several possible)"),
    "app.jobs": ("Laufende Aufgaben", "Running jobs"),
    "app.no_jobs": ("Keine laufenden Aufgaben.", "No running jobs."),
    "app.error": ("Das hat nicht geklappt: {message}", "That did not work: {message}"),
    "app.unexpected": (
        "Ein unerwarteter Fehler ist aufgetreten ({kind}). Bitte die Seite neu laden; "
        "wenn es wieder passiert, den Fehler mit diesem Text melden.",
        "An unexpected error happened ({kind}). Please reload the page; if it happens again, "
        "report it with this text.",
    ),
    "app.pick_project": (
        "Bitte zuerst auf der Startseite ein Projekt anlegen oder in der Seitenleiste wählen.",
        "Please create a project on the start page or choose one in the sidebar first.",
    ),
    "nav.start": ("Start", "Start"),
    "nav.plan": ("Planen", "Plan"),
    "nav.upload": ("Aufnahmen", "Upload"),
    "nav.subtitles": ("Untertitel", "Subtitles"),
    "nav.export": ("Format & Export", "Format & export"),
    "nav.quick": ("Schnell-Untertitel", "Quick subtitles"),
    "nav.trainer": ("Trainer", "Trainer"),
    "nav.showcase": ("Showcase", "Showcase"),
    "nav.group_project": ("Projekt", "Project"),
    "nav.group_tools": ("Werkzeuge", "Tools"),
    "job.queued": ("wartet", "queued"),
    "job.running": ("läuft", "running"),
    "job.done": ("fertig", "done"),
    "job.failed": ("fehlgeschlagen", "failed"),
    "job.cancelled": ("abgebrochen", "cancelled"),
    "job.cancel": ("Abbrechen", "Cancel"),
    "job.progress": ("{kind}: {stage} ({percent} %)", "{kind}: {stage} ({percent} %)"),
    "job.kind.transcribe": ("Transkription", "Transcription"),
    "job.kind.quick_subtitles": ("Schnell-Untertitel", "Quick subtitles"),
    "job.kind.export": ("Export", "Export"),
    "job.kind.take_export": ("Export", "Export"),
    "job.kind.render": ("Video rendern", "Render video"),
    "job.kind.prepare": ("Rendern vorbereiten", "Preparing the render"),
    "job.kind.autotrim": ("Stille finden", "Find silence"),
    "job.kind.example": ("Beispielprojekt", "Example project"),
    "job.kind.analyse": ("Bildanalyse", "Picture analysis"),
    "job.kind.showcase": ("Showcase", "Showcase"),
    "job.kind.ingest": ("Aufnahme vorbereiten", "Preparing the take"),
    "job.kind.subtitle": ("Untertitel", "Subtitles"),
    "job.kind.reformat": ("Umformatieren", "Reformatting"),
    "job.kind.noop": ("Test", "Test"),
    "job.stage.render": ("Video wird gerendert", "rendering the video"),
    "job.stage.prepare": ("Aufnahmen werden analysiert", "analysing the takes"),
    "job.stage.ingest": ("Aufnahme wird vorbereitet", "preparing the take"),
    "job.stage.export": ("Export läuft", "exporting"),
    "job.stage.showcase": ("Showcase wird gebaut", "building the showcase"),
    "job.stage.noop": ("Test", "test"),
    "job.stage.transcribe": ("Sprache wird erkannt", "recognising speech"),
    "job.stage.burn": ("Untertitel werden eingebrannt", "burning in captions"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
    "open": ("offen", "open"),
    "seconds": ("{value} s", "{value} s"),
})
