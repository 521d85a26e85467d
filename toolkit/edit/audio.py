"""The timeline's sound: speech from the clips, an optional music bed, one loudness measurement.

The speech is the clips' own sound back to back (:func:`toolkit.media.timeline_graph.
assemble_audio`). A music bed from a file the user provides (nothing is bundled) is looped to the
video's length, faded in and out, and ducked under the speech with ``sidechaincompress`` (the
speech is the key signal). The loudness of this *assembled* mix is measured once, two-pass
(:func:`toolkit.media.loudness.measure_for_norm` on the same filters), and the one resulting gain
stage (:func:`toolkit.media.loudness.apply_norm`) serves the whole timeline and every output.

Sound cues (:mod:`toolkit.edit.cues`: whistle, countdown, gong, transition sounds) are laid on
at their times. Their level follows the speech: the speech and music mix is measured first
(one audio-only pass, only when there are cues), and each cue is set its
:data:`~toolkit.edit.cues.LEVELS` under it; the loudness measurement then covers everything.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any

from toolkit.edit.layout import Pieces
from toolkit.edit.timeline import AudioLane, Timeline
from toolkit.media.timeline_graph import assemble_audio, open_inputs

Stream = Any
AUDIO_RATE = 48_000
SILENT_SPEECH = -60.0
"""Speech quieter than this (LUFS) counts as none: cues are then set against the target."""
DEFAULT_SPEECH_LUFS = -20.0
"""Speech level assumed for the cues when there is no speech and no loudness target."""


class AudioMix:
    """Builds the sound of a timeline (see the module docstring)."""

    def __init__(self, timeline: Timeline, cut: Pieces, folder: Path,
                 loudness: str | float | None) -> None:
        from toolkit.edit.plan import resolve_file
        from toolkit.media.loudness import LoudnessTarget, parse_target

        self.timeline, self.cut = timeline, cut
        lane = timeline.music()
        self.music: AudioLane | None = lane
        self.music_path = resolve_file(folder, lane.file) if lane and lane.file else None
        self.has_sound = (any(i.has_audio for i in cut.inputs) or self.music_path is not None
                          or bool(timeline.cues))
        self.speech_lufs: float | None = None  # measured when there are cues
        self.target: LoudnessTarget | None = None
        if loudness is not None and self.has_sound:
            self.target = (loudness if isinstance(loudness, LoudnessTarget)
                           else parse_target(str(loudness)))
        self.stats: Any = None

    def mix(self, nodes: list[Stream]) -> Stream:
        """Speech, the (ducked, faded) music bed and the cues, before loudness normalisation."""
        base = self._speech_and_music(nodes)
        if not self.timeline.cues:
            return base
        return self._with_cues(base)

    def _speech_and_music(self, nodes: list[Stream]) -> Stream:
        import ffmpeg

        speech = assemble_audio(nodes, self.cut.inputs, self.cut.pieces,
                                self.timeline.crossfade)
        if self.music_path is None or self.music is None:
            return speech
        music = self._music_bed()
        if self.music.duck:
            speech, key = (speech.filter_multi_output("asplit", 2).stream(i) for i in (0, 1))
            # The compressor ends at the first end of either input and drops what it had not
            # yet paired, which depended on which branch ffmpeg's threads delivered first (a
            # different last ~50 ms from run to run): both run on in silence, the cut is exact.
            music = (ffmpeg.filter([music.filter("apad"), key.filter("apad")],
                                   "sidechaincompress", threshold=0.03, ratio=8, attack=20,
                                   release=400, makeup=1)
                     .filter("atrim", end=f"{self.timeline.duration:.6f}"))
        return ffmpeg.filter([speech, music], "amix", inputs=2, normalize=0,
                             duration="first", dropout_transition=0)

    def _music_bed(self) -> Stream:
        import ffmpeg

        assert self.music is not None and self.music_path is not None
        d = self.timeline.duration
        node = (ffmpeg.input(str(self.music_path), stream_loop=-1).audio
                .filter("atrim", end=f"{d:.6f}").filter("asetpts", "PTS-STARTPTS")
                .filter("aformat", sample_rates=AUDIO_RATE, channel_layouts="stereo")
                .filter("volume", f"{self.music.gain_db:.2f}dB"))
        if self.music.fade_in > 0:
            node = node.filter("afade", t="in", st=0, d=f"{min(self.music.fade_in, d / 2):.3f}")
        if self.music.fade_out > 0:
            out = min(self.music.fade_out, d / 2)
            node = node.filter("afade", t="out", st=f"{d - out:.3f}", d=f"{out:.3f}")
        return node

    def _with_cues(self, base: Stream) -> Stream:
        """``base`` with every cue laid on at its time, at its level under the speech."""
        import ffmpeg

        from toolkit.edit.cues import LEVELS, SFX_LUFS, sfx_path

        speech = self.speech_lufs
        if speech is None or not math.isfinite(speech) or speech < SILENT_SPEECH:
            speech = self.target.i if self.target is not None else DEFAULT_SPEECH_LUFS
        by_kind: dict[str, list[Any]] = {}
        for cue in self.timeline.cues:
            by_kind.setdefault(cue.kind, []).append(cue)
        layers = [base]
        for kind, cues in by_kind.items():
            sound = ffmpeg.input(str(sfx_path(kind))).audio
            copies = ([sound] if len(cues) == 1 else
                      [sound.filter_multi_output("asplit", len(cues)).stream(i)
                       for i in range(len(cues))])
            for cue, node in zip(cues, copies):
                gain = speech + LEVELS[kind] + cue.gain_db - SFX_LUFS
                delay = round(cue.at * 1000)
                layers.append(node.filter("aformat", sample_rates=AUDIO_RATE,
                                          channel_layouts="stereo")
                              .filter("volume", f"{gain:.2f}dB")
                              .filter("adelay", f"{delay}", all=1))
        return ffmpeg.filter(layers, "amix", inputs=len(layers), normalize=0,
                             duration="first", dropout_transition=0)

    def measure(self, cancel: threading.Event | None = None) -> None:
        """Loudness pass 1 on the assembled mix (skipped without a target or any sound); with
        cues, first the speech's own loudness (their level follows it). ``cancel`` stops it
        (:class:`~toolkit.errors.Cancelled`); it needs nothing but the cut (the render runs it
        beside the takes' analyses)."""
        from toolkit.media.loudness import measure_for_norm, measure_stream

        if self.timeline.cues and any(i.has_audio for i in self.cut.inputs):
            self.speech_lufs = measure_stream(
                self._speech_and_music(open_inputs(self.cut.inputs)), self.timeline.project,
                timeout=120.0 + 4.0 * self.timeline.duration, cancel=cancel).integrated
        if self.target is None:
            return
        self.stats = measure_for_norm(
            self.timeline.project, self.target,
            source=lambda: self.mix(open_inputs(self.cut.inputs)),
            timeout=120.0 + 4.0 * self.timeline.duration, cancel=cancel)

    def final(self, nodes: list[Stream]) -> Stream:
        """The finished sound for the render graph (normalised when measured), 48 kHz."""
        from toolkit.media.loudness import apply_norm

        mixed = self.mix(nodes)
        if self.stats is None or self.target is None:
            return mixed.filter("aresample", AUDIO_RATE)
        return apply_norm(mixed, self.stats, self.target)
