"""``earmark scan``: the whole pipeline in this process, with no Redis and no worker."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from earmark import db, pipeline
from earmark.audio import SourceError
from earmark.captioner import CaptionerClient
from earmark.cli.common import fail, print_json, settings
from earmark.cli.render import print_summary
from earmark.producer import JobRequest, SubmissionError, submit_requests
from earmark.queries import get_job
from earmark.results import job_document
from earmark.settings import embedded_database


def scan(
    sources: Annotated[list[str], typer.Argument(help="Audio files or http(s) URLs.")],
    as_json: Annotated[bool, typer.Option("--json", help="One job document per line.")] = False,
) -> None:
    """Caption and moderate audio right here, with no Redis and no worker, keeping results in
    the embedded SQLite database under EARMARK_DATA_DIR. Exits 1 if any source failed."""
    # Always the embedded database: migrating, or queueing into, a fleet's database from a
    # laptop is not what a quick scan should do.
    config = settings().model_copy(update={"database_url": embedded_database(settings())})
    db.upgrade(config.database)
    sessions = db.sessions(config)
    runtime = pipeline.Runtime(CaptionerClient.from_settings(config))
    failures = 0
    for source in sources:
        try:
            [submitted] = submit_requests(
                [JobRequest(source)], sessions=sessions, settings=config, enqueue=None
            )
        except (SourceError, SubmissionError) as error:
            failures += 1
            typer.echo(f"earmark: {error}", err=True)
            continue
        outcome = pipeline.run_to_completion(
            submitted.job_id, sessions=sessions, runtime=runtime, settings=config,
            owner=f"scan/{os.getpid()}",
        )  # fmt: skip
        failures += outcome.state != "done"
        with sessions() as session:
            document = job_document(get_job(str(submitted.job_id), session=session))
        if as_json:
            print_json(document)
        else:
            print_summary(document)
    if failures:
        fail(f"{failures} of {len(sources)} sources failed")
