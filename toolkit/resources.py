"""Where machmal's shipped data (templates, caption styles, brand kit, fonts) and its cache live.

In a source checkout or an editable install the templates are the repository's ``templates/``
folder; a wheel installs the same files under ``<prefix>/share/machmal/templates`` (see
``data-files`` in pyproject.toml). The fonts come from the ``font_roboto`` package; the cache
(models, transcripts, clip analyses) is a per-user folder.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path
from typing import Final

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


def templates_dir() -> Path:
    """Return the folder holding ``storyboards/``, ``caption-styles/`` and ``brand/``."""
    checkout = Path(__file__).resolve().parents[1] / "templates"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "machmal" / "templates"
