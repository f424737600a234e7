"""A batch of submitted jobs, and the checks every end-to-end scenario makes of it."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import Job
from tests.conftest import RUN_FIGURES
from tests.fake_captioner import FakeCaptioner


@dataclass
class Batch:
    expected: dict[str, str]  # source -> the caption the fake serves for it
    sessions: sessionmaker[Session]
    fake: FakeCaptioner

    def wait_for(self, count: int, timeout: float) -> None:
        """Wait until ``count`` jobs are done; fail at once if no job is left to run."""
        deadline = time.monotonic() + timeout
        while True:
            with self.sessions() as session:
                states = Counter(session.scalars(select(Job.status)))
                if states["done"] >= count:
                    return
                if time.monotonic() > deadline or not states["queued"] + states["processing"]:
                    errors = Counter(session.scalars(select(Job.last_error)))
                    raise AssertionError(f"{count} jobs not done: {states} {errors}")
            time.sleep(0.1)

    def check(self, scenario: str, *, may_rebill: int = 0) -> dict[str, object]:
        """Every job done, its one segment holding exactly the captioner's text, and no caption
        made twice; record the figures and return them.

        A segment holds one caption by construction; what can go wrong is paying for a second
        one, which the fake counts. ``may_rebill`` bounds those: answers a worker lost before
        it could store them (killed, or the database down too long).
        """
        self.wait_for(len(self.expected), timeout=180)
        with self.sessions() as session:
            jobs = list(session.scalars(select(Job)))
            texts = {job.source: [s.caption for s in job.segments] for job in jobs}
        wrong = [source for source, text in self.expected.items() if texts.get(source) != [text]]
        successes = self.fake.successes_by_key()
        rebilled = sum(count - 1 for count in successes.values())
        figures: dict[str, object] = {
            "scenario": scenario,
            "jobs": len(jobs),
            "lost": len(self.expected) - sum(job.status == "done" for job in jobs),
            "wrong_text": len(wrong),
            "calls_per_job": round(len(self.fake.calls) / len(jobs), 2),
            "successful_calls_per_job": round(sum(successes.values()) / len(jobs), 2),
            "rebilled": rebilled,
            "max_attempts": max(job.attempts for job in jobs),
        }
        RUN_FIGURES.append(figures)
        assert {job.status for job in jobs} == {"done"}
        assert wrong == []
        assert rebilled <= may_rebill
        return figures
