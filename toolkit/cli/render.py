"""CLI commands of the render path: ``reformat``, ``export`` and ``presets``.

Thin layer: parse options, call :mod:`toolkit.products.reformat` / :mod:`toolkit.products.export`,
print. Library errors travel up to :func:`toolkit.cli.main`, which maps them to exit codes.
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import (echo_json, echo_results, fit_option, layout_option,
                                 progress_bar, renamed, saved_plan)
from toolkit.cli.jobs import submit_background
from toolkit.messages import register as register_messages

register_messages({
    "help.reformat": ("Ändert das Seitenverhältnis eines Videos (ein Durchlauf, Original bleibt "
                      "unverändert); daneben Titelbild und Prüfbericht (NAME.jpg, NAME.json).",
                      "Changes a video's aspect ratio (one pass, the original stays unchanged); "
                      "beside it a cover image and a check report (NAME.jpg, NAME.json)."),
    "help.reformat.dst": ("Zieldatei (.mp4).", "Output file (.mp4)."),
    "help.reformat.aspect": ("Seitenverhältnis: 9:16, 1:1, 4:5 oder 16:9.",
                             "Aspect ratio: 9:16, 1:1, 4:5 or 16:9."),
    "help.reformat.width": ("Breite in Pixeln (Standard: 1080, bei 16:9 1920).",
                            "Width in pixels (default: 1080, 1920 for 16:9)."),
    "help.reformat.bars_color": ("Balkenfarbe für --fit bars.", "Bar colour for --fit bars."),
    "help.reformat.ass": ("ASS-Untertiteldatei zum Einbrennen (für die Zielgröße erstellt).",
                          "ASS subtitle file to burn in (made for the output size)."),
    "help.reformat.debug_overlay": (
        "Nur smart: zusätzlich NAME.debug.mp4 schreiben: das ganze Bild mit erkannten Personen, "
        "Schnitten und dem Ausschnitt.",
        "smart only: also write NAME.debug.mp4: the whole picture with the people found, the "
        "cuts and the window."),
    "help.export": ("Exportiert ein Video für mehrere Plattformen: je Plattform MP4, Titelbild "
                    "und Prüfbericht (z. B. reels.mp4, reels.jpg, reels.json).",
                    "Exports a video for several platforms: per platform an MP4, a cover image "
                    "and a check report (e.g. reels.mp4, reels.jpg, reels.json)."),
    "help.export.platform": ("Plattformen, mit Komma getrennt, z. B. reels,tiktok,shorts,youtube "
                             "(Liste: machmal presets).",
                             "Platforms, comma-separated, e.g. reels,tiktok,shorts,youtube "
                             "(list: machmal presets)."),
    "help.export.out": ("Zielordner (wird angelegt).", "Output folder (created if missing)."),
    "help.export.start": ("Beginn des Ausschnitts in Sekunden.",
                          "Start of the excerpt in seconds."),
    "help.export.end": ("Ende des Ausschnitts in Sekunden.", "End of the excerpt in seconds."),
    "help.export.cover_at": ("Titelbild bei dieser Sekunde des fertigen Videos (Standard: "
                             "automatisch ein scharfes Bild, möglichst mit Gesicht).",
                             "Cover image at this second of the finished video (default: a "
                             "sharp frame picked automatically, with a face if possible)."),
    "help.export.captions": ("Automatische Untertitel mit diesem Stil (classic, social, box oder "
                             "YAML-Datei) einbrennen, je Plattform passend umbrochen, und SRT/VTT "
                             "neben jedes Video schreiben.",
                             "Burn in automatic captions in this style (classic, social, box or "
                             "a YAML file), wrapped to fit each platform, and write SRT/VTT next "
                             "to each video."),
    "help.export.glossary": ("Glossar für --captions.", "Glossary for --captions."),
    "help.presets": ("Zeigt die Plattform-Vorgaben (Größe, Länge, Bildrate, Encoder).",
                     "Shows the platform presets (size, length, frame rate, encoder)."),
})


def register(app: typer.Typer) -> None:
    """Add the render commands to ``app``."""
    app.command("reformat", help="help.reformat")(reformat_cmd)
    app.command("export", help="help.export")(export_cmd)
    app.command("presets", help="help.presets")(presets_cmd)


def _ass_factory(ass: Path | None):  # type: ignore[no-untyped-def]
    return (lambda _w, _h: ass) if ass is not None else None


def reformat_cmd(
    src: Path = typer.Argument(..., help="help.src_video"),
    dst: Path = typer.Argument(..., help="help.reformat.dst"),
    aspect: str = typer.Option("9:16", "--aspect", "-a", help="help.reformat.aspect"),
    fit: str = typer.Option(None, "--fit", help="help.fit"),
    mode: str = typer.Option(None, "--mode", "-m", hidden=True),
    width: int = typer.Option(None, "--width", help="help.reformat.width"),
    bars_color: str = typer.Option(None, "--bars-color", help="help.reformat.bars_color"),
    pad_color: str = typer.Option(None, "--pad-color", hidden=True),
    ass: Path = typer.Option(None, "--ass", help="help.reformat.ass"),
    fonts_dir: Path = typer.Option(None, "--fonts-dir", help="help.fonts_dir"),
    speed: str = typer.Option("default", "--speed", help="help.speed"),
    layout: str = typer.Option("auto", "--layout", help="help.layout"),
    debug_overlay: bool = typer.Option(False, "--debug-overlay",
                                       help="help.reformat.debug_overlay"),
    as_json: bool = typer.Option(False, "--json", help="help.json_reports"),
) -> None:
    """``machmal reformat SRC DST [--aspect] [--fit] ...``: one file in a new aspect ratio,
    with a cover image and a check report beside it."""
    from toolkit.products.reformat import debug_path, reformat

    fit = fit_option(renamed(fit, mode, new="--fit", old="--mode", default="smart"))
    color = renamed(bars_color, pad_color, new="--bars-color", old="--pad-color",
                    default="black")
    with progress_bar(dst.name) as bar:
        done = reformat(src, dst, aspect, fit, width=width, pad_color=color,
                        subtitles=_ass_factory(ass), fonts_dir=fonts_dir, progress=bar,
                        speed=speed, layout=layout_option(layout), debug_overlay=debug_overlay)
    if as_json:
        echo_json([done.report.to_dict()])
        return
    echo_results([(done.platform, done.video, done.report)])
    if debug_overlay and fit == "smart":
        typer.echo(str(debug_path(done.video)))


def export_cmd(
    src: Path = typer.Argument(..., help="help.src_video"),
    platform: str = typer.Option(..., "--platform", "-p", help="help.export.platform"),
    out: Path = typer.Option(..., "--out", "-o", help="help.export.out"),
    fit: str = typer.Option(None, "--fit", help="help.fit"),
    mode: str = typer.Option(None, "--mode", "-m", hidden=True),
    loudness: str = typer.Option("social", "--loudness", help="help.loudness"),
    start: float = typer.Option(None, "--start", help="help.export.start"),
    end: float = typer.Option(None, "--end", help="help.export.end"),
    cover_at: float = typer.Option(None, "--cover-at", help="help.export.cover_at"),
    ass: Path = typer.Option(None, "--ass", help="help.ass"),
    fonts_dir: Path = typer.Option(None, "--fonts-dir", help="help.fonts_dir"),
    captions: str = typer.Option(None, "--captions", help="help.export.captions"),
    speech_lang: str = typer.Option(None, "--speech-lang", help="help.speech_lang"),
    lang: str = typer.Option(None, "--lang", hidden=True),
    glossary: Path = typer.Option(None, "--glossary", help="help.export.glossary"),
    as_json: bool = typer.Option(False, "--json", help="help.json_reports"),
    speed: str = typer.Option("default", "--speed", help="help.speed"),
    layout: str = typer.Option("auto", "--layout", help="help.layout"),
    background: bool = typer.Option(False, "--background", help="help.background"),
    save_plan: Path = typer.Option(None, "--save-plan", help="help.render.save_plan"),
) -> None:
    """``machmal export SRC -p PLATFORMS -o DIR ...``: per platform an MP4, a cover image and
    a check report (``--save-plan FILE``: the plan only, for ``machmal render --plan``)."""
    from toolkit.platforms import resolve_presets
    from toolkit.edit.plan import RenderOptions
    from toolkit.products.export import export

    presets = resolve_presets(platform)
    mode = fit_option(renamed(fit, mode, new="--fit", old="--mode", default="smart"))
    lang = renamed(speech_lang, lang, new="--speech-lang", old="--lang", default="de")
    layout = layout_option(layout)
    _exclusive(("--captions", captions), ("--ass", ass))
    for other, value in (("--ass", ass), ("--background", background)):
        _exclusive(("--save-plan", save_plan), (other, value))  # nothing handed in beside it
    if background:
        submit_background("export", dict(
            src=src, platforms=[p.id for p in presets], out=out, mode=mode, loudness=loudness,
            start=start, end=end, cover_at=cover_at, ass=ass, fonts_dir=fonts_dir,
            captions=captions, lang=lang, glossary=glossary, speed=speed, layout=layout))
        return
    options = RenderOptions(mode=mode, loudness=None if loudness.lower() == "off" else loudness,
                            cover_at=cover_at, speed=speed, layout=layout, captions=captions,
                            language=lang)
    if save_plan is not None:
        from toolkit.captions.glossary import load_glossary
        from toolkit.edit.clip_plan import plan_clip

        terms = load_glossary(glossary) if glossary else None  # the plan carries it
        saved_plan(plan_clip(src, presets, out, options, start=start, end=end, glossary=terms),
                   save_plan)
        return
    with progress_bar(", ".join(p.id for p in presets)) as bar:
        results = export(src, presets, out, options, start=start, end=end, glossary=glossary,
                         ass=ass, fonts_dir=fonts_dir, progress=bar)
    if as_json:
        echo_json([r.report.to_dict() for r in results])
        return
    echo_results([(r.platform, r.video, r.report) for r in results])


def _exclusive(first: tuple[str, object], second: tuple[str, object]) -> None:
    """Refuse two options that cannot go together (``cli.exclusive``)."""
    if first[1] and second[1]:
        from toolkit.errors import UserInputError

        raise UserInputError("cli.exclusive", first=first[0], second=second[0])


def presets_cmd(
    as_json: bool = typer.Option(False, "--json", help="help.json"),
) -> None:
    """``machmal presets [--json]``: the platform presets, one a line."""
    from toolkit.platforms import PRESETS

    if as_json:
        echo_json([p.to_dict() for p in PRESETS.values()])
        return
    for p in PRESETS.values():
        length = f"{_span(p.min_duration)} - {_span(p.max_duration)}"
        typer.echo(f"{p.id:12} {p.name:26} {p.width}x{p.height} ({p.aspect:4})  "
                   f"{length:14} {p.fps_min:g}-{p.fps_max:g} fps  "
                   f"x264 {p.video.preset} crf {p.video.crf}")


def _span(seconds: float | None) -> str:
    """``900`` -> ``15 min``, ``43200`` -> ``12 h``, ``None`` -> ``-``."""
    if seconds is None:
        return "-"
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"
