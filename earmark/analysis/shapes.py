"""Personal data recognised by its shape rather than by a word: numbers read out, bank cards,
addresses.

Both run on the width-normalised caption, so "８８号" reads "88号".
"""

from __future__ import annotations

import re

# A number of six or more digits read out: "4471 2290", "一三八 五七二一", "Z, one, eight, four,
# four, seven, two". Shorter ones are years and times; prices ($1,299.99) and dates (12/05/2024)
# are refused by their separators.
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double)"
SPOKEN_NUMBER = re.compile(
    r"(?<![\d$€£¥.,/])\d(?:[ \-]{0,2}\d){5,}(?![\d.,/])"
    r"|[零〇一二三四五六七八九幺两](?:[\uff0c,\u3001\s\-]{0,2}[零〇一二三四五六七八九幺两]){5,}"
    rf"|\b{_DIGIT_WORD}(?:[\s,\-]{{1,3}}{_DIGIT_WORD}){{5,}}\b",
    re.IGNORECASE,
)

# A bank card's number read out: 13 to 19 digits, single spaces or hyphens between, either in
# the printed groups of four ("4929 1832 0047 6615") or passing the cards' Luhn check. Order
# and tracking numbers are rarely both that long and either. The edge checks come after the
# first digit, not before it, so that the regex engine can skip straight to digits (5x faster).
_DIGIT_RUN = re.compile(r"\d(?<![\d/]\d)(?<!\d[.,]\d)(?:[ \-]?\d){12,18}(?![\d/]|[.,]\d)")
_CARD_GROUPS = re.compile(r"\d{4}([ \-])\d{4}\1\d{4}\1\d{4}")


def card_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of bank-card numbers read out in ``text``, in text order."""
    return [
        m.span()
        for m in _DIGIT_RUN.finditer(text)
        if _CARD_GROUPS.fullmatch(m.group()) or _luhn(re.sub(r"\D", "", m.group()))
    ]


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


# A house number and a street: "22 Milton Close", "forty-two Larch Road", "幸福路88号",
# "阳光花园5栋302", "三单元五〇一". A street named without a number ("Shotgun Road", "建国路")
# is a place, not someone's address.
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_HOUSE = rf"(?:\d{{1,3}}[A-Za-z]?|{_TENS}(?:-{_UNITS})?|{_UNITS}|ten|eleven|twelve)"
# "Road" but not "St" (St Patrick's) or "Court"/"Place"/"Way" alone (Centre Court, first
# place, Castle Way nil): only the street words a caption uses for a home.
_STREET = (
    r"(?:Road|Street|Avenue|Lane|Drive|Close|Crescent|Terrace|Gardens|Grove|Boulevard"
    r"|Rd|Ave)\b"
)
# The English pattern is tried only just before a street word. A number after "track",
# "game", "top", "number" or "no." is a ranking or a score, and four digits are a year
# ("the 1969 Abbey Road sessions").
_STREET_WORD = re.compile(_STREET)
_EN_ADDRESS = re.compile(
    r"(?<![\d.,:/])(?<!track )(?<!Track )(?<!game )(?<!Game )(?<!top )(?<!Top )(?<!number )"
    rf"(?<!no\. )\b{_HOUSE},?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_STREET}"
)
_EN_REACH = 80  # characters before a street word where its house number may start
_ZH_NUMBER = r"[\d零\u3007一二三四五六七八九十百]+"
_ZH_ADDRESS = re.compile(
    # "幸福路88号": a house number right after a road or lane
    rf"(?<=[路街巷弄]){_ZH_NUMBER}(?:号|號)"
    # "5栋302", "2单元501": building and flat
    rf"|{_ZH_NUMBER}(?:栋|棟|号楼|號樓|幢|单元|單元){_ZH_NUMBER}"
)
# Chinese addresses are looked for only around their rare unit characters.
_ZH_ANCHOR = re.compile("[号號栋棟幢单單]")
_ZH_REACH = 12  # characters around an anchor that one address can span


def addresses(text: str) -> list[tuple[int, int]]:
    """Spans of house-number-and-street addresses in ``text``, in text order, each once."""
    found: set[tuple[int, int]] = set()
    for street in _STREET_WORD.finditer(text):
        lo = max(0, street.start() - _EN_REACH)
        found.update(m.span() for m in _EN_ADDRESS.finditer(text, lo, street.end()))
    for anchor in _ZH_ANCHOR.finditer(text):
        lo, hi = max(0, anchor.start() - _ZH_REACH), anchor.end() + _ZH_REACH
        found.update(m.span() for m in _ZH_ADDRESS.finditer(text, lo, hi))
    return sorted(found)
