"""Trainer mode: a template presented as lessons (goal, good example, common mistakes,
exercise), and the handouts a trainer gives out (lessons PDF, checklist PDF).
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf.enums import XPos, YPos

from toolkit.coaching.checklists import pre_shoot_checklist, shot_checklist
from toolkit.coaching.pdfdoc import FONT, GREY, INK, LIGHT, Document
from toolkit.messages import language
from toolkit.storyboard import Template

L = {
    "lessons": ("Trainer-Modus: Lektionen", "Trainer mode: lessons"),
    "count": ("Lektionen", "lessons"),
    "goal": ("Lernziel", "Goal"), "good": ("Gutes Beispiel", "Good example"),
    "mistakes": ("Häufige Fehler", "Common mistakes"), "exercise": ("Übung", "Exercise"),
    "shots": ("Passende Shots", "Related shots"), "minutes": ("Min.", "min"),
    "notes": ("Notizen", "Notes"), "checklist": ("Checkliste", "Checklist"),
    "before": ("Vor dem Dreh", "Before the shoot"), "per_shot": ("Pro Shot", "Per shot"),
    "total": ("Gesamt", "Total"), "none": ("Für diese Vorlage gibt es noch keine Lektionen.",
                                            "This template has no lessons yet."),
}


def label(key: str, lang: str) -> str:
    """A fixed label of the handouts in ``lang``."""
    return L[key][0 if lang == "de" else 1]


@dataclass
class LessonView:
    """A lesson with every text in one language."""

    number: int
    title: str
    minutes: int
    goal: str
    good_example: str
    mistakes: list[str]
    exercise: str
    shots: list[str]


def lessons_for(template: Template, lang: str | None = None) -> list[LessonView]:
    """The template's lessons in ``lang``, related shots given by their titles."""
    lang = lang or language()
    return [LessonView(
        number=i, title=lesson.title.get(lang), minutes=lesson.minutes,
        goal=lesson.goal.get(lang), good_example=lesson.good_example.get(lang),
        mistakes=[m.get(lang) for m in lesson.mistakes], exercise=lesson.exercise.get(lang),
        shots=[shot.title.get(lang) for sid in lesson.shots
               if (shot := template.shot(sid)) is not None])
        for i, lesson in enumerate(template.lessons, start=1)]


def render_lessons(template: Template, lang: str | None = None) -> bytes:
    """The lessons handout as PDF bytes (one block per lesson, with room for notes)."""
    lang = lang or language()
    title = template.title.get(lang)
    pdf = Document(f"{label('lessons', lang)}: {title}", title)
    pdf.add_page()
    lessons = lessons_for(template, lang)
    total = sum(lesson.minutes for lesson in lessons)
    pdf.heading(f"{label('lessons', lang)} – {title}", 18, space=0)
    pdf.paragraph(f"{len(lessons)} {label('count', lang)} · {label('total', lang)} {total} "
                  f"{label('minutes', lang)}",
                  10, colour=GREY)
    if not lessons:
        pdf.paragraph(label("none", lang), 11)
    for lesson in lessons:
        _lesson(pdf, lesson, lang)
    return bytes(pdf.output())


def _lesson(pdf: Document, lesson: LessonView, lang: str) -> None:
    if pdf.will_page_break(90):
        pdf.add_page()
    pdf.heading(f"{lesson.number}. {lesson.title}  ({lesson.minutes} {label('minutes', lang)})",
                13)
    for key, text in (("goal", lesson.goal), ("good", lesson.good_example)):
        _labelled(pdf, label(key, lang), text)
    _labelled(pdf, label("mistakes", lang), "\n".join(f"– {m}" for m in lesson.mistakes))
    _labelled(pdf, label("exercise", lang), lesson.exercise)
    if lesson.shots:
        _labelled(pdf, label("shots", lang), " · ".join(lesson.shots))
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 5, label("notes", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*LIGHT)
    for _ in range(3):
        y = pdf.get_y() + 6
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_y(y)
    pdf.ln(3)


def _labelled(pdf: Document, key: str, text: str) -> None:
    pdf.set_font(FONT, "B", 9.5)
    pdf.set_text_color(*INK)
    pdf.cell(0, 5, key, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.paragraph(text, 10)
    pdf.ln(1.5)


def render_checklists(template: Template, lang: str | None = None) -> bytes:
    """The checklist handout: pre-shoot list, then the tick boxes of every shot."""
    lang = lang or language()
    title = template.title.get(lang)
    pdf = Document(f"{label('checklist', lang)}: {title}", title)
    pdf.add_page()
    pdf.heading(f"{label('checklist', lang)} – {title}", 18, space=0)
    pdf.heading(label("before", lang), 13)
    group = None
    for item in pre_shoot_checklist(template):
        if item.group.get(lang) != group:
            group = item.group.get(lang)
            pdf.paragraph(group, 10, "B")
        pdf.checklist([item.text.get(lang)])
    pdf.heading(label("per_shot", lang), 13)
    for number, shot in enumerate(template.shots(), start=1):
        items = [i.get(lang) for i in shot_checklist(shot)]
        if pdf.will_page_break(8 + 5 * len(items)):
            pdf.add_page()
        pdf.paragraph(f"{number}. {shot.title.get(lang)}", 10, "B")
        pdf.checklist(items, size=9)
        pdf.ln(1)
    return bytes(pdf.output())
