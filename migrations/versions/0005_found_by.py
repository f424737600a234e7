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

_CHECK = "found_by IN ('lexicon', 'model')"


def upgrade() -> None:
    # Every flag stored before this revision came from the lexicon.
    column = sa.Column("found_by", sa.String(8), nullable=False, server_default="lexicon")
    if op.get_bind().dialect.name == "postgresql":
        # Checking a large flags table while holding the lock that ADD CONSTRAINT takes would
        # stop every worker writing results: add it unchecked, commit, then check it in a
        # transaction of its own, under a lock that lets writes go on.
        op.add_column("flags", column)
        op.execute(f"ALTER TABLE flags ADD CONSTRAINT ck_flags_found_by CHECK ({_CHECK}) NOT VALID")
        with op.get_context().autocommit_block():
            op.execute("ALTER TABLE flags VALIDATE CONSTRAINT ck_flags_found_by")
        return
    # SQLite (the embedded database) cannot add a constraint to a table in place: batch mode
    # copies the table.
    with op.batch_alter_table("flags") as batch:
        batch.add_column(column)
        batch.create_check_constraint(op.f("ck_flags_found_by"), _CHECK)


def downgrade() -> None:
    with op.batch_alter_table("flags") as batch:
        batch.drop_constraint(op.f("ck_flags_found_by"), type_="check")
        batch.drop_column("found_by")
