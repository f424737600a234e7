"""Throughput of earmark.analysis on one core, for 2 KB captions.

    python bench/analysis_speed.py [--runs N] [--captions N] [--policy FILE]

Builds ~2 KB captions by joining the labelled captions' paragraphs (so the text looks like the
captioner's, Chinese quotes included), pins the process to one CPU where the OS allows, warms
the policy cache, then prints the median captions/s over N runs, timed in CPU seconds of
this process so that other load on the machine does not count.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from earmark.analysis import analyze, load_policy

DATA = Path(__file__).resolve().parent / "accuracy" / "captions.jsonl"
TARGET = 2048


def two_kb_captions(count: int) -> list[str]:
    """``count`` captions of about TARGET characters, cycling through the labelled set."""
    lines = DATA.read_text("utf-8").splitlines()
    paragraphs = [p for line in lines if line for p in json.loads(line)["text"].split("\n\n")]
    out: list[str] = []
    i = 0
    while len(out) < count:
        parts: list[str] = []
        while sum(len(p) + 2 for p in parts) < TARGET:
            parts.append(paragraphs[i % len(paragraphs)])
            i += 1
        out.append("\n\n".join(parts)[:TARGET])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--captions", type=int, default=2000)
    parser.add_argument("--policy", help="policy YAML (default: the shipped one)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    policy = load_policy(args.policy)
    captions = two_kb_captions(args.captions)
    analyze(captions[:1], policy=policy)  # compile the policy's regexes outside the timing
    rates = []
    for _ in range(args.runs):
        start = time.process_time()
        for caption in captions:
            analyze([caption], policy=policy)
        rates.append(len(captions) / (time.process_time() - start))
    mean_len = sum(map(len, captions)) / len(captions)
    print(
        f"{statistics.median(rates):,.0f} captions/s (median of {args.runs} runs, "
        f"{len(captions)} captions of {mean_len:,.0f} chars, one core)"
    )


if __name__ == "__main__":
    main()
