"""CLI commands for templates, projects, shot lists and workshop packs (filled in by the
storyboard work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the template/project commands to ``app``."""
