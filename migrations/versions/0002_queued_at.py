"""When a job last entered the queue, so the reconciler can tell a stranded job from a new one.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(
            sa.Column(
                "queued_at",
                sa.DateTime(timezone=True),
                server_default=sa.func.now(),
                nullable=False,
            )
        )
    op.create_index("ix_jobs_status_queued", "jobs", ["status", "queued_at"])


def downgrade() -> None:
    op.drop_index("ix_jobs_status_queued", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("queued_at")
