"""Everyday talk that a blind set of captions (a salon, a farm, a parish council, a family
dinner) found flagged, each beside the harm in nearly the same words, so that a fix that
reaches too far fails here."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from earmark.analysis import analyze


@pytest.mark.parametrize(
    ("category", "harmful", "harmless"),
    [
        # A dog's coat is groomed, not a child; a plea is a plea wherever it is said.
        (
            "distress",
            'Near the grooming table, a woman sobs, "Please stop hitting me."',
            "The recording is made in a busy dog-grooming salon; clippers buzz.",
        ),
        (
            "minors",
            "Police say the coach was grooming a boy he met online.",
            "The recording is made in a busy dog-grooming salon; clippers buzz.",
        ),
        # Idioms of a welcome, a dish, a look and a singer.
        (
            "violence",
            "The man was killed with a kitchen knife, the report says.",
            "Doreen's offered to bake, so we'll all be killed with kindness and sponge cake.",
        ),
        (
            "violence",
            'He gasps, "He is killing me, help!" as the blows land.',
            '"This braised fish is so good it\'s killing me," the father laughs.',
        ),
        (
            "violence",
            'She chokes and gasps, a sound like a strangled cat, as he growls, "Stop struggling."',
            'He shouts at the choir girl, "You sing like a strangled cat."',
        ),
        (
            "violence",
            "He is killing my brother, she screams.",
            '"This doodle\'s coat is killing my clippers," the groomer laughs.',
        ),
        # The dish does it, not a man beside a dish.
        (
            "threat",
            'At the vindaloo stand he snarls, "Hand over the cash or I\'ll blow your head off."',
            '"Their vindaloo will blow your head off," the stylist says. Both laugh.',
        ),
        (
            "violence",
            'She sobs, "He said he\'d kill me if I left him."',
            'She says, laughing, "My husband said he\'d kill me if she came home in a pink bow."',
        ),
        # A crowd set on a named man, not on its own fears.
        (
            "harassment",
            "She reads out his home address, urging others to confront him there.",
            "The coach urges others to confront their fears on the climbing wall.",
        ),
        # The units of an adult's age are no child's age.
        (
            "minors",
            "Police say a four-year-old boy was stabbed outside a nightclub.",
            "Police say a twenty-four-year-old man was stabbed outside a nightclub.",
        ),
    ],
)
def test_everyday_talk_is_not_harm_and_the_harm_beside_it_is(
    category: str, harmful: str, harmless: str
) -> None:
    assert category in analyze([harmful]).categories
    assert category not in analyze([harmless]).categories


def test_a_true_crime_podcast_retelling_a_killing_passes() -> None:
    podcast = (
        "Two hosts of a true-crime podcast recount a 1974 case: the coroner concluded the"
        " woman had been strangled, and the murder went unsolved for forty years."
    )
    result = analyze([podcast])
    assert "violence" in result.categories  # named, for a reviewer who looks
    assert result.action == "pass"  # retold, as the news retells it
    assert analyze([podcast.replace("true-crime podcast", "neighbourhood")]).action == "block"
    # A fan's taste in podcasts frames nothing.
    fan = 'She says, "I love true crime," and then he punches her in the face.'
    assert analyze([fan]).action == "block"


def test_a_leader_who_asks_a_child_for_secrecy_from_parents_is_minors() -> None:
    grooming = (
        "A man speaks quietly to a boy of about eleven: \"This is just our thing. Don't mention"
        " it to your mom or the other leaders, okay? Come over after everyone's asleep. Our"
        ' secret." He insists the boy keep it secret from his parents.'
    )
    assert "minors" in analyze([grooming]).categories
    # One cue alone is a secret kept, not grooming; a surprise or a recipe names its secret.
    party = 'A man tells a boy, "The party is our secret, so not a word."'
    assert "minors" not in analyze([party]).categories
    gift = (
        'A dad tells his son, "The birthday present is our secret, don\'t mention it to your mom."'
    )
    assert "minors" not in analyze([gift]).categories
    recipe = 'Grandma whispers, "This is our secret recipe, don\'t tell your mom," and giggles.'
    assert "minors" not in analyze([recipe]).categories
    shirt = 'A man tells a nine-year-old girl, "Take off your shirt, it\'s our secret."'
    assert "minors" in analyze([shirt]).categories


def test_a_bet_taken_in_cantonese_is_gambling() -> None:
    bookie = (
        'A vendor says, "今晚英超，我呢度開一賠二點三，落注搵我，現金就得。" (Tonight\'s Premier'
        " League, I'm offering odds; come to me to place a bet, cash only.)"
    )
    assert "gambling" in analyze([bookie]).categories
