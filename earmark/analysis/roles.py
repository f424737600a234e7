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
# An intensifier between a thing and the verb it does is no gap: "that solo absolutely slaps".
_INTENSIFIER_BEFORE = re.compile(
    r"(?<![\w'])(?:absolutely|really|totally|actually|literally|still|just|properly)\s+\Z",
    re.IGNORECASE,
)
# A body part after a possessor makes the possessor the one struck: "hit the woman's face".
_BODY_PART = re.compile(
    r"\s+(?:faces?|heads?|legs?|arms?|ribs|backs?|necks?|chests?|stomachs?|jaws?|noses?|hands?"
    r"|body|bodies|throats?|eyes?|mouths?|skulls?)\b",
    re.I,
)
# Undergo as passive subjects ("he was attacked") but are never objects ("when the drop hits
# they all jump").
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they"})
# What may stand between a verb and its object: a particle ("slaps down a tile"), a quantity
# ("hits a couple of kids", "shoots several of the hostages"), a determiner or possessive
# and one more word ("the near post", "the machine's button") or prefix ("his ex-wife"); a
# preposition ("with a table leg", "beats for them") ends the object, and so does "it" or
# "them" ("shoot it themselves": the reflexive stresses who acts).
_OBJECT_GAP = re.compile(
    r"\s+(?:(?:down|off|back|away|against)\s+)?"
    r"(?:(?:a\s+(?:couple|few|pair|group|bunch)|several|one|two|three|some|many|dozens|all"
    r"|both|each|most)\s+of\s+)?"
    r"(?:(?:the|a|an|this|that|these|those|his|her|their|my|your|our|its|any|some)\s+)?"
    r"(?:(?!(?:on|in|at|to|by|for|with|from|into|onto|against|across|over|under|it|them)\b)"
    r"(?:[\w\-]+(?:'s)?\s+|\w+-))?",
    re.IGNORECASE,
)
_POSSESSIVES = frozenset({"his", "her", "their", "my", "your", "our"})
# An article or possessive just before a verb's form makes it a noun with no object: "his hit
# the crowd sang", "a kick the keeper saved". Narrower than frames._NOUN_BEFORE, the same test
# for "film": not "that" ("the teacher that hit the boy") or "her" ("I saw her hit the
# child"), which may stand before a blow's verb itself.
_NOUN_AFTER = re.compile(r"(?<![\w'])(?:a|an|the|his|their|my|your|our|its)\s+\Z", re.IGNORECASE)
_NOUN_AFTER_REACH = 6  # "their" and a space
# Someone after a verb, however figurative elsewhere ("kill me", "murder them", "kill 'em
# all", "kill Tom"): a pronoun, a name for a person ("the bastard"), a quantifier that
# counts people ("kill all the immigrants", "could kill hundreds"), or a capitalised word
# that may be a name. Not a
# reflexive: "I could strangle myself" is a sigh, and "kill myself" is a self-harm term.
_SOMEONE = re.compile(
    r"(?i:\b(?:me|you|ya|y'all|him|her|us|them|each other|one another|everyone|everybody|"
    r"someone|somebody|"
    r"anyone|anybody|whoever|all|every|both|dozens|hundreds|thousands|millions|"
    r"bastards?|bitch(?:es)?|fuckers?|pricks?|"
    r"scumbags?|traitors?|infidels?)\b|(?<!\w)'em\b)|\b[A-Z][a-z]+\b"
)
_AIM_REACH = 40  # characters after a verb to look for whom it is aimed at
# Cue groups that name someone: a child is a minors cue before a person's ("little boy").
# "near_minors" is the union of the minors rule's near groups, which engine.py registers
# for every rule with ``near``.
_AIMED_AT = ("person_nouns", "animal_nouns", "near_minors")
# A child named by a minors noun is a person too, though the longest form hides the person noun
# in it: "beats his young son", "hits the little girl". The adjectives among those nouns are
# also context.not_victims ("shot minor scenes", "a teenage-sounding voice").
_CHILDREN = "near_minors"
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
_WITH = re.compile(r",?\s+with\b", re.I)
# A possessive mark after a noun: "the woman's", "the officers' friendliness"; and a single
# quote that opens speech, after which "the boys' she said" closes it.
_POSSESSIVE_MARK = re.compile(r"'s\b|(?<=s)'(?=\s+\w)", re.I)
_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s(]))'(?=\w)", re.M)
# "It struck him hard", "and then it kicks you": "it" opening the clause is the subject, and
# no one is striking them ("the man who did it shot two officers" is another clause's "it").
_IT_SUBJECT = re.compile(
    r"(?:\A|[.,;:!?\"“(]\s*|\b(?:and|then|but|when|as|so|if|because|until|while)\s+)"
    r"it\s+(?:(?:\w+ly|just|also)\s+)?\Z",
    re.I,
)
_SUBJECT_REACH = 30  # characters before a verb to look for "it" as its subject
# How often or how much, after an object: "hit her a few times", "kicked him several times".
_COUNT = r"(?:(?:a|an)\s+(?:few|couple|lot|number|dozen|second|third|bit|little)|several|every)\b"
# A second object after the first: "shot my mum a text", "kicked me the ball"; not "hit her a
# few times".
_SECOND_OBJECT = re.compile(rf"\s+(?!{_COUNT})(?:a|an|the)\s+\w", re.I)
# Between a subject and its verb: "he already hit me", "he was hitting me", "he kept
# kicking me", "he would not stop hitting me" (context.non_negations keeps that one).
_SUBJECT_GAP = re.compile(
    r"(?:'s)?\s+(?:(?:\w+ly|already|just|then|also|again|even|once|still|was|were|is|are|kept"
    r"|keeps|would|will|not|stop|started|starts)\s+){0,3}",
    re.I,
)
# After "her" as a verb's object rather than a determiner: the clause ends, or a preposition,
# adverb, result or span of time follows ("shoved her down the stairs", "kicked her
# repeatedly", "kicked her senseless", "hit her for years"; not "kicks off her shoes" or "hit
# her daily step goal").
_AFTER_OBJECT = re.compile(
    r"\s*(?:[.,;:!?)\"”]|\Z)|\s+(?:in|on|at|to|into|onto|across|against|with|down|over|around|round|about|by"
    r"|again|repeatedly|twice|until|while|when|because|and|so|hard|violently|badly|viciously"
    r"|brutally|savagely|often|regularly|constantly|unconscious|senseless"
    rf"|black and blue|for\s+(?:years|months|weeks|days|hours))\b|\s+{_COUNT}",
    re.I,
)
# A particle after a passive verb makes it a phrasal verb, not a blow: "was kicked out", "got
# shot down", "was struck off". Not before a determiner: "was kicked down the stairs".
_PARTICLE = re.compile(
    r"\s+(?:out|off|back|down|up|away)\b(?!\s+(?:the|a|an|his|her|their|my|your|its|some)\b)",
    re.I,
)
_PARTICLE_OR_AS = re.compile(rf"{_PARTICLE.pattern}|\s+as\b", re.I)
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
        before = start - _OBJECT_BEFORE_REACH
        intensifier = _INTENSIFIER_BEFORE.search(self.text, max(0, start - 24), start)
        if intensifier:
            before -= len(intensifier.group())
        lo, hi = max(lo, before), min(hi, end + reach)
        # Its object never sits past punctuation ("a gong being beaten, many voices"), but a
        # person there still makes it about people ("he punched, the man fell").
        stop = PUNCTUATION.search(self.text, end, hi)
        figurative = set(self._ctx.cues_in("not_victims", lo, hi))
        people = [
            (a, b)
            for a, b in self._ctx.cues_in("person_nouns", lo, hi)
            if stop is None or a < stop.start() or (a, b) not in figurative
        ]
        hi = stop.start() if stop else hi
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

    def aimed_at_person(self, start: int, end: int) -> bool:
        """Whether someone might undergo the verb at [start, end), meant or done: a person
        who undergoes it (``done_to_person``), or anyone named after it in its clause before
        punctuation: a person or an animal, a pronoun ("I'll murder you", "kill 'em all",
        "each other", "whoever"), or a capitalised name ("kill Tom"). Only an act on a thing
        or on nothing is aimed at no one ("kill the old feature", "one pill can kill")."""
        hi = min(self._ctx.clause(start, end)[1], end + _AIM_REACH)
        stop = PUNCTUATION.search(self.text, end, hi)
        hi = stop.start() if stop else hi
        return (
            any(self._ctx.has_cue(group, end, hi) for group in _AIMED_AT)
            or _SOMEONE.search(self.text, end, hi) is not None
            or self.done_to_person(start, end)
        )

    def done_to_person(self, start: int, end: int) -> bool:
        """Whether a person undergoes the verb at [start, end): its object, with at most a
        determiner and one more word between ("hits his wife", "kicks the old man"), or a
        passive subject ("the boy was hit", "he got shot"; not "he was kicked out"), or the
        speaker as one with a person as the agent ("I was hit by my boyfriend"). Not when
        "it" opens the clause as the subject ("it hit him hard"), and no object when an
        article or possessive makes the word a noun ("a kick the keeper saved"). A child named
        by a minors noun ("his young son") is a person. Person nouns that are also
        context.not_victims ("it hit me", "the bass hits you") count only as a bare
        pronoun after a person ("he shoved her down the stairs", "he kicked me"), and
        possessors ("shot his daughter's wedding") and the first object of two ("shot my
        mum a text") not at all."""
        if _IT_SUBJECT.search(self.text, max(0, start - _SUBJECT_REACH), start):
            return False
        lo, hi = self._ctx.clause(start, end)
        # A noun that ends near the verb, however long ("the photographer was shot").
        lo = max(lo, start - _OBJECT_BEFORE_REACH - LONGEST_NOUN)
        figurative = set(self._ctx.cues_in("not_victims", lo, hi))
        noun = _NOUN_AFTER.search(self.text, max(0, start - _NOUN_AFTER_REACH), start)
        people = self._ctx.cues_in("person_nouns", lo, hi)
        if self._ctx.has_cue(_CHILDREN, lo, hi):
            people = sorted({*people, *self._ctx.cues_in(_CHILDREN, lo, hi)})
        for a, b in people:
            word = self.text[a:b].lower()
            if (a, b) in figurative:
                if a < end:
                    continue
                if (
                    noun is None
                    and self._pronoun_object(word, a, b, end)
                    and self._by_person(word, start, people, lo)
                ):
                    return True
                if word == "her" and self._agent(word, a, b, start, end):
                    return True  # "I was kicked by her"
                continue
            if self._undergoes(b, start) and not _PARTICLE.match(self.text, end):
                return True
            if a < end or self._possessor(b) or _SECOND_OBJECT.match(self.text, b):
                continue
            if _OBJECT_GAP.fullmatch(self.text, end, a):
                if word not in _SUBJECT_PRONOUNS and noun is None:
                    return True
            elif self._agent(word, a, b, start, end):
                return True
        return False

    def _possessor(self, noun_end: int) -> bool:
        """A possessive mark after the noun that makes it no object or agent ("shot his
        daughter's wedding", "struck by the officers' kindness"), unless what is theirs is
        their body ("hit the woman's face", "kicked the boys' heads in"). An apostrophe that
        closes a quote opened earlier in the sentence is no mark."""
        mark = _POSSESSIVE_MARK.match(self.text, noun_end)
        if mark is None or _BODY_PART.match(self.text, mark.end()):
            return False
        if mark.group() == "'":
            sentence_start = self._ctx.sentence(noun_end)[0]
            return _OPENING_QUOTE.search(self.text, sentence_start, noun_end) is None
        return True

    def _pronoun_object(self, word: str, a: int, b: int, end: int) -> bool:
        """Whether "her", "me" or "us" right after the verb is its object: "her" when nothing
        of hers follows ("shoved her down the stairs", not "kicks off her weekly show"), "me"
        and "us" unless a particle, "as" or a second object follows ("kicked me out", "struck
        me as kind", "kicked me the ball")."""
        if self.text[end:a].strip() or _SECOND_OBJECT.match(self.text, b):
            return False
        if word == "her":
            return _AFTER_OBJECT.match(self.text, b) is not None
        return word in {"me", "us"} and not _PARTICLE_OR_AS.match(self.text, b)

    def _by_person(
        self, word: str, start: int, people: list[tuple[int, int]], clause_start: int
    ) -> bool:
        """A person does the verb at ``start`` to the pronoun ``word``: for "me" and "us",
        a person noun is the subject just before it ("he kicked me", "my husband already
        hit me", "he kept hitting me"; not "the song hit me"); for "her", a person is
        named between ``clause_start`` and the verb ("the man in flat 4 shoved her"; not
        "the wave smacked her")."""
        if word == "her":
            return any(clause_start <= x and y <= start for x, y in people)
        return any(
            y <= start and _SUBJECT_GAP.fullmatch(self.text, y, start) is not None
            for _, y in people
        )

    def _agent(self, word: str, a: int, b: int, start: int, end: int) -> bool:
        """The person at [a, b) is the agent of a passive the speaker undergoes: "I was hit
        by my boyfriend", not "by her kindness" (a possessive before a word is that word's
        determiner), "struck by the speaker" or "hit by my boss, with more work"."""
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
