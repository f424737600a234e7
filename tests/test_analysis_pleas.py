"""One-line cries and vows in the speaker's own words: a caption with a single cue must still
be flagged when the cue is plain, and the same words said another way must not be."""

from __future__ import annotations

import pytest

from earmark.analysis import analyze


@pytest.mark.parametrize(
    ("category", "harmful", "harmless"),
    [
        # A scream for help is someone in danger; called, laughed, sung or asked, the same
        # words are not.
        ("distress", 'She screams, "Help me!"', '"Can you help me?" the customer asks politely.'),
        (
            "distress",
            'The woman shrieked, "Help me, somebody!"',
            'A child shouts, "Mom, help me! I can\'t reach the cereal!"',
        ),
        (
            "distress",
            'She is screaming, "Help me!" as glass breaks.',
            'She screams, laughing, "Help me, this ride is insane!"',
        ),
        (
            "distress",
            'She screams, "Help me!"',
            'She shrieks with laughter, "Help! Help!" as her brother tickles her.',
        ),
        ("distress", 'She screams, "Help me!"', 'She sings, "Help me! I\'m falling in love."'),
        # A vow to destroy the one spoken to; ending a subscription is not one.
        ("threat", 'A man growls, "I\'m going to end you."', "I'm going to end your subscription."),
        ("threat", 'He hisses, "I will end you."', 'He says, "I will end your contract today."'),
        # "Don't shoot!" pleads; a photographer's "don't shoot into the sun" advises.
        (
            "distress",
            'A man screams, "Don\'t shoot directly into the car, my kids are in there!"',
            'The tutor says, "Do not shoot directly into the sun."',
        ),
    ],
)
def test_a_plain_cry_or_vow_is_flagged_and_its_everyday_twin_is_not(
    category: str, harmful: str, harmless: str
) -> None:
    assert category in analyze([harmful]).categories
    assert analyze([harmless]).categories == ()
