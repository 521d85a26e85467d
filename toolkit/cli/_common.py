"""Helpers shared by the CLI command modules: state, JSON output, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from toolkit.messages import register, t

register({
    "cli.deprecated_option": (
        "Hinweis: {old} heißt jetzt {new}; der alte Name fällt in einer der nächsten Versionen "
        "weg.",
        "Note: {old} is now called {new}; the old name will be removed in a coming release.",
    ),
    "cli.deprecated_value": (
        "Hinweis: {option} {old} heißt jetzt {option} {new}; der alte Wert fällt in einer der "
        "nächsten Versionen weg.",
        "Note: {option} {old} is now {option} {new}; the old value will be removed in a coming "
        "release.",
    ),
    "cli.check_ok": ("OK", "OK"),
    "cli.check_failed": ("PRÜFEN: {checks}", "CHECK: {checks}"),
    "cli.warning_line": ("{indent} Hinweis: {warning}", "{indent} Note: {warning}"),
    "cli.result_line": ("{platform:12} {video}  {status}", "{platform:12} {video}  {status}"),
    "cli.cancelled": ("abgebrochen", "cancelled"),
    "cli.both_names": ("{new} und {old} sind dieselbe Option (alter und neuer Name); bitte nur "
                       "{new} angeben.",
                       "{new} and {old} are the same option (new and old name); please give "
                       "only {new}."),
    "cli.exclusive": ("{first} und {second} schließen sich aus; bitte nur eine der beiden "
                      "angeben.",
                      "{first} and {second} exclude each other; please give only one of them."),
})

FIT_TEXTS = ("Bildanpassung: smart (Ausschnitt folgt den Personen, je Einstellung ruhig oder "
        "mitschwenkend, bei zwei weit entfernten Personen geteiltes Bild; Standard), center "
        "(mittig zuschneiden), blur (ganzes Bild vor unscharfem Hintergrund), bars (ganzes Bild "
        "mit Balken).",
        "Fit: smart (the window follows the people, still or panning shot by shot, a split "
        "screen for two people far apart; default), center (crop the middle), blur (the whole "
        "picture over a blurred background), bars (the whole picture with bars).")
_LOUDNESS = ("Lautheitsziel: social (-14 LUFS, -1 dBTP), broadcast (-23 LUFS) oder eine "
             "LUFS-Zahl wie -16",
             "Loudness target: social (-14 LUFS, -1 dBTP), broadcast (-23 LUFS) or a LUFS "
             "number such as -16")

# Help texts shared by several commands (see toolkit.cli._i18n).
register({
    "help.render.save_plan": ("Den Plan in DATEI speichern (Pfade relativ zu ihr, der Ordner "
                              "kann mitsamt Plan verschoben werden), nichts rendern; später: "
                              "machmal render --plan DATEI.",
                              "Save the plan to FILE (paths relative to it, so the folder can be "
                              "moved with it), render nothing; later: machmal render --plan "
                              "FILE."),
    "render.cli.saved_plan": ("Plan gespeichert: {path}", "Plan saved: {path}"),
    "help.json": ("Als JSON ausgeben.", "Print as JSON."),
    "help.json_result": ("Ergebnis als JSON ausgeben.", "Print the result as JSON."),
    "help.json_reports": ("Prüfberichte als JSON ausgeben.", "Print the check reports as JSON."),
    "help.src_video": ("Quellvideo.", "Source video."),
    "help.fit": FIT_TEXTS,
    "help.speed": ("Nur smart: wie schnell der Ausschnitt Personen folgt: slower (ruhiger), "
                   "default, faster (folgt schneller).",
                   "smart only: how fast the window follows people: slower (calmer), default, "
                   "faster (follows sooner)."),
    "help.layout": ("Nur smart: auto (geteiltes Bild, wenn zwei Personen nicht in einen "
                    "Ausschnitt passen), single (immer ein Ausschnitt), split (geteilt, wo immer "
                    "zwei Personen auseinander stehen), blur (ganzes Bild vor unscharfem "
                    "Hintergrund statt geteiltem Bild).",
                    "smart only: auto (a split screen when two people do not fit one window), "
                    "single (always one window), split (split wherever two people stand apart), "
                    "blur (the whole picture over a blurred background instead of a split "
                    "screen)."),
    "help.loudness": (_LOUDNESS[0] + ", oder off.", _LOUDNESS[1] + ", or off."),
    "help.loudness_no_off": (_LOUDNESS[0] + ". Standard: social.",
                             _LOUDNESS[1] + ". Default: social."),
    "help.speech_lang": ("Gesprochene Sprache der Aufnahme: de, en, … oder auto (Standard: de).",
                         "Language spoken in the recording: de, en, … or auto (default: de)."),
    "help.captions": ("Untertitel-Stil: classic, social, box oder YAML-Datei.",
                      "Caption style: classic, social, box or a YAML file."),
    "help.ass": ("ASS-Untertiteldatei zum Einbrennen.", "ASS subtitle file to burn in."),
    "help.fonts_dir": ("Schriftenordner für --ass.", "Fonts folder for --ass."),
    "help.glossary": ("Glossar: Fachwörter/Namen je Zeile, „falsch -> richtig“ für Ersetzungen "
                      "(Text oder YAML).",
                      "Glossary: a term or name per line, 'wrong -> right' for replacements "
                      "(text or YAML)."),
    "help.workspace": ("Arbeitsordner mit den Projekten (Standard: MACHMAL_WORKSPACE, sonst der "
                       "Datenordner des Nutzers).",
                       "Workspace folder holding the projects (default: MACHMAL_WORKSPACE, else "
                       "the user's data folder)."),
    "help.project_name": ("Name des Projekts.", "Name of the project."),
    "help.template_id": ("ID der Vorlage.", "ID of the template."),
    "help.start": ("Startpunkt in Sekunden.", "Start point in seconds."),
    "help.end": ("Endpunkt in Sekunden.", "End point in seconds."),
    "help.override_by": ("Wer trotz fehlender Einwilligung freigibt.",
                         "Who approves despite missing consent."),
    "help.reason": ("Begründung der Ausnahme.", "Reason for the exception."),
})

# Labels of the "label  value" lines of ingest, trim, loudnorm and jobs show.
register({f"cli.label.{name}": texts for name, texts in {
    "fixed": ("behoben", "fixed"), "duration": ("Dauer", "duration"), "size": ("Größe", "size"),
    "segments": ("Abschnitte", "segments"), "before": ("vorher", "before"),
    "after": ("nachher", "after"), "mode": ("Verfahren", "mode"),
    "limiter": ("Begrenzer", "limiter"), "id": ("Nummer", "id"), "kind": ("Art", "kind"),
    "state": ("Zustand", "state"), "progress": ("Fortschritt", "progress"),
    "stage": ("Stufe", "stage"), "attempts": ("Versuche", "attempts"),
    "owner": ("Worker", "owner"), "threads": ("Threads", "threads"), "cpu": ("CPU", "cpu"),
    "output": ("Datei", "output"), "error": ("Fehler", "error"),
}.items()})


def label(name: str, width: int = 15) -> str:
    """The label ``name`` of a "label  value" line in the message language, padded."""
    return f"{t(f'cli.label.{name}'):{width}}"


def workspace_option() -> Any:
    """The ``--workspace`` option of the project commands."""
    return typer.Option(None, "--workspace", help="help.workspace")


@dataclass
class _State:
    debug: bool = False


state = _State()


def echo_json(data: Any) -> None:
    """Print ``data`` as pretty UTF-8 JSON on stdout."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[float], None]]:
    """Yield a ``progress(fraction)`` callback that draws a bar on a terminal.

    When stderr is not a terminal (pipes, CI) the callback does nothing.
    """
    if not sys.stderr.isatty():
        yield lambda _fraction: None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  TaskProgressColumn(), TimeRemainingColumn(), transient=True,
                  console=_stderr_console()) as bar:
        task = bar.add_task(label, total=1.0)
        yield lambda fraction: bar.update(task, completed=fraction)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def renamed(new_value: Any, old_value: Any, *, new: str, old: str, default: Any) -> Any:
    """The value of an option given under its current or (with a note) its old name.

    Args:
        new_value: The value of the option under its current name (None: not given).
        old_value: The value under the old, hidden name (None: not given).
        new: The current option name, e.g. ``--fit``.
        old: The old option name, e.g. ``--mode``.
        default: The value when neither is given.

    Raises:
        UserInputError: ``cli.both_names``: both names were given.
    """
    if old_value is None:
        return default if new_value is None else new_value
    if new_value is not None:
        from toolkit.errors import UserInputError

        raise UserInputError("cli.both_names", new=new, old=old)
    typer.echo(t("cli.deprecated_option", old=old, new=new), err=True)
    return old_value


def fit_option(value: str, option: str = "--fit") -> str:
    """A fit in the current vocabulary (smart, center, blur, bars); an old name with a note."""
    from toolkit.framing import fit_name

    name = fit_name(value)
    if name != value:
        typer.echo(t("cli.deprecated_value", option=option, old=value, new=name), err=True)
    return name


def layout_option(value: str) -> str:
    """A smart-framing layout in the current vocabulary; an old name with a note."""
    from toolkit.framing import layout_name

    name = layout_name(value)
    if name != value:
        typer.echo(t("cli.deprecated_value", option="--layout", old=value, new=name), err=True)
    return name


def echo_results(rows: list[tuple[str, Any, Any]]) -> None:
    """One line per delivered file: ``platform  path  OK | CHECK: failed checks`` and notes.

    Args:
        rows: ``(platform id, video path, check report)`` per file.
    """
    for platform, video, report in rows:
        failed = [c.name for c in report.checks if not c.ok]
        status = t("cli.check_failed", checks=", ".join(failed)) if failed else t("cli.check_ok")
        typer.echo(t("cli.result_line", platform=platform, video=video, status=status))
        for warning in report.warnings:
            typer.echo(t("cli.warning_line", indent=" " * 12, warning=warning))


def saved_plan(plan: Any, file: Path) -> None:
    """``--save-plan FILE``: write the plan (paths relative to the file) and say where."""
    from toolkit.edit.plan import save_plan

    typer.echo(t("render.cli.saved_plan", path=save_plan(plan, file)))
