"""A child's harm told in plain words (a disclosure, a lure, sextortion, a silencing threat),
each beside the everyday talk of parents, coaches and vloggers in nearly the same words, so
that a cue that reaches too far fails here. A child in danger is block in any frame."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from earmark.analysis import analyze


@pytest.mark.parametrize(
    ("categories", "harmful", "harmless"),
    [
        # Made to touch someone, and a hand inside clothes; a zoo's snake and a toddler's own
        # hand are not.
        (
            {"sexual", "minors"},
            'The girl says, "He made me touch him and said it was our special game."',
            'The boy laughs, "Grandad made me touch the snake at the zoo!"',
        ),
        (
            {"sexual"},
            "A mother sobs, \"He put his hand inside my son's pants, he's six.\"",
            'The mum laughs, "He\'s got his hand down his pants again, typical toddler."',
        ),
        # A coach who watches a girl change and remarks on her body; a body's language is
        # no body.
        (
            {"sexual", "minors"},
            "In summary, a teenage girl says her coach watched her undress and kept commenting"
            " on her body.",
            "In summary, the drama coach keeps commenting on her body language in the scene.",
        ),
        # Pictures demanded of a child, and their exposure threatened; a photographer's are
        # neither.
        (
            {"sexual", "threat"},
            "A man says to a girl, \"If you don't send more pictures, I'll send these ones to"
            ' everyone at your school."',
            'The photographer says, "I\'ll send these to your parents by Friday."',
        ),
        (
            {"sexual"},
            'The donation voice reads, "I\'ll pay way more for revealing pics, little one."',
            'The bride says, "We\'ll keep the private pictures for the family album."',
        ),
        # A lure at a playground: a parent's errand, a puppy, a secret.
        (
            {"minors"},
            "A man says to a young girl, \"Your mum asked me to pick you up. I've got a puppy"
            " in the car, do you want to see him? Don't tell the other kids, it's our secret.\"",
            '"When Mum is at work, Grandad picks us up from school," the girl explains.',
        ),
        # A leader's secret kept from a child's parents, in Mandarin; a song kept as a surprise
        # for Mother's Day is not one.
        (
            {"minors"},
            'A man says to a boy, "这是我们的秘密，不能告诉你爸爸妈妈。" (This is our secret, you'
            " can't tell your mum and dad.)",
            'The leader tells the children, "这首歌是给妈妈们的惊喜，这是我们的小秘密！" (This'
            " song is a surprise for your mums, it's our little secret!)",
        ),
        # A kidnapper's threat to a child, in a trailer too; a parent who comes home is none.
        (
            {"threat", "minors"},
            'A film trailer. A little girl screams in terror as a man says, "Be quiet, or'
            " you'll never see your mummy again.\"",
            'A little girl squeals, "Mummy! Mummy!" with delight as her mother walks in.',
        ),
        # Pictures demanded with a threat; photos of a claim's damage are asked for by name.
        (
            {"sexual", "threat"},
            'A man tells a boy, "Unless you send more photos, everyone sees the video."',
            'An insurance agent says, "We can\'t pay unless you send more photos of the damage."',
        ),
        # The speaker's own acts on a child, said with a laugh about his wife.
        (
            {"minors"},
            'A man chuckles, "My wife would kill me if she knew what I do to you," to a crying'
            " girl.",
            'A podcast host laughs, "My editor would kill me if I went over time again."',
        ),
        # A child's plea to a drunk driver; a prank's "you're scaring me" is laughed.
        (
            {"distress", "minors"},
            'A little girl pleads, "Daddy, slow down, you\'re scaring me!"',
            'She laughs, "Stop it, you\'re scaring me!" as her brother jumps out.',
        ),
        # "kys" is "kill yourself".
        (
            {"harassment"},
            'The boys jeer, "You\'re trash, just kys, nobody would notice."',
            'The boys jeer, "You\'re trash at this game, just respawn already."',
        ),
        # A baby in a hot car and a call to 999; a first-aid lesson's 999 is taught.
        (
            {"distress", "minors"},
            "A woman says, \"There's a baby in this car, he's barely moving, someone call 999!\"",
            "In the first aid course the trainer explains what to do if someone is not breathing"
            " and when to call 999.",
        ),
        # A price for silence is no absence: the video is still there.
        (
            {"sexual", "minors"},
            "In summary, a man demands money from a teenage boy in exchange for not spreading a"
            " naked video of him.",
            "In summary, a man thanks a teenage boy in exchange for not spreading rumours.",
        ),
    ],
)
def test_a_childs_harm_is_flagged_and_its_everyday_twin_is_not(
    categories: set[str], harmful: str, harmless: str
) -> None:
    assert categories <= set(analyze([harmful]).categories)
    assert analyze([harmless]).action == "pass"


def test_same_sex_staff_and_a_bath_slap_are_no_harm_to_a_child() -> None:
    for text in (
        "The teacher says two members of staff of the same sex will supervise the changing"
        " rooms for the children.",
        "A toddler shrieks with laughter and slaps the water in the bath.",
        '"Not today, your parents would kill me," the coach laughs as the boys ask for chips.',
    ):
        assert analyze([text]).categories == (), text
    # The same words with the harm in them.
    assert "sexual" in analyze(["The children were shown sex videos by the coach."]).categories
    assert "violence" in analyze(["A toddler shrieks as the nanny slaps him."]).categories
    assert "violence" in analyze(['The boy sobs, "My dad would kill me, he said so."']).categories
