"""CLI commands of the media engine: probe, ingest, trim, reformat, loudnorm, export."""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import echo_json
from toolkit.messages import register

register({
    "help.probe": ("Zeigt, was eine Datei enthält (Dauer, Größe, Drehung, Bildrate, Ton).",
                   "Shows what a file holds (length, size, rotation, frame rate, sound)."),
    "help.probe.file": ("Video- oder Audiodatei.", "Video or audio file."),
})


def register(app: typer.Typer) -> None:
    """Add the media commands to ``app``."""
    app.command("probe", help="help.probe")(probe_cmd)


def probe_cmd(
    file: Path = typer.Argument(..., help="help.probe.file"),
    as_json: bool = typer.Option(False, "--json", help="help.json"),
) -> None:
    """``machmal probe FILE [--json]``: the file's media info, a field a line."""
    from toolkit.media.probe import probe

    info = probe(file)
    data = info.to_dict()
    if as_json:
        echo_json(data)
        return
    for key in ("path", "container", "duration", "display_width", "display_height",
                "rotation", "vfr", "has_video", "has_audio"):
        typer.echo(f"{key:15} {data[key]}")
