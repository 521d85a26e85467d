"""CLI commands for a project's history and for moving projects: ``machmal project history``,
``restore``, ``undo``, ``pack`` and ``unpack`` (added to the ``project`` group of
:mod:`toolkit.cli.projects`).
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import echo_json
from toolkit.cli.projects import WORKSPACE_HELP, project_app
from toolkit.messages import register as register_messages
from toolkit.messages import t

register_messages({
    "project.cli.restored": ("Fassung {old} als neue Fassung {new} wiederhergestellt.",
                             "Revision {old} restored as new revision {new}."),
    "project.cli.undone": ("Letzte Änderung rückgängig gemacht (Stand von Fassung {old}, "
                           "gespeichert als Fassung {new}).",
                           "Last change undone (state of revision {old}, saved as revision "
                           "{new})."),
    "project.cli.action.create": ("angelegt", "created"),
    "project.cli.action.edit": ("", ""),
    "project.cli.action.merge": ("zusammengeführt", "merged"),
    "project.cli.action.restore": ("wiederhergestellt aus {rev}", "restored from {rev}"),
    "project.cli.action.undo": ("rückgängig: zurück zu {rev}", "undo: back to {rev}"),
    "project.cli.action.import": ("entpackt", "unpacked"),
    "project.cli.packed": ("Gepackt: {path} ({files} Dateien, Medien: {media}).",
                           "Packed: {path} ({files} files, media: {media})."),
    "project.cli.yes": ("ja", "yes"),
    "project.cli.no": ("nein", "no"),
    "project.cli.unpacked": ("Entpackt als Projekt „{name}“: {folder}",
                             "Unpacked as project '{name}': {folder}"),
})


def register(app: typer.Typer) -> None:
    """Add history/restore/undo/pack/unpack to the ``project`` group (``app`` is unused)."""
    del app
    project_app.command("history")(history_cmd)
    project_app.command("restore")(restore_cmd)
    project_app.command("undo")(undo_cmd)
    project_app.command("pack")(pack_cmd)
    project_app.command("unpack")(unpack_cmd)


def _workspace_option() -> Path:
    return typer.Option(None, "--workspace", help=WORKSPACE_HELP)


def history_cmd(name: str = typer.Argument(..., help="Name des Projekts."),
                as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben."),
                workspace: Path = _workspace_option()) -> None:
    """Listet die gespeicherten Fassungen (Zeit, was sich geändert hat), neueste zuerst."""
    from toolkit.project import project_history

    revisions = project_history(name, workspace)
    if as_json:
        echo_json([{"revision": r.revision, "time": r.time.isoformat(), "action": r.action,
                    "restored_from": r.restored_from, "changes": r.summary()}
                   for r in revisions])
        return
    for rev in revisions:
        action = t(f"project.cli.action.{rev.action}", rev=rev.restored_from)
        what = "; ".join(x for x in (action, rev.summary()) if x)
        when = rev.time.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        typer.echo(f"{rev.revision:5}  {when}  {what}")


def restore_cmd(name: str = typer.Argument(..., help="Name des Projekts."),
                revision: int = typer.Argument(..., help="Nummer der Fassung (siehe history)."),
                workspace: Path = _workspace_option()) -> None:
    """Holt eine frühere Fassung zurück (als neue Fassung; nichts geht verloren)."""
    from toolkit.project import restore_revision

    saved = restore_revision(name, revision, workspace)
    typer.echo(t("project.cli.restored", old=revision, new=saved.revision))


def undo_cmd(name: str = typer.Argument(..., help="Name des Projekts."),
             workspace: Path = _workspace_option()) -> None:
    """Macht die letzte Änderung rückgängig (als neue Fassung)."""
    from toolkit.project import project_history, undo_last_change

    saved = undo_last_change(name, workspace)
    old = project_history(name, workspace)[0].restored_from
    typer.echo(t("project.cli.undone", old=old, new=saved.revision))


def pack_cmd(name: str = typer.Argument(..., help="Name des Projekts."),
             out: Path = typer.Argument(..., metavar="FILE.zip", help="Ziel-ZIP."),
             with_media: bool = typer.Option(False, "--with-media",
                                             help="Die Aufnahmen mit einpacken."),
             workspace: Path = _workspace_option()) -> None:
    """Packt ein Projekt in eine ZIP-Datei (zum Weitergeben oder Umziehen)."""
    from toolkit.project.pack import pack_project

    result = pack_project(name, out, with_media=with_media, workspace=workspace)
    media = t("project.cli.yes") if with_media else t("project.cli.no")
    typer.echo(t("project.cli.packed", path=str(result.path), files=result.files, media=media))


def unpack_cmd(archive: Path = typer.Argument(..., metavar="FILE.zip",
                                              help="Projektpaket (von machmal project pack)."),
               as_name: str = typer.Option(None, "--as", help="Unter diesem Namen anlegen "
                                                               "(nötig, wenn der Name belegt ist)."),
               workspace: Path = _workspace_option()) -> None:
    """Entpackt ein Projektpaket als neues Projekt (geprüft, bevor etwas geschrieben wird)."""
    from toolkit.project.unpack import unpack_project

    project = unpack_project(archive, as_name=as_name, workspace=workspace)
    typer.echo(t("project.cli.unpacked", name=project.name, folder=str(project.folder)))
