"""CLI commands for the people of a project and their consent: ``machmal project add-person``,
``consent`` and ``check-consent`` (added to the ``project`` group of :mod:`toolkit.cli.projects`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import workspace_option
from toolkit.cli.projects import consent_word, parse_date, project_app
from toolkit.messages import register as register_messages
from toolkit.messages import t

register_messages({
    "project.cli.person": ("{name} ({role}) eingetragen, Einwilligung: {consent}.",
                           "{name} ({role}) added, consent: {consent}."),
    "project.cli.consent_ok": ("Einwilligung vorhanden für: {people}.",
                               "Consent recorded for: {people}."),
    "project.cli.override": ("Ausnahme festgehalten für: {people} (durch {by}).",
                             "Exception recorded for: {people} (by {by})."),
    "project.cli.unassigned": ("Hinweis: Für diese Rollen ist noch niemand eingetragen: {roles}.",
                               "Note: nobody has been cast for these roles yet: {roles}."),
    "project.cli.bad_consent": ("Einwilligung: ja, nein oder offen (nicht „{value}“).",
                                "Consent: yes, no or open (not '{value}')."),
    "help.project.add_person": ("Trägt eine Person mit Rolle und Einwilligung ein.",
                                "Adds a person with a role and consent."),
    "help.project.add_person.person": ("Name der Person, wie er eingeblendet wird.",
                                       "Name of the person as it is shown in the video."),
    "help.project.add_person.role": ("Rolle aus der Vorlage, z. B. challenger.",
                                     "Role from the template, e.g. challenger."),
    "help.project.add_person.consent": ("Einwilligung: ja, nein oder offen (Standard: offen).",
                                        "Consent: yes, no or open (default: open)."),
    "help.project.add_person.note": ("Notiz, z. B. „Formular liegt im Büro“.",
                                     "Note, e.g. 'form is in the office'."),
    "help.project.consent": ("Hält die Einwilligung (ja/nein, Datum, Notiz) einer Person fest.",
                             "Records a person's consent (yes/no, date, note)."),
    "help.project.consent.person": ("Name der Person.", "Name of the person."),
    "help.project.consent.answer": ("ja oder nein.", "yes or no."),
    "help.project.consent.date": ("Datum der Einwilligung (JJJJ-MM-TT).",
                                  "Date of the consent (YYYY-MM-DD)."),
    "help.project.consent.note": ("Notiz.", "Note."),
    "help.project.check_consent": ("Prüft vor dem Veröffentlichen, ob alle sichtbaren Personen "
                                   "eingewilligt haben.",
                                   "Checks before publishing that every visible person has "
                                   "consented."),
    "help.project.check_consent.shot": ("Nur diese Shots prüfen (mehrfach).",
                                        "Check only these shots (repeatable)."),
})


def register(app: typer.Typer) -> None:
    """Add the people commands to the ``project`` group (``app`` is unused)."""
    del app
    project_app.command("add-person", help="help.project.add_person")(add_person_cmd)
    project_app.command("consent", help="help.project.consent")(consent_cmd)
    project_app.command("check-consent", help="help.project.check_consent")(check_consent_cmd)


def add_person_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    person: str = typer.Argument(..., help="help.project.add_person.person"),
    role: str = typer.Option(..., "--role", help="help.project.add_person.role"),
    consent: str = typer.Option("", "--consent", show_default=False,
                                help="help.project.add_person.consent"),
    note: str = typer.Option("", "--note", help="help.project.add_person.note"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project add-person NAME PERSON --role ROLE [--consent yes|no|open]``."""
    from toolkit.project import add_person, update_project

    given = _consent_value(consent)
    added = update_project(name, lambda p: add_person(p, person, role, consent=given, note=note,
                                                      save=False), workspace=workspace)
    typer.echo(t("project.cli.person", name=added.name, role=added.role,
                 consent=consent_word(given)))


def consent_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    person: str = typer.Argument(..., help="help.project.consent.person"),
    answer: str = typer.Argument(..., help="help.project.consent.answer"),
    date: str = typer.Option(None, "--date", help="help.project.consent.date"),
    note: str = typer.Option("", "--note", help="help.project.consent.note"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project consent NAME PERSON yes|no [--date] [--note]``."""
    from toolkit.errors import UserInputError
    from toolkit.project import set_consent, update_project

    given = _consent_value(answer)
    if given is None:
        raise UserInputError("project.cli.bad_consent", value=answer)
    when = parse_date(date)
    found = update_project(name, lambda p: set_consent(p, person, given, date=when, note=note,
                                                       save=False), workspace=workspace)
    typer.echo(t("project.cli.person", name=found.name, role=found.role,
                 consent=consent_word(given)))


def check_consent_cmd(
    name: str = typer.Argument(..., help="help.project_name"),
    shots: list[str] = typer.Option(None, "--shot", help="help.project.check_consent.shot"),
    override_by: str = typer.Option(None, "--override-by", help="help.override_by"),
    reason: str = typer.Option(None, "--reason", help="help.reason"),
    workspace: Path = workspace_option(),
) -> None:
    """``machmal project check-consent NAME [--shot S] [--override-by WHO --reason WHY]``."""
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


def _consent_value(text: str) -> bool | None:
    """``ja``/``yes`` -> True, ``nein``/``no`` -> False, ``offen``/``open``/empty -> None.

    Raises:
        UserInputError: ``project.cli.bad_consent`` for anything else.
    """
    from toolkit.errors import UserInputError

    value = text.strip().lower()
    if value in ("ja", "yes", "j", "y", "true"):
        return True
    if value in ("nein", "no", "n", "false"):
        return False
    if value in ("offen", "open", ""):
        return None
    raise UserInputError("project.cli.bad_consent", value=text)

