"""A flag's found_by: a lexicon term, or the policy classifier adding a category.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite (the embedded database) cannot add a constraint to a table in place,
    # so there the table is copied; elsewhere these are plain ALTERs. Every flag stored
    # before this revision came from the lexicon.
    with op.batch_alter_table("flags") as batch:
        batch.add_column(
            sa.Column("found_by", sa.String(8), nullable=False, server_default="lexicon")
        )
        batch.create_check_constraint(op.f("ck_flags_found_by"), "found_by IN ('lexicon', 'model')")


def downgrade() -> None:
    with op.batch_alter_table("flags") as batch:
        batch.drop_constraint(op.f("ck_flags_found_by"), type_="check")
        batch.drop_column("found_by")
