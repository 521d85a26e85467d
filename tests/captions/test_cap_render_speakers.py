"""Speaker colours in a rendered duel: a split screen's captions in each person's colour.

Take A (top) carries Lena's voice, take B (bottom) Jürgen's, later; the render decides every word
once between the two takes, and each caption is burned in its speaker's brand-kit colour
(defaults: challenger yellow, defender light blue) and named in the WebVTT (``<v Name>``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cap_helpers import SPLIT_SECONDS, split_take
from frames import frame_at
from render_fixtures import new_project
from toolkit.captions.burn import safe_box
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.edit.split import set_split
from toolkit.project import add_take, save_project
from toolkit.project.model import SPEAKER_COLOURS


def _near(img: np.ndarray, colour: str, tolerance: float = 60.0) -> int:
    """Pixels within ``tolerance`` (RGB distance) of ``#RRGGBB``."""
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
    return int((np.linalg.norm(img.astype(float) - rgb, axis=2) < tolerance).sum())


def _cues(vtt: str) -> list[tuple[float, float, str]]:
    """(start, end, voice) of every cue with a voice tag."""
    out = []
    blocks = vtt.split("\n\n")
    for block in blocks:
        lines = block.strip().splitlines()
        if len(lines) >= 2 and "-->" in lines[0] and lines[1].startswith("<v "):
            a, b = (sum(float(x) * f for x, f in zip(t.strip().split(":"), (3600, 60, 1)))
                    for t in lines[0].split("-->"))
            out.append((a, b, lines[1][3:lines[1].index(">")]))
    return out


def test_split_screen_captions_in_each_speakers_colour(tmp_path: Path,
                                                       shared_media: Path) -> None:
    video = shared_media / "video"
    take_a = split_take(tmp_path / "a.mp4", "red", video / "grid_bbaf2n.mpg")
    take_b = split_take(tmp_path / "b.mp4", "blue", video / "grid_lbax4n.mpg",
                        "adelay=3200:all=1")
    ws = tmp_path / "ws"
    project = new_project(ws)
    add_take(project, "hook", split_take(tmp_path / "hook.mp4", "gray", None))
    a = add_take(project, "runde-1", take_a)
    b = add_take(project, "runde-1", take_b)
    set_split(project, "runde-1", a.id, b.id, marks=(0.0, 0.0),
              seconds=SPLIT_SECONDS)  # the whole 6 s, not the shot's planned 3 s
    project.edit.sound_cues = False
    # a round clock that stays calm: its last seconds' colours are the brand's, which the
    # colour count below would take for a caption's (the clock reaches 0:00 in a 6 s round)
    project.edit.timers = {"runde-1": 60.0}
    save_project(project)
    options = RenderOptions(scale=0.5, captions="classic", language="en", mode="center")
    result = render_project(project.name, "reels", options=options, workspace=ws)
    assert result.plan.timeline.voices == {"Lena": SPEAKER_COLOURS["challenger"],
                                           "Jürgen": SPEAKER_COLOURS["defender"]}
    vtt = (result.out_dir / "reels.vtt").read_text(encoding="utf-8")
    cues = _cues(vtt)
    voices = [v for _, _, v in cues]
    assert "Lena" in voices and "Jürgen" in voices
    assert voices.index("Lena") < voices.index("Jürgen")  # A speaks first, B answers
    srt = (result.out_dir / "reels.srt").read_text(encoding="utf-8")
    assert f'<font color="{SPEAKER_COLOURS["defender"]}">' in srt

    mp4 = result.files[0].video
    width, height = 540, 960
    box = safe_box(width, height)
    colour = {"Lena": SPEAKER_COLOURS["challenger"], "Jürgen": SPEAKER_COLOURS["defender"]}
    for start, end, voice in cues:
        img = frame_at(mp4, (start + end) / 2)
        assert img.shape[:2] == (height, width)
        area = img[box.y0 - 20:box.y1 + 20, :]
        mine = _near(area, colour[voice])
        other = _near(area, colour["Jürgen" if voice == "Lena" else "Lena"])
        assert mine > 40 and other < mine / 10, (voice, start, mine, other)
