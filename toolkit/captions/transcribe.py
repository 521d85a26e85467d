"""Speech -> words with timestamps: faster-whisper on the CPU, VAD on, hallucinations filtered.

All recognition settings live in one dataclass, :class:`TranscribeOptions`. :func:`transcribe`
consumes faster-whisper's lazy segment generator one segment at a time, so progress is
``segment.end / duration`` and a cancel event is honoured between segments.

The audio is decoded once (16 kHz mono) and serves three purposes: the decoder, the speech
evidence (loudness envelope + Silero VAD, :mod:`toolkit.captions.timing`) that moves word times
out of silence, and the hallucination guard:

* Silero VAD (``vad_filter=True``) removes non-speech before decoding;
* ``condition_on_previous_text`` is switched off for long inputs, where loops start;
* known hallucination phrases (credits, outros) are dropped unless the audio supports them, pure
  annotations ("[Musik]") always (:mod:`toolkit.captions.hallucination`), and a phrase repeated
  four or more times in a row is kept once.

Glossary terms never reach the decoder. The plain decode is cached; the glossary correction
(:mod:`toolkit.captions.correct`), the user's replacements and German number formatting run on
the cached words, so changing the glossary costs no new decode.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from toolkit.captions import model as models
from toolkit.cpu_budget import thread_budget
from toolkit.captions.correct import correct_words
from toolkit.captions.glossary import apply_replacements
from toolkit.captions.hallucination import (
    collapse_loops,
    is_annotation,
    is_hallucination,
    supported,
)
from toolkit.captions.timing import SpeechEvidence, refine_words, speech_evidence
from toolkit.captions.transcript import (
    DEFAULT_REVIEW_THRESHOLD,
    Notice,
    Transcript,
    TranscriptCache,
    Word,
    cache_key,
    nfc,
    normalise,
)
from toolkit.atomic import file_sha256
from toolkit.numbers import german_digits
from toolkit.errors import Cancelled, MediaError, UserInputError
from toolkit.messages import register
from toolkit.resources import cache_root

register({
    "captions.no_audio": (
        "{path}: Die Datei hat keine Tonspur, daher gibt es nichts zu untertiteln.",
        "{path}: the file has no audio track, so there is nothing to subtitle.",
    ),
    "captions.decode_failed": (
        "{path}: Der Ton lässt sich nicht lesen ({detail}). Bitte die Originaldatei erneut "
        "kopieren oder exportieren.",
        "{path}: the audio cannot be read ({detail}). Please copy or export the original "
        "file again.",
    ),
    "captions.language_unknown": (
        "Unbekannte Sprache „{language}“. Bitte einen Whisper-Sprachcode (z. B. de, en, tr) "
        "oder „auto“ angeben.",
        "Unknown language '{language}'. Please give a Whisper language code (e.g. de, en, tr) "
        "or 'auto'.",
    ),
    "captions.language_uncertain": (
        "Die Sprache wurde als „{language}“ erkannt, aber nur mit {probability:.0%} "
        "Sicherheit. Falls das falsch ist, die Sprache ausdrücklich angeben (--lang de).",
        "The language was detected as '{language}', but only with {probability:.0%} "
        "confidence. If that is wrong, give the language explicitly (--lang de).",
    ),
    "captions.cancelled": (
        "Abgebrochen: „{target}“ wurde nicht transkribiert.",
        "Cancelled: '{target}' was not transcribed.",
    ),
})

PIPELINE_VERSION: Final = 3
"""Bump when filtering or word handling changes, so cached transcripts are rebuilt."""

ProgressFn = Callable[[float], None]

@dataclass(frozen=True)
class TranscribeOptions:
    """Everything that decides how speech is recognised.

    Attributes:
        model: ``base`` (built in), ``small``, ``medium``, ``large-v3-turbo`` (downloaded on
            demand) or the path of a CTranslate2 model folder.
        language: Whisper language code, or ``auto`` to detect it.
        device: ``cpu`` or ``cuda``.
        compute_type: CTranslate2 compute type (``int8`` on the CPU).
        cpu_threads: CTranslate2 threads (0: the job's CPU budget, ``MACHMAL_THREADS``, else
            CTranslate2's default).
        beam_size: Beam search width.
        vad: Remove non-speech with Silero VAD before decoding.
        hotwords: Glossary terms (user glossary, project names). They are NOT given to the
            decoder; near-misses in the plain decode are spelled as the terms are
            (:func:`toolkit.captions.correct.correct_words`) and flagged ``glossary``.
        replacements: (wrong, right) pairs applied after recognition.
        refine_times: Move word times out of silence (:mod:`toolkit.captions.timing`).
        condition_on_previous_text: None: on for short inputs, off above ``long_input_seconds``.
        long_input_seconds: Where "long input" starts.
        filter_hallucinations: Drop known hallucination phrases and repetition loops.
        min_language_probability: Below this, an auto-detected language gets a warning.
        review_threshold: Words below this probability are flagged for review.
        use_cache: Read and write the transcript cache.
    """

    model: str = models.BUNDLED
    language: str = "de"
    device: str = "cpu"
    compute_type: str = "int8"
    cpu_threads: int = 0
    beam_size: int = 5
    vad: bool = True
    hotwords: tuple[str, ...] = ()
    replacements: tuple[tuple[str, str], ...] = ()
    refine_times: bool = True
    condition_on_previous_text: bool | None = None
    long_input_seconds: float = 60.0
    filter_hallucinations: bool = True
    min_language_probability: float = 0.7
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD
    use_cache: bool = True

    def condition(self, duration: float) -> bool:
        """Whether to condition on previous text for an input of ``duration`` seconds."""
        if self.condition_on_previous_text is not None:
            return self.condition_on_previous_text
        return duration <= self.long_input_seconds

    def recognition_key(self, duration: float) -> dict[str, Any]:
        """The options that change recognition output (part of the cache key)."""
        return {"language": self.language, "device": self.device,
                "compute_type": self.compute_type, "beam_size": self.beam_size,
                "vad": self.vad, "refine_times": self.refine_times,
                "condition": self.condition(duration),
                "filter": self.filter_hallucinations, "pipeline": PIPELINE_VERSION}


def transcribe(path: str | os.PathLike[str], options: TranscribeOptions | None = None,
               progress: ProgressFn | None = None,
               cancel: threading.Event | None = None) -> Transcript:
    """Recognise the speech of an audio or video file.

    Args:
        path: The file (any format ffmpeg reads; only its first audio track is used).
        options: Recognition options (default: German, built-in model).
        progress: Called with a fraction 0..1 after each segment.
        cancel: When set, recognition stops and :class:`~toolkit.errors.Cancelled` is raised.

    Returns:
        The :class:`Transcript`, with replacements applied and warnings attached.

    Raises:
        MediaError: The file is unreadable or has no audio.
        ModelError: The model cannot be loaded.
        UserInputError: Unknown language or model.
        Cancelled: ``cancel`` was set.
    """
    from toolkit.media.probe import probe

    opts = options or TranscribeOptions()
    src = Path(path)
    info = probe(src)
    if not info.has_audio:
        raise MediaError("captions.no_audio", path=str(src))
    language = _check_language(opts.language)
    ref = models.resolve(opts.model)
    content = file_sha256(src)
    key = cache_key(content, ref.identity, opts.recognition_key(info.duration))
    cache = TranscriptCache(cache_root() / "transcripts")
    raw = cache.get(key) if opts.use_cache else None
    if raw is None:
        raw = _recognise(src, info.duration, language, opts, progress, cancel)
        raw = dataclasses.replace(raw, source=src.name, source_hash=content, model=ref.name,
                                  options=opts.recognition_key(info.duration))
        if opts.use_cache:
            cache.put(key, raw)
    elif progress:
        progress(1.0)
    return dataclasses.replace(raw.with_words(finish_words(raw.words, opts, raw.language)),
                               source=src.name, review_threshold=opts.review_threshold)


def finish_words(words: Iterable[Word], opts: TranscribeOptions,
                 language: str = "de") -> list[Word]:
    """Glossary correction, the user's replacements and (German) number formatting."""
    out = correct_words(list(words), opts.hotwords)
    out = apply_replacements(out, opts.replacements)
    if language.startswith("de"):
        texts = german_digits([w.text for w in out])
        out = [w if w.text == x else dataclasses.replace(w, text=x) for w, x in zip(out, texts)]
    return out


def _check_language(language: str) -> str | None:
    code = language.strip().lower()
    if code == "auto":
        return None
    try:
        from faster_whisper.tokenizer import _LANGUAGE_CODES as codes
    except ImportError:  # private name moved: accept any plausible code
        codes = (code,) if re.fullmatch(r"[a-z]{2,3}", code) else ()
    if code not in codes:
        raise UserInputError("captions.language_unknown", language=language)
    return code


def _recognise(src: Path, duration: float, language: str | None, opts: TranscribeOptions,
               progress: ProgressFn | None, cancel: threading.Event | None) -> Transcript:
    """Decode the audio once, run faster-whisper lazily and collect checked, retimed words."""
    whisper = models.load_model(opts.model, opts.device, opts.compute_type,
                                opts.cpu_threads or thread_budget() or 0)
    try:
        from faster_whisper.audio import decode_audio

        audio = decode_audio(str(src), sampling_rate=16_000)
        evidence = speech_evidence(audio) if opts.refine_times or opts.filter_hallucinations \
            else None
        segments, info = whisper.transcribe(
            audio, language=language, beam_size=opts.beam_size, word_timestamps=True,
            vad_filter=opts.vad, condition_on_previous_text=opts.condition(duration))
        words = list(_collect(segments, duration or info.duration, opts, evidence, progress,
                              cancel, src.name))
    except (Cancelled, MemoryError):
        raise
    except Exception as exc:  # PyAV decode errors, truncated files
        if type(exc).__module__.startswith("av"):
            raise MediaError("captions.decode_failed", path=str(src),
                             detail=str(exc)[:200]) from exc
        raise
    warnings: tuple[Notice, ...] = ()
    if language is None and info.language_probability < opts.min_language_probability:
        warnings = (Notice("captions.language_uncertain",
                           {"language": info.language,
                            "probability": round(info.language_probability, 3)}),)
    if opts.filter_hallucinations:
        words = collapse_loops(words)
    return Transcript(words=tuple(words), language=info.language,
                      duration=duration or info.duration,
                      language_probability=info.language_probability if language is None
                      else 1.0, warnings=warnings)


def _collect(segments: Iterable[Any], duration: float, opts: TranscribeOptions,
             evidence: SpeechEvidence | None, progress: ProgressFn | None,
             cancel: threading.Event | None, name: str) -> Iterable[Word]:
    """Yield the (retimed) words of each kept segment, reporting progress per segment."""
    kept: list[str] = []
    for segment in segments:
        if cancel is not None and cancel.is_set():
            raise Cancelled("captions.cancelled", target=name)
        if progress and duration > 0:
            progress(min(1.0, max(0.0, segment.end / duration)))
        words = join_pieces(segment.words or [])
        if opts.refine_times and evidence is not None:
            words = refine_words(words, evidence)
        if opts.filter_hallucinations and (
                is_annotation(segment.text)
                or (is_hallucination(segment.text) and not supported(words, evidence, kept))):
            continue
        kept.append(normalise(segment.text))
        yield from words
    if progress:
        progress(1.0)


def join_pieces(pieces: Iterable[Any]) -> list[Word]:
    """Turn Whisper word pieces into words: a piece without a leading space (``-Rex`` after
    ``T``) continues the previous word."""
    out: list[Word] = []
    for piece in pieces:
        text = nfc(str(piece.word))
        if out and text and not text[0].isspace():
            prev = out[-1]
            out[-1] = Word(prev.text + text.strip(), prev.start, float(piece.end),
                           min(prev.probability, float(piece.probability)))
        elif text.strip():
            out.append(Word(text.strip(), float(piece.start), float(piece.end),
                            float(piece.probability)))
    return out
