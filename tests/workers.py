"""Real ``earmark worker`` processes, for the tests and the benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

EARMARK = str(Path(sys.executable).with_name("earmark"))


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
