"""Fit the classifier the shipped policy consults, and cross-validate what it adds.

    python bench/train_classifier.py [--folds 5] [--out FILE] [--prune 0.2]

Fits TF-IDF word unigrams and one logistic regression per label (scikit-learn) to every
labelled set in bench/accuracy except the held-out ones (HELD_OUT), and writes the weights in
the form earmark.analysis.classifier reads (default: the shipped default_classifier.json).

Figures on captions a model was fitted to say nothing, so this also prints, for the training
captions, the lexicon alone beside the lexicon with a classifier that never saw the caption
it judges (k-fold: each fold judged by a model fitted to the other folds), under the shipped
policy's ``confirm_min``. The held-out sets are measured with the shipped model by
bench/accuracy.py, like any other change.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

# The repository (for earmark) and this folder (for accuracy), however this file is loaded.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import Tally, load_rows

from earmark.analysis import analyze, default_policy_path, load_policy
from earmark.analysis.classifier import FORMAT, parse_classifier
from earmark.analysis.policy_model import EMOTIONS, SENSITIVE_CATEGORIES

SETS = Path(__file__).resolve().parent / "accuracy"
# Kept out of training so that the whole analyzer, classifier included, has captions it has
# never seen: three sets by three more blind labellers (see accuracy.py).
HELD_OUT = frozenset({"tune_u.jsonl", "tune_w.jsonl", "tune_y.jsonl"})
# Inverse regularisation strength; balanced class weights, as most labels are rare.
C = 10.0
# Words that say who someone is, not what happens to them. Left out of the vocabulary so that
# no weight can make the same assault likelier to be overruled when it happens to a woman
# (fitted with them, "she" weighed -2.1 against violence).
# fmt: off
WHO = [
    "he", "she", "him", "her", "his", "hers", "himself", "herself", "man", "woman",
    "men", "women", "boy", "girl", "boys", "girls", "male", "female", "husband", "wife",
    "boyfriend", "girlfriend", "father", "mother", "dad", "mum", "mom", "son",
    "daughter", "brother", "sister", "grandmother", "grandfather", "grandma", "grandpa",
    "uncle", "aunt", "gentleman", "lady", "ladies", "guy", "guys", "mr", "mrs", "ms",
    "miss", "sir", "madam",
]
# fmt: on


def fit(rows: list[dict[str, Any]]) -> tuple[TfidfVectorizer, dict[str, LogisticRegression]]:
    """The vectorizer and one fitted model per label of the taxonomy that some rows have and
    some lack."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words=WHO)
    matrix = vectorizer.fit_transform([row["text"] for row in rows])
    models = {}
    for label in sorted(SENSITIVE_CATEGORIES | EMOTIONS):
        truth = [label in row["categories"] or label in row["emotions"] for row in rows]
        if len(set(truth)) < 2:
            continue  # nothing to learn: every row has it, or none
        models[label] = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
        models[label].fit(matrix, truth)
    return vectorizer, models


def export(
    vectorizer: TfidfVectorizer,
    models: dict[str, LogisticRegression],
    *,
    trained_on: list[str],
    prune: float,
) -> dict[str, Any]:
    """The classifier file's content: what earmark.analysis.classifier reads."""
    terms = [str(t) for t in vectorizer.get_feature_names_out()]
    return {
        "format": FORMAT,
        "about": "written by bench/train_classifier.py; see earmark/analysis/classifier.py",
        "trained_on": trained_on,
        "idf": {t: round(float(v), 4) for t, v in zip(terms, vectorizer.idf_, strict=True)},
        "intercepts": {label: round(float(m.intercept_[0]), 4) for label, m in models.items()},
        "weights": {
            label: {
                t: round(float(c), 3)
                for t, c in zip(terms, m.coef_[0], strict=True)
                if abs(c) >= prune
            }
            for label, m in models.items()
        },
    }


def trained(rows: list[dict[str, Any]], *, prune: float) -> dict[str, Any]:
    """The classifier file's content for a model fitted to ``rows``."""
    sets = sorted({row["set"] for row in rows})
    return export(*fit(rows), trained_on=sets, prune=prune)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    parser.add_argument(
        "--out", type=Path, default=default_policy_path().with_name("default_classifier.json")
    )
    parser.add_argument(
        "--prune", type=float, default=0.2, help="leave out weights smaller than this"
    )
    args = parser.parse_args()
    rows = load_rows(sorted(p for p in SETS.glob("*.jsonl") if p.name not in HELD_OUT))
    policy = load_policy()
    alone = dataclasses.replace(policy, classifier=None)
    if policy.classifier is None:
        parser.error("the shipped policy has no classifier section to cross-validate")
    lexicon, combined = Tally(), Tally()
    folds = KFold(args.folds, shuffle=True, random_state=0).split(rows)
    for number, (train, judge) in enumerate(folds, 1):
        doc = trained([rows[i] for i in train], prune=args.prune)
        model = parse_classifier(json.dumps(doc).encode())
        opinion = dataclasses.replace(policy.classifier, model=model)
        with_model = dataclasses.replace(policy, classifier=opinion)
        for i in judge:
            lexicon.add(rows[i], analyze([rows[i]["text"]], policy=alone))
            combined.add(rows[i], analyze([rows[i]["text"]], policy=with_model))
        print(f"fold {number}/{args.folds} done", file=sys.stderr)
    print(f"== lexicon alone, {len(rows)} training captions")
    lexicon.report()
    print("\n== lexicon + classifier, each caption judged by a model that never saw it")
    combined.report()
    args.out.write_text(json.dumps(trained(rows, prune=args.prune), sort_keys=True) + "\n", "utf-8")
    print(f"\nwrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
