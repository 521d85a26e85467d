"""One option vocabulary on the CLI: --fit, --loudness, --captions STYLE, --speech-lang.

The library calls behind the commands are replaced by recorders (this tests the CLI's parsing,
the old names as hidden aliases with a note, and its printed text), so no ffmpeg runs here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from toolkit.cli import main


def _delivered(video: Path) -> SimpleNamespace:
    """What a delivery returns, as far as the CLI reads it (a video with a clean report)."""
    return SimpleNamespace(platform=video.stem, video=video,
                           report=SimpleNamespace(checks=[], warnings=[]))


class _Stop(Exception):
    """Raised by a recorder once it has seen what the command passed on."""


@pytest.fixture()
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    got: dict[str, Any] = {}

    def export(src, presets, out, options, **kwargs):  # noqa: ANN001, ANN003, ANN202
        got["export"] = options
        return got.get("results", [])

    def reformat(src, dst, aspect, mode, **kwargs):  # noqa: ANN001, ANN003, ANN202
        got["reformat"] = {"mode": mode, **kwargs}
        return _delivered(Path(dst))

    def normalize(src, out, goal, progress=None):  # noqa: ANN001, ANN202
        got["loudnorm"] = goal
        raise _Stop

    def plan_render(project, platform, *, options, workspace, out_dir):  # noqa: ANN001, ANN202
        got["render"] = options
        raise _Stop

    monkeypatch.setattr("toolkit.products.export.export", export)
    monkeypatch.setattr("toolkit.products.reformat.reformat", reformat)
    monkeypatch.setattr("toolkit.media.loudness.normalize", normalize)
    monkeypatch.setattr("toolkit.edit.plan.plan_render", plan_render)
    return got


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main([*args])
    except _Stop:
        code = -1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_takes_the_new_names_without_a_note(seen, capsys, tmp_path):
    code, _, err = _run(capsys, "export", "a.mp4", "-p", "reels", "-o", str(tmp_path),
                        "--fit", "blur", "--speech-lang", "en", "--loudness", "off")
    assert code == 0 and err == ""
    assert seen["export"].mode == "blur" and seen["export"].loudness is None


@pytest.mark.parametrize("lang, note", [("de", "heißt jetzt"), ("en", "is now called")])
def test_an_old_option_name_still_works_with_a_deprecation_note(seen, capsys, tmp_path, lang,
                                                                note):
    code, _, err = _run(capsys, "--lang", lang, "export", "a.mp4", "-p", "reels", "-o",
                        str(tmp_path), "--mode", "center")
    assert code == 0 and seen["export"].mode == "center"
    assert "--mode" in err and "--fit" in err and note in err


def test_the_old_value_pad_means_bars_and_says_so(seen, capsys, tmp_path):
    code, _, err = _run(capsys, "--lang", "en", "reformat", "a.mp4", str(tmp_path / "b.mp4"),
                        "--mode", "pad", "--pad-color", "white", "--layout", "pad")
    assert code == 0
    assert seen["reformat"]["mode"] == "bars" and seen["reformat"]["pad_color"] == "white"
    assert seen["reformat"]["layout"] == "blur"
    for old, new in (("--mode", "--fit"), ("--pad-color", "--bars-color"),
                     ("--fit pad", "--fit bars"), ("--layout pad", "--layout blur")):
        assert old in err and new in err


def test_old_and_new_name_together_are_refused(seen, capsys, tmp_path):
    code, _, _ = _run(capsys, "export", "a.mp4", "-p", "reels", "-o", str(tmp_path),
                      "--fit", "smart", "--mode", "center")
    assert code == 2 and "export" not in seen


def test_an_unknown_fit_names_the_valid_ones_in_english(seen, capsys, tmp_path):
    code, _, err = _run(capsys, "--lang", "en", "export", "a.mp4", "-p", "reels", "-o",
                        str(tmp_path), "--fit", "stretch")
    assert code == 2 and "stretch" in err and "smart, center, blur, bars" in err


def test_loudnorm_says_loudness_and_keeps_target_as_alias(seen, capsys, tmp_path):
    _run(capsys, "loudnorm", "a.mp4", str(tmp_path / "b.m4a"), "--loudness", "broadcast")
    assert seen["loudnorm"].i == -23
    _, _, err = _run(capsys, "loudnorm", "a.mp4", str(tmp_path / "b.m4a"), "--target", "-16")
    assert seen["loudnorm"].i == -16 and "--target" in err and "--loudness" in err


def test_render_has_fit_and_speech_lang(seen, capsys):
    _run(capsys, "render", "Duell", "-p", "reels", "--fit", "center", "--speech-lang", "en")
    assert seen["render"].mode == "center" and seen["render"].language == "en"
    _, _, err = _run(capsys, "render", "Duell", "-p", "reels", "--lang", "fr")
    assert seen["render"].language == "fr" and "--speech-lang" in err


@pytest.mark.parametrize("command", ["export", "reformat", "subtitle", "render", "loudnorm"])
def test_help_shows_only_the_new_names(capsys, command):
    main([command, "--help"])
    text = capsys.readouterr().out
    hidden = {"export": ["--mode"], "reformat": ["--mode", "--pad-color"],
              "subtitle": ["--style"], "render": [], "loudnorm": ["--target"]}[command]
    for name in hidden:
        assert name not in text
    if command != "loudnorm":
        assert "--fit" in text
    if command in ("export", "subtitle", "render"):
        assert "--speech-lang" in text and "--lang " not in text


@dataclass
class _Check:
    name: str
    ok: bool


@dataclass
class _Report:
    checks: list[_Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Result:
    video: Path
    report: _Report
    preset: Any = None

    @property
    def platform(self) -> str:
        return self.preset.id


def test_results_print_in_the_message_language(seen, capsys, tmp_path):
    from toolkit.platforms import get_preset

    seen["results"] = [_Result(tmp_path / "reels.mp4",
                               _Report([_Check("loudness", False), _Check("size", True)],
                                       ["quiet start"]), get_preset("reels"))]
    _, out_en, _ = _run(capsys, "--lang", "en", "export", "a.mp4", "-p", "reels", "-o",
                        str(tmp_path))
    assert "CHECK: loudness" in out_en and "Note: quiet start" in out_en
    assert "PRÜFEN" not in out_en and "Hinweis" not in out_en
    _, out_de, _ = _run(capsys, "--lang", "de", "export", "a.mp4", "-p", "reels", "-o",
                        str(tmp_path))
    assert "PRÜFEN: loudness" in out_de and "Hinweis: quiet start" in out_de


def test_subtitle_burn_refuses_a_name_its_report_would_overwrite(capsys, tmp_path):
    burn = tmp_path / "reel.mp4"
    code = main(["--lang", "en", "subtitle", str(tmp_path / "missing.mp4"), "--burn", str(burn),
                 "--transcript-out", str(tmp_path / "reel.json")])
    err = capsys.readouterr().err
    assert code == 2 and "reel.json" in err and "check report" in err  # before any work
    assert not list(tmp_path.iterdir())
