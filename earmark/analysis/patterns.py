"""Building blocks shared by the English and Chinese matchers: hits and regex construction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .policy_model import Severity, Weakness

# Full-width ASCII → ASCII, ideographic space → space, curly apostrophes → "'". Every entry maps
# one code point to one code point, so the translated text keeps the caption's offsets.
WIDTH_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
WIDTH_TABLE.update({0x3000: 0x20, 0x2018: 0x27, 0x2019: 0x27})
# Hyphens and apostrophes a writer's software puts in: U+2010 HYPHEN and U+2011 NON-BREAKING
# HYPHEN join words as "-" does; U+02BC and a prime are apostrophes, and so is a backtick
# between two letters ("don`t"). An en dash or figure dash stays what it is, a dash between
# clauses ("no music<en dash>a woman screams"), and a term's words match across it
# (_SEPARATOR_RE: "self<en dash>harm").
_FORMS = WIDTH_TABLE | {0x2010: 0x2D, 0x2011: 0x2D, 0x02BC: 0x27, 0x2032: 0x27, 0x60: 0x27}
_ODD_FORMS = re.compile("[\uff01-\uff5e\u3000\u2018\u2019\u2010\u2011\u02bc\u2032`]")


def _plain_form(m: re.Match[str]) -> str:
    ch, text, at = m.group(), m.string, m.start()
    if ch == "`" and not (
        0 < at < len(text) - 1 and text[at - 1].isalpha() and text[at + 1].isalpha()
    ):
        return ch
    return chr(_FORMS[ord(ch)])


def plain_forms(caption: str) -> str:
    """``caption`` with full-width letters, curly apostrophes and typeset hyphens in their
    plain ASCII forms, one code point for one, so offsets into it are offsets into the
    caption."""
    return _ODD_FORMS.sub(_plain_form, caption)


# In lexicon keys a single space stands for "any run of whitespace, hyphens, dashes or double
# quotes": captions quote single words inside a phrase ('as "a disease" that must be
# "cleansed"') and some type an en dash for a hyphen ("self<en dash>harm").
SEPARATOR = " "
_SEPARATOR_RE = r"[\s\-\u2012\u2013\"“”]+"
_SPACES = re.compile(_SEPARATOR_RE)


_Trie = dict[str, "_Trie"]
Spans = list[tuple[int, int]]  # [start, end) offsets into a caption, in text order


@dataclass(frozen=True)
class Entry:
    """What a lexicon form means: a category or emotion, with an optional severity override."""

    category: str
    term: str  # the lexicon entry as written in the policy
    severity: Severity | None
    weak: Weakness | None = None  # a circumstantial cue: its confidence key
    opening: bool = False  # counts only where an utterance opens (a slogan)
    on_person: bool = False  # counts only when a person undergoes it ("hits his wife")
    weak_in_fiction: bool = False  # weak in produced content, plain elsewhere


class Hit(NamedTuple):
    """A lexicon match: caption offsets plus everything the form means (a named tuple: one is
    built per match, and a frozen dataclass costs four times as much)."""

    start: int
    end: int
    entries: tuple[Entry, ...]
    weak: str | None = None  # "obfuscated" or "zh_single_char": a confidence key, else None


def trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for many literals, factored as a prefix trie.

    Python's ``re`` tries alternatives one by one; factoring shared prefixes keeps matching cost
    close to the text length rather than text length * lexicon size. Longer continuations are
    tried before stopping, so the longest form wins at a given start.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word
    return _build(trie)


def _build(node: _Trie) -> str:
    alternatives = [_atom(ch) + _build(child) for ch, child in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def _atom(ch: str) -> str:
    if ch == SEPARATOR:
        return _SEPARATOR_RE
    return re.escape(ch)


def same_length_lower(text: str) -> str:
    """Lower-case copy of ``text`` with the same length, so offsets carry over.

    Matching lower-case text with case-sensitive regexes is several times faster than
    ``re.IGNORECASE``. A few characters ("İ") lower to two code points; those stay as they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low) == 1 else ch for ch, low in ((c, c.lower()) for c in text))


def normalize_term(term: str) -> str:
    """Lexicon key: lower case, curly apostrophes straightened, hyphen/space runs as one space."""
    return _SPACES.sub(SEPARATOR, term.strip().lower().replace("\u2019", "'")).strip()


def is_word(phrase: str) -> bool:
    """True for a cue that starts like an English word and so must match whole words only.

    Chinese cues have no spaces around them, and punctuation cues (";") have no word edges.
    """
    head = phrase.strip()[:1]
    return head.isascii() and head.isalnum()
