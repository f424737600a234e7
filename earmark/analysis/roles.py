"""Who does what to whom: whether a verb in a caption's English prose is done to a person.

A violent verb is violence only when a person takes it ("hits his wife", not "hits the
snare"), and some are harmless when they act on a thing ("slaps the box"). These rules find
a verb's object, passive subject or agent around a match from the person nouns the matcher
found and the clauses ``CaptionContext`` drew; they are English grammar in small regexes,
not a parser, and each says which wordings it reads.
"""

from __future__ import annotations

import re

from .context import LONGEST_NOUN, NEXT_WORD, PUNCTUATION, CaptionContext

# How far before a verb its object can sit: a passive or a compound ("a gong being beaten"),
# never the subject of a longer sentence ("a smacking sound, possibly a slap").
_OBJECT_BEFORE_REACH = 12
# A body part after a possessor makes the possessor the one struck: "hit the woman's face".
_BODY_PART = re.compile(
    r"\s+(?:face|head|leg|legs|arm|arms|ribs|back|neck|chest|stomach|jaw|nose|hand|hands"
    r"|body|throat|eye|eyes|mouth|skull)\b",
    re.I,
)
# Undergo as passive subjects ("he was attacked") but are never objects ("when the drop hits
# they all jump").
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they"})
# What may stand between a verb and its object: a particle ("slaps down a tile"), a
# determiner or possessive and one more word ("the near post", "the machine's button") or
# prefix ("his ex-wife"); a preposition ("with a table leg") ends the object.
_OBJECT_GAP = re.compile(
    r"\s+(?:(?:down|off|back|away)\s+)?"
    r"(?:(?:the|a|an|this|that|these|those|his|her|their|my|your|our|its|any|some)\s+)?"
    r"(?:(?!(?:on|in|at|to|by|with|from|into|onto|against|across|over|under)\b)"
    r"[\w\-]+(?:'s)?\s+|\w+-)?",
    re.IGNORECASE,
)
_POSSESSIVES = frozenset({"his", "her", "their", "my", "your", "our"})
# A word naming someone by what they do ("host", "operator", "teacher", "accompanist"): after
# a thing it makes the thing a modifier ("the karaoke host", "her piano accompanist").
_AGENT_NOUN = re.compile(
    r"(?!(?:for|or|nor|per|over|under|after|ever|never|other|rather|either|neither|whether|"
    r"however|together|later|further|faster|harder|louder)\b)"
    r"(?:[a-z]+(?:er|or|ist|ian)s?|hosts?|staff|crew|chefs?|cooks?|nurses?|boss|clerks?|"
    r"coach|coaches)\b",
    re.IGNORECASE,
)

# Before a form of "be" or "get": "the man who was shot", "has been", "he's been". The text is
# width-normalised, so a typographic apostrophe is already "'".
_PERFECT = r"(?:\s+who)?(?:\s+(?:has|have|had)|'(?:s|ve))?"
# A person who undergoes the word: "a woman is beaten", "people were badly hurt". A form of
# "be" or "get", then at most one word: an adverb ("was badly beaten"), or after "get" an
# article (group "article") before a noun in -ing ("got a kicking"; not "got a shot at the
# final" or "is a shot ahead").
_PASSIVE = re.compile(
    rf"{_PERFECT}\s+(?:(?:gets?|got)\s+(?P<article>a|an|the)\s+"
    r"|(?:is|are|was|were|be|been|being|gets?|got)\s+(?:(?!(?:a|an|the)\s)\w+\s+)?)",
    re.I,
)
_ING = re.compile(r"\w+ing\b")
# The speaker as a passive subject ("I was hit", "we've been struck"): no victim alone ("I was
# struck by how quiet it was", "we got hit by the plague card"), only with a person as the
# agent, "by" and at most a determiner and one more word away ("by my ex-boyfriend").
_SPEAKER_PASSIVE = re.compile(rf"\b(?:i|we)(?={_PASSIVE.pattern}\Z)", re.I)
_BY_AGENT = re.compile(
    r"\s+by\s+(?:(?:the|a|an|my|our|his|her|their|your|some|two|three|several)\s+)?"
    r"(?:[\w\-]+(?:'s)?\s+|\w+-)?",
    re.I,
)
# Passives a person does to the speaker without harm: "I was struck by the speaker" (moved),
# "we were shot by a photographer" ("I was shot" is a term of its own).
_NOT_BLOWS_BY_PEOPLE = frozenset({"struck", "shot"})
# "I was hit by my manager with three new projects": what the agent hit them with is not
# for this rule to judge.
_WITH = re.compile(r"\s+with\b", re.I)
# A possessive mark after a noun: "the woman's", "the officers' friendliness".
_POSSESSIVE_MARK = re.compile(r"'s\b|(?<=s)'(?=\s+\w)")
# "It hit her hard", "it kicks you": no one is striking them.
_IT_SUBJECT = re.compile(r"\bit\s+(?:(?:\w+ly|just|also)\s+)?\Z", re.I)
# Between a subject and its verb: "he already hit me", "he was hitting me", "he kept
# kicking me", "he would not stop hitting me" (context.non_negations keeps that one).
_SUBJECT_GAP = re.compile(
    r"(?:'s)?\s+(?:(?:\w+ly|already|just|then|also|again|even|once|still|was|were|is|are|kept"
    r"|keeps|would|will|not|stop|started|starts)\s+){0,3}",
    re.I,
)
# After "her" as a verb's object rather than a determiner: the clause ends, or a preposition or
# adverb follows ("shoved her down the stairs", "kicked her repeatedly"; not "kicks off her
# shoes").
_AFTER_OBJECT = re.compile(
    r"\s*(?:[.,;:!?)\"”]|\Z)|\s+(?:in|on|at|to|into|onto|across|against|with|down|over|around"
    r"|again|repeatedly|twice|until|while|when|because|and|so|\w+ly)\b",
    re.I,
)
# A particle after a passive verb makes it a phrasal verb, not a blow: "was kicked out", "got
# shot down", "was struck off". Not before a determiner: "was kicked down the stairs".
_PARTICLE = re.compile(
    r"\s+(?:out|off|back|down|up|away)\b(?!\s+(?:the|a|an|his|her|their|my|your|its|some)\b)",
    re.I,
)
# A verb in -ing right after a form of "be" (an adverb may come between) is progressive, done
# by its subject: "he is killing the backlog", "she's been killing it". "Got a kicking" and
# "is being beaten" are not.
_PROGRESSIVE = re.compile(
    rf"{_PERFECT}\s+(?:is|are|was|were|be|been)\s+(?:(?!(?:a|an|the|being)\s)\w+\s+)?\w+ing\b",
    re.I,
)


class Roles:
    """The verb-role rules over one caption, as ``CaptionContext`` scanned it."""

    def __init__(self, ctx: CaptionContext) -> None:
        self._ctx = ctx
        self.text = ctx.text

    def acts_on(self, things: re.Pattern[str], start: int, end: int, reach: int) -> bool:
        """Whether the word at [start, end) acts on one of ``things`` rather than a person.

        A person who undergoes it keeps it about a person ("a woman is beaten on the
        floor"). Otherwise its object is the first noun after it, with at most a particle, a
        determiner and one more word between ("slaps the box", "slaps down a tile", "slaps
        the machine's button", "attack the near post"), or else a thing just before it ("a
        gong being beaten", "high-five slaps", "a folder slaps down on a desk"). The first
        noun after it decides, so a person there keeps it about a person ("his" before a
        thing is a determiner: "slaps down his cards"), and so does a thing that only names
        a person's role ("the karaoke host", "the desk clerk").
        """
        lo, hi = self._ctx.clause(start, end)
        lo, hi = max(lo, start - _OBJECT_BEFORE_REACH), min(hi, end + reach)
        # Its object never sits past punctuation: "a gong being beaten, many voices".
        stop = PUNCTUATION.search(self.text, end, hi)
        hi = stop.start() if stop else hi
        people = self._ctx.cues_in("person_nouns", lo, hi)
        if any(self._undergoes(b, start) for _, b in people):
            return False
        nouns: list[tuple[int, int, bool]] = []  # (start, end, is a person)
        for m in things.finditer(self.text, lo, min(len(self.text), hi + LONGEST_NOUN)):
            if m.start() >= hi:
                break
            nouns.append((*m.span(), False))
        # A thing that names a person's role ("the karaoke host", "her piano accompanist") is no
        # object; a possessive before a thing that is one is a determiner ("his cards").
        people_at = {a for a, _ in people}
        ends = {a for a, b, _ in nouns if not self._modifies_person(b, people_at)}
        for a, b in people:
            if not (self.text[a:b].lower() in _POSSESSIVES and self._word_after(b) in ends):
                nouns.append((a, b, True))
        after = min(((a, not person) for a, _, person in nouns if a >= end), default=None)
        if after is not None:  # the first noun after the word; a person on a tie
            first, is_thing = after
            if not is_thing:
                return False  # "punches at her face": a person after it, object or not
            if first in ends and _OBJECT_GAP.fullmatch(self.text, end, first):
                return True  # "slaps the box", not "attacked the karaoke host"
        # A thing after it that is not its object ("a folder slaps down on a desk"), or none:
        # a thing just before it, with no comma between, is what acts ("doors bang, slaps"
        # may be anyone's).
        return any(
            b <= start and not PUNCTUATION.search(self.text, b, start)
            for _, b, person in nouns
            if not person
        )

    def _modifies_person(self, noun_end: int, people_at: set[int]) -> bool:
        """Whether the word after the noun ending at ``noun_end`` names a person, so the noun
        only modifies it ("the generator operator", "her music teacher")."""
        after = self._word_after(noun_end)
        if after is None:
            return False
        return after in people_at or _AGENT_NOUN.match(self.text, after) is not None

    def _word_after(self, pos: int) -> int | None:
        """Where the word right after ``pos`` starts, with only spaces between."""
        word = NEXT_WORD.match(self.text, pos)
        return word.start(1) if word else None

    def done_to_person(self, start: int, end: int) -> bool:
        """Whether a person undergoes the verb at [start, end): its object, with at most a
        determiner and one more word between ("hits his wife", "kicks the old man"), or a
        passive subject ("the boy was hit", "he got shot"; not "he was kicked out"), or the
        speaker as one with a person as the agent ("I was hit by my boyfriend"). Person
        nouns that are also context.not_victims ("it hit me", "the bass hits you") and
        possessors ("shot his daughter's wedding") do not count."""
        if _IT_SUBJECT.search(self.text, max(0, start - 20), start):
            return False
        lo, hi = self._ctx.clause(start, end)
        # A noun that ends near the verb, however long ("the photographer was shot").
        lo = max(lo, start - _OBJECT_BEFORE_REACH - LONGEST_NOUN)
        figurative = set(self._ctx.cues_in("not_victims", lo, hi))
        people = self._ctx.cues_in("person_nouns", lo, hi)
        for a, b in people:
            word = self.text[a:b].lower()
            if (a, b) in figurative:
                if a > end and self._bare_object(word, a, b, start, end, people, figurative):
                    return True
                continue
            if self._undergoes(b, start) and not _PARTICLE.match(self.text, end):
                return True
            if a < end:
                continue
            # A possessor is no object or agent ("shot his daughter's wedding", "struck by
            # the officers' kindness") unless what is theirs is their body ("hit the
            # woman's face").
            mark = _POSSESSIVE_MARK.match(self.text, b)
            if mark and not _BODY_PART.match(self.text, mark.end()):
                continue
            if _OBJECT_GAP.fullmatch(self.text, end, a):
                if word not in _SUBJECT_PRONOUNS:
                    return True
            elif self._agent(word, a, b, start, end):
                return True
        return False

    def _bare_object(
        self,
        word: str,
        a: int,
        b: int,
        start: int,
        end: int,
        people: list[tuple[int, int]],
        figurative: set[tuple[int, int]],
    ) -> bool:
        """A not_victims pronoun that is the verb's object all the same: "her" with nothing
        of hers after it ("shoved her down the stairs"), "me" or "us" after a person
        ("he kicked me"; not "it hit me", "he kicked me out", "she struck me as kind")."""
        if not _OBJECT_GAP.fullmatch(self.text, end, a):
            return False
        if word == "her":
            return _AFTER_OBJECT.match(self.text, b) is not None
        if word not in {"me", "us"} or _PARTICLE.match(self.text, b):
            return False
        if self.text[b : b + 4].lower() == " as ":
            return False
        return any(
            y <= start and (x, y) not in figurative and _SUBJECT_GAP.fullmatch(self.text, y, start)
            for x, y in people
        )

    def _agent(self, word: str, a: int, b: int, start: int, end: int) -> bool:
        """The person at [a, b) is the agent of a passive the speaker undergoes: "I was hit
        by my boyfriend", not "by her kindness" (a possessive before a word is that word's
        determiner), "struck by the speaker" or "hit by my boss with more work"."""
        return (
            _BY_AGENT.fullmatch(self.text, end, a) is not None
            and self.text[start:end].lower() not in _NOT_BLOWS_BY_PEOPLE
            and not (word in _POSSESSIVES and NEXT_WORD.match(self.text, b))
            and not _WITH.match(self.text, b)
            and self._speaker_undergoes(start)
        )

    def _speaker_undergoes(self, start: int) -> bool:
        """The speaker is the passive subject of the verb at ``start``: "I was hit", "we've
        been struck"."""
        lo = max(0, start - _OBJECT_BEFORE_REACH - LONGEST_NOUN)
        return _SPEAKER_PASSIVE.search(self.text, lo, start) is not None

    def _undergoes(self, noun_end: int, start: int) -> bool:
        """A noun ending at ``noun_end`` is the passive subject of the verb at ``start``: "a
        woman is beaten", "the boy was hit", "the boy got a kicking"; not the subject of a
        progressive verb ("he is killing the backlog")."""
        passive = _PASSIVE.fullmatch(self.text, noun_end, start) if noun_end <= start else None
        if passive is None or (passive["article"] and not _ING.match(self.text, start)):
            return False
        # Progressive only if the -ing word it finds is the verb itself: in "is being beaten"
        # the -ing word is "being", which ends before the verb.
        progressive = _PROGRESSIVE.match(self.text, noun_end)
        return progressive is None or progressive.end() <= start
