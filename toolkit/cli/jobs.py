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

from toolkit.cli._common import echo_json, label
from toolkit.cli._i18n import App
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
    "help.background": ("Als Hintergrundauftrag starten: die Auftragsnummer steht in der "
                        "letzten Zeile; Fortschritt mit `machmal jobs show ID`.",
                        "Start as a background job: the job id is on the last line; progress "
                        "with `machmal jobs show ID`."),
    "help.jobs.workspace": ("Arbeitsordner (Standard: MACHMAL_WORKSPACE oder der Datenordner "
                            "des Nutzers). Die eingebaute Warteschlange liegt dort in .machmal/.",
                            "Workspace folder (default: MACHMAL_WORKSPACE or the user's data "
                            "folder). The built-in queue lives there in .machmal/."),
    "help.worker": ("Führt Hintergrundaufträge aus (bis Strg+C). Mit MACHMAL_QUEUE_URL=redis://… "
                    "teilen sich Worker auf mehreren Rechnern eine Warteschlange.",
                    "Runs background jobs (until Ctrl+C). With MACHMAL_QUEUE_URL=redis://… "
                    "workers on several machines share one queue."),
    "help.worker.processes": ("Parallele Prozesse (je einer ein Auftrag).",
                              "Parallel processes (one job each)."),
    "help.worker.idle_exit": ("Nach so vielen Sekunden ohne Aufträge beenden.",
                              "Stop after this many seconds without jobs."),
    "help.worker.parent_pid": ("Beenden, wenn dieser Prozess (die App) endet.",
                               "Stop when this process (the app) ends."),
    "help.worker.threads": ("CPU-Threads je Auftrag (setzt MACHMAL_THREADS; 0: keine Grenze). "
                            "Ohne: Kerne / Worker-Prozesse auf diesem Rechner.",
                            "CPU threads per job (sets MACHMAL_THREADS; 0: no limit). Without: "
                            "cores / worker processes on this machine."),
    "help.app": ("Startet die App (Streamlit) und daneben den eingebauten Worker.",
                 "Starts the app (Streamlit) and the built-in worker beside it."),
    "help.app.port": ("Port der App.", "Port of the app."),
    "help.app.processes": ("Prozesse des eingebauten Workers.",
                           "Processes of the built-in worker."),
    "help.jobs": ("Hintergrundaufträge anzeigen, abbrechen, abwarten.",
                  "Show, cancel and wait for background jobs."),
    "help.jobs.list": ("Zeigt die Aufträge, neueste zuerst.", "Shows the jobs, newest first."),
    "help.jobs.list.state": ("Nur dieser Zustand (queued, running, done, failed, cancelled).",
                             "Only this state (queued, running, done, failed, cancelled)."),
    "help.jobs.list.limit": ("Höchstens so viele (neueste zuerst).",
                             "At most this many (newest first)."),
    "help.jobs.show": ("Zeigt einen Auftrag: Zustand, Fortschritt, Ergebnisdateien oder Fehler.",
                       "Shows a job: state, progress, result files or error."),
    "help.jobs.id": ("Auftragsnummer.", "Job id."),
    "help.jobs.cancel": ("Bricht einen Auftrag ab (ffmpeg stoppt, es bleibt keine halbe Datei).",
                         "Cancels a job (ffmpeg stops, no half-written file is left)."),
    "help.jobs.wait": ("Wartet, bis ein Auftrag fertig ist. Exit 0 fertig, 1 fehlgeschlagen oder "
                       "Zeit abgelaufen, 130 abgebrochen.",
                       "Waits until a job has finished. Exit 0 done, 1 failed or timed out, "
                       "130 cancelled."),
    "help.jobs.wait.timeout": ("Höchstens so viele Sekunden warten.",
                               "Wait at most this many seconds."),
})

CLI_WORKER_IDLE = 600.0  # a worker started by --background stops after 10 idle minutes

jobs_app = App(help="help.jobs")


def register(app: typer.Typer) -> None:
    """Add ``worker``, ``app`` and the ``jobs`` group to ``app``."""
    app.command("worker", help="help.worker")(worker_cmd)
    app.command("app", help="help.app")(app_cmd)
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
                                  help="help.worker.processes"),
    workspace: Path = typer.Option(None, "--workspace", help="help.jobs.workspace"),
    idle_exit: float = typer.Option(None, "--idle-exit", help="help.worker.idle_exit"),
    parent_pid: int = typer.Option(None, "--parent-pid", help="help.worker.parent_pid"),
    threads: int = typer.Option(None, "--threads", min=0, help="help.worker.threads"),
) -> None:
    """``machmal worker [-n N] ...``: run background jobs until Ctrl+C."""
    from toolkit.jobs import run_worker

    run_worker(workspace, processes=processes, idle_exit=idle_exit, parent_pid=parent_pid,
               threads=threads)


def app_cmd(
    port: int = typer.Option(8501, "--port", help="help.app.port"),
    processes: int = typer.Option(1, "--processes", "-n", min=1, help="help.app.processes"),
    workspace: Path = typer.Option(None, "--workspace", help="help.jobs.workspace"),
) -> None:
    """``machmal app [--port P]``: the Streamlit app with a built-in worker beside it."""
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


@jobs_app.command("list", help="help.jobs.list")
def list_cmd(
    state: str = typer.Option(None, "--state", help="help.jobs.list.state"),
    limit: int = typer.Option(50, "--limit", help="help.jobs.list.limit"),
    as_json: bool = typer.Option(False, "--json", help="help.json"),
) -> None:
    """``machmal jobs list``: the jobs, newest first."""
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


@jobs_app.command("show", help="help.jobs.show")
def show_cmd(
    job_id: str = typer.Argument(..., help="help.jobs.id"),
    as_json: bool = typer.Option(False, "--json", help="help.json"),
) -> None:
    """``machmal jobs show ID``: one job's record."""
    from toolkit.jobs import get_job

    _print(get_job(job_id), as_json)


@jobs_app.command("cancel", help="help.jobs.cancel")
def cancel_cmd(job_id: str = typer.Argument(..., help="help.jobs.id")) -> None:
    """``machmal jobs cancel ID``."""
    from toolkit.jobs import cancel_job

    job = cancel_job(job_id)
    typer.echo(t("jobs.cli_submitted", id=job.id, kind=job.kind, state=job.state))


@jobs_app.command("wait", help="help.jobs.wait")
def wait_cmd(
    job_id: str = typer.Argument(..., help="help.jobs.id"),
    timeout: float = typer.Option(None, "--timeout", help="help.jobs.wait.timeout"),
    as_json: bool = typer.Option(False, "--json", help="help.json"),
) -> None:
    """``machmal jobs wait ID [--timeout S]``: exit 0 done, 1 failed or timed out, 130
    cancelled."""
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
        typer.echo(f"{label(key, 10)} {value}")
    for path in job.result.get("outputs", []):
        typer.echo(f"{label('output', 10)} {path}")
    if job.error_key or job.error:
        typer.echo(f"{label('error', 10)} {job.error_message()}")
