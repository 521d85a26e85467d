"""machmal project cut-words: proposals, drops, the cuts in the timeline, undo (real ffmpeg).

The take is a generated clip whose sound is on exactly where its (saved) transcript says a word
is, so the cut points found from the decoded audio can be checked against the silences.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from render_fixtures import new_project
from toolkit.takes.take_captions import save_take_transcript
from toolkit.captions.transcript import Transcript, Word
from toolkit.cli import main
from toolkit.edit.from_project import build_timeline
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.project import add_take, open_project, project_template

NAME = "Mini Duell"
SAID = [("Äh", 0.4, 0.7), ("ich", 1.0, 1.3), ("ich", 1.5, 1.8), ("backe", 2.1, 2.5),
        ("Brezeln", 2.8, 3.4), ("ähm", 3.8, 4.1)]


def spoken_clip(path: Path, seconds: float = 4.6) -> Path:
    """A small clip whose tone sounds only during the words of :data:`SAID`."""
    on = "+".join(f"between(t,{a},{b})" for _w, a, b in SAID)
    args = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"color=c=gray:s=160x120:r=25:d={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=300:sample_rate=48000:duration={seconds}",
            "-af", f"volume='if({on},1,0.001)':eval=frame", "-c:v", "libx264", "-preset",
            "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return path


@pytest.fixture
def project(tmp_path: Path):  # noqa: ANN201
    project = new_project(tmp_path / "ws")
    take = add_take(project, "hook", spoken_clip(tmp_path / "hook.mp4"))
    add_take(project, "runde-1", spoken_clip(tmp_path / "runde.mp4"))
    words = tuple(Word(text, a, b) for text, a, b in SAID)
    save_take_transcript(project, take.id, Transcript(words=words, duration=take.duration))
    return project


def run(project, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["project", "cut-words", NAME, "hook", "--workspace",
                     str(project.folder.parent), *args])
    return code, out.getvalue(), err.getvalue()


def test_cut_words_lists_proposes_drops_and_undo_restores(project) -> None:  # noqa: ANN001
    ws = project.folder.parent
    code, out, _ = run(project)
    assert code == 0
    assert "Füllwort" in out and "Wiederholung" in out
    assert "3 Wörter werden zum Streichen vorgeschlagen" in out
    assert "0 Wörter sind gestrichen." in out
    assert open_project(NAME, ws).shots["hook"].takes[0].word_cut is None, "listing saves nothing"

    code, out, _ = run(project, "--fillers")
    assert code == 0, out
    assert "3 Wörter sind gestrichen." in out and "Text: ich backe Brezeln" in out
    cut = open_project(NAME, ws).shots["hook"].takes[0].word_cut
    assert cut.words == [0, 1, 5]
    (a0, a1), (b0, b1) = cut.cuts
    assert a0 == 0.0, "the leading filler moves the in point"
    assert 1.3 < a1 < 1.5, "the cut ends in the silence before the kept 'ich'"
    assert 3.4 < b0 < 3.8 and b1 == pytest.approx(open_project(NAME, ws).shots["hook"].takes[0]
                                                   .duration), "the trailing filler: out point"
    timeline = build_timeline(open_project(NAME, ws), project_template(open_project(NAME, ws)))
    ranges = next(c for c in timeline.clips if c.shot == "hook").sources[0].ranges
    assert ranges[0].start == pytest.approx(a1) and ranges[-1].end <= b0 + 1e-6

    code, out, _ = run(project, "--drop", "4", "--json")
    data = json.loads(out)
    assert code == 0 and data["dropped"] == [4] and data["text"] == "Äh ich ich Brezeln ähm"
    (c0, c1), = data["cuts"]
    assert 1.8 < c0 < 2.1 and 2.5 < c1 < 2.8, "an inner cut lies in both gaps"

    assert main(["project", "undo", NAME, "--workspace", str(ws)]) == 0
    assert open_project(NAME, ws).shots["hook"].takes[0].word_cut.words == [0, 1, 5]
    code, out, _ = run(project, "--clear")
    assert code == 0 and "0 Wörter sind gestrichen." in out
    assert open_project(NAME, ws).shots["hook"].takes[0].word_cut is None


def test_bad_word_list_and_dropping_everything_are_refused(project) -> None:  # noqa: ANN001
    code, _, err = run(project, "--drop", "0,9")
    assert code == 2 and "1 bis 6" in err and "Traceback" not in err
    code, _, err = run(project, "--drop", "1-6")
    assert code == 2 and "alle Wörter" in err
    assert open_project(NAME, project.folder.parent).shots["hook"].takes[0].word_cut is None
