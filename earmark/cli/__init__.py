"""The ``earmark`` command line, an entry point over the domain (and the worker's producer API)."""

from __future__ import annotations

import logging

import typer

from earmark.cli import admin, jobs, reanalyze, scan, submit

app = typer.Typer(
    help="earmark: an audio content-moderation queue.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("submit")(submit.submit)
app.command("scan")(scan.scan)
app.command("worker")(admin.worker)
app.command("reconcile")(admin.reconcile)
app.command("analyze")(admin.analyze)
app.command("reanalyze")(reanalyze.reanalyze)
app.add_typer(jobs.app, name="jobs")
app.add_typer(admin.db_app, name="db")
app.add_typer(admin.policy_app, name="policy")


def main() -> None:
    # Warnings from the domain (a retried captioner call, say) reach the user as one plain line;
    # `earmark worker` replaces this with Celery's own logging.
    logging.basicConfig(level=logging.WARNING, format="earmark: %(levelname)s: %(message)s")
    app()
