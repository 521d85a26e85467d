"""Auto-subtitles: model, transcription, alignment, caption shaping, styles, formats, burn-in.

One small module per stage (see ``shared/design/ARCHITECTURE.md``)::

    model.py        locate / join / verify / load the Whisper model (cached per process)
    transcribe.py   TranscribeOptions + transcribe(): faster-whisper, VAD, hallucination filter
    glossary.py     hotwords and replacements from a user glossary (text or YAML)
    transcript.py   Word / Transcript data model, JSON, edits, content-hash cache
    align.py        use a known script's exact text with the audio's word timing
    linebreak_de.py German line-break rules (articles, prepositions, conjunctions, names)
    shaping.py      words -> caption events (lines or word-by-word karaoke)
    styles.py       caption styles (YAML in templates/caption-styles) + brand overrides
    formats.py      SRT / WebVTT / ASS / plain text out, SRT / VTT / ASS back in
    ass.py          ASS document for one frame size: escaping, margins, word highlight
    burn.py         fonts, safe zones, font fitting and the ASS-file callable the media
                    engine burns in (``reformat(..., subtitles=ass_writer(...))``)

Nothing here imports Streamlit; errors are typed (:mod:`toolkit.errors`), never printed.
"""
