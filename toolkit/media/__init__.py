"""Media engine: one ffmpeg runner, probe, ingest, trim, reformat, loudness, presets, export."""
