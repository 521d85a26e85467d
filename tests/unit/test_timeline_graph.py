"""The timeline graph as arguments (no ffmpeg run): each source decoded once, one encode per
geometry, overlays timed, pieces trimmed and joined."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from toolkit.edit.overlays import seconds_of, set_command
from toolkit.edit.layout import half_size, half_sizes, split_direction
from toolkit.media.render import FramePlan, OutputPlan, SourceFrame
from toolkit.media.runner import build_args
from toolkit.media.timeline_graph import (ImageOverlay, Part, Piece, PieceLook, TimelineInput,
                                          TimelineOutput, assemble_audio, build_timeline_graph,
                                          open_inputs)

FRAME = SourceFrame(1080, 1920)
A, B = Path("/in/a.mp4"), Path("/in/b.mp4")


def _graph(n_outputs: int = 2) -> list[str]:
    inputs = [TimelineInput(A, FRAME, True, offset=0.5, length=4.0),
              TimelineInput(B, FRAME, True, offset=0.0, length=3.0)]
    pieces = [Piece(2.0), Piece(1.5, (Part(0, 0.5),)), Piece(1.0, (Part(0, 3.0),)),
              Piece(2.0, (Part(0, 1.0), Part(1, 0.2)))]
    outputs = []
    for k, (w, h) in enumerate([(270, 480), (480, 270)][:n_outputs]):
        fps = Fraction(25)
        looks = (PieceLook(image=Path(f"/g/card{k}.png")),
                 PieceLook(frames=(FramePlan(w, h, "smart", (0.4, 0.3), fps),)),
                 PieceLook(frames=(FramePlan(w, h, "center", fps=fps),)),
                 PieceLook(frames=(FramePlan(w, h // 2, "smart", fps=fps),) * 2, stack="v"))
        plan = OutputPlan(Path(f"/out/o{k}.mp4"), FramePlan(w, h, fps=fps), {"c:v": "libx264"})
        outputs.append(TimelineOutput(plan, looks, (
            ImageOverlay(Path(f"/g/lt{k}.png"), 10, 20, 2.0, 3.5),
            ImageOverlay(Path(f"/g/timer{k}_%04d.png"), 0, 0, 3.5, 6.5, rate=1.0))))
    nodes = open_inputs(inputs)
    audio = assemble_audio(nodes, inputs, pieces)
    return build_args(build_timeline_graph(nodes, inputs, pieces, outputs, audio))


def test_each_source_is_one_input_and_each_output_one_encode() -> None:
    args = _graph()
    ins = [args[i + 1] for i, a in enumerate(args) if a == "-i"]
    assert ins.count(str(A)) == 1 and ins.count(str(B)) == 1
    assert sum(1 for a in args if a.startswith("/out/")) == 2
    graph = args[args.index("-filter_complex") + 1]
    assert graph.count("concat=a=0:n=4:v=1") == 2  # the 4 pieces joined per output
    assert graph.count("concat=a=1:n=4:v=0") == 1  # the sound assembled once
    assert "vstack" in graph and graph.count("]loop=loop=49:size=1") == 2  # 2 s card, 25 fps
    assert "enable=between(t\\,2.000\\,3.500)" in graph
    assert "setpts=PTS+3.500/TB" in graph
    i = args.index(str(A))
    assert args[i - 7:i] == ["-ss", "0.500000", "-t", "4.000000", "-threads", "1", "-i"]


def test_one_decoder_thread_per_source_of_a_timeline_but_not_of_a_single_clip() -> None:
    """Several sources: each decoder gets one thread (a frame-threaded decoder holds a frame
    per thread for the whole render); a single clip keeps ffmpeg's own choice."""
    args = _graph()
    assert [args[i - 3:i] for i, a in enumerate(args) if a in (str(A), str(B))] == \
        [["-threads", "1", "-i"]] * 2
    one = [TimelineInput(A, FRAME, False, length=2.0)]
    plan = OutputPlan(Path("/out/o.mp4"), FramePlan(270, 480, fps=Fraction(25)),
                      {"c:v": "libx264"})
    single = build_args(build_timeline_graph(
        open_inputs(one), one, [Piece(2.0, (Part(0, 0.0),))],
        [TimelineOutput(plan, (PieceLook(frames=(plan.frame,)),))], None))
    assert "-threads" not in single


def test_split_layout_rules_and_helpers() -> None:
    assert split_direction(1080, 1920) == "v" and split_direction(1080, 1080) == "v"
    assert split_direction(1920, 1080) == "h"
    assert half_size(1080, 1920) == (1080, 960) and half_size(1920, 1080) == (960, 1080)
    assert half_sizes(1080, 1350) == ((1080, 674), (1080, 676))  # 675 would be odd
    assert half_sizes(1350, 1080) == ((674, 1080), (676, 1080))
    for w, h in ((1080, 1350), (540, 676), (1920, 1080), (1080, 1080), (270, 338)):
        (w0, h0), (w1, h1) = half_sizes(w, h)
        assert all(v % 2 == 0 for v in (w0, h0, w1, h1))
        assert (w0 + w1, h0) == (w, h) if w > h else (w0, h0 + h1) == (w, h)
    assert seconds_of("60 Sekunden") == 60 and seconds_of("1:30") == 90
    assert seconds_of("2 Minuten") == 120 and seconds_of("schnell") is None
    from types import SimpleNamespace

    p = SimpleNamespace(name="Duell")
    assert set_command(p, "url") == 'machmal project set "Duell" --url …'
    assert "add-person" in set_command(p, "defender_name")
    assert set_command(p, "aufgabe") == 'machmal project set "Duell" aufgabe="…"'
