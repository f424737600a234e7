"""Working one job: claim it, caption its segments, analyse the captions, finish it.

:func:`process_job` is the unit of work behind the Celery task and the embedded scanner. It owns
its transactions because it must never hold one open across a captioner call (seconds each):
every database step is a short transaction of its own, built from the session-taking functions
below, which never commit.

Delivery is at least once, so every step is safe to repeat. A job is claimed with a lease; a
second delivery finds it leased or finished and makes no captioner call. Each segment's caption
is written only while it is still empty, so a caption is stored once however often it is made.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from earmark import audio
from earmark.analysis import analyze, load_policy
from earmark.captioner import Caption, CaptionerClient, CaptionerError
from earmark.clock import as_utc, database_now
from earmark.ratelimit import FleetLimiter, SlotTimeout
from earmark.results import store_analysis
from earmark.settings import Settings
from models import Job, Segment

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    """What became of one delivery of a job.

    ``state`` is ``done``, ``failed``, ``retry`` (try again after ``delay_s``) or ``skipped``
    (nothing to do here: unknown, finished, or leased by a live worker; ``delay_s`` set when a
    later look is worthwhile).
    """

    state: str
    detail: str = ""
    delay_s: float | None = None


@dataclass(frozen=True)
class Runtime:
    """What a delivery needs besides the database.

    ``limiter`` (optional) shares the captioner's rate limit with the fleet; ``stopping``, once
    set, makes a delivery hand its job back before its next captioner call instead of making it.
    """

    captioner: CaptionerClient
    limiter: FleetLimiter | None = None
    stopping: threading.Event | None = None

    @contextmanager
    def call_slot(self, *, wait_s: float) -> Iterator[None]:
        """Permission for one captioner call; raises :class:`SlotTimeout` if none comes in time."""
        if self.stopping is not None and self.stopping.is_set():
            raise SlotTimeout("shutting down")
        if self.limiter is None:
            yield
            return
        with self.limiter.slot(deadline=time.monotonic() + wait_s, stopping=self.stopping):
            yield


@dataclass(frozen=True)
class WorkItem:
    job_id: uuid.UUID
    kind: str
    audio_ref: str
    audio_format: str | None
    segments: tuple[tuple[int, float, float | None], ...]  # (index, start, end) still to caption
    whole: bool  # the job is a single segment


def claim_job(
    job_id: uuid.UUID, *, session: Session, owner: str, lease_s: float, max_attempts: int
) -> WorkItem | Outcome:
    """Take the lease on a queued job that is due, or on one whose worker's lease ran out."""
    now = database_now(session)
    job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is None:
        return Outcome("skipped", "no such job")
    if job.status in ("done", "failed"):
        return Outcome("skipped", f"job is already {job.status}")
    if job.status == "processing" and job.lease_expires_at is not None:
        remaining = (as_utc(job.lease_expires_at) - now).total_seconds()
        if remaining > 0:
            return Outcome("skipped", f"leased by {job.lease_owner}", delay_s=remaining + 1)
    if job.status == "queued" and job.not_before is not None:
        # A second message for a job that is waiting out its backoff must not cut it short.
        early = (as_utc(job.not_before) - now).total_seconds()
        if early > 0:
            return Outcome("skipped", "waiting out its backoff", delay_s=early)
    if job.attempts >= max_attempts:
        # Only a worker that died mid-call gets here: every other failure is counted on the spot.
        last = job.last_error or "worker lost"
        _fail(job, f"gave up after {job.attempts} attempts; last: {last}", now)
        return Outcome("failed", job.last_error or "")
    # The row lock taken above makes this read-then-write safe against a concurrent claim.
    job.status, job.attempts, job.lease_owner = "processing", job.attempts + 1, owner
    job.lease_expires_at, job.not_before = now + timedelta(seconds=lease_s), None
    job.started_at = job.started_at or now
    todo = tuple(
        (segment.index, segment.start_s, segment.end_s)
        for segment in job.segments
        if segment.caption is None
    )
    return WorkItem(
        job.id, job.source_kind, job.audio_ref, job.audio_format, todo, len(job.segments) == 1
    )


def _owned(job_id: uuid.UUID, owner: str) -> list[ColumnElement[bool]]:
    return [Job.id == job_id, Job.status == "processing", Job.lease_owner == owner]


def _renew(job_id: uuid.UUID, *, session: Session, owner: str, lease_s: float) -> bool:
    renewed = session.execute(
        update(Job)
        .where(*_owned(job_id, owner))
        .values(lease_expires_at=database_now(session) + timedelta(seconds=lease_s))
    )
    return bool(renewed.rowcount == 1)  # type: ignore[attr-defined]


def ready_to_call(
    job_id: uuid.UUID, index: int, *, session: Session, owner: str, lease_s: float
) -> str:
    """Just before a captioner call: renew the lease so it outlasts the call, and check the
    segment still needs a caption. Returns ``call``, ``captioned`` (skip it) or ``lost``."""
    if not _renew(job_id, session=session, owner=owner, lease_s=lease_s):
        return "lost"
    caption = session.scalar(
        select(Segment.caption).where(Segment.job_id == job_id, Segment.index == index)
    )
    return "call" if caption is None else "captioned"


def store_caption(
    job_id: uuid.UUID, index: int, caption: Caption, *, session: Session, owner: str, lease_s: float
) -> bool:
    """Write a segment's caption if it is still empty, and renew the lease.

    The caption is kept even from a worker whose lease has lapsed, if nobody stored one
    first: it was paid for. Returns False when this worker no longer holds the job (another
    worker took over): the caller must stop.
    """
    session.execute(
        update(Segment)
        .where(Segment.job_id == job_id, Segment.index == index, Segment.caption.is_(None))
        .values(
            caption=caption.text,
            model=caption.model,
            prompt_tokens=caption.prompt_tokens,
            completion_tokens=caption.completion_tokens,
            latency_ms=round(caption.latency_s * 1000),
            ttft_ms=None if caption.ttft_s is None else round(caption.ttft_s * 1000),
            captioned_at=database_now(session),
        )
    )
    return _renew(job_id, session=session, owner=owner, lease_s=lease_s)


def _fail(job: Job, error: str, now: datetime) -> None:
    job.status, job.last_error, job.finished_at = "failed", error, now
    job.lease_owner = job.lease_expires_at = job.not_before = None


def record_error(
    job_id: uuid.UUID,
    error: str,
    *,
    retryable: bool,
    retry_after_s: float | None = None,
    refund: bool = False,
    session: Session,
    owner: str,
    settings: Settings,
) -> Outcome:
    """Release the job after a failed try: back to ``queued`` with a delay, or ``failed``.

    ``refund`` takes back the attempt the claim counted, for tries that never reached the
    provider (no slot free, shutting down): they must not push a job towards failure. The
    delay is the backoff or the provider's Retry-After, whichever is longer, but at most
    ``settings.max_delay_s`` (so a waiting message is not handed to another worker by Redis).
    """
    job = session.scalars(select(Job).where(*_owned(job_id, owner)).with_for_update()).first()
    if job is None:
        return Outcome("skipped", "lease lost before the error was recorded")
    now = database_now(session)
    if refund:
        job.attempts -= 1
    if not retryable or job.attempts >= settings.max_attempts:
        message = f"gave up after {job.attempts} attempts: {error}" if retryable else error
        _fail(job, message, now)
        return Outcome("failed", message)
    jitter = random.uniform(0.5, 1.0)  # noqa: S311 (spreads retries out; not security)
    backoff = 0.0 if refund else min(settings.retry_backoff_max, 2.0**job.attempts) * jitter
    delay = min(settings.max_delay_s, max(backoff, retry_after_s or 0.0))
    job.status, job.last_error, job.queued_at = "queued", error, now
    job.not_before = now + timedelta(seconds=delay)
    job.lease_owner = job.lease_expires_at = None
    return Outcome("retry", error, delay_s=delay)


def finish_job(job_id: uuid.UUID, *, session: Session, owner: str, settings: Settings) -> Outcome:
    """Analyse the job's captions and mark it ``done``, if this worker still holds it."""
    job = session.scalars(select(Job).where(*_owned(job_id, owner)).with_for_update()).first()
    if job is None:
        return Outcome("skipped", "lease lost before finishing")
    captions = [segment.caption or "" for segment in job.segments]
    store_analysis(job, analyze(captions, policy=load_policy(settings.policy)), session=session)
    job.status, job.last_error, job.finished_at = "done", None, database_now(session)
    job.lease_owner = job.lease_expires_at = None
    return Outcome("done")


def process_job(
    job_id: uuid.UUID,
    *,
    sessions: sessionmaker[Session],
    runtime: Runtime,
    settings: Settings,
    owner: str,
) -> Outcome:
    """Run one delivery of ``job_id`` to its end; safe to call again with the same id anytime."""
    with sessions.begin() as session:
        item = claim_job(
            job_id, session=session, owner=owner, lease_s=settings.lease_seconds,
            max_attempts=settings.max_attempts,
        )  # fmt: skip
    if isinstance(item, Outcome):
        return item
    try:
        return _caption_and_finish(
            item, sessions=sessions, runtime=runtime, settings=settings, owner=owner
        )
    except Exception as error:
        # A bug or a broken dependency: say so on the job and try again later, rather than
        # leave it "processing" until its lease runs out. If even this write fails (the
        # database is down), the exception reaches the caller, which must retry the delivery.
        log.exception("job %s: unexpected error", job_id)
        with sessions.begin() as session:
            return record_error(
                job_id, f"internal error: {type(error).__name__}: {error}", retryable=True,
                session=session, owner=owner, settings=settings,
            )  # fmt: skip


def _caption_and_finish(
    item: WorkItem,
    *,
    sessions: sessionmaker[Session],
    runtime: Runtime,
    settings: Settings,
    owner: str,
) -> Outcome:
    job_id = item.job_id
    for index, start_s, end_s in item.segments:
        try:
            payload = audio.segment_input(
                item.audio_ref, kind=item.kind, audio_format=item.audio_format,
                spool_dir=settings.spool,
                start_s=start_s, end_s=end_s, whole=item.whole,
            )  # fmt: skip
            with runtime.call_slot(wait_s=settings.slot_wait_s):
                ready = partial(
                    ready_to_call, job_id, index, owner=owner, lease_s=settings.lease_seconds
                )
                state = _write(sessions, ready, give_up_after_s=settings.lease_seconds / 2)
                if state == "lost":
                    return Outcome("skipped", "lease lost while waiting for a slot")
                if state == "captioned":  # a worker whose lease lapsed stored it after all
                    continue
                caption = runtime.captioner.caption(payload)
        except (CaptionerError, audio.SourceError, SlotTimeout) as error:
            log.warning("job %s segment %d: %s", job_id, index, error)
            with sessions.begin() as session:
                return record_error(
                    job_id, str(error), **_error_terms(error, runtime),
                    session=session, owner=owner, settings=settings,
                )  # fmt: skip

        store = partial(
            store_caption, job_id, index, caption, owner=owner, lease_s=settings.lease_seconds
        )
        if not _write(sessions, store, give_up_after_s=settings.lease_seconds):
            return Outcome("skipped", "lease lost while captioning")
    finish = partial(finish_job, job_id, owner=owner, settings=settings)
    return _write(sessions, finish, give_up_after_s=settings.lease_seconds)


def _write(
    sessions: sessionmaker[Session], write: Callable[..., T], *, give_up_after_s: float
) -> T:
    """Run ``write(session=...)`` in a transaction, again while the database cannot be reached.

    A caption was paid for by the time it is written: losing it to a database restart would
    mean paying for it again. Waiting past ``give_up_after_s`` (the lease) would let another
    worker take the job over, so the error then goes to the caller.
    """
    deadline = time.monotonic() + give_up_after_s
    pause = 0.25
    while True:
        try:
            with sessions.begin() as session:
                return write(session=session)
        except OperationalError as error:
            if time.monotonic() + pause > deadline:
                raise
            log.warning("database unreachable, writing again in %.2fs: %s", pause, error.orig)
            time.sleep(pause)
            pause = min(pause * 2, 4.0)


def _error_terms(error: Exception, runtime: Runtime) -> dict[str, Any]:
    """How a failed try is recorded: retryable or not, the delay asked for, refunded or not."""
    if isinstance(error, SlotTimeout):
        return {"retryable": True, "refund": True}
    if isinstance(error, audio.SpoolMissing):  # a shared volume not mounted yet, say
        return {"retryable": True}
    if not isinstance(error, CaptionerError):  # the spooled audio cannot be cut
        return {"retryable": False}
    if error.rate_limited and runtime.limiter is not None:
        runtime.limiter.pause(error.retry_after_s or 1.0)  # the whole fleet holds back
    return {"retryable": error.retryable, "retry_after_s": error.retry_after_s}


def run_to_completion(
    job_id: uuid.UUID,
    *,
    sessions: sessionmaker[Session],
    runtime: Runtime,
    settings: Settings,
    owner: str,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Process ``job_id`` in this process, waiting out retry delays, until it is done or failed."""
    while True:
        outcome = process_job(
            job_id, sessions=sessions, runtime=runtime, settings=settings, owner=owner
        )
        if outcome.state != "retry" or outcome.delay_s is None:
            return outcome
        sleep(outcome.delay_s)
