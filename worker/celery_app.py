"""The one place Celery is configured. Settings are read lazily, on first use, not at import."""

from __future__ import annotations

from typing import Any

from celery import Celery

from earmark.settings import Settings, get_settings

QUEUE = "earmark"
# Redis has no native priorities: kombu keeps one list per step and reads the lowest first.
PRIORITY_STEPS = {"high": 0, "normal": 3, "low": 6}


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery settings for at-least-once delivery of slow HTTP-bound tasks over Redis."""
    visibility = settings.visibility_timeout
    return {
        "broker_url": settings.redis_url,
        # Results live in Postgres; a result backend would be a second, weaker copy.
        "task_ignore_result": True,
        # Acknowledge a message only once its task has returned, so a worker that dies
        # mid-job leaves the message in Redis for another worker ...
        "task_acks_late": True,
        # ... and reject (requeue) rather than acknowledge when the executing worker is lost.
        "task_reject_on_worker_lost": True,
        # Reserve one message per slot: a captioner call takes seconds, and prefetched messages
        # would wait behind it on a busy worker while others sit idle.
        "worker_prefetch_multiplier": 1,
        # JSON only: a message carries a job id, and pickle would let Redis run code.
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_default_queue": QUEUE,
        "task_default_priority": PRIORITY_STEPS["normal"],
        "broker_transport_options": {
            # An unacknowledged message goes back to the queue after this long. It must outlast
            # the longest task (its retries are new messages, so one delivery); the Postgres
            # lease keeps a redelivered message from doing the work twice if it does not.
            "visibility_timeout": visibility,
            # Look for such messages often enough that recovery is bounded by the timeout,
            # not by kombu's default 100-second sweep.
            "unacked_restore_interval": max(1, min(10, round(visibility / 4))),
            "unacked_restore_throttle": 1,
            "priority_steps": sorted(PRIORITY_STEPS.values()),
            "sep": ":",
            "queue_order_strategy": "priority",
        },
        # Threads suit a task that waits on HTTP; processes would cost memory for nothing.
        "worker_pool": "threads",
        "worker_concurrency": settings.worker_concurrency,
        "broker_connection_retry_on_startup": True,
    }


app = Celery("earmark", include=["worker.tasks", "worker.reconciler"])
app.add_defaults(lambda: celery_config(get_settings()))
