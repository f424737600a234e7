"""One-line cries and vows in the speaker's own words: a caption with a single cue must still
be flagged when the cue is plain, and the same words said another way must not be."""

from __future__ import annotations

import pytest

from earmark.analysis import analyze


@pytest.mark.parametrize(
    ("category", "harmful", "harmless"),
    [
        # A shouted "Help me!" is a cry for help; asked, laughed or sung, it is not.
        ("distress", 'She screams, "Help me!"', '"Can you help me?" the customer asks politely.'),
        (
            "distress",
            'She screams, "Help me!"',
            'A streamer laughs, "Help me! This boss is impossible!"',
        ),
        ("distress", 'She screams, "Help me!"', 'She sings, "Help me! I\'m falling in love."'),
        # A plea to stop because it hurts; laughed while tickled, it is play.
        (
            "distress",
            'A girl sobs, "Daddy, stop, it hurts!"',
            'She shrieks with laughter, "Stop, it hurts!" as her brother tickles her.',
        ),
        (
            "distress",
            'A boy cries, "It hurts, stop!"',
            'A boy laughs, "It hurts, stop!" as his sister tickles him.',
        ),
        # A vow to destroy the one spoken to; ending a subscription is not one.
        ("threat", 'A man growls, "I\'m going to end you."', "I'm going to end your subscription."),
        ("threat", 'He hisses, "I will end you."', 'He says, "I will end your contract today."'),
        # "Don't shoot!" pleads; a photographer's "don't shoot into the sun" advises.
        (
            "distress",
            'The cashier stammers, "Don\'t shoot!"',
            'The tutor says, "Do not shoot directly into the sun."',
        ),
    ],
)
def test_a_plain_cry_or_vow_is_flagged_and_its_everyday_twin_is_not(
    category: str, harmful: str, harmless: str
) -> None:
    assert category in analyze([harmful]).categories
    assert analyze([harmless]).categories == ()
