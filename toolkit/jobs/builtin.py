"""The job functions of the file kinds (registered in :mod:`toolkit.jobs.kinds`).

Each takes JSON parameters and a :class:`~toolkit.jobs.model.JobContext`, calls the library
with ``progress``/``cancel`` wired to the job record, and returns JSON data whose ``outputs``
lists every file written. Parameter names follow the CLI's options. The kinds bound to a
project are in :mod:`toolkit.jobs.project_jobs`, the showcase in :mod:`toolkit.jobs.showcase_job`.
"""

from __future__ import annotations

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

    out = reformat(params["src"], params["dst"], params.get("aspect", "9:16"),
                   params.get("mode", "smart"), width=params.get("width"),
                   pad_color=params.get("pad_color", "black"), threads=params.get("threads"),
                   speed=params.get("speed", "default"), layout=params.get("layout", "auto"),
                   progress=ctx.stage_progress("render"), cancel=ctx.cancel)
    return {"outputs": [str(out)]}


def export_job(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """``{"src", "platforms", "out", "mode", "loudness", "start", "end", "cover_at", "ass",
    "fonts_dir", "captions", "lang", "glossary", "speed", "layout"}`` ->
    :func:`toolkit.products.export.export`."""
    from toolkit.platforms import resolve_presets
    from toolkit.products.export import ExportOptions, export_captioned

    src = Path(params["src"])
    presets = resolve_presets(params["platforms"])
    start, end = params.get("start"), params.get("end")
    burned = None
    if params.get("captions"):
        from toolkit.captions.for_export import prepare_export_captions

        burned = prepare_export_captions(
            src, params["captions"], params.get("lang", "de"), _opt_path(params.get("glossary")),
            start, end, progress=ctx.stage_progress("transcribe", 0.0, 0.3), cancel=ctx.cancel,
            framing=(params.get("mode", "smart"), params.get("speed", "default"),
                     params.get("layout", "auto")))
    ass = _opt_path(params.get("ass"))
    loudness = params.get("loudness", "social")
    options = ExportOptions(mode=params.get("mode", "smart"),
                            loudness=None if str(loudness).lower() == "off" else loudness,
                            start=start, end=end, cover_at=params.get("cover_at"),
                            subtitles=(lambda _w, _h: ass) if ass else None,
                            fonts_dir=_opt_path(params.get("fonts_dir")),
                            speed=params.get("speed", "default"),
                            layout=params.get("layout", "auto"),
                            captions=params.get("captions"), language=params.get("lang", "de"))
    results = export_captioned(src, presets, params["out"], options, burned, cancel=ctx.cancel,
                               progress=ctx.stage_progress("export", 0.3 if burned else 0.0,
                                                           1.0))
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
    from toolkit.products.subtitle_outputs import write_caption_outputs
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
