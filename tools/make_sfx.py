"""Synthesise machmal's sound cues with ffmpeg (lavfi ``aevalsrc``) into ``templates/sfx/``.

Every sound is made here from formulas, so the project owns it outright (CC0, see
``sample_media/ATTRIBUTION.md``). Each file is 48 kHz mono Opus (a few KB) and is levelled so
that the sound, played back to back for a few seconds, measures :data:`SFX_LUFS` (EBU R128):
the mix (:mod:`toolkit.edit.cues`) then places every cue relative to the speech.

Run from the checkout: ``python tools/make_sfx.py`` (rewrites the files; same input, same sound).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.edit.cues import SFX_LUFS  # noqa: E402
from toolkit.media.ffmpeg_bin import ffmpeg_exe  # noqa: E402
from toolkit.media.loudness import parse_ebur128_summary  # noqa: E402

OUT = ROOT / "templates" / "sfx"
RATE = 48000


def _env(attack: float, length: float, release: float) -> str:
    """A linear attack / release envelope expression over ``length`` seconds."""
    return f"min(1,t/{attack})*max(0,min(1,({length}-t)/{release}))"


SOUNDS: dict[str, tuple[float, str, str]] = {
    # name: (seconds, aevalsrc expression, extra filters)
    # pea whistle: 2.9 kHz carrier, the pea's 34 Hz rattle as FM and AM, a breathy edge
    "whistle": (0.55, f"{_env(0.008, 0.55, 0.06)}*(0.8+0.2*sin(2*PI*34*t))*"
                      "(0.85*sin(2*PI*2900*t+5*sin(2*PI*34*t))+0.12*(random(0)*2-1))",
                "highpass=f=1500"),
    # countdown pip: 1 kHz, 150 ms
    "beep": (0.15, f"{_env(0.004, 0.15, 0.02)}*sin(2*PI*1000*t)", "anull"),
    # the last second: 1 kHz an octave up, longer
    "beep_last": (0.5, f"{_env(0.004, 0.5, 0.08)}*(0.7*sin(2*PI*2000*t)+0.3*sin(2*PI*1000*t))",
                  "anull"),
    # gong: inharmonic partials with their own decays, a mallet thump at the start
    "gong": (2.6, "min(1,t/0.004)*max(0,min(1,(2.6-t)/0.3))*("
                  "0.5*sin(2*PI*110*t)*exp(-t/1.4)+0.35*sin(2*PI*178*t)*exp(-t/1.0)+"
                  "0.3*sin(2*PI*263*t)*exp(-t/0.8)+0.2*sin(2*PI*389*t)*exp(-t/0.5)+"
                  "0.15*sin(2*PI*517*t+2*sin(2*PI*3*t))*exp(-t/0.35)+"
                  "0.3*(random(0)*2-1)*exp(-t/0.015))", "lowpass=f=4000"),
    # whip: a noise swell through a band, rising and falling in 0.3 s
    "whoosh": (0.3, "sin(PI*t/0.3)*sin(PI*t/0.3)*(random(0)*2-1)",
               "highpass=f=400,lowpass=f=5000"),
    # beat hit: a kick drum, pitch falling from 130 to 50 Hz, with a click
    "hit": (0.35, "max(0,min(1,(0.35-t)/0.05))*(sin(2*PI*(50*t+80*0.03*(1-exp(-t/0.03))))"
                  "*exp(-t/0.12)+0.25*(random(0)*2-1)*exp(-t/0.004))", "anull"),
}


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", *args], check=True,
                          capture_output=True, text=True, timeout=60)


def _source(expr: str, seconds: float, extra: str) -> str:
    return (f"aevalsrc=exprs='{expr}':s={RATE}:d={seconds},{extra},"
            "aformat=sample_fmts=flt:channel_layouts=mono")


def _loudness(expr: str, seconds: float, extra: str) -> float:
    """Integrated loudness of the sound looped for 4 s (its level while it sounds)."""
    loops = max(1, round(4.0 / seconds))
    graph = _source(expr, seconds, extra) + f",aloop=loop={loops}:size={round(seconds * RATE)}"
    out = _run(["-f", "lavfi", "-i", graph, "-af", "ebur128=framelog=quiet", "-f", "null", "-"])
    summary = parse_ebur128_summary(out.stderr)
    assert summary is not None, out.stderr[-500:]
    return summary["i"]


def make(name: str) -> Path:
    """Write ``templates/sfx/<name>.opus`` levelled to :data:`SFX_LUFS`."""
    seconds, expr, extra = SOUNDS[name]
    gain = SFX_LUFS - _loudness(expr, seconds, extra)
    target = OUT / f"{name}.opus"
    tmp = target.with_suffix(".tmp.opus")
    _run(["-y", "-f", "lavfi", "-i", _source(expr, seconds, extra) + f",volume={gain:.2f}dB",
          "-c:a", "libopus", "-b:a", "48k", "-ac", "1", "-ar", str(RATE),
          "-map_metadata", "-1", "-fflags", "+bitexact", str(tmp)])
    tmp.replace(target)
    return target


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in SOUNDS:
        path = make(name)
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
