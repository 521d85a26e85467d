"""The printable shot list (A4 PDF): cast and consent, a shooting plan by location, the
pre-shoot checklist, then every shot with a frame sketch, texts, running total and tick boxes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from fpdf.enums import XPos, YPos

from toolkit.coaching.pdfdoc import (
    ACCENT,
    FONT,
    GREY,
    INK,
    LIGHT,
    Document,
    hex_rgb,
    write_output,
)
from toolkit.coaching.plan import Person, ShotEntry, ShotPlan, build_plan, plan_for_project
from toolkit.coaching.sketch import draw_frame
from toolkit.storyboard import Template

if TYPE_CHECKING:
    from toolkit.project import Project

SKETCH_W = 26.0
LABEL_W = 24.0
GAP = 6.0
L = {  # label: (de, en)
    "shots": ("Shots", "Shots"), "target": ("Ziel", "Target"), "planned": ("geplant", "planned"),
    "cast": ("Besetzung und Einwilligung", "Cast and consent"),
    "plan": ("Drehplan nach Drehort", "Shooting plan by location"),
    "checklist": ("Vor dem Dreh", "Before the shoot"), "people": ("Personen", "People"),
    "props": ("Requisiten", "Props"), "action": ("Was filmen", "What to film"),
    "who": ("Wer", "Who"), "lines": ("Text", "Lines"), "screen": ("Einblendung", "On screen"),
    "tips": ("Tipps", "Tips"), "purpose": ("Ziel", "Goal"), "scene": ("Szene", "Scene"),
    "where": ("Ort", "Location"), "total": ("gesamt", "total"),
    "optional": ("optional", "optional"), "nobody": ("niemand im Bild", "nobody on screen"),
    "open": ("noch offen", "not cast yet"), "consent_yes": ("Einwilligung: ja", "Consent: yes"),
    "consent_no": ("Einwilligung FEHLT", "Consent MISSING"),
    "length": ("Gesamtlänge", "Total length"), "portrait": ("Hochformat", "Portrait"),
    "landscape": ("Querformat", "Landscape"), "sheet": ("Shotliste", "Shot list"),
    "legend": ("Rot schraffiert: hier liegen die App-Buttons – nichts Wichtiges hinein. "
               "Gestrichelt: Platz für Untertitel.",
               "Red shading: the app's buttons sit here – keep important things out. "
               "Dashed: room for captions."),
}


def label(key: str, lang: str) -> str:
    """A fixed label of the shot list in ``lang``."""
    return L[key][0 if lang == "de" else 1]


def seconds(value: float, lang: str) -> str:
    """``4.0`` -> ``4 s``; ``4.5`` -> ``4,5 s`` (German) / ``4.5 s``."""
    from toolkit.numbers import format_number

    return f"{format_number(value, 0 if float(value).is_integer() else 1, lang=lang)} s"


def quote(text: str, lang: str) -> str:
    """Quote spoken text the German („…“) or English (“…”) way."""
    return f"„{text}“" if lang == "de" else f"“{text}”"


def render_plan(plan: ShotPlan, accent: tuple[int, int, int] = ACCENT,
                logo: Path | None = None) -> bytes:
    """Render a :class:`ShotPlan` as PDF bytes."""
    lang = plan.lang
    pdf = Document(f"{label('sheet', lang)}: {plan.title}",
                   plan.project_line or plan.title, accent)
    pdf.add_page()
    _cover(pdf, plan, logo)
    pdf.add_page()
    pdf.heading(label("shots", lang), 16, space=0)
    _legend(pdf, lang)
    for entry in plan.shots:
        _shot(pdf, entry, lang)
    pdf.ln(2)
    pdf.paragraph(f"{label('length', lang)}: {seconds(plan.total_seconds, lang)} "
                  f"({label('target', lang)} {seconds(plan.target_seconds, lang)})", 11, "B")
    return bytes(pdf.output())


def write_shotlist(project: Project, out: str | os.PathLike[str], lang: str | None = None
                   ) -> Path:
    """Write the shot list of a project (placeholders filled, cast and consent shown).

    Raises:
        UserInputError: The output cannot be written.
    """
    from toolkit.project.brand import logo_path

    plan = plan_for_project(project, lang)
    data = render_plan(plan, hex_rgb(project.brand.primary), logo_path(project))
    return write_output(out, data)


def write_template_shotlist(template: Template, out: str | os.PathLike[str],
                            lang: str | None = None) -> Path:
    """Write the shot list of a bare template (placeholders stay visible)."""
    return write_output(out, render_plan(build_plan(template, lang=lang)))


def _cover(pdf: Document, plan: ShotPlan, logo: Path | None) -> None:
    lang = plan.lang
    if logo is not None:
        pdf.image(str(logo), x=pdf.w - pdf.r_margin - 22, y=pdf.t_margin, w=22, h=22)
    pdf.set_font(FONT, "B", 22)
    pdf.set_text_color(*INK)
    pdf.multi_cell(pdf.content_width - 28, 10, plan.title, align="L", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    if plan.project_line:
        pdf.paragraph(plan.project_line, 11, colour=GREY)
    pdf.ln(2)
    pdf.paragraph(plan.subtitle, 10, width=pdf.content_width - 28)
    pdf.ln(2)
    facts = (f"{len(plan.shots)} {label('shots', lang)} · {label('target', lang)} "
             f"{seconds(plan.target_seconds, lang)} · {label('planned', lang)} "
             f"{seconds(plan.total_seconds, lang)} · "
             + ", ".join(_platform(p) for p in plan.platforms))
    pdf.paragraph(facts, 10, "B", colour=pdf.accent)
    if plan.url:
        _qr(pdf, plan.url)
    _cast(pdf, plan)
    _locations(pdf, plan)
    pdf.heading(label("checklist", lang))
    _grouped_checklist(pdf, plan.checklist)


def _qr(pdf: Document, url: str) -> None:
    """The application link and its QR code (the same code as the video's end card)."""
    import io

    from toolkit.coaching.qr import qr_png

    side = 28.0
    y = pdf.get_y() + 2
    pdf.image(io.BytesIO(qr_png(url)), x=pdf.l_margin, y=y, w=side, h=side)
    pdf.set_xy(pdf.l_margin + side + 4, y + side / 2 - 3)
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*INK)
    pdf.cell(pdf.content_width - side - 4, 6, url)
    pdf.set_xy(pdf.l_margin, y + side + 2)


def _platform(platform: str) -> str:
    from toolkit.storyboard.checks import preset_name

    return preset_name(platform)


def _cast(pdf: Document, plan: ShotPlan) -> None:
    lang = plan.lang
    pdf.heading(label("cast", lang))
    for person in plan.cast:
        pdf.set_font(FONT, "B", 10)
        pdf.set_text_color(*INK)
        pdf.cell(70, 5.5, person.role)
        pdf.set_font(FONT, "", 10)
        pdf.cell(55, 5.5, person.name or label("open", lang))
        if person.name:
            ok = person.consent is True
            pdf.set_text_color(*((30, 120, 50) if ok else ACCENT))
            pdf.set_font(FONT, "B" if not ok else "", 10)
            pdf.cell(0, 5.5, label("consent_yes" if ok else "consent_no", lang))
        pdf.ln(5.5)
    pdf.set_text_color(*INK)


def _locations(pdf: Document, plan: ShotPlan) -> None:
    lang = plan.lang
    pdf.heading(label("plan", lang))
    for group in plan.locations:
        numbers = ", ".join(str(s.number) for s in group.shots)
        length = (seconds(group.seconds, lang) if any(not s.optional for s in group.shots)
                  else label("optional", lang))
        head = f"{group.location}  ({label('shots', lang)} {numbers} · {length})"
        rows = [(label("people", lang), _people(group.people, lang)),
                (label("props", lang), ", ".join(group.props) or "–"),
                (label("shots", lang), " · ".join(f"{s.number} {s.title}" for s in group.shots))]
        height = 6 + sum(_row_height(pdf, v, pdf.content_width - LABEL_W) for _, v in rows)
        if pdf.will_page_break(height):
            pdf.add_page()
        pdf.set_fill_color(*LIGHT)
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(0, 6, head, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)
        for key, value in rows:
            _row(pdf, pdf.l_margin, pdf.content_width, key, value)
        pdf.ln(1.5)


def _grouped_checklist(pdf: Document, items: list[tuple[str, str]]) -> None:
    column = (pdf.content_width - GAP) / 2
    groups: dict[str, list[str]] = {}
    for group, text in items:
        groups.setdefault(group, []).append(text)
    names = list(groups)
    half = (len(names) + 1) // 2
    top = pdf.get_y()
    if pdf.will_page_break(60):
        pdf.add_page()
        top = pdf.get_y()
    bottoms = []
    for col, chunk in enumerate((names[:half], names[half:])):
        pdf.set_xy(pdf.l_margin + col * (column + GAP), top)
        for name in chunk:
            x = pdf.get_x()
            pdf.paragraph(name, 10, "B", width=column)
            pdf.set_x(x)
            pdf.checklist(groups[name], width=column)
            pdf.set_xy(x, pdf.get_y() + 1.5)
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms))


def _legend(pdf: Document, lang: str) -> None:
    pdf.paragraph(label("legend", lang), 8.5, colour=GREY)
    pdf.ln(2)


def _people(people: list[Person], lang: str) -> str:
    if not people:
        return label("nobody", lang)
    return " · ".join(p.label() + ("" if not p.name or p.consent is True
                                   else f" ({label('consent_no', lang)})") for p in people)


def _rows(entry: ShotEntry, lang: str) -> list[tuple[str, str]]:
    rows = [(label("purpose", lang), entry.purpose), (label("action", lang), entry.action),
            (label("who", lang), _people(entry.people, lang))]
    if entry.lines:
        rows.append((label("lines", lang),
                     "\n".join(f"{quote(text, lang)} – {who}" for who, text in entry.lines)))
    if entry.on_screen:
        rows.append((label("screen", lang), "\n".join(f"{k}: {v}" for k, v in entry.on_screen)))
    if entry.props:
        rows.append((label("props", lang), ", ".join(entry.props)))
    if entry.tips:
        rows.append((label("tips", lang), "\n".join(f"{k}: {v}" for k, v in entry.tips)))
    return rows


def _row_height(pdf: Document, value: str, width: float) -> float:
    return pdf.text_height(value, width, 9, line=4.1) + 1.2


def _row(pdf: Document, x: float, width: float, key: str, value: str) -> None:
    y = pdf.get_y()
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*GREY)
    pdf.cell(LABEL_W, 4.1, key)
    pdf.set_xy(x + LABEL_W, y)
    pdf.paragraph(value, 9, width=width - LABEL_W, line=4.1)
    pdf.set_xy(x, pdf.get_y() + 1.2)


def _shot(pdf: Document, entry: ShotEntry, lang: str) -> None:
    x_text = pdf.l_margin + SKETCH_W + GAP
    width = pdf.w - pdf.r_margin - x_text
    rows = _rows(entry, lang)
    text_h = 7 + 5 + sum(_row_height(pdf, v, width - LABEL_W) for _, v in rows)
    text_h += sum(pdf.text_height(c, width - 6, 8.5) + 1 for c in entry.checklist) + 2
    sketch_h = SKETCH_W * (16 / 9 if entry.orientation == "portrait" else 9 / 16) + 10
    if pdf.will_page_break(max(text_h, sketch_h) + 4):
        pdf.add_page()
    top = pdf.get_y()
    draw_frame(pdf, pdf.l_margin, top + 1, SKETCH_W, entry.framing, entry.orientation)
    sketch_bottom = top + 1 + sketch_h - 10
    pdf.set_xy(pdf.l_margin, sketch_bottom + 1)
    pdf.paragraph(f"{entry.framing_label}\n{label(entry.orientation, lang)}", 8,
                  width=SKETCH_W, line=3.6)
    _shot_header(pdf, entry, lang, x_text, width, top)
    pdf.set_xy(x_text, pdf.get_y() + 1.5)
    for key, value in rows:
        _row(pdf, x_text, width, key, value)
    pdf.set_xy(x_text, pdf.get_y() + 0.5)
    pdf.checklist(entry.checklist, width=width, size=8.5)
    bottom = max(pdf.get_y(), top + sketch_h) + 2
    pdf.set_draw_color(*LIGHT)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, bottom, pdf.w - pdf.r_margin, bottom)
    pdf.set_xy(pdf.l_margin, bottom + 3)


def _shot_header(pdf: Document, entry: ShotEntry, lang: str, x: float, width: float,
                 top: float) -> None:
    pdf.set_fill_color(*pdf.accent)
    pdf.rect(x, top + 0.5, 8, 6.5, style="F", round_corners=True, corner_radius=1.2)
    pdf.set_xy(x, top + 0.5)
    pdf.set_font(FONT, "B", 10.5)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(8, 6.5, str(entry.number), align="C")
    timing = (f"{seconds(entry.seconds, lang)} · " +
              (label("optional", lang) if entry.running_total is None
               else f"{label('total', lang)} {seconds(entry.running_total, lang)}"))
    pdf.set_font(FONT, "B", 10)
    timing_w = pdf.get_string_width(timing) + 2
    pdf.set_text_color(*pdf.accent)
    pdf.set_xy(x + width - timing_w, top + 0.5)
    pdf.cell(timing_w, 6.5, timing, align="R")
    pdf.set_xy(x + 10, top + 0.5)
    pdf.set_font(FONT, "B", 12.5)
    pdf.set_text_color(*INK)
    pdf.multi_cell(width - 12 - timing_w, 6.5, entry.title, align="L", new_x=XPos.LEFT,
                   new_y=YPos.NEXT)
    pdf.set_x(x)
    meta = f"{label('scene', lang)}: {entry.scene} · {label('where', lang)}: {entry.location}"
    pdf.paragraph(meta, 8.5, colour=GREY, width=width)
