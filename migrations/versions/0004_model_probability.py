"""A flag's model_probability: the policy classifier's second opinion on its label.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("flags", sa.Column("model_probability", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("flags", "model_probability")
