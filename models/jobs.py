"""Jobs, their segments (one caption each) and the flags derived from those captions.

A job is one submitted piece of audio. Its segments are planned when it is submitted (a file is
cut into fixed-length windows; a URL is one segment of unknown length) and each segment's caption
is written exactly once: ``caption IS NULL`` means "still to caption". Flags are derived data,
replaced wholesale whenever the job is (re)analysed.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base

JOB_STATUSES = ("queued", "processing", "done", "failed")
PRIORITIES = ("high", "normal", "low")
FLAG_KINDS = ("sensitive", "emotion")
FINDERS = ("lexicon", "model")
ACTIONS = ("pass", "review", "block")
RISK_LEVELS = ("none", "low", "medium", "high")

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer, "sqlite")
Timestamp = DateTime(timezone=True)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(_one_of("status", JOB_STATUSES), name="status"),
        CheckConstraint(_one_of("priority", PRIORITIES), name="priority"),
        CheckConstraint(_one_of("source_kind", ("file", "url")), name="source_kind"),
        CheckConstraint(f"action IS NULL OR {_one_of('action', ACTIONS)}", name="action"),
        CheckConstraint(
            f"risk_level IS NULL OR {_one_of('risk_level', RISK_LEVELS)}", name="risk_level"
        ),
        # The reviewers' queue: worst first among finished jobs.
        Index("ix_jobs_action_risk", "action", "risk_score"),
        Index("ix_jobs_status_created", "status", "created_at"),
        Index("ix_jobs_status_queued", "status", "queued_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    source: Mapped[str] = mapped_column(Text, doc="The path or URL as the producer gave it.")
    source_kind: Mapped[str] = mapped_column(String(8))
    audio_ref: Mapped[str] = mapped_column(
        Text, doc="What workers caption: a spool file name for files, the URL for URLs."
    )
    audio_format: Mapped[str | None] = mapped_column(
        String(64), doc='"container/codec" of a file, e.g. "wav/pcm_s16le"; NULL for URLs.'
    )
    content_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    duration_s: Mapped[float | None] = mapped_column(Float)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(Timestamp)

    action: Mapped[str | None] = mapped_column(String(8))
    risk_level: Mapped[str | None] = mapped_column(String(8))
    risk_score: Mapped[int | None] = mapped_column(Integer)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    emotions: Mapped[list[str]] = mapped_column(JSON, default=list)
    policy_version: Mapped[str | None] = mapped_column(String(64))
    analyzed_at: Mapped[datetime | None] = mapped_column(Timestamp)

    created_at: Mapped[datetime] = mapped_column(Timestamp, server_default=func.now())
    queued_at: Mapped[datetime] = mapped_column(
        Timestamp, server_default=func.now(), doc="When the job last entered the queue."
    )
    not_before: Mapped[datetime | None] = mapped_column(
        Timestamp, doc="A queued job waiting out a backoff is not tried before this."
    )
    started_at: Mapped[datetime | None] = mapped_column(Timestamp)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp)

    segments: Mapped[list[Segment]] = relationship(
        back_populates="job", order_by="Segment.index", cascade="all, delete-orphan"
    )
    flags: Mapped[list[FlagRow]] = relationship(
        back_populates="job", order_by="FlagRow.id", cascade="all, delete-orphan"
    )


class Segment(Base):
    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("job_id", "index"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    start_s: Mapped[float] = mapped_column(Float, default=0.0)
    end_s: Mapped[float | None] = mapped_column(Float, doc="NULL when the length is unknown.")

    caption: Mapped[str | None] = mapped_column(Text, doc="NULL until captioned; written once.")
    model: Mapped[str | None] = mapped_column(String(128))
    prompt_tokens: Mapped[int | None] = mapped_column(Integer)
    completion_tokens: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[int | None] = mapped_column(Integer)
    ttft_ms: Mapped[int | None] = mapped_column(Integer, doc="Streaming only.")
    captioned_at: Mapped[datetime | None] = mapped_column(Timestamp)

    job: Mapped[Job] = relationship(back_populates="segments")


class FlagRow(Base):
    """One piece of evidence: a term in a segment's caption that put the job in a category."""

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(_one_of("kind", FLAG_KINDS), name="kind"),
        CheckConstraint(_one_of("severity", RISK_LEVELS[1:]), name="severity"),
        CheckConstraint(_one_of("found_by", FINDERS), name="found_by"),
        Index("ix_flags_category", "category"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    segment_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    term: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))
    confidence: Mapped[float] = mapped_column(Float)
    hedged: Mapped[bool] = mapped_column(default=False)
    fictional: Mapped[bool] = mapped_column(default=False)
    # The policy classifier's probability for the label in this segment, where the policy
    # lets it overrule the label or it added the flag; below the policy's confirm_min the
    # flag is evidence only.
    model_probability: Mapped[float | None] = mapped_column(Float)
    # "lexicon": a policy term matched; "model": the policy classifier added the category,
    # and the term is the word that weighed most for it.
    found_by: Mapped[str] = mapped_column(String(8), default="lexicon", server_default="lexicon")
    start_s: Mapped[float | None] = mapped_column(Float)
    end_s: Mapped[float | None] = mapped_column(Float)

    job: Mapped[Job] = relationship(back_populates="flags")
