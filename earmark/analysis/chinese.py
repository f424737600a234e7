"""Chinese matching over the quoted original-language speech inside an English caption.

The captioner quotes Chinese speech verbatim, so any run of ideographs in a caption is speech.
Each run is normalised (full width → half width, traditional → simplified via zhconv, noise
characters such as "操*你" dropped) while remembering where every kept character came from, so a
hit maps back to caption offsets and ``caption[start:end]`` is the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import zhconv

from .patterns import WIDTH_TABLE, Entry, Hit, trie_pattern

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters people put between ideographs to dodge filters. Full-width sentence punctuation
# is not noise: removing it would join words across sentences.
_NOISE = r"\s*.·•_\-~^#@$%&+=|/\\"
_RUN = re.compile(f"[{_CJK}](?:[{_NOISE}]{{0,3}}[{_CJK}])*")
_NOISE_RE = re.compile(f"[{_NOISE}]")
_IDEOGRAPH = re.compile(f"[{_CJK}]")


def zh_key(text: str) -> str:
    """Normal form of a Chinese lexicon term or allowlist word."""
    return _NOISE_RE.sub("", simplify(text.translate(WIDTH_TABLE)))


def simplify(text: str) -> str:
    """Traditional → simplified, guaranteed to keep the length (offsets depend on it)."""
    out: str = zhconv.convert(text, "zh-cn")
    if len(out) == len(text):
        return out
    # zhconv converts some phrases many-to-one; fall back to character by character.
    chars = [zhconv.convert(ch, "zh-cn") for ch in text]
    return "".join(c if len(c) == 1 else o for c, o in zip(chars, text, strict=True))


class ZhMatcher:
    """Finds Chinese lexicon terms; compiled once per policy."""

    def __init__(self, lexicon: Mapping[str, list[Entry]], allow: Iterable[str]) -> None:
        self._lookup: dict[str, tuple[Entry, ...]] = {}
        for term, entries in lexicon.items():
            key = zh_key(term)
            self._lookup[key] = self._lookup.get(key, ()) + tuple(entries)
        self._terms = re.compile(trie_pattern(self._lookup) or r"(?!x)x")
        allow_keys = [zh_key(word) for word in allow]
        self._allow = re.compile(trie_pattern(allow_keys) or r"(?!x)x")

    def find(self, text: str) -> list[Hit]:
        """Hits in ``text`` (already width-normalised), with offsets into ``text``."""
        if not _IDEOGRAPH.search(text):
            return []
        kept: list[str] = []  # kept characters, in pieces
        where: list[int] = []  # caption offset of each kept character
        for run in _RUN.finditer(text):
            base, chars = run.start(), simplify(run.group())
            if _NOISE_RE.search(chars):
                for i, ch in enumerate(chars):
                    if not _NOISE_RE.match(ch):
                        kept.append(ch)
                        where.append(base + i)
            else:  # the usual case: nothing to drop
                kept.append(chars)
                where.extend(range(base, base + len(chars)))
            kept.append("\n")  # runs never join: a term cannot span two quotes
            where.append(run.end())
        flat = "".join(kept)
        allowed = [m.span() for m in self._allow.finditer(flat)]
        hits: list[Hit] = []
        for m in self._terms.finditer(flat):
            s, e = m.span()
            if any(a < e and s < b for a, b in allowed):
                continue  # 操 inside 操作, 杀 inside 杀毒: a harmless word owns these characters
            weak = None
            if e - s == 1:
                # A lone character is only a term when it stands alone ("操!"), never when it
                # is glued to other ideographs whose word we do not know.
                if _IDEOGRAPH.match(flat[s - 1 : s] or "\n") or _IDEOGRAPH.match(flat[e : e + 1]):
                    continue
                weak = "zh_single_char"
            hits.append(Hit(where[s], where[e - 1] + 1, self._lookup[m.group()], weak))
        return hits
