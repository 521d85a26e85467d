"""CLI commands (render group; filled in by the media-engine work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
