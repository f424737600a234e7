"""English lexicon matching: whole words, inflections, phrases, allowlist, obfuscated spellings.

Every lexicon form of a policy is compiled into one trie-shaped regex, so a caption is scanned
once in C rather than once per term. Inflected forms are generated at compile time
("stab" → "stabs", "stabbed", "stabbing") so the lookup after a match is a dict access.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .patterns import SEPARATOR, Entry, Hit, Spans, is_word, normalize_term, trie_pattern

_VOWELS = "aeiou"
# Spellings that dodge filters: "f.u.c.k", "f-u-c-k" (single letters joined by separators) and
# "f*ck", "sh!t", "f***" (letters masked by symbols). Possessive quantifiers make a plain word
# fail at once, without backtracking. It shares one scan with the lexicon.
# The look-ahead guard rejects a plain word (letters then a space) in one pass.
_OBFUSCATED = (
    r"(?=[a-z]++[.*_\-#@$%!])"
    r"(?:[a-z](?:[.*_\-]{1,2}[a-z]){2,}(?![\w*])|[a-z]++(?:[*#@$%!]++[a-z]++)+(?![\w*])"
    r"|[a-z]++\*{2,}(?![\w*]))"
)
MASKED_CATEGORIES = ("profanity", "hate", "harassment", "sexual")
_MASK = re.compile(r"[*#@$%!]")
# The word a punctuation cue ends in (", and he"): the scan resumes there, so it is matched as
# a word or a phrase of its own as well ("he" is a person).
_LAST_WORD = re.compile(r"\s([a-z][a-z']*)\Z")
_DOTS = re.compile(r"[.*_\-]")
# A word after "anti-" is part of a word against it: "an anti-violence charity", "the
# anti-drug talk", "anti-bullying week". Being against a government or a party is still
# politics ("anti-regime chants"); a phrase written from "anti" ("anti-gay slurs", hate)
# matches as it is written.
_AGAINST_IS_STILL = frozenset({"political"})
# The units of a number written with a hyphen are no word of their own: the man in "a
# twenty-four-year-old man" is no "four-year-old" (a child noun).
_TENS_BEFORE = re.compile(r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-\Z")
# Where the next word of a phrase starts: after a run of separators.
_NEXT_WORD = re.compile(r"[^\w']+")


def inflections(word: str) -> set[str]:
    """Regular English inflections of one word (plural/3rd person, past, -ing).

    Over-generation ("screamings") is harmless: such forms never occur in text. Agent nouns
    ("-er") are not generated because doubling rules would turn "bet" into "better".
    """
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return forms
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    elif word.endswith("y") and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    else:
        forms.add(word + "s")
    if word.endswith(("ing", "ed")):
        return forms
    if word.endswith("ie"):
        forms |= {word + "d", word[:-2] + "ying"}
    elif word.endswith("ee"):
        forms |= {word + "d", word + "ing"}
    elif word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
        c1, v, c2 = word[-3], word[-2], word[-1]
        if c1 not in _VOWELS and v in _VOWELS and c2 not in _VOWELS + "wxy":
            forms |= {word + c2 + "ed", word + c2 + "ing"}  # stab → stabbed, stabbing
    return forms


# A contraction and its words in full are one spelling: "he's hurting me" is "he is hurting
# me". Not "'d", which is "had" or "would". "He's" may be "he has" too, but only "he is"
# is spelt out: "he is got a knife" never occurs, so the form it adds is harmless.
# fmt: off
_CONTRACTIONS = {
    "i'm": "i am", "you're": "you are", "we're": "we are", "they're": "they are",
    "he's": "he is", "she's": "she is", "it's": "it is", "that's": "that is",
    "i'll": "i will", "you'll": "you will", "he'll": "he will", "she'll": "she will",
    "we'll": "we will", "they'll": "they will", "i've": "i have", "you've": "you have",
    "we've": "we have", "they've": "they have", "don't": "do not", "doesn't": "does not",
    "didn't": "did not", "isn't": "is not", "aren't": "are not", "wasn't": "was not",
    "weren't": "were not", "won't": "will not", "can't": "cannot", "couldn't": "could not",
    "shouldn't": "should not", "wouldn't": "would not",
}
# fmt: on
_CONTRACTED = {full: short for short, full in _CONTRACTIONS.items()}
_FULL_OR_SHORT = re.compile(
    r"(?<![\w'])(?:" + "|".join(map(re.escape, [*_CONTRACTIONS, *_CONTRACTED])) + r")(?![\w'])"
)


def _spellings(form: str) -> set[str]:
    """``form``, with its contractions spelt out, and with its words contracted."""
    full = _FULL_OR_SHORT.sub(lambda m: _CONTRACTIONS.get(m.group(), m.group()), form)
    short = _FULL_OR_SHORT.sub(lambda m: _CONTRACTED.get(m.group(), m.group()), form)
    return {form, full, short}


def expand(term: str) -> set[str]:
    """All matchable forms of a lexicon term: its first and last words inflect, and its
    contractions match spelt out and the other way round ("you're hurting me", "you are
    hurting me").

    A leading "=" asks for the exact form only (for words whose inflections mean something
    else). First and last words both inflect so "kill himself" also finds "killed himself".
    """
    if term.startswith("="):
        return {normalize_term(term[1:])}
    words = normalize_term(term).split(SEPARATOR)
    if len(words) == 1:
        return inflections(words[0])
    middle = SEPARATOR.join(words[1:-1])
    out = set()
    for first in inflections(words[0]):
        for last in inflections(words[-1]):
            out.add(SEPARATOR.join(w for w in (first, middle, last) if w))
    return {spelling for form in out for spelling in _spellings(form)}


def written_form(term: str) -> str:
    """The form a lexicon term spells out, without its "=" (exact-form) prefix."""
    return normalize_term(term.removeprefix("="))


class EnMatcher:
    """Finds English lexicon terms and context cues in one scan; compiled once per policy.

    Lexicon forms, allowlisted phrases and cue phrases share one trie regex: at a given start
    the longest form wins, so "shot of espresso" swallows the words a term would have matched
    and "such as" (a non-break cue) hides the clause break "as". A form may mean several
    things ("child" is a person noun and a minors noun).
    """

    def __init__(
        self,
        lexicon: Mapping[str, list[Entry]],
        allow: Iterable[str],
        cues: Mapping[str, tuple[str, ...]],
    ) -> None:
        """``lexicon``: term -> meanings; ``cues``: cue group -> phrases."""
        # A form written out as a term is governed by that term alone within its category:
        # "pissed off: low" overrides the inflection of "piss off" it would otherwise share.
        written: dict[str, set[str]] = {}
        for term, entries in lexicon.items():
            written.setdefault(written_form(term), set()).update(e.category for e in entries)
        lookup: dict[str, tuple[Entry, ...]] = {}
        for term, entries in lexicon.items():
            own = written_form(term)
            for form in expand(term):
                overridden = written.get(form, set()) if form != own else set()
                meanings = tuple(e for e in entries if e.category not in overridden)
                if meanings:
                    lookup[form] = lookup.get(form, ()) + meanings
        self._lookup = lookup
        allowed = {form for phrase in allow for form in expand(phrase)}
        self._groups = tuple(cues)
        cue_groups: dict[str, tuple[str, ...]] = {}
        for group, phrases in cues.items():
            for phrase in phrases:
                key = normalize_term(phrase) or phrase.strip()
                cue_groups[key] = (*cue_groups.get(key, ()), group)
        # An allowlisted phrase hides terms, not cues: one that opens with a cue is that cue
        # too, so "no discount codes, affiliate links or sales pitches" still negates the rest.
        for key in allowed - cue_groups.keys():
            parts = key.split(SEPARATOR)
            openings = (SEPARATOR.join(parts[:n]) for n in range(len(parts) - 1, 0, -1))
            opening = next((o for o in openings if o in cue_groups), None)
            if opening is not None:
                cue_groups[key] = cue_groups[opening]
        # One look-up per match: form -> (cue groups, meanings). An allowlisted form has no
        # meanings (it hides the terms it covers) but may still be a cue.
        self._table: dict[str, tuple[tuple[str, ...], tuple[Entry, ...]]] = {
            key: (cue_groups.get(key, ()), () if key in allowed else lookup.get(key, ()))
            for key in allowed | lookup.keys() | cue_groups.keys()
        }
        words = allowed | lookup.keys() | {k for k in cue_groups if is_word(k)}
        pattern = rf"(?<![\w.*])(?:(?P<t>{trie_pattern(words)})(?!\w)|(?P<o>{_OBFUSCATED}))"
        marks = {k for k in cue_groups if not is_word(k)}
        if marks:
            # Punctuation cues (";", ", and the") sit behind a one-character look-ahead so
            # most positions fail at once. One that ends in an English letter ends a word:
            # ", with" must not eat the "with" of ", without". Chinese cues ("孩子") have no
            # word edges.
            heads = "".join(sorted({re.escape(m[0]) for m in marks}))
            pattern += rf"|(?=[{heads}])(?P<m>{trie_pattern(marks)})(?:(?<![a-z0-9])|(?![a-z0-9]))"
        self._regex = re.compile(pattern)
        # Masked spellings are resolved only against words people mask, best guess first:
        # "f***" is far more often "fuck" than "fags" or "fear".
        self._maskable: dict[int, list[tuple[int, str, Entry]]] = {}
        for form, meanings in lookup.items():
            for entry in meanings:
                if SEPARATOR not in form and entry.category in MASKED_CATEGORIES:
                    rank = MASKED_CATEGORIES.index(entry.category)
                    self._maskable.setdefault(len(form), []).append((rank, form, entry))
        for candidates in self._maskable.values():
            candidates.sort(key=lambda c: (c[0], c[1]))

    def find(self, lowered: str) -> tuple[list[Hit], dict[str, Spans]]:
        """Lexicon hits (allowlisted senses removed) in a width-normalised, lower-cased
        caption, and the spans of every cue group (each group present, maybe empty), both in
        text order."""
        hits: list[Hit] = []
        cues: dict[str, Spans] = {group: [] for group in self._groups}
        table = self._table
        search = self._regex.search
        pos = 0
        # The end of the last weak phrase matched. The longest match at a start wins, so a
        # weak phrase would hide a plain term that starts inside it and runs on past it:
        # "please stop" (weak) the "stop hitting me" of "please stop hitting me", "I'm
        # afraid" (weak fear) the "afraid to go home" of distress. The scan steps through
        # such a phrase word by word and keeps only such terms: the phrase's own words are
        # its own (the weak "a gram of" is meant to hide what "gram" alone would say).
        weak_end = 0
        while (m := search(lowered, pos)) is not None:
            pos = m.end()  # where the next search starts, unless a punctuation cue says earlier
            key = m.group()
            found = table.get(key)
            if found is None:
                if m.lastgroup == "o":
                    unmasked = self._unmask(key)
                    if unmasked:
                        hits.append(Hit(m.start(), m.end(), unmasked, "obfuscated"))
                    continue
                # "self-harm", "kill  himself": separators vary
                found = table.get(normalize_term(key), ((), ()))
            groups, entries = found
            start, end = m.span()
            if (
                start
                and lowered[start - 1] == "-"
                and _TENS_BEFORE.search(lowered, max(0, start - 8), start)
            ):
                continue
            # ", and he": a punctuation cue ends before its last word, which opens the next
            # clause. The scan resumes at that word, matched as what it is alone ("She
            # screamed, and he was hit") or as the phrase it opens ('"...," with evident
            # affection'); a phrase term that starts there wins over the word's own cue.
            last = _LAST_WORD.search(key) if m.lastgroup == "m" else None
            cue_end = start + last.start(1) if last else end
            if entries and lowered.endswith("anti-", 0, start):
                entries = tuple(e for e in entries if e.category in _AGAINST_IS_STILL)
            if start < weak_end:
                plain = tuple(e for e in entries if e.weak is None)
                if plain and end > weak_end:
                    hits.append(Hit(start, end, plain))
                else:
                    pos = self._next_word(lowered, start, weak_end)
                continue
            for group in groups:
                cues[group].append((start, cue_end))
            if entries:
                hits.append(Hit(start, end, entries))
                if all(e.weak is not None for e in entries):
                    inner = self._next_word(lowered, start, end)
                    if inner < end:
                        weak_end, pos = end, inner
            else:
                pos = cue_end
        return hits, cues

    @staticmethod
    def _next_word(lowered: str, start: int, end: int) -> int:
        """Where the word after the one at ``start`` begins, or ``end`` if none does before it."""
        gap = _NEXT_WORD.search(lowered, start, end)
        return gap.end() if gap else end

    def _unmask(self, token: str) -> tuple[Entry, ...]:
        if not _MASK.search(token):
            return self._lookup.get(_DOTS.sub("", token), ())
        # "f*ck": every masked character stands for exactly one letter.
        shape = re.compile(_MASK.sub(".", token))  # the token is only letters and mask symbols
        matches = [
            (r, e) for r, form, e in self._maskable.get(len(token), []) if shape.fullmatch(form)
        ]
        return tuple(e for r, e in matches if r == matches[0][0]) if matches else ()
