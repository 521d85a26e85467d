"""Workshop packs: one zip a trainer hands to participants of a webinar or workshop.

Contents: the template (YAML, to copy and adapt), the example brand kit, and PDFs – shot list,
checklists and (where the template has them) the trainer lessons – plus a short LIESMICH/README.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from toolkit.resources import templates_dir
from toolkit.coaching.lessons import render_checklists, render_lessons
from toolkit.coaching.pdfdoc import write_output
from toolkit.coaching.plan import build_plan
from toolkit.coaching.shotlist import render_plan
from toolkit.messages import language
from toolkit.storyboard import find_template

BRAND_DIR = templates_dir() / "brand"
NAMES = {
    "de": {"shotlist": "shotliste", "checklist": "checklisten", "lessons": "lektionen",
           "readme": "LIESMICH.txt", "template": "vorlage", "brand": "brandkit"},
    "en": {"shotlist": "shotlist", "checklist": "checklists", "lessons": "lessons",
           "readme": "README.txt", "template": "template", "brand": "brandkit"},
}
README = {
    "de": """Workshop-Paket „{title}“ (machmal)

Inhalt
- {shotlist}: die Shotliste zum Ausdrucken – jeder Shot mit Skizze, Text und Dauer.
- {checklist}: Checkliste vor dem Dreh und Häkchen pro Shot.
{lessons_line}- {template}: die Vorlage als YAML-Datei. Kopieren, anpassen und prüfen mit:
    machmal template validate <datei>
- {brand}/: ein Beispiel-Brandkit (Logo, Farben, Schrift).

Los geht's
1. Shotliste ausdrucken und im Team die Rollen verteilen.
2. Checkliste „Vor dem Dreh“ abhaken – besonders die Einwilligungen.
3. Projekt anlegen: machmal project new "Unser Duell" --template {id}
""",
    "en": """Workshop pack "{title}" (machmal)

Contents
- {shotlist}: the printable shot list – every shot with sketch, lines and length.
- {checklist}: the pre-shoot checklist and tick boxes per shot.
{lessons_line}- {template}: the template as a YAML file. Copy, adapt and check it with:
    machmal template validate <file>
- {brand}/: an example brand kit (logo, colours, font).

Getting started
1. Print the shot list and hand out the roles.
2. Tick off the pre-shoot checklist – especially the consent forms.
3. Create a project: machmal project new "Our duel" --template {id}
""",
}
LESSONS_LINE = {"de": "- {lessons}: die Lektionen aus dem Trainer-Modus mit Übungen.\n",
                "en": "- {lessons}: the trainer-mode lessons with exercises.\n"}


def build_workshop_pack(template_id: str, out: str | os.PathLike[str],
                        lang: str | None = None, url: str | None = None) -> Path:
    """Write the workshop pack of ``template_id`` to ``out`` (atomically).

    With ``url`` (the company's application link) the shot list prints it with its QR code and
    the pack holds ``qr-code.png`` (the same code as the video's end card).

    Returns:
        The zip file.

    Raises:
        TemplateError: Unknown or invalid template.
        UserInputError: The output cannot be written.
    """
    lang = lang or language()
    template, template_file = find_template(template_id)
    names = NAMES[lang]
    plan = build_plan(template, lang=lang)
    plan.url = url or ""
    files = {
        f"{names['shotlist']}-{template.id}.pdf": render_plan(plan),
        f"{names['checklist']}-{template.id}.pdf": render_checklists(template, lang),
    }
    if url:
        from toolkit.coaching.qr import qr_png

        files["qr-code.png"] = qr_png(url, 12)
    if template.lessons:
        files[f"{names['lessons']}-{template.id}.pdf"] = render_lessons(template, lang)
    files[f"{names['template']}-{template.id}.yaml"] = template_file.read_bytes()
    for brand_file in sorted(BRAND_DIR.glob("*")) if BRAND_DIR.is_dir() else []:
        files[f"{names['brand']}/{brand_file.name}"] = brand_file.read_bytes()
    files[names["readme"]] = _readme(template.title.get(lang), template.id, list(files),
                                     lang).encode("utf-8")
    return write_output(out, _zip(f"workshop-{template.id}", files))


def _zip(root: str, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(f"{root}/{name}", data)
    return buffer.getvalue()


def _readme(title: str, template_id: str, files: list[str], lang: str) -> str:
    def first(prefix: str) -> str:
        return next((f for f in files if f.startswith(prefix)), "")

    names = NAMES[lang]
    lessons = first(names["lessons"])
    lessons_line = LESSONS_LINE[lang].format(lessons=lessons) if lessons else ""
    return README[lang].format(
        title=title, id=template_id, shotlist=first(names["shotlist"]),
        checklist=first(names["checklist"]), template=first(names["template"]),
        brand=names["brand"], lessons_line=lessons_line).replace("\n", "\r\n")
