"""The check report of every delivered file: a project's render and a single clip's export.

The report is :class:`toolkit.media.report.ExportReport`, measured on the written file (streams,
faststart, edit list, loudness) and checked against the platform's preset, with every note: a
silent track added, (almost) silent sound, loudnorm's fall-back to dynamic mode, an enlarged
picture, a video over its planned length, a consent override. Its ``source`` part describes
what was rendered: for a clip (:func:`toolkit.edit.clip_plan.plan_clip`) the source file and the
section used; for a project the timeline (the clips with their takes, ranges and planned
seconds), the planned vs actual length per shot and in total (``lengths``,
:mod:`toolkit.edit.lengths`) and the consent (who is visible, overrides with their reasons).
Both name the cover time; ``options`` records the choices the file was made with.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from toolkit.edit.timeline import Timeline
from toolkit.platforms import Preset
from toolkit.media.report import (ExportReport, describe_output, encoder_settings, run_checks,
                                  sound_notes, upscale_notes)
from toolkit.messages import register, t

register({
    "render.consent_override": (
        "Veröffentlicht ohne Einwilligung von {people}: Ausnahme von {by} am {at} – {reason}",
        "Published without consent of {people}: exception by {by} on {at} – {reason}",
    ),
})


def timeline_facts(timeline: Timeline) -> dict[str, Any]:
    """What the report says about the timeline (clips, takes, ranges, overlays)."""
    return {
        "duration": round(timeline.duration, 3), "fps": timeline.fps,
        "clips": [{"id": c.id, "kind": c.kind, "start": round(c.start, 3),
                   "seconds": round(c.seconds, 3), "planned": c.planned, "picked": c.picked,
                   "takes": [{"take": s.take, "ranges": [[r.start, r.end] for r in s.ranges]}
                             for s in c.sources]} for c in timeline.clips],
        "overlays": [{"kind": o.kind, "start": round(o.start, 3), "end": round(o.end, 3)}
                     for o in timeline.overlays],
        "music": timeline.music().file if timeline.music() else None,
        "captions": timeline.captions.style if timeline.captions else None,
        "cues": [{"kind": c.kind, "at": round(c.at, 3)} for c in timeline.cues],
        "transitions": [{"after": x.after, "kind": x.kind, "seconds": x.seconds}
                        for x in timeline.transitions],
    }


def picture_notes(cut: Any, looks: Any) -> list[str]:
    """Notes about one output's picture: each take enlarged by more than 5 % (once per text).

    Args:
        cut: The :class:`~toolkit.edit.layout.Pieces` of the timeline.
        looks: The output's :class:`~toolkit.media.timeline_graph.PieceLook` per piece.
    """
    notes: dict[str, None] = {}
    for piece, look in zip(cut.pieces, looks):
        for part, frame in zip(piece.parts, look.frames):
            notes.update(dict.fromkeys(upscale_notes(cut.inputs[part.input].frame, frame)))
    return list(notes)


def framing_facts(mode: str, looks: Any) -> dict[str, Any]:
    """The framing an output was made with: the fit and, for ``smart``, its camera shots.

    Args:
        mode: The fit.
        looks: The output's :class:`~toolkit.media.timeline_graph.PieceLook` per piece.
    """
    shots = [{"start": round(s.start, 3), "end": round(s.end, 3), "layout": s.layout}
             for look in looks for frame in look.frames if frame.camera is not None
             for s in frame.camera.shots]
    return {"mode": mode, **({"camera": shots} if shots else {})}


def platform_report(preset: Preset, video: Path, cover: Path, plan: Any, mix: Any,
                    measured: dict[str, Any], warnings: list[str],
                    cover_at: float | None = None, *, options: dict[str, Any] | None = None,
                    normalization: str | None = None, framing: dict[str, Any] | None = None,
                    seconds: float = 0.0) -> ExportReport:
    """Measure one platform's files and check them against its preset.

    Args:
        preset: The (scaled) preset.
        video: The platform's MP4.
        cover: Its cover JPEG.
        plan: The :class:`~toolkit.edit.plan.RenderPlan`.
        mix: The :class:`~toolkit.edit.audio.AudioMix` (target and pass-1 statistics).
        measured: Cache shared by platforms of one encode (``output``, ``loudness``).
        warnings: Render-wide warnings (texts).
        cover_at: Time of the cover frame in the video (recorded in ``source``).
        options: The choices it was made with (:meth:`toolkit.framing.Delivery.to_dict`).
        normalization: loudnorm's mode in the render (``linear`` or ``dynamic``), if measured.
        framing: :func:`framing_facts` of its encode (recorded with the encoder settings).
        seconds: How long the render ran.
    """
    if "output" not in measured:
        measured.update(measure_output(video, mix, normalization))
    out, loud = dict(measured["output"]), measured["loudness"]
    fps = float(out["fps"] or 0)
    texts = (list(warnings) + sound_notes(mix.has_sound, loud)
             + _override_texts(plan.consent))
    return ExportReport(
        platform=preset.id, file=video.name, cover=cover.name,
        source=source_part(plan, cover_at), output=out,
        encoder={**encoder_settings(preset, fps), **(framing or {})}, loudness=loud,
        checks=run_checks(preset, out, loud) + ([plan.lengths.check()] if plan.lengths else []),
        safe_zone=asdict(preset.safe_zone), warnings=texts, seconds=round(seconds, 2),
        options=dict(options or {}))


def measure_output(video: Path, mix: Any, normalization: str | None) -> dict[str, Any]:
    """What :func:`platform_report` measures of an encode (``output``, ``loudness``): the same
    for every platform sharing it, so it can be measured once, beside other work."""
    return {"output": describe_output(video), "loudness": _loudness(video, mix, normalization)}


def source_part(plan: Any, cover_at: float | None) -> dict[str, Any]:
    """The report's ``source``: the clip's file (a clip plan) or the project's timeline."""
    at = None if cover_at is None else round(cover_at, 3)
    if plan.source is not None:
        return {**plan.source, "cover_at": at}
    return {"project": plan.project, "timeline": timeline_facts(plan.timeline),
            "lengths": plan.lengths.model_dump() if plan.lengths is not None else None,
            "consent": plan.consent, "cover_at": at}


def _loudness(video: Path, mix: Any, normalization: str | None) -> dict[str, Any] | None:
    from toolkit.media.loudness import measure_loudness

    if not mix.has_sound:
        return None
    m = measure_loudness(video)
    if not math.isfinite(m.integrated):
        return None
    data: dict[str, Any] = {"integrated": round(m.integrated, 2),
                            "true_peak": round(m.true_peak, 2), "lra": round(m.lra, 2),
                            "measured_once_on": "assembled timeline"}
    if mix.target is not None:
        data.update(target_i=mix.target.i, target_tp=mix.target.tp)
    if mix.stats is not None:
        data["pass1"] = mix.stats.to_dict()
        if normalization is not None:
            data["normalization_type"] = normalization
    return data


def _override_texts(consent: dict[str, Any]) -> list[str]:
    return [t("render.consent_override", people=", ".join(o["people"]), by=o["by"],
              at=o["at"][:10], reason=o["reason"]) for o in consent.get("overrides", [])]

