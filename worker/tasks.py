"""Thin tasks: each takes ids, calls one domain function, turns its outcome into Celery terms."""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import uuid

import redis
from celery import Task
from celery.signals import worker_shutting_down

from earmark import db, pipeline
from earmark.captioner import CaptionerClient
from earmark.ratelimit import FleetLimiter
from earmark.settings import get_settings
from worker.celery_app import app

log = logging.getLogger(__name__)


# Set when the worker begins a warm shutdown: deliveries finish the call they are in, then hand
# their job back rather than start another.
STOPPING = threading.Event()


@functools.cache
def _runtime() -> pipeline.Runtime:
    settings = get_settings()
    # Always on: with no rate or in-flight cap configured it still spreads a 429's pause.
    limiter = FleetLimiter(
        redis.Redis.from_url(settings.redis_url),
        rps=settings.captioner_rps,
        burst=settings.captioner_burst,
        max_inflight=settings.captioner_max_inflight,
        hold_s=settings.captioner_timeout + 30,
    )
    return pipeline.Runtime(CaptionerClient.from_settings(settings), limiter, STOPPING)


@worker_shutting_down.connect
def _on_shutdown(**_: object) -> None:
    STOPPING.set()


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
            runtime=_runtime(),
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
