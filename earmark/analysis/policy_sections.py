"""Policy sections that tie categories together: combination rules, harmless senses and the
classifier that may overrule the lexicon's emotions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast, get_args

from yaml.nodes import Node

from .classifier import Classifier, ClassifierError, parse_classifier
from .policy_model import (
    ACTIONS,
    Action,
    CategoryRule,
    Combination,
    Level,
    SecondOpinion,
    Sense,
    SenseScope,
)

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
        scope = r.choice(body["scope"], "sense.scope", get_args(SenseScope))
        if reach is not None and scope != "caption":
            raise r.fail(body["scope"], f"a sense takes either reach or scope: {scope}, not both")
    name = r.text(body["name"], "sense.name")
    return Sense(name, category, frozenset(terms), context, reach, cast(SenseScope, scope))


def classifier(
    r: _Reader,
    node: Node,
    policy_path: str,
    rules: Mapping[str, CategoryRule],
) -> tuple[SecondOpinion, bytes]:
    """The ``classifier`` section, and its model file's bytes for the policy version.

    ``file`` is looked for beside the policy, then among the models shipped with earmark, so a
    copy of the shipped policy edited elsewhere still finds the shipped model.
    """
    body = r.mapping(node, "classifier", frozenset({"file", "confirm_min", "min_words", "add_min"}))
    for required in ("file", "confirm_min", "min_words"):
        if required not in body:
            raise r.fail(node, f"classifier is missing '{required}'")
    name = r.text(body["file"], "classifier.file")
    beside = Path(policy_path).parent / name
    path = beside if beside.exists() else Path(__file__).with_name(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise r.fail(body["file"], f"cannot read classifier file {name}: {exc.strerror}") from exc
    try:
        model = parse_classifier(data)
    except ClassifierError as exc:
        raise r.fail(body["file"], f"classifier file {name}: {exc}") from exc
    # Overrule emotions only. Probes showed why: fitted to the labelled sets, it scored calm
    # disclosures ("my husband slapped me", told to a bank) near 0 for violence, and passed them.
    confirm = _thresholds(
        r, body["confirm_min"], "confirm_min", rules, model, name, kind="emotion", low=0
    )
    # Add categories only: whose an emotion is, a person's or the music's, is the lexicon's to
    # say. Below one half the model thinks a label more likely absent than present.
    add = (
        _thresholds(r, body["add_min"], "add_min", rules, model, name, kind="sensitive", low=0.5)
        if "add_min" in body
        else {}
    )
    min_words = int(r.number(body["min_words"], "classifier.min_words", 0, 100_000))
    return SecondOpinion(model, confirm, min_words, str(path), add), data


def _thresholds(
    r: _Reader,
    node: Node,
    section: str,
    rules: Mapping[str, CategoryRule],
    model: Classifier,
    file_name: str,
    *,
    kind: str,
    low: float,
) -> dict[str, float]:
    """``section`` of the classifier: label -> probability from ``low`` to 1, for labels of
    ``kind`` that ``model`` has a model for."""
    verb = {"emotion": "overrule emotions", "sensitive": "add categories"}[kind]
    out: dict[str, float] = {}
    for label, value in r.mapping(node, section, frozenset(rules)).items():
        if rules[label].kind != kind:
            raise r.fail(value, f"the classifier may {verb} only, not '{label}'")
        if label not in model.labels:
            raise r.fail(value, f"classifier file {file_name} has no model for '{label}'")
        out[label] = r.number(value, f"{section}.{label}", low, 1)
    return out
