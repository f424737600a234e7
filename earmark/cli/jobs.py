"""``earmark jobs``: read job documents back."""

from __future__ import annotations

from typing import Annotated

import typer

from earmark import db
from earmark.cli.common import fail, parse_since, print_json, settings
from earmark.cli.render import print_summary
from earmark.queries import JobFilter, JobNotFound, get_job, list_jobs
from earmark.recovery import requeue_failed
from earmark.results import job_document
from models import JOB_STATUSES

app = typer.Typer(help="Read jobs and their results.", no_args_is_help=True)


@app.command("get")
def get(
    reference: Annotated[str, typer.Argument(help="A job id or external id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the job document.")] = False,
) -> None:
    """Show one job: status, caption, flags with evidence, decision."""
    with db.sessions(settings())() as session:
        try:
            document = job_document(get_job(reference, session=session))
        except JobNotFound as error:
            fail(str(error))
    if as_json:
        print_json(document)
    else:
        print_summary(document)


@app.command("retry")
def retry(
    references: Annotated[list[str] | None, typer.Argument(help="Job ids or external ids.")] = None,
    failed: Annotated[bool, typer.Option("--failed", help="Every failed job.")] = False,
) -> None:
    """Put failed jobs back in the queue with a fresh count of attempts."""
    from worker.producer import enqueue  # imported late: the CLI's reads need no Celery

    if bool(references) == failed:
        fail("give job ids or --failed, not both or neither", code=2)
    sessions = db.sessions(settings())
    with sessions.begin() as session:
        try:
            ids = None if failed else [get_job(ref, session=session).id for ref in references or []]
        except JobNotFound as error:
            fail(str(error))
        requeued = requeue_failed(session=session, job_ids=ids)
    for job in requeued:
        enqueue(job.job_id, job.priority)
        typer.echo(f"queued  {job.job_id}  ({job.reason})")
    if not requeued:
        typer.echo("no failed jobs to retry")


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help="queued, processing, done or failed.")] = None,
    action: Annotated[str | None, typer.Option(help="pass, review or block.")] = None,
    category: Annotated[str | None, typer.Option(help="Flagged sensitive category.")] = None,
    emotion: Annotated[str | None, typer.Option(help="Flagged emotion.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Created at or after (ISO 8601; UTC unless it says).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    worst_first: Annotated[
        bool, typer.Option("--worst-first", help="Highest risk first, as reviewers read.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List jobs, newest first (or worst first)."""
    if status is not None and status not in JOB_STATUSES:
        fail(f"--status must be one of {', '.join(JOB_STATUSES)}", code=2)
    after = None if since is None else parse_since(since)
    criteria = JobFilter(status, action, category, emotion, after, limit, worst_first)
    with db.sessions(settings())() as session:
        documents = [job_document(job) for job in list_jobs(criteria, session=session)]
    if as_json:
        print_json(documents)
        return
    for document in documents:
        decision = document["action"] or "-"
        typer.echo(
            f"{document['id']}  {document['status']:<10} {decision:<6} "
            f"{','.join(document['categories']) or '-':<24} {document['source']}"
        )
