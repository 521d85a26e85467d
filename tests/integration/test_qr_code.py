"""The application link's QR code: the same code in the shot list PDF and the workshop pack."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pypdf
from PIL import Image

from toolkit.coaching.qr import qr_image, qr_png
from toolkit.coaching.shotlist import write_shotlist
from toolkit.coaching.workshop import build_workshop_pack
from toolkit.project import create_project, save_project

URL = "https://example.org/ausbildung-baecker"


def decode(img: Image.Image) -> str:
    """Read a QR code (OpenCV's detector) from a picture, padded with a white margin."""
    rgb = np.asarray(img.convert("RGB"))
    padded = cv2.copyMakeBorder(rgb, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(padded)
    return text


def test_qr_image_reads_back_and_fits_its_side() -> None:
    img = qr_image(URL, 150)
    assert img.width <= 150 and img.width == img.height
    assert decode(img) == URL


def test_shot_list_prints_the_link_with_its_qr_code(tmp_path: Path) -> None:
    project = create_project("QR Test", "mach-mal-duell", company="Bäckerei Müller",
                             workspace=tmp_path / "ws")
    project.cta.url = URL
    save_project(project)
    pdf = write_shotlist(project, tmp_path / "shotliste.pdf")
    reader = pypdf.PdfReader(str(pdf))
    first = reader.pages[0]
    assert URL in first.extract_text()
    codes = [decode(Image.open(io.BytesIO(im.data))) for im in first.images]
    assert URL in codes


def test_workshop_pack_holds_the_same_code(tmp_path: Path) -> None:
    pack = build_workshop_pack("mach-mal-duell", tmp_path / "ws.zip", url=URL)
    with zipfile.ZipFile(pack) as zf:
        name = next(n for n in zf.namelist() if n.endswith("qr-code.png"))
        assert decode(Image.open(io.BytesIO(zf.read(name)))) == URL
        pdf_name = next(n for n in zf.namelist() if n.endswith(".pdf") and "hot" in n.lower())
        reader = pypdf.PdfReader(io.BytesIO(zf.read(pdf_name)))
        assert URL in reader.pages[0].extract_text()
    assert qr_png(URL, 12) == zf_bytes(pack, name)


def zf_bytes(pack: Path, name: str) -> bytes:
    with zipfile.ZipFile(pack) as zf:
        return zf.read(name)
