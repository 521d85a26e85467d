"""Captions of a split screen follow what is heard: the sound of both takes, each word once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cap_helpers import SPLIT_SECONDS, split_take as _take
from render_fixtures import new_project
from toolkit.captions.formats import read_subtitles
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.edit.split import set_split
from toolkit.edit.split_words import norm
from toolkit.project import add_take, save_project


def _render_split(tmp_path: Path, take_a: Path, take_b: Path) -> tuple[list[str], tuple]:
    """Render a duel whose round is a split of the two takes; the words of its SRT and the
    render's glossary terms (its transcription options)."""
    ws = tmp_path / "ws"
    project = new_project(ws)
    add_take(project, "hook", _take(tmp_path / "hook.mp4", "gray", None))
    a = add_take(project, "runde-1", take_a)
    b = add_take(project, "runde-1", take_b)
    set_split(project, "runde-1", a.id, b.id, marks=(0.0, 0.0),
              seconds=SPLIT_SECONDS)  # the whole 6 s, not the shot's planned 3 s
    save_project(project)
    options = RenderOptions(scale=0.25, captions="classic", language="en", mode="center")
    result = render_project(project.name, "reels", options=options, workspace=ws)
    split = next(c for c in result.plan.timeline.clips if c.kind == "split")
    track = read_subtitles(result.out_dir / "reels.srt", "en")
    assert all(split.start - 0.05 <= e.start < split.end for e in track.events)
    names = result.plan.caption_glossary().terms
    return [norm(w.text) for e in track.events for line in e.lines for w in line
            if norm(w.text)], names


def _words(transcript) -> list[str]:  # noqa: ANN001
    return [norm(w.text) for w in transcript.words if norm(w.text)]


def test_split_captions_both_takes_heard(tmp_path: Path, shared_media: Path,
                                         transcribed) -> None:  # noqa: ANN001
    """A speaks first, B answers later: both sentences are captioned, in that order."""
    video = shared_media / "video"
    take_a = _take(tmp_path / "a.mp4", "red", video / "grid_bbaf2n.mpg")
    take_b = _take(tmp_path / "b.mp4", "blue", video / "grid_lbax4n.mpg",
                   "adelay=3200:all=1")
    shown, names = _render_split(tmp_path, take_a, take_b)
    words_a = _words(transcribed(take_a, language="en", hotwords=names))
    words_b = _words(transcribed(take_b, language="en", hotwords=names))
    assert words_a and words_b
    assert Counter(shown) == Counter(words_a) + Counter(words_b)
    assert shown.index(words_b[-1]) > shown.index(words_a[0])
    assert shown[-1] in words_b  # B's sentence comes after A's


def test_split_captions_same_speech_on_both_phones_once(tmp_path: Path, shared_media: Path,
                                                        transcribed) -> None:  # noqa: ANN001
    """Both phones recorded the same sentence (B quieter, a little later): each word once."""
    source = shared_media / "video" / "grid_bbaf2n.mpg"
    take_a = _take(tmp_path / "a.mp4", "red", source)
    take_b = _take(tmp_path / "b.mp4", "blue", source, "volume=0.5,adelay=40:all=1")
    shown, names = _render_split(tmp_path, take_a, take_b)
    words_a = _words(transcribed(take_a, language="en", hotwords=names))
    words_b = _words(transcribed(take_b, language="en", hotwords=names))
    assert words_a and Counter(words_a) & Counter(words_b)  # the same words on both phones
    assert len(shown) <= max(len(words_a), len(words_b))  # not doubled
    assert len(shown) >= min(len(words_a), len(words_b))  # nothing lost
    assert not Counter(shown) - (Counter(words_a) | Counter(words_b))
