"""Jobs, segments and flags.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.String(8), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_kind", sa.String(8), nullable=False),
        sa.Column("audio_ref", sa.Text(), nullable=False),
        sa.Column("audio_format", sa.String(16), nullable=True),
        sa.Column("content_sha256", sa.String(64), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.String(128), nullable=True),
        sa.Column("lease_expires_at", TIMESTAMP, nullable=True),
        sa.Column("action", sa.String(8), nullable=True),
        sa.Column("risk_level", sa.String(8), nullable=True),
        sa.Column("risk_score", sa.Integer(), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("emotions", sa.JSON(), nullable=False),
        sa.Column("policy_version", sa.String(64), nullable=True),
        sa.Column("analyzed_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, server_default=sa.func.now(), nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'processing', 'done', 'failed')", name=op.f("ck_jobs_status")
        ),
        sa.CheckConstraint("priority IN ('high', 'normal', 'low')", name=op.f("ck_jobs_priority")),
        sa.CheckConstraint("source_kind IN ('file', 'url')", name=op.f("ck_jobs_source_kind")),
        sa.CheckConstraint(
            "action IS NULL OR action IN ('pass', 'review', 'block')", name=op.f("ck_jobs_action")
        ),
        sa.CheckConstraint(
            "risk_level IS NULL OR risk_level IN ('none', 'low', 'medium', 'high')",
            name=op.f("ck_jobs_risk_level"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("external_id", name=op.f("uq_jobs_external_id")),
    )
    op.create_index("ix_jobs_action_risk", "jobs", ["action", "risk_score"])
    op.create_index("ix_jobs_status_created", "jobs", ["status", "created_at"])
    op.create_index(op.f("ix_jobs_content_sha256"), "jobs", ["content_sha256"])

    op.create_table(
        "segments",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=False),
        sa.Column("end_s", sa.Float(), nullable=True),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("model", sa.String(128), nullable=True),
        sa.Column("prompt_tokens", sa.Integer(), nullable=True),
        sa.Column("completion_tokens", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=True),
        sa.Column("ttft_ms", sa.Integer(), nullable=True),
        sa.Column("captioned_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_segments_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
        sa.UniqueConstraint("job_id", "index", name=op.f("uq_segments_job_id_index")),
    )

    op.create_table(
        "flags",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("segment_index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("fictional", sa.Boolean(), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=True),
        sa.Column("end_s", sa.Float(), nullable=True),
        sa.CheckConstraint("kind IN ('sensitive', 'emotion')", name=op.f("ck_flags_kind")),
        sa.CheckConstraint("severity IN ('low', 'medium', 'high')", name=op.f("ck_flags_severity")),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_flags_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
    )
    op.create_index("ix_flags_category", "flags", ["category"])
    op.create_index(op.f("ix_flags_job_id"), "flags", ["job_id"])


def downgrade() -> None:
    op.drop_table("flags")
    op.drop_table("segments")
    op.drop_table("jobs")
