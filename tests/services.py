"""Stopping and starting the machine's own Redis and Postgres, for the chaos suite.

Redis comes back with the settings it ran with (read with CONFIG GET); Postgres is restarted with
Debian's pg_ctlcluster. Both wait until the service answers again.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import redis

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def _wait(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come back within {timeout}s")
        time.sleep(0.1)


def _redis_up() -> bool:
    try:
        return bool(redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def restart_redis() -> None:
    """Stop Redis without saving (every queued message is lost) and start it again."""
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT)
    config = {
        key: str(client.config_get(key)[key])
        for key in ("bind", "dir", "logfile", "save", "appendonly")
    }
    with contextlib.suppress(redis.ConnectionError):  # it hangs up as it goes
        client.shutdown(nosave=True)
    _wait(lambda: not _redis_up(), "redis shutdown")
    argv = ["redis-server", "--daemonize", "yes", "--port", str(REDIS_PORT)]
    argv += ["--bind", *config["bind"].split(), "--dir", config["dir"]]
    argv += ["--save", config["save"], "--appendonly", config["appendonly"]]
    argv += ["--logfile", config["logfile"]] if config["logfile"] else []
    subprocess.run(argv, check=True, capture_output=True)
    _wait(_redis_up, "redis")


def _postgres_up() -> bool:
    result = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False)
    return result.returncode == 0


def restart_postgres() -> None:
    """Restart the local Postgres cluster (every open connection is cut)."""
    version = sorted(path.name for path in Path("/etc/postgresql").iterdir())[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
        capture_output=True,
    )
    _wait(_postgres_up, "postgres")
