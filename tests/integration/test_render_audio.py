"""Sound of a rendered project: one loudness for the timeline, crossfades, the music bed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from render_fixtures import make_clip, new_project
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.probe import probe
from toolkit.project import add_take

RATE = 16000


def pcm(path: Path) -> np.ndarray:
    out = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-ac", "1", "-ar",
                          str(RATE), "-f", "f32le", "-"], capture_output=True, check=True)
    return np.frombuffer(out.stdout, np.float32)


def tone(samples: np.ndarray, t0: float, t1: float, freq: float) -> float:
    """Amplitude of ``freq`` in the window [t0, t1)."""
    seg = samples[int(t0 * RATE):int(t1 * RATE)]
    n = np.arange(len(seg))
    return float(abs((seg * np.exp(-2j * np.pi * freq * n / RATE)).sum()) * 2 / len(seg))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    root = tmp_path_factory.mktemp("audio")
    p = new_project(root / "ws")
    add_take(p, "hook", make_clip(root / "a.mp4", 2.0, "green", freq=440), end=1.6)
    add_take(p, "runde-1", make_clip(root / "b.mp4", 2.0, "gray", freq=880))
    return p


def render(project, out: str, **options):  # noqa: ANN001, ANN003, ANN201
    return render_project(project.name, "youtube", out_dir=project.folder / out,
                          options=RenderOptions(scale=0.25, **options),
                          workspace=project.folder.parent)


def test_cut_is_hard_by_default_and_soft_with_crossfade(project) -> None:  # noqa: ANN001
    hard = render(project, "hard", loudness=None)
    soft = render(project, "soft", loudness=None, crossfade=0.2)
    cut = next(c for c in hard.plan.timeline.clips if c.id == "runde-1").start
    a, b = pcm(hard.files[0].video), pcm(soft.files[0].video)
    assert probe(soft.files[0].video).duration == pytest.approx(
        probe(hard.files[0].video).duration, abs=0.05)
    window = (cut + 0.07, cut + 0.13)
    assert tone(a, *window, 440) < 0.02 < tone(a, *window, 880)
    assert tone(b, *window, 440) > 0.03 and tone(b, *window, 880) > 0.03  # both, mid-fade
    assert tone(b, cut + 0.4, cut + 0.6, 440) < 0.02  # the old shot is gone after the fade
    assert tone(b, cut - 0.4, cut - 0.2, 880) < 0.02  # and the new one not there before


def test_music_bed_under_the_speech_and_one_loudness(project, tmp_path: Path) -> None:  # noqa: ANN001
    music = tmp_path / "bett.wav"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=150:sample_rate=48000:duration=2", str(music)], check=True)
    result = render(project, "music", music=str(music))
    samples = pcm(result.files[0].video)
    title = next(c for c in result.plan.timeline.clips if c.id == "title")
    hook = next(c for c in result.plan.timeline.clips if c.id == "hook")
    on_card = tone(samples, title.start + 1.2, title.start + 1.8, 150)
    under_speech = tone(samples, hook.start + 0.6, hook.start + 1.2, 150)
    assert on_card > 0.01  # music plays (looped) where nobody speaks
    assert under_speech < on_card * 0.7  # ducked under the speech
    end = result.plan.timeline.duration
    assert tone(samples, end - 0.15, end - 0.05, 150) < on_card * 0.5  # faded out
    report = json.loads(result.files[0].report_path.read_text(encoding="utf-8"))
    assert report["loudness"]["measured_once_on"] == "assembled timeline"
    assert report["loudness"]["integrated"] == pytest.approx(-14, abs=1.0)
    assert report["source"]["timeline"]["music"] == str(music)


def test_the_ducked_music_bed_is_the_same_on_every_run(project,  # noqa: ANN001
                                                       tmp_path: Path) -> None:
    """``sidechaincompress`` ends at the first end of either input and drops what it has not
    paired yet, which depended on thread timing: both inputs run on in silence and the ducked
    bed is cut at the video's length, so the mix is the same sound, run after run."""
    import ffmpeg

    from toolkit.edit.audio import AudioMix
    from toolkit.edit.layout import cut_pieces
    from toolkit.edit.plan import plan_render
    from toolkit.media.render import SourceFrame
    from toolkit.media.timeline_graph import open_inputs

    music = tmp_path / "bett.wav"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "anoisesrc=d=3:c=pink:r=48000:a=0.3", str(music)], check=True)
    plan = plan_render(project.name, "youtube", options=RenderOptions(music=str(music)),
                       workspace=project.folder.parent)
    cut = cut_pieces(plan.timeline, project.folder,
                     lambda p: (SourceFrame.from_info(probe(p)), probe(p).has_audio))
    mix = AudioMix(plan.timeline, cut, project.folder, None)
    args = ffmpeg.output(mix.mix(open_inputs(cut.inputs)), "-", format="md5").get_args()
    graph = args[args.index("-filter_complex") + 1]
    duck = graph.index("sidechaincompress")
    assert graph.count("apad") == 2 and graph.index("atrim", duck) > duck
    sums = {subprocess.run([ffmpeg_exe(), "-v", "error", *args], capture_output=True,
                           check=True).stdout for _ in range(6)}
    assert len(sums) == 1
