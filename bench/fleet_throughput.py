"""Fleet throughput against a rate-limited captioner.

200 jobs, a captioner that allows 5 requests a second (taking 1.5 s per call), two worker
processes of 16 threads each. Runs the fleet with earmark's shared limit
(EARMARK_CAPTIONER_RPS=5) and, as the peer in the same run, the same fleet with no shared
limit, where each thread just retries its 429s. Prints wall time against the ideal
(jobs / rate), the share of calls answered 429, and calls per job.

    python bench/fleet_throughput.py [--jobs 200] [--rps 5] [--workers 2] [--threads 16]

Needs the local Postgres and Redis (it uses database earmark_bench and Redis DB 13).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import redis
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from earmark import db
from earmark.producer import JobRequest
from earmark.settings import get_settings
from models import Job, engine_for
from tests.fake_captioner import FakeCaptioner
from tests.workers import WorkerProcess
from worker.producer import submit_many

DATABASE = "earmark_bench"
URL = f"postgresql+psycopg2://postgres@127.0.0.1:5432/{DATABASE}"
REDIS = "redis://127.0.0.1:6379/13"


def fresh_database() -> None:
    engine_for(URL).dispose()
    connection = psycopg2.connect("host=127.0.0.1 user=postgres dbname=postgres")
    connection.autocommit = True
    connection.cursor().execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    connection.cursor().execute(f"CREATE DATABASE {DATABASE}")
    connection.close()
    db.upgrade(URL)


def run(*, limited: bool, args: argparse.Namespace, workdir: Path) -> dict[str, float]:
    fresh_database()
    redis.Redis.from_url(REDIS).flushdb()
    with FakeCaptioner(api_key="bench", latency_s=args.latency, rps=args.rps) as fake:
        fake.set_rps(args.rps, burst=2)  # a provider's per-second window forgives a little jitter
        env = {
            "EARMARK_DATABASE_URL": URL,
            "EARMARK_REDIS_URL": REDIS,
            "EARMARK_DATA_DIR": str(workdir),
            "EARMARK_CAPTIONER_BASE_URL": fake.base_url,
            "EARMARK_CAPTIONER_API_KEY": "bench",
            "EARMARK_CAPTIONER_RPS": str(args.rps if limited else 0),
            "EARMARK_MAX_ATTEMPTS": "100",
            "EARMARK_RETRY_BACKOFF_MAX": "5",
        }
        os.environ.update(env)
        get_settings.cache_clear()
        urls = [f"https://media.example.org/bench/{n}.mp3" for n in range(args.jobs)]
        list(submit_many(JobRequest(url) for url in urls))
        workers = [
            WorkerProcess(env, workdir / f"worker{n}-{limited}.log", args.threads)
            for n in range(args.workers)
        ]
        for worker in workers:
            worker.wait_ready()
        sessions = db.sessions(get_settings())
        while True:
            with sessions() as session:
                done = session.scalar(select(func.count()).where(Job.status == "done")) or 0
                if done == args.jobs:
                    first = session.scalar(select(func.min(Job.started_at)))
                    last = session.scalar(select(func.max(Job.finished_at)))
                    break
            time.sleep(0.2)
        for worker in workers:
            worker.stop()
        calls = len(fake.calls)
        refused = sum(call.status == 429 for call in fake.calls)
    assert first is not None
    assert last is not None
    return {
        "wall_s": (last - first).total_seconds(),
        "ideal_s": (args.jobs - 2) / args.rps,
        "calls": calls,
        "refused_429": refused,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--rps", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--latency", type=float, default=1.5, help="seconds per captioner call")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        for limited in (True, False):
            figures = run(limited=limited, args=args, workdir=Path(workdir))
            name = "earmark fleet limit" if limited else "no shared limit (peer)"
            ratio = figures["wall_s"] / figures["ideal_s"]
            share = figures["refused_429"] / figures["calls"]
            print(
                f"{name:<24} wall {figures['wall_s']:6.1f} s  ideal {figures['ideal_s']:5.1f} s  "
                f"ratio {ratio:4.2f}  calls {figures['calls']:5}  "
                f"429s {figures['refused_429']:5} ({share:.1%})  "
                f"calls/job {figures['calls'] / args.jobs:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
