"""Where machmal's shipped data (templates, caption styles, brand kit) lives.

In a source checkout or an editable install it is the repository's ``templates/`` folder; a
wheel installs the same files under ``<prefix>/share/machmal/templates`` (see ``data-files`` in
pyproject.toml).
"""

from __future__ import annotations

import sys
from pathlib import Path


def templates_dir() -> Path:
    """Return the folder holding ``storyboards/``, ``caption-styles/`` and ``brand/``."""
    checkout = Path(__file__).resolve().parents[1] / "templates"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "machmal" / "templates"
