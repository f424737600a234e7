"""``earmark reanalyze``: re-run the analysis over stored captions after a policy change."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from earmark import db
from earmark.analysis import PolicyError, load_policy
from earmark.cli.common import fail, parse_since, print_json, settings
from earmark.reanalysis import BATCH_SIZE, ReanalysisReport, count_jobs
from earmark.reanalysis import reanalyze as reanalyze_jobs


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{key} {count}" for key, count in counter.items()) or "none"


def print_report(report: ReanalysisReport, console: Console) -> None:
    """The report as a reviewer lead reads it."""
    document = report.to_dict()
    verb = "would change" if report.dry_run else "changed"
    if report.dry_run:
        console.print("[bold yellow]dry run: nothing was written[/]")
    console.print(f"policy {report.policy_version}", markup=False)
    console.print(
        f"{report.jobs_examined} jobs examined: {report.jobs_changed} {verb}, "
        f"{report.jobs_unchanged} unchanged",
        markup=False,
    )
    console.print(f"flags: +{report.flags_added} -{report.flags_removed}", markup=False)
    console.print(f"actions: {_counts(document['action_changes'])}", markup=False)
    console.print(f"categories gained: {_counts(document['categories_gained'])}", markup=False)
    console.print(f"categories lost: {_counts(document['categories_lost'])}", markup=False)


def reanalyze(
    since: Annotated[
        str | None,
        typer.Option(help="Only jobs created at or after this (ISO 8601; UTC without offset)."),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(help="Policy file (default: EARMARK_POLICY, else the shipped policy)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Re-analyse the stored captions of finished jobs under a policy, with no captioner call.
    Jobs whose flags, action and risk would not change are left as they are."""
    config = settings()
    moment = None if since is None else parse_since(since)
    try:
        loaded = load_policy(policy or config.policy)
    except PolicyError as error:
        fail(str(error), code=2)
    sessions = db.sessions(config)
    with sessions() as session:
        total = count_jobs(session=session, since=moment)
    errors = Console(stderr=True)
    # One batch goes by too fast to watch; a pipe or log file gets no bar at all.
    quiet = not errors.is_terminal or total <= BATCH_SIZE
    with Progress(console=errors, transient=True, disable=quiet) as progress:
        task = progress.add_task("re-analysing", total=total)
        report = reanalyze_jobs(
            loaded, sessions=sessions, since=moment, dry_run=dry_run,
            progress=lambda examined: progress.advance(task, examined),
        )  # fmt: skip
    if as_json:
        print_json(report.to_dict())
    else:
        print_report(report, Console(highlight=False))
