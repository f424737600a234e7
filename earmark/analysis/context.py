"""Where a match sits: sentence, clause, quotes, negation, hedging, reporting, fiction, sport.

The cues (negation, hedges, fiction, clause breaks, nouns…) are found by the English matcher
in the same scan as the lexicon; this module turns them into scopes once per caption, so
each match is then judged with bisect look-ups.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from .frames import Frames
from .patterns import Spans, is_word
from .policy_model import SenseScope

_SUBJECTS = ("person_nouns", "music_nouns", "animal_nouns")
# Cues that belong to whoever says them: in a quote they are the speaker's words, not the
# caption's description. Frames are not among them: a commentator's "it's a knockout!" or a
# trailer voice's "the most terrifying movie of the year" is the frame.
_SPEAKER_CUES = frozenset({"negation", "post_negation", "hedges", "reported"})
_POST_NEGATION_REACH = 60  # characters before "... is absent" that it can negate
# Verbs of an aside that reports speech or belief, which opens no clause of its own: "no
# sign, they say, that anyone was shot".
_REPORTING = (
    r"(?:say|says|said|add|adds|added|explain|explains|explained|note|notes|noted|tell|tells"
    r"|told|insist|insists|claim|claims|recall|recalls|admit|admits|write|writes|think|thinks"
    r"|hear|hears|believe|believes)\b"
)
# What may stand between a cue and the act it governs: "to" or "of", a determiner and one
# more word ("threatens to stab", "a threat of a mass shooting"), or a determiner or
# possessive alone ("intent to commit a bombing", "never share your verification code"). Not
# a noun ("a threatening man attacks her") nor a verb ("the threat became a shooting").
_GOVERNED_GAP = re.compile(
    r"\s+(?:(?:to|of)\s+(?:(?:a|an|the)\s+)?"
    r"(?:(?!(?:and|or|but|then|before|after|while|when|until)\b)[\w'\-]+\s+)?"
    r"|(?:a|an|the|your|his|her|their|my|our)\s+)",
    re.IGNORECASE,
)
# An intent governs its act with nothing or an adverb between: "will kill", "should just
# kill", "going to kill" (the cue is "going to"); never a determiner ("takes a punch").
_INTENDED_GAP = re.compile(
    r"\s+(?:(?:just|really|actually|literally|absolutely|totally|so|definitely)\s+)?",
    re.IGNORECASE,
)
# A second act joined to the governed one by "and": "threatens to track (him) down and kill
# him". Only a verb in its plain form after a cue in the present: "threatens to leave and
# stabs her", "threatened to leave and beat him" did it.
_GOVERNED_AND_GAP = re.compile(
    r"\s+to\s+[\w'\-]+(?:\s+[\w'\-]+)?\s+(?:(?:down|up|out|over|in)\s+)?and\s+", re.IGNORECASE
)
_INFLECTED = re.compile(r"[a-z]+(?:s|ed|ing)\b", re.IGNORECASE)
# How far a speaker's own negation reaches: "please don't be angry", never past punctuation
# (the text is width-normalised, so full-width commas are ","; then the ideographic full
# stop and comma, and dashes). A Chinese cue must touch the word or nearly ("没有生气",
# "别太担心"): "我不知道怎么办我好害怕" is still fear.
_SPEECH_NEGATION_REACH = 12
_SPEECH_NEGATION_REACH_ZH = 1
PUNCTUATION = re.compile('[,.;:!?"“”()\u3002\u3001\u2014\u2013]')
# The words next to a match, with only spaces between (a name does not span punctuation).
NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'\-]*)")
_PREVIOUS_WORD = re.compile(r"([A-Za-z][\w'\-]*)[ \t]+\Z")
# What may stand just before an utterance that opens: a quote, a bracketed gloss, a chanted
# line after a slash, comma or dash, a sentence end, or a colon introducing speech. The text
# is already width-normalised, so full-width brackets and curly single quotes read as ASCII.
_OPENERS = frozenset("\"“'(/!?.:;,[「『-\u2013\u2014")  # … and hyphen, en and em dashes
_TITLE_WORD = re.compile(r"[A-Z][a-z][\w'\-]*")  # "Slaughter", not "SLAUGHTER" or "I"
# A lower-case word (not the end of "I'll" or "don't"), then title-case words up to the one in
# question: "tea in Lower "
_LED_BY_LOWER = re.compile(r"(?<![\w'])[a-z]+[ \t]+(?:[A-Z][a-z][\w'\-]*[ \t]+)*\Z")
# A title-case pronoun beside a word makes it a shout, not a name: "he Stabbed Me".
_PRONOUNS = frozenset({"Me", "You", "Him", "Her", "Us", "Them", "It"})
# A narration cue tied to the quote it excuses, with only its speaker's verb between: the
# laughter is the speaker's ("a man laughs and says, ...", "laughing, she tells her sister,
# ...", '"...," he says with a laugh'), not a host's who laughs as a caller speaks, nor men's
# who laugh as she screams. Before the quote: an optional subject, a speech verb with the
# one spoken to, or "that he will". After it: a subject and one verb ('," he says, laughing',
# '," they all groan jokingly'), or "and they all" (the speaker among them).
_SUBJECT = r"(?:(?:he|she|they|i|we|(?:a|an|the)\s+[\w\-]+(?:\s+[\w\-]+)?)\s+)"
_SPEECH_VERB = (
    r"(?:says|said|adds|added|replies|replied|tells|told|asks|asked|answers|shouts|yells|cries"
    r"|screams|squeals|exclaims|teases|jokes|quips|reads|sings|whispers)"
)
_ADDRESSEE = r"(?:\s+(?:his|her|their|the|a|an)\s+[\w\-]+)"
_ATTACHED_BEFORE = re.compile(
    rf"\s*[,:]?\s*(?:(?:and|then)\s+)?{_SUBJECT}?(?:{_SPEECH_VERB}{_ADDRESSEE}?)?\s*[,:]?\s*"
    r"(?:that\s+(?:he|she|they)\s+(?:will|would|is\s+going\s+to)\s+)?",
    re.IGNORECASE,
)
_ATTACHED_AFTER = re.compile(
    rf"\s*,?\s*(?:and\s+(?:they\s+all|they\s+both|both|everyone)\s+|{_SUBJECT})?"
    r"(?:[a-z']+\s*,?\s*)?(?:(?:with|in)\s+(?:a\s+)?)?",
    re.IGNORECASE,
)
LONGEST_NOUN = 40  # so a noun starting inside the window is matched whole
# A sentence ends at . ! ? (plus closing quotes) followed by a capital: a lower-case word after
# "Help!" means the quote sits inside a sentence ('"Help!" she screams').
_SENTENCE_END = re.compile(r"[.!?][\"”')\]]*\s+(?=[\"“(\[]?[A-Z0-9\u4e00-\u9fff])")
# A spaced hyphen, a double hyphen or an ellipsis that a typist put where a full stop goes:
# "there is no music - a woman screams in pain". It ends a negation only, before a word that
# opens a clause: as a clause break it would cut phrases and hedges ("I just want to - die",
# "what sounds like... a gunshot"), and an aside that goes on with "or" stays negated ("no
# violence -- or swearing -- at all").
# Each starts with its punctuation, and each is its own branch of the regex, so that the
# scan skips every other character at once (one shared group costs ten times as much).
_TYPED_STOPS = (r"-(?<=\s-)(?=\s)", "--", r"\.\.\.", "…")
_PARAGRAPH = re.compile(r"\n\s*\n")
# Quoted speech and the parenthesised English gloss that follows a quote.
_QUOTE = re.compile(
    r"(?:\"[^\"\n]{1,400}\"|“[^”]{1,400}”|「[^」]{1,400}」)(?:\s*\([^()]{1,400}\))?"
)
# A lone English word in quotes is the captioner's scare quote ('none of the "threats" are
# serious'), not speech: a negation outside it still applies. "Help!" keeps its punctuation.
_SCARE_QUOTE = re.compile(r"[\"“][A-Za-z'\-]+[\"”]")


class CueScanner:
    """Context rules of one policy; the cues themselves are found by the English matcher's
    single scan and handed to ``scan``."""

    def __init__(self, negation_window: int, negation_breaks: Sequence[str]) -> None:
        self.window = negation_window
        words = "|".join(re.escape(w) for w in negation_breaks)
        # A comma, then a word that opens a clause ("Without a word, he punched her"), unless
        # it only reports the speech ("no sign, she says, that anyone was hurt"); or a typed
        # dash or an ellipsis, then such a word or an article (see _TYPED_STOPS).
        after_stop = rf"\s*(?:{words}|a|an|the)\b"
        self.breaks = (
            re.compile(
                "|".join(
                    [rf",\s+(?:{words})\b(?!\s+{_REPORTING})"]
                    + [stop + after_stop for stop in _TYPED_STOPS]
                ),
                re.IGNORECASE,
            )
            if words
            else None
        )

    def scan(self, text: str, cues: dict[str, Spans]) -> CaptionContext:
        """Context of one width-normalised caption given its cues: group -> spans in text
        order, with every group the policy has (the context lists plus the groups the engine
        derives from it) present."""
        return CaptionContext(text, cues, self)


class CaptionContext:
    """Answers, for offsets into one caption, the questions the analyzer asks."""

    def __init__(self, text: str, cues: dict[str, Spans], scanner: CueScanner) -> None:
        self.text = text
        ends = {m.end() for m in _SENTENCE_END.finditer(text)}
        self._paragraphs = [0]
        if "\n" in text:
            self._paragraphs += [m.end() for m in _PARAGRAPH.finditer(text)]
            ends.update(self._paragraphs[1:])
        self._starts = [0, *sorted(ends)]
        quotes = list(_QUOTE.finditer(text))
        # Every quote's cues are the speaker's ('she says "no"'), but only speech shields
        # what it quotes from the caption's own negation.
        self._speech = _merge([m.span() for m in quotes if not _SCARE_QUOTE.fullmatch(m.group())])
        found = dict(cues)  # its lists are replaced below, never changed in place
        if quotes:
            # Cues inside quoted speech belong to the speaker ("please don't hurt me"), not
            # to the captioner's description, so they never negate or hedge.
            every_quote = _merge([m.span() for m in quotes])
            for group in _SPEAKER_CUES:
                found[group] = [(a, b) for a, b in found[group] if not _covers(every_quote, a)]
        self._cues = found
        self._starts_of: dict[str, list[int]] = {}  # filled on first use: most are never asked
        # Subject nouns of every kind in one list, so finding the nearest is one bisect.
        self._subjects = sorted(
            (a, b, rank) for rank, group in enumerate(_SUBJECTS) for a, b in found[group]
        )
        self._subject_starts = [a for a, _, _ in self._subjects]
        breaks = found["clause_breaks"]
        self._clause_starts = sorted(self._starts + [b for _, b in breaks])
        self._clause_ends = sorted(self._starts[1:] + [a for a, _ in breaks] + [len(text)])
        # Negation scopes, precomputed so judging a match is a bisect. A cue negates forward
        # to the end of its clause ("no gunfire, screams or sirens"; "is not" too: "this is
        # not a film") or to a negation break, a comma before a pronoun that opens a new clause
        # ("Without a word, he punched her"); a post-negation also negates what ends just before it
        # ("gunshots are absent").
        negations = found["negation"] + found["post_negation"]
        stops = [len(text)]
        if negations and scanner.breaks:
            stops = [m.start() for m in scanner.breaks.finditer(text)] + stops
        forward = [
            (b, min(self.clause(a, b)[1], a + scanner.window, stops[bisect_left(stops, b)]))
            for a, b in negations
        ]
        backward = [
            (max(self.clause(a, b)[0], a - _POST_NEGATION_REACH), a + 1)
            for a, b in found["post_negation"]
        ]
        self._forward = _merge(forward)
        self._backward = _merge(backward)
        self._hedged_clauses = {self.clause(a, b)[0] for a, b in found["hedges"]}
        self._reported_clauses = {self.clause(a, b)[0] for a, b in found["reported"]}
        frames = Frames(self, found["fiction"], found["fiction_sentence"])
        self.fictional = frames.caption_wide
        self._framed = _merge(frames.spans)
        self.informational = any(not self.negated(a, b) for a, b in found["informational"])
        # A sports broadcast or bout (commentary, referee, knockout): blows are the game,
        # unless the caption says the bout turned real ("a genuine assault").
        self.sport = any(not self.negated(a, b) for a, b in found["sport"]) and not any(
            not self.negated(a, b) for a, b in found["real_in_sport"]
        )
        # Players talking to each other live over a game: their own words are not the game.
        self.live_chat = any(not self.negated(a, b) for a, b in found["live_chat"])

    def in_quote(self, pos: int) -> bool:
        """Inside quoted speech or the gloss that follows it."""
        return _covers(self._speech, pos)

    def denied_by_speaker(self, start: int) -> bool:
        """The nearest speech_negation cue before ``start`` sits in a quote, at most
        _SPEECH_NEGATION_REACH characters before it (_SPEECH_NEGATION_REACH_ZH for a Chinese
        cue), with no punctuation between: "I'm not afraid", "please don't be angry",
        "他没有生气"."""
        cues = self._cues["speech_negation"]
        i = bisect_right(self._starts_of_group("speech_negation"), start) - 1
        while i >= 0 and cues[i][1] > start:  # a cue overlapping the word ("不安")
            i -= 1
        if i < 0:
            return False
        a, b = cues[i]
        english = is_word(self.text[a:b])
        return (
            start - b <= (_SPEECH_NEGATION_REACH if english else _SPEECH_NEGATION_REACH_ZH)
            and self.in_quote(a)
            and PUNCTUATION.search(self.text, b, start) is None
        )

    def in_name(self, start: int, end: int) -> bool:
        """Whether [start, end) is part of a capitalised name in the caption's prose: "Lower
        Slaughter", "Slaughter Protocol", "Shotgun Summer". The word is title-case and so is
        the word after it, or the word before it when that one does not start the sentence.
        In quoted speech, only a name that a lower-case word leads into ("tea in Lower
        Slaughter", "asleep during Kill Bill") and no pronoun stands beside, never a shout
        ("I'll Kill You Tonight!", "he Stabbed Me"); never in capitals ("A MAN HITS HER")."""
        if not _TITLE_WORD.fullmatch(self.text, start, end):
            return False
        quoted = self.in_quote(start)
        if quoted and not _LED_BY_LOWER.search(self.text, max(0, start - 80), start):
            return False
        after = NEXT_WORD.match(self.text, end)
        if after and _TITLE_WORD.fullmatch(after.group(1)):
            return not (quoted and after.group(1) in _PRONOUNS)
        before = _PREVIOUS_WORD.search(self.text, max(0, start - 30), start)
        if before is None or before.start(1) == self.sentence(start)[0]:
            return False
        return _TITLE_WORD.fullmatch(before.group(1)) is not None

    def opens_utterance(self, pos: int) -> bool:
        """Whether an utterance opens at ``pos``: the caption, a sentence, a quote, a gloss or
        a chanted line starts there ('chant: "Down with the regime!"', "… / Down with")."""
        before = self.text[:pos].rstrip()
        return not before or before[-1] in _OPENERS

    def sentence(self, pos: int) -> tuple[int, int]:
        """[start, end) of the sentence holding ``pos``."""
        i = bisect_right(self._starts, pos) - 1
        end = self._starts[i + 1] if i + 1 < len(self._starts) else len(self.text)
        return self._starts[i], end

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The span between the clause breaks (or sentence edges) around [start, end)."""
        lo = self._clause_starts[bisect_right(self._clause_starts, start) - 1]
        hi = self._clause_ends[bisect_left(self._clause_ends, end)]
        return lo, hi

    def nouns_in_sentence(self, group: str, pos: int) -> list[tuple[int, int]]:
        """Non-negated cues of ``group`` in the sentence holding ``pos``."""
        lo, hi = self.sentence(pos)
        return [(a, b) for a, b in self.cues_in(group, lo, hi) if not self.negated(a, b)]

    def in_clause(self, group: str, start: int, end: int) -> bool:
        """A non-negated cue of ``group`` in the clause around [start, end)."""
        lo, hi = self.clause(start, end)
        return any(not self.negated(a, b) for a, b in self.cues_in(group, lo, hi))

    def said_in_prose(self, group: str, pos: int, *, about_speaker: bool = False) -> bool:
        """A non-negated cue of ``group`` in the caption's own prose, outside quoted speech, in
        the sentence holding ``pos``: the captioner's judgement, not a speaker's claim ("it's
        only a joke"). Quoted words are judged by the sentences their quote spans ('he laughs,
        "Help! Somebody help!"'); ``about_speaker``, only by a cue tied to their quote (see
        ``_ATTACHED_BEFORE``): "a man laughs and says", '"...," he says, laughing', not a host
        who laughs as a caller says it."""
        speech = _span_at(self._speech, pos)
        if speech is None:
            lo, hi = self.sentence(pos)
        else:
            lo, hi = self.sentence(speech[0])[0], self.sentence(speech[1] - 1)[1]
        return any(
            not self.in_quote(a)
            and not self.negated(a, b)
            and (speech is None or not about_speaker or self._attached(a, b, speech))
            for a, b in self.cues_in(group, lo, hi)
        )

    def _attached(self, start: int, end: int, speech: tuple[int, int]) -> bool:
        """Whether the cue at [start, end) is tied to the quote ``speech``: at most its
        speaker and a verb of speaking stand between them (``_ATTACHED_BEFORE``,
        ``_ATTACHED_AFTER``)."""
        if end <= speech[0]:
            return _ATTACHED_BEFORE.fullmatch(self.text, end, speech[0]) is not None
        return _ATTACHED_AFTER.fullmatch(self.text, speech[1], start) is not None

    def governs(self, group: str, pos: int) -> bool:
        """A non-negated cue of ``group`` that governs the word at ``pos`` in its clause
        through "to" or "of" or a determiner (``_GOVERNED_GAP``): "threatens to stab", "the
        threat of a shooting", not "threatened to leave and then stabbed" or "a threatening
        man attacks". A verb in its plain form after "to ... and" and a cue in the present is
        governed too ("threatens to track him down and kill")."""
        lo = self.clause(pos, pos)[0]
        plain = _INFLECTED.match(self.text, pos) is None
        return any(
            (
                _GOVERNED_GAP.fullmatch(self.text, b, pos) is not None
                or (
                    plain
                    and not self.text[a:b].lower().endswith("ed")
                    and _GOVERNED_AND_GAP.fullmatch(self.text, b, pos) is not None
                )
            )
            and not self.negated(a, b)
            for a, b in self.cues_in(group, lo, pos)
        )

    def intends(self, group: str, pos: int) -> bool:
        """A non-negated cue of ``group`` right before the word at ``pos``, or with an adverb
        between (``_INTENDED_GAP``): "will kill", "should just kill", "going to kill". Not a
        capitalised cue, which may be a name ("Will stabs Tom"). Whether a person would undergo
        the act is the caller's to judge (roles.Roles.aimed_at_person)."""
        lo = self.clause(pos, pos)[0]
        return any(
            _INTENDED_GAP.fullmatch(self.text, b, pos) is not None
            and not self.text[a].isupper()
            and not self.negated(a, b)
            for a, b in self.cues_in(group, lo, pos)
        )

    def near_cue(self, group: str, scope: SenseScope, pos: int) -> bool:
        """Whether a cue of ``group`` excuses the match at ``pos`` under a sense's ``scope``
        ("sentence", "clause", "narration", "speaker" or "governed"; see policy_model.Sense). An
        "intended" sense is judged by ``intends`` and roles.Roles.aimed_at_person instead."""
        if scope == "governed":
            return self.governs(group, pos)
        if scope in ("narration", "speaker"):
            return self.said_in_prose(group, pos, about_speaker=scope == "speaker")
        if scope == "clause":
            return self.in_clause(group, pos, pos)
        return bool(self.nouns_in_sentence(group, pos))

    def has_cue(self, group: str, lo: int, hi: int) -> bool:
        """Whether a cue of ``group`` starts in [lo, hi); False for a group the policy lacks."""
        return group in self._cues and bool(self.cues_in(group, lo, hi))

    def cues_in(self, group: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans of the cues of ``group`` that start in [lo, hi), in text order."""
        starts = self._starts_of_group(group)
        return self._cues[group][bisect_left(starts, lo) : bisect_left(starts, hi)]

    def _starts_of_group(self, group: str) -> list[int]:
        starts = self._starts_of.get(group)
        if starts is None:
            starts = self._starts_of[group] = [a for a, _ in self._cues[group]]
        return starts

    def negated(self, start: int, end: int) -> bool:
        """A negation cue earlier in the clause ("no", "without", "rather than"), or a
        post-negation right after ("... is absent"); quoted speech is never negated."""
        if self.in_quote(start):
            return False
        return _covers(self._forward, start) or _covers(self._backward, end)

    def hedged_or_reported(self, start: int, end: int) -> tuple[bool, bool]:
        """Whether the clause around [start, end) holds a hedge ("possibly", "appears to",
        "consistent with"), and whether it holds a reporting cue ("a report on", "denies
        making", "allegations of"): harm named as a topic rather than enacted."""
        lo = self.clause(start, end)[0]
        return lo in self._hedged_clauses, lo in self._reported_clauses

    def fictional_at(self, start: int) -> bool:
        """Produced content: a fiction cue anywhere in the caption ("film trailer"), or what a
        song cue ("lyrics", "sings") or a screen in the room ("a television plays a sitcom")
        plays, from its clause until someone in the room acts (frames.Frames)."""
        return self.fictional or _covers(self._framed, start)

    def subject(self, start: int, end: int) -> str:
        """Who an emotion word belongs to: "person_nouns", "music_nouns" ("a melancholic
        piano", "the score evokes dread") or "animal_nouns" ("a dog barks").

        The nearest subject noun in the clause, else in the sentence, else the last one
        mentioned earlier in the paragraph ("Drones rumble. Scrapes build a sense of dread.").
        A caption that says nobody is there ("No people speak") and names music gives its
        mood to the music. Otherwise a person, the safe default.
        """
        if not (self._cues["music_nouns"] or self._cues["animal_nouns"]):
            return "person_nouns"
        subjects, starts = self._subjects, self._subject_starts
        i = bisect_left(starts, end)
        after = subjects[i] if i < len(subjects) else None
        j = bisect_left(starts, start) - 1
        while j >= 0 and subjects[j][1] > start:  # a noun phrase around the word itself
            j -= 1
        while j > 0 and subjects[j - 1][:2] == subjects[j][:2]:  # one phrase, two kinds
            j -= 1
        before = subjects[j] if j >= 0 else None
        para = self._paragraphs[bisect_right(self._paragraphs, start) - 1]
        for lo, hi in (self.clause(start, end), self.sentence(start), (para, start)):
            near = []  # (gap, rank): the closer noun wins, a person on a tie
            if after is not None and after[0] < hi:
                near.append((after[0] - end, after[2]))
            if before is not None and before[0] >= lo:
                near.append((start - before[1], before[2]))
            if near:
                return _SUBJECTS[min(near)[1]]
        people = self._cues["person_nouns"]
        nobody = bool(people) and all(self.negated(a, b) for a, b in people)
        return "music_nouns" if nobody and self.anywhere("music_nouns") else "person_nouns"

    def anywhere(self, group: str) -> bool:
        """A non-negated cue of ``group`` somewhere in the caption."""
        return any(not self.negated(a, b) for a, b in self._cues.get(group, ()))


_Cover = tuple[list[int], list[int]]


def _merge(spans: list[tuple[int, int]]) -> _Cover:
    """Disjoint, sorted cover of ``spans`` as parallel start/end lists."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if starts and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        elif a < b:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _span_at(spans: _Cover, pos: int) -> tuple[int, int] | None:
    """The span of ``spans`` that holds ``pos``, if any."""
    starts, ends = spans
    i = bisect_right(starts, pos) - 1
    return (starts[i], ends[i]) if i >= 0 and pos < ends[i] else None


def _covers(spans: _Cover, pos: int) -> bool:
    return _span_at(spans, pos) is not None
