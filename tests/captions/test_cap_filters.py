"""Transcription logic without the model: a fake faster-whisper model feeds segments."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from toolkit.captions import transcribe as tr
from toolkit.captions.transcript import Word
from toolkit.errors import Cancelled, UserInputError


@dataclass
class FakeWord:
    word: str
    start: float
    end: float
    probability: float = 0.9


@dataclass
class FakeSegment:
    text: str
    start: float
    end: float
    words: list[FakeWord] = field(default_factory=list)


def seg(text: str, start: float, end: float) -> FakeSegment:
    tokens = text.split()
    step = (end - start) / max(1, len(tokens))
    return FakeSegment(" " + text, start, end, [
        FakeWord(" " + tok, start + i * step, start + (i + 1) * step)
        for i, tok in enumerate(tokens)])


@dataclass
class FakeInfo:
    language: str = "de"
    language_probability: float = 0.99
    duration: float = 0.0


class FakeModel:
    def __init__(self, segments: list[FakeSegment], info: FakeInfo | None = None) -> None:
        self.segments = segments
        self.info = info or FakeInfo()
        self.kwargs: dict = {}
        self.pulled = 0

    def transcribe(self, audio, **kwargs):
        self.kwargs = kwargs

        def lazy():
            for s in self.segments:
                self.pulled += 1
                yield s

        return lazy(), self.info


@pytest.fixture
def fake(monkeypatch):
    def install(segments, info=None):
        model = FakeModel(segments, info)
        monkeypatch.setattr(tr.models, "load_model", lambda *a, **k: model)
        return model

    return install


@pytest.fixture
def audio(lavfi_clip):
    return lavfi_clip(seconds=2.0, size=None, audio="sine", suffix=".wav")


@pytest.mark.parametrize("text", [
    "Untertitel der Amara.org-Community", "Untertitelung des ZDF, 2020",
    "Untertitel im Auftrag des ZDF für funk, 2017", "Thanks for watching!",
    "Thank you for watching.", "Vielen Dank fürs Zuschauen!", "Danke fürs Zuschauen.",
    "[Musik]", "(Applaus)", "*Musik*", "♪ ♪ ♪", "Subtitles by the Amara.org community", " ",
])
def test_known_hallucinations_are_recognised(text):
    assert tr.is_hallucination(text)


@pytest.mark.parametrize("text", [
    "Wir suchen eine Mechatronikerin.", "Danke, Anna!", "Vielen Dank für das Gespräch.",
    "Musik ist mein Hobby.", "Die Ausbildung dauert drei Jahre.",
])
def test_real_speech_is_kept(text):
    assert not tr.is_hallucination(text)


def test_hallucinated_segments_are_dropped_and_progress_is_per_segment(fake, audio):
    model = fake([seg("Hallo zusammen.", 0.0, 0.8), seg("Untertitel der Amara.org-Community",
                                                        0.9, 1.5), seg("Tschüss!", 1.6, 2.0)])
    seen: list[float] = []
    result = tr.transcribe(audio, tr.TranscribeOptions(use_cache=False), progress=seen.append)
    assert result.text == "Hallo zusammen. Tschüss!"
    assert seen[:3] == pytest.approx([0.4, 0.75, 1.0], abs=0.01) and seen[-1] == 1.0
    assert model.kwargs["word_timestamps"] is True and model.kwargs["vad_filter"] is True
    assert model.kwargs["language"] == "de" and "hotwords" not in model.kwargs


def test_options_reach_the_model_but_glossary_terms_never_do(fake, audio):
    model = fake([FakeSegment(" Mechatronikarin", 0.0, 1.0,
                              [FakeWord(" Mechatronikarin", 0.0, 1.0, probability=0.6)])])
    opts = tr.TranscribeOptions(use_cache=False, hotwords=("Mechatronikerin", "Anna Schmidt"),
                                language="en", condition_on_previous_text=None,
                                long_input_seconds=1.0)
    result = tr.transcribe(audio, opts)
    assert "hotwords" not in model.kwargs and "initial_prompt" not in model.kwargs
    assert result.text == "Mechatronikerin" and result.words[0].reason == "glossary"
    assert model.kwargs["language"] == "en"
    assert model.kwargs["condition_on_previous_text"] is False  # 2 s counts as long here
    assert tr.TranscribeOptions().condition(30.0) is True
    assert tr.TranscribeOptions().condition(600.0) is False


def test_generator_is_consumed_lazily_and_cancel_stops_it(fake, audio):
    model = fake([seg(f"Satz {i}.", i * 0.1, i * 0.1 + 0.1) for i in range(10)])
    cancel = threading.Event()

    def progress(fraction: float) -> None:
        if fraction > 0.2:
            cancel.set()

    with pytest.raises(Cancelled):
        tr.transcribe(audio, tr.TranscribeOptions(use_cache=False), progress=progress,
                      cancel=cancel)
    assert model.pulled < 10


def test_auto_language_low_probability_warns(fake, audio):
    fake([seg("Salve.", 0.0, 1.0)], FakeInfo(language="la", language_probability=0.4))
    result = tr.transcribe(audio, tr.TranscribeOptions(use_cache=False, language="auto"))
    assert result.language == "la"
    assert result.warnings and result.warnings[0].params["language"] == "la"


def test_unknown_language_is_a_user_error(audio):
    with pytest.raises(UserInputError):
        tr.transcribe(audio, tr.TranscribeOptions(language="klingonisch"))


def test_pieces_without_space_join_the_previous_word():
    pieces = [FakeWord(" T", 0.0, 0.3, 0.5), FakeWord("-Rex", 0.3, 0.6, 0.8),
              FakeWord(" war", 0.6, 0.9)]
    joined = tr.join_pieces(pieces)
    assert [w.text for w in joined] == ["T-Rex", "war"]
    assert (joined[0].start, joined[0].end, joined[0].probability) == (0.0, 0.6, 0.5)


def test_repetition_loops_collapse():
    texts = "Danke . Danke . Danke . Danke . Danke . Tschüss".split()
    words = [Word(x, i, i + 0.5) for i, x in enumerate(texts)]
    assert [w.text for w in tr.collapse_loops(words)] == ["Danke", ".", "Tschüss"]
    short = [Word(x, i, i + 0.5) for i, x in enumerate("ja ja ja".split())]
    assert len(tr.collapse_loops(short)) == 3  # three times is still speech


def test_cache_key_depends_on_recognition_options_only(fake, audio, monkeypatch):
    model = fake([seg("Hallo Welt.", 0.0, 1.0)])
    tr.transcribe(audio, tr.TranscribeOptions())
    calls = model.pulled
    again = tr.transcribe(audio, tr.TranscribeOptions(replacements=(("Welt", "Team"),)))
    assert model.pulled == calls and again.text == "Hallo Team."
    tr.transcribe(audio, tr.TranscribeOptions(beam_size=2))
    assert model.pulled > calls
