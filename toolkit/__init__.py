"""machmal: plan, shoot, subtitle, reformat and export short recruiting videos.

The Python API. Names are imported lazily, so ``import toolkit`` stays fast and loads neither
PyAV, OpenCV nor the Whisper runtime until they are used::

    import toolkit

    info = toolkit.probe("clip.mov")
    toolkit.ingest("clip.mov", "work.mp4")                 # upright, CFR, 48 kHz
    toolkit.trim("work.mp4", "cut.mp4", silence=True)      # jump cuts
    toolkit.export("cut.mp4", ["reels", "tiktok"], "out/")  # MP4 + cover + report each
    transcript = toolkit.transcribe("cut.mp4")             # German, offline base model
    toolkit.render_project("Duell Bäckerei", "reels,youtube")  # the finished project video

The library never prints or exits; it raises :class:`toolkit.errors.MachmalError` subclasses
whose message is rendered in the user's language (:func:`toolkit.messages.set_language`).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "probe": "toolkit.media.probe",
    "MediaInfo": "toolkit.media.probe",
    "ingest": "toolkit.media.ingest",
    "trim": "toolkit.media.trim",
    "reformat": "toolkit.products.reformat",
    "normalize": "toolkit.media.loudness",
    "measure_loudness": "toolkit.media.loudness",
    "export": "toolkit.products.export",
    "get_preset": "toolkit.platforms",
    "transcribe": "toolkit.captions.transcribe",
    "TranscribeOptions": "toolkit.captions.transcribe",
    "create_project": "toolkit.project",
    "open_project": "toolkit.project",
    "update_project": "toolkit.project",
    "add_take": "toolkit.project",
    "check_publication_consent": "toolkit.project",
    "plan_render": "toolkit.edit.plan",
    "render_project": "toolkit.edit.run",
    "RenderOptions": "toolkit.edit.plan",
    "build_showcase": "toolkit.showcase",
    "MachmalError": "toolkit.errors",
    "set_language": "toolkit.messages",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
