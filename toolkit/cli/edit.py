"""CLI commands of the edit group: ``ingest``, ``trim`` and ``loudnorm``.

Thin layer: parse options, call :mod:`toolkit.media.ingest`, :mod:`toolkit.media.trim` and
:mod:`toolkit.media.loudness`, print a short summary (or JSON). Library errors travel up to
:func:`toolkit.cli.main`, which maps them to one line and an exit code (2 for user errors).
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import echo_json, label, progress_bar, renamed
from toolkit.cli.jobs import submit_background
from toolkit.messages import register, t
from toolkit.numbers import format_number

register({
    "cli.loudness_after": (
        "{label:15} {lufs} LUFS, {peak} dBTP (Ziel {goal} LUFS, <= {goal_peak} dBTP)",
        "{label:15} {lufs} LUFS, {peak} dBTP (target {goal} LUFS, <= {goal_peak} dBTP)",
    ),
    "help.ingest": (
        "Macht eine Handy-Aufnahme schnittfest: dreht das Bild aufrecht, macht die Pixel "
        "quadratisch und die Bildgröße gerade, wandelt variable in konstante Bildrate und den "
        "Ton in 48 kHz. Das Original bleibt unverändert.",
        "Makes a phone recording ready for editing: turns the picture upright, makes the pixels "
        "square and the frame size even, turns a variable frame rate into a constant one and "
        "the sound into 48 kHz. The original stays unchanged."),
    "help.trim": (
        "Schneidet bildgenau zu und entfernt auf Wunsch Stille und Pausen. --start/--end wählen "
        "einen Bereich; --silence schneidet Stille am Anfang und Ende und Pausen ab --min-pause "
        "Sekunden heraus (Jump Cuts) und lässt --margin Sekunden Rand um das Gesprochene.",
        "Trims frame-accurately and, if asked, removes silence and pauses. --start/--end pick a "
        "range; --silence cuts silence at the start and end and pauses of --min-pause seconds "
        "or more (jump cuts) and leaves --margin seconds around the speech."),
    "help.loudnorm": (
        "Gleicht die Lautheit an (EBU R128, zwei Messdurchläufe mit Spitzenbegrenzung). Das "
        "Bild wird unverändert übernommen, der Ton als AAC mit 48 kHz geschrieben und "
        "nachgemessen.",
        "Normalises the loudness (EBU R128, two measuring passes with a peak limiter). The "
        "picture is copied unchanged, the sound written as 48 kHz AAC and measured again."),
    "help.edit.in": ("Eingabedatei (Video oder Ton); sie wird nie verändert.",
                     "Input file (video or sound); it is never changed."),
    "help.edit.out": ("Ausgabedatei (.mp4, .m4a oder .mov); darf nicht die Eingabedatei sein.",
                      "Output file (.mp4, .m4a or .mov); must not be the input file."),
    "help.trim.start": ("Beginn in Sekunden (Standard: Anfang).",
                        "Start in seconds (default: the beginning)."),
    "help.trim.end": ("Ende in Sekunden (Standard: Schluss).",
                      "End in seconds (default: the end)."),
    "help.trim.silence": ("Stille am Anfang und Ende sowie lange Pausen herausschneiden (Jump "
                          "Cuts).",
                          "Cut out silence at the start and end and long pauses (jump cuts)."),
    "help.trim.min_pause": ("Pausen ab dieser Länge (Sekunden) werden geschnitten.",
                            "Pauses of this length (seconds) or longer are cut."),
    "help.trim.margin": ("So viele Sekunden vor und nach dem Sprechen bleiben stehen, damit "
                         "Wortenden nicht abgeschnitten werden.",
                         "This many seconds before and after the speech are kept, so that word "
                         "endings are not cut off."),
    "help.trim.detector": ("vad: erkennt Sprache (robust bei Hintergrundlärm); level: erkennt "
                           "jeden Ton über -35 dB.",
                           "vad: detects speech (robust against background noise); level: "
                           "detects any sound above -35 dB."),
    "help.trim.dry_run": ("Nur die Schnittliste zeigen, nichts schreiben.",
                          "Only show the cut list, write nothing."),
})


def register(app: typer.Typer) -> None:
    """Add the edit commands to ``app``."""
    app.command("ingest", help="help.ingest")(ingest_cmd)
    app.command("trim", help="help.trim")(trim_cmd)
    app.command("loudnorm", help="help.loudnorm")(loudnorm_cmd)


def ingest_cmd(
    src: Path = typer.Argument(..., help="help.edit.in"),
    out: Path = typer.Argument(..., help="help.edit.out"),
    as_json: bool = typer.Option(False, "--json", help="help.json_result"),
    background: bool = typer.Option(False, "--background", help="help.background"),
) -> None:
    """``machmal ingest IN OUT`` (help text: ``help.ingest``)."""
    from toolkit.media.ingest import check_paths, ingest

    if background:
        check_paths(src, out)
        submit_background("ingest", dict(src=src, out=out))
        return

    with progress_bar(out.name) as bar:
        result = ingest(src, out, progress=bar)
    for note in result.warnings:
        typer.echo(f"machmal: {note.message()}", err=True)
    after = result.after.to_dict()
    if as_json:
        echo_json({"path": str(result.path), "fixed": list(result.fixed),
                   "warnings": [n.message() for n in result.warnings],
                   "before": result.before.to_dict(), "after": after})
        return
    v = result.after.video
    typer.echo(str(result.path))
    typer.echo(f"{label('fixed')} {', '.join(result.fixed) or '-'}")
    typer.echo(f"{label('duration')} {after['duration']}")
    if v is not None:
        typer.echo(f"{label('size')} {v.width}x{v.height} @ {v.fps:g} fps")


def trim_cmd(
    src: Path = typer.Argument(..., help="help.edit.in"),
    out: Path = typer.Argument(..., help="help.edit.out"),
    start: float = typer.Option(None, "--start", help="help.trim.start"),
    end: float = typer.Option(None, "--end", help="help.trim.end"),
    silence: bool = typer.Option(False, "--silence", help="help.trim.silence"),
    min_pause: float = typer.Option(0.5, "--min-pause", help="help.trim.min_pause"),
    margin: float = typer.Option(0.2, "--margin", help="help.trim.margin"),
    detector: str = typer.Option("vad", "--detector", help="help.trim.detector"),
    dry_run: bool = typer.Option(False, "--dry-run", help="help.trim.dry_run"),
    as_json: bool = typer.Option(False, "--json", help="help.json_result"),
) -> None:
    """``machmal trim IN OUT [--start S] [--end S] [--silence] ...`` (``help.trim``)."""
    from toolkit.media.ingest import check_paths
    from toolkit.media.probe import probe
    from toolkit.media.trim import plan_trim, render

    check_paths(src, out)
    info = probe(src)
    decision = plan_trim(src, info, start=start, end=end, silence=silence, margin=margin,
                         min_pause=min_pause, method=detector)
    after = None
    if not dry_run:
        with progress_bar(out.name) as bar:
            after = render(decision, out, progress=bar).after
    if as_json:
        echo_json({"path": None if dry_run else str(out), "decision": decision.to_dict(),
                   "duration": round(after.duration, 3) if after else None})
        return
    if not dry_run:
        typer.echo(str(out))
    typer.echo(f"{label('segments')} {len(decision.segments)}")
    for seg in decision.segments:
        typer.echo(f"{'':15} {format_number(seg.start, 3):>8} - {format_number(seg.end, 3):>8} s")
    typer.echo(f"{label('duration')} {format_number(decision.duration, 2)} s "
               f"(-{format_number(decision.removed, 2)} s)")


def loudnorm_cmd(
    src: Path = typer.Argument(..., help="help.edit.in"),
    out: Path = typer.Argument(..., help="help.edit.out"),
    loudness: str = typer.Option(None, "--loudness", help="help.loudness_no_off"),
    target: str = typer.Option(None, "--target", "-t", hidden=True),
    as_json: bool = typer.Option(False, "--json", help="help.json_result"),
) -> None:
    """``machmal loudnorm IN OUT [--loudness ...]`` (help text: ``help.loudnorm``)."""
    from toolkit.media.loudness import normalize, parse_target

    goal = parse_target(renamed(loudness, target, new="--loudness", old="--target",
                                default="social"))
    with progress_bar(out.name) as bar:
        report = normalize(src, out, goal, progress=bar)
    warning = report.warning()
    if warning:
        typer.echo(f"machmal: {warning}", err=True)
    if as_json:
        echo_json(report.to_dict())
        return
    typer.echo(str(report.path))
    typer.echo(f"{label('before')} {format_number(report.before.integrated, 1)} LUFS, "
               f"{format_number(report.before.true_peak, 1)} dBTP")
    typer.echo(t("cli.loudness_after", label=label("after"),
                 lufs=format_number(report.after.integrated, 1),
                 peak=format_number(report.after.true_peak, 1), goal=format_number(goal.i),
                 goal_peak=format_number(goal.tp)))
    typer.echo(f"{label('mode')} {report.normalization_type}"
               f"{' + ' + t('cli.label.limiter') if report.stats.limited else ''}")
