"""Quick subtitles without a project: any video in, SRT + VTT + a burned vertical version out.

Used by the studio's "Quick subtitles" page (as the job ``quick_subtitles``) and usable from
Python. Files are written beside each other in ``out_dir``: ``<stem>.srt``, ``<stem>.vtt`` and
``<stem>-<aspect>.mp4`` (the video reframed, captions burned in the same single ffmpeg pass)
with its cover and check report (``<stem>-<aspect>.jpg``, ``.json``).
They are ``machmal subtitle --burn``'s files
(:func:`toolkit.products.subtitle_outputs.write_caption_outputs`): the video is a timeline of one
clip rendered like every delivery, its captions kept off the faces.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from toolkit.messages import register, t

register({
    "captions.stage_burn": ("Untertitel einbrennen", "Burning in captions"),
})

ProgressFn = Callable[[float, str], None]


def quick_subtitles(src: str | Path, out_dir: str | Path, *, style: str = "social",
                    aspect: str = "9:16", mode: str = "smart", language: str = "de",
                    progress: ProgressFn | None = None,
                    cancel: threading.Event | None = None) -> dict[str, Path]:
    """Transcribe ``src`` and write sidecars plus a burned, reframed video.

    The video is framed with ``mode`` (default ``smart``, as everywhere: the window follows the
    people) and its captions are moved off the faces in that framing.

    Returns:
        ``{"srt": …, "vtt": …, "video": …, "cover": …, "report": …}``.

    Raises:
        MediaError: Unreadable source or no audio.
        TemplateError: Unknown style.
        UserInputError: Unknown aspect, mode or language.
        Cancelled: ``cancel`` was set (nothing is left behind).
    """
    from toolkit.captions.glossary import Glossary
    from toolkit.captions.styles import load_style
    from toolkit.captions.transcribe import TranscribeOptions, transcribe
    from toolkit.products.reformat import output_size
    from toolkit.products.subtitle_outputs import write_caption_outputs

    src, out = Path(src), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    caption_style = load_style(style)
    output_size(aspect)  # an unknown aspect is refused before the transcription
    report = progress or (lambda _f, _s: None)
    stage = t("captions.stage_transcribe")
    transcript = transcribe(src, TranscribeOptions(language=language),
                            progress=lambda f: report(0.4 * f, stage), cancel=cancel)
    burn = t("captions.stage_burn")
    written = write_caption_outputs(
        src, transcript, Glossary(), caption_style, None,
        {kind: out / f"{src.stem}.{kind}" for kind in ("srt", "vtt")},
        out / f"{src.stem}-{aspect.replace(':', 'x')}.mp4", aspect, mode,
        progress=lambda f: report(0.4 + 0.6 * f, burn), cancel=cancel)
    return {"srt": Path(written["srt"]), "vtt": Path(written["vtt"]),
            "video": Path(written["burn"]), "cover": Path(written["cover"]),
            "report": Path(written["report"])}
