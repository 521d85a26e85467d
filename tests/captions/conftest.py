"""Fixtures of the caption tests: one model load and one transcription per file per session.

The whole session uses its own cache folder (``MACHMAL_CACHE``), so the bundled model is joined
and verified once here and no transcript from an earlier run is reused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from toolkit.captions.transcribe import TranscribeOptions, transcribe
from toolkit.captions.transcript import Transcript


@pytest.fixture(scope="session", autouse=True)
def caption_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh machmal cache folder for the whole session."""
    folder = tmp_path_factory.mktemp("machmal-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MACHMAL_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def whisper(caption_cache: Path):
    """The bundled base model, joined and loaded once per session."""
    from toolkit.captions.model import load_model

    return load_model()


TranscribeFn = Callable[..., Transcript]


@pytest.fixture(scope="session")
def transcribed(whisper) -> TranscribeFn:
    """``transcribed(path, **options)``: each (file, options) is recognised once per session."""
    memo: dict[tuple[str, tuple], Transcript] = {}

    def get(path: Path, **options) -> Transcript:
        key = (str(path), tuple(sorted(options.items())))
        if key not in memo:
            memo[key] = transcribe(path, TranscribeOptions(**options))
        return memo[key]

    return get
