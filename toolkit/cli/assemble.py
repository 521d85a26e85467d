"""CLI of the assembly: ``machmal render`` and the edit choices of a project.

``render`` turns a project's takes into one finished video per platform
(:func:`toolkit.edit.render_project`); ``--plan-only`` prints the plan as JSON and renders
nothing, ``--save-plan FILE`` writes it with its paths relative to FILE; all first say the planned vs actual length and the plan's warnings (a video more than
25 % over the template's length, naming the shots that make it long); ``--plan FILE`` renders a
saved plan exactly as saved (a project's or ``machmal export --save-plan``'s). ``project edit``, ``project verdict``, ``project split`` and
``project range`` save the choices the render reads (order, skipped shots, chosen takes, scores,
split screen, a take's own in/out points).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import (FIT_TEXTS, echo_json, echo_results, fit_option, layout_option,
                                 progress_bar, renamed, saved_plan, workspace_option)
from toolkit.cli.jobs import submit_background
from toolkit.messages import register as register_messages
from toolkit.messages import t

register_messages({
    "render.cli.bad_pair": ("„{pair}“: bitte als SHOT=WERT angeben.",
                            "'{pair}': please give it as SHOT=VALUE."),
    "render.cli.saved": ("Schnitt-Einstellungen gespeichert.", "Edit choices saved."),
    "render.cli.what": ("Was soll gerendert werden? Bitte ein PROJEKT mit --platform angeben, "
                        "oder --plan DATEI.",
                        "What should be rendered? Please give a PROJECT with --platform, or "
                        "--plan FILE."),
    "render.cli.note": ("Hinweis: {text}", "Note: {text}"),
    "render.cli.range": ("{take}: {start:.2f} s bis {end:.2f} s ({how}; Shot geplant: "
                         "{planned:.0f} s)",
                         "{take}: {start:.2f} s to {end:.2f} s ({how}; shot planned: "
                         "{planned:.0f} s)"),
    "render.cli.range.user": ("eigener Ausschnitt", "own range"),
    "render.cli.range.speech": ("automatisch: erstes bis letztes Wort",
                                "automatic: first to last word"),
    "render.cli.range.motion": ("automatisch: lebendigster Abschnitt",
                                "automatic: the liveliest stretch"),
    "render.cli.range.whole": ("ganze Aufnahme", "whole recording"),
    "render.cli.suggested": ("Vorschlag aus dem Ton: Startmarken {a:.2f} s und {b:.2f} s "
                             "(Versatz {lag:+.2f} s, Übereinstimmung {score:.2f}).",
                             "Suggested from the audio: start marks {a:.2f} s and {b:.2f} s "
                             "(offset {lag:+.2f} s, match {score:.2f})."),
})

register_messages({
    "help.render": ("Schneidet die Aufnahmen eines Projekts zum fertigen Video – mit Titel, "
                    "Namen, Timer, Punktestand, Logo und Abspann mit QR-Code – für jede Plattform "
                    "in einem Durchlauf.",
                    "Cuts a project's takes into the finished video – with title, names, timer, "
                    "score, logo and end card with QR code – for every platform in one pass."),
    "help.render.project": ("Name des Projekts (nicht mit --plan).",
                            "Name of the project (not with --plan)."),
    "help.render.platform": ("Plattformen, mit Komma getrennt, z. B. reels,ig-feed-4x5,youtube "
                             "(Liste: machmal presets).",
                             "Platforms, comma-separated, e.g. reels,ig-feed-4x5,youtube (list: "
                             "machmal presets)."),
    "help.render.plan_only": ("Nur den Plan als JSON ausgeben, nichts rendern.",
                              "Only print the plan as JSON, render nothing."),
    "help.render.plan": ("Einen gespeicherten Plan (Ausgabe von --plan-only) genau so rendern; "
                         "Pfade gelten relativ zum Projekt.",
                         "Render a saved plan (output of --plan-only) exactly as saved; paths "
                         "are relative to the project."),
    "help.render.out": ("Zielordner (Standard: <Projektordner>/exports).",
                        "Output folder (default: <project folder>/exports)."),
    "help.render.music": ("Musik unter der Sprache (eigene Datei mit Nutzungsrecht; wird unter "
                          "Sprache abgesenkt und ins Projekt kopiert).",
                          "Music under the speech (your own file with the right to use it; "
                          "ducked under speech and copied into the project)."),
    "help.render.captions": ("Untertitel-Stil: classic, social, box oder YAML-Datei. "
                             "Eingebrannt, dazu SRT/VTT.",
                             "Caption style: classic, social, box or a YAML file. Burned in, "
                             "plus SRT/VTT."),
    "help.render.fit": ("Aufnahmen im vollen Bild. " + FIT_TEXTS[0],
                        "Takes shown full frame. " + FIT_TEXTS[1]),
    "help.render.order": ("Shot-IDs in dieser Reihenfolge.", "Shot IDs in this order."),
    "help.render.skip": ("Optionale Shots auslassen (Komma-Liste).",
                         "Leave out optional shots (comma list)."),
    "help.render.take": ("SHOT=TAKE: andere Aufnahme wählen.", "SHOT=TAKE: choose another take."),
    "help.render.auto_trim": ("Pausen in allen Aufnahmen herausschneiden.",
                              "Cut pauses out of all takes."),
    "help.render.crossfade": ("Kurze Ton-Überblendung an jedem Schnitt (Sekunden, z. B. 0.08; "
                              "Standard: harte Schnitte).",
                              "Short sound crossfade at every cut (seconds, e.g. 0.08; default: "
                              "hard cuts)."),
    "help.render.sound_cues": ("Pfiff, Countdown-Piepen, Gong und Übergangs-Sounds (Standard: "
                               "wie im Projekt gespeichert, sonst an).",
                               "Whistle, countdown beeps, gong and transition sounds (default: "
                               "as saved in the project, else on)."),
    "help.render.scale": ("Größe als Anteil (Vorschau: 0.5).",
                          "Size as a fraction (preview: 0.5)."),
    "help.project.edit": ("Speichert Schnitt-Entscheidungen: Reihenfolge, ausgelassene Shots, "
                          "gewählte Aufnahmen.",
                          "Saves edit choices: order, skipped shots, chosen takes."),
    "help.project.edit.order": ("Shot-IDs in dieser Reihenfolge (leer: wie im Storyboard).",
                                "Shot IDs in this order (empty: as in the storyboard)."),
    "help.project.edit.take": ("SHOT=TAKE: diese Aufnahme verwenden.", "SHOT=TAKE: use this take."),
    "help.project.edit.auto_trim": ("Take-ID, deren Pausen herausgeschnitten werden.",
                                    "Take ID whose pauses are cut out."),
    "help.project.edit.timer": ("SHOT=SEKUNDEN: Rundenzeit.", "SHOT=SECONDS: round time."),
    "help.project.edit.music": ("Musikdatei, wird ins Projekt kopiert (leer: keine).",
                                "Music file, copied into the project (empty: none)."),
    "help.project.edit.crossfade": ("Ton-Überblendung in Sekunden.", "Sound crossfade in seconds."),
    "help.project.edit.sound_cues": ("Sound-Effekte (Pfiff, Countdown, Gong) an oder aus.",
                                     "Sound effects (whistle, countdown, gong) on or off."),
    "help.project.verdict": ("Trägt das Urteil je Runde ein (für den Punktestand im Video).",
                             "Records the verdict of each round (for the score in the video)."),
    "help.project.verdict.rounds": ("RUNDE=SIEGER je Runde (Szenen-ID), Sieger: challenger, "
                                    "defender oder draw.",
                                    "ROUND=WINNER per round (scene ID), winner: challenger, "
                                    "defender or draw."),
    "help.project.split": ("Zeigt zwei Aufnahmen derselben Runde gleichzeitig (Duell im "
                           "geteilten Bild).",
                           "Shows two takes of the same round at once (a duel in split screen)."),
    "help.project.split.shot": ("Shot, der als geteilter Bildschirm läuft.",
                                "Shot that runs as a split screen."),
    "help.project.split.take_a": ("Take oben/links.", "Take at the top/left."),
    "help.project.split.take_b": ("Take unten/rechts.", "Take at the bottom/right."),
    "help.project.split.mark_a": ("Startmarke in Take A (Sekunden).",
                                  "Start mark in take A (seconds)."),
    "help.project.split.mark_b": ("Startmarke in Take B (Sekunden).",
                                  "Start mark in take B (seconds)."),
    "help.project.split.suggest": ("Startmarken aus dem Ton vorschlagen (Startsignal, Klatschen) "
                                   "und übernehmen.",
                                   "Suggest start marks from the sound (start signal, clap) and "
                                   "use them."),
    "help.project.split.seconds": ("Länge des geteilten Abschnitts.",
                                   "Length of the split section."),
    "help.project.range": ("Zeigt oder setzt den Ausschnitt eines Takes, den das Video verwendet "
                           "(ohne Angaben: nur anzeigen; Standard ist automatisch etwa die "
                           "geplante Länge des Shots).",
                           "Shows or sets the part of a take that the video uses (without "
                           "options: only show it; the default is automatically about the shot's "
                           "planned length)."),
    "help.project.range.take": ("Take-ID (siehe machmal project show).",
                                "Take ID (see machmal project show)."),
    "help.project.range.auto": ("Eigenen Ausschnitt löschen: wieder automatisch etwa die geplante "
                                "Länge des Shots (Sprache vom ersten bis zum letzten Wort).",
                                "Drop your own range: automatically about the shot's planned "
                                "length again (speech from the first to the last word)."),
})


def register(app: typer.Typer) -> None:
    """Add ``render`` and the project edit commands to ``app``."""
    from toolkit.cli.projects import project_app

    app.command("render", help="help.render")(render_cmd)
    project_app.command("edit", help="help.project.edit")(project_edit_cmd)
    project_app.command("verdict", help="help.project.verdict")(project_verdict_cmd)
    project_app.command("split", help="help.project.split")(project_split_cmd)
    project_app.command("range", help="help.project.range")(project_range_cmd)


def _pairs(values: list[str] | None) -> dict[str, str]:
    from toolkit.errors import UserInputError

    out: dict[str, str] = {}
    for pair in values or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserInputError("render.cli.bad_pair", pair=pair)
        out[key.strip()] = value.strip()
    return out


def _csv(text: str | None) -> list[str] | None:
    return [p.strip() for p in text.split(",") if p.strip()] if text else None


def render_cmd(
    project: str = typer.Argument(None, help="help.render.project"),
    platform: str = typer.Option(None, "--platform", "-p", help="help.render.platform"),
    plan_only: bool = typer.Option(False, "--plan-only", help="help.render.plan_only"),
    plan_file: Path = typer.Option(None, "--plan", help="help.render.plan"),
    save_plan: Path = typer.Option(None, "--save-plan", help="help.render.save_plan"),
    out: Path = typer.Option(None, "--out", "-o", help="help.render.out"),
    music: Path = typer.Option(None, "--music", help="help.render.music"),
    captions: str = typer.Option(None, "--captions", help="help.render.captions"),
    speech_lang: str = typer.Option(None, "--speech-lang", help="help.speech_lang"),
    lang: str = typer.Option(None, "--lang", hidden=True),
    fit: str = typer.Option("smart", "--fit", help="help.render.fit"),
    speed: str = typer.Option("default", "--speed", help="help.speed"),
    layout: str = typer.Option("auto", "--layout", help="help.layout"),
    order: str = typer.Option(None, "--order", help="help.render.order"),
    skip: str = typer.Option(None, "--skip", help="help.render.skip"),
    take: list[str] = typer.Option(None, "--take", help="help.render.take"),
    auto_trim: bool = typer.Option(None, "--auto-trim/--no-auto-trim",
                                   help="help.render.auto_trim"),
    crossfade: float = typer.Option(None, "--crossfade", help="help.render.crossfade"),
    sound_cues: bool = typer.Option(None, "--sound-cues/--no-sound-cues",
                                    help="help.render.sound_cues"),
    loudness: str = typer.Option("social", "--loudness", help="help.loudness"),
    scale: float = typer.Option(1.0, "--scale", help="help.render.scale"),
    override_by: str = typer.Option(None, "--override-by", help="help.override_by"),
    reason: str = typer.Option(None, "--reason", help="help.reason"),
    as_json: bool = typer.Option(False, "--json", help="help.json_reports"),
    workspace: Path = workspace_option(),
    background: bool = typer.Option(False, "--background", help="help.background"),
) -> None:
    """``machmal render PROJECT -p PLATFORMS [...]`` or ``machmal render --plan FILE``."""
    from toolkit.edit.plan import RenderOptions, load_plan, plan_render

    if plan_file is not None:
        saved = load_plan(plan_file)
        _say_before(saved)
        _render(saved, project or plan_file.stem, as_json)
        return
    if not project or not platform:
        from toolkit.errors import UserInputError

        raise UserInputError("render.cli.what")
    lang = renamed(speech_lang, lang, new="--speech-lang", old="--lang", default="de")
    options = RenderOptions(
        order=_csv(order), skip=tuple(_csv(skip) or ()), takes=_pairs(take),
        auto_trim=auto_trim, captions=captions, language=lang,
        music=_music(project, music, workspace, copy=not plan_only), crossfade=crossfade,
        sound_cues=sound_cues, loudness=None if loudness.lower() == "off" else loudness,
        scale=scale, override_by=override_by, override_reason=reason, mode=fit_option(fit),
        speed=speed, layout=layout_option(layout))
    plan = plan_render(project, platform, options=options, workspace=workspace, out_dir=out)
    _say_before(plan)
    if plan_only:
        typer.echo(plan.model_dump_json(indent=2))
        return
    if save_plan is not None:
        saved_plan(plan, save_plan)
        return
    if background:  # planned first: a bad project is refused at once
        submit_background("render", dict(project=project, platforms=_csv(platform), out_dir=out,
                                         options=dataclasses.asdict(options)), workspace)
        return
    _render(plan, project, as_json)



def _render(plan: Any, label: str, as_json: bool) -> None:
    from toolkit.edit.run import execute_plan

    with progress_bar(label) as bar:
        result = execute_plan(plan, progress=bar)
    if as_json:
        echo_json([f.report.to_dict() for f in result.files])
        return
    echo_results([(f.platform, f.video, f.report) for f in result.files])


def _say_before(plan: Any) -> None:
    """Planned vs actual length and the plan's warnings, on stderr before any rendering."""
    if plan.lengths is not None:
        typer.echo(plan.lengths.summary(), err=True)
    for warning in plan.warnings:
        typer.echo(t("render.cli.note", text=warning), err=True)


def _music(project: str, music: Path | None, workspace: Path | None, *,
           copy: bool) -> str | None:
    """The music bed as the render reads it: copied into the project (``media/music/``, so
    it travels with ``project pack`` and to other machines) unless ``copy`` is False."""
    if music is None:
        return None
    if not copy:
        return str(music.resolve())
    from toolkit.project import open_project
    from toolkit.project.uploads import import_music

    return import_music(open_project(project, workspace), music)


def _save(name: str, workspace: Path | None, change: Any) -> None:
    """Apply ``change`` to the project under its lock (read-modify-write, one revision)."""
    from toolkit.project.store import update_project

    update_project(name, change, workspace=workspace)
    typer.echo(t("render.cli.saved"))


def project_edit_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    order: str = typer.Option(None, "--order", help="help.project.edit.order"),
    skip: str = typer.Option(None, "--skip", help="help.render.skip"),
    take: list[str] = typer.Option(None, "--take", help="help.project.edit.take"),
    auto_trim: list[str] = typer.Option(None, "--auto-trim", help="help.project.edit.auto_trim"),
    timer: list[str] = typer.Option(None, "--timer", help="help.project.edit.timer"),
    music: str = typer.Option(None, "--music", help="help.project.edit.music"),
    crossfade: float = typer.Option(None, "--crossfade", help="help.project.edit.crossfade"),
    sound_cues: bool = typer.Option(None, "--sound-cues/--no-sound-cues",
                                    help="help.project.edit.sound_cues"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project edit NAME [--order] [--skip] [--take SHOT=TAKE] ...``."""
    stored = _music(name, Path(music), workspace, copy=True) if music else music
    def change(project: Any) -> None:
        e = project.edit
        if order is not None:
            e.order = _csv(order)
        if skip is not None:
            e.skip = _csv(skip) or []
        e.takes = {**e.takes, **_pairs(take)}
        if auto_trim:
            e.auto_trim = list(dict.fromkeys([*e.auto_trim, *auto_trim]))
        e.timers = {**e.timers, **{k: float(v) for k, v in _pairs(timer).items()}}
        if music is not None:
            e.music = stored or None
        if crossfade is not None:
            e.crossfade = crossfade
        if sound_cues is not None:
            e.sound_cues = sound_cues
    _save(name, workspace, change)


def project_verdict_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    rounds: list[str] = typer.Argument(..., help="help.project.verdict.rounds"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project verdict NAME ROUND=WINNER ...``."""
    def change(project: Any) -> None:
        project.edit.verdict = {**project.edit.verdict, **_pairs(rounds)}
    _save(name, workspace, change)


def project_split_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    shot: str = typer.Argument(..., help="help.project.split.shot"),
    take_a: str = typer.Argument(..., help="help.project.split.take_a"),
    take_b: str = typer.Argument(..., help="help.project.split.take_b"),
    mark_a: float = typer.Option(None, "--mark-a", help="help.project.split.mark_a"),
    mark_b: float = typer.Option(None, "--mark-b", help="help.project.split.mark_b"),
    suggest: bool = typer.Option(False, "--suggest", help="help.project.split.suggest"),
    seconds: float = typer.Option(None, "--seconds", help="help.project.split.seconds"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project split NAME SHOT TAKE_A TAKE_B [--mark-a] [--mark-b] [--suggest]``."""
    from toolkit.edit.split import set_split

    def change(project: Any) -> None:
        found = set_split(project, shot, take_a, take_b, marks=(mark_a, mark_b),
                          suggest=suggest, seconds=seconds)
        if found is not None:
            typer.echo(t("render.cli.suggested", a=found.mark_a, b=found.mark_b,
                         lag=found.lag, score=found.score))
    _save(name, workspace, change)


def project_range_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    take: str = typer.Argument(..., help="help.project.range.take"),
    start: float = typer.Option(None, "--start", help="help.start"),
    end: float = typer.Option(None, "--end", help="help.end"),
    auto: bool = typer.Option(False, "--auto", help="help.project.range.auto"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project range NAME TAKE [--start S] [--end S] [--auto]``."""
    from toolkit.project.trim_takes import set_take_range

    if auto or start is not None or end is not None:
        _save(name, workspace, lambda p: set_take_range(p, take, None if auto else start,
                                                        None if auto else end))
    _show_range(name, take, workspace)


def _show_range(name: str, take_id: str, workspace: Path | None) -> None:
    from toolkit.project.takes import find_take
    from toolkit.edit.take_range import take_choice
    from toolkit.project import open_project, project_template

    project = open_project(name, workspace)
    shot_id, take = find_take(project, take_id)
    shot = project_template(project).shot(shot_id)
    planned = shot.seconds if shot is not None else None
    choice = take_choice(project, take, planned)
    typer.echo(t("render.cli.range", take=take.id, start=float(choice.start),
                 end=float(choice.end), how=t(f"render.cli.range.{choice.reason}"),
                 planned=float(planned or choice.seconds)))
