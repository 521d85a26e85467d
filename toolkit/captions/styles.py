"""Caption styles: YAML files in ``templates/caption-styles`` plus brand overrides.

Sizes in a style are shares of the frame's shorter side, so one style works on 1080x1920,
1920x1080 and a 540x960 preview alike. Colours are ``#RRGGBB`` or ``#RRGGBBAA`` (AA = opacity).
A style's ``brand`` mapping says which brand-kit field overrides which style field
(``primary: box_colour``), so a company's colours reach the captions without editing the style.

Upper-case styles use :func:`upper_de`, because ``"ß".upper()`` is ``"SS"`` in Python; the
capital sharp s ẞ (U+1E9E) keeps the spelling and Roboto has the glyph.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from toolkit.resources import templates_dir
from toolkit.errors import TemplateError
from toolkit.messages import register

register({
    "captions.style_unknown": (
        "Unbekannter Untertitel-Stil „{name}“. Verfügbar: {valid}.",
        "Unknown caption style '{name}'. Available: {valid}.",
    ),
    "captions.style_invalid": (
        "{path}: Der Untertitel-Stil ist ungültig ({detail}).",
        "{path}: the caption style is invalid ({detail}).",
    ),
})

STYLES_DIR: Final = templates_dir() / "caption-styles"
STYLES_ENV: Final = "MACHMAL_CAPTION_STYLES"
_COLOUR = re.compile(r"^#?([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")
_COLOUR_FIELDS: Final = ("colour", "outline_colour", "shadow_colour", "highlight_colour",
                         "box_colour")
BRAND_KEYS: Final = ("primary", "secondary", "highlight", "text")


@dataclass(frozen=True)
class CaptionStyle:
    """How captions look.

    Attributes:
        name: Style id (the file name without ``.yaml``).
        label: Name shown to users.
        mode: ``lines`` (subtitles) or ``words`` (1-3 words, spoken word highlighted).
        max_words: Words per caption in ``words`` mode.
        font: Font family (Roboto ships with machmal).
        bold: Bold text.
        size: Font size as a share of the frame's shorter side.
        colour: Text colour.
        outline_colour: Outline colour.
        outline: Outline width (share of the shorter side).
        shadow: Shadow offset (share of the shorter side).
        shadow_colour: Shadow colour.
        highlight_colour: Colour of the spoken word in ``words`` mode.
        box: Draw a box behind the text instead of an outline.
        box_colour: Box colour.
        box_opacity: Box opacity 0..1.
        box_padding: Space between text and box edge (share of the shorter side).
        uppercase: Show text in capitals (ß becomes ẞ).
        position: ``bottom`` (inside the platform safe zone) or ``middle``.
        pinned: Keep ``position`` even over a face (default: captions move off faces).
        brand: Brand-kit field -> style field it overrides.
    """

    name: str = "classic"
    label: str = "Klassisch"
    mode: str = "lines"
    max_words: int = 3
    font: str = "Roboto"
    bold: bool = False
    size: float = 0.052
    colour: str = "#FFFFFF"
    outline_colour: str = "#000000"
    outline: float = 0.0028
    shadow: float = 0.0015
    shadow_colour: str = "#000000A0"
    highlight_colour: str = "#FFD400"
    box: bool = False
    box_colour: str = "#000000"
    box_opacity: float = 0.6
    box_padding: float = 0.012
    uppercase: bool = False
    position: str = "bottom"
    pinned: bool = False
    brand: dict[str, str] = field(default_factory=dict)

    def with_brand(self, brand: Mapping[str, Any] | Any | None) -> CaptionStyle:
        """A copy with the brand kit's colours and font applied (see the style's ``brand``).

        Args:
            brand: A mapping or object with ``primary``, ``secondary``, ``highlight``,
                ``text`` (``#RRGGBB``) and ``font``; missing fields are ignored.
        """
        values = _brand_values(brand)
        changes: dict[str, Any] = {}
        for key, target in self.brand.items():
            if values.get(key) and target in _COLOUR_FIELDS:
                changes[target] = values[key]
        if values.get("font"):
            changes["font"] = values["font"]
        return _validated(dataclasses.replace(self, **changes), Path(self.name))


def _brand_values(brand: Mapping[str, Any] | Any | None) -> dict[str, str]:
    if brand is None:
        return {}
    if hasattr(brand, "model_dump"):
        brand = brand.model_dump()
    get = brand.get if isinstance(brand, Mapping) else (lambda k: getattr(brand, k, None))
    return {k: str(get(k)) for k in (*BRAND_KEYS, "font") if get(k)}


def style_dirs() -> list[Path]:
    """Folders searched for styles (``MACHMAL_CAPTION_STYLES`` first, then the shipped ones)."""
    extra = [Path(p) for p in os.environ.get(STYLES_ENV, "").split(os.pathsep) if p]
    return [*extra, STYLES_DIR]


def list_styles() -> list[str]:
    """Names of all available styles."""
    names: dict[str, None] = {}
    for folder in style_dirs():
        if folder.is_dir():
            for p in sorted(folder.glob("*.yaml")):
                names.setdefault(p.stem, None)
    return list(names)


def load_style(name: str | os.PathLike[str] = "classic",
               brand: Mapping[str, Any] | Any | None = None) -> CaptionStyle:
    """Load a style by name (or from a YAML path) and apply a brand kit.

    Raises:
        TemplateError: Unknown style or invalid file.
    """
    path = Path(name)
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        found = [d / f"{name}.yaml" for d in style_dirs() if (d / f"{name}.yaml").is_file()]
        if not found:
            raise TemplateError("captions.style_unknown", name=str(name),
                                valid=", ".join(list_styles()))
        path = found[0]
    style = parse_style(path)
    return style.with_brand(brand) if brand is not None else style


def parse_style(path: Path) -> CaptionStyle:
    """Read one style file.

    Raises:
        TemplateError: The YAML is malformed or has unknown fields or bad values.
    """
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError("expected a mapping")
        known = {f.name for f in dataclasses.fields(CaptionStyle)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(unknown)}")
        data.setdefault("name", path.stem)
        style = CaptionStyle(**{k: v for k, v in data.items() if v is not None})
    except (OSError, ValueError, TypeError, yaml.YAMLError) as exc:
        raise TemplateError("captions.style_invalid", path=str(path),
                            detail=str(exc)[:200]) from exc
    return _validated(style, path)


def _validated(style: CaptionStyle, path: Path) -> CaptionStyle:
    problems = [f"{name}={getattr(style, name)!r}" for name in _COLOUR_FIELDS
                if not _COLOUR.match(str(getattr(style, name)))]
    if style.mode not in ("lines", "words"):
        problems.append(f"mode={style.mode!r}")
    if style.position not in ("bottom", "middle"):
        problems.append(f"position={style.position!r}")
    if not 0.005 <= float(style.size) <= 0.2:
        problems.append(f"size={style.size!r}")
    if "," in style.font:
        problems.append(f"font={style.font!r} (no commas)")
    if problems:
        raise TemplateError("captions.style_invalid", path=str(path),
                            detail="; ".join(problems))
    return style


def parse_colour(text: str) -> tuple[int, int, int, int]:
    """``#RRGGBB[AA]`` -> (r, g, b, opacity 0..255)."""
    m = _COLOUR.match(text.strip())
    if not m:
        raise ValueError(f"not a colour: {text!r}")
    rgb = m.group(1)
    alpha = int(m.group(2), 16) if m.group(2) else 255
    return int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16), alpha


def upper_de(text: str) -> str:
    """Upper-case German text keeping ß as ẞ (``"Straße"`` -> ``"STRAẞE"``)."""
    return text.replace("ß", "ẞ").upper()
