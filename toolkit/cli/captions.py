"""CLI command ``machmal subtitle``: transcribe, shape, write caption files, burn in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import (CAPTIONS_HELP, FIT_HELP, SPEECH_LANG_HELP, echo_json,
                                 fit_option, progress_bar, renamed)
from toolkit.cli.jobs import BACKGROUND_HELP, submit_background
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
    speech_lang: str = typer.Option(None, "--speech-lang", help=SPEECH_LANG_HELP),
    lang: str = typer.Option(None, "--lang", hidden=True),
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
    fit: str = typer.Option("center", "--fit", help="Für --burn. " + FIT_HELP),
    captions: str = typer.Option(None, "--captions", help=CAPTIONS_HELP + " Standard: classic."),
    style: str = typer.Option(None, "--style", hidden=True),
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
    background: bool = typer.Option(False, "--background", help=BACKGROUND_HELP),
) -> None:
    """Erzeugt Untertitel: transkribiert die Sprache (Wortzeiten), bricht sie nach deutschen
    Regeln in Zeilen um und schreibt SRT/VTT/ASS/Text oder brennt sie ins Video ein."""
    lang = renamed(speech_lang, lang, new="--speech-lang", old="--lang", default="de")
    style = renamed(captions, style, new="--captions", old="--style", default="classic")
    fit = fit_option(fit)
    if background:
        submit_background("subtitle", dict(
            src=file, lang=lang, model=model, srt=srt, vtt=vtt, ass_out=ass, txt=txt, burn=burn,
            aspect=aspect, fit=fit, style=style, brand=brand, glossary=glossary, script=script,
            transcript_in=transcript_in, transcript_out=transcript_out, no_cache=no_cache,
            project=project), workspace)
        return
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


def _write_outputs(file: Path, transcript: Any, terms: Any, caption_style: Any, kit: Any,
                   sidecars: dict[str, Path | None], burn: Path | None, aspect: str, fit: str,
                   quiet: bool) -> dict[str, str]:
    from toolkit.products.subtitle_outputs import write_caption_outputs

    with progress_bar(t("captions.cli_burning")) as progress:
        return write_caption_outputs(file, transcript, terms, caption_style, kit, sidecars,
                                     burn, aspect, fit, progress=None if quiet else progress)


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
