"""A real German recording padded with noise: the automatic range keeps every word of it.

The word times come from the real Whisper model (the session's ``transcribed`` fixture); the
range is chosen once from the speech detector alone (no transcript yet) and once from the
take's saved transcript, as the studio's Subtitles page leaves it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from toolkit.takes.take_captions import save_take_transcript
from toolkit.edit.take_range import take_choice
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.probe import probe
from toolkit.project import add_take, create_project

pytestmark = pytest.mark.model

LEAD, TRAIL = 6.0, 7.0  # seconds of noise before and after the speech


@pytest.fixture(scope="module")
def padded(shared_media: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """leopard_test_de.wav (one sentence, 5.3 s) between stretches of pink noise, as a video."""
    speech = shared_media / "speech_de" / "leopard_test_de.wav"
    total = LEAD + probe(speech).duration + TRAIL
    out = tmp_path_factory.mktemp("padded") / "satz_mit_rauschen.mp4"
    graph = (f"[1:a]aresample=48000,pan=mono|c0=c0,adelay={int(LEAD * 1000)}:all=1,apad[s];"
             f"anoisesrc=color=pink:amplitude=0.015:seed=7:sample_rate=48000:duration={total},"
             f"pan=mono|c0=c0[n];[s][n]amix=inputs=2:duration=longest:normalize=0[a]")
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"color=c=gray:s=160x284:r=25:d={total}",
                    "-i", str(speech), "-filter_complex", graph, "-map", "0:v", "-map", "[a]",
                    "-t", f"{total}", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", str(out)],
                   check=True, capture_output=True, timeout=120)
    return out


def test_range_runs_from_before_the_first_to_after_the_last_word(tmp_path: Path, padded: Path,
                                                                 transcribed) -> None:  # noqa: ANN001
    words = transcribed(padded, language="de").words
    assert len(words) >= 6 and words[0].start > LEAD - 1.0, words  # the sentence, not the noise
    first, last = words[0].start, words[-1].end
    project = create_project("Satz", "mach-mal-duell", workspace=tmp_path / "ws")
    take = add_take(project, "regeln", padded)  # planned 4 s; the sentence is longer
    planned = 4.0
    by_detector = take_choice(project, take, planned)
    save_take_transcript(project, take.id, transcribed(padded, language="de"))
    by_words = take_choice(project, take, planned)
    for choice in (by_detector, by_words):
        assert choice.reason == "speech"
        assert choice.start < first and choice.end > last, (choice, first, last)
        assert choice.start > first - 1.5 and choice.end < last + 1.5, "the noise is left out"
        assert choice.seconds < take.duration / 2
