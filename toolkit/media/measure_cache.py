"""Loudness measurements kept on disk: an unchanged sound is measured once.

A render measures its assembled sound before its first frame (loudness pass 1: one to four
``ebur128`` runs over every take's sound, the music bed and the cues). Rendering the same sound
again (after a changed text, verdict or platform, or after the studio's ``prepare`` job) reads
the values instead. The key is the measuring ffmpeg command itself, each input file replaced by
its content fingerprint (:mod:`toolkit.fingerprint`), and the ffmpeg build: any change to a
filter, a value, a section or a file's content is a new key. Only the files given with ``-i``
are fingerprinted (the measuring graphs read every file so); a filter that opened a file by
name would be keyed by that name alone. Entries are small JSON files in ``<cache>/loudness/``;
one that cannot be read is measured again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

VERSION: Final = 1


def measurement_key(args: Sequence[str]) -> str:
    """The cache key of the ffmpeg measuring command ``args`` (without the binary)."""
    from toolkit.fingerprint import fingerprint
    from toolkit.media.ffmpeg_bin import ffmpeg_exe

    parts: list[str] = [str(VERSION), Path(ffmpeg_exe()).name]
    for before, arg in zip(["", *args], args):
        if before == "-i" and Path(arg).is_file():
            arg = f"file:{fingerprint(Path(arg))}"
        parts.append(arg)
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def cached_measurement(args: Sequence[str], measure: Callable[[], dict[str, float]]
                       ) -> dict[str, float]:
    """The values of the measuring command ``args``: from the cache, else ``measure()``'s
    (then kept)."""
    from toolkit.atomic import atomic_write_text
    from toolkit.resources import cache_root

    entry = cache_root() / "loudness" / f"{measurement_key(args)}.json"
    try:
        values = json.loads(entry.read_text(encoding="utf-8"))
        if isinstance(values, dict) and all(isinstance(v, (int, float))
                                            for v in values.values()):
            return {k: float(v) for k, v in values.items()}
    except (OSError, ValueError):
        pass
    values = measure()
    atomic_write_text(entry, json.dumps(values))
    return values
