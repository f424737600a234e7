"""Personal data recognised by its shape rather than by a word: numbers read out, addresses.

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

# A house number and a street: "22 Milton Close", "forty-two Larch Road", "幸福路88号",
# "阳光花园5栋302", "三单元五〇一". A street named without a number ("Shotgun Road", "建国路")
# is a place, not someone's address.
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_HOUSE = rf"(?:\d{{1,4}}[A-Za-z]?|{_TENS}(?:-{_UNITS})?|{_UNITS}|ten|eleven|twelve)"
_STREET = (
    r"(?:Road|Street|Avenue|Lane|Drive|Close|Way|Crescent|Court|Place|Terrace|Gardens|Grove"
    r"|Boulevard|Rd|St|Ave)\b"
)
# The English pattern is tried only just before a street word.
_STREET_WORD = re.compile(_STREET)
_EN_ADDRESS = re.compile(rf"\b{_HOUSE},?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_STREET}")
_EN_REACH = 80  # characters before a street word where its house number may start
_ZH_NUMBER = r"[\d零\u3007一二三四五六七八九十百]+"
_ZH_ADDRESS = re.compile(
    # "幸福路88号": a number right after a street, estate or district
    rf"(?<=[路街道巷弄村园園区區苑]){_ZH_NUMBER}(?:号|號|栋|棟|幢|弄)"
    # "5栋302", "2单元501": building and flat
    rf"|{_ZH_NUMBER}(?:栋|棟|号楼|號樓|幢|单元|單元|座){_ZH_NUMBER}"
)
# Chinese addresses are looked for only around their rare unit characters.
_ZH_ANCHOR = re.compile("[号號栋棟幢弄座单單]")
_ZH_REACH = 12  # characters around an anchor that one address can span


def addresses(text: str) -> list[tuple[int, int]]:
    """Spans of house-number-and-street addresses in ``text``, in text order."""
    found: list[tuple[int, int]] = []
    searched = 0  # the English pattern never looks at the same text twice
    for street in _STREET_WORD.finditer(text):
        lo = max(searched, street.start() - _EN_REACH)
        found.extend(m.span() for m in _EN_ADDRESS.finditer(text, lo, street.end()))
        searched = street.end()
    searched = 0
    for anchor in _ZH_ANCHOR.finditer(text):
        if anchor.start() < searched:
            continue
        window = _ZH_ADDRESS.finditer(
            text, max(searched, anchor.start() - _ZH_REACH), anchor.end() + _ZH_REACH
        )
        for m in window:
            found.append(m.span())
            searched = m.end()
    found.sort()
    return found
