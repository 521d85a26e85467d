"""Helpers shared by the CLI command modules: state, JSON output, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer


@dataclass
class _State:
    debug: bool = False


state = _State()


def echo_json(data: Any) -> None:
    """Print ``data`` as pretty UTF-8 JSON on stdout."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[float], None]]:
    """Yield a ``progress(fraction)`` callback that draws a bar on a terminal.

    When stderr is not a terminal (pipes, CI) the callback does nothing.
    """
    if not sys.stderr.isatty():
        yield lambda _fraction: None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  TaskProgressColumn(), TimeRemainingColumn(), transient=True,
                  console=_stderr_console()) as bar:
        task = bar.add_task(label, total=1.0)
        yield lambda fraction: bar.update(task, completed=fraction)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)
