"""A job's results: storing an analysis of its captions, and the job document other tools read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from earmark.analysis import Analysis
from earmark.clock import as_utc, database_now
from models import FlagRow, Job


def store_analysis(job: Job, analysis: Analysis, *, session: Session) -> None:
    """Replace the job's flags and decision with ``analysis`` (whose spans index its segments)."""
    session.execute(delete(FlagRow).where(FlagRow.job_id == job.id))
    segments = {segment.index: segment for segment in job.segments}
    for flag in analysis.flags:
        segment = segments.get(flag.segment)
        session.add(
            FlagRow(
                job_id=job.id,
                segment_index=flag.segment,
                kind=flag.kind,
                category=flag.category,
                term=flag.term,
                span_start=flag.span[0],
                span_end=flag.span[1],
                sentence=flag.sentence,
                severity=flag.severity,
                confidence=flag.confidence,
                hedged=flag.hedged,
                fictional=flag.fictional,
                model_probability=flag.model_probability,
                found_by=flag.found_by,
                start_s=None if segment is None else segment.start_s,
                end_s=None if segment is None else segment.end_s,
            )
        )
    job.categories = list(analysis.categories)
    job.emotions = list(analysis.emotions)
    job.action, job.risk_level, job.risk_score = (
        analysis.action,
        analysis.risk_level,
        analysis.risk_score,
    )
    job.policy_version = analysis.policy_version
    job.analyzed_at = database_now(session)
    session.expire(job, ["flags"])


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return as_utc(moment).isoformat()


def _flag_document(flag: FlagRow) -> dict[str, Any]:
    return {
        "kind": flag.kind,
        "category": flag.category,
        "term": flag.term,
        "segment": flag.segment_index,
        "start_s": flag.start_s,
        "end_s": flag.end_s,
        "span": [flag.span_start, flag.span_end],
        "sentence": flag.sentence,
        "severity": flag.severity,
        "confidence": flag.confidence,
        "hedged": flag.hedged,
        "fictional": flag.fictional,
        "model_probability": flag.model_probability,
        "found_by": flag.found_by,
    }


def job_document(job: Job) -> dict[str, Any]:
    """The job as JSON-ready data, in the documented, stable shape (see README)."""
    segments = job.segments
    captioned = [segment for segment in segments if segment.caption is not None]
    finished = job.status == "done"

    def total(field: str) -> int | None:
        values = [getattr(segment, field) for segment in captioned]
        return sum(values) if values and None not in values else None

    return {
        "id": str(job.id),
        "external_id": job.external_id,
        "status": job.status,
        "error": job.last_error,
        "attempts": job.attempts,
        "priority": job.priority,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
        "source": job.source,
        "content_sha256": job.content_sha256,
        "duration_s": job.duration_s,
        "meta": job.meta,
        "segments": [
            {
                "index": segment.index,
                "start_s": segment.start_s,
                "end_s": segment.end_s,
                "caption": segment.caption,
            }
            for segment in segments
        ],
        "caption": "\n\n".join(s.caption for s in captioned if s.caption) if finished else None,
        "flags": [_flag_document(flag) for flag in job.flags],
        "categories": job.categories,
        "emotions": job.emotions,
        "risk": None
        if job.risk_level is None
        else {"level": job.risk_level, "score": job.risk_score},
        "action": job.action,
        "policy_version": job.policy_version,
        "usage": {
            "prompt_tokens": total("prompt_tokens"),
            "completion_tokens": total("completion_tokens"),
        },
    }
