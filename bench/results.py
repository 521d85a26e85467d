"""Write one benchmark's section into bench/RESULTS.md, keeping the other sections."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = "# Benchmark results\n\nEach section is rewritten by the benchmark named in it.\n\n"


def write_section(title: str, body: str, path: Path = RESULTS) -> None:
    """Replace (or append) the ``## {title}`` section of ``path`` with ``body``.

    Args:
        title: Section title without the ``## ``.
        body: The complete section text, starting with its ``## {title}`` line.
        path: The results file.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    section = body.rstrip("\n") + "\n\n"
    text = pattern.sub(lambda _m: section, text) if pattern.search(text) else (
        text.rstrip("\n") + "\n\n" + section)
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
