"""Shared fixtures: a real Postgres database migrated by Alembic, a real Redis database, real
audio made by ffmpeg, the loopback fake captioner, and real ``earmark worker`` processes."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2
import pytest
import redis
from sqlalchemy.orm import Session, sessionmaker

from earmark import db
from earmark.settings import Settings, get_settings
from tests.fake_captioner import FakeCaptioner
from tests.workers import WorkerProcess

PG_ADMIN_DSN = os.environ.get(
    "EARMARK_TEST_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)
PG_URL_BASE = os.environ.get("EARMARK_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("EARMARK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
API_KEY = "sk-test-0123456789"


# Figures the end-to-end and chaos scenarios report (tests/batches.py); printed at the end.
RUN_FIGURES: list[dict[str, object]] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RUN_FIGURES:
        return
    terminalreporter.section("pipeline figures: jobs, losses, captions paid twice, calls")
    for row in RUN_FIGURES:
        terminalreporter.write_line("  ".join(f"{key}={value}" for key, value in row.items()))


@pytest.fixture(scope="session")
def services_lock(pytestconfig: pytest.Config) -> Iterator[None]:
    """Hold the machine's one lock on the shared Redis DB and the servers for this whole run.

    Runs share ``REDIS_URL`` and the chaos tests restart Redis and Postgres, so two runs at once
    (a developer's and a CI rehearsal, say) would fail each other's tests; the later run waits.
    """
    path = Path(tempfile.gettempdir()) / "earmark-tests.lock"
    with path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            capture = pytestconfig.pluginmanager.getplugin("capturemanager")
            with capture.global_and_fixture_disabled():  # say it now, not after the test
                print(f"\nwaiting for the earmark test run in pid {holder}", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.truncate(0)
        lock.write(str(os.getpid()))
        lock.flush()
        yield
        lock.truncate(0)


def _admin(statement: str) -> None:
    connection = psycopg2.connect(PG_ADMIN_DSN)
    connection.autocommit = True
    try:
        connection.cursor().execute(statement)
    finally:
        connection.close()


@pytest.fixture(scope="session")
def database_url(services_lock: None) -> Iterator[str]:
    """A fresh Postgres database for this test run, at the latest migration."""
    name = f"earmark_test_{os.getpid()}"
    _admin(f"DROP DATABASE IF EXISTS {name}")
    _admin(f"CREATE DATABASE {name}")
    url = f"{PG_URL_BASE}/{name}"
    db.upgrade(url)
    yield url
    from models import engine_for

    engine_for(url).dispose()
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def redis_client(services_lock: None) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def fake() -> Iterator[FakeCaptioner]:
    with FakeCaptioner(api_key=API_KEY) as server:
        yield server


@pytest.fixture
def env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str, fake: FakeCaptioner
) -> Iterator[dict[str, str]]:
    """Point earmark at the test database, a Redis DB of its own, a temp spool and the fake.

    Returns the variables, for subprocesses; tables are emptied before each test.
    """
    _admin_truncate(database_url)
    variables = {
        "EARMARK_DATABASE_URL": database_url,
        "EARMARK_REDIS_URL": REDIS_URL,
        "EARMARK_DATA_DIR": str(tmp_path / "data"),
        "EARMARK_CAPTIONER_BASE_URL": fake.base_url,
        "EARMARK_CAPTIONER_API_KEY": API_KEY,
        "EARMARK_CAPTIONER_STREAM": "false",
        "EARMARK_CAPTIONER_TIMEOUT": "5",
        "EARMARK_LEASE_SECONDS": "30",
    }
    for name in [name for name in os.environ if name.startswith("EARMARK_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # away from any .env a developer keeps in the checkout
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield variables
    get_settings.cache_clear()


def _admin_truncate(url: str) -> None:
    from sqlalchemy import text

    from models import engine_for

    with engine_for(url).begin() as connection:
        connection.execute(text("TRUNCATE jobs CASCADE"))


@pytest.fixture
def settings(env: dict[str, str]) -> Settings:
    return get_settings()


@pytest.fixture
def sessions(settings: Settings) -> sessionmaker[Session]:
    return db.sessions(settings)


@pytest.fixture
def make_audio(tmp_path: Path) -> Callable[..., Path]:
    """Make a real, distinct audio file with ffmpeg: ``make_audio("mp3", seconds=2.0)``."""
    counter = iter(range(1_000_000))

    def make(kind: str = "wav", *, seconds: float = 2.0, tone: int | None = None) -> Path:
        number = next(counter)
        path = tmp_path / "audio" / f"clip{number}.{kind}"
        path.parent.mkdir(exist_ok=True)
        codec = ["-c:a", "pcm_s16le"] if kind == "wav" else ["-c:a", "libmp3lame", "-b:a", "32k"]
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi",
             "-i", f"sine=frequency={tone or 200 + 7 * number}:duration={seconds}",
             "-ar", "16000", "-ac", "1", *codec, str(path)],
            check=True,
        )  # fmt: skip
        return path

    return make


@pytest.fixture
def start_worker(
    env: dict[str, str], redis_client: redis.Redis, tmp_path: Path
) -> Iterator[Callable[..., WorkerProcess]]:
    """Start real worker processes against the test database, Redis DB and fake captioner."""
    started: list[WorkerProcess] = []

    def start(concurrency: int = 4, **overrides: str) -> WorkerProcess:
        log_path = tmp_path / f"worker{len(started)}.log"
        worker = WorkerProcess({**env, **overrides}, log_path, concurrency)
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()
