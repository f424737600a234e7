"""Harm done, harm threatened and harm only spoken of: the line a reviewer's queue lives or
dies by. Each harmless reading sits beside the real harm it must not hide."""

from __future__ import annotations

import pytest

from earmark.analysis import analyze
from tests.test_analysis import cats


@pytest.mark.parametrize(
    "text",
    [
        "The man keeps threatening to stab the police officers if they come closer.",
        "In summary, a livestream with a specific, credible threat of a shooting at a school.",
        'The man screams, "I\'ll stab the first one of you that moves!"',
    ],
)
def test_violence_threatened_is_a_threat_not_violence_done(text: str) -> None:
    found = cats(text)
    assert "threat" in found
    assert "violence" not in found


@pytest.mark.parametrize(
    "text",
    [
        "He threatened to leave, then stabbed her in the kitchen.",
        "He threatens to call the police and stabs her twice.",
        "The man who made the threats murdered his wife.",
        "A threatening man attacks her in the stairwell.",
        "Later the threat became a shooting at the warehouse.",
    ],
)
def test_violence_beside_a_threat_is_still_violence(text: str) -> None:
    assert "violence" in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        '"My husband hits me when he drinks," she tells the nurse quietly.',
        '"He kicked me in the stomach and took my phone," she says, crying.',
        '"My partner headbutted me last night," the caller says in a flat voice.',
        '"He smashed my head into the counter," she whispers.',
        '"He pushed me down the stairs," the woman tells the operator.',
        '"My stepdad punched me," the boy says in the boxing gym after training.',
        "A man slashed him across the arm before running off.",
    ],
)
def test_calm_disclosures_of_assault_are_violence(text: str) -> None:
    assert "violence" in cats(text)


def test_kicked_out_is_an_eviction_not_a_kick() -> None:
    assert "violence" not in cats('"My landlord kicked me out last week," he says calmly.')


def test_a_possessive_before_a_thing_is_not_a_person_struck() -> None:
    assert "violence" not in cats("Mid-game a man slaps down his cards and crows with delight.")
    assert "violence" in cats("A man slaps his wife across the face in the kitchen.")
    assert "violence" in cats("He slaps her hard and she cries out.")


@pytest.mark.parametrize(
    "text",
    [
        "The producer punched her piano accompanist in the studio.",
        "A drunk customer attacked the karaoke host with a bottle.",
        "He killed the generator operator.",
        "Doors bang, slaps, a woman sobbing.",
        "Guards are beating the backs of detainees.",
    ],
)
def test_a_thing_that_names_a_person_or_sits_past_a_comma_excuses_no_blow(text: str) -> None:
    assert "violence" in cats(text)


def test_punches_landing_in_a_bout_are_violence_but_training_is_not() -> None:
    bout = analyze(
        ["At the boxing match a heavy punch lands in the seventh round and the crowd roars."]
    )
    assert "violence" in bout.categories
    assert bout.action == "pass"  # a sanctioned bout is sport: lowered, not blocked
    training = "In the boxing class the coach tells everyone to punch the pads harder."
    assert "violence" not in cats(training)


def test_everyday_idioms_of_being_killed() -> None:
    assert "violence" not in cats('"This exam is actually killing me," one student whispers.')
    assert "violence" not in cats('"I\'d kill the loyalty feature," the product manager says.')
    assert "violence" in cats('"He is actually killing me, please send help!" the caller screams.')
    real = '"My husband is going to kill me when he finds out I called," she whispers.'
    assert "violence" in cats(real)


def test_drills_are_not_violence_but_what_happens_around_them_is() -> None:
    assert "violence" not in cats('"Sir, can we do the shooting drill again?" a pupil asks.')
    assert "violence" in cats("Police say the basketball shooting left two teenagers dead.")
    assert "violence" in cats("At the chess club, a man attacks another player with a bottle.")


def test_a_toll_at_a_concert_is_no_performance_slang() -> None:
    assert "violence" not in cats("The comedian is killing it on stage and the crowd roars.")
    bombing = "A bomb went off at the concert, killing nine, a survivor says in a numb voice."
    assert "violence" in cats(bombing)


def test_weapons_named_by_the_act_and_the_blade() -> None:
    assert "weapons" in cats("Witnesses say the gunman opened fire in the market.")
    assert "weapons" in cats("He waves a cleaver at the neighbour and screams at him.")
    cooking = "In the restaurant kitchen the chef chops ribs with a cleaver for the stew."
    assert "weapons" not in cats(cooking)


def test_a_self_harm_blade_is_self_harm_not_a_weapon() -> None:
    found = cats('"I cut my arms with a razor blade again last night," she says quietly.')
    assert "self_harm" in found
    assert "weapons" not in found
    assert "weapons" in cats("He pulls a razor blade and holds it to the cashier's throat.")


def test_slang_with_weapons_in_it() -> None:
    assert "weapons" not in cats('"This cake is going to be the bomb, trust me," she laughs.')
    assert "weapons" not in cats('"Fine, I\'ll take the bullet and own the pricing page."')
    assert "weapons" in cats('"There\'s the bomb, under the seat, everybody get out!"')


def test_the_loser_of_a_game_is_no_insult() -> None:
    assert "harassment" not in cats('"The loser does the dishes!" Dad laughs.')
    assert "harassment" in cats('"You are the loser nobody wants here," the boys jeer at him.')


def test_chinese_idioms_of_dying_and_rescue_are_affection_and_thanks() -> None:
    grandma = '奶奶笑着说:"想死你了,放假赶紧回来!" (Grandma misses you to death!)'
    assert cats(grandma) == set()
    assert cats('她笑着说:"你是我的救命恩人!" (You are my lifesaver!)') == set()
    assert "self_harm" in cats('她哭着说:"我真的想死了。" (I really want to die.)')
    assert "distress" in cats('她尖叫:"救命!有人在撬门!" (Help! Someone is breaking in!)')


def test_a_defender_murdered_for_pace_is_football() -> None:
    play = '"He\'s murdered the left-back for pace and smashed it into the top corner!"'
    assert "violence" not in cats(play)
    assert "violence" in cats("A fan murdered the left-back outside the ground, police say.")
    attacked = "The striker was attacked outside the ground after he scored in the top corner."
    assert "violence" in cats(attacked)


@pytest.mark.parametrize(
    "text",
    [
        '"We should just kill the old export feature," the product owner says.',
        '"You look like you want to murder that minivan," her passenger teases.',
        "The nurse stresses that one pill can kill.",
        '"I could murder a pint," he sighs.',
        '"I could strangle myself, I stayed up till three for that," he laughs.',
        "A man furiously threatens to track down and kill another player at his home.",
    ],
)
def test_violence_only_meant_against_no_one_is_not_violence_done(text: str) -> None:
    assert "violence" not in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        'A woman cries, "He said he\'ll strangle me, and it was no figure of speech."',
        'A man hands her an envelope and says, "I\'ll murder you if you talk."',
        "He always said he wanted to kill her, and last night he stabbed her.",
        "He threatened to leave and stabbed her in the hallway.",
        "My dad would beat her every night when he got home.",
        '"We will attack the convoy at dawn. Kill every soldier," the commander says.',
        '"We should kill all the immigrants," a man shouts at the rally.',
        "The bomb could kill hundreds, police warn.",
        '"I\'m going to kill that stupid little boy," he mutters.',
        '"I\'ll kill your dog next," he snarls.',
        "The boy takes a punch to the face and falls to the floor.",
        "He got punched in the face outside the pub.",
        '"Will stabs Tom in the kitchen," she reads from the script.',
        "A man threatens to leave and stabs his wife in the hallway.",
    ],
)
def test_violence_meant_against_a_person_or_done_after_the_words_stays(text: str) -> None:
    assert "violence" in cats(text)


def test_a_threat_to_stab_someone_is_a_threat() -> None:
    assert "threat" in cats('A man snarls, "I\'m gonna stab you, I swear."')
    assert "threat" in cats('"Open the till or I\'m going to stab you!" the masked man shouts.')


@pytest.mark.parametrize(
    ("harmless", "harmful"),
    [
        (
            '"We had the loveliest cream tea in Lower Slaughter," she says.',
            'He yells, "Stop, Kill Him Now!"',
        ),
        (
            '"Says the bloke who fell asleep during Kill Bill," his friend laughs.',
            'She screams, "he is Killing Me!"',
        ),
        (
            '"Says the bloke who fell asleep during Kill Bill," his friend laughs.',
            'She screams, "Please don\'t Kill Him!"',
        ),
        (
            "Heavy rain slaps against the window as she reads.",
            "He was beaten against the wall by two men.",
        ),
    ],
)
def test_a_name_in_speech_or_a_thing_struck_is_no_blow(harmless: str, harmful: str) -> None:
    assert "violence" not in cats(harmless)
    assert "violence" in cats(harmful)


def test_speakers_alive_to_say_something_killed_them() -> None:
    assert "violence" not in cats('She laughs, "That exam literally killed me."')
    assert "violence" in cats('She sobs, "He nearly killed me last night."')
    assert "violence" in cats('"He could have killed me," she tells the officer.')
    assert "violence" in cats('"They killed me brother last night," he sobs.')


def test_a_threat_to_break_a_bone_is_a_threat() -> None:
    assert "threat" in cats('"Get in your room before I break your jaw," the man shouts.')


def test_an_attack_on_a_place_full_of_people_announced_is_a_threat() -> None:
    assert "threat" in cats("He says he's going to shoot up the school tomorrow.")
    assert "threat" in cats("We should bomb the mosque on Friday, he tells the group.")


@pytest.mark.parametrize(
    ("text", "category", "excused"),
    [
        ('A man laughs and says, "My wife is going to kill me."', "violence", True),
        ('"My boss will kill me," he says, laughing.', "violence", True),
        (
            'He jokingly tells his wife, "I will murder you if you spoil the ending."',
            "violence",
            True,
        ),
        ('Laughing, a woman tells her sister, "Mum is going to kill me."', "violence", True),
        ('The man jokes that he will "murder both of you at Mario Kart".', "violence", True),
        ('She squeals, laughing, "救命! This is so spicy!"', "distress", True),
        ('A commentator laughs, "Help! Somebody please help this defence!"', "distress", True),
        ('A radio host laughs as a caller says, "My ex is going to kill me."', "violence", False),
        ('"My ex is going to kill me," the caller says, and the host laughs.', "violence", False),
        ('The men just laugh as she cries out, "Help!"', "distress", False),
        ('A woman cries out "Help!" and a man laughs.', "distress", False),
        ('Tom laughs as Anna screams, "Help!"', "distress", False),
    ],
)
def test_laughter_excuses_quoted_words_only_when_it_is_their_speakers(
    text: str, category: str, excused: bool
) -> None:
    assert (category not in cats(text)) is excused
