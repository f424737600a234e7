"""The unit of work behind the task, called directly: claims, leases, retries, one caption each."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from earmark import pipeline
from earmark.captioner import Caption, CaptionerClient
from earmark.producer import JobRequest, submit_requests
from earmark.settings import Settings
from models import Job, Segment
from tests.fake_captioner import FakeCaptioner


def submit(source: str, sessions: sessionmaker[Session], settings: Settings) -> uuid.UUID:
    [result] = submit_requests(
        [JobRequest(source)], sessions=sessions, settings=settings, enqueue=None
    )
    return result.job_id


def run(
    job_id: uuid.UUID, sessions: sessionmaker[Session], settings: Settings, owner: str = "t1"
) -> pipeline.Outcome:
    runtime = pipeline.Runtime(CaptionerClient.from_settings(settings))
    return pipeline.process_job(
        job_id, sessions=sessions, runtime=runtime, settings=settings, owner=owner
    )


def make_due(job_id: uuid.UUID, sessions: sessionmaker[Session]) -> None:
    """Let a job's backoff pass at once, as time would."""
    with sessions.begin() as session:
        session.execute(update(Job).where(Job.id == job_id).values(not_before=None))


def load(job_id: uuid.UUID, sessions: sessionmaker[Session]) -> Job:
    with sessions() as session:
        job = session.get_one(Job, job_id)
        _ = job.segments, job.flags
        return job


@pytest.fixture
def wav_job(
    make_audio: Callable[..., Path], sessions: sessionmaker[Session], settings: Settings
) -> tuple[uuid.UUID, str]:
    path = make_audio("wav")
    return submit(str(path), sessions, settings), FakeCaptioner.key_for_bytes(path.read_bytes())


def test_a_job_ends_done_with_the_captioners_exact_text(
    wav_job: tuple[uuid.UUID, str],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
) -> None:
    job_id, key = wav_job
    assert run(job_id, sessions, settings).state == "done"
    job = load(job_id, sessions)
    assert job.status == "done"
    assert job.attempts == 1
    assert job.lease_owner is None
    assert [s.caption for s in job.segments] == [fake.caption_for(key)]
    assert job.action == "pass"
    assert job.policy_version
    assert job.policy_version.startswith("sha256:")
    assert job.segments[0].prompt_tokens
    assert job.segments[0].latency_ms is not None


def test_a_second_delivery_of_a_done_job_calls_nobody(
    wav_job: tuple[uuid.UUID, str],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
) -> None:
    job_id, _ = wav_job
    run(job_id, sessions, settings)
    outcome = run(job_id, sessions, settings, owner="t2")
    assert outcome.state == "skipped"
    assert outcome.delay_s is None
    assert len(fake.calls) == 1


def test_a_job_leased_by_a_live_worker_is_left_alone_and_looked_at_later(
    wav_job: tuple[uuid.UUID, str],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
) -> None:
    job_id, _ = wav_job
    with sessions.begin() as session:
        claimed = pipeline.claim_job(
            job_id, session=session, owner="alive", lease_s=60, max_attempts=5
        )
    assert isinstance(claimed, pipeline.WorkItem)
    outcome = run(job_id, sessions, settings, owner="duplicate")
    assert outcome.state == "skipped"
    assert outcome.delay_s is not None
    assert 55 < outcome.delay_s <= 61
    assert fake.calls == []


def test_a_dead_workers_job_is_taken_over_once_its_lease_runs_out(
    wav_job: tuple[uuid.UUID, str],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
) -> None:
    job_id, key = wav_job
    with sessions.begin() as session:
        pipeline.claim_job(job_id, session=session, owner="dead", lease_s=60, max_attempts=5)
        session.execute(
            update(Job).values(lease_expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert run(job_id, sessions, settings, owner="heir").state == "done"
    job = load(job_id, sessions)
    assert job.attempts == 2
    assert [s.caption for s in job.segments] == [fake.caption_for(key)]
    # A late answer from the dead worker cannot replace the caption already stored.
    with sessions.begin() as session:
        late = pipeline.store_caption(
            job_id, 0, _caption("late"), session=session, owner="dead", lease_s=60
        )
    assert late is False
    assert load(job_id, sessions).segments[0].caption == fake.caption_for(key)


def _caption(text: str) -> Caption:
    return Caption(text, "m", 1, 1, 0.1, None)


def test_a_rate_limited_try_waits_as_asked_and_counts(
    wav_job: tuple[uuid.UUID, str],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
) -> None:
    job_id, _ = wav_job
    fake.retry_after_s = 9
    fake.set_faults(["429"])
    outcome = run(job_id, sessions, settings)
    assert outcome.state == "retry"
    assert outcome.delay_s is not None
    assert outcome.delay_s >= 9
    job = load(job_id, sessions)
    assert (job.status, job.attempts, job.lease_owner) == ("queued", 1, None)
    assert "429" in (job.last_error or "")

    # A second message for the job (a duplicate, a re-send) does not cut the wait short.
    early = run(job_id, sessions, settings, owner="duplicate")
    assert early.state == "skipped"
    assert early.delay_s is not None
    assert 7 < early.delay_s <= 9
    assert len(fake.calls) == 1

    make_due(job_id, sessions)
    assert run(job_id, sessions, settings).state == "done"
    assert load(job_id, sessions).last_error is None


def test_a_permanent_error_fails_the_job_at_once(
    monkeypatch: pytest.MonkeyPatch,
    wav_job: tuple[uuid.UUID, str],
    sessions: sessionmaker[Session],
    settings: Settings,
) -> None:
    job_id, _ = wav_job
    wrong = settings.model_copy(update={"captioner_api_key": SecretStr("sk-wrong")})
    outcome = run(job_id, sessions, wrong)
    job = load(job_id, sessions)
    assert outcome.state == "failed"
    assert job.status == "failed"
    assert job.attempts == 1
    assert "Incorrect API key" in (job.last_error or "")
    assert "sk-wrong" not in (job.last_error or "")


def test_a_job_that_keeps_failing_stops_after_max_attempts(
    wav_job: tuple[uuid.UUID, str],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
) -> None:
    job_id, _ = wav_job
    fake.set_faults(["500"] * 10)
    limited = settings.model_copy(update={"max_attempts": 3})
    states = []
    for _ in range(4):
        states.append(run(job_id, sessions, limited).state)
        make_due(job_id, sessions)
    assert states == ["retry", "retry", "failed", "skipped"]
    job = load(job_id, sessions)
    assert job.status == "failed"
    assert job.last_error
    assert job.last_error.startswith("gave up after 3")
    assert len(fake.calls) == 3


def test_long_audio_is_captioned_per_segment_and_resumes_where_it_stopped(
    make_audio: Callable[..., Path],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
) -> None:
    job_id = submit(str(make_audio("mp3", seconds=70)), sessions, settings)
    job = load(job_id, sessions)
    assert [(s.start_s, s.end_s) for s in job.segments] == [
        (0, 30),
        (30, 60),
        (60, pytest.approx(70, abs=0.1)),
    ]
    fake.set_faults([None, "500"])  # the first segment succeeds, the second fails once
    assert run(job_id, sessions, settings).state == "retry"
    assert [s.caption is not None for s in load(job_id, sessions).segments] == [True, False, False]
    make_due(job_id, sessions)
    assert run(job_id, sessions, settings).state == "done"
    captions = [s.caption for s in load(job_id, sessions).segments]
    assert len(set(captions)) == 3
    assert all(captions)
    assert sum(fake.successes_by_key().values()) == 3  # the first segment was not paid for twice
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Segment)) == 3
