"""CLI commands of the render path: ``reformat``, ``export`` and ``presets``.

Thin layer: parse options, call :mod:`toolkit.products.reformat` / :mod:`toolkit.products.export`,
print. Library errors travel up to :func:`toolkit.cli.main`, which maps them to exit codes.
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import (FIT_HELP, LAYOUT_HELP, LOUDNESS_HELP, SPEECH_LANG_HELP,
                                 SPEED_HELP, echo_json, echo_results, fit_option, layout_option,
                                 progress_bar, renamed)
from toolkit.cli.jobs import BACKGROUND_HELP, submit_background


def register(app: typer.Typer) -> None:
    """Add the render commands to ``app``."""
    app.command("reformat")(reformat_cmd)
    app.command("export")(export_cmd)
    app.command("presets")(presets_cmd)


def _ass_factory(ass: Path | None):  # type: ignore[no-untyped-def]
    return (lambda _w, _h: ass) if ass is not None else None


def reformat_cmd(
    src: Path = typer.Argument(..., help="Quellvideo."),
    dst: Path = typer.Argument(..., help="Zieldatei (.mp4)."),
    aspect: str = typer.Option("9:16", "--aspect", "-a",
                               help="Seitenverhältnis: 9:16, 1:1, 4:5 oder 16:9."),
    fit: str = typer.Option(None, "--fit", help=FIT_HELP + " Standard: center."),
    mode: str = typer.Option(None, "--mode", "-m", hidden=True),
    width: int = typer.Option(None, "--width", help="Breite in Pixeln (Standard: 1080, "
                                                    "bei 16:9 1920)."),
    bars_color: str = typer.Option(None, "--bars-color", help="Balkenfarbe für --fit bars."),
    pad_color: str = typer.Option(None, "--pad-color", hidden=True),
    ass: Path = typer.Option(None, "--ass", help="ASS-Untertiteldatei zum Einbrennen "
                                                 "(für die Zielgröße erstellt)."),
    fonts_dir: Path = typer.Option(None, "--fonts-dir", help="Schriftenordner für --ass."),
    speed: str = typer.Option("default", "--speed", help=SPEED_HELP),
    layout: str = typer.Option("auto", "--layout", help=LAYOUT_HELP),
    debug_overlay: bool = typer.Option(False, "--debug-overlay",
                                       help="Nur smart: zusätzlich NAME.debug.mp4 schreiben: "
                                            "das ganze Bild mit erkannten Personen, "
                                            "Schnitten und dem Ausschnitt."),
) -> None:
    """Ändert das Seitenverhältnis eines Videos (ein Durchlauf, Original bleibt unverändert)."""
    from toolkit.products.reformat import debug_path, reformat

    fit = fit_option(renamed(fit, mode, new="--fit", old="--mode", default="center"))
    color = renamed(bars_color, pad_color, new="--bars-color", old="--pad-color",
                    default="black")
    with progress_bar(dst.name) as bar:
        out = reformat(src, dst, aspect, fit, width=width, pad_color=color,
                       subtitles=_ass_factory(ass), fonts_dir=fonts_dir, progress=bar,
                       speed=speed, layout=layout_option(layout), debug_overlay=debug_overlay)
    typer.echo(str(out))
    if debug_overlay and fit == "smart":
        typer.echo(str(debug_path(out)))


def export_cmd(
    src: Path = typer.Argument(..., help="Quellvideo."),
    platform: str = typer.Option(..., "--platform", "-p",
                                 help="Plattformen, mit Komma getrennt, z. B. reels,tiktok,"
                                      "shorts,youtube (Liste: machmal presets)."),
    out: Path = typer.Option(..., "--out", "-o", help="Zielordner (wird angelegt)."),
    fit: str = typer.Option(None, "--fit", help=FIT_HELP + " Standard: smart."),
    mode: str = typer.Option(None, "--mode", "-m", hidden=True),
    loudness: str = typer.Option("social", "--loudness", help=LOUDNESS_HELP),
    start: float = typer.Option(None, "--start", help="Beginn des Ausschnitts in Sekunden."),
    end: float = typer.Option(None, "--end", help="Ende des Ausschnitts in Sekunden."),
    cover_at: float = typer.Option(None, "--cover-at",
                                   help="Titelbild bei dieser Sekunde des fertigen Videos "
                                        "(Standard: automatisch ein scharfes Bild, "
                                        "möglichst mit Gesicht)."),
    ass: Path = typer.Option(None, "--ass", help="ASS-Untertiteldatei zum Einbrennen."),
    fonts_dir: Path = typer.Option(None, "--fonts-dir", help="Schriftenordner für --ass."),
    captions: str = typer.Option(None, "--captions",
                                 help="Automatische Untertitel mit diesem Stil (classic, social, "
                                      "box) einbrennen, je Plattform passend umbrochen, und "
                                      "SRT/VTT neben jedes Video schreiben."),
    speech_lang: str = typer.Option(None, "--speech-lang", help=SPEECH_LANG_HELP),
    lang: str = typer.Option(None, "--lang", hidden=True),
    glossary: Path = typer.Option(None, "--glossary", help="Glossar für --captions."),
    as_json: bool = typer.Option(False, "--json", help="Prüfberichte als JSON ausgeben."),
    speed: str = typer.Option("default", "--speed", help=SPEED_HELP),
    layout: str = typer.Option("auto", "--layout", help=LAYOUT_HELP),
    background: bool = typer.Option(False, "--background", help=BACKGROUND_HELP),
) -> None:
    """Exportiert ein Video für mehrere Plattformen: je Plattform MP4, Titelbild und
    Prüfbericht (z. B. reels.mp4, reels.jpg, reels.json)."""
    from toolkit.platforms import resolve_presets
    from toolkit.captions.for_export import given_ass
    from toolkit.edit.plan import RenderOptions
    from toolkit.products.export import export

    presets = resolve_presets(platform)
    mode = fit_option(renamed(fit, mode, new="--fit", old="--mode", default="smart"))
    lang = renamed(speech_lang, lang, new="--speech-lang", old="--lang", default="de")
    layout = layout_option(layout)
    if captions and ass:
        raise typer.BadParameter("--captions | --ass")
    if background:
        submit_background("export", dict(
            src=src, platforms=[p.id for p in presets], out=out, mode=mode, loudness=loudness,
            start=start, end=end, cover_at=cover_at, ass=ass, fonts_dir=fonts_dir,
            captions=captions, lang=lang, glossary=glossary, speed=speed, layout=layout))
        return
    burned = _export_captions(src, captions, lang, glossary, start, end) if captions else None
    options = RenderOptions(mode=mode, loudness=None if loudness.lower() == "off" else loudness,
                            cover_at=cover_at, speed=speed, layout=layout, captions=captions,
                            language=lang)
    with progress_bar(", ".join(p.id for p in presets)) as bar:
        results = export(src, presets, out, options, start=start, end=end,
                         captions=burned or given_ass(ass, fonts_dir), progress=bar)
    if as_json:
        echo_json([r.report.to_dict() for r in results])
        return
    echo_results([(r.platform, r.video, r.report) for r in results])


def _export_captions(src: Path, style: str, lang: str, glossary: Path | None,
                     start: float | None, end: float | None):  # type: ignore[no-untyped-def]
    """Transcribe ``src`` (cached) and prepare captions for every export size."""
    from toolkit.captions.for_export import prepare_export_captions

    with progress_bar(src.name) as bar:
        return prepare_export_captions(src, style, lang, glossary, start, end, progress=bar)


def presets_cmd(
    as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben."),
) -> None:
    """Zeigt die Plattform-Vorgaben (Größe, Länge, Bildrate, Encoder)."""
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
