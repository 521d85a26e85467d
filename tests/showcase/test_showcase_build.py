"""Building the showcase folder and zip from real projects with real exports (no browser)."""

from __future__ import annotations

import base64
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.errors import UserInputError
from toolkit.project import list_projects, open_project
from toolkit.project.consent import check_publication_consent
from toolkit.showcase import ShowcaseEmpty, build_showcase, build_showcase_zip, choose_video

from showcase_data import HOSTILE, add_exports

ALL = ["Duell Bäckerei", "Duell Kfz", "Duell Elektro", "Duell Maler"]


@pytest.fixture(scope="module")
def site(showcase_workspace: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("site") / "showcase"
    return build_showcase(ALL, out, title="Ausbildung im Landkreis",
                          workspace=showcase_workspace)


def test_included_and_excluded_with_reasons(site):
    assert [i.project.name for i in site.included] == ["Duell Bäckerei", "Duell Kfz"]
    reasons = {e.name: e for e in site.excluded}
    assert set(reasons) == {"Duell Elektro", "Duell Maler"}
    assert reasons["Duell Elektro"].key == "consent.missing"
    assert "Max" in reasons["Duell Elektro"].reason
    assert reasons["Duell Maler"].key == "showcase.no_video"
    assert "exports" in reasons["Duell Maler"].reason


def test_vertical_video_preferred_else_any(site):
    chosen = {i.project.name: i.video for i in site.included}
    assert chosen["Duell Bäckerei"].platform == "reels"
    assert chosen["Duell Bäckerei"].aspect == "9:16"
    assert chosen["Duell Kfz"].platform == "youtube"  # the only one it has
    assert chosen["Duell Kfz"].aspect == "16:9"


def test_site_files_self_contained(site):
    root = site.out_dir
    names = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert {"index.html", "index.en.html", "assets/showcase.css", "assets/showcase.js",
            "media/duell-baeckerei.mp4", "media/duell-baeckerei.jpg", "media/duell-kfz.mp4",
            "v/duell-baeckerei.html", "v/duell-baeckerei.en.html"} <= names
    assert not any("elektro" in n or "maler" in n for n in names)
    for page in root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html
        refs = re.findall(r'(?:src|href)="([^"]+)"', html)
        for ref in refs:  # every reference stays in the folder, or is data: or a public link
            if ref.startswith(("https://example.org/", "data:text/vtt", "#")):
                continue
            assert "://" not in ref and not ref.startswith("/"), (page, ref)
            assert (page.parent / ref).resolve().is_file(), (page, ref)


def test_user_text_escaped(site):
    html = (site.out_dir / "index.html").read_text(encoding="utf-8")
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    detail = (site.out_dir / "v" / "duell-baeckerei.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/bewerben?beruf=baecker&amp;x=1"' in detail


def test_detail_page_shows_position_description_and_captions(site):
    html = (site.out_dir / "v" / "duell-baeckerei.html").read_text(encoding="utf-8")
    assert "Musterstadt" in html and "01.08.2026" in html and "Bäcker:in" in html
    assert "Wer schlingt die Brezel schneller – Azubi oder Chef?" in html
    assert 'preload="metadata"' in html and 'poster="../media/duell-baeckerei.jpg"' in html
    track = re.search(r'<track kind="captions" srclang="de"[^>]*src="data:text/vtt;base64,'
                      r'([^"]+)" default>', html)
    assert track, "caption track missing or not on by default"
    vtt = base64.b64decode(track.group(1)).decode()
    assert vtt.startswith("WEBVTT") and "Brezel schneller" in vtt and "Jetzt bewerben" in vtt
    english = (site.out_dir / "v" / "duell-baeckerei.en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "1 Aug 2026" in english
    assert "Open apprenticeship place" in english
    assert ">Apply now</a>" in english and ">Jetzt bewerben</a>" in html


def test_rows_by_trade_and_company(site):
    html = (site.out_dir / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="row-\d+"><span class="row-kind">([^<]+)</span> ([^<]+)</h2>',
                          html)
    assert ("Nach Beruf:", "Bäcker:in") in headings
    assert ("Nach Beruf:", "Kfz-Mechatroniker:in") in headings
    assert ("Nach Betrieb:", "Autohaus Schmidt") in headings
    assert ("Nach Betrieb:", "&lt;script&gt;alert(1)&lt;/script&gt;") in headings
    assert 'id="hero-video"' in html and "Duell Bäckerei" in html.split('class="hero"')[1][:2000]


def test_rebuild_replaces_earlier_site_but_not_other_folders(showcase_workspace, tmp_path):
    out = tmp_path / "site"
    build_showcase(["Duell Bäckerei", "Duell Kfz"], out, workspace=showcase_workspace)
    assert (out / "media" / "duell-kfz.mp4").is_file()
    build_showcase(["Duell Bäckerei"], out, workspace=showcase_workspace)
    assert not (out / "media" / "duell-kfz.mp4").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left
    other = tmp_path / "documents"
    other.mkdir()
    (other / "brief.txt").write_text("wichtig", encoding="utf-8")
    with pytest.raises(UserInputError) as err:
        build_showcase(["Duell Bäckerei"], other, workspace=showcase_workspace)
    assert err.value.key == "showcase.out_not_empty" and str(other) in str(err.value)
    assert (other / "brief.txt").read_text(encoding="utf-8") == "wichtig"


def test_nothing_to_show_is_an_error_naming_every_reason(showcase_workspace, tmp_path):
    with pytest.raises(ShowcaseEmpty) as err:
        build_showcase(["Duell Elektro", "Gibt es nicht"], tmp_path / "s",
                       workspace=showcase_workspace)
    text = str(err.value)
    assert "Duell Elektro" in text and "Max" in text and "Gibt es nicht" in text
    assert not (tmp_path / "s").exists()


def test_recorded_override_lets_project_in_with_note(showcase_workspace, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(showcase_workspace, ws)
    project = open_project("Duell Elektro", ws)
    check_publication_consent(project, override_by="Frau Weber",
                              override_reason="Max ist nur unscharf im Hintergrund")
    result = build_showcase(["Duell Elektro"], tmp_path / "s", workspace=ws)
    (item,) = result.included
    assert "Max" in item.note and not result.excluded


def test_broken_export_is_named(showcase_workspace, tmp_path, shared_media):
    ws = tmp_path / "ws"
    shutil.copytree(showcase_workspace, ws)
    project = open_project("Duell Maler", ws)
    shutil.copy(shared_media / "edge" / "zero_length.mp4", project.folder / "exports" /
                "reels.mp4")
    with pytest.raises(ShowcaseEmpty) as err:
        build_showcase(["Duell Maler"], tmp_path / "s", workspace=ws)
    assert "reels.mp4" in str(err.value)


def test_choose_video_ignores_hidden_temp_files(showcase_workspace, tmp_path, finished_exports):
    ws = tmp_path / "ws"
    shutil.copytree(showcase_workspace, ws)
    project = open_project("Duell Maler", ws)
    add_exports(project.folder, finished_exports, ("youtube",))
    shutil.copy(finished_exports / "reels.mp4", project.folder / "exports" / ".reels.tmp-1.mp4")
    assert choose_video(project).platform == "youtube"


def test_zip_holds_the_site(showcase_workspace, tmp_path):
    result = build_showcase_zip(["Duell Bäckerei", "Duell Elektro"], tmp_path / "s.zip",
                                workspace=showcase_workspace)
    assert result.archive == tmp_path / "s.zip" and not result.out_dir.exists()
    with zipfile.ZipFile(result.archive) as zf:
        names = set(zf.namelist())
        assert {"showcase/index.html", "showcase/media/duell-baeckerei.mp4",
                "showcase/assets/showcase.js"} <= names
        assert zf.getinfo("showcase/media/duell-baeckerei.mp4").compress_type == \
            zipfile.ZIP_STORED
    assert [e.name for e in result.excluded] == ["Duell Elektro"]


def test_cli_showcase_and_position(showcase_workspace, tmp_path, capsys):
    ws = tmp_path / "ws"
    shutil.copytree(showcase_workspace, ws)
    assert main(["project", "position", "Duell Kfz", "--location", "Hof", "--start",
                 "2026-09-01", "--apply-url", "mailto:ausbildung@autohaus.example",
                 "--workspace", str(ws)]) == 0
    assert main(["project", "set", "Duell Kfz", "--description", "Reifenwechsel auf Zeit",
                 "--workspace", str(ws)]) == 0
    assert main(["project", "position", "Duell Kfz", "--apply-url", "javascript:alert(1)",
                 "--workspace", str(ws)]) == 2
    assert "javascript:alert(1)" in capsys.readouterr().err
    project = open_project("Duell Kfz", ws)
    assert project.position.location == "Hof" and project.description.startswith("Reifen")
    assert project.position.apply_url == "mailto:ausbildung@autohaus.example"
    out = tmp_path / "site"
    assert main(["showcase", "Duell Kfz", "Duell Maler", "--out", str(out), "--title",
                 "Messe", "--workspace", str(ws)]) == 0
    printed = capsys.readouterr().out
    assert "Duell Kfz" in printed and "nicht gezeigt: Duell Maler" in printed
    html = (out / "v" / "duell-kfz.html").read_text(encoding="utf-8")
    assert "Hof" in html and "mailto:ausbildung@autohaus.example" in html
    assert main(["showcase", "Duell Maler", "--out", str(tmp_path / "x"), "--workspace",
                 str(ws)]) == 2



def test_programme_links_shown_videos_and_warns_about_hidden_ones(showcase_workspace, tmp_path):
    programme = tmp_path / "programm.yaml"
    programme.write_text(
        "slots:\n"
        "  - {start: 2026-07-15T09:00, end: 2026-07-15T09:30, company: Elektro Weber,"
        " project: Duell Elektro}\n"
        "  - {start: 2026-07-15T09:30, end: 2026-07-15T10:00, company: Bäckerei,"
        " project: duell-baeckerei}\n", encoding="utf-8")
    result = build_showcase(["Duell Bäckerei", "Duell Elektro"], tmp_path / "s", fair=programme,
                            workspace=showcase_workspace)
    (warning,) = result.warnings
    assert "Duell Elektro" in warning and "Mi 15.07., 09:00–09:30" in warning
    html = (result.out_dir / "index.html").read_text(encoding="utf-8")
    slots = html.split('<li class="slot"')[1:]
    assert "slot-link" not in slots[0]
    assert 'class="slot-link" href="v/duell-baeckerei.html"' in slots[1]


def test_showcase_job_builds_zip_reports_and_honours_cancel(showcase_workspace, tmp_path):
    import threading
    from types import SimpleNamespace

    from toolkit.errors import Cancelled
    from toolkit.jobs.showcase_job import showcase_job

    ws = tmp_path / "ws"
    shutil.copytree(showcase_workspace, ws)
    stages: list[tuple[float, str]] = []
    ctx = SimpleNamespace(progress=lambda f, s: stages.append((f, s)),
                          cancel=threading.Event(), workspace=ws)
    params = {"projects": ["Duell Bäckerei", "Duell Maler"], "title": "Messe"}
    result = showcase_job(params, ctx)
    archive = Path(result["zip"])
    assert archive.parent == ws / ".showcases" and zipfile.is_zipfile(archive)
    assert result["included"] == ["Duell Bäckerei"]
    assert [e["name"] for e in result["excluded"]] == ["Duell Maler"]
    assert stages[-1] == (1.0, "showcase")
    assert showcase_job(params, ctx)["zip"] == str(archive)  # same params, same file
    assert [name for name, _ in list_projects(ws)] == ["Duell Bäckerei", "Duell Elektro",
                                                        "Duell Kfz", "Duell Maler"]
    ctx.cancel.set()
    with pytest.raises(Cancelled):
        showcase_job({**params, "title": "Andere"}, ctx)
    assert sorted(p.name for p in (ws / ".showcases").iterdir()) == [archive.name]
