"""The check report's expected/actual words follow the message language (app and CLI show them)."""

from __future__ import annotations

import pytest

from toolkit.media.report import run_checks
from toolkit.messages import language_scope, set_language
from toolkit.platforms import resolve_presets

OUT = {"width": 1080, "height": 1920, "fps": 30.0, "vfr": True, "video_codec": "h264",
       "video_profile": "High", "pix_fmt": "yuv420p", "audio_codec": "aac",
       "audio_profile": "LC", "sample_rate": 48000, "faststart": False, "edit_list": True,
       "duration": 12.0, "size_bytes": 1000, "video_kbps": 100}
GERMAN = ("konstant", "variabel", " vor ", " nach ", "keine", "vorhanden")


@pytest.mark.parametrize("lang, present, absent", [("en", ("constant", "variable", "after",
                                                           "present", "none"), GERMAN),
                                                   ("de", GERMAN[:2] + GERMAN[3:], ())])
def test_check_words_in_the_message_language(lang, present, absent):
    with language_scope():
        set_language(lang)
        checks = run_checks(resolve_presets("reels")[0], OUT, None)
    words = " | ".join(f"{c.expected} {c.actual}" for c in checks)
    assert all(w in words for w in present), words
    assert not any(w in words for w in absent), words
    by_name = {c.name: c for c in checks}
    assert not by_name["fps"].ok and not by_name["faststart"].ok and not by_name["edit_list"].ok
