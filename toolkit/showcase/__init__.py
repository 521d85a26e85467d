"""Showcase: a streaming-style static site of a region's finished videos and open positions.

Typical use::

    from toolkit.showcase import build_showcase

    result = build_showcase(["Duell Bäckerei", "Duell Kfz"], "showcase/",
                            title="Ausbildung im Landkreis", fair="programm.yaml")
    for excluded in result.excluded:
        print(excluded.name, excluded.reason)

The site works from the folder (``file://``) and from any static server; it loads nothing
from elsewhere. Only projects whose publication consent holds and which have a finished video
in ``exports/`` are shown.
"""

from toolkit.showcase.build import (
    ShowcaseEmpty,
    ShowcaseResult,
    build_showcase,
    build_showcase_zip,
)
from toolkit.showcase.collect import Excluded, FinishedVideo, Included, choose_video
from toolkit.showcase.programme import Programme, ProgrammeError, Slot, load_programme

__all__ = [
    "Excluded", "FinishedVideo", "Included", "Programme", "ProgrammeError", "ShowcaseEmpty",
    "ShowcaseResult", "Slot", "build_showcase", "build_showcase_zip", "choose_video",
    "load_programme",
]
