"""Every line of the CLI in the message language: help texts come from the catalogue.

Walks every command's ``--help`` in German (the default) and English (``--lang en`` and
``MACHMAL_LANG=en``), and runs a few real project commands in English; all in-process.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer

from toolkit.cli import app, main
from toolkit.messages import _CATALOGUE, is_registered, t

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}")
_GERMAN_LETTERS = re.compile(r"[ÄÖÜäöüß„“]")
_FRAME_WORDS = re.compile(r"Usage:|\[default:|\[required\]|\[env var:|\(deprecated\)|"
                          r"\[OPTIONS\]|COMMAND \[ARGS\]|[─╭] (?:Arguments|Options|Commands) ─")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


@functools.cache
def _german_only_words() -> frozenset[str]:
    """Words of the German texts of the CLI (help and messages) that no English text has."""
    cli = [texts for key, texts in _CATALOGUE.items()
           if key.startswith(("help.", "cli.", "project.cli.", "render.cli."))]
    english = set().union(*(_words(texts[1]) for texts in _CATALOGUE.values()))
    return frozenset(set().union(*(_words(de) for de, _ in cli)) - english)


def _commands() -> list[tuple[tuple[str, ...], object]]:
    """(path, click command) for the root and every command and group below it."""
    found = []

    def walk(path: tuple[str, ...], command: object) -> None:
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk((*path, name), sub)

    walk((), typer.main.get_command(app))
    return found


COMMANDS = _commands()
PATHS = [path for path, _ in COMMANDS]


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # no word is split over two lines


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main([*args, "--help"]) == 0
    return " ".join(capsys.readouterr().out.replace("│", " ").split())


def test_every_help_text_is_a_message_key():
    for path, command in COMMANDS:
        assert is_registered(command.help or ""), (path, command.help)
        for param in command.params:
            if not getattr(param, "hidden", False):
                assert is_registered(param.help or ""), (path, param.name, param.help)


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "machmal" for p in PATHS])
def test_help_is_english_under_lang_en_and_german_by_default(capsys, path):
    command = dict(COMMANDS)[path]
    english = _help(capsys, "--lang", "en", *path)
    assert not _GERMAN_LETTERS.search(english), english
    assert not _words(english) & _german_only_words(), _words(english) & _german_only_words()
    assert _squash(t(command.help, "en")) in english
    assert english.startswith("Usage: machmal")  # typer's frame words as typer has them
    german = _help(capsys, *path)
    assert _squash(t(command.help, "de")) in german
    assert "Diese Hilfe zeigen und beenden." in german and "Optionen" in german
    assert german.startswith(" ".join(("Aufruf: machmal", *path, "[OPTIONEN]"))), german[:80]
    # typer's own frame words (usage, defaults, required, panel titles) are German too
    assert not _FRAME_WORDS.findall(german), _FRAME_WORDS.findall(german)
    if "[default:" in english:
        assert "[Standard:" in german
    if "[required]" in english:
        assert "[Pflicht]" in german


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_machmal_lang_en_in_the_environment_is_enough(capsys, monkeypatch):
    monkeypatch.setenv("MACHMAL_LANG", "en")
    text = _help(capsys, "project", "cut-words")
    assert _squash(t("help.project.cut_words", "en")) in text
    assert not _GERMAN_LETTERS.search(text)


def test_a_deprecation_note_follows_machmal_lang(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MACHMAL_LANG", "en")
    delivered = SimpleNamespace(platform="b", video=tmp_path / "b.mp4",
                                report=SimpleNamespace(checks=[], warnings=[]))
    monkeypatch.setattr("toolkit.products.reformat.reformat", lambda *a, **k: delivered)
    assert main(["reformat", "a.mp4", str(tmp_path / "b.mp4"), "--mode", "pad"]) == 0
    err = capsys.readouterr().err
    assert "Note: --mode is now called --fit" in err and "--fit bars" in err
    assert not _GERMAN_LETTERS.search(err)


@functools.cache
def _german_fragments() -> tuple[str, ...]:
    """The literal parts (8 characters or more) of the CLI's German messages."""
    parts = set()
    for key, (de, en) in _CATALOGUE.items():
        if key.startswith(("cli.", "project.cli.", "render.cli.", "help.")):
            parts.update(p.strip() for p in re.split(r"\{[^}]*\}", de)
                         if len(p.strip()) >= 8 and p.strip() not in en)
    return tuple(parts)


def _english_lines(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["--lang", "en", *args])
    out = capsys.readouterr()
    text = out.out + out.err
    assert not [p for p in _german_fragments() if p in text], (args, text)
    return text


def test_project_commands_speak_english(capsys, tmp_path: Path):
    ws = ["--workspace", str(tmp_path)]
    assert "created" in _english_lines(capsys, "project", "new", "Clip", "--template",
                                       "mach-mal-duell", *ws)
    added = _english_lines(capsys, "project", "add-person", "Clip", "Lena", "--role",
                           "challenger", *ws)
    assert "consent: open" in added
    assert "consent: yes" in _english_lines(capsys, "project", "consent", "Clip", "Lena", "yes",
                                            *ws)
    checked = _english_lines(capsys, "project", "check-consent", "Clip", *ws)
    assert "Note: nobody has been cast" in checked
    assert "Consent: yes" in _english_lines(capsys, "project", "show", "Clip", *ws)
    assert "shots" in _english_lines(capsys, "template", "list")


@pytest.mark.parametrize("lang, words", [("de", "dieselbe Option"), ("en", "the same option")])
def test_an_old_and_a_new_name_together_are_refused_in_the_message_language(capsys, lang,
                                                                           words):
    code = main(["--lang", lang, "loudnorm", "a.mp4", "b.m4a", "--loudness", "social",
                 "--target", "-16"])
    err = capsys.readouterr().err
    assert code == 2 and words in err and "--loudness" in err and "--target" in err


def test_a_bad_message_language_is_named(capsys):
    assert main(["--lang", "fr", "presets"]) == 2
    assert "fr" in capsys.readouterr().err


def test_lang_after_help_still_counts(capsys):
    text = _help(capsys, "--debug", "--lang=en")
    assert _squash(t("help.machmal", "en")) in text and not _GERMAN_LETTERS.search(text)
    assert main(["--help", "--lang", "en"]) == 0
    assert "Show this message and exit." in capsys.readouterr().out


@pytest.mark.parametrize("args, de, en", [
    (["export"], "Es fehlt das Argument 'src'.", "The argument 'src' is missing."),
    (["export", "a.mp4", "-o", "out"], "Es fehlt die Option '--platform'",
     "The option '--platform' / '-p' is missing."),
    (["export", "a.mp4", "--plat", "reels"], "Unbekannte Option --plat. Gemeint: --layout, "
     "--platform?", "Unknown option --plat. Did you mean --layout, --platform?"),
    (["export", "a.mp4", "-p", "reels", "-o", "out", "--start", "abc"],
     "Ungültiger Wert für '--start'", "Invalid value for '--start'"),
    (["expor"], "Unbekannter Befehl „expor“.", "Unknown command 'expor'. Did you mean"),
    (["export", "a.mp4", "-p"], "Die Option -p braucht einen Wert.",
     "The option -p needs a value."),
])
def test_usage_errors_in_the_message_language(capsys, args, de, en):
    assert main(args) == 2
    german = capsys.readouterr().err
    assert de in german and "Hilfe: machmal" in german and "--lang" not in german
    assert main(["--lang", "en", *args]) == 2
    english = capsys.readouterr().err
    assert en in english and "Help: machmal" in english
    assert not _GERMAN_LETTERS.search(english.replace("expor", ""))
