"""Jobs Redis has lost are found and sent again; failed jobs can be put back."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from earmark.producer import JobRequest
from earmark.settings import Settings, get_settings
from models import Job
from tests.workers import earmark, queued_messages
from worker.producer import submit_many
from worker.reconciler import reconcile_once


@pytest.fixture
def quick(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("EARMARK_RECONCILE_GRACE", "0")
    env["EARMARK_RECONCILE_GRACE"] = "0"
    get_settings.cache_clear()
    return get_settings()


def take_message(client: redis.Redis) -> str:
    """Pop a ready message, as a worker's reservation does."""
    message = client.lpop("earmark:3")
    assert isinstance(message, bytes)
    return message.decode()


def submit(paths: list[Path]) -> list[str]:
    return [str(r.job_id) for r in submit_many(JobRequest(str(p)) for p in paths)]


def test_jobs_lost_in_a_redis_flush_are_sent_again(
    quick: Settings, redis_client: redis.Redis, make_audio: Callable[..., Path]
) -> None:
    ids = submit([make_audio() for _ in range(3)])
    assert queued_messages(redis_client) == 3
    assert reconcile_once(quick, redis_client).resent == []  # every job has its message

    redis_client.flushdb()
    report = reconcile_once(quick, redis_client)

    assert sorted(str(job.job_id) for job in report.resent) == sorted(ids)
    assert queued_messages(redis_client) == 3  # back in the queue
    assert reconcile_once(quick, redis_client).resent == []


def test_a_new_job_gets_time_to_be_sent(
    env: dict[str, str], redis_client: redis.Redis, make_audio: Callable[..., Path]
) -> None:
    settings = get_settings()  # the default grace of a minute
    submit([make_audio()])
    redis_client.flushdb()
    assert reconcile_once(settings, redis_client).resent == []


def test_a_lapsed_lease_is_sent_again_even_while_its_message_is_held(
    quick: Settings,
    sessions: sessionmaker[Session],
    redis_client: redis.Redis,
    make_audio: Callable[..., Path],
) -> None:
    [job_id] = submit([make_audio()])
    with sessions.begin() as session:  # a worker took the job, then died mid-call
        session.execute(
            update(Job).values(
                status="processing",
                lease_owner="dead",
                lease_expires_at=datetime.now(UTC) - timedelta(seconds=1),
            )
        )
    ready = take_message(redis_client)
    redis_client.hset("unacked", "tag-1", f'[{ready}, "earmark", "earmark"]')

    [resent] = reconcile_once(quick, redis_client).resent
    assert (str(resent.job_id), resent.reason) == (job_id, "lease lapsed")


def test_a_message_held_by_a_dead_worker_is_replaced(
    quick: Settings, redis_client: redis.Redis, make_audio: Callable[..., Path]
) -> None:
    [job_id] = submit([make_audio()])
    message = take_message(redis_client)  # reserved by a worker that then died
    redis_client.hset("unacked", "tag-9", f'[{message}, "earmark", "earmark"]')
    redis_client.zadd("unacked_index", {"tag-9": time.time()})
    assert reconcile_once(quick, redis_client).resent == []  # a live worker may hold it

    redis_client.zadd("unacked_index", {"tag-9": time.time() - 3600})
    [resent] = reconcile_once(quick, redis_client).resent
    assert (str(resent.job_id), resent.reason) == (job_id, "queued without a message")


def test_failed_jobs_can_be_retried(
    env: dict[str, str],
    sessions: sessionmaker[Session],
    redis_client: redis.Redis,
    make_audio: Callable[..., Path],
) -> None:
    [job_id] = submit([make_audio()])
    redis_client.flushdb()
    with sessions.begin() as session:
        session.execute(update(Job).values(status="failed", attempts=5, last_error="HTTP 500"))

    result = earmark(env, "jobs", "retry", "--failed")

    assert result.returncode == 0, result.stderr
    assert job_id in result.stdout
    with sessions() as session:
        job = session.get_one(Job, uuid.UUID(job_id))
        assert (job.status, job.attempts) == ("queued", 0)
    assert queued_messages(redis_client) == 1
    assert "no failed jobs" in earmark(env, "jobs", "retry", "--failed").stdout
