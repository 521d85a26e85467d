"""The lazy public API of ``toolkit``."""

from __future__ import annotations

import subprocess
import sys

import pytest

import toolkit


def test_every_exported_name_resolves():
    for name in toolkit.__all__:
        assert getattr(toolkit, name) is not None, name


def test_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError):
        toolkit.does_not_exist  # noqa: B018


def test_import_is_light():
    code = "import sys, toolkit; print(any(m in sys.modules for m in ('av', 'cv2', 'faster_whisper')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
