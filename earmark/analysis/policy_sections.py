"""Policy sections that tie categories together: combination rules and harmless senses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from yaml.nodes import Node

from .policy_model import ACTIONS, Action, CategoryRule, Combination, Level, Sense, SenseScope

if TYPE_CHECKING:
    from .policy_parse import _Reader


def combination(r: _Reader, node: Node, rules: Mapping[str, CategoryRule]) -> Combination:
    """One entry of ``combinations``."""
    keys = frozenset({"all", "level", "action", "min_score", "despite_fiction"})
    body = r.mapping(node, "a combination", keys)
    if "all" not in body:
        raise r.fail(node, "a combination needs 'all'")
    names = r.texts(body["all"], "combination.all")
    for name in names:
        if name not in rules:
            raise r.fail(body["all"], f"category '{name}' is not in the taxonomy")
    level = (
        r.choice(body["level"], "level", ("low", "medium", "high")) if "level" in body else "none"
    )
    action = r.choice(body["action"], "action", ACTIONS) if "action" in body else "pass"
    floor = int(r.number(body["min_score"], "min_score", 0, 100)) if "min_score" in body else 0
    fiction = "despite_fiction" in body and r.flag(body["despite_fiction"], "despite_fiction")
    return Combination(frozenset(names), cast(Level, level), cast(Action, action), floor, fiction)


def sense(r: _Reader, node: Node, rules: Mapping[str, CategoryRule]) -> Sense:
    """One entry of ``senses``; every term must be one of the category's lexicon entries, so
    a typo fails loudly instead of silently excusing nothing."""
    keys = frozenset({"name", "category", "terms", "context", "reach", "scope"})
    body = r.mapping(node, "a sense", keys)
    for required in ("name", "category", "terms", "context"):
        if required not in body:
            raise r.fail(node, f"a sense needs '{required}'")
    category = r.text(body["category"], "sense.category")
    rule = rules.get(category)
    if rule is None:
        raise r.fail(body["category"], f"category '{category}' is not in the taxonomy")
    known = {t.text for t in rule.en + rule.zh + rule.on_people}
    terms = r.texts(body["terms"], "sense.terms")
    for term in terms:
        if term not in known:
            raise r.fail(body["terms"], f"'{term}' is not a term of '{category}'")
    context = r.texts(body["context"], "sense.context")
    reach = None
    if "reach" in body:
        value = r.number(body["reach"], "sense.reach", 1, 200)
        if not value.is_integer():
            raise r.fail(
                body["reach"], f"sense.reach must be a whole number of characters, not {value:g}"
            )
        reach = int(value)
        for noun in context:
            if not noun.isascii():
                # Objects are found by English word edges; Chinese has none.
                raise r.fail(
                    body["context"], f"a sense with reach takes English nouns, not '{noun}'"
                )
    scope = "caption"
    if "scope" in body:
        scope = r.choice(body["scope"], "sense.scope", ("caption", "sentence", "narration"))
        if reach is not None and scope != "caption":
            raise r.fail(body["scope"], f"a sense takes either reach or scope: {scope}, not both")
    name = r.text(body["name"], "sense.name")
    return Sense(name, category, frozenset(terms), context, reach, cast(SenseScope, scope))
