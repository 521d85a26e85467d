"""The ``showcase`` job kind: build the showcase as a zip in the background (for the app)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from toolkit.errors import Cancelled
from toolkit.project.store import workspace_dir
from toolkit.showcase.build import build_showcase_zip

OUT_FOLDER = ".showcases"


def showcase_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Build a showcase zip.

    Args:
        params: ``{"projects": [names], "title"?: str, "fair"?: programme YAML path,
            "zip"?: target path}``; without ``zip`` it goes to
            ``<workspace>/.showcases/showcase-<hash of params>.zip``.
        ctx: The job context: ``progress(fraction, stage)``, ``cancel`` (an Event) and
            ``workspace``.

    Returns:
        ``{"zip": path, "included": [names], "excluded": [{"name", "reason", "key"}],
        "warnings": [texts]}``.

    Raises:
        Cancelled: ``ctx.cancel`` was set (no zip is left behind).
    """
    workspace = getattr(ctx, "workspace", None)
    target = Path(params.get("zip") or _default_zip(params, workspace))
    _stop_if_cancelled(ctx)
    ctx.progress(0.05, "showcase")
    target.parent.mkdir(parents=True, exist_ok=True)
    result = build_showcase_zip(params.get("projects") or [], target,
                                title=(params.get("title") or None),
                                fair=params.get("fair") or None, workspace=workspace)
    if ctx.cancel is not None and ctx.cancel.is_set():
        target.unlink(missing_ok=True)
        raise Cancelled(target=str(target))
    ctx.progress(1.0, "showcase")
    return {"zip": str(target),
            "included": [i.project.name for i in result.included],
            "excluded": [{"name": e.name, "reason": e.reason, "key": e.key}
                         for e in result.excluded],
            "warnings": list(result.warnings)}


def _default_zip(params: dict[str, Any], workspace: Any) -> Path:
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode())
    return workspace_dir(workspace) / OUT_FOLDER / f"showcase-{digest.hexdigest()[:12]}.zip"


def _stop_if_cancelled(ctx: Any) -> None:
    if ctx.cancel is not None and ctx.cancel.is_set():
        raise Cancelled(target="showcase")
