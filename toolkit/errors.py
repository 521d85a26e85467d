"""Typed errors raised by the library.

Every error carries a message key (see :mod:`toolkit.messages`) and parameters, so the CLI and
the app can show it in the user's language. ``str(error)`` renders it in the active language.
Only the CLI and the app turn errors into exit codes or on-screen messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.messages import register, t

register({
    "ffmpeg.failed": (
        "ffmpeg ist bei „{target}“ gescheitert (Exit-Code {code}). Letzte Zeilen von ffmpeg:\n{tail}",
        "ffmpeg failed on '{target}' (exit code {code}). Last lines from ffmpeg:\n{tail}",
    ),
    "ffmpeg.timeout": (
        "ffmpeg hat bei „{target}“ nach {seconds:.0f} s nicht geantwortet und wurde beendet. "
        "Die Datei ist vermutlich beschädigt; bitte die Originaldatei erneut exportieren.",
        "ffmpeg did not finish '{target}' within {seconds:.0f} s and was stopped. "
        "The file is probably damaged; please export the original again.",
    ),
    "ffmpeg.cancelled": (
        "Abgebrochen: „{target}“ wurde nicht geschrieben.",
        "Cancelled: '{target}' was not written.",
    ),
    "ffmpeg.missing": (
        "ffmpeg wurde nicht gefunden ({detail}). Bitte machmal neu installieren "
        "(pip install machmal) oder MACHMAL_FFMPEG auf eine ffmpeg-Datei setzen.",
        "ffmpeg was not found ({detail}). Please reinstall machmal (pip install machmal) "
        "or set MACHMAL_FFMPEG to an ffmpeg executable.",
    ),
})


class MachmalError(Exception):
    """Base class of all errors the library raises on purpose.

    Attributes:
        key: Message key in the catalogue.
        params: Parameters of the message.
    """

    key: str = "error"

    def __init__(self, key: str | None = None, **params: object) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(self.key)

    def message(self, lang: str | None = None) -> str:
        """Return the message in ``lang`` (default: the active language)."""
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class UserInputError(MachmalError):
    """The user asked for something impossible (bad option, value out of range)."""


class MediaError(MachmalError):
    """A media file is missing, unreadable, damaged or lacks a needed stream."""


class PresetViolation(UserInputError):
    """The input breaks a platform preset's limit (checked before encoding)."""


class ModelError(MachmalError):
    """The speech model cannot be found, joined, verified or loaded."""


class TemplateError(UserInputError):
    """A storyboard template or style file is invalid."""


class ProjectError(UserInputError):
    """A project cannot be created, found, loaded or saved."""


class ConsentError(UserInputError):
    """Publishing would show a person who has not consented."""


class FFmpegError(MachmalError):
    """ffmpeg exited with an error.

    Attributes:
        command: The full command line that was run.
        stderr_tail: The last lines of ffmpeg's stderr.
        returncode: ffmpeg's exit code.
    """

    def __init__(self, command: Sequence[str], stderr_tail: Sequence[str], returncode: int,
                 target: str, key: str = "ffmpeg.failed", **params: object) -> None:
        self.command = list(command)
        self.stderr_tail = list(stderr_tail)
        self.returncode = returncode
        super().__init__(key, target=target, code=returncode,
                         tail="\n".join(self.stderr_tail), **params)


class FFmpegTimeout(FFmpegError):
    """ffmpeg ran longer than allowed and was killed."""


class Cancelled(MachmalError):
    """A run was cancelled by the user; no output was left behind."""

    key = "ffmpeg.cancelled"
