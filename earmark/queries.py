"""Reading jobs back: one by id or external id, or a filtered list."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from models import FlagRow, Job

MAX_LIMIT = 1000


class JobNotFound(LookupError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"no job with id or external id {reference!r}")


# Load what a job document shows in two more queries, not one per job.
WITH_RESULTS = (selectinload(Job.segments), selectinload(Job.flags))


def get_job(reference: str, *, session: Session) -> Job:
    """The job whose id, or else external id, is ``reference``; raises :class:`JobNotFound`."""
    try:
        by_id = Job.id == uuid.UUID(reference)
    except ValueError:
        by_id = None
    conditions = [Job.external_id == reference] + ([by_id] if by_id is not None else [])
    for condition in conditions[::-1]:  # an id wins over an external id that looks like one
        job = session.scalars(select(Job).where(condition).options(*WITH_RESULTS)).first()
        if job is not None:
            return job
    raise JobNotFound(reference)


@dataclass(frozen=True)
class JobFilter:
    status: str | None = None
    action: str | None = None
    category: str | None = None
    emotion: str | None = None
    since: datetime | None = None
    limit: int = 100
    worst_first: bool = False  # highest risk first (the reviewers' order), else newest first


def list_jobs(criteria: JobFilter, *, session: Session) -> Sequence[Job]:
    """Jobs matching every given criterion, newest (or worst) first, at most ``criteria.limit``."""
    if not 1 <= criteria.limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    query = select(Job)
    if criteria.status:
        query = query.where(Job.status == criteria.status)
    if criteria.action:
        query = query.where(Job.action == criteria.action)
    if criteria.since:
        query = query.where(Job.created_at >= criteria.since)
    for kind, category in (("sensitive", criteria.category), ("emotion", criteria.emotion)):
        if category:
            query = query.where(
                exists().where(
                    FlagRow.job_id == Job.id, FlagRow.kind == kind, FlagRow.category == category
                )
            )
    if criteria.worst_first:
        query = query.order_by(Job.risk_score.desc().nulls_last(), Job.created_at, Job.id)
    else:
        query = query.order_by(Job.created_at.desc(), Job.id)
    query = query.limit(criteria.limit)
    return session.scalars(query.options(*WITH_RESULTS)).all()
