"""CLI commands for templates, projects, shot lists and workshop packs.

Thin layer: parse, call :mod:`toolkit.storyboard`, :mod:`toolkit.project` and
:mod:`toolkit.coaching`, print. Errors are raised by the library and mapped by ``main()``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import echo_json, workspace_option
from toolkit.cli._i18n import App
from toolkit.messages import register as register_messages
from toolkit.messages import t, t_count

register_messages({
    "project.cli.created": ("Projekt „{name}“ angelegt: {folder}",
                            "Project '{name}' created: {folder}"),
    "project.cli.take": ("Take {take} für Shot „{shot}“ gespeichert: {file}",
                         "Take {take} saved for shot '{shot}': {file}"),

    "project.cli.written": ("Geschrieben: {path}", "Written: {path}"),
    "project.cli.missing": ("Noch offen: {names}", "Still to fill in: {names}"),
    "project.cli.saved": ("Gespeichert.", "Saved."),
    "project.cli.none": ("Noch keine Projekte in {workspace}.", "No projects yet in {workspace}."),
    "project.cli.bad_pair": ("„{pair}“: bitte als NAME=WERT angeben.",
                             "'{pair}': please give it as NAME=VALUE."),

    "project.cli.header": ("{name}  ({folder}, Fassung {revision})",
                           "{name}  ({folder}, revision {revision})"),
    "project.cli.template": ("Vorlage: {title} ({id} v{version})",
                             "Template: {title} ({id} v{version})"),
    "project.cli.company": ("Firma: {company}   Beruf: {trade}",
                            "Company: {company}   Trade: {trade}"),
    "project.cli.person_row": ("  {name:24} {role:14} Einwilligung: {consent}",
                               "  {name:24} {role:14} Consent: {consent}"),
    "project.cli.consent.yes": ("ja", "yes"),
    "project.cli.consent.no": ("NEIN", "NO"),
    "project.cli.consent.open": ("offen", "open"),
    "project.cli.shot_row": ("  {id:24} {title:32} Takes: {takes}",
                             "  {id:24} {title:32} takes: {takes}"),
    "project.cli.bulk_row": ("{n:>3}  {file}  ({recorded})  →  {shot}",
                             "{n:>3}  {file}  ({recorded})  →  {shot}"),
    "project.cli.bulk_no_time": ("ohne Aufnahmezeit", "no recording time"),
    "project.cli.bulk_none": ("kein Shot frei – nicht gespeichert",
                              "no shot left – not saved"),
    "project.cli.bulk_duplicate": ("schon im Projekt als Take {take} – nicht gespeichert",
                                   "already in the project as take {take} – not saved"),
    "project.cli.bulk_repeat": ("doppelt gewählt – nicht gespeichert",
                                "chosen twice – not saved"),
    "project.cli.bulk_refused": ("Nicht gespeichert: {message}", "Not saved: {message}"),
    "project.cli.bulk_saved.one": ("1 Aufnahme gespeichert.", "1 take saved."),
    "project.cli.bulk_saved.other": ("{count} Aufnahmen gespeichert.", "{count} takes saved."),
    "project.cli.bulk_bad_shot": ("--shot „{pair}“: bitte als DATEINAME=SHOT-ID, z. B. "
                                  "IMG_0412.MOV=hook.",
                                  "--shot '{pair}': please give it as FILENAME=SHOT_ID, e.g. "
                                  "IMG_0412.MOV=hook."),
    "project.cli.bad_date": ("„{value}“ ist kein Datum; bitte JJJJ-MM-TT, z. B. 2025-03-14.",
                             "'{value}' is not a date; please use YYYY-MM-DD, e.g. 2025-03-14."),
})

register_messages({
    "help.project": ("Projekte anlegen, anzeigen und Aufnahmen zuordnen.",
                     "Create and show projects and assign takes."),
    "help.project.new": ("Legt ein neues Projekt aus einer Vorlage an.",
                         "Creates a new project from a template."),
    "help.project.new.name": ("Name des Projekts (Umlaute und Leerzeichen erlaubt).",
                              "Name of the project (umlauts and spaces allowed)."),
    "help.project.company": ("Firmenname ({firma}).", "Company name ({firma})."),
    "help.project.trade": ("Ausbildungsberuf ({beruf}).", "Apprenticeship trade ({beruf})."),
    "help.project.new.brand": ("Brandkit (YAML) mit Logo und Farben.",
                               "Brand kit (YAML) with logo and colours."),
    "help.project.list": ("Listet die Projekte im Arbeitsordner.",
                          "Lists the projects in the workspace."),
    "help.project.show": ("Zeigt ein Projekt: Vorlage, Personen mit Einwilligung, Takes pro Shot.",
                          "Shows a project: template, people with consent, takes per shot."),
    "help.project.set": ("Trägt Firma, Beruf, Bewerbungs-URL, Beschreibung und Platzhalter-Werte "
                         "ein.",
                         "Sets company, trade, application URL, description and placeholder "
                         "values."),
    "help.project.set.values": ("Platzhalter als NAME=WERT, z. B. aufgabe=\"Reifen wechseln\".",
                                "Placeholders as NAME=VALUE, e.g. aufgabe=\"Change a tyre\"."),
    "help.project.set.url": ("Bewerbungs-URL ({url}).", "Application URL ({url})."),
    "help.project.set.cta": ("Aufruf, z. B. „Jetzt bewerben“ ({cta}).",
                             "Call to action, e.g. 'Apply now' ({cta})."),
    "help.project.set.description": ("Beschreibung des Videos (für die Showcase-Seite).",
                                     "Description of the video (for the showcase page)."),
    "help.project.position": ("Trägt den offenen Ausbildungsplatz ein (Beruf, Ort, Beginn, Link "
                              "zum Bewerben).",
                              "Sets the open apprenticeship position (trade, place, start, link "
                              "to apply)."),
    "help.project.position.trade": ("Beruf des Ausbildungsplatzes (leer: der Beruf des "
                                    "Projekts).",
                                    "Trade of the position (empty: the project's trade)."),
    "help.project.position.location": ("Ort, z. B. „Musterstadt“.",
                                       "Place, e.g. 'Musterstadt'."),
    "help.project.position.start": ("Beginn (JJJJ-MM-TT), z. B. 2026-08-01.",
                                    "Start (YYYY-MM-DD), e.g. 2026-08-01."),
    "help.project.position.apply_url": ("Link zum Bewerben (https://… oder mailto:…; leer: die "
                                        "Bewerbungs-URL des Projekts).",
                                        "Link to apply (https://… or mailto:…; empty: the "
                                        "project's application URL)."),
    "help.project.position.clear": ("Vorher alle Angaben löschen.", "Clear all details first."),
    "help.project.add_take": ("Kopiert eine Aufnahme ins Projekt und ordnet sie einem Shot zu.",
                              "Copies a recording into the project and assigns it to a shot."),
    "help.project.add_take.shot": ("ID des Shots (siehe machmal project show).",
                                   "ID of the shot (see machmal project show)."),
    "help.project.add_take.file": ("Aufnahme vom Handy (wird kopiert, nie verändert).",
                                   "Recording from the phone (copied, never changed)."),
    "help.project.add_takes": ("Ordnet viele Aufnahmen auf einmal den Shots ohne Take zu (nach "
                               "Aufnahmezeit, sonst Dateiname) und speichert sie.",
                               "Assigns many recordings at once to the shots without a take (by "
                               "recording time, else file name) and saves them."),
    "help.project.add_takes.files": ("Alle Aufnahmen eines Drehs (werden kopiert, nie "
                                     "verändert).",
                                     "All recordings of a shoot (copied, never changed)."),
    "help.project.add_takes.shot": ("Vorschlag ändern: DATEINAME=SHOT-ID (mehrfach möglich).",
                                    "Change the proposal: FILENAME=SHOT_ID (repeatable)."),
    "help.project.add_takes.dry_run": ("Nur die Zuordnung zeigen, nichts speichern.",
                                       "Only show the assignment, save nothing."),
    "help.shotlist": ("Schreibt die Shotliste eines Projekts als A4-PDF zum Ausdrucken.",
                      "Writes a project's shot list as an A4 PDF for printing."),
    "help.shotlist.out": ("Ziel-PDF, z. B. shotliste.pdf.", "Output PDF, e.g. shotlist.pdf."),
    "help.workshop_pack": ("Schreibt ein Workshop-Paket (Vorlage, Shotliste, Checklisten, "
                           "Lektionen) als ZIP.",
                           "Writes a workshop pack (template, shot list, checklists, lessons) as "
                           "a ZIP."),
    "help.workshop_pack.out": ("Ziel-ZIP, z. B. workshop.zip.", "Output ZIP, e.g. workshop.zip."),
    "help.workshop_pack.url": ("Bewerbungs-Link: mit QR-Code in Shotliste und Paket.",
                               "Application link: with a QR code in the shot list and pack."),
})

project_app = App(help="help.project")


def register(app: typer.Typer) -> None:
    """Add the ``project`` group, ``shotlist`` and ``workshop-pack`` to ``app``."""
    app.add_typer(project_app, name="project")
    app.command("shotlist", help="help.shotlist")(shotlist_cmd)
    app.command("workshop-pack", help="help.workshop_pack")(workshop_pack_cmd)


@project_app.command("new", help="help.project.new")
def project_new_cmd(
    name: str = typer.Argument(..., help="help.project.new.name"),
    template_id: str = typer.Option(..., "--template", help="help.template_id"),
    company: str = typer.Option("", "--company", help="help.project.company"),
    trade: str = typer.Option("", "--trade", help="help.project.trade"),
    brand: Path = typer.Option(None, "--brand", help="help.project.new.brand"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project new NAME --template ID [--company] [--trade] [--brand]``."""
    from toolkit.project import create_project, update_project
    from toolkit.project.brand import apply_brand_kit

    project = create_project(name, template_id, company=company, trade=trade,
                             workspace=workspace)
    if brand is not None:
        update_project(project, lambda p: apply_brand_kit(p, brand, save=False))
    typer.echo(t("project.cli.created", name=project.name, folder=str(project.folder)))


@project_app.command("list", help="help.project.list")
def project_list_cmd(as_json: bool = typer.Option(False, "--json", help="help.json"),
                     workspace: Path = workspace_option()) -> None:
    """``machmal project list [--json]``."""
    from toolkit.project import list_projects, workspace_dir

    rows = [{"name": name, "folder": str(folder)} for name, folder in list_projects(workspace)]
    if as_json:
        echo_json(rows)
    elif not rows:
        typer.echo(t("project.cli.none", workspace=str(workspace_dir(workspace))))
    for row in [] if as_json else rows:
        typer.echo(f"{row['name']:40} {row['folder']}")


@project_app.command("show", help="help.project.show")
def project_show_cmd(name: str = typer.Argument(..., help="help.project_name"),
                     as_json: bool = typer.Option(False, "--json", help="help.json"),
                     workspace: Path = workspace_option()) -> None:
    """``machmal project show NAME [--json]``."""
    from toolkit.project import open_project, project_template
    from toolkit.project.placeholders import missing_placeholders

    project = open_project(name, workspace)
    template = project_template(project)
    shots = [{"id": s.id, "title": str(s.title), "seconds": s.seconds,
              "takes": len(project.shots[s.id].takes) if s.id in project.shots else 0}
             for s in template.shots()]
    missing = missing_placeholders(project, template)
    if as_json:
        echo_json({**project.model_dump(mode="json"), "folder": str(project.folder),
                   "shot_overview": shots, "missing_placeholders": missing})
        return
    typer.echo(t("project.cli.header", name=project.name, folder=project.folder,
                 revision=project.revision))
    typer.echo(t("project.cli.template", title=template.title, id=project.template.id,
                 version=project.template.version))
    typer.echo(t("project.cli.company", company=project.company or "–",
                 trade=project.trade or "–"))
    for person in project.people:
        typer.echo(t("project.cli.person_row", name=person.name, role=person.role,
                     consent=consent_word(person.consent.given)))
    for shot in shots:
        typer.echo(t("project.cli.shot_row", id=shot["id"], title=shot["title"],
                     takes=shot["takes"]))
    if missing:
        typer.echo(t("project.cli.missing", names=", ".join("{" + m + "}" for m in missing)))


@project_app.command("set", help="help.project.set")
def project_set_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    values: list[str] = typer.Argument(None, help="help.project.set.values"),
    company: str = typer.Option(None, "--company", help="help.project.company"),
    trade: str = typer.Option(None, "--trade", help="help.project.trade"),
    url: str = typer.Option(None, "--url", help="help.project.set.url"),
    cta: str = typer.Option(None, "--cta", help="help.project.set.cta"),
    description: str = typer.Option(None, "--description",
                                    help="help.project.set.description"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project set NAME [NAME=VALUE ...] [--company] [--trade] [--url] ...``."""
    from toolkit.errors import UserInputError
    from toolkit.project import Project, update_project
    from toolkit.project.position import set_description

    pairs: dict[str, str] = {}
    for pair in values or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserInputError("project.cli.bad_pair", pair=pair)
        pairs[key.strip()] = value.strip()

    def change(project: Project) -> None:
        project.placeholders.update(pairs)
        for field, value in (("company", company), ("trade", trade)):
            if value is not None:
                setattr(project, field, value.strip())
        if url is not None:
            project.cta.url = url.strip()
        if cta is not None:
            project.cta.text = cta.strip()
        if description is not None:
            set_description(project, description)

    update_project(name, change, workspace=workspace)
    typer.echo(t("project.cli.saved"))


@project_app.command("position", help="help.project.position")
def project_position_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    trade: str = typer.Option(None, "--trade", help="help.project.position.trade"),
    location: str = typer.Option(None, "--location", help="help.project.position.location"),
    start: str = typer.Option(None, "--start", help="help.project.position.start"),
    apply_url: str = typer.Option(None, "--apply-url", help="help.project.position.apply_url"),
    clear: bool = typer.Option(False, "--clear", help="help.project.position.clear"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project position NAME [--trade] [--location] [--start] [--apply-url]``."""
    from toolkit.project import update_project
    from toolkit.project.position import set_position

    when = parse_date(start)
    update_project(name, lambda project: set_position(
        project, trade=trade, location=location, start=when, apply_url=apply_url, clear=clear),
        workspace=workspace)
    typer.echo(t("project.cli.saved"))


@project_app.command("add-take", help="help.project.add_take")
def project_add_take_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    shot_id: str = typer.Argument(..., help="help.project.add_take.shot"),
    file: Path = typer.Argument(..., help="help.project.add_take.file"),
    start: float = typer.Option(None, "--start", help="help.start"),
    end: float = typer.Option(None, "--end", help="help.end"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project add-take NAME SHOT FILE [--start S] [--end S]``."""
    from toolkit.project import find_project_folder
    from toolkit.project.takes import import_take

    folder = find_project_folder(name, workspace)
    take = import_take(folder, shot_id, file, start=start, end=end)
    typer.echo(t("project.cli.take", take=take.id, shot=shot_id,
                 file=str(folder / "media" / take.file)))


@project_app.command("add-takes", help="help.project.add_takes")
def project_add_takes_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    files: list[Path] = typer.Argument(..., help="help.project.add_takes.files"),
    shot: list[str] = typer.Option([], "--shot", help="help.project.add_takes.shot"),
    dry_run: bool = typer.Option(False, "--dry-run", help="help.project.add_takes.dry_run"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project add-takes NAME FILE... [--shot FILE=SHOT] [--dry-run]``."""
    from toolkit.errors import UserInputError
    from toolkit.project import open_project, project_template
    from toolkit.project.bulk import Clip, propose_files, save_files

    fixed: dict[str, str] = {}
    for pair in shot:
        file_name, sep, shot_id = pair.rpartition("=")
        if not sep or not file_name or not shot_id:
            raise UserInputError("project.cli.bulk_bad_shot", pair=pair)
        fixed[file_name] = shot_id
    project = open_project(name, workspace)
    template = project_template(project)
    rows, refused = propose_files(project, files)
    chosen: list[tuple[Clip, str]] = []
    for n, (_file, proposal) in enumerate(rows, 1):
        clip = proposal.clip
        shot_id = fixed.get(clip.name, proposal.shot_id)
        shown = template.shot(shot_id) if shot_id else None
        typer.echo(t("project.cli.bulk_row", n=n, file=clip.name,
                     recorded=(clip.recorded.astimezone().strftime("%Y-%m-%d %H:%M:%S")
                               if clip.recorded else t("project.cli.bulk_no_time")),
                     shot=(f"{shot_id} ({shown.title})" if shown else shot_id
                           or _unassigned(proposal))))
        if shot_id:
            chosen.append((clip, shot_id))
    for error in refused:
        typer.echo(t("project.cli.bulk_refused", message=error), err=True)
    if not dry_run and chosen:
        result = save_files(project, chosen)
        for _, error in result.refused:
            typer.echo(t("project.cli.bulk_refused", message=error), err=True)
        refused += [error for _, error in result.refused]
        typer.echo(t_count("project.cli.bulk_saved", len(result.added)))
    if refused:
        raise typer.Exit(2)


def _unassigned(proposal: Any) -> str:
    if proposal.reason == "in_project":
        return t("project.cli.bulk_duplicate", take=proposal.clip.duplicate_of)
    if proposal.reason == "repeat":
        return t("project.cli.bulk_repeat")
    return t("project.cli.bulk_none")


def shotlist_cmd(
    project_name: str = typer.Argument(..., metavar="PROJECT", help="help.project_name"),
    out: Path = typer.Option(..., "--out", help="help.shotlist.out"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal shotlist PROJECT --out FILE.pdf``."""
    from toolkit.coaching.shotlist import write_shotlist
    from toolkit.project import open_project

    project = open_project(project_name, workspace)
    write_shotlist(project, out)
    typer.echo(t("project.cli.written", path=str(out)))


def workshop_pack_cmd(
    template_id: str = typer.Argument(..., metavar="TEMPLATE", help="help.template_id"),
    out: Path = typer.Option(..., "--out", help="help.workshop_pack.out"),
    url: str = typer.Option(None, "--url", help="help.workshop_pack.url"),
) -> None:
    """``machmal workshop-pack TEMPLATE --out FILE.zip [--url URL]``."""
    from toolkit.coaching.workshop import build_workshop_pack

    build_workshop_pack(template_id, out, url=url)
    typer.echo(t("project.cli.written", path=str(out)))


def consent_word(given: bool | None) -> str:
    """A consent in the message language (``ja``/``yes``, ``NEIN``/``NO``, ``offen``/``open``)."""
    word = {True: "yes", False: "no", None: "open"}[given]
    return t(f"project.cli.consent.{word}")


def parse_date(text: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` as a date (None for no text).

    Raises:
        UserInputError: ``project.cli.bad_date`` for anything else.
    """
    from toolkit.errors import UserInputError

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserInputError("project.cli.bad_date", value=text) from None
