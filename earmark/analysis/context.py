"""Where a match sits in the caption: sentence, clause, quotes, negation, hedging, fiction.

All cue lists of the policy are compiled into one trie-shaped regex; a matched cue is looked up
to learn its kinds. A caption is scanned for context once, then each match is judged with
bisect look-ups.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from .patterns import cue_pattern, normalize_term

CUE_GROUPS = (
    "non_breaks",
    "negation",
    "post_negation",
    "hedges",
    "fiction",
    "fiction_sentence",
    "clause_breaks",
    "person_nouns",
    "music_nouns",
)
_SPEAKER_CUES = frozenset({"negation", "post_negation", "hedges"})
# A sentence ends at . ! ? (plus closing quotes) followed by a capital: a lower-case word after
# "Help!" means the quote sits inside a sentence ('"Help!" she screams').
_SENTENCE_END = re.compile(r"[.!?]+[\"”')\]]*\s+(?=[\"“(\[]?[A-Z0-9\u4e00-\u9fff])|\n\s*\n")
# Quoted speech and the parenthesised English gloss that follows a quote.
_QUOTE = re.compile(
    r"\"[^\"\n]{1,400}\"|“[^”]{1,400}”|「[^」]{1,400}」|(?<=[”」\"])\s*\([^()]{1,400}\)"
)


class CueScanner:
    """Compiled context cues of one policy."""

    def __init__(self, cues: Mapping[str, tuple[str, ...]], negation_window: int) -> None:
        """``cues`` maps CUE_GROUPS names, and any extra noun groups, to phrases.

        The longest cue wins at a position, so "such as" (a non-break) hides the break "as"
        and "music video" (fiction) hides the music noun "music". A phrase may belong to
        several groups ("child" is a person noun and a minors noun).
        """
        self.groups = CUE_GROUPS + tuple(sorted(g for g in cues if g not in CUE_GROUPS))
        self._groups_of: dict[str, tuple[str, ...]] = {}
        for group in self.groups:
            for phrase in cues.get(group, ()):
                key = normalize_term(phrase)
                self._groups_of[key] = self._groups_of.get(key, ()) + (group,)
        self.regex = re.compile(cue_pattern(self._groups_of))
        self.window = negation_window

    def groups_of(self, matched: str) -> tuple[str, ...]:
        groups = self._groups_of.get(matched)
        return groups if groups is not None else self._groups_of.get(normalize_term(matched), ())

    def scan(self, text: str, lowered: str) -> CaptionContext:
        """Context of one width-normalised caption and its same-length lower-case copy."""
        return CaptionContext(text, lowered, self)


class CaptionContext:
    """Answers, for offsets into one caption, the questions the analyzer asks."""

    def __init__(self, text: str, lowered: str, scanner: CueScanner) -> None:
        self.text = text
        self._window = scanner.window
        self._starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        self._quotes = [m.span() for m in _QUOTE.finditer(text)]
        self._quote_starts = [a for a, _ in self._quotes]
        found: dict[str, list[tuple[int, int]]] = {g: [] for g in scanner.groups}
        for m in scanner.regex.finditer(lowered):
            for group in scanner.groups_of(m.group()):
                # Cues inside quoted speech belong to the speaker ("please don't hurt me"),
                # not to the captioner's description, so they never negate or hedge.
                if group in _SPEAKER_CUES and self.in_quote(m.start()):
                    continue
                found[group].append(m.span())
        self._cues = found
        self._starts_of = {g: [a for a, _ in spans] for g, spans in found.items()}
        breaks = found["clause_breaks"]
        self._clause_starts = sorted(self._starts + [b for _, b in breaks])
        self._clause_ends = sorted(self._starts[1:] + [a for a, _ in breaks] + [len(text)])
        self.fictional = any(not self.negated(a, b) for a, b in found["fiction"])

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and pos < self._quotes[i][1]

    def sentence(self, pos: int) -> tuple[int, int]:
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
        lo, hi = self.clause(start, end)
        # "is not" also negates forward ("the man is not angry", "this is not a film").
        since = max(lo, start - self._window)
        if self._cues_in("negation", since, start) or self._cues_in("post_negation", since, start):
            return True
        return bool(self._cues_in("post_negation", end, min(hi, end + 60)))

    def hedged(self, start: int, end: int) -> bool:
        """A hedge ("possibly", "appears to", "consistent with") anywhere in the clause."""
        lo, hi = self.clause(start, end)
        return any(a < start or a >= end for a, _ in self._cues_in("hedges", lo, hi))

    def fictional_at(self, start: int) -> bool:
        """Produced content: a fiction cue anywhere in the caption ("film trailer"), or a
        song cue ("lyrics", "sings") in the same sentence."""
        if self.fictional:
            return True
        lo, hi = self.sentence(start)
        return any(not self.negated(a, b) for a, b in self._cues_in("fiction_sentence", lo, hi))

    def about_music(self, start: int, end: int) -> bool:
        """True when the nearest subject noun of an emotion word is music or sound design
        ("a melancholic piano", "the score evokes dread") rather than a person."""
        for lo, hi in (self.clause(start, end), self.sentence(start)):
            music = self._distance("music_nouns", lo, hi, start, end)
            person = self._distance("person_nouns", lo, hi, start, end)
            if music is not None or person is not None:
                return music is not None and (person is None or music < person)
        return False

    def _distance(self, group: str, lo: int, hi: int, start: int, end: int) -> int | None:
        gaps = [a - end if a >= end else start - b for a, b in self._cues_in(group, lo, hi)]
        return min((g for g in gaps if g >= 0), default=None)
