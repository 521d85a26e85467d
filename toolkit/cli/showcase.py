"""CLI command ``machmal showcase``: a static site of finished videos and open positions.

Thin layer: parse, call :func:`toolkit.showcase.build_showcase`, print what was included and
what was left out (and why). Errors are raised by the library and mapped by ``main()``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import echo_json, workspace_option
from toolkit.messages import register as register_messages
from toolkit.messages import t

register_messages({
    "showcase.cli.written": ("Showcase geschrieben: {index} – gezeigt: {count}, nicht gezeigt: "
                             "{excluded}.",
                             "Showcase written: {index} – shown: {count}, not shown: {excluded}."),
    "showcase.cli.included": ("  gezeigt: {name} ({platform}){note}",
                              "  shown: {name} ({platform}){note}"),
    "showcase.cli.warning": ("  Hinweis: {text}", "  Note: {text}"),
    "showcase.cli.excluded": ("  nicht gezeigt: {name} – {reason}",
                              "  not shown: {name} – {reason}"),
    "help.showcase": ("Schreibt eine Showcase-Seite: Videos nach Beruf und Betrieb, offene "
                      "Ausbildungsplätze, optional ein Messeprogramm. Funktioniert offline aus "
                      "dem Ordner und auf jedem Webserver.",
                      "Writes a showcase page: videos by trade and company, open apprenticeship "
                      "positions, optionally a fair programme. Works offline from the folder and "
                      "on any web server."),
    "help.showcase.projects": ("Projekte, in der gewünschten Reihenfolge (das erste gezeigte "
                               "steht oben).",
                               "Projects, in the order wanted (the first one shown is at the "
                               "top)."),
    "help.showcase.out": ("Zielordner der Seite (neu, leer oder eine frühere Showcase-Seite).",
                          "Output folder of the page (new, empty or an earlier showcase page)."),
    "help.showcase.title": ("Titel der Seite.", "Title of the page."),
    "help.showcase.fair": ("Messeprogramm (YAML), als Zeitplan mit „Jetzt live“ und „Als "
                           "Nächstes“.",
                           "Fair programme (YAML), shown as a schedule with 'live now' and "
                           "'up next'."),
})


def register(app: typer.Typer) -> None:
    """Add the ``showcase`` command to ``app``."""
    app.command("showcase", help="help.showcase")(showcase_cmd)


def showcase_cmd(
    projects: list[str] = typer.Argument(None, metavar="PROJECT...",
                                         help="help.showcase.projects"),
    out: Path = typer.Option(..., "--out", help="help.showcase.out"),
    title: str = typer.Option(None, "--title", help="help.showcase.title"),
    fair: Path = typer.Option(None, "--fair", help="help.showcase.fair"),
    as_json: bool = typer.Option(False, "--json", help="help.json_result"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal showcase PROJECT... --out DIR [--title] [--fair FILE]``."""
    from toolkit.showcase import build_showcase

    result = build_showcase(projects or [], out, title=title, fair=fair, workspace=workspace)
    if as_json:
        echo_json({
            "out_dir": str(result.out_dir), "index": str(result.index),
            "included": [{"name": i.project.name, "video": str(i.video.video),
                          "platform": i.video.platform, "note": i.note}
                         for i in result.included],
            "excluded": [{"name": e.name, "reason": e.reason, "key": e.key}
                         for e in result.excluded],
            "warnings": result.warnings,
        })
        return
    typer.echo(t("showcase.cli.written", index=str(result.index), count=len(result.included),
                 excluded=len(result.excluded)))
    for item in result.included:
        typer.echo(t("showcase.cli.included", name=item.project.name,
                     platform=item.video.platform, note=f" – {item.note}" if item.note else ""))
    for excluded in result.excluded:
        typer.echo(t("showcase.cli.excluded", name=excluded.name, reason=excluded.reason))
    for warning in result.warnings:
        typer.echo(t("showcase.cli.warning", text=warning))
