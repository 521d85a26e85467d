"""CLI of text-based trimming: ``machmal project cut-words PROJECT SHOT``.

Without options it lists the take's words, numbered from 1, with the proposals (fillers,
repeats, false starts) and the words already dropped; ``--drop 3-5,9`` drops exactly those
words, ``--fillers`` adds every proposal, ``--clear`` keeps every word again. Each change is one
project edit (``machmal project undo`` takes it back); the next ``machmal render`` follows it.
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import echo_json, progress_bar, renamed, workspace_option
from toolkit.messages import register, t, t_count
from toolkit.numbers import format_number

register({
    "cut.cli.count.one": ("1 Wort ist gestrichen.", "1 word is dropped."),
    "cut.cli.count.other": ("{count} Wörter sind gestrichen.", "{count} words are dropped."),
    "cut.cli.proposed.one": ("1 Wort wird zum Streichen vorgeschlagen (--fillers übernimmt es).",
                             "1 word is proposed for dropping (--fillers accepts it)."),
    "cut.cli.proposed.other": (
        "{count} Wörter werden zum Streichen vorgeschlagen (--fillers übernimmt sie).",
        "{count} words are proposed for dropping (--fillers accepts them)."),
    "cut.cli.length": ("Es bleiben {kept} s von {total} s der Aufnahme.",
                       "{kept} s of the recording's {total} s remain."),
    "cut.cli.text": ("Text: {text}", "Text: {text}"),
    "cut.cli.dropped": ("gestrichen", "dropped"),
    "help.project.cut_words": (
        "Streicht Wörter aus einer Aufnahme, wie im Transkript: Füllwörter („äh“, „ähm“), "
        "Wiederholungen („ich ich“) und abgebrochene Wörter werden vorgeschlagen. Die Schnitte "
        "liegen in der Stille zwischen den Wörtern; Untertitel und Video folgen ihnen.",
        "Drops words from a take, as in a transcript: fillers ('uh', 'um'), repeats ('I I') "
        "and broken-off words are proposed. The cuts lie in the silence between the "
        "words; captions and video follow them."),
    "help.project.cut_words.shot": ("Shot (dessen gewählte Aufnahme) oder Aufnahme-ID.",
                                    "Shot (its chosen take) or take ID."),
    "help.project.cut_words.drop": ("Diese Wörter streichen (Nummern ab 1, z. B. 3-5,9); ersetzt "
                                    "die bisher gestrichenen.",
                                    "Drop these words (numbers from 1, e.g. 3-5,9); replaces the "
                                    "words dropped so far."),
    "help.project.cut_words.fillers": ("Alle Vorschläge streichen (Füllwörter, Wiederholungen, "
                                       "abgebrochene Wörter).",
                                       "Drop every proposal (fillers, repeats, broken-off "
                                       "words)."),
    "help.project.cut_words.clear": ("Alle Wörter wieder behalten.", "Keep every word again."),
    "help.project.cut_words.speech_lang": ("Gesprochene Sprache, falls erst transkribiert wird "
                                           "(Standard: de).",
                                           "Language spoken, if the take is transcribed first "
                                           "(default: de)."),
})


def register(app: typer.Typer) -> None:
    """Add ``project cut-words`` (the ``project`` group lives in :mod:`toolkit.cli.projects`)."""
    from toolkit.cli.projects import project_app

    project_app.command("cut-words", help="help.project.cut_words")(cut_words_cmd)


def cut_words_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    shot: str = typer.Argument(..., help="help.project.cut_words.shot"),
    drop: str = typer.Option(None, "--drop", help="help.project.cut_words.drop"),
    fillers: bool = typer.Option(False, "--fillers", help="help.project.cut_words.fillers"),
    clear: bool = typer.Option(False, "--clear", help="help.project.cut_words.clear"),
    speech_lang: str = typer.Option(None, "--speech-lang",
                                    help="help.project.cut_words.speech_lang"),
    speech: str = typer.Option(None, "--speech", hidden=True),
    workspace: Path = workspace_option(),
    as_json: bool = typer.Option(False, "--json", help="help.json_result"),
) -> None:
    """``machmal project cut-words PROJECT SHOT [--drop 3-5,9] [--fillers] [--clear]``."""
    from toolkit.takes.take_cuts import cut_words, describe, resolve_take, take_transcript
    from toolkit.captions.word_cuts import parse_word_list
    from toolkit.project import open_project

    language = renamed(speech_lang, speech, new="--speech-lang", old="--speech", default="de")
    project = open_project(name, workspace)
    take = resolve_take(project, shot)
    with progress_bar(take.id) as bar:
        transcript = take_transcript(project, take, transcribe=True, language=language,
                                     progress=bar)
    if drop is not None or fillers or clear:
        indices = parse_word_list(drop, len(transcript.words)) if drop else None
        result = cut_words(name, take.id, drop=[] if clear else indices, fillers=fillers,
                           workspace=workspace)
    else:
        result = describe(take, transcript)
    if as_json:
        echo_json(result.to_dict())
        return
    dropped = set(result.dropped)
    for i, word in enumerate(transcript.words):
        mark = t("cut.cli.dropped") if i in dropped else ""
        reason = t(f"cut.reason.{result.proposed[i]}") if i in result.proposed else ""
        typer.echo(f"{i + 1:>4}  {word.text:<24} {mark:<12} {reason}".rstrip())
    typer.echo(t_count("cut.cli.count", len(dropped)))
    waiting = [i for i in result.proposed if i not in dropped]
    if waiting:
        typer.echo(t_count("cut.cli.proposed", len(waiting)))
    typer.echo(t("cut.cli.length", kept=format_number(result.seconds, 1),
                 total=format_number(take.duration, 1)))
    typer.echo(t("cut.cli.text", text=result.text))
