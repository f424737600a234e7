"""Alembic migrations: the only way earmark's schema is made or changed."""
