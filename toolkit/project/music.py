"""A project's music file: readable and with a sound track, checked before any work."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import MediaError, UserInputError
from toolkit.media.probe import probe
from toolkit.messages import register

register({
    "render.music_unreadable": (
        "{file}: Die Musikdatei lässt sich nicht lesen ({detail}). Bitte eine Audiodatei "
        "(z. B. MP3, WAV, M4A) angeben, die Sie verwenden dürfen.",
        "{file}: the music file cannot be read ({detail}). Please give an audio file "
        "(e.g. MP3, WAV, M4A) you are allowed to use.",
    ),
    "render.music_no_audio": (
        "{file}: Die Musikdatei enthält keinen Ton.",
        "{file}: the music file contains no audio.",
    ),
})


def check_music(project_folder: Path, music: str | None) -> None:
    """Refuse a music file that is missing, unreadable or silent-less (before any work).

    Raises:
        UserInputError: ``render.music_unreadable`` / ``render.music_no_audio``.
    """
    if not music:
        return
    path = Path(music).expanduser()
    path = path if path.is_absolute() else project_folder / path
    try:
        info = probe(path)
    except MediaError as exc:
        raise UserInputError("render.music_unreadable", file=str(path),
                             detail=exc.message()) from None
    if not info.has_audio:
        raise UserInputError("render.music_no_audio", file=str(path))
