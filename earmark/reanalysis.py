"""Re-analysis: run the moderation analysis again over stored captions, with no captioner call.

Captions are the expensive part of a job and are written once; flags and decisions are derived
from them. After a policy change, :func:`reanalyze` recomputes the analysis of every ``done`` job
(the only ones with all their captions) from its stored captions, batch by batch, and reports
what changed, or in a dry run what would change.

A job whose flags, action and risk would stay the same is not written: it keeps its
``policy_version`` and ``analyzed_at``. So a job's ``policy_version`` is always a policy that
produces exactly its stored results, though not necessarily the newest one.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, literal, select, tuple_
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Select

from earmark.analysis import Analysis, Flag, Policy, analyze
from earmark.queries import WITH_RESULTS
from earmark.results import store_analysis
from models import FlagRow, Job

BATCH_SIZE = 200

Cursor = uuid.UUID
"""Where a batch ended: the id of the last job it examined."""

# What makes two flags the same finding; confidence and the like follow from these and the policy.
FlagKey = tuple[str, str, str, int, tuple[int, int], str, str]


@dataclass
class ReanalysisReport:
    """What a re-analysis changed (or, when ``dry_run``, would change), summed over its jobs.

    ``action_changes`` counts transitions such as ``"review→block"``. ``categories_gained`` and
    ``categories_lost`` count jobs per sensitive category, and per emotion as ``"emotion:NAME"``.
    """

    policy_version: str
    dry_run: bool
    jobs_examined: int = 0
    jobs_changed: int = 0
    flags_added: int = 0
    flags_removed: int = 0
    action_changes: Counter[str] = field(default_factory=Counter)
    categories_gained: Counter[str] = field(default_factory=Counter)
    categories_lost: Counter[str] = field(default_factory=Counter)

    @property
    def jobs_unchanged(self) -> int:
        return self.jobs_examined - self.jobs_changed

    def record(self, job: Job, analysis: Analysis) -> bool:
        """Count ``job`` (as stored) against its new ``analysis``; True if they differ."""
        self.jobs_examined += 1
        before = Counter(_stored_key(flag) for flag in job.flags)
        after = Counter(_new_key(flag) for flag in analysis.flags)
        old = (job.action, job.risk_level, job.risk_score)
        new = (analysis.action, analysis.risk_level, analysis.risk_score)
        if before == after and old == new:
            return False
        self.jobs_changed += 1
        self.flags_added += (after - before).total()
        self.flags_removed += (before - after).total()
        if job.action != analysis.action:
            self.action_changes[f"{job.action or '-'}→{analysis.action}"] += 1
        was = _labels(job.categories, job.emotions)
        now = _labels(analysis.categories, analysis.emotions)
        self.categories_gained.update(now - was)
        self.categories_lost.update(was - now)
        return True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; the counters become objects sorted by key."""
        return {
            "policy_version": self.policy_version,
            "dry_run": self.dry_run,
            "jobs_examined": self.jobs_examined,
            "jobs_changed": self.jobs_changed,
            "jobs_unchanged": self.jobs_unchanged,
            "flags_added": self.flags_added,
            "flags_removed": self.flags_removed,
            "action_changes": dict(sorted(self.action_changes.items())),
            "categories_gained": dict(sorted(self.categories_gained.items())),
            "categories_lost": dict(sorted(self.categories_lost.items())),
        }


def _stored_key(flag: FlagRow) -> FlagKey:
    span = (flag.span_start, flag.span_end)
    return (
        flag.kind,
        flag.category,
        flag.term,
        flag.segment_index,
        span,
        flag.severity,
        flag.found_by,
    )


def _new_key(flag: Flag) -> FlagKey:
    return (
        flag.kind,
        flag.category,
        flag.term,
        flag.segment,
        flag.span,
        flag.severity,
        flag.found_by,
    )


def _labels(categories: Iterable[str], emotions: Iterable[str]) -> set[str]:
    return set(categories) | {f"emotion:{emotion}" for emotion in emotions}


def _done_jobs(since: datetime | None) -> Select[Job]:
    query = select(Job).where(Job.status == "done")
    return query if since is None else query.where(Job.created_at >= since)


def count_jobs(*, session: Session, since: datetime | None = None) -> int:
    """How many jobs a re-analysis with this ``since`` would examine (for a progress total)."""
    counted = select(func.count()).select_from(_done_jobs(since).subquery())
    return session.scalar(counted) or 0


def reanalyze_batch(
    policy: Policy,
    report: ReanalysisReport,
    *,
    session: Session,
    after: Cursor | None = None,
    since: datetime | None = None,
    limit: int = BATCH_SIZE,
) -> Cursor | None:
    """Re-analyse up to ``limit`` done jobs that come after ``after`` in (created_at, id) order.

    Each job is counted in ``report``; unless ``report.dry_run``, each changed job's new analysis
    is stored in ``session`` (never committed here: the caller owns the transaction). Returns the
    cursor to pass as ``after`` for the next batch, or None when no job was left.

    When writing, the batch's job rows stay locked (``FOR UPDATE``) until the caller's transaction
    ends: :func:`store_analysis` deletes and re-inserts a job's flags, and two writers doing that
    at once would leave both sets. Waiting for a lock (rather than skipping locked rows) means no
    done job is silently left out; rows are locked in one order, so two runs cannot deadlock.
    """
    query = _done_jobs(since)
    if after is not None:
        # Keyset pagination: stable while jobs are added, and no OFFSET to scan past. Jobs
        # submitted together share created_at, so the id breaks ties. The last job's created_at
        # is read in SQL, not bound from Python: SQLite keeps server-made timestamps in a text
        # form that no bound datetime equals, which would skip every tie. (Jobs are never
        # deleted, so the last job is still there.)
        last = select(Job.created_at).where(Job.id == after).scalar_subquery()
        key = tuple_(last, literal(after, Job.id.type))
        query = query.where(tuple_(Job.created_at, Job.id) > key)
    query = query.order_by(Job.created_at, Job.id).limit(limit).options(*WITH_RESULTS)
    if not report.dry_run:
        # A dry run takes no lock, so a role that may only read can run it.
        query = query.with_for_update(of=Job)
    jobs = session.scalars(query).all()
    for job in jobs:
        analysis = analyze([segment.caption or "" for segment in job.segments], policy=policy)
        if report.record(job, analysis) and not report.dry_run:
            store_analysis(job, analysis, session=session)
    return jobs[-1].id if jobs else None


def reanalyze(
    policy: Policy,
    *,
    sessions: sessionmaker[Session],
    since: datetime | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ReanalysisReport:
    """Re-analyse every done job created at or after ``since`` under ``policy``; the report.

    Like :func:`earmark.pipeline.process_job`, this unit of work owns its transactions: one per
    batch of ``batch_size`` jobs, committed before the next batch is read. A crash leaves earlier
    batches stored and later ones untouched, and running again is safe (jobs already updated
    come out unchanged). A dry run adds nothing to its sessions, so it writes nothing.
    ``progress`` is called after each batch with the number of jobs it examined.
    """
    report = ReanalysisReport(policy.version, dry_run)
    cursor: Cursor | None = None
    while True:
        examined = report.jobs_examined
        with sessions.begin() as session:
            cursor = reanalyze_batch(
                policy, report, session=session, after=cursor, since=since, limit=batch_size
            )
        if cursor is None:
            return report
        if progress is not None:
            progress(report.jobs_examined - examined)
