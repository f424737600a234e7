"""``analyze``: segment captions in, flags with evidence and a decision out."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from .chinese import ZhMatcher
from .context import CaptionContext, CueScanner
from .matcher import EnMatcher, expand
from .opinion import Reading, add_unlisted, adds, judged, kept_additions, read
from .patterns import Entry, Hit, plain_forms, same_length_lower, trie_pattern
from .policy import SEVERITIES, Action, CategoryRule, Level, Policy, Severity, load_policy
from .policy_model import Near, SenseScope
from .roles import Roles
from .scoring import decide, listed
from .shapes import SPOKEN_NUMBER, addresses, card_numbers

# Context cues that name kinds of content match their inflections too ("radio dramas",
# "trailers", "commentators"); negation, hedge and noun lists stay exact ("beat" is a music
# noun, "beating" is violence).
_INFLECTED_CUES = ("fiction", "sport", "informational", "reported")
# Categories whose words are often names ("Lower Slaughter", "Shotgun Summer"). Never threat
# or distress: "Bomb Threat At Central Station", "Somebody Call An Ambulance!".
_NAME_EXCUSES = frozenset({"violence", "weapons"})


class Flag(NamedTuple):
    """One piece of evidence: ``captions[segment][span[0]:span[1]] == term``.

    A named tuple rather than a frozen dataclass: a caption yields dozens of flags, and a
    frozen dataclass costs four times as much to build.
    """

    kind: Literal["sensitive", "emotion"]
    category: str
    term: str  # as it appears in the caption
    segment: int
    span: tuple[int, int]
    sentence: str
    severity: Severity  # after the fiction and informational caps of the policy
    confidence: float  # 0..1; hedged, obfuscated and lone-character matches score lower
    hedged: bool
    fictional: bool  # produced or staged content (film, game, song, sport); lowers severity
    # The policy's classifier's probability for this label in this segment, when the policy
    # lets the classifier overrule the label or the classifier added it (None otherwise);
    # below the label's ``confirm_min`` the flag is evidence only.
    model_probability: float | None = None
    # "lexicon": a term of the policy matched; "model": the classifier added the category,
    # and ``term`` is the word that weighed most for it (see opinion.add_unlisted).
    found_by: Literal["lexicon", "model"] = "lexicon"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``span`` becomes ``[start, end]``."""
        return {
            "kind": self.kind,
            "category": self.category,
            "term": self.term,
            "segment": self.segment,
            "span": [self.span[0], self.span[1]],
            "sentence": self.sentence,
            "severity": self.severity,
            "confidence": self.confidence,
            "hedged": self.hedged,
            "fictional": self.fictional,
            "model_probability": self.model_probability,
            "found_by": self.found_by,
        }


@dataclass(frozen=True)
class Analysis:
    """Flags of one job and the decision drawn from them."""

    flags: tuple[Flag, ...]
    categories: tuple[str, ...]  # sorted unique sensitive categories
    emotions: tuple[str, ...]  # sorted unique emotions expressed by people
    music_moods: tuple[str, ...]  # emotions conveyed only by music or sound design
    risk_level: Level
    risk_score: int
    action: Action
    policy_version: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of the whole analysis."""
        return {
            "flags": [f.to_dict() for f in self.flags],
            "categories": list(self.categories),
            "emotions": list(self.emotions),
            "music_moods": list(self.music_moods),
            "risk": {"level": self.risk_level, "score": self.risk_score},
            "action": self.action,
            "policy_version": self.policy_version,
        }


@dataclass(frozen=True)
class _Compiled:
    en: EnMatcher
    zh: ZhMatcher
    cues: CueScanner
    # (rule, cue group, group) for each near group of a rule, e.g. minors' child nouns
    near_groups: tuple[tuple[CategoryRule, str, Near], ...]
    implied_rules: tuple[CategoryRule, ...]  # rules implied by others, e.g. distress
    senses: tuple[tuple[str, str, frozenset[str]], ...]  # (cue group, category, terms)
    # (category, lexicon entry) -> (cue group, scope) of the senses that excuse it only near
    # their cue: in its sentence, in its narration, or governed by it
    scoped_senses: dict[tuple[str, str], list[tuple[str, SenseScope]]]
    # (category, lexicon entry) -> (things, reach) of the senses that look at its object
    object_senses: dict[tuple[str, str], list[tuple[re.Pattern[str], int]]]


@lru_cache(maxsize=8)  # Policy hashes by identity, and load_policy caches per (path, mtime)
def _compile(policy: Policy) -> _Compiled:
    en: dict[str, list[Entry]] = {}
    zh: dict[str, list[Entry]] = {}
    cues = dict(policy.cues)
    near_groups: list[tuple[CategoryRule, str, Near]] = []
    for group in _INFLECTED_CUES:
        cues[group] = tuple(sorted({form for p in cues[group] for form in expand(p)}))
    for rule in policy.rules.values():
        for lexicon, terms, on_person in (
            (en, rule.en, False),
            (zh, rule.zh, False),
            (en, rule.on_people, True),
        ):
            for term in terms:
                entry = Entry(
                    rule.name,
                    term.text,
                    term.severity,
                    term.weak,
                    term.opening,
                    on_person,
                    term.weak_in_fiction,
                )
                lexicon.setdefault(term.text, []).append(entry)
        for i, near in enumerate(rule.near):
            group = f"near_{rule.name}_{i}"
            cues[group] = near.nouns
            near_groups.append((rule, group, near))
        if rule.near:  # every group's nouns: roles.py asks whether a child is aimed at
            cues["near_" + rule.name] = tuple(n for near in rule.near for n in near.nouns)
        if rule.confirm_with:
            cues["confirm_" + rule.name] = rule.confirm_with
    senses = []
    scoped_senses: dict[tuple[str, str], list[tuple[str, SenseScope]]] = {}
    object_senses: dict[tuple[str, str], list[tuple[re.Pattern[str], int]]] = {}
    for i, sense in enumerate(policy.senses):
        if sense.reach is None:
            cues[f"sense_{i}"] = sense.context
            if sense.scope != "caption":
                for entry_text in sense.terms:
                    scoped_senses.setdefault((sense.category, entry_text), []).append(
                        (f"sense_{i}", sense.scope)
                    )
            else:
                senses.append((f"sense_{i}", sense.category, sense.terms))
            continue
        # Looked for only around the few words that need it, not in the scan of every
        # caption: object nouns are everyday words ("table", "time"). Nouns: "the box" and
        # "the boxes" alike.
        forms = {form for phrase in sense.context for form in expand(phrase)}
        things = re.compile(rf"(?<!\w)(?:{trie_pattern(forms)})(?!\w)", re.IGNORECASE)
        for entry_text in sense.terms:
            object_senses.setdefault((sense.category, entry_text), []).append((things, sense.reach))
    return _Compiled(
        EnMatcher(en, policy.allow_en, cues),
        ZhMatcher(zh, policy.allow_zh),
        CueScanner(policy.negation_window, policy.negation_breaks),
        tuple(near_groups),
        tuple(rule for rule in policy.rules.values() if rule.implied_by),
        tuple(senses),
        scoped_senses,
        object_senses,
    )


def analyze(captions: Sequence[str], *, policy: Policy | None = None) -> Analysis:
    """Analyse the segment captions of one job (in order) under ``policy`` (default: shipped).

    Flags carry their segment index and spans into that segment's caption. Negated matches are
    dropped; emotions attributed to music go to ``music_moods`` instead of flags. Labels whose
    evidence is too weak (see ``scoring.listed``) keep their flags but are neither listed nor
    scored, and so do flags the policy's classifier overrules; it may also add a category
    the lexicon did not list (see opinion.py).
    """
    if isinstance(captions, str):
        raise TypeError("captions must be a sequence of caption strings, not one string")
    policy = policy or load_policy()
    compiled = _compile(policy)
    flags: list[Flag] = []
    moods: set[str] = set()
    opinion = policy.classifier
    for segment, caption in enumerate(captions):
        # Read up front only if the model may add a category; else only if a flag needs it.
        reading = read(caption, opinion) if opinion and opinion.add_min else None
        found = _segment_flags(caption, segment, policy, compiled, moods, reading)
        flags.extend(judged(caption, found, policy, reading))
    flags = kept_additions(flags, policy)
    confirm_min = opinion.confirm_min if opinion else {}
    counted = [
        f
        for f in flags
        if f.model_probability is None or f.model_probability >= confirm_min.get(f.category, 0.0)
    ]
    shown = listed(counted, policy)
    score, level, action = decide([f for f in counted if f.category in shown], policy)
    return Analysis(
        flags=tuple(flags),
        categories=tuple(sorted({f.category for f in flags if f.kind == "sensitive"} & shown)),
        emotions=tuple(sorted({f.category for f in flags if f.kind == "emotion"} & shown)),
        music_moods=tuple(sorted(moods)),
        risk_level=level,
        risk_score=score,
        action=action,
        policy_version=policy.version,
    )


def _segment_flags(
    caption: str,
    segment: int,
    policy: Policy,
    compiled: _Compiled,
    moods: set[str],
    reading: Reading | None,
) -> list[Flag]:
    """Flags of one caption; music-attributed emotions are added to ``moods`` instead.
    ``reading`` is the classifier's, where it may add categories (opinion.add_unlisted)."""
    text = plain_forms(caption)
    lowered = same_length_lower(text)
    hits, cues = compiled.en.find(lowered)
    zh_hits = compiled.zh.find(text)
    if zh_hits:
        hits = sorted(hits + zh_hits, key=lambda h: h.start)
    # Disclosed by their shape, whoever says them: a house number and street, a card number.
    places, cards = addresses(text), card_numbers(text)
    wanted = adds(policy, reading)
    if not hits and not places and not cards and not wanted:
        return []
    ctx = compiled.cues.scan(text, cues)
    roles = Roles(ctx)
    flags: list[Flag] = []
    seen: set[tuple[str, int, int]] = set()
    sentences: dict[int, str] = {}  # sentence start -> its stripped text

    def staged(rule: CategoryRule, start: int) -> bool:
        """Whether a flag of ``rule`` at ``start`` is in produced content: fiction, unless
        players talk live over a game, or a bout or match on air, staged like a film fight."""
        if ctx.sport and rule.kind == "sensitive" and rule.fiction_lowers:
            return True
        return ctx.fictional_at(start) and not (rule.real_in_live_chat and ctx.live_chat)

    def add(
        rule: CategoryRule,
        start: int,
        end: int,
        severity: Severity,
        confidence: float,
        hedged: bool,
    ) -> None:
        key = (rule.name, start, end)
        if key in seen:
            return
        seen.add(key)
        lo, hi = ctx.sentence(start)
        if lo not in sentences:
            sentences[lo] = caption[lo:hi].strip()
        fictional = staged(rule, start)
        if fictional and rule.fiction_lowers:
            severity = _lower(severity, policy.fiction_severity)
        if ctx.informational and rule.informational_lowers:
            severity = _lower(severity, policy.informational_severity)
        flags.append(
            Flag(
                rule.kind,
                rule.name,
                caption[start:end],
                segment,
                (start, end),
                sentences[lo],
                severity,
                confidence,
                hedged,
                fictional,
            )
        )

    # Harmless senses the caption's context selects: (category, lexicon entry) pairs.
    excused = {
        (category, term)
        for group, category, terms in compiled.senses
        if ctx.anywhere(group)
        for term in terms
    }
    # Weak emotion cues ("screams", "cries") wait until every named emotion is known: a
    # clause that names another says what the sound is ("screams of pure delight", "shrieks
    # furiously"), and the cue is dropped like a negated one.
    named: list[tuple[int, str]] = []  # (start, emotion) of non-weak emotion flags
    pending: list[tuple[CategoryRule, Hit, Severity, float, bool]] = []
    # Excused by a sense, but only if no harm in their sentence says otherwise (senses_yield_to)
    held: list[tuple[CategoryRule, Hit, Severity, float, bool]] = []

    def sense_excuses(entry: Entry, hit: Hit) -> bool:
        if excused and (entry.category, entry.term) in excused:
            return True
        for group, scope in compiled.scoped_senses.get((entry.category, entry.term), ()):
            if scope == "intended":
                # "we should kill the old feature", not "I'll kill you": no threat word need
                # be there to flag a person meant to suffer it
                if ctx.intends(group, hit.start) and not roles.aimed_at_person(hit.start, hit.end):
                    return True
            elif ctx.near_cue(group, scope, hit.start):
                return True  # "jokingly says he'll murder you", "threatens to stab"
        objects = compiled.object_senses.get((entry.category, entry.term)) or ()
        # "slaps the box", "murder these onions": a thing, not a person
        return any(roles.acts_on(things, hit.start, hit.end, reach) for things, reach in objects)

    for hit in hits:
        if ctx.negated(hit.start, hit.end):
            continue
        hedged, reported = ctx.hedged_or_reported(hit.start, hit.end)
        confidence = policy.confidence[hit.weak or "base"]
        if hedged:
            confidence = min(confidence, policy.confidence["hedged"])
        for entry in hit.entries:
            rule = policy.rules[entry.category]
            harmless = sense_excuses(entry, hit)
            if harmless and not rule.senses_yield_to:
                continue
            if entry.on_person and not roles.done_to_person(hit.start, hit.end):
                continue  # "hits the snare", "it hit me": no one is struck
            if entry.opening and not ctx.opens_utterance(hit.start):
                continue  # "placed down with a click", not the slogan "Down with the regime!"
            if rule.name in _NAME_EXCUSES and ctx.in_name(hit.start, hit.end):
                continue  # "Lower Slaughter", a band called Slaughter Protocol: a name
            sure = confidence
            if entry.weak:
                sure = min(sure, policy.confidence[entry.weak])
            elif entry.weak_in_fiction and staged(rule, hit.start):
                sure = min(sure, policy.confidence["weak"])  # an actor's scream of pain
            if reported and rule.kind == "sensitive":
                sure = min(sure, policy.confidence["reported"])
            if rule.confirm_with and not _confirmed(ctx, rule.name, hit.start):
                sure = min(sure, policy.confidence["unconfirmed"])
            if rule.kind == "emotion":
                if ctx.in_quote(hit.start) and ctx.denied_by_speaker(hit.start):
                    continue  # "I'm not afraid of you", "他没有生气"
                subject = ctx.subject(hit.start, hit.end)
                if subject == "music_nouns":
                    moods.add(rule.name)
                if subject != "person_nouns":
                    continue  # a mood of the music, or an animal's: not a person's emotion
                if entry.weak:
                    pending.append((rule, hit, entry.severity or rule.severity, sure, hedged))
                    continue
                named.append((hit.start, rule.name))
            if harmless:
                held.append((rule, hit, entry.severity or rule.severity, sure, hedged))
                continue
            add(rule, hit.start, hit.end, entry.severity or rule.severity, sure, hedged)
    for rule, hit, severity, sure, hedged in pending:
        lo, hi = ctx.clause(hit.start, hit.end)
        if not any(lo <= at < hi and other != rule.name for at, other in named):
            add(rule, hit.start, hit.end, severity, sure, hedged)
    for rule, hit, severity, sure, hedged in held:  # "he's got a knife, he already hit me"
        lo = ctx.sentence(hit.start)[0]
        if any(
            f.category in rule.senses_yield_to and ctx.sentence(f.span[0])[0] == lo for f in flags
        ):
            add(rule, hit.start, hit.end, severity, sure, hedged)
    pii = policy.rules["pii"]
    # A business's address is public ("visit us at 14 High Street"); a card number never is.
    private = [(s, e) for s, e in places if not ctx.nouns_in_sentence("public_places", s)]
    for start, end in sorted(private + cards):
        if not ctx.negated(start, end):
            hedged = ctx.hedged_or_reported(start, end)[0]
            sure = policy.confidence["hedged" if hedged else "base"]
            add(pii, start, end, pii.severity, sure, hedged)
    for rule in compiled.implied_rules:
        for real in [f for f in flags if f.category in rule.implied_by]:
            taught = ctx.informational and policy.rules[real.category].informational_lowers
            over = ctx.in_clause("recounted", *real.span)
            if not (
                real.fictional or taught or over or real.confidence < policy.confidence["base"]
            ):
                add(rule, *real.span, rule.severity, real.confidence, real.hedged)
    for rule, group, near in compiled.near_groups:
        _add_near(ctx, policy, add, rule, group, near, flags)
    # After the near groups: a category the model adds names no child beside it.
    add_unlisted(ctx, policy, add, flags, reading, wanted)
    return flags


def _add_near(
    ctx: CaptionContext,
    policy: Policy,
    add: Callable[[CategoryRule, int, int, Severity, float, bool], None],
    rule: CategoryRule,
    group: str,
    near: Near,
    flags: list[Flag],
) -> None:
    """Flag ``rule`` on each noun of ``near`` (cue group ``group``) that shares a sentence
    with a flag of the group's categories."""
    triggers = [f for f in flags if f.category in near.categories]
    # A noun is as sure as the harm in its sentence, its cues combined as a label's are:
    # two weak ones ("pleads", "please don't") are enough for a child as for distress.
    at = {f.span: ctx.sentence(f.span[0])[0] for f in triggers}  # span -> its sentence
    doubt: dict[int, float] = {}  # sentence start -> probability every cue there is wrong
    counted: set[tuple[int, str, str]] = set()
    for f in triggers:
        cue = (at[f.span], f.category, f.term.lower())
        if cue not in counted:  # the same words twice in a sentence are one cue
            counted.add(cue)
            doubt[cue[0]] = doubt.get(cue[0], 1.0) * (1.0 - f.confidence)
    # The surest trigger first: a noun is flagged once, hedged if that trigger is.
    for trigger in sorted(triggers, key=lambda f: -f.confidence):
        # On the news or in a lesson, a child who says the harm is reporting it, not in it:
        # "The girl introduces the episode: 'twenty years since the bombing'".
        quoted = ctx.informational and ctx.in_quote(trigger.span[0])
        sure = min(policy.confidence["base"], 1.0 - doubt[at[trigger.span]])
        for start, end in ctx.nouns_in_sentence(group, trigger.span[0]):
            if not (quoted and not ctx.in_quote(start)):
                add(rule, start, end, rule.severity, sure, trigger.hedged)


def _confirmed(ctx: CaptionContext, category: str, pos: int) -> bool:
    """Whether the sentence at ``pos`` shows ``category`` is really present: one of its
    confirm_with cues, or a spoken number."""
    if ctx.nouns_in_sentence("confirm_" + category, pos):
        return True
    lo, hi = ctx.sentence(pos)
    return SPOKEN_NUMBER.search(ctx.text, lo, hi) is not None


_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def _lower(severity: Severity, cap: Severity) -> Severity:
    return cap if _RANK[severity] > _RANK[cap] else severity
