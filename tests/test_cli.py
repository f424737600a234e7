"""The `earmark` command as a user runs it: clear errors for bad input, and nothing else lost."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from earmark import pipeline
from earmark.captioner import CaptionerClient
from earmark.settings import get_settings
from models import Job
from tests.conftest import API_KEY
from tests.fake_captioner import FakeCaptioner
from tests.workers import earmark, queued_messages


def job_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Job)) or 0


def test_a_manifest_with_bad_lines_submits_the_good_ones_and_names_the_bad(
    env: dict[str, str],
    sessions: sessionmaker[Session],
    redis_client: redis.Redis,
    make_audio: Callable[..., Path],
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("this is not audio\n")
    empty = tmp_path / "empty.wav"
    empty.touch()
    whole = make_audio("mp3", seconds=10).read_bytes()
    truncated = tmp_path / "truncated.mp3"
    truncated.write_bytes(whole[: len(whole) // 5])
    oversized = tmp_path / "huge.wav"
    with oversized.open("wb") as sparse:  # 3 GiB on paper, nothing on disk
        sparse.truncate(3 * 1024**3)
    lines = [
        json.dumps({"source": str(make_audio("wav")), "meta": {"uploader": "Zoë 🎧"}}),
        json.dumps({"source": str(tmp_path / "missing.wav")}),
        json.dumps({"source": str(notes)}),
        '{"source": "truncated.wav"',
        json.dumps({"external_id": "no-source"}),
        json.dumps({"source": "https://media.example.org/a.mp3", "priority": "urgent"}),
        json.dumps({"source": "http://10.0.0.7/internal.mp3"}),
        "",
        json.dumps({"source": str(empty)}),
        json.dumps({"source": "https://media.example.org/b.mp3", "priority": "high"}),
        json.dumps({"source": str(truncated)}),
        json.dumps({"source": str(oversized)}),
        json.dumps({"source": "ftp://media.example.org/c.mp3"}),
        json.dumps({"source": str(make_audio("mp3")), "meta": {"note": "nul \u0000 inside"}}),
    ]
    manifest = tmp_path / "batch.jsonl"
    manifest.write_text("\n".join(lines) + "\n")

    result = earmark(env, "submit", "--manifest", str(manifest), "--json")

    assert result.returncode == 1
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {document["line"]: document["error"] for document in documents if "error" in document}
    assert "no such file" in errors[2]
    assert "not an audio file" in errors[3]
    assert "not JSON" in errors[4]
    assert "missing 'source'" in errors[5]
    assert "priority must be one of high, normal, low" in errors[6]
    assert "private or reserved address" in errors[7]
    assert "empty" in errors[9]
    assert "truncated or damaged" in errors[11]
    assert "over the" in errors[12]
    assert "only http and https" in errors[13]
    assert "NUL" in errors[14]
    assert set(errors) == {2, 3, 4, 5, 6, 7, 9, 11, 12, 13, 14}
    assert "line 4: not JSON" in result.stderr
    assert "11 of 13 lines failed" in result.stderr
    assert job_count(sessions) == 2
    assert queued_messages(redis_client) == 2


def test_resubmitting_an_external_id_returns_the_existing_job(
    env: dict[str, str],
    sessions: sessionmaker[Session],
    redis_client: redis.Redis,
    make_audio: Callable[..., Path],
) -> None:
    clip = str(make_audio("mp3"))
    first = earmark(env, "submit", clip, "--external-id", "upload-7", "--json")
    again = earmark(env, "submit", clip, "--external-id", "upload-7", "--json")
    assert first.returncode == again.returncode == 0
    one, two = json.loads(first.stdout), json.loads(again.stdout)
    assert one["id"] == two["id"]
    assert (one["created"], two["created"]) == (True, False)
    assert job_count(sessions) == 1
    assert queued_messages(redis_client) == 1


def test_a_missing_file_is_a_clear_error(
    env: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    result = earmark(env, "submit", "/nonexistent/clip.wav")
    assert result.returncode == 1
    assert "/nonexistent/clip.wav: no such file" in result.stderr
    assert job_count(sessions) == 0


def test_an_unreachable_broker_keeps_the_job_and_says_so(
    env: dict[str, str], sessions: sessionmaker[Session], make_audio: Callable[..., Path]
) -> None:
    result = earmark(
        {**env, "EARMARK_REDIS_URL": "redis://127.0.0.1:1/0"}, "submit", str(make_audio())
    )
    assert result.returncode == 1
    assert "broker is unreachable" in result.stderr
    with sessions() as session:
        assert [job.status for job in session.scalars(select(Job))] == ["queued"]


def test_an_unknown_job_is_a_clear_error(env: dict[str, str]) -> None:
    result = earmark(env, "jobs", "get", "no-such-upload")
    assert result.returncode == 1
    assert "no job with id or external id 'no-such-upload'" in result.stderr


def test_a_bad_setting_is_named(env: dict[str, str]) -> None:
    result = earmark({**env, "EARMARK_CAPTIONER_TIMEOUT": "soon"}, "jobs", "list")
    assert result.returncode == 2
    assert "EARMARK_CAPTIONER_TIMEOUT" in result.stderr


@pytest.fixture
def embedded_env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The embedded mode: the default SQLite database, and a Redis that is not there."""
    embedded = {k: v for k, v in env.items() if k != "EARMARK_DATABASE_URL"}
    return embedded | {
        "EARMARK_DATA_DIR": str(tmp_path / "home"),
        "EARMARK_REDIS_URL": "redis://127.0.0.1:1/0",
    }


def test_scan_runs_the_whole_pipeline_in_process(
    embedded_env: dict[str, str],
    fake: FakeCaptioner,
    make_audio: Callable[..., Path],
    tmp_path: Path,
) -> None:
    clip = make_audio("wav")
    fake.captions[fake.key_for_bytes(clip.read_bytes())] = (
        "A man shouts angrily, 'I will kill you if you come back here,' as a gunshot rings out."
    )
    result = earmark(embedded_env, "scan", str(clip), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["status"] == "done"
    assert document["caption"].startswith("A man shouts angrily")
    assert "threat" in document["categories"]
    assert "anger" in document["emotions"]
    assert document["action"] in ("review", "block")
    threat = next(flag for flag in document["flags"] if flag["category"] == "threat")
    assert document["caption"][slice(*threat["span"])] == threat["term"]
    assert (tmp_path / "home" / "earmark.db").is_file()

    human = earmark(embedded_env, "jobs", "get", document["id"])
    assert human.returncode == 0
    assert "threat" in human.stdout
    assert document["id"] in human.stdout


def test_scan_with_a_wrong_key_fails_clearly_without_showing_it(
    embedded_env: dict[str, str], make_audio: Callable[..., Path]
) -> None:
    wrong = embedded_env | {"EARMARK_CAPTIONER_API_KEY": "sk-not-the-key-4242"}
    result = earmark(wrong, "scan", str(make_audio()))
    assert result.returncode == 1
    assert "Incorrect API key" in result.stdout
    assert "1 of 1 sources failed" in result.stderr
    assert "4242" not in result.stdout + result.stderr
    assert API_KEY not in result.stdout + result.stderr


def test_reviewers_list_the_worst_first(
    env: dict[str, str],
    sessions: sessionmaker[Session],
    fake: FakeCaptioner,
    make_audio: Callable[..., Path],
) -> None:
    captions = {
        "calm": "A woman reads a weather report in an even, pleasant voice.",
        "threat": "A man snarls, 'I will kill you and your family,' as a gunshot rings out.",
        "mild": "A man mutters 'damn it' after dropping a cup, then laughs.",
    }
    for name, text in captions.items():
        clip = make_audio()
        fake.captions[fake.key_for_bytes(clip.read_bytes())] = text
        assert earmark(env, "submit", str(clip), "--external-id", name).returncode == 0
    settings = get_settings()
    runtime = pipeline.Runtime(CaptionerClient.from_settings(settings))
    with sessions() as session:
        ids = list(session.scalars(select(Job.id)))
    for job_id in ids:
        outcome = pipeline.process_job(
            job_id, sessions=sessions, runtime=runtime, settings=settings, owner="test"
        )
        assert outcome.state == "done"

    listed = json.loads(earmark(env, "jobs", "list", "--worst-first", "--json").stdout)
    assert [document["external_id"] for document in listed] == ["threat", "mild", "calm"]
    scores = [document["risk"]["score"] for document in listed]
    assert scores == sorted(scores, reverse=True)
    threats = json.loads(earmark(env, "jobs", "list", "--category", "threat", "--json").stdout)
    assert [document["external_id"] for document in threats] == ["threat"]
