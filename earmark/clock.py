"""Time, as earmark compares it: UTC, aware, and for leases the database's clock.

Workers on different machines disagree about the time; a lease judged by each worker's own
clock could be taken over early by a worker whose clock runs ahead. Every lease, queue time and
retry time is therefore read from the database that stores it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (SQLite hands back naive values written in UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def database_now(session: Session) -> datetime:
    """The database's current time, aware and in UTC."""
    now = session.scalar(select(func.now()))
    if isinstance(now, str):  # SQLite's CURRENT_TIMESTAMP: "YYYY-MM-DD HH:MM:SS", in UTC
        now = datetime.fromisoformat(now)
    assert isinstance(now, datetime)
    return as_utc(now)
