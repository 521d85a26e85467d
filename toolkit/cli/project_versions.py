"""CLI commands for a project's history and for moving projects: ``machmal project history``,
``restore``, ``undo``, ``pack`` and ``unpack`` (added to the ``project`` group of
:mod:`toolkit.cli.projects`).
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import echo_json, workspace_option
from toolkit.cli.projects import project_app
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
    "help.project.history": ("Listet die gespeicherten Fassungen (Zeit, was sich geändert hat), "
                             "neueste zuerst.",
                             "Lists the saved revisions (time, what changed), newest first."),
    "help.project.restore": ("Holt eine frühere Fassung zurück (als neue Fassung; nichts geht "
                             "verloren).",
                             "Brings back an earlier revision (as a new revision; nothing is "
                             "lost)."),
    "help.project.restore.revision": ("Nummer der Fassung (siehe history).",
                                      "Number of the revision (see history)."),
    "help.project.undo": ("Macht die letzte Änderung rückgängig (als neue Fassung).",
                          "Undoes the last change (as a new revision)."),
    "help.project.pack": ("Packt ein Projekt in eine ZIP-Datei (zum Weitergeben oder Umziehen).",
                          "Packs a project into a ZIP file (to pass on or move)."),
    "help.project.pack.out": ("Ziel-ZIP.", "Output ZIP."),
    "help.project.pack.with_media": ("Die Aufnahmen mit einpacken.", "Pack the recordings too."),
    "help.project.unpack": ("Entpackt ein Projektpaket als neues Projekt (geprüft, bevor etwas "
                            "geschrieben wird).",
                            "Unpacks a project pack as a new project (checked before anything is "
                            "written)."),
    "help.project.unpack.archive": ("Projektpaket (von machmal project pack).",
                                    "Project pack (from machmal project pack)."),
    "help.project.unpack.as": ("Unter diesem Namen anlegen (nötig, wenn der Name belegt ist).",
                               "Create it under this name (needed when the name is taken)."),
})


def register(app: typer.Typer) -> None:
    """Add history/restore/undo/pack/unpack to the ``project`` group (``app`` is unused)."""
    del app
    project_app.command("history", help="help.project.history")(history_cmd)
    project_app.command("restore", help="help.project.restore")(restore_cmd)
    project_app.command("undo", help="help.project.undo")(undo_cmd)
    project_app.command("pack", help="help.project.pack")(pack_cmd)
    project_app.command("unpack", help="help.project.unpack")(unpack_cmd)


def history_cmd(name: str = typer.Argument(..., help="help.project_name"),
                as_json: bool = typer.Option(False, "--json", help="help.json"),
                workspace: Path = workspace_option()) -> None:
    """``machmal project history NAME [--json]``: the revisions, newest first."""
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


def restore_cmd(name: str = typer.Argument(..., help="help.project_name"),
                revision: int = typer.Argument(..., help="help.project.restore.revision"),
                workspace: Path = workspace_option()) -> None:
    """``machmal project restore NAME REVISION``."""
    from toolkit.project import restore_revision

    saved = restore_revision(name, revision, workspace)
    typer.echo(t("project.cli.restored", old=revision, new=saved.revision))


def undo_cmd(name: str = typer.Argument(..., help="help.project_name"),
             workspace: Path = workspace_option()) -> None:
    """``machmal project undo NAME``."""
    from toolkit.project import project_history, undo_last_change

    saved = undo_last_change(name, workspace)
    old = project_history(name, workspace)[0].restored_from
    typer.echo(t("project.cli.undone", old=old, new=saved.revision))


def pack_cmd(name: str = typer.Argument(..., help="help.project_name"),
             out: Path = typer.Argument(..., metavar="FILE.zip", help="help.project.pack.out"),
             with_media: bool = typer.Option(False, "--with-media",
                                             help="help.project.pack.with_media"),
             workspace: Path = workspace_option()) -> None:
    """``machmal project pack NAME FILE.zip [--with-media]``."""
    from toolkit.project.pack import pack_project

    result = pack_project(name, out, with_media=with_media, workspace=workspace)
    media = t("project.cli.yes") if with_media else t("project.cli.no")
    typer.echo(t("project.cli.packed", path=str(result.path), files=result.files, media=media))


def unpack_cmd(archive: Path = typer.Argument(..., metavar="FILE.zip",
                                              help="help.project.unpack.archive"),
               as_name: str = typer.Option(None, "--as", help="help.project.unpack.as"),
               workspace: Path = workspace_option()) -> None:
    """``machmal project unpack FILE.zip [--as NAME]``."""
    from toolkit.project.unpack import unpack_project

    project = unpack_project(archive, as_name=as_name, workspace=workspace)
    typer.echo(t("project.cli.unpacked", name=project.name, folder=str(project.folder)))
