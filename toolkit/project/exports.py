"""The finished files of a project (``<project>/exports/``): listed per platform, the check
report as table rows, and everything as one zip.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.messages import register, t
from toolkit.project.model import Project

register({
    "exports.report_invalid": (
        "{path}: Der Prüfbericht lässt sich nicht lesen ({detail}). Bitte neu exportieren.",
        "{path}: the check report cannot be read ({detail}). Please export again.",
    ),
    "exports.check.size": ("Bildgröße", "Picture size"),
    "exports.check.fps": ("Bildrate", "Frame rate"),
    "exports.check.video_codec": ("Video-Codec", "Video codec"),
    "exports.check.pix_fmt": ("Pixelformat", "Pixel format"),
    "exports.check.audio_codec": ("Ton-Codec", "Audio codec"),
    "exports.check.faststart": ("Schnellstart im Web", "Fast start on the web"),
    "exports.check.edit_list": ("Edit-Liste", "Edit list"),
    "exports.check.duration": ("Länge", "Duration"),
    "exports.check.file_size": ("Dateigröße", "File size"),
    "exports.check.video_bitrate": ("Video-Bitrate", "Video bitrate"),
    "exports.check.loudness": ("Lautheit", "Loudness"),
    "exports.check.true_peak": ("Spitzenpegel", "True peak"),
    "exports.check.plan_length": ("Länge laut Vorlage", "Length per template"),
    "exports.col.check": ("Prüfung", "Check"),
    "exports.col.ok": ("OK", "OK"),
    "exports.col.expected": ("Soll", "Expected"),
    "exports.col.actual": ("Ist", "Actual"),
})

SIDECARS = ("mp4", "jpg", "json", "srt", "vtt")
PREVIEW_DIR = "preview"
"""Sub-folder of ``exports/`` for small preview renders (never mixed up with finished videos)."""
PREVIEW_SCALE = 1 / 3
"""Size of a preview render as a share of each platform's size (reels: 360x640)."""


@dataclass
class ExportSet:
    """The files of one platform in ``exports/`` (missing ones are None)."""

    platform: str
    video: Path
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def report(self) -> Path | None:
        """The check report (JSON), if written."""
        return self.files.get("json")


def exports_dir(project: Project, preview: bool = False) -> Path:
    """``<project>/exports`` (finished videos) or its ``preview/`` sub-folder."""
    folder = project.folder / "exports"
    return folder / PREVIEW_DIR if preview else folder


def list_exports(project: Project, preview: bool = False) -> list[ExportSet]:
    """Every platform with a finished MP4 in ``exports/`` (or, with ``preview``, in
    ``exports/preview/``); half-written files are never seen: outputs are renamed into place
    only when complete."""
    folder = exports_dir(project, preview)
    sets = []
    for video in sorted(folder.glob("*.mp4")) if folder.is_dir() else []:
        if video.name.startswith("."):
            continue
        files = {kind: video.with_suffix(f".{kind}") for kind in SIDECARS
                 if video.with_suffix(f".{kind}").is_file()}
        sets.append(ExportSet(video.stem, video, files))
    return sets


def report_rows(report: Path, lang: str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """The check report as table rows (check, ok, expected, actual) plus its warnings.

    Raises:
        UserInputError: The report is not readable JSON.
    """
    from toolkit.errors import UserInputError

    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserInputError("exports.report_invalid", path=str(report),
                             detail=str(exc)[:200]) from exc
    rows = [{t("exports.col.check", lang): t(f"exports.check.{c['name']}", lang),
             t("exports.col.ok", lang): bool(c["ok"]),
             t("exports.col.expected", lang): c["expected"],
             t("exports.col.actual", lang): c["actual"]} for c in data.get("checks", [])]
    return rows, [str(w) for w in data.get("warnings", [])]


def zip_exports(sets: list[ExportSet]) -> bytes:
    """All files of ``sets`` as one zip (in memory; exports are short social videos)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for export in sets:
            for path in export.files.values():
                zf.write(path, path.name)
    return buffer.getvalue()
