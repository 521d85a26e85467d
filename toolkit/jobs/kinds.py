"""THE registry of job kinds: name -> ``"module:function"``.

Each function has the signature ``fn(params: dict, ctx: JobContext) -> dict``; the returned dict
(JSON data, output paths under ``"outputs"``: a list, or a dict of paths or lists of paths by
name) becomes the job's ``result``. Functions are imported
only when a worker runs a job of their kind. Add a kind with one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

KINDS: dict[str, str] = {
    "ingest": "toolkit.jobs.builtin:ingest_job",
    "subtitle": "toolkit.jobs.builtin:subtitle_job",
    "export": "toolkit.jobs.builtin:export_job",
    "reformat": "toolkit.jobs.builtin:reformat_job",
    "noop": "toolkit.jobs.builtin:noop_job",
    "render": "toolkit.jobs.project_jobs:render_job",
    "prepare": "toolkit.jobs.project_jobs:prepare_job",
    "showcase": "toolkit.jobs.showcase_job:showcase_job",
    "transcribe": "toolkit.jobs.project_jobs:transcribe_job",
    "quick_subtitles": "toolkit.jobs.builtin:quick_subtitles_job",
    "autotrim": "toolkit.jobs.project_jobs:autotrim_job",
    "example": "toolkit.jobs.project_jobs:example_job",
    "take_export": "toolkit.jobs.project_jobs:export_take_job",
    "analyse": "toolkit.jobs.builtin:analyse_job",
}

# Parameters that name input files: their content goes into the idempotency key.
# (Also looked up inside a nested "options" dict; a "project" adds its project.yaml.)
INPUT_PARAMS: tuple[str, ...] = ("src", "srcs", "input", "inputs", "glossary", "ass", "script",
                                 "transcript_in", "brand", "music")

JobFn = Callable[[dict[str, Any], Any], dict[str, Any]]


def resolve(kind: str) -> JobFn:
    """Import the function registered for ``kind``.

    Raises:
        KeyError: ``kind`` is not registered.
    """
    module, _, name = KINDS[kind].partition(":")
    return getattr(importlib.import_module(module), name)
