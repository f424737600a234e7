"""The reconciler: sends a new message for every job Postgres says is waiting and Redis has lost.

Every worker runs it in a background thread, but a Redis lock lets only one pass run per interval
across the fleet. Operators run one pass with ``earmark reconcile``.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import redis
from celery.signals import worker_ready, worker_shutting_down

from earmark import db
from earmark.recovery import Stranded, stranded_jobs
from earmark.settings import Settings, get_settings
from worker.celery_app import PRIORITY_STEPS, QUEUE
from worker.producer import enqueue

log = logging.getLogger(__name__)
LOCK_KEY = "earmark:reconciler-lock"
UNACKED_KEY = "unacked"  # kombu's hash of delivered, unacknowledged messages, by delivery tag
UNACKED_INDEX_KEY = "unacked_index"  # kombu's sorted set of delivery tags, scored by delivery time
TASK_NAME = "earmark.process_job"


def _job_id(payload: bytes | str) -> uuid.UUID | None:
    """The job id a kombu message carries, or None for any other message."""
    try:
        message = json.loads(payload)
        if isinstance(message, list):  # unacked entries are [message, exchange, routing key]
            message = message[0]
        if message.get("headers", {}).get("task") != TASK_NAME:
            return None
        args = json.loads(base64.b64decode(message["body"]))[0]
        return uuid.UUID(args[0])
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def _ids(payloads: Iterable[bytes | str]) -> set[uuid.UUID]:
    return {job_id for payload in payloads if (job_id := _job_id(payload)) is not None}


def _held(client: redis.Redis) -> dict[uuid.UUID, float]:
    """Job ids whose messages workers hold unacknowledged, with seconds held (longest if many)."""
    rows: Any = client.zrange(UNACKED_INDEX_KEY, 0, -1, withscores=True)
    delivered = {tag: float(score) for tag, score in rows}
    now = time.time()  # kombu scores deliveries with the delivering worker's wall clock
    held: dict[uuid.UUID, float] = {}
    for tag, payload in client.hgetall(UNACKED_KEY).items():
        job_id = _job_id(payload)
        if job_id is not None:
            age = now - delivered.get(tag, now)
            held[job_id] = max(age, held.get(job_id, 0.0))
    return held


def _queue_payloads(client: redis.Redis) -> Iterator[bytes | str]:
    for step in sorted(PRIORITY_STEPS.values()):
        name = QUEUE if step == 0 else f"{QUEUE}:{step}"
        length = int(client.llen(name))
        for start in range(0, length, 1000):
            yield from client.lrange(name, start, start + 999)


@dataclass(frozen=True)
class ReconcileReport:
    resent: list[Stranded] = field(default_factory=list)
    ready: int = 0
    held: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "resent": [{"id": str(s.job_id), "reason": s.reason} for s in self.resent],
            "messages_ready": self.ready,
            "messages_held": self.held,
        }


def reconcile_once(settings: Settings, client: redis.Redis) -> ReconcileReport:
    """One pass: read the live messages, find the stranded jobs, send each a message."""
    ready = _ids(_queue_payloads(client))
    held = _held(client)
    # Longer than any delay a live worker holds a message for (a retry's backoff or a wait on a
    # live lease), with the grace on top.
    held_too_long_s = settings.reconcile_grace + max(
        settings.retry_backoff_max, settings.lease_seconds
    )
    with db.sessions(settings)() as session:
        stranded = stranded_jobs(
            session=session, ready=ready, held=held,
            grace_s=settings.reconcile_grace, held_too_long_s=held_too_long_s,
        )  # fmt: skip
    for job in stranded:
        enqueue(job.job_id, job.priority)
    if stranded:
        log.warning("reconciler re-sent %d jobs", len(stranded))
    return ReconcileReport(stranded, len(ready), len(held))


_stop = threading.Event()


def _run_periodically(settings: Settings) -> None:
    client = redis.Redis.from_url(settings.redis_url)
    token = uuid.uuid4().hex
    hold_ms = max(1, round(settings.reconcile_interval * 900))  # free before the next pass is due
    while not _stop.wait(settings.reconcile_interval):
        try:
            if client.set(LOCK_KEY, token, nx=True, px=hold_ms):
                reconcile_once(settings, client)
        except Exception:  # Redis or Postgres is down: the next pass tries again
            log.exception("reconciler pass failed")


@worker_ready.connect
def _start(**_: object) -> None:
    thread = threading.Thread(
        target=_run_periodically, args=(get_settings(),), name="earmark-reconciler", daemon=True
    )
    thread.start()


@worker_shutting_down.connect
def _stop_reconciler(**_: object) -> None:
    _stop.set()
