"""Operator commands: the database schema, the worker, and the moderation policy."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from earmark import db
from earmark.analysis import PolicyError, load_policy
from earmark.analysis import analyze as analyze_captions
from earmark.cli.common import fail, print_json, settings
from earmark.cli.render import model_note

db_app = typer.Typer(help="The job database's schema.", no_args_is_help=True)
policy_app = typer.Typer(help="Moderation policies.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply the migrations to EARMARK_DATABASE_URL (safe to run again)."""
    db.upgrade(settings().database, revision)
    typer.echo(f"database at revision {revision}")


@db_app.command("downgrade")
def downgrade(revision: Annotated[str, typer.Argument(help="Target; 'base' drops all.")]) -> None:
    """Undo migrations down to REVISION."""
    db.downgrade(settings().database, revision)
    typer.echo(f"database at revision {revision}")


def worker(
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, max=256, help="Threads (default EARMARK_WORKER_CONCURRENCY)."),
    ] = None,
    loglevel: Annotated[str, typer.Option()] = "INFO",
) -> None:
    """Run a Celery worker that processes jobs; start as many as you like, on any machine."""
    from worker.celery_app import QUEUE, app  # imported late: other commands need no Celery

    config = settings()
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency or config.worker_concurrency}",
            f"--loglevel={loglevel}",
            f"--queues={QUEUE}",
            # Each process needs its own node name, or two workers on one host collide.
            "--hostname=earmark-%h-%i",
            # Gossip, mingle and heartbeats coordinate workers through Redis; earmark
            # coordinates through Postgres leases and needs none of that chatter.
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


def reconcile(
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Send a message for every job that has lost its own (workers also do this periodically)."""
    import redis

    from worker.reconciler import reconcile_once

    config = settings()
    report = reconcile_once(config, redis.Redis.from_url(config.redis_url))
    if as_json:
        print_json(report.to_dict())
        return
    typer.echo(f"{report.ready} messages ready, {report.held} held by workers")
    for job in report.resent:
        typer.echo(f"re-sent {job.job_id}  ({job.reason})")


def analyze(
    file: Annotated[str, typer.Argument(help="A caption text file, or - for stdin.")] = "-",
    policy: Annotated[
        Path | None, typer.Option(help="Policy file (default: EARMARK_POLICY).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Analyse caption text with no database: flags, categories, emotions, risk, action."""
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        result = analyze_captions([text], policy=load_policy(policy or settings().policy))
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {file}: {error}", code=2)
    except PolicyError as error:
        fail(str(error), code=2)
    document = result.to_dict()
    if as_json:
        print_json(document)
        return
    risk = document["risk"]
    typer.echo(f"action {document['action']}  risk {risk['level']} ({risk['score']})")
    listed = ", ".join(document["categories"] + document["emotions"]) or "none"
    typer.echo(f"listed: {listed}  (other flags are evidence only)")
    for flag in document["flags"]:
        label = f"{flag['kind']}:{flag['category']} {flag['severity']}"
        note = model_note(flag)
        judged = "" if note is None else f"  {note}"
        typer.echo(f"  {label}  {flag['term']!r}  {flag['span']}{judged}")


@policy_app.command("check")
def check(file: Annotated[Path, typer.Argument(help="Policy file (YAML).")]) -> None:
    """Validate a policy file; errors name the line."""
    try:
        loaded = load_policy(file)
    except PolicyError as error:
        fail(str(error))
    typer.echo(f"{file}: valid, version {loaded.version}")
