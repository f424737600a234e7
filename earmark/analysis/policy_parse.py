"""Policy YAML → Policy, validated node by node so every error names its file and line.

The YAML is composed into nodes (not loaded into plain objects) because only nodes remember
where they came from: ``policy.yaml:42: category 'violnce' is not in the taxonomy``.
"""

from __future__ import annotations

import hashlib
from typing import Literal, NamedTuple, TypedDict, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .matcher import expand, written_form
from .policy_model import (
    CONTEXT_LISTS,
    EMOTIONS,
    NEVER_FICTION_LOWERED,
    SENSITIVE_CATEGORIES,
    SEVERITIES,
    CategoryRule,
    Near,
    Policy,
    PolicyError,
    Severity,
    Term,
    Weakness,
)
from .policy_sections import classifier, combination, sense


class _Reader:
    """Validating walk over composed YAML nodes; every error carries the node's line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._scalars = SafeConstructor()

    def fail(self, node: Node, problem: str) -> PolicyError:
        return PolicyError(f"{self.name}:{node.start_mark.line + 1}: {problem}")

    def mapping(self, node: Node, what: str, allowed: frozenset[str]) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        out: dict[str, Node] = {}
        for key_node, value in node.value:
            key = self.text(key_node, f"a key in {what}")
            if key in out:
                raise self.fail(key_node, f"duplicate key '{key}' in {what}")
            if allowed and key not in allowed:
                raise self.fail(key_node, f"unknown key '{key}' in {what}")
            out[key] = value
        return out

    def text(self, node: Node, what: str) -> str:
        # The scalar's source text, whatever YAML would resolve it to: a lead writing the
        # negation cue "no" means the word, not YAML 1.1's boolean false.
        if not isinstance(node, ScalarNode):
            raise self.fail(node, f"{what} must be a string")
        value = str(node.value).strip()
        if not value:
            raise self.fail(node, f"{what} must not be empty")
        return value

    def number(self, node: Node, what: str, low: float, high: float) -> float:
        value = self._scalars.construct_object(node) if isinstance(node, ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(node, f"{what} must be a number")
        if not low <= value <= high:
            raise self.fail(node, f"{what} must be between {low:g} and {high:g}, not {value}")
        return float(value)

    def flag(self, node: Node, what: str) -> bool:
        value = self._scalars.construct_object(node) if isinstance(node, ScalarNode) else None
        if not isinstance(value, bool):
            raise self.fail(node, f"{what} must be true or false")
        return value

    def choice(self, node: Node, what: str, options: tuple[str, ...]) -> str:
        value = self.text(node, what)
        if value not in options:
            raise self.fail(node, f"{what} must be one of {', '.join(options)}, not '{value}'")
        return value

    def texts(self, node: Node, what: str) -> tuple[str, ...]:
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return tuple(self.text(item, f"an entry of {what}") for item in node.value)

    def terms(self, node: Node, what: str) -> tuple[Term, ...]:
        """A list of ``term``, ``{term: severity}``, ``{term: weak}``, ``{term: topic}`` or
        ``{term: weak in fiction}`` entries (one mark each: a weak term takes its category's
        severity); a leading "^" marks a term that counts only where an utterance opens. A
        term the list already matches in every form, with the same mark, is refused."""
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        out: list[Term] = []
        repeats = _Repeats(what)
        for item in node.value:
            term_node, mark = item, None
            if isinstance(item, MappingNode) and len(item.value) == 1:
                term_node, mark_node = item.value[0]
                marks = (*SEVERITIES, "weak", "topic", "weak in fiction")
                mark = self.choice(mark_node, f"severity of a term in {what}", marks)
            term = self.text(term_node, f"a term in {what}")
            if ": " in term:  # '- "it's ours: weak"' quotes the mark into the term
                raise self.fail(
                    term_node, f"'{term}' in {what}: quote the term alone, as - \"term\": mark"
                )
            opening = term.startswith("^")
            term = term[1:].strip() if opening else term
            if opening and not term:
                raise self.fail(term_node, f"'^' in {what} must be followed by a term")
            if mark in ("weak", "topic"):
                entry = Term(term, None, weak=cast(Weakness, mark), opening=opening)
            elif mark == "weak in fiction":
                entry = Term(term, None, opening=opening, weak_in_fiction=True)
            else:
                entry = Term(term, cast(Severity | None, mark), opening=opening)
            repeats.check(self, entry, term_node)
            out.append(entry)
        return tuple(out)


class _Mark(NamedTuple):
    """Everything a list entry says besides its words: two entries that match the same forms
    with different marks are an override, not a repeat."""

    severity: Severity | None
    weak: Weakness | None
    opening: bool
    weak_in_fiction: bool


class _Repeats:
    """Refuses a term that another of the same list, with the same mark, already matches in
    every form: the same term twice, or "=pistols" beside "pistol". The line does nothing, and
    a later edit of one of the two would silently not apply to the other. A term with a
    different mark is an override, not a repeat: "pissed off: low" beside "piss off".

    An inflection listed beside its stem ("punches" beside "punch") is let through: inflecting
    "punches" again yields forms no stem yields ("puncheses"), so it is never wholly covered.
    """

    def __init__(self, what: str) -> None:
        self._what = what
        self._forms: dict[Term, frozenset[str]] = {}
        self._nodes: dict[Term, Node] = {}
        self._by_form: dict[tuple[_Mark, str], list[Term]] = {}  # every form -> its terms
        self._by_own: dict[tuple[_Mark, str], list[Term]] = {}  # the form a term spells

    def check(self, r: _Reader, entry: Term, node: Node) -> None:
        mark = _Mark(entry.severity, entry.weak, entry.opening, entry.weak_in_fiction)
        forms = frozenset(expand(entry.text))
        own = (mark, written_form(entry.text))
        for keeper in self._by_form.get(own, []):
            if forms <= self._forms[keeper]:
                raise r.fail(node, self._problem(entry, keeper))
        for form in forms:
            for repeat in self._by_own.get((mark, form), []):
                if self._forms[repeat] <= forms:
                    raise r.fail(self._nodes[repeat], self._problem(repeat, entry, node))
        self._forms[entry], self._nodes[entry] = forms, node
        self._by_own.setdefault(own, []).append(entry)
        for form in forms:
            self._by_form.setdefault((mark, form), []).append(entry)

    def _problem(self, repeat: Term, keeper: Term, keeper_node: Node | None = None) -> str:
        line = (keeper_node or self._nodes[keeper]).start_mark.line + 1
        return (
            f"'{repeat.text}' in {self._what} is already matched, in every form, by"
            f" '{keeper.text}' (line {line}): remove one"
        )


def parse(name: str, path: str, data: bytes) -> Policy:
    try:
        root = yaml.compose(data.decode("utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{name}:0: policy is not UTF-8 text") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise PolicyError(f"{name}:{line}: invalid YAML: {exc.problem or exc.context}") from exc
    r = _Reader(name)
    if root is None:
        raise PolicyError(f"{name}:1: policy file is empty")
    top = r.mapping(
        root,
        "the policy",
        frozenset({"schema", "scoring", "categories", "emotions", "allowlist", "context"})
        | {"combinations", "senses", "classifier"},
    )
    if "schema" in top and r.text(top["schema"], "schema") != "1":
        raise r.fail(top["schema"], "schema must be 1, the only policy format this earmark reads")
    for section in ("scoring", "categories", "emotions", "allowlist", "context"):
        if section not in top:
            raise PolicyError(f"{name}:1: missing section '{section}'")
    rules = _rules(r, top["categories"], "sensitive") | _rules(r, top["emotions"], "emotion")
    allow = r.mapping(top["allowlist"], "allowlist", frozenset({"en", "zh"}))
    ctx = r.mapping(
        top["context"],
        "context",
        frozenset(CONTEXT_LISTS) | {"negation_window", "negation_breaks"},
    )
    cues = {key: r.texts(ctx[key], f"context.{key}") if key in ctx else () for key in CONTEXT_LISTS}
    window = ctx.get("negation_window")
    sc = _scoring(r, top["scoring"])
    combos = tuple(
        combination(r, n, rules) for n in _items(r, top.get("combinations"), "combinations")
    )
    senses = tuple(sense(r, n, rules) for n in _items(r, top.get("senses"), "senses"))
    second_opinion, model_bytes = None, b""
    if "classifier" in top:
        second_opinion, model_bytes = classifier(r, top["classifier"], path, rules)
    return Policy(
        path=path,
        version="sha256:" + hashlib.sha256(data + model_bytes).hexdigest()[:16],
        rules=rules,
        allow_en=r.texts(allow["en"], "allowlist.en") if "en" in allow else (),
        allow_zh=r.texts(allow["zh"], "allowlist.zh") if "zh" in allow else (),
        cues=cues,
        negation_window=int(r.number(window, "negation_window", 10, 1000)) if window else 150,
        negation_breaks=(
            r.texts(ctx["negation_breaks"], "context.negation_breaks")
            if "negation_breaks" in ctx
            else ()
        ),
        combinations=combos,
        senses=senses,
        classifier=second_opinion,
        **sc,
    )


def _items(r: _Reader, node: Node | None, what: str) -> list[Node]:
    if node is None:
        return []
    if not isinstance(node, SequenceNode):
        raise r.fail(node, f"{what} must be a list")
    return list(node.value)


def _rules(
    r: _Reader, node: Node, kind: Literal["sensitive", "emotion"]
) -> dict[str, CategoryRule]:
    taxonomy = SENSITIVE_CATEGORIES if kind == "sensitive" else EMOTIONS
    section = "categories" if kind == "sensitive" else "emotions"
    out: dict[str, CategoryRule] = {}
    fields = frozenset(
        {
            "severity",
            "weight",
            "fiction_lowers",
            "informational_lowers",
            "en",
            "zh",
            "near",
            "confirm_with",
            "implied_by",
            "explained_by",
            "senses_yield_to",
            "real_in_live_chat",
            "on_people",
        }
    )
    if not isinstance(node, MappingNode):
        raise r.fail(node, f"{section} must be a mapping")
    for key_node, value in node.value:
        name = r.text(key_node, f"a key in {section}")
        what = "category" if kind == "sensitive" else "emotion"
        if name not in taxonomy:
            raise r.fail(key_node, f"{what} '{name}' is not in the taxonomy")
        if name in out:
            raise r.fail(key_node, f"duplicate {what} '{name}'")
        body = r.mapping(value, f"{section}.{name}", fields)
        for required in ("severity", "weight", "en"):
            if required not in body:
                raise r.fail(value, f"{section}.{name} is missing '{required}'")
        lowers = (
            r.flag(body["fiction_lowers"], "fiction_lowers") if "fiction_lowers" in body else False
        )
        if lowers and name in NEVER_FICTION_LOWERED:
            raise r.fail(body["fiction_lowers"], f"fiction must never lower '{name}'")
        live_chat = "real_in_live_chat" in body and r.flag(
            body["real_in_live_chat"], "real_in_live_chat"
        )
        fiction_lowers = lowers or kind == "emotion"  # a performed emotion is always lowered
        if live_chat and not fiction_lowers:
            raise r.fail(
                body["real_in_live_chat"],
                f"real_in_live_chat does nothing on '{name}': fiction never lowers it",
            )
        near = _near(r, body["near"], taxonomy) if "near" in body else ()
        implied_by = _others(r, body.get("implied_by"), name, "implied_by", taxonomy)
        explained_by = _others(r, body.get("explained_by"), name, "explained_by", taxonomy)
        yield_to = _others(r, body.get("senses_yield_to"), name, "senses_yield_to", taxonomy)
        if yield_to and kind == "emotion":
            raise r.fail(body["senses_yield_to"], "senses_yield_to is for categories, not emotions")
        out[name] = CategoryRule(
            name=name,
            kind=kind,
            severity=cast(Severity, r.choice(body["severity"], "severity", SEVERITIES)),
            weight=r.number(body["weight"], "weight", 0, 100),
            fiction_lowers=fiction_lowers,
            en=r.terms(body["en"], f"{section}.{name}.en"),
            zh=r.terms(body["zh"], f"{section}.{name}.zh") if "zh" in body else (),
            near=near,
            informational_lowers="informational_lowers" in body
            and r.flag(body["informational_lowers"], "informational_lowers"),
            confirm_with=r.texts(body["confirm_with"], f"{section}.{name}.confirm_with")
            if "confirm_with" in body
            else (),
            implied_by=implied_by,
            explained_by=explained_by,
            senses_yield_to=yield_to,
            real_in_live_chat=live_chat,
            on_people=r.terms(body["on_people"], f"{section}.{name}.on_people")
            if "on_people" in body
            else (),
        )
    missing = sorted(taxonomy - out.keys())
    if missing:
        raise r.fail(node, f"{section} lacks {', '.join(missing)}")
    return out


def _near(r: _Reader, node: Node, taxonomy: frozenset[str]) -> tuple[Near, ...]:
    """One group of nouns and categories, or a list of them."""
    groups = node.value if isinstance(node, SequenceNode) else [node]
    if not groups:
        raise r.fail(node, "near needs at least one group of 'nouns' and 'categories'")
    out = []
    for group in groups:
        body = r.mapping(group, "near", frozenset({"nouns", "categories"}))
        if "nouns" not in body or "categories" not in body:
            raise r.fail(group, "near needs 'nouns' and 'categories'")
        names = r.texts(body["categories"], "near.categories")
        for name in names:
            if name not in taxonomy:
                raise r.fail(body["categories"], f"category '{name}' is not in the taxonomy")
        out.append(Near(r.texts(body["nouns"], "near.nouns"), frozenset(names)))
    return tuple(out)


def _others(
    r: _Reader, node: Node | None, name: str, key: str, taxonomy: frozenset[str]
) -> frozenset[str]:
    """Names of other categories of the taxonomy under ``key`` of category ``name``."""
    if node is None:
        return frozenset()
    names = r.texts(node, f"{name}.{key}")
    for other in names:
        if other not in taxonomy or other == name:
            raise r.fail(node, f"{key}: '{other}' is not another category of the taxonomy")
    return frozenset(names)


class _Scoring(TypedDict):
    severity_multipliers: dict[Severity, float]
    secondary_weight: float
    review_threshold: int
    block_threshold: int
    medium_level: int
    high_level: int
    confidence: dict[str, float]
    fiction_severity: Severity
    informational_severity: Severity
    list_min: float
    list_lowered: bool


# Optional confidence keys and their defaults (policies written before they existed load).
_OPTIONAL_CONFIDENCE = {
    "weak": 0.45,
    "topic": 0.15,
    "reported": 0.6,
    "unconfirmed": 0.15,
    "model": 0.5,
}


def _scoring(r: _Reader, node: Node) -> _Scoring:
    keys = frozenset(
        {
            "severity_multipliers",
            "secondary_weight",
            "thresholds",
            "levels",
            "confidence",
            "fiction_severity",
            "informational_severity",
        }
    )
    s = r.mapping(node, "scoring", keys | {"list_min", "list_lowered"})
    for required in keys:
        if required not in s:
            raise r.fail(node, f"scoring is missing '{required}'")
    mult = r.mapping(s["severity_multipliers"], "severity_multipliers", frozenset(SEVERITIES))
    thr = r.mapping(s["thresholds"], "thresholds", frozenset({"review", "block"}))
    lev = r.mapping(s["levels"], "levels", frozenset({"medium", "high"}))
    conf_keys = frozenset({"base", "hedged", "zh_single_char", "obfuscated"})
    conf = r.mapping(s["confidence"], "confidence", conf_keys | _OPTIONAL_CONFIDENCE.keys())
    for group, have, need, where in (
        ("severity_multipliers", mult, frozenset(SEVERITIES), s["severity_multipliers"]),
        ("thresholds", thr, frozenset({"review", "block"}), s["thresholds"]),
        ("levels", lev, frozenset({"medium", "high"}), s["levels"]),
        ("confidence", conf, conf_keys, s["confidence"]),
    ):
        if need - have.keys():
            raise r.fail(where, f"{group} is missing {', '.join(sorted(need - have.keys()))}")
    review = int(r.number(thr["review"], "thresholds.review", 1, 100))
    block = int(r.number(thr["block"], "thresholds.block", 1, 100))
    if block < review:
        raise r.fail(thr["block"], "thresholds.block must not be below thresholds.review")
    medium = int(r.number(lev["medium"], "levels.medium", 1, 100))
    high = int(r.number(lev["high"], "levels.high", 1, 100))
    if high < medium:
        raise r.fail(lev["high"], "levels.high must not be below levels.medium")
    return {
        "severity_multipliers": {
            cast(Severity, k): r.number(v, f"multiplier {k}", 0, 1) for k, v in mult.items()
        },
        "secondary_weight": r.number(s["secondary_weight"], "secondary_weight", 0, 1),
        "review_threshold": review,
        "block_threshold": block,
        "medium_level": medium,
        "high_level": high,
        "confidence": _OPTIONAL_CONFIDENCE
        | {k: r.number(v, f"confidence.{k}", 0, 1) for k, v in conf.items()},
        "fiction_severity": cast(
            Severity, r.choice(s["fiction_severity"], "fiction_severity", SEVERITIES)
        ),
        "informational_severity": cast(
            Severity, r.choice(s["informational_severity"], "informational_severity", SEVERITIES)
        ),
        "list_min": r.number(s["list_min"], "list_min", 0, 1) if "list_min" in s else 0.0,
        "list_lowered": r.flag(s["list_lowered"], "list_lowered") if "list_lowered" in s else True,
    }
