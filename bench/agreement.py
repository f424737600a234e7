"""Agreement of two labellers on the same captions: how far the accuracy sets can be trusted.

    python bench/agreement.py [--second FILE]...

bench/accuracy/second/ holds a blind second labelling of the 360 rows no one tuned on (the
even rows of tune_j ... tune_s), by three more labellers who saw only the captions and
LABELLING.md. Each file is matched by name and id to the first labelling in bench/accuracy/.

Per label it prints the second labeller's precision and recall against the first (a ceiling:
a matcher cannot be measured more accurately than labellers agree), then the analyzer's against
the first, and against the first only where both labellers agree on that label. Then the
pass-vs-flagged and exact-action agreement of each pair. A measurement, not a gate: it exits 0
unless its input is malformed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from earmark.analysis import analyze, load_policy
from earmark.analysis.policy_model import EMOTIONS, SENSITIVE_CATEGORIES

ACCURACY = Path(__file__).resolve().parent / "accuracy"
LABELS = sorted(SENSITIVE_CATEGORIES) + sorted(EMOTIONS)

Labels = dict[str, set[str]]  # caption id -> its categories and emotions
Row = dict[str, Any]  # one labelled caption, as in bench/accuracy/*.jsonl


def _read(path: Path) -> dict[str, Row]:
    rows = (json.loads(line) for line in path.read_text("utf-8").splitlines() if line)
    return {f"{path.stem}:{row['id']}": row for row in rows}


def _scores(guess: Labels, truth: Labels, counts: Callable[[str, str], bool]) -> list[str]:
    """Per label, then pooled over all labels, "precision/recall support" of ``guess`` against
    ``truth``, over the (id, label) pairs ``counts`` keeps."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for key, expected in truth.items():
        for label in LABELS:
            if counts(key, label):
                said, meant = label in guess[key], label in expected
                tp[label] += said and meant
                fp[label] += said and not meant
                fn[label] += meant and not said

    def ratio(num: int, den: int) -> str:
        return f"{num / den:4.2f}" if den else " n/a"

    def cell(t: int, f_p: int, f_n: int) -> str:
        return f"{ratio(t, t + f_p)}/{ratio(t, t + f_n)} {t + f_n:>3}"

    pooled = cell(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return [cell(tp[x], fp[x], fn[x]) for x in LABELS] + [pooled]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--second",
        action="append",
        type=Path,
        help="second labelling, JSON lines named like its first (default: accuracy/second/*)",
    )
    args = parser.parse_args()
    second: dict[str, Row] = {}
    first: dict[str, Row] = {}
    for path in args.second or sorted((ACCURACY / "second").glob("*.jsonl")):
        if not (ACCURACY / path.name).is_file():
            parser.error(f"{path.name}: no first labelling of that name in {ACCURACY}")
        second.update(_read(path))
        first.update(_read(ACCURACY / path.name))
    missing = sorted(second.keys() - first.keys())
    if missing:
        parser.error(f"no first label for {missing[:3]}")
    policy = load_policy()

    def labels(row: Row) -> set[str]:
        return set(row["categories"]) | set(row["emotions"])

    one = {key: labels(first[key]) for key in second}
    two = {key: labels(row) for key, row in second.items()}
    results = {key: analyze([first[key]["text"]], policy=policy) for key in second}
    machine = {key: set(r.categories) | set(r.emotions) for key, r in results.items()}
    columns = {
        "second vs first": _scores(two, one, lambda k, x: True),
        "analyzer vs first": _scores(machine, one, lambda k, x: True),
        "where both agree": _scores(machine, one, lambda k, x: (x in one[k]) == (x in two[k])),
    }
    print(f"{len(second)} captions; each cell is precision/recall support\n")
    print(f"{'label':<12}" + "".join(f"{title:>20}" for title in columns))
    for i, label in enumerate([*LABELS, "all, pooled"]):
        print(f"{label:<12}" + "".join(f"{cells[i]:>20}" for cells in columns.values()))

    actions = {
        "first": {key: first[key]["action"] for key in second},
        "second": {key: row["action"] for key, row in second.items()},
        "analyzer": {key: r.action for key, r in results.items()},
    }
    print()
    for a, b in (("second", "first"), ("analyzer", "first"), ("analyzer", "second")):
        flagged = sum((actions[a][k] == "pass") == (actions[b][k] == "pass") for k in second)
        exact = sum(actions[a][k] == actions[b][k] for k in second)
        print(f"{a} vs {b}: pass vs flagged {flagged}/{len(second)}, exact action {exact}")


if __name__ == "__main__":
    main()
