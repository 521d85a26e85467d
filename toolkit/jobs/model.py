"""Job records and the context a job function receives.

A :class:`JobRecord` is plain data: the same record is stored in SQLite (embedded mode) or in a
Redis hash (scale-out mode), read by the CLI and the app, and written by the worker that runs the
job. It is flattened to ``{field: str | int | float}`` for both stores (:meth:`JobRecord.to_flat`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Final

from toolkit.messages import SUPPORTED, language, t

QUEUED: Final = "queued"
RUNNING: Final = "running"
DONE: Final = "done"
FAILED: Final = "failed"
CANCELLED: Final = "cancelled"
STATES: Final = (QUEUED, RUNNING, DONE, FAILED, CANCELLED)
FINAL_STATES: Final = frozenset({DONE, FAILED, CANCELLED})

_JSON_FIELDS: Final = ("params", "result", "error_params", "error_texts")
_FLOAT_FIELDS: Final = ("progress", "created_at", "started_at", "finished_at", "updated_at",
                        "lease_until", "cpu_seconds")
_INT_FIELDS: Final = ("attempts", "max_attempts", "cancel_requested", "threads")


@dataclass
class JobRecord:
    """One job: what to do, where it stands, and what came out.

    Attributes:
        id: Job id (12 hex characters).
        kind: Registry name of the job function (see :mod:`toolkit.jobs.kinds`).
        key: Idempotency key (kind + canonical params + content hashes of the input files).
        params: The job's parameters (JSON data).
        state: ``queued``, ``running``, ``done``, ``failed`` or ``cancelled``.
        progress: Fraction done, 0..1.
        stage: Short text naming the current stage.
        result: The job function's result (output paths and figures); empty until done.
        error: The failure message, rendered in the worker's language.
        error_key: Message key of the failure (render it in any language with
            :meth:`error_message`).
        error_params: Parameters of that message.
        error_texts: The message in every language, rendered by the worker (a reader may not
            have loaded the module that registered the key).
        created_at, started_at, finished_at, updated_at: Unix times (0: not yet).
        lease_until: Unix time until which the running worker holds the job; it renews the
            lease while alive, so an expired lease means the worker died.
        owner: ``host:pid`` of the process running the job.
        run_token: Token of the current attempt; only its holder may write the outcome.
        attempts: Attempts started so far.
        max_attempts: Attempts allowed before a lost worker fails the job.
        cancel_requested: 1 once someone asked to cancel.
        workspace: The workspace the job belongs to.
        threads: The CPU thread budget the last attempt ran with (0: no limit; see
            :mod:`toolkit.cpu_budget`).
        cpu_seconds: CPU time (user + system) of the last attempt, ffmpeg included.
    """

    id: str
    kind: str
    key: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    state: str = QUEUED
    progress: float = 0.0
    stage: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    error_key: str = ""
    error_params: dict[str, Any] = field(default_factory=dict)
    error_texts: dict[str, str] = field(default_factory=dict)
    created_at: float = 0.0
    started_at: float = 0.0
    finished_at: float = 0.0
    updated_at: float = 0.0
    lease_until: float = 0.0
    owner: str = ""
    run_token: str = ""
    attempts: int = 0
    max_attempts: int = 2
    cancel_requested: int = 0
    workspace: str = ""
    threads: int = 0
    cpu_seconds: float = 0.0

    @property
    def finished(self) -> bool:
        """True in a final state (done, failed, cancelled)."""
        return self.state in FINAL_STATES

    def outputs(self) -> list[Path]:
        """The output files named in ``result["outputs"]`` (a list, or a dict by name)."""
        found = self.result.get("outputs", [])
        values = list(found.values()) if isinstance(found, dict) else list(found)
        flat = [p for v in values for p in (v if isinstance(v, list) else [v])]
        return [Path(p) for p in flat if p]

    def error_message(self, lang: str | None = None) -> str:
        """The failure message in ``lang`` (default: the active language); '' if none."""
        if not self.error_key:
            return self.error
        if has_message(self.error_key):
            return t(self.error_key, lang, **self.error_params)
        return self.error_texts.get(lang or language(), self.error)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (as ``machmal jobs show --json`` prints it)."""
        data = asdict(self)
        data["error"] = self.error_message() or self.error
        return data

    def to_flat(self) -> dict[str, str | int | float]:
        """Flat mapping for the stores: JSON text for the dict fields."""
        data: dict[str, Any] = asdict(self)
        for name in _JSON_FIELDS:
            data[name] = json.dumps(data[name], ensure_ascii=False, sort_keys=True)
        return data

    @classmethod
    def from_flat(cls, data: dict[str, Any]) -> JobRecord:
        """Rebuild a record from :meth:`to_flat` output (values may be bytes or text)."""
        plain = {(k.decode() if isinstance(k, bytes) else k):
                 (v.decode() if isinstance(v, bytes) else v) for k, v in data.items()}
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in plain.items() if k in known}
        for name in _JSON_FIELDS:
            values[name] = json.loads(values.get(name) or "{}")
        for name in _FLOAT_FIELDS:
            values[name] = float(values.get(name) or 0.0)
        for name in _INT_FIELDS:
            values[name] = int(float(values.get(name) or 0))
        return cls(**values)


def has_message(key: str) -> bool:
    """True if ``key`` is in this process's message catalogue."""
    return t(key, "en") != key and not t(key, "en").startswith(f"{key} (")


def error_fields(key: str, params: dict[str, Any], text: str = "",
                 render: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Record fields describing a failure: key, JSON-safe params and the text in every language.

    Args:
        key: Message key.
        params: Message parameters (non-JSON values become text).
        text: The message as raised (default: rendered from the key).
        render: Renders the message in a language (an error's own ``message``).
    """
    plain = {k: v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
             for k, v in params.items()}
    texts = {lang: render(lang) if render else t(key, lang, **plain) for lang in SUPPORTED}
    return {"error_key": key, "error_params": plain, "error_texts": texts,
            "error": text or texts[language()]}


def flat_value(value: Any) -> str | int | float:
    """One field value as a store keeps it (dicts as JSON text)."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return int(value)
    return value


@dataclass
class JobContext:
    """What a job function gets besides its parameters.

    Attributes:
        job_id: The job's id.
        workspace: The workspace folder.
        cancel: Set when the user cancels; pass it to the engine's ``cancel=`` arguments.
        report: Called with (fraction, stage) by :meth:`progress` (the worker stores it).
        attempt: Which attempt this is (1 for the first run).
    """

    job_id: str
    workspace: Path
    cancel: threading.Event = field(default_factory=threading.Event)
    report: Callable[[float, str], None] | None = None
    attempt: int = 1
    _stage: str = ""

    def progress(self, fraction: float, stage: str | None = None) -> None:
        """Report progress (0..1) and optionally a new stage text."""
        if stage is not None:
            self._stage = stage
        if self.report is not None:
            self.report(max(0.0, min(1.0, float(fraction))), self._stage)

    def stage_progress(self, stage: str, start: float = 0.0,
                       end: float = 1.0) -> Callable[[float], None]:
        """A ``progress(fraction)`` callback for the engine that maps 0..1 onto start..end."""
        self.progress(start, stage)

        def report(fraction: float) -> None:
            self.progress(start + (end - start) * fraction)
        return report


def now() -> float:
    """The current Unix time."""
    return time.time()
