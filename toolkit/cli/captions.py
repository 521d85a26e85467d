"""CLI commands for subtitles (filled in by the captions work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the caption commands to ``app``."""
