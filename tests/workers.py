"""Real `earmark` processes (commands and workers) and the queue they share."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import redis

EARMARK = str(Path(sys.executable).with_name("earmark"))


def earmark(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``earmark`` command as a user would, with ``env`` as its EARMARK_* settings."""
    return subprocess.run(
        [EARMARK, *args], env=subprocess_env(env), input=stdin,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


QUEUE_KEYS = ("earmark", "earmark:3", "earmark:6")  # kombu's list per priority step


def queued_messages(client: redis.Redis) -> int:
    """Messages waiting in the earmark queue, at every priority."""
    return sum(int(client.llen(key)) for key in QUEUE_KEYS)


def subprocess_env(variables: dict[str, str]) -> dict[str, str]:
    """This process's environment without any EARMARK_* variable, plus ``variables``."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("EARMARK_")}
    return inherited | variables


class WorkerProcess:
    """A real ``earmark worker`` subprocess; its log is kept for failing tests to show."""

    def __init__(self, env: dict[str, str], log_path: Path, concurrency: int) -> None:
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [EARMARK, "worker", f"--concurrency={concurrency}"],
            env=subprocess_env(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"ready." in self.log_path.read_bytes():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"worker did not start:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
