"""Submitting audio: one job per source, committed before any message is sent.

:func:`register_job` is the transactional core (it never commits); :func:`submit_requests` is
the use case the CLI, the Python API and the embedded scanner share: validate and spool each source
outside any transaction, insert its job in a short transaction, commit, then enqueue.
Resubmitting an ``external_id`` returns the existing job and sends nothing.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from earmark import audio
from earmark.settings import Settings
from models import PRIORITIES, Job, Segment

MAX_META_BYTES = 64 * 1024
MAX_EXTERNAL_ID = 255

Enqueue = Callable[[uuid.UUID, str], None]


class SubmissionError(ValueError):
    """A job request that was refused; nothing was stored for it."""


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


@dataclass(frozen=True)
class JobRequest:
    """One source to moderate, as a producer describes it. Validated on construction."""

    source: str
    external_id: str | None = None
    priority: str = "normal"
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.source, str) or not self.source.strip():
            raise SubmissionError("source must be a non-empty path or URL")
        if self.priority not in PRIORITIES:
            raise SubmissionError(f"priority must be one of {', '.join(PRIORITIES)}")
        if self.external_id is not None:
            if not isinstance(self.external_id, str) or not self.external_id.strip():
                raise SubmissionError("external_id must be a non-empty string")
            if len(self.external_id) > MAX_EXTERNAL_ID:
                raise SubmissionError(f"external_id is longer than {MAX_EXTERNAL_ID} characters")
            if _has_control_characters(self.external_id):
                raise SubmissionError("external_id contains control characters")
        if not isinstance(self.meta, Mapping):
            raise SubmissionError("meta must be an object of keys to values")
        try:
            encoded = json.dumps(dict(self.meta), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise SubmissionError(f"meta is not plain JSON: {error}") from None
        if "\x00" in encoded or "\\u0000" in encoded:
            raise SubmissionError("meta contains a NUL character")
        if len(encoded.encode()) > MAX_META_BYTES:
            raise SubmissionError(f"meta is larger than {MAX_META_BYTES} bytes")


@dataclass(frozen=True)
class Submitted:
    job_id: uuid.UUID
    external_id: str | None
    status: str
    source: str
    created: bool  # False: the external_id was known and the existing job is returned

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.job_id),
            "external_id": self.external_id,
            "status": self.status,
            "source": self.source,
            "created": self.created,
        }


def _submitted(job: Job, *, created: bool) -> Submitted:
    return Submitted(job.id, job.external_id, job.status, job.source, created)


def find_by_external_id(external_id: str, *, session: Session) -> Job | None:
    return session.scalars(select(Job).where(Job.external_id == external_id)).first()


def register_job(
    request: JobRequest, prepared: audio.PreparedSource, *, session: Session, segment_s: float
) -> Submitted:
    """Insert the job and its planned segments, or return the job that holds ``external_id``."""
    job = Job(
        external_id=request.external_id,
        priority=request.priority,
        source=prepared.source,
        source_kind=prepared.kind,
        audio_ref=prepared.audio_ref,
        audio_format=prepared.format,
        content_sha256=prepared.sha256,
        duration_s=prepared.duration_s,
        meta=dict(request.meta),
        segments=[
            Segment(index=index, start_s=start, end_s=end)
            for index, (start, end) in enumerate(
                audio.plan_segments(prepared.duration_s, segment_s)
            )
        ],
    )
    try:
        with session.begin_nested():  # a savepoint: a lost race on external_id undoes only this
            session.add(job)
    except IntegrityError:
        assert request.external_id is not None  # the only unique key a producer controls
        existing = find_by_external_id(request.external_id, session=session)
        if existing is None:
            raise
        return _submitted(existing, created=False)
    return _submitted(job, created=True)


def submit_requests(
    requests: Iterable[JobRequest],
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    enqueue: Enqueue | None,
) -> Iterator[Submitted]:
    """Create (or find) a job per request, committing each before it is enqueued.

    Yields one :class:`Submitted` per request, in order. Raises :class:`audio.SourceError` or
    :class:`SubmissionError` for a request that cannot be accepted; requests before it stay
    submitted. ``enqueue`` is called after the commit, only for new jobs (None: the caller runs
    them itself, as the embedded scanner does).
    """
    for request in requests:
        if request.external_id is not None:
            with sessions() as session:
                known = find_by_external_id(request.external_id, session=session)
            if known is not None:
                yield _submitted(known, created=False)
                continue
        prepared = audio.prepare(request.source, spool_dir=settings.spool)
        with sessions.begin() as session:
            result = register_job(
                request, prepared, session=session, segment_s=settings.segment_seconds
            )
        if result.created and enqueue is not None:
            enqueue(result.job_id, request.priority)
        yield result
