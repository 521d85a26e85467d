"""Logic of sound cues, transitions and speaker colours (no ffmpeg run)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from toolkit.captions.formats import read_subtitles, srt_text, vtt_text, write_subtitles
from toolkit.captions.shaping import ShapingRules, shape
from toolkit.captions.styles import load_style
from toolkit.captions.ass import build_ass, Box
from toolkit.captions.transcript import Word
from toolkit.edit.cues import plan_cues, sfx_path, timer_cues, timer_ticks
from toolkit.edit.timeline import Card, Clip, Overlay, Range, Source, Timeline, Transition
from toolkit.edit.transitions import plan_transitions, with_transitions
from toolkit.media.render import FramePlan, OutputPlan, SourceFrame
from toolkit.media.runner import build_args
from toolkit.media.timeline_graph import (Blend, Part, Piece, PieceLook, TimelineInput,
                                          TimelineOutput, build_timeline_graph, open_inputs)
from toolkit.storyboard.schema import Template

VOICES = {"Lena": "#FFD400", "Jürgen": "#4FC3F7"}


def _clip(cid: str, start: float, seconds: float, shot: str | None = None) -> Clip:
    if shot is None:
        return Clip(id=cid, kind="card", start=start, seconds=seconds, card=Card(kind="title"))
    src = Source(take=f"{cid}-1", file=f"media/{cid}.mp4", ranges=[Range(start=0, end=seconds)])
    return Clip(id=cid, kind="take", shot=shot, start=start, seconds=seconds, sources=[src])


def _timeline(overlays: list[Overlay], transitions: list[Transition] = ()) -> Timeline:
    clips = [_clip("title", 0, 2), _clip("hook", 2, 2, "hook"), _clip("runde", 4, 6, "runde"),
             _clip("end", 10, 3)]
    return Timeline(project="p", clips=clips, overlays=overlays, transitions=list(transitions))


def test_timer_ticks_follow_the_drawn_countdown() -> None:
    from toolkit.edit.timer_art import shown_value

    ticks = timer_ticks(Overlay(kind="timer", start=4.0, end=10.0, values=[4.0]))
    assert ticks == [(4.0, 4), (5.0, 3), (6.0, 2), (7.0, 1), (8.0, 0)]
    # the clock starts later than the overlay (the round's first shot leads in)
    late = timer_ticks(Overlay(kind="timer", start=4.0, end=10.0, values=[3.0],
                               clock_start=6.5))
    assert late == [(6.5, 3), (7.5, 2), (8.5, 1), (9.5, 0)]
    for at, shown in late:  # what the drawn timer shows just after each tick
        assert shown_value(at + 0.01 - 6.5, 3.0) == shown
    # a limit longer than the round: no 3-2-1 inside it
    long = timer_ticks(Overlay(kind="timer", start=4.0, end=7.0, values=[60.0]))
    assert [s for _, s in long] == [60, 59, 58]


def test_a_round_cut_short_gets_a_clock_that_reaches_zero_as_it_ends() -> None:
    from toolkit.edit.overlays import round_clock

    # "60 Sekunden" for a round that plays 8.4 s after the whistle: 0:08 down to 0:00
    assert round_clock(60.0, 8.4) == 8.0
    assert round_clock(60.0, 75.0) == 60.0  # a round shown in full keeps its limit
    assert round_clock(60.0, 0.3) == 1.0 and round_clock(59.6, 120.0) == 60.0
    clock, end = 6.5, 6.5 + 8.4
    ticks = timer_ticks(Overlay(kind="timer", start=4.0, end=end,
                                values=[round_clock(60.0, end - clock)], clock_start=clock))
    assert ticks[0] == (clock, 8) and ticks[-1] == (clock + 8.0, 0) and ticks[-1][0] < end
    assert [s for _, s in ticks] == list(range(8, -1, -1))  # one a second, every second
    assert [c.kind for c in timer_cues(Overlay(kind="timer", start=4.0, end=end,
                                               values=[8.0], clock_start=clock))] == [
        "whistle", "beep", "beep", "beep", "beep_last"]


def test_cues_from_timer_score_and_transitions() -> None:
    timer = Overlay(kind="timer", start=4.0, end=10.0, values=[4.0])
    score = Overlay(kind="score", start=9.0, end=10.0, lines=["a", "b"], values=[1, 0, 0, 0])
    standing = Overlay(kind="score", start=2.0, end=4.0, lines=["a", "b"], values=[0, 0])
    cues = plan_cues(_timeline([standing, timer, score], [
        Transition(after="title", kind="whip", seconds=0.3),
        Transition(after="hook", kind="beat"),
        Transition(after="runde", kind="slide", seconds=0.25)]))
    got = [(c.kind, c.at) for c in cues]
    assert ("whistle", 4.0) in got and ("beep_last", 8.0) in got and ("gong", 9.0) in got
    assert [t for k, t in got if k == "beep"] == [5.0, 6.0, 7.0]
    assert ("whoosh", 2.0) in got  # centred on the 0.3 s move at 2.0
    assert [t for k, t in got if k == "gong"] == [9.0]  # the verdict, not the standing
    assert not any(k == "hit" for k, _ in got)  # the hit at 4.0 would mush with the whistle
    assert ("whoosh", pytest.approx(9.975)) in [(k, pytest.approx(t)) for k, t in got]
    for kind in {c.kind for c in cues}:
        assert sfx_path(kind).is_file()


def test_transitions_from_the_template_between_scenes_only() -> None:
    template = Template.model_validate({
        "id": "t", "version": 1, "title": "T", "description": "D", "platforms": ["tiktok"],
        "target_seconds": 10, "roles": [{"id": "challenger", "title": "A"}],
        "transitions": {"scenes": "whip", "shots": "beat", "seconds": 0.3},
        "scenes": [{"id": "a", "title": "A", "shots": [
            {"id": "hook", "title": "h", "purpose": "p", "action": "a", "framing": "wide",
             "seconds": 2}, {"id": "hook2", "title": "h", "purpose": "p", "action": "a",
                             "framing": "wide", "seconds": 2}]},
            {"id": "b", "title": "B", "shots": [
                {"id": "runde", "title": "r", "purpose": "p", "action": "a",
                 "framing": "wide", "seconds": 2}]}]})
    clips = [_clip("title", 0, 2), _clip("hook", 2, 2, "hook"), _clip("hook2", 4, 0.4, "hook2"),
             _clip("runde", 4.4, 6, "runde"), _clip("end", 10.4, 3)]
    out = plan_transitions(Timeline(project="p", clips=clips), template)
    assert [(t.after, t.kind) for t in out] == [("title", "whip"), ("hook", "beat"),
                                                ("hook2", "whip"), ("runde", "whip")]
    assert out[2].seconds == pytest.approx(0.2)  # never more than half the short clip
    assert out[0].seconds == 0.3 and out[1].seconds == 0.0
    overlays = [Overlay(kind="lower_third", start=2.0, end=4.0, lines=["Lena", "Azubi"]),
                Overlay(kind="timer", start=4.4, end=10.4, values=[5.0], clock_start=4.4),
                Overlay(kind="score", start=4.4, end=10.4, values=[0, 0]),
                Overlay(kind="text", start=2.5, end=4.0, lines=["x"])]
    moved = with_transitions(Timeline(project="p", clips=clips, overlays=overlays), template)
    starts = [(o.kind, o.start) for o in moved.overlays]
    # in after the 0.3 s whip (title -> hook) and the 0.2 s one (hook2 -> runde); the timer
    # keeps the round's time, an overlay starting later is untouched
    assert starts == [("lower_third", 2.3), ("timer", 4.4), ("score", 4.6), ("text", 2.5)]


def test_blend_is_an_xfade_at_the_boundary_with_the_leaving_piece_longer() -> None:
    frame = SourceFrame(320, 240)
    inputs = [TimelineInput(Path("/in/a.mp4"), frame, False, length=9.0)]
    pieces = [Piece(2.0, (Part(0, 0.0),)), Piece(3.0, (Part(0, 4.0),)),
              Piece(1.0, (Part(0, 8.0),))]
    fps = Fraction(25)
    looks = tuple(PieceLook(frames=(FramePlan(160, 120, "center", fps=fps),)) for _ in pieces)
    plan = OutputPlan(Path("/out/o.mp4"), FramePlan(160, 120, fps=fps), {"c:v": "libx264"})
    nodes = open_inputs(inputs)
    args = build_args(build_timeline_graph(nodes, inputs, pieces, [TimelineOutput(plan, looks)],
                                           None, blends=[Blend(0, "slideleft", 0.25, 0.04)]))
    graph = args[args.index("-filter_complex") + 1]
    assert "xfade=duration=0.2500:offset=0:transition=slideleft" in graph
    assert "trim=end=2.249000:start=0.000000" in graph  # piece 0 reads 0.25 s further
    assert "tpad=stop_duration=0.2500:stop_mode=clone" in graph
    assert "concat=a=0:n=2:v=1" in graph  # the two hard-cut pieces after it
    # only the move's frames pass xfade: piece 0 until 2 s, its tail from 2 s, the first
    # 8 frames of the next run (0.25 s at 25 fps, and the one after), then that run from them
    assert "trim=end=2.000000:start_frame=0" in graph and "trim=start=2.000000" in graph
    assert "trim=end_frame=8" in graph and "trim=end=4.000000:start_frame=8" in graph
    assert "concat=a=0:n=3:v=1" in graph  # piece 0, the move, the rest
    assert "avgblur" in graph and "between(t\\,2.0000\\,2.2500)" in graph


def test_every_whip_of_an_output_shares_one_blur() -> None:
    """The blur nodes do not grow with the number of moves: each avgblur holds full-size
    buffers for the whole render (8 whips cost about 0.9 GB at 1080x1920)."""
    frame = SourceFrame(320, 240)
    inputs = [TimelineInput(Path("/in/a.mp4"), frame, False, length=9.0)]
    pieces = [Piece(1.0, (Part(0, float(k)),)) for k in range(6)]
    fps = Fraction(25)
    looks = tuple(PieceLook(frames=(FramePlan(160, 120, "center", fps=fps),)) for _ in pieces)
    plan = OutputPlan(Path("/out/o.mp4"), FramePlan(160, 120, fps=fps), {"c:v": "libx264"})
    moves = [Blend(k, "slideleft", 0.25, 0.04) for k in range(5)]
    args = build_args(build_timeline_graph(open_inputs(inputs), inputs, pieces,
                                           [TimelineOutput(plan, looks)], None, blends=moves))
    graph = args[args.index("-filter_complex") + 1]
    assert graph.count("xfade=") == 5 and graph.count("avgblur") == 1
    for k in range(1, 6):  # every move is smeared, each only while it lasts
        assert f"between(t\\,{k:.4f}\\,{k + 0.25:.4f})" in graph


def _words() -> list[Word]:
    return [Word("Hallo", 0.0, 0.4, speaker="Lena"), Word("Jürgen,", 0.45, 0.9, speaker="Lena"),
            Word("na", 1.0, 1.2, speaker="Jürgen"), Word("klar.", 1.25, 1.6, speaker="Jürgen"),
            Word("Los!", 1.7, 2.0)]


def test_captions_never_mix_speakers_and_carry_their_colour() -> None:
    track = shape(_words(), ShapingRules())
    assert [(e.text, e.speaker) for e in track.events] == [
        ("Hallo Jürgen,", "Lena"), ("na klar.", "Jürgen"), ("Los!", "")]
    style = load_style("classic")
    ass = build_ass(track, style, 1080, 1920, Box(65, 960, 1015, 1240), 56, voices=VOICES)
    assert "{\\1c&H00D4FF&}Hallo Jürgen,{\\1c&HFFFFFF&}" in ass  # #FFD400 as BGR
    assert "{\\1c&HF7C34F&}na klar.{\\1c&HFFFFFF&}" in ass
    assert ",,Los!" in ass  # unknown speaker: the style's colour
    words = shape(_words(), ShapingRules(mode="words"))
    ass = build_ass(words, load_style("social"), 1080, 1920, Box(65, 960, 1015, 1240), 56,
                    voices=VOICES)
    assert "na {\\1c&HF7C34F&}klar.{\\1c&HFFFFFF&}" in ass  # the spoken word in her colour


def test_vtt_names_the_voices_and_srt_colours_them(tmp_path: Path) -> None:
    track = shape(_words(), ShapingRules())
    vtt = vtt_text(track, VOICES)
    assert "<v Lena>Hallo Jürgen,</v>" in vtt and "<v Jürgen>na klar.</v>" in vtt
    assert '::cue(v[voice="Jürgen"]) { color: #4FC3F7; }' in vtt
    assert "\nLos!\n" in vtt
    srt = srt_text(track, VOICES)
    assert '<font color="#FFD400">Hallo Jürgen,</font>' in srt
    for suffix in (".srt", ".vtt"):  # read back: the words, not the markup
        path = write_subtitles(track, tmp_path / f"s{suffix}", voices=VOICES)
        assert [e.text for e in read_subtitles(path).events] == ["Hallo Jürgen,", "na klar.",
                                                                  "Los!"]
