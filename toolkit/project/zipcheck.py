"""Refuse hostile ZIP archives before a single byte is extracted.

Checked from the archive's directory alone: the number of entries, each entry's name (no
absolute path, drive letter, backslash, ``..`` or control character: "zip slip"), symlinks,
encryption, duplicates, and the uncompressed size against the archive's size ("zip bomb").
Python's ``zipfile`` never inflates an entry past its declared size and checks its CRC, so the
declared sizes checked here bound what extraction can write.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from toolkit.errors import ProjectError
from toolkit.messages import register, t

register({
    "pack.too_many": (
        "{archive}: zu viele Einträge ({count}, höchstens {limit}); ab „{entry}“ abgelehnt. "
        "Das ist kein machmal-Paket.",
        "{archive}: too many entries ({count}, at most {limit}); refused from '{entry}' on. "
        "This is not a machmal pack.",
    ),
    "pack.unsafe_path": (
        "{archive}: Eintrag „{entry}“ abgelehnt: {reason}. Nichts wurde entpackt.",
        "{archive}: entry '{entry}' refused: {reason}. Nothing was unpacked.",
    ),
    "pack.bomb": (
        "{archive}: Eintrag „{entry}“ abgelehnt: entpackt {size} MB aus {packed} KB "
        "(Verhältnis {ratio}:1, erlaubt {limit}:1) – das sieht nach einer ZIP-Bombe aus. "
        "Nichts wurde entpackt.",
        "{archive}: entry '{entry}' refused: {size} MB unpacked from {packed} KB "
        "(ratio {ratio}:1, allowed {limit}:1) – this looks like a zip bomb. "
        "Nothing was unpacked.",
    ),
    "pack.reason.absolute": ("absoluter Pfad", "absolute path"),
    "pack.reason.parent": ("„..“ im Pfad (zeigt aus dem Ziel heraus)",
                           "'..' in the path (points outside the target)"),
    "pack.reason.characters": ("Backslash oder Steuerzeichen im Namen",
                               "backslash or control character in the name"),
    "pack.reason.symlink": ("symbolischer Link", "symbolic link"),
    "pack.reason.encrypted": ("verschlüsselt", "encrypted"),
    "pack.reason.duplicate": ("kommt doppelt vor", "appears twice"),
    "pack.reason.special": ("weder Datei noch Ordner", "neither a file nor a folder"),
})

class UnsafeArchiveError(ProjectError):
    """An archive was refused before extraction; ``params["entry"]`` names the entry."""

    def message(self, lang: str | None = None) -> str:
        """Render the message (and the reason) in ``lang``."""
        params = dict(self.params)
        if "reason" in params:
            params["reason"] = t(f"pack.reason.{params['reason']}", lang)
        return t(self.key, lang, **params)


MAX_ENTRIES = 2000
MAX_RATIO = 100          # uncompressed : compressed, for the whole archive and per entry
BOMB_FLOOR = 16 << 20    # below this many uncompressed bytes the ratio is not checked


def check_archive(zf: zipfile.ZipFile, archive: Path) -> list[zipfile.ZipInfo]:
    """Return the archive's file entries if it is safe to extract; else raise.

    Raises:
        UnsafeArchiveError: Too many entries, an unsafe name, a symlink or special file, an
            encrypted or duplicate entry, or a zip bomb; the message names the entry.
    """
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafeArchiveError("pack.too_many", archive=str(archive), count=len(infos),
                           limit=MAX_ENTRIES, entry=infos[MAX_ENTRIES].filename)
    seen: set[str] = set()
    for info in infos:
        reason = _unsafe(info) or ("duplicate" if info.filename.rstrip("/") in seen else None)
        if reason:
            _refuse(archive, info.filename, reason)
        seen.add(info.filename.rstrip("/"))
    files = [info for info in infos if not info.is_dir()]
    _check_sizes(files, archive)
    return files


def _unsafe(info: zipfile.ZipInfo) -> str | None:
    """Why this entry must not be extracted (a message key suffix), or None."""
    name = info.filename
    if "\\" in name or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "characters"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or not name.strip("/"):
        return "absolute"
    if ".." in PurePosixPath(name).parts:
        return "parent"
    kind = stat.S_IFMT(info.external_attr >> 16)  # Unix file type, 0 when not recorded
    if stat.S_ISLNK(kind):
        return "symlink"
    if kind and not (stat.S_ISREG(kind) or stat.S_ISDIR(kind)):
        return "special"
    if info.flag_bits & 0x1:
        return "encrypted"
    return None


def _check_sizes(files: list[zipfile.ZipInfo], archive: Path) -> None:
    total = sum(info.file_size for info in files)
    packed = max(1, archive.stat().st_size)
    worst = max(files, key=lambda i: i.file_size / max(1, i.compress_size), default=None)
    if worst is None:
        return
    entry_bomb = (worst.file_size > BOMB_FLOOR
                  and worst.file_size > MAX_RATIO * max(1, worst.compress_size))
    if entry_bomb or (total > BOMB_FLOOR and total > MAX_RATIO * packed):
        culprit = worst if entry_bomb else max(files, key=lambda i: i.file_size)
        raise UnsafeArchiveError("pack.bomb", archive=str(archive), entry=culprit.filename,
                           size=f"{culprit.file_size / 1e6:.0f}",
                           packed=f"{max(1, culprit.compress_size) / 1e3:.0f}",
                           ratio=f"{culprit.file_size // max(1, culprit.compress_size)}",
                           limit=MAX_RATIO)


def _refuse(archive: Path, entry: str, reason: str) -> None:
    raise UnsafeArchiveError("pack.unsafe_path", archive=str(archive), entry=entry,
                             reason=reason)
