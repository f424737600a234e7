"""The chaos suite: real workers, real Redis and Postgres, and a captioner that misbehaves.

Each scenario submits a batch, lets two worker processes work it, breaks something mid-run, and
requires every job to end done with exactly the captioner's text, one caption each. The figures
(jobs, lost, duplicated, captioner calls per job) are printed at the end of the run.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from earmark.producer import JobRequest
from models import Job
from tests.batches import Batch
from tests.fake_captioner import FakeCaptioner
from tests.services import restart_postgres, restart_redis
from tests.workers import WorkerProcess
from worker.producer import submit_many

pytestmark = pytest.mark.slow

# Fast recovery for a test run. The visibility timeout stays long: recovery must come from the
# lease and the reconciler, not from Redis handing messages back after an hour.
RECOVERY = {
    "EARMARK_CAPTIONER_TIMEOUT": "1.5",
    "EARMARK_LEASE_SECONDS": "4",
    "EARMARK_VISIBILITY_TIMEOUT": "3600",
    "EARMARK_RECONCILE_INTERVAL": "1",
    "EARMARK_RECONCILE_GRACE": "3",
    "EARMARK_MAX_ATTEMPTS": "25",
    "EARMARK_RETRY_BACKOFF_MAX": "1",
    "EARMARK_CAPTIONER_STREAM": "true",
}


@pytest.fixture
def batch(
    env: dict[str, str],
    redis_client: redis.Redis,  # emptied before the batch is sent, not after
    sessions: sessionmaker[Session],
    fake: FakeCaptioner,
    make_audio: Callable[..., Path],
) -> Batch:
    env.update(RECOVERY)
    files = [make_audio("wav") for _ in range(15)] + [make_audio("mp3") for _ in range(15)]
    urls = [f"https://media.example.org/chaos/{n}.mp3" for n in range(10)]
    expected = {str(p): fake.caption_for(fake.key_for_bytes(p.read_bytes())) for p in files}
    expected |= {url: fake.caption_for(url) for url in urls}
    list(submit_many(JobRequest(source) for source in expected))
    return Batch(expected, sessions, fake)


def start_fleet(start_worker: Callable[..., WorkerProcess]) -> list[WorkerProcess]:
    return [start_worker(concurrency=4, **RECOVERY) for _ in range(2)]


def test_captioner_faults_at_thirty_percent(
    batch: Batch, fake: FakeCaptioner, start_worker: Callable[..., WorkerProcess]
) -> None:
    fake.retry_after_s, fake.hang_s = 0.5, 3.0
    fake.set_faults(fault_rate=0.3)
    start_fleet(start_worker)
    batch.check("faults 30%")
    faulted = Counter(call.fault for call in fake.calls if call.fault)
    assert len(faulted) >= 6  # most kinds of fault really happened


def test_a_worker_killed_mid_call(
    batch: Batch,
    fake: FakeCaptioner,
    sessions: sessionmaker[Session],
    start_worker: Callable[..., WorkerProcess],
) -> None:
    fake.latency_s = 0.5
    victim, _ = start_fleet(start_worker)
    batch.wait_for(8, timeout=60)
    victim.process.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    with sessions() as session:
        orphans = set(
            session.scalars(
                select(Job.id).where(Job.lease_owner.contains(f"/{victim.process.pid}/"))
            )
        )
    start_worker(concurrency=4, **RECOVERY)
    figures = batch.check("worker SIGKILL", may_rebill=4)  # at most its 4 calls in flight
    recovered_in = time.monotonic() - killed_at
    figures |= {"orphaned": len(orphans), "all_done_s_after_kill": round(recovered_in, 1)}
    assert orphans  # it really died holding jobs ...
    assert recovered_in < 60  # ... which did not wait for the hour-long visibility timeout


# What breaks mid-run, and how many answers that may lose (so pay for twice): only a database
# outage longer than the lease can lose one, at most one per thread.
DISRUPTIONS: dict[str, tuple[Callable[[redis.Redis], object], int]] = {
    "redis flushed": (lambda client: client.flushdb(), 0),
    "redis restarted": (lambda _: restart_redis(), 0),
    "postgres restarted": (lambda _: restart_postgres(), 8),
}


@pytest.mark.parametrize("scenario", list(DISRUPTIONS))
def test_a_service_breaks_mid_run(
    scenario: str,
    batch: Batch,
    fake: FakeCaptioner,
    redis_client: redis.Redis,
    start_worker: Callable[..., WorkerProcess],
) -> None:
    disrupt, may_rebill = DISRUPTIONS[scenario]
    fake.latency_s = 0.3
    start_fleet(start_worker)
    batch.wait_for(8, timeout=60)
    disrupt(redis_client)
    batch.check(scenario, may_rebill=may_rebill)
