"""Project names: what the user types (umlauts, spaces) and the safe folder name behind it.

A display name is refused when it could escape the workspace (``../x``, ``a/b``), is a name
Windows reserves (``CON``, ``NUL``, ``COM1`` … also with an extension), contains control
characters, or is empty or too long. The folder name (slug) is plain ``a-z0-9-``, so it is
valid on every file system and in every zip file.
"""

from __future__ import annotations

import re
import unicodedata

from toolkit.errors import ProjectError
from toolkit.messages import register

register({
    "project.name_empty": (
        "Bitte einen Projektnamen angeben, z. B. „Duell Bäckerei 2025“.",
        "Please give the project a name, e.g. 'Bakery duel 2025'.",
    ),
    "project.name_too_long": (
        "Der Projektname ist zu lang ({length} Zeichen, höchstens {limit}).",
        "The project name is too long ({length} characters, at most {limit}).",
    ),
    "project.name_control": (
        "Der Projektname enthält unsichtbare Steuerzeichen. Bitte neu eintippen.",
        "The project name contains invisible control characters. Please type it again.",
    ),
    "project.name_path": (
        "„{name}“ geht nicht als Projektname: Schrägstriche und reine Punkt-Namen wie „..“ "
        "sind nicht erlaubt.",
        "'{name}' cannot be a project name: slashes and dot-only names like '..' are not "
        "allowed.",
    ),
    "project.name_reserved": (
        "„{name}“ geht nicht als Projektname: Windows reserviert diesen Namen. "
        "Bitte einen anderen wählen.",
        "'{name}' cannot be a project name: Windows reserves it. Please choose another.",
    ),
})

MAX_NAME = 80
MAX_SLUG = 60
RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                      *(f"COM{i}" for i in "0123456789¹²³"),
                      *(f"LPT{i}" for i in "0123456789¹²³")})
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "ß": "ss", "ẞ": "SS"})


def check_name(name: str) -> str:
    """Validate a display name and return it normalised (NFC, trimmed).

    Raises:
        ProjectError: The name is empty, too long, contains control characters or path
            separators, is ``.``/``..`` or a reserved device name.
    """
    clean = unicodedata.normalize("NFC", name).strip()
    if not clean.strip("."):
        raise ProjectError("project.name_empty" if not clean else "project.name_path", name=name)
    if len(clean) > MAX_NAME:
        raise ProjectError("project.name_too_long", length=len(clean), limit=MAX_NAME)
    if any(unicodedata.category(ch).startswith("C") for ch in clean):
        raise ProjectError("project.name_control")
    if "/" in clean or "\\" in clean:
        raise ProjectError("project.name_path", name=clean)
    if is_reserved(clean):
        raise ProjectError("project.name_reserved", name=clean)
    return clean


def is_reserved(name: str) -> bool:
    """True for Windows device names, also with an extension or trailing dots/spaces."""
    stem = name.rstrip(" .").split(".")[0].strip().upper()
    return stem in RESERVED


def slugify(name: str) -> str:
    """Turn a display name into a folder name (``Bäckerei Müller`` -> ``baeckerei-mueller``)."""
    text = unicodedata.normalize("NFC", name).translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        return "projekt"
    return f"{slug}-projekt" if is_reserved(slug) else slug


def same_name(a: str, b: str) -> bool:
    """Compare display names the way a user would (case and Unicode form ignored)."""
    return _key(a) == _key(b)


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()
