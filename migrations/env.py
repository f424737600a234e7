"""Alembic environment: migrates the database named by the config, else by earmark's settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from earmark.settings import get_settings
from models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().database
# SQLite cannot ALTER most things in place; batch mode rebuilds tables instead.
render_as_batch = url.startswith("sqlite")

if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=render_as_batch,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
