"""Write a transcript's caption files and burned-in video (``machmal subtitle`` and its job)."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from toolkit.captions.transcript import Transcript
from toolkit.messages import register

register({
    "captions.burn_name_taken": (
        "{path}: Dort schreibt --burn den Prüfbericht bzw. das Titelbild seines Videos. Bitte "
        "einen anderen Namen wählen.",
        "{path}: --burn writes its video's check report or cover image there. Please choose "
        "another name.",
    ),
})


def check_burn_names(burn: Path | None, others: Sequence[Path | None]) -> None:
    """Refuse a requested file that the burned video's cover or check report would overwrite
    (``--burn out/reel.mp4 --transcript-out out/reel.json``), before any work.

    Raises:
        UserInputError: ``captions.burn_name_taken``.
    """
    if burn is None:
        return
    from toolkit.errors import UserInputError

    taken = {Path(burn).with_suffix(s).absolute() for s in (".jpg", ".json")}
    for other in others:
        if other is not None and Path(other).absolute() in taken:
            raise UserInputError("captions.burn_name_taken", path=str(other))


def frame_size(file: Path, burn: Path | None, aspect: str) -> tuple[int, int]:
    """The frame the captions are made for: the burn output, else the video, else 16:9."""
    if burn is not None:
        from toolkit.platforms import aspect_size

        return aspect_size(aspect)
    from toolkit.errors import MediaError
    from toolkit.media.probe import probe

    try:
        video = probe(file).video
    except MediaError:
        video = None
    return (video.display_width, video.display_height) if video else (1920, 1080)


def write_caption_outputs(file: Path, transcript: Transcript, terms: Any, caption_style: Any,
                          kit: Any, sidecars: dict[str, Path | None], burn: Path | None,
                          aspect: str, fit: str,
                          progress: Callable[[float], None] | None = None,
                          cancel: threading.Event | None = None) -> dict[str, str]:
    """Write the requested caption files and, with ``burn``, the captioned video.

    Args:
        file: The source video or audio.
        transcript: Its transcript.
        terms: The glossary (its protected phrases stay on one line).
        caption_style: Style of ASS files and burned captions.
        kit: Brand kit or None.
        sidecars: Format (srt, vtt, ass, txt) -> target path or None.
        burn: Target MP4 with captions burned in, or None.
        aspect: Aspect ratio of ``burn``.
        fit: Fit mode of ``burn``.
        progress: Progress of the burn-in (0..1).
        cancel: Stops the burn-in; nothing is left behind.

    Returns:
        Format -> written path (``burn`` for the video, ``cover`` and ``report`` for its cover
        and check report).
    """
    from toolkit.captions.formats import write_subtitles
    from toolkit.captions.shaping import ShapingRules, shape

    width, height = frame_size(file, burn, aspect)
    base = dict(names=terms.protected_phrases, language=transcript.language[:2])
    lines = shape(transcript.words, ShapingRules.for_frame(width, height, "lines", **base),
                  transcript.duration or None)
    styled = shape(transcript.words,
                   ShapingRules.for_frame(width, height, caption_style.mode,
                                          max_words=caption_style.max_words, **base),
                   transcript.duration or None)
    outputs: dict[str, str] = {}
    for kind, target in sidecars.items():
        if target is not None:
            track = styled if kind == "ass" else lines
            write_subtitles(track, target, style=caption_style, size=(width, height))
            outputs[kind] = str(target)
    if burn is not None:
        done = burn_captions(file, burn, transcript, terms, caption_style, kit, aspect, fit,
                             progress, cancel)
        outputs.update(burn=str(done.video), cover=str(done.cover),
                       report=str(done.report_path))
    return outputs


def burn_captions(file: Path, dst: Path, transcript: Transcript, terms: Any, caption_style: Any,
                  kit: Any, aspect: str, fit: str,
                  progress: Callable[[float], None] | None = None,
                  cancel: threading.Event | None = None) -> Any:
    """Reformat ``file`` to ``aspect`` with the transcript's captions burned in, to ``dst``
    (with its cover and check report: a :class:`~toolkit.edit.run.PlatformFiles`).

    A timeline of one clip like every delivery (:func:`toolkit.products.reformat.reformat`):
    the render shapes the captions for the output and moves them off the faces its own
    analysis of the clip finds (unless the style is pinned).
    """
    from toolkit.captions.for_export import ExportCaptions
    from toolkit.products.reformat import reformat

    with tempfile.TemporaryDirectory(prefix="machmal-captions-") as workdir:
        captions = ExportCaptions(transcript, caption_style,
                                  names=tuple(terms.protected_phrases), brand=kit,
                                  workdir=Path(workdir), sidecars=False)
        return reformat(file, dst, aspect, fit, captions=captions, progress=progress,
                        cancel=cancel)
