"""CLI command ``machmal subtitle``: transcribe, shape, write caption files, burn in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import echo_json, progress_bar
from toolkit.messages import register as register_messages
from toolkit.messages import t

register_messages({
    "captions.cli_transcribing": ("Transkribiere", "Transcribing"),
    "captions.cli_burning": ("Brenne Untertitel ein", "Burning in captions"),
    "captions.cli_written": ("Geschrieben: {path}", "Written: {path}"),
    "captions.cli_review": (
        "{count} Wörter sind unsicher erkannt und sollten geprüft werden: {words}",
        "{count} words were recognised with low confidence and should be checked: {words}",
    ),
    "captions.cli_empty": (
        "Keine Sprache gefunden – es wurden keine Untertitel erzeugt.",
        "No speech found – no captions were made.",
    ),
})


def register(app: typer.Typer) -> None:
    """Add ``subtitle`` to ``app``."""
    app.command("subtitle")(subtitle_cmd)


def subtitle_cmd(
    file: Path = typer.Argument(..., help="Video- oder Audiodatei mit Sprache."),
    lang: str = typer.Option("de", "--lang", help="Sprache der Aufnahme: de, en, … oder auto."),
    model: str = typer.Option("base", "--model",
                              help="Sprachmodell: base (eingebaut), small, medium, "
                                   "large-v3-turbo (Download) oder Pfad eines Modellordners."),
    srt: Path = typer.Option(None, "--srt", help="SRT-Datei schreiben."),
    vtt: Path = typer.Option(None, "--vtt", help="WebVTT-Datei schreiben."),
    ass: Path = typer.Option(None, "--ass", help="ASS-Datei (mit Stil) schreiben."),
    txt: Path = typer.Option(None, "--txt", help="Reinen Text schreiben."),
    burn: Path = typer.Option(None, "--burn", help="Video mit eingebrannten Untertiteln (MP4)."),
    aspect: str = typer.Option("9:16", "--aspect",
                               help="Seitenverhältnis für --burn: 9:16, 1:1, 4:5, 16:9."),
    fit: str = typer.Option("center", "--fit", help="Bildanpassung für --burn: center, blur, "
                                                    "pad oder smart."),
    style: str = typer.Option("classic", "--style",
                              help="Untertitel-Stil: classic, social, box oder YAML-Datei."),
    brand: Path = typer.Option(None, "--brand", help="Brandkit (YAML) für Farben und Schrift."),
    glossary: Path = typer.Option(None, "--glossary",
                                  help="Glossar: Fachwörter/Namen je Zeile, "
                                       "„falsch -> richtig“ für Ersetzungen (Text oder YAML)."),
    script: Path = typer.Option(None, "--script",
                                help="Bekannter gesprochener Text: Untertitel zeigen genau "
                                     "diesen Text mit dem Timing der Aufnahme."),
    project: str = typer.Option(None, "--project",
                                help="Projekt, dessen Namen, Firma, Beruf und Platzhalter "
                                     "ins Glossar kommen."),
    workspace: Path = typer.Option(None, "--workspace", help="Arbeitsordner der Projekte."),
    transcript_in: Path = typer.Option(None, "--transcript-in",
                                       help="Bearbeitetes Transkript (JSON) statt neu zu "
                                            "transkribieren."),
    transcript_out: Path = typer.Option(None, "--transcript-out",
                                        help="Transkript als JSON speichern."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Transkript-Cache nicht nutzen."),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON ausgeben."),
) -> None:
    """Erzeugt Untertitel: transkribiert die Sprache (Wortzeiten), bricht sie nach deutschen
    Regeln in Zeilen um und schreibt SRT/VTT/ASS/Text oder brennt sie ins Video ein."""
    from toolkit.captions.glossary import Glossary, load_glossary
    from toolkit.captions.styles import load_style

    terms = load_glossary(glossary) if glossary else Glossary()
    if project:
        terms = _project_glossary(project, workspace, terms)
    kit = _load_brand(brand) if brand else None
    caption_style = load_style(style, brand=kit)
    transcript = _transcript(file, lang, model, terms, transcript_in, no_cache, as_json)
    if script is not None:
        from toolkit.captions.align import align_transcript

        transcript = align_transcript(transcript, script.read_text(encoding="utf-8-sig"))
    if transcript_out:
        transcript.save(transcript_out)
    outputs = _write_outputs(file, transcript, terms, caption_style, kit,
                             dict(srt=srt, vtt=vtt, ass=ass, txt=txt),
                             burn, aspect, fit, as_json)
    if transcript_out:
        outputs["transcript"] = str(transcript_out)
    _report(transcript, outputs, as_json)


def _project_glossary(ref: str, workspace: Path | None, extra: Any) -> Any:
    from toolkit.captions.project_terms import project_glossary
    from toolkit.project import open_project

    return project_glossary(open_project(ref, workspace=workspace), extra)


def _load_brand(path: Path) -> Any:
    from toolkit.project.brand import load_brand_kit

    return load_brand_kit(path)[0]


def _transcript(file: Path, lang: str, model: str, terms: Any, transcript_in: Path | None,
                no_cache: bool, quiet: bool) -> Any:
    from toolkit.captions.transcribe import TranscribeOptions, transcribe
    from toolkit.captions.transcript import Transcript

    if transcript_in is not None:
        return Transcript.load(transcript_in)
    options = TranscribeOptions(model=model, language=lang, hotwords=terms.terms,
                                replacements=terms.replacements, use_cache=not no_cache)
    with progress_bar(t("captions.cli_transcribing")) as progress:
        return transcribe(file, options, progress=None if quiet else progress)


def _frame_size(file: Path, burn: Path | None, aspect: str) -> tuple[int, int]:
    """The frame the captions are made for: the burn output, else the video, else 16:9."""
    if burn is not None:
        from toolkit.media.presets import aspect_size

        return aspect_size(aspect)
    from toolkit.errors import MediaError
    from toolkit.media.probe import probe

    try:
        video = probe(file).video
    except MediaError:
        video = None
    return (video.display_width, video.display_height) if video else (1920, 1080)


def _write_outputs(file: Path, transcript: Any, terms: Any, caption_style: Any, kit: Any,
                   sidecars: dict[str, Path | None], burn: Path | None, aspect: str, fit: str,
                   quiet: bool) -> dict[str, str]:
    from toolkit.captions.formats import write_subtitles
    from toolkit.captions.shaping import ShapingRules, shape

    width, height = _frame_size(file, burn, aspect)
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
        outputs["burn"] = str(_burn(file, burn, styled, caption_style, kit, aspect, fit, quiet))
    return outputs


def _burn(file: Path, dst: Path, track: Any, caption_style: Any, kit: Any, aspect: str,
          fit: str, quiet: bool) -> Path:
    import tempfile

    from toolkit.captions.burn import ass_writer, fonts_dir
    from toolkit.captions.placement import detect_faces_in_output
    from toolkit.media.reformat import reformat

    def faces(width: int, height: int) -> Any:
        return detect_faces_in_output(file, width, height, mode=fit)

    with tempfile.TemporaryDirectory(prefix="machmal-captions-") as workdir:
        writer = ass_writer(track, caption_style, brand=kit, workdir=workdir,
                            faces=None if caption_style.pinned else faces)
        with progress_bar(t("captions.cli_burning")) as progress:
            return reformat(file, dst, aspect, fit, subtitles=writer, fonts_dir=fonts_dir(),
                            progress=None if quiet else progress)


def _report(transcript: Any, outputs: dict[str, str], as_json: bool) -> None:
    review = transcript.needs_review()
    if as_json:
        data = transcript.to_dict()
        data.pop("options", None)
        echo_json({"outputs": outputs, "review": review, **data})
        return
    for notice in transcript.warnings:
        typer.echo(f"machmal: {notice.message()}", err=True)
    if not transcript.words:
        typer.echo(t("captions.cli_empty"), err=True)
    if review:
        shown = ", ".join(f"„{transcript.words[i].text}“" for i in review[:10])
        typer.echo(t("captions.cli_review", count=len(review), words=shown), err=True)
    if outputs:
        for path in outputs.values():
            typer.echo(t("captions.cli_written", path=path))
    else:
        typer.echo(transcript.text)


__all__ = ["register", "subtitle_cmd"]
