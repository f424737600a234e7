"""The policy's classifier beside the lexicon: what it reads, what it overrules, what it adds.

It overrules emotions only (``classifier.confirm_min``: a flag it scores lower is evidence,
neither listed nor scored) and adds categories only (``classifier.add_min``: a category the
lexicon's flags do not list, where it scores at least that, gets one flag on the word that
weighed most for it). It never silences a category: a calm disclosure of an assault scores
near 0 for violence (README, "A second opinion").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .context import CaptionContext
from .policy_model import CategoryRule, Policy, SecondOpinion, Severity
from .scoring import listed

if TYPE_CHECKING:
    from .engine import Flag

# A judged segment's words, as the model reads them, and every label's probability.
Reading = tuple[list[str], dict[str, float]]


def read(caption: str, opinion: SecondOpinion) -> Reading | None:
    """The model's reading of one segment, or None for one under ``min_words`` words."""
    words = opinion.model.words(caption)
    if len(words) < opinion.min_words:
        return None
    return words, opinion.model.probabilities(words)


def judged(caption: str, flags: list[Flag], policy: Policy, reading: Reading | None) -> list[Flag]:
    """``flags`` of one segment, with the model's probability on those of the labels it may
    overrule. ``reading`` is the segment's if already read; else the caption is read only if
    one of those labels was flagged."""
    opinion = policy.classifier
    if opinion is None or not any(f.category in opinion.confirm_min for f in flags):
        return flags
    reading = reading or read(caption, opinion)
    if reading is None:
        return flags
    odds = reading[1]
    return [
        f._replace(model_probability=round(odds[f.category], 4))
        if f.category in opinion.confirm_min
        else f
        for f in flags
    ]


def adds(policy: Policy, reading: Reading | None) -> list[str]:
    """Categories the model scores at least their ``add_min`` in this segment."""
    opinion = policy.classifier
    if opinion is None or reading is None:
        return []
    odds = reading[1]
    return [c for c, floor in opinion.add_min.items() if odds[c] >= floor]


def add_unlisted(
    ctx: CaptionContext,
    policy: Policy,
    add: Callable[[CategoryRule, int, int, Severity, float, bool], None],
    flags: list[Flag],
    reading: Reading | None,
) -> None:
    """Add a flag for each category of :func:`adds` that ``flags`` (the segment's lexicon
    flags) do not list: on the first mention of the word that weighed most for it, at
    ``confidence.model``, unless that word is negated there ("no knife was found": the model
    does not read negation). The flag carries the probability and ``found_by="model"``."""
    wanted = adds(policy, reading)
    if not wanted or reading is None or policy.classifier is None:
        return
    shown = listed(flags, policy)
    words, odds = reading
    for category in wanted:
        if category in shown:
            continue
        word = policy.classifier.model.strongest(words, category)
        if word is None:
            continue
        found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", ctx.text, re.IGNORECASE)
        if found is None or ctx.negated(*found.span()):
            continue
        rule = policy.rules[category]
        before = len(flags)
        add(rule, *found.span(), rule.severity, policy.confidence["model"], False)
        if len(flags) > before:
            probability = round(odds[category], 4)
            flags[-1] = flags[-1]._replace(model_probability=probability, found_by="model")
