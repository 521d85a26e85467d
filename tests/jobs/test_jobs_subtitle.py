"""The subtitle job with the real Whisper model in a real worker process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit import jobs

from conftest import wait_for

pytestmark = pytest.mark.model


def test_subtitle_job_writes_transcript_srt_and_vtt(workers, shared_media, tmp_path,
                                                    monkeypatch):
    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path / "cache"))  # no earlier transcript
    workers.start()
    src = shared_media / "speech_de" / "leopard_test_de.wav"
    out = tmp_path / "subs"
    out.mkdir()
    params = {"src": str(src), "lang": "de", "srt": str(out / "t.srt"),
              "vtt": str(out / "t.vtt"), "transcript_out": str(out / "t.json")}
    job = jobs.submit("subtitle", params)
    seen = wait_for(lambda: (lambda j: j if j.stage == "transcribe" or j.finished else None)(
        jobs.get_job(job.id)), 120, "the transcription stage")
    assert seen.stage == "transcribe"
    done = jobs.wait_job(job.id, timeout=300)
    assert done.state == jobs.DONE, done.error_message()
    assert done.progress == 1.0
    assert sorted(Path(p).name for p in done.result["outputs"]) == ["t.json", "t.srt", "t.vtt"]
    srt = (out / "t.srt").read_text(encoding="utf-8")
    assert srt.startswith("1\n") and " --> " in srt
    assert (out / "t.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    words = json.loads((out / "t.json").read_text(encoding="utf-8"))["words"]
    assert len(words) >= 3 and done.result["language"].startswith("de")
    expected = (src.with_suffix(".txt")).read_text(encoding="utf-8").lower()
    assert any(w["text"].strip(".,!?").lower() in expected for w in words)
