"""From flags to a decision: risk score, risk level and action, as the policy prescribes.

Each category scores ``weight * severity multiplier * confidence``, taking its most severe
flag and combining its flags' confidences as independent evidence (1 - prod(1 - c), capped at
the policy's base confidence: three hedged mentions of gunfire are surer than one). The job's
score is the top category plus ``secondary_weight`` * the others, capped at 100, so several
moderate signals add up without one strong signal being diluted. Combination rules then raise
the floor (``minors`` with ``violence`` is always high). Flags the policy's classifier added
(``found_by == "model"``) may raise a job to review, never to block: only the lexicon's
flags can block.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from .policy import ACTIONS, Action, Level, Policy, Severity

_LEVELS: tuple[Level, ...] = ("none", "low", "medium", "high")


class Evidence(Protocol):
    """What listing and scoring read from a flag (engine.Flag, without importing it)."""

    @property
    def category(self) -> str: ...
    @property
    def term(self) -> str: ...
    @property
    def segment(self) -> int: ...
    @property
    def sentence(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def confidence(self) -> float: ...
    @property
    def fictional(self) -> bool: ...
    @property
    def found_by(self) -> str: ...


def listed(flags: Iterable[Evidence], policy: Policy) -> set[str]:
    """Labels (categories and emotions) to list and score; other flags are only evidence.

    A label's flags combine as independent evidence, 1 - prod(1 - c), and must reach
    ``policy.list_min``: one hedged mention lists (the taxonomy counts hedged mentions), one
    weak cue ("gasps", "protest") does not, two do: a lone gasp in a fight is fear as often
    as surprise. The same words twice in one sentence ("Oh my God, oh my God") are one cue
    (sentences are told apart by segment and text).
    Unless ``policy.list_lowered``, flags lowered by fiction or sport (a film's gunfire, an
    actor's sobbing, a boxer's punches) do not count. In a job where a category of its
    ``explained_by`` is listed, a category needs a cue stronger than a weak one (an
    extremist rally's "rally" and "slogans" are not politics).
    """
    doubt: dict[str, float] = {}
    firm: set[str] = set()  # categories with a cue stronger than a weak one
    seen: set[tuple[str, str, int, str]] = set()
    for flag in flags:
        if (
            flag.fictional
            and not policy.list_lowered
            and policy.rules[flag.category].fiction_lowers
        ):
            continue
        cue = (flag.category, flag.term.lower(), flag.segment, flag.sentence)
        if cue in seen:
            continue
        seen.add(cue)
        doubt[flag.category] = doubt.get(flag.category, 1.0) * (1.0 - flag.confidence)
        if flag.confidence > policy.confidence["weak"]:
            firm.add(flag.category)
    # The epsilon keeps 1 - (1 - a)(1 - b) == a + b - ab from missing the bar by rounding.
    shown = {c for c, d in doubt.items() if 1.0 - d >= policy.list_min - 1e-9}
    return {c for c in shown if c in firm or not policy.rules[c].explained_by & shown}


def decide(flags: Iterable[Evidence], policy: Policy) -> tuple[int, Level, Action]:
    """Score (0-100), level and action for one job's flags. Where the lexicon's flags alone
    would not block, the classifier's cannot make them: the action is review, and the score
    stays under the block threshold."""
    flags = list(flags)
    score, level, action = _decide(flags, policy)
    if action == "block" and any(f.found_by == "model" for f in flags):
        found = _decide([f for f in flags if f.found_by == "lexicon"], policy)
        if found[2] != "block":
            score = min(score, policy.block_threshold - 1)
            level = max(found[1], _level(score, policy), key=_LEVELS.index)
            return score, level, "review"
    return score, level, action


def _level(score: int, policy: Policy) -> Level:
    if score >= policy.high_level:
        return "high"
    if score >= policy.medium_level:
        return "medium"
    return "none" if score == 0 else "low"


def _decide(flags: list[Evidence], policy: Policy) -> tuple[int, Level, Action]:
    severity: dict[str, float] = {}
    doubt: dict[str, float] = {}  # per category: probability that every flag is wrong
    real: set[str] = set()  # categories with at least one flag outside fiction
    for flag in flags:
        if not flag.fictional:
            real.add(flag.category)
        multiplier = policy.severity_multipliers[flag.severity]
        severity[flag.category] = max(severity.get(flag.category, 0.0), multiplier)
        doubt[flag.category] = doubt.get(flag.category, 1.0) * (1.0 - flag.confidence)
    best = {
        c: policy.rules[c].weight * m * min(policy.confidence["base"], 1.0 - doubt[c])
        for c, m in severity.items()
    }
    ranked = sorted(best.values(), reverse=True)
    raw = ranked[0] + policy.secondary_weight * sum(ranked[1:]) if ranked else 0.0
    score = min(100, round(raw))
    level = _level(score, policy)
    action: Action = "pass"
    if score >= policy.block_threshold:
        action = "block"
    elif score >= policy.review_threshold:
        action = "review"
    for combo in policy.combinations:
        if combo.all_of <= (best.keys() if combo.despite_fiction else real):
            score = max(score, combo.min_score)
            level = max(level, combo.level, key=_LEVELS.index)
            action = max(action, combo.action, key=ACTIONS.index)
    return score, level, action
