"""The printable shot list and the workshop pack, checked through the PDFs' own text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import pytest

from toolkit.coaching.plan import build_plan, plan_for_project
from toolkit.coaching.shotlist import seconds, write_shotlist, write_template_shotlist
from toolkit.coaching.workshop import build_workshop_pack
from toolkit.errors import UserInputError
from toolkit.project import add_person, create_project, project_template, save_project
from toolkit.storyboard import fill, get_template
from toolkit.storyboard.loader import BUILTIN_DIR

A4_POINTS = (595.28, 841.89)


def _text(data: bytes) -> tuple[str, pypdf.PdfReader]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    ws = tmp_path_factory.mktemp("ws")
    project = create_project("Duell Schlosserei", "mach-mal-duell", company="Schlosserei GROẞ",
                             trade="Metallbauer:in", workspace=ws)
    add_person(project, "Lena Öztürk", "challenger", consent=True)
    add_person(project, "Jürgen Weiß", "defender", consent=None)
    add_person(project, "Ayşe", "host", consent=True)
    project.cta.url = "https://schlosserei-gross.de/azubi"
    project.placeholders.update({"aufgabe": "Gitter schweißen", "zeit": "90 Sekunden",
                                 "einsatz": "Leberkäs für alle"})
    save_project(project)
    return project


@pytest.fixture(scope="module")
def pdf(project, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:  # noqa: ANN001
    out = tmp_path_factory.mktemp("out") / "shotliste.pdf"
    write_shotlist(project, out, lang="de")
    text, _ = _text(out.read_bytes())
    return out, text


def test_pdf_is_a4_with_roboto(pdf: tuple[Path, str]) -> None:
    out, _ = pdf
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) >= 3
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=0.5)
    fonts = {str(f["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].get_object().values()}
    assert fonts and all("Roboto" in name for name in fonts)


def test_every_shot_title_in_order_with_umlauts(project, pdf) -> None:  # noqa: ANN001
    _, text = pdf
    template = project_template(project)
    positions = []
    for shot in template.shots():
        title = shot.title.get("de")
        assert title in text, title
        positions.append(text.index(title, positions[-1] if positions else 0))
    assert positions == sorted(positions)
    assert "Qualitätscheck" in text and "Hände in Aktion" in text


def test_running_totals_are_right(project, pdf) -> None:  # noqa: ANN001
    _, text = pdf
    running = 0.0
    for shot in project_template(project).shots():
        if shot.optional:
            assert f"{seconds(shot.seconds, 'de')} · optional" in text
            continue
        running += shot.seconds
        assert f"{seconds(shot.seconds, 'de')} · gesamt {seconds(running, 'de')}" in text
    assert f"Gesamtlänge: {seconds(running, 'de')}" in text
    assert running == project_template(project).total_seconds()


def test_placeholders_filled_and_german_typography(project, pdf) -> None:  # noqa: ANN001
    _, text = pdf
    hook_line = fill(project_template(project).shot("hook").lines[0].text.de,
                     {"defender_name": "Jürgen Weiß", "aufgabe": "Gitter schweißen"})
    assert f"„{hook_line}“" in text
    assert "„Ich bin Lena Öztürk, 2. Lehrjahr, Metallbauer:in.“" in text
    assert "Schlosserei GROẞ" in text
    assert "Jetzt bewerben: https://schlosserei-gross.de/azubi" in text
    for name in ("{azubi_name}", "{aufgabe}", "{firma}", "{url}", "{defender_name}"):
        assert name not in text


def test_cast_consent_and_shooting_plan(pdf: tuple[Path, str]) -> None:
    _, text = pdf
    assert "Einwilligung FEHLT" in text and "Einwilligung: ja" in text
    plan_part = text[text.index("Drehplan nach Drehort"):text.index("Vor dem Dreh")]
    assert "Werkstatt / Arbeitsplatz" in plan_part and "Vor dem Betrieb" in plan_part
    assert "Stoppuhr" in plan_part and "Jürgen Weiß" in plan_part
    for item in ("Akku", "Flugmodus", "Ansteckmikrofon", "Einwilligungen", "Musikrechte"):
        assert item in text


def test_plan_groups_by_location(project) -> None:  # noqa: ANN001
    plan = plan_for_project(project, lang="de")
    numbers = sorted(n.number for group in plan.locations for n in group.shots)
    assert numbers == list(range(1, len(plan.shots) + 1))
    workshop = next(g for g in plan.locations if g.location == "Werkstatt / Arbeitsplatz")
    assert {p.name for p in workshop.people} == {"Lena Öztürk", "Jürgen Weiß", "Ayşe"}


def test_template_shot_list_in_english_keeps_placeholders(tmp_path: Path) -> None:
    template = get_template("werkstatt-tour")
    out = write_template_shotlist(template, tmp_path / "tour.pdf", lang="en")
    text, _ = _text(out.read_bytes())
    for shot in template.shots():
        assert shot.title.en in text
    assert "{station_1}" in text and "Shooting plan by location" in text
    assert f"Total length: {seconds(template.total_seconds(), 'en')}" in text


def test_unwritable_output_is_a_clear_error(project, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(UserInputError) as caught:
        write_shotlist(project, tmp_path / "fehlt" / "x.pdf")
    assert "fehlt" in str(caught.value)
    assert not (tmp_path / "fehlt").exists()


def test_workshop_pack_contents(tmp_path: Path) -> None:
    out = build_workshop_pack("mach-mal-duell", tmp_path / "workshop.zip", lang="de")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        root = "workshop-mach-mal-duell/"
        assert zf.read(root + "vorlage-mach-mal-duell.yaml") == (
            BUILTIN_DIR / "mach-mal-duell.yaml").read_bytes()
        assert root + "brandkit/logo.png" in names and root + "LIESMICH.txt" in names
        lessons, _ = _text(zf.read(root + "lektionen-mach-mal-duell.pdf"))
        checklists, _ = _text(zf.read(root + "checklisten-mach-mal-duell.pdf"))
        shotlist, _ = _text(zf.read(root + "shotliste-mach-mal-duell.pdf"))
    duel = get_template("mach-mal-duell")
    for lesson in duel.lessons:
        assert lesson.title.de in lessons and lesson.exercise.de[:40] in lessons.replace("\n", " ")
    assert "Häufige Fehler" in lessons and "Übung" in lessons
    assert "Flugmodus" in checklists and duel.shots()[-1].title.de in checklists
    assert "{azubi_name}" in shotlist
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_plan_numbers_match_template() -> None:
    template = get_template("beruf-in-60-sekunden")
    plan = build_plan(template, lang="de")
    assert [e.id for e in plan.shots] == [s.id for s in template.shots()]
    assert plan.total_seconds == template.total_seconds()
    assert plan.shots[-1].running_total == template.total_seconds()
