"""Caption trust figures for ``bench_captions.py``: glossary WER/time, word-start errors.

(c) Glossary, on every short German clip of ``shared/media/speech_de`` (10 clips):
    WER of the plain decode, with a glossary of 10 unrelated names, with a glossary of the
    clip's own rare words; the same two glossaries given to faster-whisper as ``hotwords``
    (the old way), and the time of each against the plain decode (cache off, best of rounds).
    Also the similarity scores behind :data:`toolkit.captions.correct.ACCEPT`: the highest
    score any unrelated term reached on any run of recognised words, and the lowest score of
    a wanted correction.
(d) Word starts: first-word start error against an energy-onset reference (first 100 ms run of
    5 ms frames louder than max(floor + 12 dB, peak - 30 dB)) on the 10 clips and on the same
    clips after 0.8 s of room noise; and every word's start error on sentences synthesised
    word by word with espeak-ng (reference = where each word was placed), raw Whisper vs
    refined.
"""

from __future__ import annotations

import difflib
import shutil
import statistics
import subprocess
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

UNRELATED = ("Tischlerei Brinkmann", "Ems-Achse", "Mach mal", "Kfz-Mechatroniker",
             "Jürgen Wöhrmann", "Bäckerei Müller", "Lena", "Anlagenmechanikerin",
             "Autohaus Meier", "Schreinerei Holzwurm")
RELEVANT = {"cheetah_test_de": ["Werbung"],
            "fleurs-de-000": ["Hongkong", "Kowloon", "gegenüberliegenden"],
            "fleurs-de-001": ["T-Rex", "Dinosaurier"],
            "fleurs-de-002": ["Tempelritter", "Unabhängigkeitserklärung"],
            "fleurs-de-003": ["Nichtjuden", "Angehörigen"], "fleurs-de-004": ["Mekka"],
            "fleurs-de-005": ["Sandbänke", "Wildtiere"],
            "leopard_test_de": ["Leichenhalle", "Portal"],
            "thorsten_sample01-gt": ["Schoko-Bonbons"], "thorsten_sample02-gt": ["Tröte"]}
SENTENCES = ["Wir suchen ab August zwei Auszubildende für unsere Werkstatt",
             "Die Ausbildung zum Mechatroniker dauert dreieinhalb Jahre",
             "Komm vorbei und mach mal mit bei unserem Team",
             "Heute zeigen wir euch wie man eine Brezel schlingt"]


def clips(media: Path) -> list[Path]:
    return sorted(p for p in (media / "speech_de").glob("*")
                  if p.suffix in (".wav", ".ogg") and p.stem in RELEVANT)


def _decode(path: Path, **opts: Any) -> tuple[Any, float]:
    from toolkit.captions.transcribe import TranscribeOptions, transcribe

    t0 = time.perf_counter()
    result = transcribe(path, TranscribeOptions(use_cache=False, **opts))
    return result, time.perf_counter() - t0


def _hotword_decode(path: Path, terms: tuple[str, ...]) -> tuple[str, float]:
    """The old way: the glossary as faster-whisper hotwords."""
    from toolkit.captions.model import load_model

    t0 = time.perf_counter()
    segments, _ = load_model().transcribe(str(path), language="de", beam_size=5,
                                          vad_filter=True, word_timestamps=True,
                                          hotwords=" ".join(terms))
    return "".join(s.text for s in segments), time.perf_counter() - t0


def bench_glossary(media: Path, rounds: int) -> dict[str, Any]:
    import jiwer

    from toolkit.captions.transcribe import normalise

    files = clips(media)
    refs = [normalise(p.with_suffix(".txt").read_text(encoding="utf-8")) for p in files]
    kinds = ("plain", "unrelated", "relevant")
    best = {k: [float("inf")] * len(files) for k in kinds}
    texts: dict[str, list[str]] = {k: [""] * len(files) for k in kinds}
    for r in range(rounds):
        for i, p in enumerate(files):
            order = list(kinds) if (r + i) % 2 == 0 else list(reversed(kinds))
            for kind in order:
                terms = {"plain": (), "unrelated": UNRELATED,
                         "relevant": tuple(RELEVANT[p.stem])}[kind]
                result, secs = _decode(p, hotwords=terms)
                best[kind][i] = min(best[kind][i], secs)
                texts[kind][i] = result.text
    hot = {"hot_unrelated": [_hotword_decode(p, UNRELATED) for p in files],
           "hot_relevant": [_hotword_decode(p, tuple(RELEVANT[p.stem])) for p in files]}
    out: dict[str, Any] = {"clips": len(files), "rounds": rounds}
    for kind in kinds:
        out[f"{kind}_wer"] = float(jiwer.wer(refs, [normalise(t) for t in texts[kind]]))
        out[f"{kind}_s"] = sum(best[kind])
    for kind, pairs in hot.items():
        out[f"{kind}_wer"] = float(jiwer.wer(refs, [normalise(t) for t, _ in pairs]))
        out[f"{kind}_s"] = sum(s for _, s in pairs)
    out["invented"] = sum(normalise(term) in normalise(t) and normalise(term) not in ref
                          for t, ref in zip(texts["unrelated"], refs) for term in UNRELATED)
    out["hot_invented"] = sum(normalise(term) in normalise(t) and normalise(term) not in ref
                              for (t, _), ref in zip(hot["hot_unrelated"], refs)
                              for term in UNRELATED)
    out.update(score_margins(files))
    return out


def score_margins(files: list[Path]) -> dict[str, float]:
    """Highest unrelated-term score and lowest wanted-correction score (threshold evidence)."""
    from toolkit.captions.correct import _plausible, fold, prepare, similarity
    from toolkit.captions.transcribe import TranscribeOptions, transcribe

    worst_unrelated, wanted = 0.0, []
    for p in files:
        words = transcribe(p, TranscribeOptions()).words
        keys = [fold(w.text) for w in words]
        for term in prepare(UNRELATED):
            for n in range(1, term.words + 2):
                for i in range(len(keys) - n + 1):
                    cand = "".join(keys[i:i + n])
                    if _plausible(cand, term):
                        worst_unrelated = max(worst_unrelated, similarity(cand, term))
        for term in prepare(RELEVANT[p.stem]):
            scores = [similarity(k, term) for k in keys if k and k != term.key
                      and _plausible(k, term)]
            best = max(scores, default=0.0)
            if best >= 0.8:  # a misrecognised spelling of the term is in the decode
                wanted.append(best)
    return {"max_unrelated_score": worst_unrelated,
            "min_wanted_score": min(wanted, default=float("nan")), "wanted": len(wanted)}


def energy_onset(x: np.ndarray) -> float | None:
    hop, win = 80, 160
    n = max(0, (x.size - win) // hop)
    db = np.array([10 * np.log10(np.mean(x[i * hop:i * hop + win].astype(float) ** 2) + 1e-12)
                   for i in range(n)])
    threshold = max(np.percentile(db, 5) + 12, np.percentile(db, 99.5) - 30)
    above = db > threshold
    for i in range(n - 20):
        if above[i] and above[i:i + 20].mean() >= 0.8:
            return i * 0.005
    return None


def _write(x: np.ndarray, path: Path) -> Path:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(16000)
        f.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def bench_first_words(media: Path, tmp: Path) -> dict[str, Any]:
    from faster_whisper.audio import decode_audio

    rng = np.random.default_rng(3)
    errors: dict[bool, list[float]] = {False: [], True: []}
    for p in clips(media):
        x = decode_audio(str(p))
        noise = rng.normal(0, 0.001, int(0.8 * 16000)).astype(np.float32)
        for k, audio in enumerate((x, np.concatenate([noise, x]))):
            path = _write(audio, tmp / f"{p.stem}-{k}.wav")
            ref = energy_onset(audio)
            for refine in (False, True):
                words = _decode(path, refine_times=refine)[0].words
                if words and ref is not None:
                    errors[refine].append(words[0].start - ref)
    return {f"{'refined' if r else 'raw'}_{name}": fn(errors[r]) for r in (False, True)
            for name, fn in (("median_ms", _median_ms), ("worst_ms", _worst_ms),
                             ("earliest_ms", lambda e: min(e) * 1000), ("n", len))}


def _median_ms(errors: list[float]) -> float:
    return statistics.median(abs(e) for e in errors) * 1000 if errors else float("nan")


def _worst_ms(errors: list[float]) -> float:
    return max(abs(e) for e in errors) * 1000 if errors else float("nan")


def bench_word_starts(tmp: Path) -> dict[str, Any] | None:
    """Every word's start error on espeak-ng sentences built word by word."""
    if shutil.which("espeak-ng") is None:
        return None
    from toolkit.captions.transcribe import normalise

    rng = np.random.default_rng(7)
    errors: dict[bool, list[float]] = {False: [], True: []}
    for k, sentence in enumerate(SENTENCES):
        audio, refs = _synthesise(sentence, rng, tmp)
        path = _write(audio, tmp / f"espeak-{k}.wav")
        for refine in (False, True):
            words = _decode(path, refine_times=refine)[0].words
            a, b = [normalise(w) for w, _ in refs], [normalise(w.text) for w in words]
            for blk in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks():
                for j in range(blk.size):
                    errors[refine].append(words[blk.b + j].start - refs[blk.a + j][1])
    return {f"{'refined' if r else 'raw'}_{name}": fn(errors[r]) for r in (False, True)
            for name, fn in (("median_ms", _median_ms), ("n", len),
                             ("early60", lambda e: sum(x < -0.06 for x in e)))}


def _synthesise(sentence: str, rng: np.random.Generator,
                tmp: Path) -> tuple[np.ndarray, list[tuple[str, float]]]:
    from faster_whisper.audio import decode_audio

    parts, refs, t = [np.zeros(int(0.6 * 16000), np.float32)], [], 0.6
    for i, word in enumerate(sentence.split()):
        if i:
            gap = float(rng.choice([0.0, 0.03, 0.06, 0.1, 0.15, 0.25]))
            parts.append(np.zeros(int(gap * 16000), np.float32))
            t += int(gap * 16000) / 16000
        f = tmp / "word.wav"
        subprocess.run(["espeak-ng", "-v", "de", "-s", "150", "-w", str(f), word], check=True)
        y = decode_audio(str(f))
        idx = np.flatnonzero(np.abs(y) > 0.01)
        y = y[idx[0]:idx[-1] + 1]
        refs.append((word, t))
        parts.append(y)
        t += y.size / 16000
    parts.append(np.zeros(8000, np.float32))
    audio = np.concatenate(parts)
    return audio + rng.normal(0, 0.001, audio.size).astype(np.float32), refs


def run(media: Path, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as folder:
        tmp = Path(folder)
        return {"glossary": bench_glossary(media, rounds),
                "first": bench_first_words(media, tmp), "words": bench_word_starts(tmp)}


def report(q: dict[str, Any]) -> list[str]:
    g, f, w = q["glossary"], q["first"], q["words"]
    ratio = g["unrelated_s"] / g["plain_s"]
    lines = [
        f"**Glossary** ({g['clips']} short German clips of `speech_de`, best of {g['rounds']} "
        "rounds, cache off; hotwords: 1 round):", "",
        "| decode | WER | time | ratio to plain | unrelated terms invented |",
        "|---|---|---|---|---|",
        f"| plain | {g['plain_wer']:.3f} | {g['plain_s']:.2f} s | 1.00x | - |",
        f"| + 10 unrelated names (correction) | {g['unrelated_wer']:.3f} | "
        f"{g['unrelated_s']:.2f} s | {ratio:.2f}x | {g['invented']} |",
        f"| + the clips' own rare words (correction) | {g['relevant_wer']:.3f} | "
        f"{g['relevant_s']:.2f} s | {g['relevant_s'] / g['plain_s']:.2f}x | - |",
        f"| + 10 unrelated names as Whisper hotwords (old way) | {g['hot_unrelated_wer']:.3f} | "
        f"{g['hot_unrelated_s']:.2f} s | {g['hot_unrelated_s'] / g['plain_s']:.2f}x | "
        f"{g['hot_invented']} |",
        f"| + own rare words as Whisper hotwords | {g['hot_relevant_wer']:.3f} | "
        f"{g['hot_relevant_s']:.2f} s | {g['hot_relevant_s'] / g['plain_s']:.2f}x | - |", "",
        f"Glossary time ratio **{ratio:.2f}x** (target <= 1.3x: {_met(ratio <= 1.3)}); WER "
        f"with the unrelated glossary never above plain: "
        f"{_met(g['unrelated_wer'] <= g['plain_wer'] + 1e-9)}. Threshold evidence: the "
        f"highest similarity any unrelated term reached on any run of recognised words was "
        f"{g['max_unrelated_score']:.3f}; the lowest wanted correction scored "
        f"{g['min_wanted_score']:.3f} ({g['wanted']} wanted); `ACCEPT` lies between them. "
        "The glossary adds no decode (it corrects the cached plain decode), so ratios away from "
        "1.0x are the load of the shared machine.", "",
        "**Word starts** (reference: energy onset, see `bench/caption_quality.py`):", "",
        "| | raw Whisper | refined |", "|---|---|---|",
        f"| first word, {f['refined_n']} clips (10 + the same after 0.8 s room noise): median "
        f"abs error | {f['raw_median_ms']:.0f} ms | {f['refined_median_ms']:.0f} ms |",
        f"| first word: worst abs error | {f['raw_worst_ms']:.0f} ms | "
        f"{f['refined_worst_ms']:.0f} ms |",
        f"| first word: earliest (negative = before the voice) | {f['raw_earliest_ms']:.0f} ms "
        f"| {f['refined_earliest_ms']:.0f} ms |"]
    if w:
        lines += [f"| every word, {w['refined_n']} words of espeak-ng sentences built word by "
                  f"word: median abs error | {w['raw_median_ms']:.0f} ms | "
                  f"{w['refined_median_ms']:.0f} ms |",
                  f"| every word: more than 60 ms early | {w['raw_early60']} | "
                  f"{w['refined_early60']} |"]
    worst = f["refined_worst_ms"]
    med = w["refined_median_ms"] if w else float("nan")
    lines += ["", f"Targets: median word-start error <= 60 ms: {med:.0f} ms "
              f"({_met(med <= 60)}, synthetic speech); first word <= 120 ms: worst "
              f"{worst:.0f} ms ({_met(worst <= 120)}). No word-level reference exists here for "
              "the inner words of real recordings; the every-word figure is on synthetic "
              "speech, the first-word figures are on real recordings.", ""]
    return lines


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"
