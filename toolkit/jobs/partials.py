"""Remove the hidden temporary files an interrupted attempt may have left.

The runner writes ``.<stem>.partial-<random><suffix>`` beside each final output and renames it
when ffmpeg succeeds, and a render keeps its work files (graphics, subtitles, the cover's
frames) in a hidden ``.render-<random>`` folder in the output folder; a worker killed with
SIGKILL cannot clean up, so a retry or the reaper does.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

# Parameters that name output files or folders.
OUTPUT_PARAMS = ("out", "dst", "out_dir", "srt", "vtt", "ass_out", "txt", "burn",
                 "transcript_out")


def output_paths(params: dict[str, Any]) -> list[Path]:
    """The output files and folders named in ``params``."""
    return [Path(params[n]) for n in OUTPUT_PARAMS
            if isinstance(params.get(n), str) and params[n]]


def sweep_partials(params: dict[str, Any]) -> list[Path]:
    """Delete temporary siblings of the outputs named in ``params``; return what was removed."""
    removed: list[Path] = []
    for target in output_paths(params):
        pattern = ".*.partial-*" if target.is_dir() else f".{target.stem}.partial-*"
        folder = target if target.is_dir() else target.parent
        for tmp in folder.glob(pattern) if folder.is_dir() else ():
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                pass
        for work in folder.glob(".render-*") if folder.is_dir() else ():
            if work.is_dir():  # the render's work folder (toolkit.edit.run.execute_plan)
                shutil.rmtree(work, ignore_errors=True)
                removed.append(work)
    return removed
