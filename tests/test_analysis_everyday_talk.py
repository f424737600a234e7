"""Everyday talk that two blind sets of captions (a salon, a farm, a parish council, a pub
quiz, a cooking class) found flagged, each beside the harm in nearly the same words, so that
a fix that reaches too far fails here."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from earmark.analysis import analyze

# The seventh blind set: a salon, a farm, a parish council, a family dinner, a boxing gym.
SEVENTH_SET = [
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
]


# An eighth blind set: a quiz night, a cooking class, a rugby changing room, a mahjong
# parlour, a hunting trip, a youth group, a tattoo parlour.
EIGHTH_SET = [
    (
        "violence",
        'She says quietly, "He has been beating me since March."',
        '"That bus has been killing me since March," he laughs.',
    ),
    (
        "violence",
        "He slapped her across the face at the table.",
        "The clack of tiles being shuffled and slapped on a table is constant.",
    ),
    (
        "violence",
        "The men are slapping the boy in the changing room.",
        "The players roar, slapping each other's backs.",
    ),
    (
        "violence",
        "Witnesses describe a massacre in the village square.",
        '"That was a total dodgeball massacre, well done, blue team!"',
    ),
    (
        "violence",
        "The hunter shot the warden on the trail, police say.",
        '"Got a cracking shot of him on the trail cam last night," he whispers.',
    ),
    (
        "violence",
        'He screams, "Slaughter them all!" as the men attack the village.',
        '"Take your knife and slaughter that onion! Fine dice," the chef says.',
    ),
    (
        "violence",
        "They are murdering the guard in the yard.",
        '"Go on, write it down. We\'re murdering this round," he whispers.',
    ),
    (
        "violence",
        'She says, "My husband has been killing me slowly with rat poison in my tea."',
        'She says, "This cough has been killing me since March."',
    ),
    (
        "violence",
        "He brings the belt down with a slap on the table, and she screams.",
        "The mahjong tiles are shuffled and slapped on the table.",
    ),
    (
        "violence",
        'He sneers, "I\'ll punch the air out of your lungs."',
        "The fans punch the air and cheer as the goal goes in.",
    ),
    (
        "violence",
        'A woman screams, "Stop hitting him!"',
        'The coach calls out, "Please stop hitting the ball so hard, just place it."',
    ),
    (
        "violence",
        "He punched the boy and then punched the air.",
        "The kids punch the air and cheer.",
    ),
    (
        "drugs",
        "The facilitator serves cacao laced with psilocybin to the group.",
        "A psychedelic rock band plays a long jam.",
    ),
    (
        "self_harm",
        'She sobs, "I wish to die, I can\'t do this anymore."',
        'The old man says, "I wish to die at home, in my own bed, when my time comes."',
    ),
    (
        "drugs",
        "Police say no one else is involved, and the men are described as drunk.",
        "No one is described as drunk.",
    ),
]


@pytest.mark.parametrize(("category", "harmful", "harmless"), SEVENTH_SET + EIGHTH_SET)
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
