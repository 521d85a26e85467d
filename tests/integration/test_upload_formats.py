"""Takes are accepted by their content, not their suffix; refusals name the user's file only.

Real ffmpeg makes tiny clips in the containers cameras and phones write (MPEG-PS .mpg from
camcorders and webcams, MPEG-TS .mts/.m2ts from AVCHD cameras, .3gp, .avi, .mkv, .webm); each
is uploaded as the browser would hand it over, then ingested as the render does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.errors import MediaError
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.ingest import ingest
from toolkit.media.probe import probe
from toolkit.project import create_project, open_project, take_path
from toolkit.project.uploads import add_uploaded_take

REPO = Path(__file__).resolve().parents[2]

# suffix -> the codecs and muxer a device of that kind writes
FORMATS = {
    ".mpg": ("-c:v", "mpeg2video", "-c:a", "mp2", "-f", "mpeg"),
    ".mts": ("-c:v", "libx264", "-c:a", "aac", "-f", "mpegts"),
    ".m2ts": ("-c:v", "libx264", "-c:a", "aac", "-f", "mpegts"),
    ".3gp": ("-c:v", "libx264", "-c:a", "aac", "-f", "3gp"),
    ".avi": ("-c:v", "mjpeg", "-c:a", "pcm_s16le", "-f", "avi"),
    ".mkv": ("-c:v", "libx264", "-c:a", "aac", "-f", "matroska"),
    ".webm": ("-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus", "-f", "webm"),
}
TEXT = b"this is a text file, not a video\n" * 20


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    made = {}
    for suffix, codec in FORMATS.items():
        out = folder / f"clip{suffix}"
        subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1.2",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1.2",
                        "-pix_fmt", "yuv420p", *codec, "-shortest", str(out)],
                       check=True, capture_output=True, timeout=120)
        made[suffix] = out
    return made


@pytest.fixture
def project(tmp_path: Path):  # noqa: ANN201
    return create_project("Formate", "mach-mal-duell", workspace=tmp_path / "ws")


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_camera_formats_are_accepted_as_takes_and_ingest(  # noqa: ANN001
        project, clips, suffix: str, tmp_path: Path) -> None:
    data = clips[suffix].read_bytes()
    take = add_uploaded_take(project, "hook", f"Kamera 01{suffix.upper()}", data)
    stored = take_path(project, take)
    assert stored.read_bytes() == data and stored.suffix == suffix
    assert take.original_name == f"Kamera 01{suffix.upper()}"
    assert take.duration == pytest.approx(1.2, abs=0.15)
    assert [t.id for t in open_project("Formate", project.folder.parent).shots["hook"].takes] \
        == [take.id]
    work = tmp_path / "work.mp4"
    ingest(stored, work)
    info = probe(work)
    assert info.has_video and info.has_audio
    assert info.duration == pytest.approx(1.2, abs=0.15)


@pytest.mark.parametrize("lang,words", [("de", "keine lesbare Video"),
                                        ("en", "not a readable video")])
def test_text_named_mp4_names_the_file_without_path_or_errno(project, lang: str,  # noqa: ANN001
                                                             words: str) -> None:
    with pytest.raises(MediaError) as caught:
        add_uploaded_take(project, "hook", "Notizen.mp4", TEXT)
    text = caught.value.message(lang)
    assert text.startswith("Notizen.mp4") and words in text
    assert "/" not in text and "Errno" not in text and "[" not in text
    assert str(project.folder) not in text and "uploads" not in text
    assert not [p for p in (project.folder / "media").iterdir()]
    assert not list((project.folder / "work").rglob("*.mp4")), "the staged copy is removed"
    with pytest.raises(MediaError) as sneaky:  # a name with folders shows only its last part
        add_uploaded_take(project, "hook", "../../etc/Notizen.mp4", TEXT)
    assert sneaky.value.message(lang).startswith("Notizen.mp4")


@pytest.mark.parametrize("kind,source,key", [
    ("photo", ("-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "1"), "take.still_image"),
    ("sound", ("-f", "lavfi", "-i", "sine=duration=1"), "take.no_video"),
])
def test_a_photo_or_a_sound_is_no_take(project, tmp_path: Path, kind: str,  # noqa: ANN001
                                       source: tuple[str, ...], key: str) -> None:
    out = tmp_path / ("bild.png" if kind == "photo" else "ton.m4a")
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", *source, str(out)], check=True,
                   capture_output=True, timeout=60)
    with pytest.raises(MediaError) as caught:
        add_uploaded_take(project, "hook", out.name, out.read_bytes())
    assert caught.value.key == key
    assert caught.value.message("de").startswith(out.name) and "/" not in caught.value.message()


def _machmal(*args: str, workspace: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MACHMAL_LANG": "de", "PYTHONIOENCODING": "utf-8",
           "MACHMAL_WORKSPACE": str(workspace)}
    return subprocess.run([sys.executable, "-m", "toolkit.cli", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=REPO, timeout=120)


def test_cli_add_take_accepts_mpg_and_logs_ffmpeg_only_with_debug(project, clips,  # noqa: ANN001
                                                                  tmp_path: Path) -> None:
    ws = project.folder.parent
    added = _machmal("project", "add-take", "Formate", "hook", str(clips[".mpg"]), workspace=ws)
    assert added.returncode == 0, added.stderr
    assert open_project("Formate", ws).shots["hook"].takes[0].original_name == "clip.mpg"
    fake = tmp_path / "notiz.mp4"
    fake.write_bytes(TEXT)
    refused = _machmal("project", "add-take", "Formate", "hook", str(fake), workspace=ws)
    assert refused.returncode == 2
    assert "notiz.mp4" in refused.stderr and "keine lesbare" in refused.stderr
    assert "Errno" not in refused.stderr and "Invalid data" not in refused.stderr
    debug = _machmal("--debug", "project", "add-take", "Formate", "hook", str(fake),
                     workspace=ws)
    assert debug.returncode != 0
    assert "Invalid data found" in debug.stderr, "FFmpeg's own words are in the --debug output"


def test_cli_add_takes_assigns_by_recording_time_then_name(  # noqa: ANN001
        project, tmp_path: Path) -> None:
    ws = project.folder.parent
    made = {}
    for name, when in (("b_zwei.mp4", "2025-03-14T10:00:00Z"),
                       ("a_drei.mp4", "2025-03-14T10:09:00Z"),
                       ("clip10.mts", None), ("clip9.mts", None)):
        out = tmp_path / name
        meta = ("-metadata", f"creation_time={when}") if when else ()
        subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=size=96x64:rate=25:duration={0.4 + len(made) / 10}", *meta,
                        "-pix_fmt", "yuv420p",
                        *(("-f", "mpegts") if not when else ()), str(out)],
                       check=True, capture_output=True, timeout=60)
        made[name] = out
    fake = tmp_path / "liste.mp4"
    fake.write_bytes(TEXT)
    files = [str(p) for p in (made["clip10.mts"], fake, made["a_drei.mp4"], made["clip9.mts"],
                              made["b_zwei.mp4"])]
    shown = _machmal("project", "add-takes", "Formate", *files, "--dry-run", workspace=ws)
    rows = [line.split()[1] + " " + line.split("→")[1].split()[0]
            for line in shown.stdout.splitlines() if "→" in line]
    assert rows == ["b_zwei.mp4 hook", "a_drei.mp4 vorstellung-azubi",
                    "clip9.mts vorstellung-ausbilder", "clip10.mts regeln"], shown.stdout
    assert "liste.mp4" in shown.stderr and "Errno" not in shown.stderr
    assert not open_project("Formate", ws).shots.get("hook"), "--dry-run saves nothing"
    saved = _machmal("project", "add-takes", "Formate", *files, "--shot", "clip10.mts=cta",
                     workspace=ws)
    assert saved.returncode == 2, "a refused file is reported in the exit code"
    shots = {shot: [t.original_name for t in state.takes]
             for shot, state in open_project("Formate", ws).shots.items() if state.takes}
    assert shots == {"hook": ["b_zwei.mp4"], "vorstellung-azubi": ["a_drei.mp4"],
                     "vorstellung-ausbilder": ["clip9.mts"], "cta": ["clip10.mts"]}
    again = _machmal("project", "add-takes", "Formate", str(made["b_zwei.mp4"]), "--dry-run",
                     workspace=ws)
    assert "schon im Projekt als Take hook-01" in again.stdout, again.stdout


def test_a_real_webcam_mpg_with_speech_is_a_take(project, shared_media: Path,  # noqa: ANN001
                                                 tmp_path: Path) -> None:
    """The GRID corpus clip (MPEG-1 from a studio camera, the kind refused by suffix before)."""
    src = shared_media / "video" / "grid_bbaf2n.mpg"
    take = add_uploaded_take(project, "hook", src.name, src.read_bytes())
    assert take.duration == pytest.approx(probe(src).duration, abs=0.05)
    work = tmp_path / "grid.mp4"
    ingest(take_path(project, take), work)
    assert probe(work).has_audio and probe(work).duration == pytest.approx(take.duration,
                                                                           abs=0.2)


def test_the_still_of_a_turned_phone_clip_is_upright(tmp_path: Path) -> None:
    """Stored top red / bottom blue, to be shown turned 90° counter-clockwise: red is left."""
    import io

    from PIL import Image

    from toolkit.media.thumbnail import thumbnail

    plain, turned = tmp_path / "plain.mp4", tmp_path / "turned.mp4"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "color=red:size=160x60:duration=0.5[a];color=blue:size=160x60:duration=0.5"
                    "[b];[a][b]vstack", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(plain)],
                   check=True, capture_output=True, timeout=60)
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-display_rotation", "90", "-i",
                    str(plain), "-c", "copy", str(turned)], check=True, capture_output=True,
                   timeout=60)
    for path, red_at, blue_at in ((plain, "top", "bottom"), (turned, "left", "right")):
        still = Image.open(io.BytesIO(thumbnail(path, probe(path), height=96))).convert("RGB")
        w, h = still.size
        assert h == 96 and (w > h) == (path == plain)
        spots = {"top": (w // 2, 4), "bottom": (w // 2, h - 4), "left": (4, h // 2),
                 "right": (w - 4, h // 2)}
        red, blue = still.getpixel(spots[red_at]), still.getpixel(spots[blue_at])
        assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0], (path.name, red, blue)


def test_mpg_and_mts_takes_render_into_the_video(tmp_path: Path) -> None:
    """Uploaded as the browser hands them over, then rendered: each take's colour shows."""
    import numpy as np

    from frames import frame_at
    from render_fixtures import SMALL, new_project
    from toolkit.edit.run import render_project
    from toolkit.project import save_project

    project = new_project(tmp_path / "ws")
    save_project(project)
    for shot, colour, suffix in (("hook", "green", ".mpg"), ("runde-1", "blue", ".mts")):
        clip = tmp_path / f"{shot}{suffix}"
        subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", f"color=c={colour}:s=320x240:r=25:d=2",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2",
                        "-pix_fmt", "yuv420p", *FORMATS[suffix], "-shortest", str(clip)],
                       check=True, capture_output=True, timeout=120)
        add_uploaded_take(project, shot, f"Kamera{suffix.upper()}", clip.read_bytes())
    result = render_project("Mini Duell", "youtube", options=SMALL, workspace=tmp_path / "ws")
    video = project.folder / "exports" / "youtube.mp4"
    assert probe(video).has_audio
    for shot, channel in (("hook", 1), ("runde-1", 2)):
        clip = next(c for c in result.plan.timeline.clips if c.id == shot)
        img = frame_at(video, clip.start + clip.seconds / 2)
        h, w = img.shape[:2]
        centre = img[h * 2 // 5:h * 3 // 5, w * 2 // 5:w * 3 // 5].reshape(-1, 3).mean(axis=0)
        assert centre[channel] > 100 and np.delete(centre, channel).max() < 90, (shot, centre)
