"""The job ``showcase``: build the showcase zip of some projects (for the studio's download)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from toolkit.messages import register

register({"showcase.stage_build": ("Showcase bauen", "Building the showcase")})


def showcase_job(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Params ``projects`` (names, in order) and optional ``title``; the zip is written to
    ``<workspace>/.showcase/``. Result: the zip, the included names, the excluded with reasons.
    """
    from toolkit.messages import t
    from toolkit.showcase.build import build_showcase_zip

    ctx.progress(0.05, t("showcase.stage_build"))
    key = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
    target = Path(ctx.workspace) / ".showcase" / f"showcase-{key}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    result = build_showcase_zip(params["projects"], target, title=params.get("title") or None,
                                workspace=ctx.workspace)
    return {"zip": str(target), "outputs": [str(target)],
            "included": [item.project.name for item in result.included],
            "excluded": [{"name": e.name, "reason": e.reason} for e in result.excluded]}
