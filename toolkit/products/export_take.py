"""Export one take of a project for platforms, with its (reviewed) captions burned in.

The files land in ``<project>/exports/`` as ``<platform>.mp4``, ``.jpg`` (cover), ``.json``
(check report) and, with captions, ``.srt``/``.vtt`` – the layout the project render uses, so
the studio's downloads and the showcase read both alike. The take's in/out points are honoured
and its transcript (edited on the Subtitles page, else made now) gives the captions.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import ProjectError
from toolkit.messages import register
from toolkit.project.model import Project, Take

register({
    "project.no_takes": (
        "Das Projekt „{name}“ hat noch keine Aufnahmen. Bitte zuerst auf der Seite "
        "„Aufnahmen“ (oder mit machmal project add-take) einen Take hochladen.",
        "The project '{name}' has no takes yet. Please upload a take on the 'Upload' page "
        "(or with machmal project add-take) first.",
    ),
    "export.stage": ("Exportieren", "Exporting"),
})


def first_take(project: Project, shot_id: str | None = None) -> tuple[str, Take]:
    """``(shot id, take)``: the chosen (else newest) take of ``shot_id`` or of the first shot
    that has one.

    Raises:
        ProjectError: The project (or shot) has no takes.
    """
    from toolkit.project.trim_takes import chosen_take

    for sid in project.shots:
        take = chosen_take(project, sid) if shot_id is None or sid == shot_id else None
        if take is not None:
            return sid, take
    raise ProjectError("project.no_takes", name=project.name)


def export_take(project: Project, platforms: Sequence[str], *, take_id: str | None = None,
                shot_id: str | None = None,
                captions: str | None = "social", mode: str = "smart", layout: str = "auto",
                speed: str = "default", progress: Any = None, cancel: Any = None) -> list[Any]:
    """Export a take of ``project`` for ``platforms`` into ``<project>/exports/``.

    Args:
        project: The project.
        platforms: Preset ids.
        take_id: The take (default: the chosen take of ``shot_id``).
        shot_id: The shot (default: the first shot that has a take).
        captions: Caption style name, or None for no captions.
        mode: Fit mode (smart, center, blur, pad).
        layout: ``smart``: auto, single, split or pad.
        speed: ``smart``: how fast the camera may follow (slower, default, faster).
        progress: Called with a fraction 0..1.
        cancel: ``threading.Event`` that stops the export (no file left behind).

    Returns:
        The :class:`~toolkit.edit.run.PlatformFiles` list.

    Raises:
        ProjectError: No takes / unknown take.
        PresetViolation, MediaError, FFmpegError, Cancelled: from the export.
    """
    from toolkit.edit.plan import RenderOptions
    from toolkit.project.takes import find_take
    from toolkit.products.export import export

    _shot, take = find_take(project, take_id) if take_id else first_take(project, shot_id)
    src = project.folder / "media" / take.file
    out_dir = project.folder / "exports"
    with tempfile.TemporaryDirectory(prefix="machmal-export-") as workdir:
        burned = _captions(project, take, captions, Path(workdir)) if captions else None
        options = RenderOptions(mode=mode, speed=speed, layout=layout, captions=captions or None)
        return export(src, list(platforms), out_dir, options, start=take.start, end=take.end,
                      captions=burned, progress=progress, cancel=cancel)


def _captions(project: Project, take: Take, style: str, workdir: Path) -> Any:
    from toolkit.captions.for_export import ExportCaptions
    from toolkit.captions.styles import load_style
    from toolkit.project import take_range
    from toolkit.takes.take_captions import load_take_transcript, transcribe_take

    transcript = load_take_transcript(project, take.id) or transcribe_take(project, take.id)
    names = tuple(p.name for p in project.people) + tuple(x for x in (project.company,) if x)
    return ExportCaptions(transcript, load_style(style), start=take_range(take)[0], end=take.end,
                          names=names, brand=project.brand, workdir=workdir)
