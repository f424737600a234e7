"""The producer API for upload pipelines: submit audio and get job ids back.

    from worker.producer import submit
    receipt = submit("clip.mp3", external_id="upload-123", priority="high", meta={"user": "42"})

The same code backs ``earmark submit``. Each job is committed to the database before its message
is sent, so a job that exists can always be found, even if the message is lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from earmark import db
from earmark.producer import JobRequest, Submitted, submit_requests
from earmark.settings import get_settings
from worker.celery_app import PRIORITY_STEPS
from worker.tasks import process_job


def enqueue(job_id: uuid.UUID, priority: str) -> None:
    """Send the message that asks a worker to process ``job_id``."""
    process_job.apply_async(args=[str(job_id)], priority=PRIORITY_STEPS[priority])


def submit_many(requests: Iterable[JobRequest]) -> Iterator[Submitted]:
    """Submit each request in turn; see :func:`earmark.producer.submit_requests` for errors."""
    settings = get_settings()
    yield from submit_requests(
        requests, sessions=db.sessions(settings), settings=settings, enqueue=enqueue
    )


def submit(
    source: str,
    *,
    external_id: str | None = None,
    priority: str = "normal",
    meta: Mapping[str, Any] | None = None,
) -> Submitted:
    """Submit one file or URL; returns the new job, or the existing one for a known external id."""
    request = JobRequest(source, external_id=external_id, priority=priority, meta=meta or {})
    return next(submit_many([request]))
