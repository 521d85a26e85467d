"""The job functions of the kinds bound to a project (registered in :mod:`toolkit.jobs.kinds`).

Each takes JSON parameters and a :class:`~toolkit.jobs.model.JobContext` (``progress``,
``cancel``, ``workspace``), calls the library and returns JSON data whose ``outputs`` lists every
file written. The file-only kinds are in :mod:`toolkit.jobs.builtin`, the showcase in
:mod:`toolkit.jobs.showcase_job`.
"""

from __future__ import annotations

from typing import Any

from toolkit.messages import t


def render_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """The ``render`` job kind: ``params`` = ``{"project", "platforms", "out_dir"?,
    "options"?: RenderOptions fields}``; ``ctx`` gives ``progress(fraction, stage)``,
    ``cancel`` (an Event) and ``workspace``.

    Returns:
        ``{"outputs": {platform: mp4}, "covers": …, "reports": …, "subtitles": …, "ok": bool}``.
    """
    from toolkit.edit.plan import RenderOptions
    from toolkit.edit.run import render_project

    options = RenderOptions(**dict(params.get("options") or {}))
    result = render_project(params["project"], params["platforms"],
                            out_dir=params.get("out_dir"), options=options,
                            progress=lambda f: ctx.progress(f, "render"), cancel=ctx.cancel,
                            workspace=getattr(ctx, "workspace", None))
    return {"outputs": {f.platform: str(f.video) for f in result.files},
            "covers": {f.platform: str(f.cover) for f in result.files},
            "reports": {f.platform: str(f.report_path) for f in result.files},
            "subtitles": {f.platform: [str(s) for s in f.subtitles] for f in result.files},
            "ok": all(f.report.ok for f in result.files), "seconds": result.seconds}


def prepare_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """The ``prepare`` job kind: the ``render`` job's params; analyses and transcribes into the
    caches what that render will read (:mod:`toolkit.edit.prepare`), writing no file.

    A project that cannot be rendered as it is (a missing take or consent, a bad take) is not
    a failure of this job: it ends with ``{"skipped": message}``, and the render, where the
    user looks for it, refuses with the same message.
    """
    from toolkit.edit.plan import RenderOptions
    from toolkit.edit.prepare import prepare_render
    from toolkit.errors import Cancelled, MachmalError

    options = RenderOptions(**dict(params.get("options") or {}))
    try:
        done = prepare_render(params["project"], params["platforms"], options=options,
                              progress=lambda f: ctx.progress(f, "prepare"), cancel=ctx.cancel,
                              workspace=getattr(ctx, "workspace", None))
    except Cancelled:
        raise
    except MachmalError as error:
        return {"skipped": str(error)}
    return {"analysed": done.analysed, "cached": done.cached, "transcribed": done.transcribed,
            "measured": done.measured, "seconds": done.seconds}


def transcribe_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Job ``transcribe``: params ``project``, ``take``, optional ``language``."""
    from toolkit.takes.take_captions import transcribe_take, transcript_file
    from toolkit.project import open_project

    project = open_project(params["project"], ctx.workspace)
    stage = t("captions.stage_transcribe")
    transcript = transcribe_take(project, params["take"], language=params.get("language", "de"),
                                 progress=lambda f: ctx.progress(f, stage), cancel=ctx.cancel)
    path = str(transcript_file(project, params["take"]))
    return {"transcript": path, "outputs": [path],
            "words": len(transcript.words), "review": len(transcript.needs_review())}


def autotrim_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Job ``autotrim``: params ``project``, ``take``; sets the take's in/out to its speech."""
    from toolkit.project import open_project, update_project
    from toolkit.project.trim_takes import set_take_range, speech_range

    ctx.progress(0.1, t("trim.stage_detect"))
    start, end = speech_range(open_project(params["project"], ctx.workspace), params["take"])
    update_project(params["project"], lambda p: set_take_range(p, params["take"], start, end),
                   workspace=ctx.workspace)
    return {"start": start, "end": end}


def example_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Job ``example``: create the example project and render it for Reels with captions."""
    from toolkit.products.example import PLATFORM, create_example_project
    from toolkit.products.export_take import export_take

    ctx.progress(0.0, t("example.stage_create"))
    project = create_example_project(ctx.workspace)
    stage = t("export.stage")
    results = export_take(project, [params.get("platform", PLATFORM)],
                          captions=params.get("captions", "social"),
                          progress=lambda f: ctx.progress(f, stage), cancel=ctx.cancel)
    return {"project": project.name, "video": str(results[0].video),
            "outputs": [str(results[0].video), str(results[0].cover)]}


def export_take_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Job ``take_export``: params ``project``, ``platforms`` and optional ``take``, ``shot``,
    ``captions``, ``mode``. Result: per platform the written files."""
    from toolkit.products.export_take import export_take
    from toolkit.project import open_project

    project = open_project(params["project"], ctx.workspace)
    stage = t("export.stage")
    results = export_take(project, params["platforms"], take_id=params.get("take"),
                          shot_id=params.get("shot"),
                          captions=params.get("captions", "social"),
                          mode=params.get("mode", "smart"),
                          layout=params.get("layout", "auto"),
                          speed=params.get("speed", "default"),
                          progress=lambda f: ctx.progress(f, stage), cancel=ctx.cancel)
    return {"project": project.name, "videos": {r.platform: str(r.video) for r in results},
            "outputs": [str(p) for r in results
                        for p in (r.video, r.cover, r.report_path)]}
