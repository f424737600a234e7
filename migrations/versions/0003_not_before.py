"""A queued job's earliest next try; room for container and codec in audio_format.

not_before keeps a duplicate message from cutting a backoff short. audio_format now holds
"container/codec" (e.g. "wav/pcm_s16le"), so bytes are sent as they are only when both match.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))
        batch.alter_column(
            "audio_format", type_=sa.String(64), existing_type=sa.String(16), existing_nullable=True
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.alter_column(
            "audio_format",
            type_=sa.String(16),
            existing_type=sa.String(64),
            existing_nullable=True,
            postgresql_using="left(audio_format, 16)",
        )
        batch.drop_column("not_before")
