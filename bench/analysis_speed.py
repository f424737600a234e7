"""Throughput of earmark.analysis on one core, for 2 KB captions, beside a floor.

    python bench/analysis_speed.py [--runs N] [--captions N] [--policy FILE]

Builds ~2 KB captions by joining the labelled captions' paragraphs (so the text looks like the
captioner's, Chinese quotes included), pins the process to one CPU where the OS allows, warms
the policy cache, then prints the median captions/s over N runs, timed in CPU seconds of
this process so that other load on the machine does not count.

Captions/s depends on the machine, so each run also times a floor on the same captions: the
least a keyword filter can do in Python, lower-casing the caption, splitting it into words and
testing each against a set of the policy's single-word English terms (no phrases,
inflections, context or evidence). The ratio of the two carries from one machine to another.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from earmark.analysis import Policy, analyze, load_policy

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


def word_set_filter(policy: Policy) -> Callable[[str], list[str]]:
    """The floor: the caption's words that are single-word English terms of ``policy``."""
    terms = frozenset(t.text.lstrip("=") for rule in policy.rules.values() for t in rule.en)
    words = re.compile(r"\w+").findall
    return lambda caption: [w for w in words(caption.lower()) if w in terms]


def rate(work: Callable[[str], object], captions: list[str]) -> float:
    """Captions per CPU second of this process for one pass of ``work`` over ``captions``."""
    start = time.process_time()
    for caption in captions:
        work(caption)
    return len(captions) / (time.process_time() - start)


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
    floor = word_set_filter(policy)
    analyze(captions[:1], policy=policy)  # compile the policy's regexes outside the timing
    ours: list[float] = []
    floor_rates: list[float] = []
    for _ in range(args.runs):  # interleaved, so a slow spell of the machine hits both
        ours.append(rate(lambda caption: analyze([caption], policy=policy), captions))
        floor_rates.append(rate(floor, captions))
    mean_len = sum(map(len, captions)) / len(captions)
    print(f"{len(captions)} captions of {mean_len:,.0f} chars, one core, median of {args.runs}")
    print(f"earmark analysis   {statistics.median(ours):8,.0f} captions/s")
    print(f"word-set floor     {statistics.median(floor_rates):8,.0f} captions/s")
    ratios = [f / o for o, f in zip(ours, floor_rates, strict=True)]
    print(f"analysis costs {statistics.median(ratios):.1f}x the floor (median of per-run ratios)")


if __name__ == "__main__":
    main()
