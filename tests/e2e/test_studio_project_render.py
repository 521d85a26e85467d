"""A company's whole way through the studio in a real browser, to the finished duel video.

Start a project from the duel template (company, trade), fill the placeholders and the
application link, add the three people with their consent, upload a phone clip to every
required shot through the file input (a real German sentence for the hook, 1 s tone clips for
the rest), choose the caption style, render the WHOLE project as a quick preview (a third of the
size) and watch its progress, then download the video and its SRT. Checked is what the user
gets: the served files are the rendered ones, the video plays to its end, lasts as long as the
rendered timeline and has picture and sound, the spoken words are in the SRT and burned into
the picture while they are spoken, and the check report is on the page. Any browser console
error fails the test; every wait is a condition, never a fixed sleep.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from shared_paths import SHARED_MEDIA
from studio_steps import choose, create_project, download, nav, settle, upload_take

NAME = "Duell Schreinerei E2E"
COMPANY = "Schreinerei Holzwurm"
PEOPLE = (("Lena", "Herausforderer:in (Azubi)"), ("Jürgen", "Titelverteidiger:in (Ausbilder:in)"),
          ("Aylin", "Schiri / Moderation"))
VALUES = {"Die Duell-Aufgabe (kurz)": "Schubkasten bauen", "Zeitlimit pro Runde": "60 Sekunden",
          "Einsatz für die Verlierer:in": "Frühstück für alle",
          "Bewerbungs-Link (URL)": "https://example.org/ausbildung"}
SPEECH = SHARED_MEDIA / "speech_de" / "cheetah_test_de.wav"  # "Die Werbung vermittelt …"
STYLE = "box"  # shown as "Box"
BACKGROUND = (32, 64, 96)
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.model]


@pytest.fixture()
def speech_clip(tmp_path: Path) -> Path:
    """A 360x640 phone-style clip: a plain background and a real German sentence."""
    from toolkit.media.ffmpeg_bin import ffmpeg_exe

    out = tmp_path / "clips" / "kampfansage.mp4"
    out.parent.mkdir()
    colour = "0x{:02x}{:02x}{:02x}".format(*BACKGROUND)
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    f"color=c={colour}:size=360x640:rate=25", "-i", str(SPEECH),
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-ar", "48000", "-shortest", str(out)],
                   check=True, capture_output=True, timeout=60)
    return out


def _required_shots() -> list[tuple[int, str, str]]:
    from toolkit.storyboard import list_templates

    duel = next(t for t, _path in list_templates() if t.id == "mach-mal-duell")
    return [(n, s.id, s.title.get("de")) for n, s in enumerate(duel.shots(), 1)
            if not s.optional]


def _form(page, text: str):  # type: ignore[no-untyped-def]
    """The form that shows ``text`` (a heading or its submit button)."""
    return page.get_by_test_id("stForm").filter(has_text=text)


def _plan(page, shots) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    nav(page, "Planen")
    expect(page.get_by_text("Noch offen:")).to_be_visible()
    values = _form(page, "Platzhalter und Aufruf")
    for label, value in VALUES.items():
        values.get_by_label(label, exact=True).fill(value)
    values.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Gespeichert.")).to_be_visible(timeout=30_000)
    settle(page)
    form = _form(page, "Person hinzufügen")
    for name, role in PEOPLE:
        form.get_by_label("Name", exact=True).fill(name)
        choose(page, form.get_by_role("combobox", name="Rolle"), role)
        choose(page, form.get_by_role("combobox", name="Einwilligung"), "ja")
        form.get_by_role("button", name="Person hinzufügen").click()
        expect(page.get_by_text(f"Einwilligung von {name}")).to_be_visible(timeout=30_000)
        settle(page)
    expect(page.get_by_text("Noch offen:")).to_have_count(0)
    shots(page, "planned")


def _upload_all(page, shots, speech: Path, tone: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    nav(page, "Aufnahmen")
    required = _required_shots()
    total = len(required) + 1  # the optional bloopers shot stays empty
    expect(page.get_by_text(f"0 von {total} Shots haben eine Aufnahme").first).to_be_visible()
    box = page.get_by_role("combobox", name="Shot wählen")
    for done, (number, shot_id, title) in enumerate(required, 1):
        choose(page, box, f"{number}. {title}")
        upload_take(page, shot_id, speech if shot_id == "hook" else tone, done, total)
    expect(page.get_by_text("Alle nötigen Shots haben eine Aufnahme")).to_be_visible()
    shots(page, "uploaded")


def _render(page, shots, tmp_path: Path) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    nav(page, "Format & Export")
    expect(page.get_by_text("Noch nichts exportiert.")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("checkbox", name="Untertitel einbrennen")).to_be_checked()
    choose(page, page.get_by_role("combobox", name="Untertitel-Stil"), "Box")
    page.get_by_text("Schnelle Vorschau in kleiner Größe").click()
    render = page.get_by_role("button", name="Projekt-Video rendern")
    expect(render).to_be_enabled()
    render.click()
    expect(page.get_by_text(re.compile(r"Video rendern: .* \(\d+ %\)")).first
           ).to_be_visible(timeout=30_000)
    shots(page, "rendering")
    video = page.get_by_role("button", name="MP4 herunterladen (reels, Vorschau)")
    expect(video).to_be_visible(timeout=240_000)
    expect(page.get_by_text("Prüfbericht reels, Vorschau")).to_be_visible()
    shots(page, "rendered")
    folder = tmp_path / "download"
    got = {"mp4": download(page, video, folder),
           "srt": download(page, page.get_by_role("button", name="SRT (reels, Vorschau)"),
                           folder),
           "json": download(page, page.get_by_role(
               "button", name="Prüfbericht als JSON (reels, Vorschau)"), folder)}
    return got


def _cues(srt: str) -> list[tuple[float, float, str]]:
    """``(start, end, text)`` of every SRT cue."""
    stamp = r"(\d+):(\d+):(\d+),(\d+)"
    cues = []
    for block in srt.strip().split("\n\n"):
        lines = block.strip().splitlines()
        times = [int(v) for v in re.match(f"{stamp} --> {stamp}", lines[1]).groups()]
        start, end = (h * 3600 + m * 60 + s + ms / 1000 for h, m, s, ms in
                      (times[:4], times[4:]))
        cues.append((start, end, " ".join(lines[2:])))
    return cues


def _check_video(video: Path, timeline_file: Path) -> None:
    import av

    from toolkit.edit.timeline import Timeline
    from toolkit.media.probe import probe

    timeline = Timeline.load(timeline_file)
    info = probe(video)
    assert (info.video.display_width, info.video.display_height) == (360, 640)
    assert info.has_audio
    assert abs(info.duration - timeline.duration) < 0.1, (info.duration, timeline.duration)
    with av.open(str(video)) as container:  # plays: frames decode from start to end
        frames = sum(1 for _ in container.decode(video=0))
    assert frames >= round(timeline.duration * float(timeline.rate)) - 1
    assert timeline.captions is not None and timeline.captions.style == STYLE


def _check_captions(video: Path, srt: str, timeline_file: Path) -> None:
    """The sentence is in the SRT during the hook, and burned in while it is spoken."""
    from frames import frame_at
    from toolkit.edit.timeline import Timeline

    hook = next(c for c in Timeline.load(timeline_file).clips if c.shot == "hook")
    cues = _cues(srt)
    text = " ".join(c[2] for c in cues)
    assert "Werbung" in text and "Eindruck" in text, text
    start, end, _ = cues[0]
    assert hook.start <= start < end <= hook.end + 0.05
    quiet = frame_at(video, max(hook.start, start - 0.3)).astype(int)
    spoken = frame_at(video, (start + end) / 2).astype(int)
    changed = np.abs(spoken - quiet).sum(axis=2) > 60
    assert changed.mean() > 0.005, "no burned-in caption while the sentence is spoken"


def test_company_renders_whole_duel_with_captions_and_downloads_it(
        studio, browser_page, shots, tmp_path, lavfi_clip, speech_clip):
    url, workspace = studio
    page, errors = browser_page
    tone = lavfi_clip(seconds=1.0, size="360x640", fps=25, audio="sine")
    page.goto(url)
    create_project(page, shots, NAME, COMPANY, trade="Tischler:in")
    _plan(page, shots)
    _upload_all(page, shots, speech_clip, tone)
    got = _render(page, shots, tmp_path)
    stored = next(workspace.glob("*/exports/preview/reels.mp4"))
    assert got["mp4"].name == "reels-vorschau.mp4"
    assert got["mp4"].read_bytes() == stored.read_bytes()
    assert not list(stored.parent.parent.glob("*.mp4")), "a preview is no finished video"
    timeline_file = stored.parents[2] / "work" / "timeline.json"
    _check_video(got["mp4"], timeline_file)
    _check_captions(got["mp4"], got["srt"].read_text(encoding="utf-8"), timeline_file)
    report = json.loads(got["json"].read_text(encoding="utf-8"))
    assert report["ok"], report["checks"]
    assert {c["name"]: c["actual"] for c in report["checks"]}["size"] == "360x640"
    assert not errors, "\n".join(errors)
