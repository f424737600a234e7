"""Where a match sits: sentence, clause, quotes, negation, hedging, reporting, fiction, sport.

The cues (negation, hedges, fiction, clause breaks, nouns…) are found by the English matcher
in the same scan as the lexicon; this module turns them into scopes once per caption, so
each match is then judged with bisect look-ups.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_SUBJECTS = ("person_nouns", "music_nouns", "animal_nouns")
_SPEAKER_CUES = frozenset({"negation", "post_negation", "hedges", "reported"})
_POST_NEGATION_REACH = 60  # characters before "... is absent" that it can negate
# A sentence ends at . ! ? (plus closing quotes) followed by a capital: a lower-case word after
# "Help!" means the quote sits inside a sentence ('"Help!" she screams').
_SENTENCE_END = re.compile(r"[.!?]+[\"”')\]]*\s+(?=[\"“(\[]?[A-Z0-9\u4e00-\u9fff])")
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

    def __init__(self, groups: tuple[str, ...], negation_window: int) -> None:
        """``groups``: every cue group the matcher reports (the policy's context lists plus the
        groups the engine derives from it)."""
        self.groups = groups
        self.window = negation_window

    def scan(self, text: str, cues: list[tuple[str, int, int]]) -> CaptionContext:
        """Context of one width-normalised caption given its (group, start, end) cues."""
        return CaptionContext(text, cues, self)


class CaptionContext:
    """Answers, for offsets into one caption, the questions the analyzer asks."""

    def __init__(self, text: str, cues: list[tuple[str, int, int]], scanner: CueScanner) -> None:
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
        every_quote = _merge([m.span() for m in quotes])
        found: dict[str, list[tuple[int, int]]] = {g: [] for g in scanner.groups}
        for group, a, b in cues:
            # Cues inside quoted speech belong to the speaker ("please don't hurt me"), not
            # to the captioner's description, so they never negate or hedge.
            if group in _SPEAKER_CUES and _covers(every_quote, a):
                continue
            found[group].append((a, b))
        self._cues = found
        self._starts_of = {g: [a for a, _ in spans] for g, spans in found.items()}
        breaks = found["clause_breaks"]
        self._clause_starts = sorted(self._starts + [b for _, b in breaks])
        self._clause_ends = sorted(self._starts[1:] + [a for a, _ in breaks] + [len(text)])
        # Negation scopes, precomputed so judging a match is a bisect. A cue negates forward
        # to the end of its clause ("no gunfire, screams or sirens"; "is not" too: "this is
        # not a film"); a post-negation also negates what ends just before it ("gunshots are
        # absent").
        forward = [
            (b, min(self.clause(a, b)[1], a + scanner.window))
            for a, b in found["negation"] + found["post_negation"]
        ]
        backward = [
            (max(self.clause(a, b)[0], a - _POST_NEGATION_REACH), a + 1)
            for a, b in found["post_negation"]
        ]
        self._forward = _merge(forward)
        self._backward = _merge(backward)
        self._hedged_clauses = {self.clause(a, b)[0] for a, b in found["hedges"]}
        self._reported_clauses = {self.clause(a, b)[0] for a, b in found["reported"]}
        self._song_sentences = {
            self.sentence(a)[0] for a, b in found["fiction_sentence"] if not self.negated(a, b)
        }
        self.fictional = any(not self.negated(a, b) for a, b in found["fiction"])
        self.informational = any(not self.negated(a, b) for a, b in found["informational"])
        # A sports broadcast or bout (commentary, referee, knockout): blows are the game.
        self.sport = any(not self.negated(a, b) for a, b in found["sport"])

    def in_quote(self, pos: int) -> bool:
        """Inside quoted speech or the gloss that follows it."""
        return _covers(self._speech, pos)

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
        return [(a, b) for a, b in self._cues_in(group, lo, hi) if not self.negated(a, b)]

    def _cues_in(self, group: str, lo: int, hi: int) -> list[tuple[int, int]]:
        starts = self._starts_of[group]
        return self._cues[group][bisect_left(starts, lo) : bisect_left(starts, hi)]

    def negated(self, start: int, end: int) -> bool:
        """A negation cue earlier in the clause ("no", "without", "rather than"), or a
        post-negation right after ("... is absent"); quoted speech is never negated."""
        if self.in_quote(start):
            return False
        return _covers(self._forward, start) or _covers(self._backward, end)

    def hedged(self, start: int, end: int) -> bool:
        """A hedge ("possibly", "appears to", "consistent with") anywhere in the clause."""
        return self.clause(start, end)[0] in self._hedged_clauses

    def reported(self, start: int, end: int) -> bool:
        """Harm named as a topic rather than enacted: a reporting cue ("a report on",
        "denies making", "allegations of") anywhere in the clause."""
        return bool(self._reported_clauses) and self.clause(start, end)[0] in self._reported_clauses

    def fictional_at(self, start: int) -> bool:
        """Produced content: a fiction cue anywhere in the caption ("film trailer"), or a
        song cue ("lyrics", "sings") in the same sentence."""
        if self.fictional:
            return True
        return bool(self._song_sentences) and self.sentence(start)[0] in self._song_sentences

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
        para = self._paragraphs[bisect_right(self._paragraphs, start) - 1]
        for lo, hi in (self.clause(start, end), self.sentence(start), (para, start)):
            best: tuple[int, str] | None = None
            for group in _SUBJECTS:
                gap = self._distance(group, lo, hi, start, end)
                if gap is not None and (best is None or gap < best[0]):
                    best = (gap, group)
            if best is not None:
                return best[1]
        people = self._cues["person_nouns"]
        nobody = bool(people) and all(self.negated(a, b) for a, b in people)
        return "music_nouns" if nobody and self.anywhere("music_nouns") else "person_nouns"

    def anywhere(self, group: str) -> bool:
        """A non-negated cue of ``group`` somewhere in the caption."""
        return any(not self.negated(a, b) for a, b in self._cues.get(group, ()))

    def _distance(self, group: str, lo: int, hi: int, start: int, end: int) -> int | None:
        """Characters between [start, end) and the nearest cue of ``group`` within [lo, hi)."""
        starts, spans = self._starts_of[group], self._cues[group]
        after = bisect_left(starts, end)
        gaps = []
        if after < len(starts) and starts[after] < hi:
            gaps.append(starts[after] - end)
        before = bisect_left(starts, start) - 1
        if before >= 0 and lo <= starts[before] and spans[before][1] <= start:
            gaps.append(start - spans[before][1])
        return min(gaps, default=None)


_Spans = tuple[list[int], list[int]]


def _merge(spans: list[tuple[int, int]]) -> _Spans:
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


def _covers(spans: _Spans, pos: int) -> bool:
    starts, ends = spans
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]
