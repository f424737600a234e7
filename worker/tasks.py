"""Thin tasks: each takes ids, calls one domain function, turns its outcome into Celery terms."""

from __future__ import annotations

import functools
import logging
import os
import socket
import uuid

from celery import Task

from earmark import db, pipeline
from earmark.captioner import CaptionerClient
from earmark.settings import get_settings
from worker.celery_app import app

log = logging.getLogger(__name__)


@functools.cache
def _captioner() -> CaptionerClient:
    return CaptionerClient.from_settings(get_settings())


def _delivery_owner() -> str:
    # Unique per delivery, so a lease taken by an earlier delivery on this host is not "ours".
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:8]}"


@app.task(bind=True, name="earmark.process_job", max_retries=None)
def process_job(self: Task, job_id: str) -> str:
    """Work one delivery of a job; the domain bounds its attempts, so Celery's retries are not."""
    settings = get_settings()
    job = uuid.UUID(job_id)  # a malformed id fails the task here, for good
    try:
        outcome = pipeline.process_job(
            job,
            sessions=db.sessions(settings),
            captioner=_captioner(),
            settings=settings,
            owner=_delivery_owner(),
        )
    except Exception as error:
        # The job could not even be released (the database is unreachable, say). Acking this
        # message would strand the job, so try the delivery again once any lease has lapsed.
        log.exception("job %s: delivery failed", job_id)
        raise self.retry(exc=error, countdown=settings.lease_seconds) from None
    log.info("job %s: %s %s", job_id, outcome.state, outcome.detail)
    if outcome.delay_s is not None:
        raise self.retry(countdown=outcome.delay_s)
    return outcome.state
