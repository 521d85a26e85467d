"""Products: export, reformat, studio previews, a take's export and subtitles, built on the engine."""
