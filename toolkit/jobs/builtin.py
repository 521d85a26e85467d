"""The job functions of the file kinds (registered in :mod:`toolkit.jobs.kinds`).

Each takes JSON parameters and a :class:`~toolkit.jobs.model.JobContext`, calls the library
with ``progress``/``cancel`` wired to the job record, and returns JSON data whose ``outputs``
lists every file written. Parameter names follow the CLI's options. The kinds bound to a
project are in :mod:`toolkit.jobs.project_jobs`, the showcase in :mod:`toolkit.jobs.showcase_job`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.jobs.model import JobContext
from toolkit.messages import register, t

register({
    "preview.stage_analyse": ("Personen im Bild finden", "Finding the people in the picture"),
})


def _opt_path(value: Any) -> Path | None:
    return Path(value) if value else None


def noop_job(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Do nothing (measures the queue's own overhead); echoes ``params``."""
    ctx.progress(1.0, "noop")
    return {"outputs": [], "echo": params}


def ingest_job(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """``{"src", "out"}`` -> :func:`toolkit.media.ingest.ingest`."""
    from toolkit.media.ingest import ingest

    result = ingest(params["src"], params["out"], cancel=ctx.cancel,
                    progress=ctx.stage_progress("ingest"))
    return {"outputs": [str(result.path)], "fixed": list(result.fixed),
            "warnings": [n.message() for n in result.warnings],
            "duration": result.after.duration}


def reformat_job(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """``{"src", "dst", "aspect", "mode", "width", "pad_color", "threads", "speed", "layout"}``
    -> :func:`toolkit.products.reformat.reformat`."""
    from toolkit.products.reformat import reformat

    done = reformat(params["src"], params["dst"], params.get("aspect", "9:16"),
                    params.get("mode", "smart"), width=params.get("width"),
                    pad_color=params.get("pad_color", "black"), threads=params.get("threads"),
                    speed=params.get("speed", "default"), layout=params.get("layout", "auto"),
                    progress=ctx.stage_progress("render"), cancel=ctx.cancel)
    return {"outputs": [str(p) for p in done.files],
            "report": done.report.to_dict() if done.report else None}


def _stage_when_it_starts(ctx: JobContext, stage: str, start: float,
                          end: float) -> Callable[[float], None]:
    """:meth:`JobContext.stage_progress`, entered at the stage's first report (so a later
    stage handed in beforehand does not move the job on early)."""
    entered: list[Callable[[float], None]] = []

    def report(fraction: float) -> None:
        if not entered:
            entered.append(ctx.stage_progress(stage, start, end))
        entered[0](fraction)
    return report


def export_job(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """``{"src", "platforms", "out", "mode", "loudness", "start", "end", "cover_at", "ass",
    "fonts_dir", "captions", "lang", "glossary", "speed", "layout"}`` ->
    :func:`toolkit.products.export.export`."""
    from toolkit.edit.plan import RenderOptions
    from toolkit.platforms import resolve_presets
    from toolkit.products.export import TRANSCRIBE_SHARE, export

    presets = resolve_presets(params["platforms"])
    loudness = params.get("loudness", "social")
    options = RenderOptions(mode=params.get("mode", "smart"),
                            loudness=None if str(loudness).lower() == "off" else loudness,
                            cover_at=params.get("cover_at"),
                            speed=params.get("speed", "default"),
                            layout=params.get("layout", "auto"),
                            captions=params.get("captions"), language=params.get("lang", "de"))
    share = TRANSCRIBE_SHARE if options.captions else 0.0
    results = export(Path(params["src"]), presets, params["out"], options,
                     start=params.get("start"), end=params.get("end"),
                     glossary=params.get("glossary"), ass=params.get("ass"),
                     fonts_dir=params.get("fonts_dir"), cancel=ctx.cancel,
                     transcribe_progress=_stage_when_it_starts(ctx, "transcribe", 0.0, share),
                     progress=_stage_when_it_starts(ctx, "export", share, 1.0))
    return {"outputs": [str(p) for r in results for p in r.files],
            "reports": [r.report.to_dict() for r in results]}


def subtitle_job(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """``{"src", "lang", "model", "glossary", "script", "style", "brand", "srt", "vtt", "ass_out",
    "txt", "transcript_in", "transcript_out", "burn", "aspect", "fit", "no_cache", "project"}``
    -> transcript and files.

    Progress follows the recognised segments (segment end / duration); with ``burn`` the
    burn-in takes the last part.
    """
    from toolkit.captions.glossary import Glossary, load_glossary
    from toolkit.products.subtitle_outputs import check_burn_names, write_caption_outputs
    from toolkit.captions.styles import load_style
    from toolkit.captions.transcribe import TranscribeOptions, transcribe

    src = Path(params["src"])
    terms = load_glossary(params["glossary"]) if params.get("glossary") else Glossary()
    if params.get("project"):  # the project's names, company, trade and placeholders
        from toolkit.captions.project_terms import project_glossary
        from toolkit.project import open_project

        terms = project_glossary(open_project(params["project"], workspace=ctx.workspace),
                                 terms)
    kit = _brand(params.get("brand"))
    caption_style = load_style(params.get("style", "classic"), brand=kit)
    burn = _opt_path(params.get("burn"))
    check_burn_names(burn, [_opt_path(params.get(k)) for k in
                            ("srt", "vtt", "ass_out", "txt", "transcript_out")])
    options = TranscribeOptions(model=params.get("model", "base"),
                                language=params.get("lang", "de"), hotwords=terms.terms,
                                replacements=terms.replacements,
                                use_cache=not params.get("no_cache", False))
    split = 0.6 if burn else 0.95
    if params.get("transcript_in"):
        from toolkit.captions.transcript import Transcript

        transcript = Transcript.load(params["transcript_in"])
    else:
        transcript = transcribe(src, options, cancel=ctx.cancel,
                                progress=ctx.stage_progress("transcribe", 0.0, split))
    if params.get("script"):
        from toolkit.captions.align import align_transcript

        transcript = align_transcript(
            transcript, Path(params["script"]).read_text(encoding="utf-8-sig"))
    written: dict[str, str] = {}
    if params.get("transcript_out"):
        written["transcript"] = str(transcript.save(params["transcript_out"]))
    sidecars = {k: _opt_path(params.get(p)) for k, p in
                (("srt", "srt"), ("vtt", "vtt"), ("ass", "ass_out"), ("txt", "txt"))}
    written.update(write_caption_outputs(
        src, transcript, terms, caption_style, kit, sidecars, burn,
        params.get("aspect", "9:16"), params.get("fit", "smart"),
        progress=ctx.stage_progress("burn", split, 1.0), cancel=ctx.cancel))
    return {"outputs": list(written.values()), "files": written, "text": transcript.text,
            "language": transcript.language, "review": transcript.needs_review()}


def _brand(path: Any) -> Any:
    if not path:
        return None
    from toolkit.project.brand import load_brand_kit

    return load_brand_kit(path)[0]


def quick_subtitles_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Job ``quick_subtitles``: params ``src``, ``out_dir`` and optional ``style``,
    ``aspect``, ``mode``, ``language``."""
    from toolkit.products.quick import quick_subtitles

    files = quick_subtitles(params["src"], params["out_dir"],
                            style=params.get("style", "social"),
                            aspect=params.get("aspect", "9:16"),
                            mode=params.get("mode", "smart"),
                            language=params.get("language", "de"),
                            progress=ctx.progress, cancel=ctx.cancel)
    return {**{kind: str(path) for kind, path in files.items()},
            "outputs": [str(path) for path in files.values()]}


def analyse_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Job ``analyse``: params ``src``, optional ``start``/``end``; fills the analysis cache
    that smart framing, covers and :func:`crop_preview` read."""
    from toolkit.media.probe import probe
    from toolkit.reframe.analysis import analyse_clip

    src = Path(params["src"])
    info = probe(src)
    stage = t("preview.stage_analyse")
    analyse_clip(src, info, params.get("start") or 0.0, params.get("end"),
                 progress=lambda f: ctx.progress(f, stage), cancel=ctx.cancel)
    return {"src": str(src)}
