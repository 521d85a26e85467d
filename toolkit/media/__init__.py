"""Media engine: the ffmpeg runner, probe, ingest, trim, silence, loudness, geometry and the graph builder."""
