"""CLI commands for storyboard templates: ``machmal template list|show|lessons|validate``.

Thin layer: parse, call :mod:`toolkit.storyboard` and :mod:`toolkit.coaching`, print. Errors are
raised by the library and mapped by ``main()``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import echo_json
from toolkit.cli._i18n import App
from toolkit.messages import register as register_messages
from toolkit.messages import t

register_messages({
    "project.cli.valid": ("OK: {file} – „{title}“, {shots} Shots, {seconds} s.",
                          "OK: {file} – '{title}', {shots} shots, {seconds} s."),
    "project.cli.template_row": (
        "{id:24} {title:32} {shots:3} Shots  {seconds:>4.0f} s  v{version}",
        "{id:24} {title:32} {shots:3} shots  {seconds:>4.0f} s  v{version}"),
    "project.cli.optional": ("optional", "optional"),
    "project.cli.lessons": ("Trainer-Lektionen: {titles}", "Trainer lessons: {titles}"),
    "help.template": ("Storyboard-Vorlagen anzeigen und prüfen.",
                      "Show and check storyboard templates."),
    "help.template.list": ("Listet alle Vorlagen (ID, Titel, Shots, Länge).",
                           "Lists all templates (ID, title, shots, length)."),
    "help.template.show": ("Zeigt eine Vorlage: Rollen, Szenen und Shots mit Dauer.",
                           "Shows a template: roles, scenes and shots with their length."),
    "help.template.lessons": ("Trainer-Modus: zeigt die Vorlage als Lektionen (Ziel, Beispiel, "
                              "Fehler, Übung).",
                              "Trainer mode: shows the template as lessons (goal, example, "
                              "mistakes, exercise)."),
    "help.template.validate": ("Prüft eine Vorlagendatei und nennt Fehler mit Zeile und Feld.",
                               "Checks a template file and names errors with line and field."),
    "help.template.validate.file": ("YAML-Datei der Vorlage.", "YAML file of the template."),
})

template_app = App(help="help.template")


def register(app: typer.Typer) -> None:
    """Add the ``template`` group to ``app``."""
    app.add_typer(template_app, name="template")


@template_app.command("list", help="help.template.list")
def template_list_cmd(as_json: bool = typer.Option(False, "--json", help="help.json")) -> None:
    """``machmal template list [--json]``."""
    from toolkit.storyboard import list_templates

    rows = [_template_summary(tpl, path) for tpl, path in list_templates()]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        typer.echo(t("project.cli.template_row", **row))


@template_app.command("show", help="help.template.show")
def template_show_cmd(template_id: str = typer.Argument(..., help="help.template_id"),
                      as_json: bool = typer.Option(False, "--json", help="help.json")) -> None:
    """``machmal template show ID [--json]``."""
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


@template_app.command("lessons", help="help.template.lessons")
def template_lessons_cmd(template_id: str = typer.Argument(..., help="help.template_id"),
                         as_json: bool = typer.Option(False, "--json", help="help.json")) -> None:
    """``machmal template lessons ID [--json]``."""
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


@template_app.command("validate", help="help.template.validate")
def template_validate_cmd(file: Path = typer.Argument(..., help="help.template.validate.file")
                          ) -> None:
    """``machmal template validate FILE``."""
    from toolkit.storyboard import load_template

    template = load_template(file)
    typer.echo(t("project.cli.valid", file=str(file), title=str(template.title),
                 shots=len(template.shots()), seconds=f"{template.total_seconds():.0f}"))


def _template_summary(template: Any, path: Path) -> dict[str, Any]:
    return {"id": template.id, "version": template.version, "title": str(template.title),
            "title_en": template.title.get("en"), "shots": len(template.shots()),
            "seconds": template.total_seconds(), "target_seconds": template.target_seconds,
            "platforms": list(template.platforms), "lessons": len(template.lessons),
            "file": str(path)}
