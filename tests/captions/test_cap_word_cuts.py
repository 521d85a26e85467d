"""Text-based trimming on a real German recording: drop words, render, listen to the result.

A take is made from a real German sentence (5.3 s, connected speech without pauses between the
words: the hard case for a cut), transcribed by the real model, a run of words inside it is
dropped ("Der [hinter diesem Portal liegende] Raum wurde ..."), the project is
rendered with real ffmpeg at a quarter of Reels' size, and the rendered video is transcribed
again: the dropped words must be gone and every kept word must still be recognised (a cut into a
kept word garbles it).
"""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import pytest

from shared_paths import SHARED_MEDIA
from toolkit.takes.take_captions import transcribe_take
from toolkit.takes.take_cuts import cut_words
from toolkit.captions.transcript import normalise
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.project import add_person, add_take, create_project, undo_last_change, open_project
from toolkit.project.store import TEMPLATE_FILE

SPEECH = SHARED_MEDIA / "speech_de" / "leopard_test_de.wav"
NAME = "Worte streichen"
TEMPLATE = """\
format: 1
id: ein-shot
version: 1
title: {de: "Ein Shot"}
description: {de: "Ein Shot für Tests."}
platforms: [instagram_reels]
target_seconds: 5
roles:
  - {id: challenger, title: {de: "Azubi"}}
scenes:
  - id: hook
    title: {de: "Hook"}
    shots:
      - id: hook
        title: {de: "Kampfansage"}
        purpose: {de: "Neugier"}
        action: {de: "Azubi spricht"}
        who: [challenger]
        framing: close-up
        seconds: 4
"""


def speech_take(path: Path) -> Path:
    """A small video with the recording's sound."""
    args = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "color=c=0x336699:s=144x256:r=25",
            "-i", str(SPEECH),
            "-map", "0:v", "-map", "1:a", "-t", "5.3", "-c:v", "libx264", "-preset",
            "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", "48000", str(path)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return path


def similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


@pytest.mark.model
@pytest.mark.slow
def test_dropped_words_are_gone_and_every_kept_word_is_heard(transcribed, tmp_path: Path
                                                              ) -> None:
    ws = tmp_path / "ws"
    project = create_project(NAME, "mach-mal-duell", company="Bäckerei Müller", workspace=ws)
    (project.folder / TEMPLATE_FILE).write_text(TEMPLATE, encoding="utf-8")
    project.cta.url = "https://example.org/ausbildung"
    add_person(project, "Lena", "challenger", consent=True)
    take = add_take(project, "hook", speech_take(tmp_path / "take.mp4"))
    transcript = transcribe_take(project, take.id)
    said = [normalise(w.text) for w in transcript.words]
    assert said[:2] == ["der", "hinter"] and "raum" in said, said
    drop = list(range(1, said.index("raum")))  # "Der [hinter diesem Portal liegende] Raum ..."
    result = cut_words(NAME, "hook", drop=drop, workspace=ws)
    assert len(result.cuts) == 1
    kept = [w for i, w in enumerate(said) if i not in drop]
    gone = [said[i] for i in drop]

    options = RenderOptions(scale=0.25, mode="pad", captions="classic")
    rendered = render_project(NAME, "reels", options=options, workspace=ws)
    files = rendered.files[0]
    heard = [normalise(w.text) for w in transcribed(files.video, language="de").words]
    for word in gone:
        assert not any(similar(word, h) for h in heard), f"'{word}' is still heard: {heard}"
    rest = iter(heard)  # every kept word is heard, in order (the model may spell it better)
    missing = [w for w in kept if not any(similar(w, h) for h in rest)]
    assert not missing, f"kept words were cut: {missing}; kept {kept}, heard {heard}"
    ranges = next(c for c in rendered.plan.timeline.clips if c.kind == "take").sources[0].ranges
    (c0, c1), = result.cuts
    assert len(ranges) == 2 and ranges[0].end <= c0 + 0.04 and ranges[1].start == c1, \
        "the take plays up to the cut and on from its end (whatever range the plan chose)"
    srt = next(p for p in files.subtitles if p.suffix == ".srt").read_text(encoding="utf-8")
    assert "diesem" not in srt and "Portal" not in srt and "Raum" in srt

    undo_last_change(NAME, workspace=ws)
    assert open_project(NAME, ws).shots["hook"].takes[0].word_cut is None, "undo restores"
