"""Benchmark of the captions pipeline against its baselines, measured side by side in ONE run.

    /work/venv/bin/python bench/bench_captions.py [--rounds 3] [--burn-rounds 4] [--width 720]

(a) Transcription: ``toolkit.captions.transcribe`` (cache off) vs plain faster-whisper
    (``WhisperModel(base, int8)``, beam 5, VAD, word timestamps, language de) with the same model
    on the same FLEURS-de clips 000-005, alternating, best of ``--rounds``. By default both call
    the same ``WhisperModel`` object, so the ratio is the pipeline's own cost (probe, content
    hash, filters, JSON); ``--separate-model`` gives the baseline its own instance.
    Target: time ratio <= 1.0 at equal or better WER. (Reference measured here before:
    real-time factor 0.14, WER 0.135.)
(b) Burn-in: shaping + ASS writing + ``reformat`` to 9:16 with the ``ass`` filter vs the same
    ``reformat`` graph without it, on a real talking clip (42 s, speech 1.3-17.3 s).
    Target: <= +10 % encode time.
(c) Glossary: WER without / with a glossary, glossary time ratio (target <= 1.3x), the old
    hotwords way for comparison, and the similarity scores behind the acceptance threshold.
(d) Word starts: median and worst first-word start error against energy-onset references,
    every word's start error on espeak-ng sentences (see ``bench/caption_quality.py``).

Absolute times depend on the machine and its load (2 shared cores here); only the ratios
measured in the same run mean something. Results are printed and written to
the "Captions" section of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
MEDIA = Path(os.environ.get("MACHMAL_SHARED_MEDIA", REPO.parent / "shared" / "media"))
FLEURS = [MEDIA / "speech_de" / f"fleurs-de-00{i}.ogg" for i in range(6)]
TALK = MEDIA / "video" / "autoeditor_example_speech_silence.mp4"


def plain_faster_whisper(model, path: Path) -> str:
    """The baseline: faster-whisper as its README shows it, all segments consumed."""
    segments, _ = model.transcribe(str(path), language="de", beam_size=5, vad_filter=True,
                                   word_timestamps=True)
    return "".join(s.text for s in segments)


def ours(path: Path) -> str:
    from toolkit.captions.transcribe import TranscribeOptions, transcribe

    return transcribe(path, TranscribeOptions(use_cache=False)).text


def bench_transcription(rounds: int, shared: bool = False) -> dict[str, float]:
    import jiwer
    from faster_whisper import WhisperModel

    from toolkit.captions.model import bundled_model_dir, load_model
    from toolkit.captions.transcribe import normalise
    from toolkit.media.probe import probe

    baseline = WhisperModel(str(bundled_model_dir()), device="cpu", compute_type="int8")
    if shared:  # one WhisperModel object for both: no difference from two instances' memory
        baseline = load_model()
    load_model()  # loaded before timing
    audio = sum(probe(p).duration for p in FLEURS)
    refs = [normalise(p.with_suffix(".txt").read_text(encoding="utf-8")) for p in FLEURS]
    best = {"plain": [float("inf")] * len(FLEURS), "ours": [float("inf")] * len(FLEURS)}
    texts: dict[str, list[str]] = {"plain": [""] * len(FLEURS), "ours": [""] * len(FLEURS)}
    cpu = {"plain": [float("inf")] * len(FLEURS), "ours": [float("inf")] * len(FLEURS)}
    for r in range(rounds):
        for i, path in enumerate(FLEURS):
            order = [("plain", lambda p=path: plain_faster_whisper(baseline, p)),
                     ("ours", lambda p=path: ours(p))]
            if (r + i) % 2:
                order.reverse()
            for name, fn in order:
                t0, c0 = time.perf_counter(), time.process_time()
                texts[name][i] = fn()
                best[name][i] = min(best[name][i], time.perf_counter() - t0)
                cpu[name][i] = min(cpu[name][i], time.process_time() - c0)
        print(f"  round {r + 1}: plain {sum(best['plain']):.2f} s, ours {sum(best['ours']):.2f} s",
              flush=True)
    res = {"audio_s": audio}
    for name in ("plain", "ours"):
        res[f"{name}_s"] = sum(best[name])
        res[f"{name}_rtf"] = sum(best[name]) / audio
        res[f"{name}_wer"] = float(jiwer.wer(refs, [normalise(t) for t in texts[name]]))
    res["ratio"] = res["ours_s"] / res["plain_s"]
    res["cpu_ratio"] = sum(cpu["ours"]) / sum(cpu["plain"])
    res["shared"] = float(shared)
    return res


def bench_burn(rounds: int, width: int) -> dict[str, float]:
    from toolkit.captions.burn import ass_writer
    from toolkit.resources import fonts_dir
    from toolkit.captions.shaping import ShapingRules, shape
    from toolkit.captions.styles import load_style
    from toolkit.captions.transcribe import TranscribeOptions, transcribe
    from toolkit.products.reformat import output_size, reformat

    transcript = transcribe(TALK, TranscribeOptions(language="en"))
    style = load_style("social")
    w, h = output_size("9:16", width)
    work = Path(tempfile.mkdtemp(prefix="bench-captions-"))
    best = {"plain": float("inf"), "captions": float("inf"), "shaping": float("inf"),
            "plain_cpu": float("inf"), "captions_cpu": float("inf")}
    for r in range(rounds):
        for name in (("plain", "captions") if r % 2 == 0 else ("captions", "plain")):
            t0, c0 = time.perf_counter(), _cpu()
            subtitles = None
            if name == "captions":
                track = shape(transcript.words, ShapingRules.for_frame(w, h, style.mode),
                              transcript.duration)
                subtitles = ass_writer(track, style, workdir=work / f"r{r}")
                subtitles(w, h)  # written now (reformat gets the same file back) to time it
                best["shaping"] = min(best["shaping"], time.perf_counter() - t0)
            reformat(TALK, work / f"{name}{r}.mp4", "9:16", "center", width=width,
                     subtitles=subtitles, fonts_dir=fonts_dir())
            best[name] = min(best[name], time.perf_counter() - t0)
            best[f"{name}_cpu"] = min(best[f"{name}_cpu"], _cpu() - c0)
        print(f"  round {r + 1}: plain {best['plain']:.2f} s, captions {best['captions']:.2f} s",
              flush=True)
    return {"width": w, "height": h, "words": len(transcript.words), **best,
            "overhead": best["captions"] / best["plain"] - 1.0,
            "cpu_overhead": best["captions_cpu"] / best["plain_cpu"] - 1.0}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (ffmpeg runs as a child)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def report(tr: dict[str, float] | None, burn: dict[str, float] | None, rounds: int,
           burn_rounds: int, quality: dict | None = None) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = ["## Captions", "",
             f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, "
             f"{os.cpu_count()} cores shared with other jobs (load average {load:.1f} at the "
             f"end), best of {rounds} (transcription) and {burn_rounds} (burn-in) rounds, "
             "alternating order. "
             "Command: `python bench/bench_captions.py`.", ""]
    if tr:
        lines += [
            f"**Transcription** (FLEURS-de 000-005, {tr['audio_s']:.1f} s of speech, "
            "base int8, beam 5, VAD, word timestamps, German; "
            f"{'one shared' if tr['shared'] else 'separate'} WhisperModel object):", "",
            "| | time | real-time factor | WER |", "|---|---|---|---|",
            f"| plain faster-whisper | {tr['plain_s']:.2f} s | {tr['plain_rtf']:.3f} | "
            f"{tr['plain_wer']:.3f} |",
            f"| machmal `transcribe` | {tr['ours_s']:.2f} s | {tr['ours_rtf']:.3f} | "
            f"{tr['ours_wer']:.3f} |", "",
            f"Ratio machmal / plain: **{tr['ratio']:.2f}x** (target <= 1.0x at equal or better "
            f"WER: {_met(tr['ratio'] <= 1.0 and tr['ours_wer'] <= tr['plain_wer'] + 1e-9)}); "
            f"CPU-time ratio {tr['cpu_ratio']:.2f}x.", ""]
    if burn:
        lines += [
            f"**Burn-in** (42 s talking clip -> 9:16 {burn['width']}x{burn['height']}, style "
            f"`social`, {burn['words']} words word-by-word):", "",
            "| | time |", "|---|---|",
            f"| reformat without captions | {burn['plain']:.2f} s |",
            "| shaping + ASS + reformat with `ass` filter (same pass) | "
            f"{burn['captions']:.2f} s |",
            f"| of which shaping + ASS writing | {burn['shaping'] * 1000:.0f} ms |", "",
            f"Overhead: **{burn['overhead'] * 100:+.1f} %** (target <= +10 %: "
            f"{_met(burn['overhead'] <= 0.10)}); CPU time (ffmpeg included) "
            f"{burn['cpu_overhead'] * 100:+.1f} %. Wall time on shared cores is noisy; the "
            "CPU-time figure is the steadier measure of the work the captions add.", ""]
    if quality:
        from caption_quality import report as quality_report

        lines += quality_report(quality)
    return "\n".join(lines)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burn-rounds", type=int, default=4)
    parser.add_argument("--width", type=int, default=720, help="9:16 output width for (b)")
    parser.add_argument("--skip-burn", action="store_true")
    parser.add_argument("--skip-transcription", action="store_true")
    parser.add_argument("--skip-quality", action="store_true", help="skip (c) and (d)")
    parser.add_argument("--quality-rounds", type=int, default=2)
    parser.add_argument("--separate-model", action="store_true",
                        help="baseline gets its own WhisperModel instead of the one machmal "
                             "loaded (two instances in one process differ by a few %%)")
    args = parser.parse_args()
    os.environ.setdefault("MACHMAL_CACHE", tempfile.mkdtemp(prefix="bench-cache-"))
    tr = burn = None
    if not args.skip_transcription:
        print("(a) transcription", flush=True)
        tr = bench_transcription(args.rounds, shared=not args.separate_model)
        print(f"  ratio {tr['ratio']:.3f}  WER plain {tr['plain_wer']:.3f} "
              f"ours {tr['ours_wer']:.3f}  RTF plain {tr['plain_rtf']:.3f} "
              f"ours {tr['ours_rtf']:.3f}  CPU ratio {tr['cpu_ratio']:.3f}", flush=True)
    if not args.skip_burn:
        print("(b) burn-in", flush=True)
        burn = bench_burn(args.burn_rounds, args.width)
        print(f"  overhead {burn['overhead'] * 100:+.1f} % (CPU time "
              f"{burn['cpu_overhead'] * 100:+.1f} %)", flush=True)
    quality = None
    if not args.skip_quality:
        print("(c, d) glossary and word starts", flush=True)
        from caption_quality import run as run_quality

        quality = run_quality(MEDIA, args.quality_rounds)
        print(f"  {quality}", flush=True)
    text = report(tr, burn, args.rounds, args.burn_rounds, quality)
    from results import write_section

    write_section("Captions", text)
    print(text)


if __name__ == "__main__":
    main()
