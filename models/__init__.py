"""SQLAlchemy 2 models of earmark's database and the engine/session factory.

This package knows nothing of settings, Celery or the captioner: callers hand it a URL.
"""

from models.base import Base
from models.jobs import FLAG_KINDS, JOB_STATUSES, PRIORITIES, FlagRow, Job, Segment
from models.session import engine_for, sessionmaker_for

__all__ = [
    "FLAG_KINDS",
    "JOB_STATUSES",
    "PRIORITIES",
    "Base",
    "FlagRow",
    "Job",
    "Segment",
    "engine_for",
    "sessionmaker_for",
]
