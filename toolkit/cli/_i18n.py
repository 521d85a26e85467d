"""Help texts of the ``machmal`` command in the message language.

Every help text of a command, argument or option is a message *key* of the catalogue
(:mod:`toolkit.messages`), registered next to the command with its German and English text::

    register({"help.probe": ("Zeigt, was eine Datei enthält …", "Shows what a file holds …")})
    app.command("probe", help="help.probe")(probe_cmd)

Typer turns its apps into click commands on every call; :class:`LocalisedCommand` and
:class:`LocalisedGroup` put the texts in only when help is shown (``--help``, or a group
called without a command), so the language is the one chosen for this call: the global
``--lang`` (the root group reads it from its own arguments before parsing them, so
``machmal --help --lang en`` is English too) or ``MACHMAL_LANG``. :class:`App` is a
:class:`typer.Typer` whose groups and commands are these classes.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from toolkit.messages import SUPPORTED, is_registered, register, set_language, t

register({
    "help.option.help": ("Diese Hilfe zeigen und beenden.", "Show this message and exit."),
    "help.panel.arguments": ("Argumente", "Arguments"),
    "help.panel.options": ("Optionen", "Options"),
    "help.panel.commands": ("Befehle", "Commands"),
    "help.frame.usage": ("Aufruf:", "Usage:"),
    "help.frame.options": ("[OPTIONEN]", "[OPTIONS]"),
    "help.frame.command": ("BEFEHL [ARGUMENTE]...", "COMMAND [ARGS]..."),
    "help.frame.default": ("[Standard: {}]", "[default: {}]"),
    "help.frame.required": ("[Pflicht]", "[required]"),
    "help.frame.envvar": ("[Umgebungsvariable: {}]", "[env var: {}]"),
    "help.frame.deprecated": ("(veraltet) ", "(deprecated) "),
    "help.frame.error": ("Fehler", "Error"),
    "help.frame.aborted": ("Abgebrochen.", "Aborted."),
    "cli.usage.missing_argument": ("Es fehlt das Argument {name}.",
                                   "The argument {name} is missing."),
    "cli.usage.missing_option": ("Es fehlt die Option {name}.", "The option {name} is missing."),
    "cli.usage.no_such_option": ("Unbekannte Option {name}.", "Unknown option {name}."),
    "cli.usage.similar": ("Gemeint: {names}?", "Did you mean {names}?"),
    "cli.usage.bad_value": ("Ungültiger Wert für {name} (erwartet: {type}).",
                            "Invalid value for {name}: {detail}"),
    "cli.usage.needs_value": ("Die Option {name} braucht einen Wert.",
                              "The option {name} needs a value."),
    "cli.usage.no_such_command": ("Unbekannter Befehl „{name}“.", "Unknown command '{name}'."),
    "cli.usage.missing_command": ("Bitte einen Befehl angeben.", "Please give a command."),
    "cli.usage.help": ("Hilfe: {command} --help", "Help: {command} --help"),
})


def text(value: str | None) -> str | None:
    """``value`` in the active language if it is a message key, else unchanged."""
    return t(value) if value and is_registered(value) else value


_FRAME = {"DEFAULT_STRING": "help.frame.default", "REQUIRED_LONG_STRING": "help.frame.required",
          "ENVVAR_STRING": "help.frame.envvar", "DEPRECATED_STRING": "help.frame.deprecated",
          "ARGUMENTS_PANEL_TITLE": "help.panel.arguments",
          "OPTIONS_PANEL_TITLE": "help.panel.options",
          "COMMANDS_PANEL_TITLE": "help.panel.commands", "ERRORS_PANEL_TITLE": "help.frame.error",
          "ABORTED_TEXT": "help.frame.aborted"}
"""typer's own words around the help (module constants of :mod:`typer.rich_utils`, read when
help is drawn) -> their message keys."""


def frame_words() -> None:
    """Set typer's frame words (``[default: …]``, ``[required]``, panel titles …) to the
    active language (typer reads them when it draws help or an error)."""
    from typer import rich_utils

    for name, key in _FRAME.items():
        setattr(rich_utils, name, t(key))


def localise(command: Any, ctx: Any) -> None:
    """Put the active language's texts into ``command``'s help, its parameters and (for a
    group) its commands' one-line help, in place (typer builds them anew on every call), and
    typer's own frame words (:func:`frame_words`)."""
    frame_words()
    _localise_one(command, ctx)
    for sub in getattr(command, "commands", {}).values():
        _localise_one(sub, None)
        sub.rich_help_panel = sub.rich_help_panel or t("help.panel.commands")


def _localise_one(command: Any, ctx: Any) -> None:
    for name in ("help", "short_help", "epilog"):
        setattr(command, name, text(getattr(command, name, None)))
    params = list(command.params)
    if ctx is not None and (option := command.get_help_option(ctx)) is not None:
        option.help = t("help.option.help")
        params.append(option)
    for param in params:
        param.help = text(getattr(param, "help", None))
        panel = "help.panel.arguments" if param.param_type_name == "argument" else (
            "help.panel.options")
        param.rich_help_panel = getattr(param, "rich_help_panel", None) or t(panel)


def usage_text(error: Any) -> str:
    """A usage error of typer's click (missing argument, unknown option, bad value …) in the
    message language: ``machmal: …`` and a line naming the command's help."""
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "machmal"
    return f"machmal: {_usage_problem(error, ctx)}\n{t('cli.usage.help', command=command)}"


def _usage_problem(error: Any, ctx: Any) -> str:
    name = type(error).__name__
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None) or (param.get_error_hint() if param else "")
    if name == "MissingParameter":
        kind = "argument" if getattr(error, "param_type", None) == "argument" or (
            param is not None and param.param_type_name == "argument") else "option"
        return t(f"cli.usage.missing_{kind}", name=hint)
    if name == "NoSuchOption":
        hidden = {o for p in (ctx.command.params if ctx else ()) if getattr(p, "hidden", False)
                  for o in p.opts}
        similar = sorted(set(getattr(error, "possibilities", None) or ()) - hidden)
        return " ".join([t("cli.usage.no_such_option", name=error.option_name)] + (
            [t("cli.usage.similar", names=", ".join(similar))] if similar else []))
    if name == "BadParameter" and hint:
        shown = param.display_type(ctx) if param is not None and ctx is not None else "?"
        return t("cli.usage.bad_value", name=hint, detail=error.message, type=shown)
    if name == "BadOptionUsage" and error.message.endswith("requires an argument."):
        return t("cli.usage.needs_value", name=error.option_name)
    if error.message == "Missing command.":
        return t("cli.usage.missing_command")
    unknown = re.fullmatch(r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?", error.message)
    if unknown:
        similar = unknown.group(2)
        return " ".join([t("cli.usage.no_such_command", name=unknown.group(1))] + (
            [t("cli.usage.similar", names=similar)] if similar else []))
    return str(error.format_message())


def usage_line(usage: str) -> str:
    """click's ``Usage: PROG [OPTIONS] COMMAND [ARGS]...`` line with its words in the active
    language."""
    word = "Usage:"
    if usage.startswith(word):
        usage = t("help.frame.usage") + usage[len(word):]
    return (usage.replace(" [OPTIONS]", " " + t("help.frame.options"))
            .replace(" COMMAND [ARGS]...", " " + t("help.frame.command")))


class LocalisedCommand(TyperCommand):
    """A typer command whose help texts are message keys (see the module docstring)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The help in the active language."""
        localise(self, ctx)
        super().format_help(ctx, formatter)

    def get_usage(self, ctx: Any) -> str:
        """The usage line in the active language."""
        return usage_line(super().get_usage(ctx))


class LocalisedGroup(TyperGroup):
    """A typer group whose help texts, and its commands' one-line help, are message keys."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """The root group first takes the message language from its own ``--lang``."""
        if ctx.parent is None:
            early_language(args)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The help in the active language."""
        localise(self, ctx)
        super().format_help(ctx, formatter)

    def get_usage(self, ctx: Any) -> str:
        """The usage line in the active language."""
        return usage_line(super().get_usage(ctx))


def early_language(args: list[str]) -> None:
    """Set the message language from a ``--lang de|en`` among the root options in ``args``
    (before the command's name); a bad value is left to the option itself to refuse."""
    for i, arg in enumerate(args):
        if not arg.startswith("-"):
            return
        value = (args[i + 1] if arg == "--lang" and i + 1 < len(args)
                 else arg.partition("=")[2] if arg.startswith("--lang=") else None)
        if value in SUPPORTED:
            set_language(value)


class App(typer.Typer):
    """A :class:`typer.Typer` whose groups and commands show their help in the message
    language (help texts are message keys)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", LocalisedGroup)
        kwargs.setdefault("no_args_is_help", True)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: Any = None,  # type: ignore[override]
                **kwargs: Any) -> Any:
        """:meth:`typer.Typer.command`, a :class:`LocalisedCommand` unless ``cls`` is given."""
        return super().command(name, cls=cls or LocalisedCommand, **kwargs)
