"""Finding jobs no message will deliver, and putting failed jobs back in the queue.

Postgres says what must be done; Redis only carries messages, and can lose them (a flush, a
restart without persistence, a crash between commit and send). These functions compare the two
and return the jobs to send again; the caller commits, then sends.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.clock import database_now
from models import Job


@dataclass(frozen=True)
class Stranded:
    job_id: uuid.UUID
    priority: str
    reason: str  # "queued without a message" | "lease lapsed"


def stranded_jobs(
    *,
    session: Session,
    ready: Collection[uuid.UUID],
    held: Mapping[uuid.UUID, float],
    grace_s: float,
    held_too_long_s: float,
) -> list[Stranded]:
    """Jobs that need a new message.

    ``ready`` are the job ids waiting in the broker's queues; ``held`` maps ids whose messages a
    worker has taken but not acknowledged (running, reserved, or waiting out a retry delay) to
    how many seconds they have been held. A ``queued`` job older than ``grace_s`` (a producer
    may be between commit and send) is stranded unless a message is ready, or held for less than
    ``held_too_long_s`` (longer than any delay earmark schedules: its holder must be dead). A
    ``processing`` job whose lease has lapsed is stranded unless a ready message will reach it:
    a held one may belong to a dead worker and come back only after the visibility timeout.
    """
    now = database_now(session)
    queued = session.execute(
        select(Job.id, Job.priority).where(
            Job.status == "queued", Job.queued_at < now - timedelta(seconds=grace_s)
        )
    )
    lapsed = session.execute(
        select(Job.id, Job.priority).where(Job.status == "processing", Job.lease_expires_at < now)
    )
    found = [
        Stranded(job_id, priority, "queued without a message")
        for job_id, priority in queued
        if job_id not in ready and held.get(job_id, held_too_long_s) >= held_too_long_s
    ]
    found += [
        Stranded(job_id, priority, "lease lapsed")
        for job_id, priority in lapsed
        if job_id not in ready
    ]
    return found


def requeue_failed(*, session: Session, job_ids: Sequence[uuid.UUID] | None) -> list[Stranded]:
    """Put failed jobs back to ``queued`` with a fresh count of attempts.

    ``job_ids`` None means every failed job. Jobs that are not ``failed`` are left alone and not
    returned. Their captions so far are kept: a retried job only pays for what is missing.
    """
    query = select(Job).where(Job.status == "failed").with_for_update()
    if job_ids is not None:
        query = query.where(Job.id.in_(job_ids))
    now = database_now(session)
    requeued = []
    for job in session.scalars(query):
        job.status, job.attempts, job.queued_at, job.finished_at = "queued", 0, now, None
        job.not_before = None
        requeued.append(Stranded(job.id, job.priority, f"retry after: {job.last_error}"))
    return requeued
