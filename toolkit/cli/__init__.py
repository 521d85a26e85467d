"""The ``machmal`` command: a thin layer that parses arguments, calls the library and maps
typed errors to one clear line and an exit code.

Exit codes: 0 success, 1 processing failure (ffmpeg or model error), 2 user error (bad input,
bad option, missing file), 130 cancelled. ``--debug`` shows tracebacks and the library's log
(e.g. FFmpeg's own words on a file it cannot read) on stderr.

Command groups live in their own modules (``media``, ``captions``, ``projects``); each exposes
``register(app)``. Help texts are message keys, shown in the message language
(:mod:`toolkit.cli._i18n`).
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import typer

from toolkit import __version__
from toolkit.cli._common import state
from toolkit.cli._i18n import App, usage_text
from toolkit.errors import Cancelled, MachmalError, MediaError, UserInputError
from toolkit.messages import language_scope, register, set_language

register({
    "help.machmal": ("machmal – Videos planen, untertiteln, zuschneiden und exportieren.",
                     "machmal – plan, caption, trim and export videos."),
    "help.machmal.lang": (
        "Sprache der Meldungen und der Hilfe: de oder en (Standard: MACHMAL_LANG, sonst de). "
        "Vor dem Befehl angeben.",
        "Language of messages and help: de or en (default: MACHMAL_LANG, else de). Give it "
        "before the command."),
    "help.machmal.debug": ("Bei Fehlern den Traceback zeigen.", "Show the traceback on errors."),
    "help.machmal.version": ("Version anzeigen.", "Show the version."),
    "cli.bad_lang": ("--lang: bitte de oder en (nicht „{value}“).",
                     "--lang: please de or en (not '{value}')."),
})

app = App(name="machmal", help="help.machmal", pretty_exceptions_enable=False,
          add_completion=False)


def _set_lang(lang: str | None) -> str | None:
    """``--lang``: refuse a language other than de and en (eager: before ``--help``)."""
    if lang:
        if lang not in ("de", "en"):
            raise UserInputError("cli.bad_lang", value=lang)
        set_language(lang)
    return lang


@app.callback()
def _root(
    lang: str = typer.Option(None, "--lang", help="help.machmal.lang", is_eager=True,
                             callback=_set_lang),
    debug: bool = typer.Option(False, "--debug", help="help.machmal.debug"),
    version: bool = typer.Option(False, "--version", help="help.machmal.version"),
) -> None:
    del lang  # set by its callback
    if version:
        typer.echo(f"machmal {__version__}")
        raise typer.Exit(0)
    state.debug = debug
    if debug:
        _log_to_stderr()


# One command group per module, one module per line (each exposes ``register(app)``).
_COMMAND_MODULES = (
    "media",
    "edit",
    "render",
    "captions",
    "templates",
    "projects",
    "people",
    "project_versions",
    "word_cuts",
    "assemble",
    "showcase",
    "jobs",
)
for _name in _COMMAND_MODULES:
    importlib.import_module(f"toolkit.cli.{_name}").register(app)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A log handler writing to whatever ``sys.stderr`` is when a line is logged."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def _log_to_stderr() -> None:
    """``--debug``: the library's log (all levels) on stderr, once per process."""
    log = logging.getLogger("toolkit")
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.DEBUG)


def exit_code_for(error: MachmalError) -> int:
    """Map a library error to the CLI's exit code."""
    if isinstance(error, Cancelled):
        return 130
    if isinstance(error, (UserInputError, MediaError)):
        return 2
    return 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code (``--lang`` holds for this
    call only)."""
    with language_scope():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    try:
        code = app(args=argv, prog_name="machmal", standalone_mode=False)
        if isinstance(code, int) and code:  # typer.Exit(n) inside a command
            return code
    except MachmalError as error:
        if state.debug:
            raise
        typer.echo(f"machmal: {error}", err=True)
        return exit_code_for(error)
    except KeyboardInterrupt:
        from toolkit.messages import t

        typer.echo(f"machmal: {t('cli.cancelled')}", err=True)
        return 130
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except Exception as error:  # usage errors of typer's (vendored) click
        if hasattr(error, "show") and hasattr(error, "exit_code"):
            if hasattr(error, "ctx") and type(error).__name__ != "NoArgsIsHelpError":
                typer.echo(usage_text(error), err=True)
            else:
                error.show()
            return int(error.exit_code)
        if type(error).__name__ == "Abort":
            return 130
        raise
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
