"""Where machmal's shipped data (templates, caption styles, brand kit, fonts) and its cache live.

In a source checkout or an editable install the templates are the repository's ``templates/``
folder; a wheel installs the same files under ``<prefix>/share/machmal/templates`` (see
``data-files`` in pyproject.toml). The fonts come from the ``font_roboto`` package; the cache
(models, transcripts, clip analyses) is a per-user folder. :func:`font` is THE Pillow font every
drawn text (graphics, timers, caption fitting, coaching cards) is measured and drawn with.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from toolkit.errors import ModelError
from toolkit.messages import register

register({
    "captions.fonts_missing": (
        "Die mitgelieferte Schrift Roboto fehlt ({detail}). Bitte machmal neu installieren "
        "(pip install --force-reinstall font-roboto).",
        "The bundled Roboto font is missing ({detail}). Please reinstall machmal "
        "(pip install --force-reinstall font-roboto).",
    ),
})

CACHE_ENV: Final = "MACHMAL_CACHE"


def cache_root() -> Path:
    """The per-user cache folder of machmal (``MACHMAL_CACHE`` overrides it)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("machmal", appauthor=False))


def fonts_dir() -> Path:
    """The folder of the bundled Roboto fonts (give it to libass as ``fontsdir``).

    Raises:
        ModelError: ``captions.fonts_missing`` if the font package is not installed.
    """
    try:
        folder = Path(str(resources.files("font_roboto") / "files"))
    except ModuleNotFoundError as exc:
        raise ModelError("captions.fonts_missing", detail=str(exc)) from exc
    if not (folder / "Roboto-Regular.ttf").is_file():
        raise ModelError("captions.fonts_missing", detail=str(folder))
    return folder


@lru_cache(maxsize=16)
def font_file(name: str = "Roboto", bold: bool = True) -> Path:
    """The TrueType file of the brand font ``name`` (the bundled Roboto when not bundled).

    Raises:
        ModelError: ``captions.fonts_missing`` when the bundled fonts are missing.
    """
    folder = fonts_dir()
    weight = "Bold" if bold else "Regular"
    for candidate in (folder / f"{name}-{weight}.ttf", folder / f"Roboto-{weight}.ttf"):
        if candidate.is_file():
            return candidate
    return folder / f"Roboto-{weight}.ttf"


@lru_cache(maxsize=256)
def font(size: int, bold: bool = True, name: str = "Roboto") -> Any:
    """The Pillow font of the brand font at ``size`` px (one object per size, cached).

    Raises:
        ModelError: ``captions.fonts_missing`` when the bundled fonts are missing.
    """
    from PIL import ImageFont

    return ImageFont.truetype(str(font_file(name, bold)), size=max(6, int(size)))


def templates_dir() -> Path:
    """Return the folder holding ``storyboards/``, ``caption-styles/`` and ``brand/``."""
    checkout = Path(__file__).resolve().parents[1] / "templates"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "machmal" / "templates"
