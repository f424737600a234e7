"""Engines and session factories, one per database URL per process."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@functools.cache
def engine_for(url: str) -> Engine:
    """The process-wide engine for ``url``.

    Connections are pinged before use so a pool survives a database restart.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@functools.cache
def sessionmaker_for(url: str) -> sessionmaker[Session]:
    """A session factory bound to :func:`engine_for` ``(url)``; objects stay usable after commit."""
    return sessionmaker(engine_for(url), expire_on_commit=False)
