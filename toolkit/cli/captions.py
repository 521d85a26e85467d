"""CLI command ``machmal subtitle``: transcribe, shape, write caption files, burn in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import (FIT_TEXTS, echo_json, fit_option, progress_bar, renamed,
                                 workspace_option)
from toolkit.cli.jobs import submit_background
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
    "help.subtitle": (
        "Erzeugt Untertitel: transkribiert die Sprache (Wortzeiten), bricht sie nach deutschen "
        "Regeln in Zeilen um und schreibt SRT/VTT/ASS/Text oder brennt sie ins Video ein.",
        "Makes captions: transcribes the speech (word timings), breaks it into lines by German "
        "rules and writes SRT/VTT/ASS/text or burns it into the video."),
    "help.subtitle.file": ("Video- oder Audiodatei mit Sprache.",
                           "Video or audio file with speech."),
    "help.subtitle.model": ("Sprachmodell: base (eingebaut), small, medium, large-v3-turbo "
                            "(Download) oder Pfad eines Modellordners.",
                            "Speech model: base (built in), small, medium, large-v3-turbo "
                            "(download) or the path of a model folder."),
    "help.subtitle.srt": ("SRT-Datei schreiben.", "Write an SRT file."),
    "help.subtitle.vtt": ("WebVTT-Datei schreiben.", "Write a WebVTT file."),
    "help.subtitle.ass": ("ASS-Datei (mit Stil) schreiben.", "Write an ASS file (with style)."),
    "help.subtitle.txt": ("Reinen Text schreiben.", "Write plain text."),
    "help.subtitle.burn": ("Video mit eingebrannten Untertiteln (MP4).",
                           "Video with burned-in captions (MP4)."),
    "help.subtitle.aspect": ("Seitenverhältnis für --burn: 9:16, 1:1, 4:5, 16:9.",
                             "Aspect ratio for --burn: 9:16, 1:1, 4:5, 16:9."),
    "help.subtitle.captions": ("Untertitel-Stil: classic (Standard), social, box oder YAML-Datei.",
                               "Caption style: classic (default), social, box or a YAML file."),
    "help.subtitle.fit": ("Für --burn. " + FIT_TEXTS[0], "For --burn. " + FIT_TEXTS[1]),
    "help.subtitle.brand": ("Brandkit (YAML) für Farben und Schrift.",
                            "Brand kit (YAML) for colours and font."),
    "help.subtitle.script": ("Bekannter gesprochener Text: Untertitel zeigen genau diesen Text "
                             "mit dem Timing der Aufnahme.",
                             "Known spoken text: the captions show exactly this text with the "
                             "recording's timing."),
    "help.subtitle.project": ("Projekt, dessen Namen, Firma, Beruf und Platzhalter ins Glossar "
                              "kommen.",
                              "Project whose names, company, trade and placeholders go into the "
                              "glossary."),
    "help.subtitle.transcript_in": ("Bearbeitetes Transkript (JSON) statt neu zu transkribieren.",
                                    "Edited transcript (JSON) instead of transcribing again."),
    "help.subtitle.transcript_out": ("Transkript als JSON speichern.",
                                     "Save the transcript as JSON."),
    "help.subtitle.no_cache": ("Transkript-Cache nicht nutzen.",
                               "Do not use the transcript cache."),
})


def register(app: typer.Typer) -> None:
    """Add ``subtitle`` to ``app``."""
    app.command("subtitle", help="help.subtitle")(subtitle_cmd)


def subtitle_cmd(
    file: Path = typer.Argument(..., help="help.subtitle.file"),
    speech_lang: str = typer.Option(None, "--speech-lang", help="help.speech_lang"),
    lang: str = typer.Option(None, "--lang", hidden=True),
    model: str = typer.Option("base", "--model", help="help.subtitle.model"),
    srt: Path = typer.Option(None, "--srt", help="help.subtitle.srt"),
    vtt: Path = typer.Option(None, "--vtt", help="help.subtitle.vtt"),
    ass: Path = typer.Option(None, "--ass", help="help.subtitle.ass"),
    txt: Path = typer.Option(None, "--txt", help="help.subtitle.txt"),
    burn: Path = typer.Option(None, "--burn", help="help.subtitle.burn"),
    aspect: str = typer.Option("9:16", "--aspect", help="help.subtitle.aspect"),
    fit: str = typer.Option("smart", "--fit", help="help.subtitle.fit"),
    captions: str = typer.Option(None, "--captions", help="help.subtitle.captions"),
    style: str = typer.Option(None, "--style", hidden=True),
    brand: Path = typer.Option(None, "--brand", help="help.subtitle.brand"),
    glossary: Path = typer.Option(None, "--glossary", help="help.glossary"),
    script: Path = typer.Option(None, "--script", help="help.subtitle.script"),
    project: str = typer.Option(None, "--project", help="help.subtitle.project"),
    workspace: Path = workspace_option(),
    transcript_in: Path = typer.Option(None, "--transcript-in",
                                       help="help.subtitle.transcript_in"),
    transcript_out: Path = typer.Option(None, "--transcript-out",
                                        help="help.subtitle.transcript_out"),
    no_cache: bool = typer.Option(False, "--no-cache", help="help.subtitle.no_cache"),
    as_json: bool = typer.Option(False, "--json", help="help.json_result"),
    background: bool = typer.Option(False, "--background", help="help.background"),
) -> None:
    """``machmal subtitle FILE [--srt] [--vtt] [--ass] [--txt] [--burn] ...``."""
    lang = renamed(speech_lang, lang, new="--speech-lang", old="--lang", default="de")
    style = renamed(captions, style, new="--captions", old="--style", default="classic")
    fit = fit_option(fit)
    from toolkit.products.subtitle_outputs import check_burn_names

    check_burn_names(burn, [srt, vtt, ass, txt, transcript_out])
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
