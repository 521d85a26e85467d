"""Recognition on real recordings with the real bundled model (one load per session)."""

from __future__ import annotations

import threading

import pytest
from cap_helpers import reference, wer

from toolkit.captions.glossary import apply_replacements
from toolkit.captions.transcribe import TranscribeOptions, normalise, transcribe
from toolkit.errors import Cancelled, MediaError

pytestmark = pytest.mark.model

FLEURS = [f"fleurs-de-00{i}.ogg" for i in range(6)]


def test_fleurs_german_wer(shared_media, transcribed):
    refs, hyps = [], []
    for name in FLEURS:
        path = shared_media / "speech_de" / name
        result = transcribed(path)
        assert result.language == "de" and result.words
        assert all(w.end >= w.start for w in result.words)
        assert [w.start for w in result.words] == sorted(w.start for w in result.words)
        refs.append(reference(path))
        hyps.append(result.text)
    import jiwer

    total = jiwer.wer(refs, [normalise(h) for h in hyps])
    assert total <= 0.15, f"WER {total:.3f}: {list(zip(refs, hyps, strict=True))}"


def test_jfk_english_without_errors(shared_media, transcribed):
    path = shared_media / "speech_en" / "whisper_jfk.flac"
    result = transcribed(path, language="en")
    assert normalise(result.text) == reference(path)
    assert 0.0 <= result.words[0].start < 1.0 and result.words[-1].end <= 11.1


CLIPS_DE = ["thorsten_sample01-gt.wav", "thorsten_sample02-gt.wav", "cheetah_test_de.wav"]
# What the bundled base model still mishears on these clips is exactly what a user's glossary
# fixes ("Bombongs -> Bonbons"); the glossary is applied after recognition, no re-run.
GLOSSARY = (("Bombongs", "Bonbons"), ("Trüte", "Tröte"), ("ein falschen", "einen falschen"))


@pytest.mark.parametrize("name", CLIPS_DE)
def test_short_german_clips(shared_media, transcribed, name):
    path = shared_media / "speech_de" / name
    bare = transcribed(path)
    assert wer(reference(path), bare.text) <= 0.34, bare.text  # at most one word of 3-6
    fixed = apply_replacements(bare.words, GLOSSARY)
    assert normalise(" ".join(w.text for w in fixed)) == reference(path)


def test_replacements_come_from_the_cache_without_rerun(shared_media, transcribed,
                                                        monkeypatch):
    path = shared_media / "speech_de" / "thorsten_sample02-gt.wav"
    transcribed(path)  # recognised (and cached on disk) once

    def no_model(*_a, **_k):
        raise AssertionError("model must not run again")

    monkeypatch.setattr("toolkit.captions.model.load_model", no_model)
    result = transcribe(path, TranscribeOptions(replacements=GLOSSARY))
    assert normalise(result.text) == reference(path)
    assert result.options["language"] == "de"


def test_noise_only_gives_empty_transcript(shared_media, transcribed):
    result = transcribed(shared_media / "edge" / "leopard_empty_no_speech.wav")
    assert result.words == ()
    assert result.duration == pytest.approx(8.2, abs=0.1)


def test_auto_language_detects_english_confidently(shared_media, transcribed):
    result = transcribed(shared_media / "speech_en" / "whisper_jfk.flac", language="auto")
    assert result.language == "en"
    assert result.language_probability > 0.7 and result.warnings == ()


def test_auto_language_warns_when_unsure(shared_media, transcribed):
    path = shared_media / "speech_de" / "thorsten_sample02-gt.wav"
    result = transcribed(path, language="auto", min_language_probability=1.01)
    assert [n.key for n in result.warnings] == ["captions.language_uncertain"]
    assert "%" in result.warnings[0].message("de")


def test_progress_and_cancel(shared_media, whisper):
    path = shared_media / "speech_de" / "cheetah_test_de.wav"
    seen: list[float] = []
    transcribe(path, TranscribeOptions(use_cache=False), progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        transcribe(path, TranscribeOptions(use_cache=False), cancel=cancel)


@pytest.mark.parametrize("rel", ["video/tears_of_steel_10s_640x360.mp4", "edge/zero_length.mp4",
                                 "edge/jsonize_broken_wav_21bytes.wav"])
def test_unusable_inputs_raise_media_errors(shared_media, rel):
    with pytest.raises(MediaError):
        transcribe(shared_media / rel)
