"""The one vocabulary of framing choices, used by the CLI, the app, jobs and the library.

* **fit** – how a picture fills an output of another shape: ``smart`` (the window follows the
  people), ``center`` (crop the middle), ``blur`` (the whole picture over a blurred copy of
  itself), ``bars`` (the whole picture with solid bars).
* **layout** – for ``smart`` only, what to do when two people do not fit one window: ``auto``,
  ``single`` (always one window), ``split`` (split screen wherever they stand apart), ``blur``
  (the whole picture over a blurred copy instead of a split screen).
* **speed** – for ``smart`` only, how fast the window follows: ``slower``, ``default``,
  ``faster``.

Old names (``pad`` for the bars fit and for the blurred layout) are still accepted for one
release: :func:`fit_name` and :func:`layout_name` translate them (the CLI prints a note).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Final

from toolkit.errors import UserInputError
from toolkit.messages import register

register({
    "reformat.bad_mode": (
        "Unbekannte Bildanpassung „{mode}“. Gültig sind: {valid}.",
        "Unknown fit '{mode}'. Valid: {valid}.",
    ),
    "reframe.bad_layout": (
        "Unbekanntes Layout „{layout}“. Gültig sind: {valid}.",
        "Unknown layout '{layout}'. Valid: {valid}.",
    ),
    "reframe.bad_speed": (
        "Unbekannte Kamerageschwindigkeit „{speed}“. Gültig sind: {valid}.",
        "Unknown camera speed '{speed}'. Valid: {valid}.",
    ),
})

FITS: Final = ("smart", "center", "blur", "bars")
LAYOUTS: Final = ("auto", "single", "split", "blur")
SPEEDS: Final = ("slower", "default", "faster")
FIT_ALIASES: Final = {"pad": "bars"}
LAYOUT_ALIASES: Final = {"pad": "blur"}


def fit_name(value: str) -> str:
    """The current name of a fit (old names translated).

    Raises:
        UserInputError: ``reformat.bad_mode`` for an unknown fit.
    """
    return _current(value, FIT_ALIASES, FITS, "reformat.bad_mode", "mode")


def layout_name(value: str) -> str:
    """The current name of a smart-framing layout (old names translated).

    Raises:
        UserInputError: ``reframe.bad_layout`` for an unknown layout.
    """
    return _current(value, LAYOUT_ALIASES, LAYOUTS, "reframe.bad_layout", "layout")


def speed_name(value: str) -> str:
    """``value`` if it is a smart-framing speed.

    Raises:
        UserInputError: ``reframe.bad_speed`` for an unknown speed.
    """
    return _current(value, {}, SPEEDS, "reframe.bad_speed", "speed")


def _current(value: str, aliases: dict[str, str], valid: tuple[str, ...], key: str,
             field: str) -> str:
    name = aliases.get(value, value)
    if name not in valid:
        raise UserInputError(key, **{field: value, "valid": ", ".join(valid)})
    return name


@dataclass(frozen=True)
class Delivery:
    """The choices every delivered file is made with, the same for export and render.

    Recorded in each check report (``options``), so a report says how its file was made.

    Attributes:
        fit: :data:`FITS`.
        speed: :data:`SPEEDS` (smart only).
        layout: :data:`LAYOUTS` (smart only).
        loudness: ``social``, ``broadcast``, a LUFS number, or None (not normalised).
        captions: Caption style burned in (None: none).
        language: The language spoken (for captions).
    """

    fit: str = "smart"
    speed: str = "default"
    layout: str = "auto"
    loudness: str | float | None = "social"
    captions: str | None = None
    language: str = "de"

    def checked(self) -> Delivery:
        """The same choices in current names.

        Raises:
            UserInputError: An unknown fit, speed or layout.
        """
        return dataclasses.replace(self, fit=fit_name(self.fit), speed=speed_name(self.speed),
                                   layout=layout_name(self.layout))

    def to_dict(self) -> dict[str, Any]:
        """JSON data (the loudness as text, a target object by its LUFS value)."""
        data = dataclasses.asdict(self)
        loud = self.loudness
        data["loudness"] = None if loud is None else (
            loud if isinstance(loud, (str, int, float)) else getattr(loud, "i", str(loud)))
        return data
