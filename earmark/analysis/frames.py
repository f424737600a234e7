"""Produced content: which parts of a caption a film, a song or a screen frames as fiction.

A fiction cue ("film trailer", "radio drama") frames the whole caption, unless it is "film" the
verb ("bystanders film a fight") or what a screen in the room plays ("a television plays a
sitcom"). A screen's show and a song (context.fiction_sentence) frame only what they play:
from the cue's clause to the end of its sentence or to where someone in the room acts. A song
noun playing in the room ("a pop song plays on the radio") frames nothing unless that span
tells what the song says.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .patterns import Spans

if TYPE_CHECKING:
    from .context import CaptionContext

# "film" the verb is people recording ("bystanders film a fight", "a man films his son"),
# not a film: no determiner before it ("the film her husband directed") and an object or
# "as"/"while"/"from" after it ("TV and film stunts" stays a film).
_FILM_VERB = re.compile(r"films?", re.IGNORECASE)
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|this|that|these|those|his|her|their|my|our|your|its|whose|one|two"
    r"|three|four|five|\d+)|[\"“(])\s+\Z",
    re.IGNORECASE,
)
_VERB_AFTER = re.compile(
    r"\s+(?:a|an|the|this|that|it|her|him|them|me|us|you|his|their|my|our|your|each other"
    r"|everything|himself|herself|themselves|myself|yourself|from|as|while|on)\b",
    re.IGNORECASE,
)
# A screen in the room playing a film, sitcom or cartoon frames what it plays, not the caption
# ("A television plays a sitcom in another room. He slaps her."). The fiction cue is
# played when a playback word stands next to it ("plays a Cantonese drama", "a sitcom laugh
# track plays", "a cartoon on the TV") and its sentence names a screen (context.screens); a
# song cue, when one stands next to it ("a pop song plays on the radio", "over a loud song").
_PLAYED_BEFORE = re.compile(
    r"\b(?:plays|playing|shows|showing|is on|are on|over|blasting|blaring)\s+"
    r"(?:(?:a|an|the|some|old)\s+)*(?:[\w'\-]+\s+)?\Z",
    re.IGNORECASE,
)
_SCREEN_WORD = re.compile(r"\b(?:tv|television)\b", re.IGNORECASE)  # "a TV drama plays"
# What a screen or a song plays runs from its clause to the end of the sentence ("a war film,
# with gunfire and a man screaming in pain"), unless someone in the room acts first: a
# pronoun after a comma or a conjunction ("a TV plays a sitcom while he slaps his wife"), or
# a person after "while", "as" or "when" ("as the father beats his son"; context.person_nouns,
# checked in Frames._played_span).
_NEW_AGENT = re.compile(
    r"(?:[,;]|\b(?:while|as|when|whereas|and|then))\s+(?:he|she|they|i|we|someone|somebody)\b"
    r"|\b(?:while|as|when|whereas)\s+(?:(?:a|an|the|his|her|their|my|our)\s+)?(?P<noun>)",
    re.IGNORECASE,
)
_PLAYED_AFTER = re.compile(
    r"\s*(?:[\w'\-]+\s+){0,2}?(?:plays|playing|is playing|are playing|is on|are on|on the tv"
    r"|on tv|on the television|on television|blares|blaring|blasts|blasting|on the radio"
    r"|from the radio|in the background)\b",
    re.IGNORECASE,
)
# A song playing in the room ("a pop song plays on the radio as he punches her", "over a loud
# song from the car stereo") is a sound, not a frame: what people do beside it is real. What
# the song tells, before anyone in the room acts, still frames: its words (quoted, or cues of
# their own: "lyrics", "sings"), its performer ("the rapper boasts about shooting") or what
# it tells ("a song about...", "a ballad plays, telling of a man who shot his wife", "a murder
# ballad plays").
_SONG_NOUN = re.compile(r"songs?|ballad|anthem", re.IGNORECASE)
_SONG_TELLS = re.compile(
    r"\b(?:rappers?|singers?|vocalists?|vocals|frontman|frontwoman|about|tells?|telling"
    r"|describes|describing|narrates|narrating)\b|[\"“「]"
    r"|\b(?:murder|war|death|protest|battle)\s+(?:songs?|ballad|anthem)\b",
    re.IGNORECASE,
)


class Frames:
    """The fiction frames of one caption, read from its fiction and song cues."""

    def __init__(self, ctx: CaptionContext, fiction: Spans, songs: Spans) -> None:
        self._ctx = ctx
        self._text = ctx.text
        fiction = [
            (a, b) for a, b in fiction if not ctx.negated(a, b) and not self._film_the_verb(a, b)
        ]
        played = [(a, b) for a, b in fiction if self._played_on_screen(a, b)]
        songs = [
            (a, b) for a, b in songs if not ctx.negated(a, b) and not self._in_background(a, b)
        ]
        # Whether a fiction cue not played on a screen in the room frames the whole caption.
        self.caption_wide = any(cue not in played for cue in fiction)
        # What songs and screens in the room play, each fiction on its own.
        self.spans = [self._played_span(a, b) for a, b in songs + played]

    def _film_the_verb(self, start: int, end: int) -> bool:
        """The fiction cue at [start, end) is "film" or "films" used as a verb."""
        return (
            _FILM_VERB.fullmatch(self._text, start, end) is not None
            and _NOUN_BEFORE.search(self._text, max(0, start - 12), start) is None
            and _VERB_AFTER.match(self._text, end) is not None
        )

    def _in_background(self, start: int, end: int) -> bool:
        """The song cue at [start, end) names a song playing in the room, and what it plays
        (``_played_span``) tells nothing of what the song says (``_SONG_TELLS``)."""
        return (
            _SONG_NOUN.fullmatch(self._text, start, end) is not None
            and self._played(start, end)
            and _SONG_TELLS.search(self._text, *self._played_span(start, end)) is None
        )

    def _played(self, start: int, end: int) -> bool:
        """A playback word stands next to the cue at [start, end), in its sentence."""
        lo, hi = self._ctx.sentence(start)
        return bool(
            _PLAYED_BEFORE.search(self._text, lo, start) or _PLAYED_AFTER.match(self._text, end, hi)
        )

    def _played_on_screen(self, start: int, end: int) -> bool:
        """The fiction cue at [start, end) names what a screen in the room plays: a playback
        word next to it and a screen (context.screens, or the cue's own "a TV drama") in its
        sentence."""
        screen = self._ctx.nouns_in_sentence("screens", start) or _SCREEN_WORD.search(
            self._text, start, end
        )
        return self._played(start, end) and bool(screen)

    def _played_span(self, start: int, end: int) -> tuple[int, int]:
        """What the song or screen whose cue is at [start, end) plays: from the cue's clause
        to the end of its sentence or to where someone in the room acts (``_NEW_AGENT``)."""
        hi = self._ctx.sentence(start)[1]
        for m in _NEW_AGENT.finditer(self._text, end, hi):
            if self._ctx.in_quote(m.start()):
                continue  # the song's or the show's own words: 'She sings: "...and he stabbed"'
            if m.group("noun") is None or self._ctx.has_cue("person_nouns", m.end(), m.end() + 1):
                return self._ctx.clause(start, end)[0], m.start()
        return self._ctx.clause(start, end)[0], hi
