"""The whole pipeline with real parts: `earmark submit`, Redis, two `earmark worker` processes,
Postgres, and the loopback captioner. Every job must end done with exactly one caption."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.batches import Batch
from tests.fake_captioner import FakeCaptioner
from tests.workers import WorkerProcess, earmark

pytestmark = pytest.mark.slow


def write_manifest(path: Path, sources: list[str]) -> None:
    lines = [
        json.dumps({"source": source, "external_id": f"upload-{n}", "meta": {"n": n}})
        for n, source in enumerate(sources)
    ]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("stream", ["false", "true"], ids=["json", "sse"])
def test_fifty_jobs_by_two_workers_end_done_with_the_exact_text(
    stream: str,
    env: dict[str, str],
    sessions: sessionmaker[Session],
    fake: FakeCaptioner,
    make_audio: Callable[..., Path],
    start_worker: Callable[..., WorkerProcess],
    tmp_path: Path,
) -> None:
    env["EARMARK_CAPTIONER_STREAM"] = stream
    files = [make_audio("wav") for _ in range(20)] + [make_audio("mp3") for _ in range(20)]
    urls = [f"https://media.example.org/uploads/{n}.mp3" for n in range(10)]
    expected = {
        str(path): fake.caption_for(fake.key_for_bytes(path.read_bytes())) for path in files
    }
    expected |= {url: fake.caption_for(url) for url in urls}
    manifest = tmp_path / "batch.jsonl"
    write_manifest(manifest, [str(path) for path in files] + urls)

    submitted = earmark(env, "submit", "--manifest", str(manifest), "--json")
    assert submitted.returncode == 0, submitted.stderr
    receipts = [json.loads(line) for line in submitted.stdout.splitlines()]
    assert len(receipts) == 50
    assert all(receipt["created"] for receipt in receipts)

    start_worker(concurrency=4, EARMARK_CAPTIONER_STREAM=stream)
    start_worker(concurrency=4, EARMARK_CAPTIONER_STREAM=stream)
    Batch(expected, sessions, fake).check(f"50 jobs, stream={stream}")  # exact text, once each

    document = json.loads(earmark(env, "jobs", "get", "upload-3", "--json").stdout)
    assert document["status"] == "done"
    assert document["caption"] == expected[document["source"]]
    assert document["meta"] == {"n": 3}
    assert document["usage"]["prompt_tokens"] > 0
    assert document["action"] in ("pass", "review", "block")


def test_a_worker_killed_mid_job_loses_nothing_and_stores_nothing_twice(
    env: dict[str, str],
    sessions: sessionmaker[Session],
    fake: FakeCaptioner,
    make_audio: Callable[..., Path],
    start_worker: Callable[..., WorkerProcess],
    tmp_path: Path,
) -> None:
    fake.latency_s = 1.0  # long enough to kill a worker while its calls are in flight
    recovery = {
        "EARMARK_VISIBILITY_TIMEOUT": "6",
        "EARMARK_LEASE_SECONDS": "4",
        "EARMARK_CAPTIONER_TIMEOUT": "1.5",
    }
    files = [make_audio("wav") for _ in range(8)]
    manifest = tmp_path / "batch.jsonl"
    write_manifest(manifest, [str(path) for path in files])
    assert earmark(env, "submit", "--manifest", str(manifest)).returncode == 0

    victim = start_worker(concurrency=2, **recovery)
    deadline = time.monotonic() + 30
    while not any(call.finished_at is None for call in fake.calls):
        assert time.monotonic() < deadline, "the worker never called the captioner"
        time.sleep(0.05)
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait()
    in_flight_when_killed = sum(1 for call in fake.calls if not call.ok)

    start_worker(concurrency=2, **recovery)
    expected = {str(p): fake.caption_for(fake.key_for_bytes(p.read_bytes())) for p in files}
    # Only calls whose answer died with the worker were made again: nothing paid twice.
    figures = Batch(expected, sessions, fake).check("SIGKILL, Redis redelivery")

    assert in_flight_when_killed >= 1
    assert figures["max_attempts"] == 2  # the killed jobs were taken over once
