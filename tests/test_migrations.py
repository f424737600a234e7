"""The schema is made by Alembic alone, matches the models, and migrates down and up again."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, pool

from earmark import db
from models import Base
from tests.conftest import PG_URL_BASE, _admin


@pytest.fixture
def scratch_url(services_lock: None) -> Iterator[str]:
    name = f"earmark_migrations_test_{os.getpid()}"
    _admin(f"CREATE DATABASE {name}")
    yield f"{PG_URL_BASE}/{name}"
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _differences(url: str) -> list[object]:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _checks(url: str) -> set[str]:
    """Names of the flags table's CHECK constraints, which compare_metadata does not see."""
    engine = create_engine(url, poolclass=pool.NullPool)
    return {str(c["name"]) for c in inspect(engine).get_check_constraints("flags")}


def test_migrated_postgres_matches_the_models(scratch_url: str) -> None:
    db.upgrade(scratch_url)
    assert _differences(scratch_url) == []
    assert _checks(scratch_url) == {"ck_flags_kind", "ck_flags_severity", "ck_flags_found_by"}


def test_downgrade_removes_everything_and_upgrade_restores_it(scratch_url: str) -> None:
    db.upgrade(scratch_url)
    db.downgrade(scratch_url, "base")
    engine = create_engine(scratch_url, poolclass=pool.NullPool)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    db.upgrade(scratch_url)
    assert {"jobs", "segments", "flags"} <= set(inspect(engine).get_table_names())


def test_embedded_sqlite_gets_the_same_schema(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/nested/earmark.db"
    db.upgrade(url)  # creates the folder, as `earmark scan` needs on a first run
    assert _differences(url) == []
    db.downgrade(url, "base")  # batch mode copies tables where SQLite cannot alter them
    db.upgrade(url)
    assert _differences(url) == []
    assert _checks(url) == {"ck_flags_kind", "ck_flags_severity", "ck_flags_found_by"}
