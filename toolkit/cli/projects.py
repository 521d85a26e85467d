"""CLI commands for templates, projects, shot lists and workshop packs.

Thin layer: parse, call :mod:`toolkit.storyboard`, :mod:`toolkit.project` and
:mod:`toolkit.coaching`, print. Errors are raised by the library and mapped by ``main()``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import echo_json
from toolkit.messages import register as register_messages
from toolkit.messages import t, t_count

register_messages({
    "project.cli.valid": ("OK: {file} – „{title}“, {shots} Shots, {seconds} s.",
                          "OK: {file} – '{title}', {shots} shots, {seconds} s."),
    "project.cli.created": ("Projekt „{name}“ angelegt: {folder}",
                            "Project '{name}' created: {folder}"),
    "project.cli.take": ("Take {take} für Shot „{shot}“ gespeichert: {file}",
                         "Take {take} saved for shot '{shot}': {file}"),
    "project.cli.person": ("{name} ({role}) eingetragen, Einwilligung: {consent}.",
                           "{name} ({role}) added, consent: {consent}."),
    "project.cli.consent_ok": ("Einwilligung vorhanden für: {people}.",
                               "Consent recorded for: {people}."),
    "project.cli.override": ("Ausnahme festgehalten für: {people} (durch {by}).",
                             "Exception recorded for: {people} (by {by})."),
    "project.cli.unassigned": ("Hinweis: Für diese Rollen ist noch niemand eingetragen: {roles}.",
                               "Note: nobody has been cast for these roles yet: {roles}."),
    "project.cli.written": ("Geschrieben: {path}", "Written: {path}"),
    "project.cli.missing": ("Noch offen: {names}", "Still to fill in: {names}"),
    "project.cli.saved": ("Gespeichert.", "Saved."),
    "project.cli.none": ("Noch keine Projekte in {workspace}.", "No projects yet in {workspace}."),
    "project.cli.bad_pair": ("„{pair}“: bitte als NAME=WERT angeben.",
                             "'{pair}': please give it as NAME=VALUE."),
    "project.cli.bad_consent": ("Einwilligung: ja, nein oder offen (nicht „{value}“).",
                                "Consent: yes, no or open (not '{value}')."),
    "project.cli.template_row": (
        "{id:24} {title:32} {shots:3} Shots  {seconds:>4.0f} s  v{version}",
        "{id:24} {title:32} {shots:3} shots  {seconds:>4.0f} s  v{version}"),
    "project.cli.optional": ("optional", "optional"),
    "project.cli.lessons": ("Trainer-Lektionen: {titles}", "Trainer lessons: {titles}"),
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

WORKSPACE_HELP = "Arbeitsordner mit den Projekten (sonst MACHMAL_WORKSPACE oder der Datenordner)."
template_app = typer.Typer(help="Storyboard-Vorlagen anzeigen und prüfen.", no_args_is_help=True)
project_app = typer.Typer(help="Projekte anlegen, anzeigen und Aufnahmen zuordnen.",
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the template/project commands to ``app``."""
    app.add_typer(template_app, name="template")
    app.add_typer(project_app, name="project")
    app.command("shotlist")(shotlist_cmd)
    app.command("workshop-pack")(workshop_pack_cmd)


def _workspace_option() -> Any:
    return typer.Option(None, "--workspace", help=WORKSPACE_HELP)


@template_app.command("list")
def template_list_cmd(as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben.")
                      ) -> None:
    """Listet alle Vorlagen (ID, Titel, Shots, Länge)."""
    from toolkit.storyboard import list_templates

    rows = [_template_summary(tpl, path) for tpl, path in list_templates()]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        typer.echo(t("project.cli.template_row", **row))


@template_app.command("show")
def template_show_cmd(template_id: str = typer.Argument(..., help="ID der Vorlage."),
                      as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben.")
                      ) -> None:
    """Zeigt eine Vorlage: Rollen, Szenen und Shots mit Dauer."""
    from toolkit.storyboard import find_template

    template, path = find_template(template_id)
    if as_json:
        echo_json({**template.model_dump(mode="json"), "file": str(path),
                   "total_seconds": template.total_seconds()})
        return
    typer.echo(f"{template.title}  ({template.id} v{template.version})")
    typer.echo(str(template.description))
    typer.echo("")
    for role in template.roles:
        typer.echo(f"  {role.id:12} {role.title}")
    running, number = 0.0, 0
    for scene in template.scenes:
        typer.echo(f"\n{scene.title}")
        for shot in scene.shots:
            number += 1
            running += 0 if shot.optional else shot.seconds
            total = t("project.cli.optional") if shot.optional else f"Σ {running:.0f} s"
            typer.echo(f"  {number:2}. {shot.id:24} {shot.title!s:32} {shot.framing:18} "
                       f"{shot.seconds:>3.0f} s  {total}")
    if template.lessons:
        typer.echo("\n" + t("project.cli.lessons",
                             titles=", ".join(str(x.title) for x in template.lessons)))


@template_app.command("lessons")
def template_lessons_cmd(template_id: str = typer.Argument(..., help="ID der Vorlage."),
                         as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben.")
                         ) -> None:
    """Trainer-Modus: zeigt die Vorlage als Lektionen (Ziel, Beispiel, Fehler, Übung)."""
    from dataclasses import asdict

    from toolkit.coaching.lessons import label, lessons_for
    from toolkit.messages import language
    from toolkit.storyboard import get_template

    lessons = lessons_for(get_template(template_id))
    if as_json:
        echo_json([asdict(lesson) for lesson in lessons])
        return
    lang = language()
    if not lessons:
        typer.echo(label("none", lang))
    for lesson in lessons:
        minutes = f"{lesson.minutes} {label('minutes', lang)}"
        typer.echo(f"\n{lesson.number}. {lesson.title} ({minutes})")
        typer.echo(f"   {label('goal', lang)}: {lesson.goal}")
        typer.echo(f"   {label('good', lang)}: {lesson.good_example}")
        typer.echo(f"   {label('mistakes', lang)}:")
        for mistake in lesson.mistakes:
            typer.echo(f"   – {mistake}")
        typer.echo(f"   {label('exercise', lang)}: {lesson.exercise}")


@template_app.command("validate")
def template_validate_cmd(file: Path = typer.Argument(..., help="YAML-Datei der Vorlage.")
                          ) -> None:
    """Prüft eine Vorlagendatei und nennt Fehler mit Zeile und Feld."""
    from toolkit.storyboard import load_template

    template = load_template(file)
    typer.echo(t("project.cli.valid", file=str(file), title=str(template.title),
                 shots=len(template.shots()), seconds=f"{template.total_seconds():.0f}"))


@project_app.command("new")
def project_new_cmd(
    name: str = typer.Argument(..., help="Name des Projekts (Umlaute und Leerzeichen erlaubt)."),
    template_id: str = typer.Option(..., "--template", help="ID der Vorlage."),
    company: str = typer.Option("", "--company", help="Firmenname ({firma})."),
    trade: str = typer.Option("", "--trade", help="Ausbildungsberuf ({beruf})."),
    brand: Path = typer.Option(None, "--brand", help="Brandkit (YAML) mit Logo und Farben."),
    workspace: Path = _workspace_option(),
) -> None:
    """Legt ein neues Projekt aus einer Vorlage an."""
    from toolkit.project import create_project, update_project
    from toolkit.project.brand import apply_brand_kit

    project = create_project(name, template_id, company=company, trade=trade,
                             workspace=workspace)
    if brand is not None:
        update_project(project, lambda p: apply_brand_kit(p, brand, save=False))
    typer.echo(t("project.cli.created", name=project.name, folder=str(project.folder)))


@project_app.command("list")
def project_list_cmd(as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben."),
                     workspace: Path = _workspace_option()) -> None:
    """Listet die Projekte im Arbeitsordner."""
    from toolkit.project import list_projects, workspace_dir

    rows = [{"name": name, "folder": str(folder)} for name, folder in list_projects(workspace)]
    if as_json:
        echo_json(rows)
    elif not rows:
        typer.echo(t("project.cli.none", workspace=str(workspace_dir(workspace))))
    for row in [] if as_json else rows:
        typer.echo(f"{row['name']:40} {row['folder']}")


@project_app.command("show")
def project_show_cmd(name: str = typer.Argument(..., help="Name des Projekts."),
                     as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben."),
                     workspace: Path = _workspace_option()) -> None:
    """Zeigt ein Projekt: Vorlage, Personen mit Einwilligung, Takes pro Shot."""
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
        consent = {True: "yes", False: "no", None: "open"}[person.consent.given]
        typer.echo(t("project.cli.person_row", name=person.name, role=person.role,
                     consent=t(f"project.cli.consent.{consent}")))
    for shot in shots:
        typer.echo(t("project.cli.shot_row", id=shot["id"], title=shot["title"],
                     takes=shot["takes"]))
    if missing:
        typer.echo(t("project.cli.missing", names=", ".join("{" + m + "}" for m in missing)))


@project_app.command("set")
def project_set_cmd(
    name: str = typer.Argument(..., help="Name des Projekts."),
    values: list[str] = typer.Argument(None, help="Platzhalter als NAME=WERT, z. B. "
                                                   "aufgabe=\"Reifen wechseln\"."),
    company: str = typer.Option(None, "--company", help="Firmenname ({firma})."),
    trade: str = typer.Option(None, "--trade", help="Ausbildungsberuf ({beruf})."),
    url: str = typer.Option(None, "--url", help="Bewerbungs-URL ({url})."),
    cta: str = typer.Option(None, "--cta", help="Aufruf, z. B. „Jetzt bewerben“ ({cta})."),
    description: str = typer.Option(None, "--description",
                                    help="Beschreibung des Videos (für die Showcase-Seite)."),
    workspace: Path = _workspace_option(),
) -> None:
    """Trägt Firma, Beruf, Bewerbungs-URL, Beschreibung und Platzhalter-Werte ein."""
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


@project_app.command("position")
def project_position_cmd(
    name: str = typer.Argument(..., help="Name des Projekts."),
    trade: str = typer.Option(None, "--trade", help="Beruf des Ausbildungsplatzes (leer: der "
                                                    "Beruf des Projekts)."),
    location: str = typer.Option(None, "--location", help="Ort, z. B. „Musterstadt“."),
    start: str = typer.Option(None, "--start", help="Beginn (JJJJ-MM-TT), z. B. 2026-08-01."),
    apply_url: str = typer.Option(None, "--apply-url",
                                  help="Link zum Bewerben (https://… oder mailto:…; leer: "
                                       "die Bewerbungs-URL des Projekts)."),
    clear: bool = typer.Option(False, "--clear", help="Vorher alle Angaben löschen."),
    workspace: Path = _workspace_option(),
) -> None:
    """Trägt den offenen Ausbildungsplatz ein (Beruf, Ort, Beginn, Link zum Bewerben)."""
    from toolkit.project import update_project
    from toolkit.project.position import set_position

    when = _date(start)
    update_project(name, lambda project: set_position(
        project, trade=trade, location=location, start=when, apply_url=apply_url, clear=clear),
        workspace=workspace)
    typer.echo(t("project.cli.saved"))


@project_app.command("add-person")
def project_add_person_cmd(
    name: str = typer.Argument(..., help="Name des Projekts."),
    person: str = typer.Argument(..., help="Name der Person, wie er eingeblendet wird."),
    role: str = typer.Option(..., "--role", help="Rolle aus der Vorlage, z. B. challenger."),
    consent: str = typer.Option("offen", "--consent", help="Einwilligung: ja, nein oder offen."),
    note: str = typer.Option("", "--note", help="Notiz, z. B. „Formular liegt im Büro“."),
    workspace: Path = _workspace_option(),
) -> None:
    """Trägt eine Person mit Rolle und Einwilligung ein."""
    from toolkit.project import add_person, update_project

    given = _consent_value(consent)
    added = update_project(name, lambda p: add_person(p, person, role, consent=given, note=note,
                                                      save=False), workspace=workspace)
    typer.echo(t("project.cli.person", name=added.name, role=added.role, consent=consent))


@project_app.command("consent")
def project_consent_cmd(
    name: str = typer.Argument(..., help="Name des Projekts."),
    person: str = typer.Argument(..., help="Name der Person."),
    answer: str = typer.Argument(..., help="ja oder nein."),
    date: str = typer.Option(None, "--date", help="Datum der Einwilligung (JJJJ-MM-TT)."),
    note: str = typer.Option("", "--note", help="Notiz."),
    workspace: Path = _workspace_option(),
) -> None:
    """Hält die Einwilligung (ja/nein, Datum, Notiz) einer Person fest."""
    from toolkit.errors import UserInputError
    from toolkit.project import set_consent, update_project

    given = _consent_value(answer)
    if given is None:
        raise UserInputError("project.cli.bad_consent", value=answer)
    when = _date(date)
    found = update_project(name, lambda p: set_consent(p, person, given, date=when, note=note,
                                                       save=False), workspace=workspace)
    typer.echo(t("project.cli.person", name=found.name, role=found.role, consent=answer))


@project_app.command("check-consent")
def project_check_consent_cmd(
    name: str = typer.Argument(..., help="Name des Projekts."),
    shots: list[str] = typer.Option(None, "--shot", help="Nur diese Shots prüfen (mehrfach)."),
    override_by: str = typer.Option(None, "--override-by",
                                    help="Wer trotz fehlender Einwilligung freigibt."),
    reason: str = typer.Option(None, "--reason", help="Begründung der Ausnahme."),
    workspace: Path = _workspace_option(),
) -> None:
    """Prüft vor dem Veröffentlichen, ob alle sichtbaren Personen eingewilligt haben."""
    from toolkit.project import check_publication_consent, open_project, update_project

    def check(project: Any) -> Any:
        return check_publication_consent(project, shots=shots or None, override_by=override_by,
                                         override_reason=reason, save=False)

    # only an override changes the project; a plain check just reads it
    report = (update_project(name, check, workspace=workspace) if override_by
              else check(open_project(name, workspace)))
    ok = [p for p in report.visible if p not in report.overridden]
    typer.echo(t("project.cli.consent_ok", people=", ".join(ok) or "–"))
    if report.overridden:
        typer.echo(t("project.cli.override", people=", ".join(report.overridden),
                     by=override_by))
    if report.unassigned_roles:
        typer.echo(t("project.cli.unassigned", roles=", ".join(report.unassigned_roles)))


@project_app.command("add-take")
def project_add_take_cmd(
    name: str = typer.Argument(..., help="Name des Projekts."),
    shot_id: str = typer.Argument(..., help="ID des Shots (siehe machmal project show)."),
    file: Path = typer.Argument(..., help="Aufnahme vom Handy (wird kopiert, nie verändert)."),
    start: float = typer.Option(None, "--start", help="Startpunkt in Sekunden."),
    end: float = typer.Option(None, "--end", help="Endpunkt in Sekunden."),
    workspace: Path = _workspace_option(),
) -> None:
    """Kopiert eine Aufnahme ins Projekt und ordnet sie einem Shot zu."""
    from toolkit.project import find_project_folder
    from toolkit.project.takes import import_take

    folder = find_project_folder(name, workspace)
    take = import_take(folder, shot_id, file, start=start, end=end)
    typer.echo(t("project.cli.take", take=take.id, shot=shot_id,
                 file=str(folder / "media" / take.file)))


@project_app.command("add-takes")
def project_add_takes_cmd(
    name: str = typer.Argument(..., help="Name des Projekts."),
    files: list[Path] = typer.Argument(..., help="Alle Aufnahmen eines Drehs (werden kopiert, "
                                                 "nie verändert)."),
    shot: list[str] = typer.Option([], "--shot", help="Vorschlag ändern: DATEINAME=SHOT-ID "
                                                      "(mehrfach möglich)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Nur die Zuordnung zeigen, nichts "
                                                          "speichern."),
    workspace: Path = _workspace_option(),
) -> None:
    """Ordnet viele Aufnahmen auf einmal den Shots ohne Take zu (nach Aufnahmezeit, sonst
    Dateiname) und speichert sie."""
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
    project_name: str = typer.Argument(..., metavar="PROJECT", help="Name des Projekts."),
    out: Path = typer.Option(..., "--out", help="Ziel-PDF, z. B. shotliste.pdf."),
    workspace: Path = _workspace_option(),
) -> None:
    """Schreibt die Shotliste eines Projekts als A4-PDF zum Ausdrucken."""
    from toolkit.coaching.shotlist import write_shotlist
    from toolkit.project import open_project

    project = open_project(project_name, workspace)
    write_shotlist(project, out)
    typer.echo(t("project.cli.written", path=str(out)))


def workshop_pack_cmd(
    template_id: str = typer.Argument(..., metavar="TEMPLATE", help="ID der Vorlage."),
    out: Path = typer.Option(..., "--out", help="Ziel-ZIP, z. B. workshop.zip."),
    url: str = typer.Option(None, "--url", help="Bewerbungs-Link: mit QR-Code in Shotliste "
                                                "und Paket."),
) -> None:
    """Schreibt ein Workshop-Paket (Vorlage, Shotliste, Checklisten, Lektionen) als ZIP."""
    from toolkit.coaching.workshop import build_workshop_pack

    build_workshop_pack(template_id, out, url=url)
    typer.echo(t("project.cli.written", path=str(out)))


def _template_summary(template: Any, path: Path) -> dict[str, Any]:
    return {"id": template.id, "version": template.version, "title": str(template.title),
            "title_en": template.title.get("en"), "shots": len(template.shots()),
            "seconds": template.total_seconds(), "target_seconds": template.target_seconds,
            "platforms": list(template.platforms), "lessons": len(template.lessons),
            "file": str(path)}


def _consent_value(text: str) -> bool | None:
    from toolkit.errors import UserInputError

    value = text.strip().lower()
    if value in ("ja", "yes", "j", "y", "true"):
        return True
    if value in ("nein", "no", "n", "false"):
        return False
    if value in ("offen", "open", ""):
        return None
    raise UserInputError("project.cli.bad_consent", value=text)


def _date(text: str | None) -> dt.date | None:
    from toolkit.errors import UserInputError

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserInputError("project.cli.bad_date", value=text) from None
