"""Re-analysis after a policy change: stored captions in, new flags and actions out, with no
captioner call, nothing written in a dry run, and nothing rewritten that did not change."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from earmark import db
from earmark.analysis import analyze, default_policy_path, load_policy
from earmark.cli import app
from earmark.cli.common import parse_since
from earmark.queries import get_job
from earmark.reanalysis import reanalyze
from earmark.results import job_document, store_analysis
from earmark.settings import Settings
from models import FlagRow, Job, Segment, sessionmaker_for
from tests.fake_captioner import FakeCaptioner
from tests.test_classifier import KITCHEN
from tests.test_pipeline import run, submit
from tests.workers import earmark

INSULT = "A man insults his neighbour over a fence."  # loses harassment: "insult" is dropped
IDIOT = "One friend calls the other an idiot."  # crosses the lowered block threshold
PICNIC = "A family enjoys a picnic by the lake."  # picnics are now gambling
PUNCH = "A man punches his neighbour in the face."  # blocked either way: unchanged
# Caption → (action under the shipped policy, action under the edited one), in creation order.
CAPTIONS = {
    INSULT: ("review", "pass"),
    IDIOT: ("review", "block"),
    PICNIC: ("pass", "review"),
    PUNCH: ("block", "block"),
}


@pytest.fixture
def edited_policy(tmp_path: Path) -> Path:
    """The shipped policy with a lower block threshold, one term removed and one added."""
    text = default_policy_path().read_text(encoding="utf-8")
    edits = [
        ("thresholds: {review: 25, block: 70}", "thresholds: {review: 25, block: 30}"),
        ("      - insult\n      - insults\n", ""),
        # and from the sense that names it, as policy check would insist
        (
            'terms: [idiot, you idiot, insult, insults, "=mocks"',
            'terms: [idiot, you idiot, "=mocks"',
        ),
        ("      - gambling\n", "      - gambling\n      - picnic\n"),
    ]
    for old, new in edits:
        assert old in text, f"the shipped policy no longer contains {old!r}"
        text = text.replace(old, new, 1)
    path = tmp_path / "edited_policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def done_jobs(
    make_audio: Callable[..., Path],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
) -> dict[str, uuid.UUID]:
    """One finished job per caption in CAPTIONS, captioned by the fake: caption → job id."""
    jobs = {}
    for caption in CAPTIONS:
        path = make_audio("wav", seconds=1.0)
        fake.captions[FakeCaptioner.key_for_bytes(path.read_bytes())] = caption
        jobs[caption] = submit(str(path), sessions, settings)
        # The pipeline tests' helpers, so this file follows any change in how a job is worked.
        assert run(jobs[caption], sessions, settings).state == "done"
    return jobs


def documents(sessions: sessionmaker[Session]) -> dict[str, dict[str, Any]]:
    with sessions() as session:
        jobs = session.scalars(select(Job.id)).all()
        return {str(job): job_document(get_job(str(job), session=session)) for job in jobs}


def test_a_policy_change_rewrites_only_changed_jobs_and_never_calls_the_captioner(
    done_jobs: dict[str, uuid.UUID],
    edited_policy: Path,
    sessions: sessionmaker[Session],
    fake: FakeCaptioner,
) -> None:
    calls = len(fake.calls)
    before = documents(sessions)
    assert [before[str(done_jobs[c])]["action"] for c in CAPTIONS] == [
        old for old, _ in CAPTIONS.values()
    ]
    policy = load_policy(edited_policy)
    expected = {
        "policy_version": policy.version,
        "jobs_examined": 4,
        "jobs_changed": 3,
        "jobs_unchanged": 1,
        "flags_added": 1,
        "flags_removed": 1,
        "action_changes": {"pass→review": 1, "review→block": 1, "review→pass": 1},
        "categories_gained": {"gambling": 1},
        "categories_lost": {"harassment": 1},
    }

    dry = reanalyze(policy, sessions=sessions, dry_run=True)
    assert dry.to_dict() == expected | {"dry_run": True}
    assert documents(sessions) == before

    batches: list[int] = []
    real = reanalyze(policy, sessions=sessions, batch_size=3, progress=batches.append)
    assert real.to_dict() == expected | {"dry_run": False}
    assert batches == [3, 1]
    after = documents(sessions)
    for caption, (old_action, new_action) in CAPTIONS.items():
        job = str(done_jobs[caption])
        assert after[job]["action"] == new_action, caption
        if old_action == new_action:
            assert after[job] == before[job], caption  # not rewritten: the old policy_version
        else:
            assert after[job]["policy_version"] == policy.version, caption
    picnic = after[str(done_jobs[PICNIC])]
    assert [(f["category"], f["term"]) for f in picnic["flags"]] == [("gambling", "picnic")]
    assert picnic["categories"] == ["gambling"]
    assert after[str(done_jobs[INSULT])]["flags"] == []
    assert len(fake.calls) == calls

    again = reanalyze(policy, sessions=sessions)
    assert (again.jobs_examined, again.jobs_changed, again.flags_added) == (4, 0, 0)
    assert documents(sessions) == after


def test_only_done_jobs_since_the_given_time_are_examined(
    done_jobs: dict[str, uuid.UUID],
    edited_policy: Path,
    sessions: sessionmaker[Session],
    settings: Settings,
    make_audio: Callable[..., Path],
) -> None:
    submit(str(make_audio("wav", seconds=1.0)), sessions, settings)  # queued: not examined
    old = [done_jobs[INSULT], done_jobs[IDIOT]]
    since = datetime.now(UTC) - timedelta(days=1)
    with sessions.begin() as session:
        session.execute(
            update(Job).where(Job.id.in_(old)).values(created_at=since - timedelta(days=1))
        )
    report = reanalyze(load_policy(edited_policy), sessions=sessions, since=since)
    assert (report.jobs_examined, report.jobs_changed) == (2, 1)
    assert report.action_changes == {"pass→review": 1}


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_jobs_created_in_the_same_instant_are_all_examined_across_batches(
    backend: str, sessions: sessionmaker[Session], edited_policy: Path, tmp_path: Path
) -> None:
    if backend == "sqlite":  # the embedded database of `earmark scan`
        url = f"sqlite:///{tmp_path / 'earmark.db'}"
        db.upgrade(url)
        sessions = sessionmaker_for(url)
    with sessions.begin() as session:  # made in one transaction: created_at ties
        for number, caption in enumerate(5 * list(CAPTIONS)):
            job = Job(
                source=f"clip{number}.wav", source_kind="file", audio_ref=f"clip{number}",
                status="done", segments=[Segment(index=0, caption=caption)],
            )  # fmt: skip
            session.add(job)
            session.flush()
            store_analysis(job, analyze([caption]), session=session)
    with sessions() as session:
        assert (session.scalar(select(func.count(func.distinct(Job.created_at)))) or 0) < 20
    report = reanalyze(load_policy(edited_policy), sessions=sessions, batch_size=3)
    assert (report.jobs_examined, report.jobs_changed) == (20, 15)


def test_a_job_locked_by_another_transaction_is_waited_for_and_gets_one_set_of_flags(
    done_jobs: dict[str, uuid.UUID], edited_policy: Path, sessions: sessionmaker[Session]
) -> None:
    policy = load_policy(edited_policy)
    picnic = done_jobs[PICNIC]
    runs: list[int] = []

    def rerun() -> None:
        runs.append(reanalyze(policy, sessions=sessions).jobs_changed)

    with sessions.begin() as holder:
        holder.scalars(select(Job).where(Job.id == picnic).with_for_update()).one()
        first, second = threading.Thread(target=rerun), threading.Thread(target=rerun)
        first.start()
        second.start()
        first.join(timeout=0.5)
        assert first.is_alive()  # blocked on the lock this test holds, not writing past it
    first.join(timeout=10)
    second.join(timeout=10)
    assert sorted(runs) == [0, 3]  # the second run found the first one's results
    with sessions() as session:
        flags = session.scalar(select(func.count()).where(FlagRow.job_id == picnic))
    assert flags == 1


def test_the_cli_reports_before_writing_and_refuses_a_malformed_policy(
    env: dict[str, str],
    done_jobs: dict[str, uuid.UUID],
    edited_policy: Path,
    sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    before = documents(sessions)
    dry = earmark(env, "reanalyze", "--policy", str(edited_policy), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert (report["dry_run"], report["jobs_changed"]) == (True, 3)
    assert documents(sessions) == before

    # In this process (a subprocess costs seconds): the same command, with a human summary.
    real = CliRunner().invoke(app, ["reanalyze", "--policy", str(edited_policy)])
    assert real.exit_code == 0, real.output
    assert "4 jobs examined: 3 changed, 1 unchanged" in real.stdout
    assert "review→block 1" in real.stdout
    assert documents(sessions) != before

    broken = tmp_path / "broken.yaml"
    lines = edited_policy.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("weight:"))
    lines[number - 1] = "    weight: lots\n"
    broken.write_text("".join(lines), encoding="utf-8")
    refused = earmark(env, "reanalyze", "--policy", str(broken))
    assert refused.returncode == 2
    assert f"broken.yaml:{number}: weight must be a number" in refused.stderr


def test_since_takes_iso_8601_and_reads_a_time_without_offset_as_utc(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert parse_since("2026-11-01") == datetime(2026, 11, 1, tzinfo=UTC)
    assert parse_since("2026-11-01T12:00+02:00") == datetime(2026, 11, 1, 10, tzinfo=UTC)
    with pytest.raises(typer.Exit) as exited:
        parse_since("last tuesday")
    assert exited.value.exit_code == 2
    assert "--since must be an ISO 8601 date or time" in capsys.readouterr().err


def test_taking_the_classifier_out_restores_what_it_overruled_without_a_captioner_call(
    make_audio: Callable[..., Path],
    sessions: sessionmaker[Session],
    settings: Settings,
    fake: FakeCaptioner,
    tmp_path: Path,
) -> None:
    path = make_audio("wav", seconds=1.0)
    fake.captions[FakeCaptioner.key_for_bytes(path.read_bytes())] = KITCHEN
    job_id = submit(str(path), sessions, settings)
    assert run(job_id, sessions, settings).state == "done"
    job = str(job_id)
    before = documents(sessions)[job]
    assert before["emotions"] == ["joy"]
    overruled = [f["model_probability"] for f in before["flags"] if f["category"] == "anger"]
    assert overruled
    assert all(p is not None and p < 0.1 for p in overruled)  # stored beside the evidence

    text = default_policy_path().read_text(encoding="utf-8")
    start = text.index("\nclassifier:\n")
    without = tmp_path / "no_classifier.yaml"
    without.write_text(text[:start] + text[text.index("\n\n", start + 1) :], encoding="utf-8")
    calls = len(fake.calls)
    report = reanalyze(load_policy(without), sessions=sessions)
    assert (report.jobs_changed, report.categories_gained) == (1, {"emotion:anger": 1})
    after = documents(sessions)[job]
    assert after["emotions"] == ["anger", "joy"]
    assert all(f["model_probability"] is None for f in after["flags"])
    assert len(fake.calls) == calls
