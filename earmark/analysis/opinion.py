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
Span = tuple[int, int]
# Words the model may weigh but a reviewer cannot read as evidence: "you" weighs for
# harassment, "will" for threat, in any caption.
# fmt: off
_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "if", "so", "as", "at", "by", "for", "from", "in",
    "into", "of", "on", "to", "with", "about", "over", "than", "then", "i", "me", "my", "we",
    "us", "our", "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "it", "its",
    "they", "them", "their", "this", "that", "these", "those", "there", "here", "where", "when",
    "what", "who", "whom", "which", "why", "how", "is", "are", "was", "were", "be", "been",
    "being", "am", "do", "does", "did", "done", "have", "has", "had", "will", "would", "shall",
    "should", "can", "could", "may", "might", "must", "ll", "ve", "re", "get", "got", "gets",
    "just", "not", "no", "yes", "very", "too", "also", "only",
})
# fmt: on
# How many of the heaviest words to try before the model has nothing to show.
_EVIDENCE_TRIES = 5


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
    wanted: list[str],
) -> None:
    """Add a flag for each category of ``wanted`` (see :func:`adds`) that ``flags``, the
    segment's lexicon flags, do not list, at ``confidence.model`` with the probability and
    ``found_by="model"``, on the first mention of the heaviest word for it that a reviewer
    can read as evidence: one that stands as a word of its own (not "self" in "self-care"),
    is no function word ("you", "will") and carries no flag of the category yet, among the
    ``_EVIDENCE_TRIES`` heaviest. None if that word is negated wherever it stands ("no knife
    was found"): the model does not read negation, and leans on a word that is not there."""
    if not wanted or reading is None or policy.classifier is None:
        return
    shown = listed(flags, policy)
    taken = {(f.category, f.span) for f in flags}
    words, odds = reading
    for category in wanted:
        if category in shown:
            continue
        mention = _evidence(ctx, category, policy.classifier.model.heaviest(words, category), taken)
        if mention is not None:
            rule = policy.rules[category]
            # The mention carries no flag of the category, so add() appends one.
            add(rule, *mention, rule.severity, policy.confidence["model"], False)
            flags[-1] = flags[-1]._replace(
                model_probability=round(odds[category], 4), found_by="model"
            )


def _evidence(
    ctx: CaptionContext, category: str, heaviest: list[str], taken: set[tuple[str, Span]]
) -> Span | None:
    """Where the flag of :func:`add_unlisted` goes, if anywhere."""
    for word in [w for w in heaviest if w not in _FUNCTION_WORDS][:_EVIDENCE_TRIES]:
        pattern = rf"(?<![\w'\-]){re.escape(word)}(?![\w'\-])"
        mentions = [m.span() for m in re.finditer(pattern, ctx.text, re.IGNORECASE)]
        free = [m for m in mentions if (category, m) not in taken]
        if free and all(ctx.negated(*m) for m in mentions):
            return None
        for span in free:
            if not ctx.negated(*span):
                return span
    return None


def kept_additions(flags: list[Flag], policy: Policy) -> list[Flag]:
    """A whole job's ``flags`` with the model's additions cut to one per category the
    lexicon's flags list nowhere in the job: the surest (the earliest of equals). Segments
    each add their own, so without this a long job would add up doubts the lexicon never
    shared, and a category the lexicon lists in another segment needs no second opinion."""
    if all(f.found_by == "lexicon" for f in flags):
        return flags
    shown = listed([f for f in flags if f.found_by == "lexicon"], policy)
    best: dict[str, Flag] = {}
    for f in flags:
        if f.found_by == "model" and f.category not in shown:
            known = best.get(f.category)
            if known is None or (f.model_probability or 0.0) > (known.model_probability or 0.0):
                best[f.category] = f
    kept = {id(f) for f in best.values()}
    return [f for f in flags if f.found_by == "lexicon" or id(f) in kept]
