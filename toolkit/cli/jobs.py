"""CLI commands of background jobs: ``worker``, ``app`` and ``jobs list|show|cancel|wait``.

``--background`` on the long commands goes through :func:`submit_background`, which prints the
job id on the last line of stdout.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import typer

from toolkit.cli._common import echo_json
from toolkit.messages import register as register_messages
from toolkit.messages import t

register_messages({
    "jobs.cli_submitted": ("Auftrag {id} ({kind}): {state}", "Job {id} ({kind}): {state}"),
    "jobs.cli_none": ("Keine Aufträge.", "No jobs."),
    "jobs.cli_timeout": (
        "Auftrag {id} ist nach {seconds:g} s noch nicht fertig ({state}, {percent:.0f} %).",
        "Job {id} is not finished after {seconds:g} s ({state}, {percent:.0f} %).",
    ),
    "jobs.cli_app_missing": (
        "streamlit_app.py wurde nicht gefunden ({path}). Bitte machmal aus dem Quellordner "
        "installieren (pip install -e .).",
        "streamlit_app.py was not found ({path}). Please install machmal from its source "
        "folder (pip install -e .).",
    ),
})

_WS_HELP = ("Arbeitsordner (Standard: MACHMAL_WORKSPACE oder der Datenordner des Nutzers). "
            "Die eingebaute Warteschlange liegt dort in .machmal/.")
BACKGROUND_HELP = ("Als Hintergrundauftrag starten: die Auftragsnummer steht in der letzten "
                   "Zeile; Fortschritt mit `machmal jobs show ID`.")

CLI_WORKER_IDLE = 600.0  # a worker started by --background stops after 10 idle minutes

jobs_app = typer.Typer(help="Hintergrundaufträge anzeigen, abbrechen, abwarten.",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``worker``, ``app`` and the ``jobs`` group to ``app``."""
    app.command("worker")(worker_cmd)
    app.command("app")(app_cmd)
    app.add_typer(jobs_app, name="jobs")


def submit_background(kind: str, params: dict[str, Any], workspace: Path | None = None) -> None:
    """Submit a job for a ``--background`` command, make sure a worker runs, print the id last.

    Paths are made absolute, because the worker may run in another folder.
    """
    from toolkit.jobs import ensure_worker, submit

    plain = {k: str(Path(v).resolve()) if isinstance(v, Path) else v
             for k, v in params.items() if v is not None}
    for name in ("style", "captions"):  # a style may be a YAML file next to the caller
        if isinstance(plain.get(name), str) and Path(plain[name]).is_file():
            plain[name] = str(Path(plain[name]).resolve())
    job = submit(kind, plain, workspace=workspace)
    if not job.finished:
        ensure_worker(workspace, idle_exit=CLI_WORKER_IDLE)
    typer.echo(t("jobs.cli_submitted", id=job.id, kind=kind, state=job.state), err=True)
    typer.echo(job.id)


def worker_cmd(
    processes: int = typer.Option(1, "--processes", "-n", min=1,
                                  help="Parallele Prozesse (je einer ein Auftrag)."),
    workspace: Path = typer.Option(None, "--workspace", help=_WS_HELP),
    idle_exit: float = typer.Option(None, "--idle-exit",
                                    help="Nach so vielen Sekunden ohne Aufträge beenden."),
    parent_pid: int = typer.Option(None, "--parent-pid",
                                   help="Beenden, wenn dieser Prozess (die App) endet."),
    threads: int = typer.Option(None, "--threads", min=0,
                                help="CPU-Threads je Auftrag (setzt MACHMAL_THREADS; 0: keine "
                                     "Grenze). Ohne: Kerne / Worker-Prozesse auf diesem Rechner."),
) -> None:
    """Führt Hintergrundaufträge aus (bis Strg+C). Mit MACHMAL_QUEUE_URL=redis://… teilen sich
    Worker auf mehreren Rechnern eine Warteschlange."""
    from toolkit.jobs import run_worker

    run_worker(workspace, processes=processes, idle_exit=idle_exit, parent_pid=parent_pid,
               threads=threads)


def app_cmd(
    port: int = typer.Option(8501, "--port", help="Port der App."),
    processes: int = typer.Option(1, "--processes", "-n", min=1,
                                  help="Prozesse des eingebauten Workers."),
    workspace: Path = typer.Option(None, "--workspace", help=_WS_HELP),
) -> None:
    """Startet die App (Streamlit) und daneben den eingebauten Worker."""
    from toolkit.errors import UserInputError
    from toolkit.jobs import ensure_worker, live_workers
    from toolkit.jobs.backend import get_backend

    script = Path(__file__).resolve().parents[2] / "streamlit_app.py"
    if not script.is_file():
        raise UserInputError("jobs.cli_app_missing", path=str(script))
    env = dict(os.environ)
    if workspace is not None:
        env["MACHMAL_WORKSPACE"] = str(workspace.resolve())
    backend = get_backend(workspace)
    had_worker = bool(live_workers(backend))
    worker_pid = ensure_worker(workspace, processes=processes)
    signal.signal(signal.SIGTERM, _interrupt)  # stop the app and its worker on SIGTERM too
    try:
        subprocess.run([sys.executable, "-m", "streamlit", "run", str(script),
                        "--server.port", str(port), "--server.headless", "true"], env=env)
    finally:
        if not had_worker:
            _stop_pid(worker_pid)


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _stop_pid(pid: int) -> None:
    import psutil

    try:
        proc = psutil.Process(pid)
        proc.terminate()
        proc.wait(timeout=10)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:
        proc.kill()


@jobs_app.command("list")
def list_cmd(
    state: str = typer.Option(None, "--state", help="Nur dieser Zustand (queued, running, "
                                                    "done, failed, cancelled)."),
    limit: int = typer.Option(50, "--limit", help="Höchstens so viele (neueste zuerst)."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben."),
) -> None:
    """Zeigt die Aufträge, neueste zuerst."""
    from toolkit.jobs import list_jobs

    found = list_jobs(states=[state] if state else None, limit=limit)
    if as_json:
        echo_json([j.to_dict() for j in found])
        return
    if not found:
        typer.echo(t("jobs.cli_none"))
    for j in found:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(j.created_at))
        typer.echo(f"{j.id}  {j.kind:9} {j.state:9} {j.progress * 100:5.1f} %  {stamp}  "
                   f"{j.stage}")


@jobs_app.command("show")
def show_cmd(
    job_id: str = typer.Argument(..., help="Auftragsnummer."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben."),
) -> None:
    """Zeigt einen Auftrag: Zustand, Fortschritt, Ergebnisdateien oder Fehler."""
    from toolkit.jobs import get_job

    _print(get_job(job_id), as_json)


@jobs_app.command("cancel")
def cancel_cmd(job_id: str = typer.Argument(..., help="Auftragsnummer.")) -> None:
    """Bricht einen Auftrag ab (ffmpeg stoppt, es bleibt keine halbe Datei)."""
    from toolkit.jobs import cancel_job

    job = cancel_job(job_id)
    typer.echo(t("jobs.cli_submitted", id=job.id, kind=job.kind, state=job.state))


@jobs_app.command("wait")
def wait_cmd(
    job_id: str = typer.Argument(..., help="Auftragsnummer."),
    timeout: float = typer.Option(None, "--timeout", help="Höchstens so viele Sekunden warten."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON ausgeben."),
) -> None:
    """Wartet, bis ein Auftrag fertig ist. Exit 0 fertig, 1 fehlgeschlagen oder Zeit
    abgelaufen, 130 abgebrochen."""
    from toolkit.jobs import CANCELLED, DONE, wait_job

    job = wait_job(job_id, timeout)
    _print(job, as_json)
    if not job.finished:
        typer.echo(t("jobs.cli_timeout", id=job.id, seconds=timeout or 0, state=job.state,
                     percent=job.progress * 100), err=True)
    if job.state != DONE:
        raise typer.Exit(130 if job.state == CANCELLED else 1)


def _print(job: Any, as_json: bool) -> None:
    if as_json:
        echo_json(job.to_dict())
        return
    rows = [("id", job.id), ("kind", job.kind), ("state", job.state),
            ("progress", f"{job.progress * 100:.1f} %"), ("stage", job.stage),
            ("attempts", f"{job.attempts}/{job.max_attempts}"), ("owner", job.owner),
            ("threads", job.threads or "-"), ("cpu", f"{job.cpu_seconds:.2f} s")]
    for key, value in rows:
        typer.echo(f"{key:10} {value}")
    for path in job.result.get("outputs", []):
        typer.echo(f"{'output':10} {path}")
    if job.error_key or job.error:
        typer.echo(f"{'error':10} {job.error_message()}")
