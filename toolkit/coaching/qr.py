"""QR codes of the application link (segno): one code for the end card, shot list and pack."""

from __future__ import annotations

import io
from typing import Any

BORDER = 2  # quiet-zone modules (segno's minimum that scanners read reliably here)


def qr_png(url: str, module_px: int = 8) -> bytes:
    """PNG bytes of the QR code of ``url``: black on white, ``module_px`` pixels per module."""
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=max(1, module_px),
                                                 border=BORDER)
    return buf.getvalue()


def qr_image(url: str, side: int) -> Any:
    """The QR code of ``url`` as an RGB Pillow image of at most ``side`` pixels (whole modules)."""
    import segno
    from PIL import Image

    modules = segno.make(url, error="m", micro=False).symbol_size(border=BORDER)[0]
    return Image.open(io.BytesIO(qr_png(url, side // modules))).convert("RGB")
