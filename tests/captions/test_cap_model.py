"""Locating, joining and verifying the bundled model; model choice errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from toolkit.captions import model as m
from toolkit.errors import ModelError, UserInputError


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_join_verify_marker_and_fast_path(own_cache, monkeypatch):
    threads = [threading.Thread(target=m.bundled_model_dir) for _ in range(2)]
    for th in threads:  # two joins racing: both succeed, one folder remains
        th.start()
    for th in threads:
        th.join()
    folder = m.bundled_model_dir()
    assert folder.parent == own_cache / "models"
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]
    assert (folder / "model.bin").stat().st_size == m.BASE_SIZE
    assert {"config.json", "tokenizer.json", "vocabulary.txt"} <= {p.name for p in
                                                                   folder.iterdir()}
    marker = json.loads((folder / ".verified.json").read_text())
    assert marker["sha256"] == m.BASE_SHA256
    monkeypatch.setattr(m, "_file_sha256", lambda p: pytest.fail("must not re-hash"))
    assert m.bundled_model_dir() == folder  # marker matches: no hashing


def test_touched_model_is_rehashed_and_damaged_one_rejoined(own_cache):
    folder = m.bundled_model_dir()
    st = (folder / "model.bin").stat()
    os.utime(folder / "model.bin", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert m.bundled_model_dir() == folder  # re-hashed, marker renewed
    with open(folder / "model.bin", "r+b") as f:
        f.write(b"\0" * 16)
    os.utime(folder / "model.bin", ns=(st.st_atime_ns, st.st_mtime_ns + 2 * 10**9))
    assert m.bundled_model_dir() == folder
    assert m._file_sha256(folder / "model.bin") == (m.BASE_SIZE, m.BASE_SHA256)


def test_damaged_parts_raise_model_error(own_cache, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (data / name).write_text("{}")
    (data / "p1").write_bytes(b"a" * 10)
    (data / "p2").write_bytes(b"b" * 10)
    monkeypatch.setattr(m, "_part_files", lambda: (data, data / "p1", data / "p2"))
    with pytest.raises(ModelError) as err:
        m.bundled_model_dir()
    assert err.value.key == "captions.model_corrupt"
    assert not list((own_cache / "models").iterdir())  # no half-joined folder left


def test_model_choices():
    assert m.resolve("base").source == "bundled"
    assert m.resolve("large-v3-turbo").source == "hub"
    with pytest.raises(UserInputError):
        m.resolve("gigantic")
    with pytest.raises(UserInputError):
        m.resolve("/no/such/model")


def test_local_model_folder_by_path(own_cache):
    folder = m.bundled_model_dir()
    ref = m.resolve(str(folder))
    assert ref.source == "local" and m.model_path(ref) == str(folder.resolve())


def test_hub_model_offline_gives_a_clear_message(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MACHMAL_CACHE": str(tmp_path),
           "MACHMAL_LANG": "de"}
    code = ("from toolkit.captions.model import load_model\n"
            "from toolkit.errors import ModelError\n"
            "try:\n    load_model('small')\n"
            "except ModelError as e:\n    print(e.key); print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=120).stdout
    assert out.startswith("captions.model_offline")
    assert "Internet" in out and "base" in out
