"""A4 PDF basics shared by the shot list and the workshop handouts (fpdf2 + Roboto).

Roboto comes from the ``font_roboto`` package and covers ä ö ü ß ẞ „…“ and the other German
typography the product promises; the core PDF fonts (Helvetica) do not.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from toolkit.errors import UserInputError
from toolkit.messages import register

register({
    "coaching.write_failed": (
        "{path}: Datei kann nicht geschrieben werden ({detail}). Gibt es den Ordner, und ist "
        "er beschreibbar?",
        "{path}: the file cannot be written ({detail}). Does the folder exist and is it "
        "writable?",
    ),
    "pdf.font_missing": (
        "Die Schrift Roboto fehlt ({detail}). Bitte machmal neu installieren "
        "(pip install font-roboto).",
        "The Roboto font is missing ({detail}). Please reinstall machmal "
        "(pip install font-roboto).",
    ),
})

FONT = "Roboto"
INK = (29, 29, 27)
GREY = (110, 110, 110)
LIGHT = (236, 236, 236)
ACCENT = (227, 6, 19)
MARGIN = 15.0


def roboto_files() -> dict[str, Path]:
    """Style ("", "B", "I") -> TTF path inside the installed ``font_roboto`` package.

    Raises:
        UserInputError: The font package is missing.
    """
    try:
        base = importlib.resources.files("font_roboto") / "files"
    except ModuleNotFoundError as exc:
        raise UserInputError("pdf.font_missing", detail=str(exc)) from exc
    files = {"": "Roboto-Regular.ttf", "B": "Roboto-Bold.ttf", "I": "Roboto-Italic.ttf"}
    paths = {style: Path(str(base / name)) for style, name in files.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise UserInputError("pdf.font_missing", detail=", ".join(missing))
    return paths


def write_output(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` atomically to ``path``.

    Raises:
        UserInputError: The folder is missing or not writable.
    """
    from toolkit.atomic import atomic_write_bytes

    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise UserInputError("coaching.write_failed", path=str(path),
                             detail=exc.strerror or str(exc)) from exc
    return Path(path)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` -> ``(r, g, b)``."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class Document(FPDF):
    """An A4 document with Roboto, a thin header line and page numbers in the footer."""

    def __init__(self, header_text: str, footer_text: str,
                 accent: tuple[int, int, int] = ACCENT) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.header_text = header_text
        self.footer_text = footer_text
        self.accent = accent
        for style, path in roboto_files().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(MARGIN, MARGIN + 4, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 3)
        self.set_title(header_text)
        self.set_creator("machmal")

    @property
    def content_width(self) -> float:
        """Width between the margins."""
        return self.w - self.l_margin - self.r_margin

    def header(self) -> None:  # noqa: D102 - fpdf hook
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, 8)
        self.cell(self.content_width, 4, self.header_text, align="L")
        self.set_draw_color(*self.accent)
        self.set_line_width(0.6)
        self.line(self.l_margin, 13, self.w - self.r_margin, 13)
        self.set_y(self.t_margin)

    def footer(self) -> None:  # noqa: D102 - fpdf hook
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(self.content_width / 2, 4, self.footer_text, align="L")
        self.cell(self.content_width / 2, 4, f"{self.page_no()} / {{nb}}", align="R")

    def heading(self, text: str, size: float = 14, space: float = 2) -> None:
        """A bold section heading in the accent colour."""
        self.ln(space)
        self.set_font(FONT, "B", size)
        self.set_text_color(*self.accent)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_text_color(*INK)

    def paragraph(self, text: str, size: float = 10, style: str = "", colour=INK,
                  width: float = 0, line: float | None = None) -> None:
        """Wrapped text at the current position (``width`` 0: to the right margin)."""
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        x = self.get_x()
        self.multi_cell(width, line or size * 0.45, text, align="L", new_x=XPos.LEFT,
                        new_y=YPos.NEXT)
        self.set_x(x)

    def text_height(self, text: str, width: float, size: float = 10, style: str = "",
                    line: float | None = None) -> float:
        """Height :meth:`paragraph` would need for ``text`` in a column of ``width`` mm."""
        self.set_font(FONT, style, size)
        lines = self.multi_cell(width, line or size * 0.45, text, align="L", dry_run=True,
                                output=MethodReturnValue.LINES)
        return len(lines) * (line or size * 0.45)

    def tick_box(self, x: float, y: float, size: float = 3.2) -> None:
        """An empty square to tick by hand."""
        self.set_draw_color(*INK)
        self.set_line_width(0.3)
        self.rect(x, y, size, size)

    def checklist(self, items: list[str], width: float = 0, size: float = 9.5) -> None:
        """Items with tick boxes, one below the other, at the current x."""
        x0 = self.get_x()
        width = width or (self.w - self.r_margin - x0)
        for item in items:
            height = self.text_height(item, width - 6, size)
            if self.will_page_break(height + 1):
                self.add_page()
                x0 = self.get_x() if x0 == self.l_margin else x0
            y = self.get_y()
            self.tick_box(x0, y + 0.6)
            self.set_xy(x0 + 6, y)
            self.paragraph(item, size, width=width - 6)
            self.set_xy(x0, self.get_y() + 1)
