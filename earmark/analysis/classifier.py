"""A second opinion on the lexicon's flags: a linear text classifier whose weights are data.

A lexicon reads "bitter" as anger and "screams" as fear wherever they stand; a classifier
trained on labelled captions weighs the whole caption's wording instead. The policy names, per
emotion, the probability below which the classifier overrules the lexicon
(``classifier.confirm_min``): those flags stay as evidence but neither list nor score. It may
overrule no category (the parser refuses one; the shipped policy says why). It may add a
category the lexicon did not list (``classifier.add_min``), as one flag on the word that
weighed most for it (:meth:`Classifier.heaviest`), so the reviewer still sees why.

The model is the one ``bench/train_classifier.py`` fits with scikit-learn: TF-IDF over
lowercase word unigrams (sublinear term frequency, L2-normalised, scikit-learn's default
tokens of two or more word characters) and one logistic regression per label. Inference here
is one NumPy product per caption, so the runtime needs no scikit-learn; a test holds the two
to the same probabilities.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FORMAT = "earmark-linear-1"
# scikit-learn's default token_pattern, r"(?u)\b\w\w+\b", without the \b: a greedy run of two
# or more word characters ends where they do, so the matches are the same, found 30% faster.
_TOKEN = re.compile(r"\w\w+")

Floats = npt.NDArray[np.float64]


class ClassifierError(ValueError):
    """A classifier file that cannot be used; the message says what is wrong with it."""


@dataclass(frozen=True, eq=False)
class Classifier:
    """Per-label logistic regressions over one shared TF-IDF vocabulary."""

    columns: Mapping[str, int]  # vocabulary term -> its row in ``idf`` and ``weights``
    idf: Floats  # (terms,) inverse document frequencies
    labels: tuple[str, ...]
    intercepts: Floats  # (labels,)
    weights: Floats  # (terms, labels) coefficients; pruned ones are 0
    trained_on: tuple[str, ...] = ()  # names of the labelled sets it was fitted to

    @staticmethod
    def words(text: str) -> list[str]:
        """The caption's words as the model reads them: lowercase, two word characters or more."""
        return _TOKEN.findall(text.lower())

    def probabilities(self, words: list[str]) -> dict[str, float]:
        """Every label's probability for the caption whose :meth:`words` are given."""
        terms, rows, values = self._tf_idf(words)
        z = self.intercepts + values @ self.weights[rows] if terms else self.intercepts
        # The logistic function as tanh, which cannot overflow however large |z| is.
        odds = 0.5 * (1.0 + np.tanh(0.5 * z))
        return dict(zip(self.labels, odds.tolist(), strict=True))

    def heaviest(self, words: list[str], label: str) -> list[str]:
        """The caption's words that weigh for ``label`` (TF-IDF value times weight above 0),
        heaviest first; equals in alphabetical order, so every process picks the same."""
        terms, rows, values = self._tf_idf(words)
        if not terms:
            return []
        pull = values * self.weights[rows, self.labels.index(label)]
        return [t for p, t in sorted(zip((-pull).tolist(), terms, strict=True)) if p < 0]

    def _tf_idf(self, words: list[str]) -> tuple[list[str], list[int], Floats]:
        """The caption's words in the vocabulary, their rows, and their TF-IDF values."""
        counts = Counter(words)
        # Set and map operations rather than loops: this runs on every long segment.
        terms = list(counts.keys() & self.columns.keys())
        if not terms:
            return terms, [], np.zeros(0)
        rows = list(map(self.columns.__getitem__, terms))
        # Sublinear term frequency, times idf, L2-normalised: scikit-learn's TF-IDF.
        tf = 1.0 + np.log(np.fromiter(map(counts.__getitem__, terms), float, len(terms)))
        values = tf * self.idf[rows]
        values /= np.linalg.norm(values)
        return terms, rows, values


def parse_classifier(data: bytes) -> Classifier:
    """Read a classifier file; raises :class:`ClassifierError` saying what is wrong."""
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ClassifierError(f"not JSON ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ClassifierError(f"not a classifier file: 'format' must be '{FORMAT}'")
    try:
        columns = {str(t): i for i, t in enumerate(doc["idf"])}
        labels = tuple(str(label) for label in doc["intercepts"])
        weights = np.zeros((len(columns), len(labels)))
        for j, label in enumerate(labels):
            for term, coefficient in doc["weights"][label].items():
                weights[columns[term], j] = float(coefficient)
        classifier = Classifier(
            columns=columns,
            idf=np.array([float(v) for v in doc["idf"].values()]),
            labels=labels,
            intercepts=np.array([float(doc["intercepts"][label]) for label in labels]),
            weights=weights,
            trained_on=tuple(str(name) for name in doc.get("trained_on", ())),
        )
    except (KeyError, AttributeError, TypeError, ValueError) as exc:
        raise ClassifierError(
            "needs 'idf' (term: number), 'intercepts' (label: number) and 'weights'"
            f" (label: term: number), every weight's term in 'idf': {exc!r}"
        ) from exc
    if set(doc["weights"]) != set(labels):
        raise ClassifierError("'weights' and 'intercepts' must name the same labels")
    return classifier
