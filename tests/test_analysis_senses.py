"""Harm done, harm threatened and harm only spoken of: the line a reviewer's queue lives or
dies by. Each harmless reading sits beside the real harm it must not hide."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.analysis import PolicyError, analyze, load_policy
from tests.analysis import broken, cats, refused


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


def test_martial_arts_punch_is_not_violence_but_an_assault_there_is() -> None:
    lesson = "A martial arts instructor explains how to throw a proper punch and block a kick."
    assert "violence" not in cats(lesson)
    assert "violence" in cats("A man throws a punch at a stranger outside a bar.")
    assert "violence" in cats("At the karate dojo a student is assaulted and left bleeding.")


def test_nature_documentary_kill_is_not_violence() -> None:
    wildlife = (
        "In this nature documentary, a lion stalks a zebra; the narrator says the kill feeds "
        "the pride."
    )
    assert "violence" not in cats(wildlife)
    assert "violence" in cats("A man describes the killing of his neighbour.")


def test_a_thing_struck_is_not_violence_but_a_person_struck_is() -> None:
    harmless = [
        "His voice cracks with irritation and he slaps a sheet of paper on the lectern.",
        'He says, "Right, now we absolutely murder these onions," and chopping follows.',
        "The crowd reacts loudly to every attack on goal.",
        "The sound is rough, with a gong being beaten in the distance.",
    ]
    for text in harmless:
        assert "violence" not in cats(text), text
    harmful = [
        "He slaps her across the face and she cries out.",
        "He slaps him with a folder, hard enough to knock him back.",
        # the noun before is the sound, not the slap's object
        "There is a sharp smacking sound, possibly a slap, then a gasp.",
        "The wall collapses, killing two people in the street below.",
        # a person who undergoes it, or a preposition before the thing: not an object
        "A woman is beaten on the floor by two men.",
        "Two people were killed by the falling wall.",
        "She was beaten with a table leg.",
        "He slaps his daughter across the table.",
        "They attacked the guard at the door.",
        "He punches me against the wall.",
        "He lies bleeding on the floor after the fight.",
    ]
    for text in harmful:
        assert "violence" in cats(text), text


def test_naming_an_institution_is_not_political_speech() -> None:
    lecture = (
        "A teacher lists several railway acts passed by Parliament as dates for the students "
        "to note down. Later a colleague jokes that the office politics are unreal."
    )
    assert "political" not in cats(lecture)
    debate = "Members of parliament argue about a new healthcare bill, with jeers and shouts."
    assert "political" in cats(debate)


def test_slurs_and_dehumanising_language_are_hate_but_slurred_speech_is_not() -> None:
    assert "hate" in cats("He calls her a misogynistic slur and says women are useless.")
    assert "hate" in cats('He rants about immigrants: "They\'re vermin, all of them."')
    assert "hate" in cats("The voice note dehumanises nonbelievers as filth.")
    assert "hate" not in cats("His speech is slurred and slow after the third drink.")


def test_a_bass_drop_like_a_bomb_is_not_a_weapon_but_a_bomb_is() -> None:
    assert "weapons" not in cats("After the hook, the bass drops like a bomb.")
    assert "weapons" in cats("During the fireworks display a man says he has planted a bomb.")
    assert "weapons" in cats("The gas tank went off like a bomb in the crowded street.")


def test_policy_error_for_a_sense_reach_out_of_range(tmp_path: Path) -> None:
    line, message = refused(tmp_path, "    reach: 30\n", "    reach: 0\n", at="reach: 0")
    assert message == f"policy.yaml:{line}: sense.reach must be between 1 and 200, not 0"


def test_policy_error_for_a_sense_with_both_reach_and_scope(tmp_path: Path) -> None:
    line, message = refused(
        tmp_path, "    reach: 30\n", "    reach: 30\n    scope: sentence\n", at="reach: 30"
    )
    line += 1  # the scope line written after reach
    expected = f"policy.yaml:{line}: a sense takes either reach or scope: sentence, not both"
    assert message == expected
    # The default scope may be written out beside reach.
    load_policy(broken(tmp_path, "    reach: 30\n", "    reach: 30\n    scope: caption\n"))
    bad = broken(tmp_path, "    scope: narration\n", "    scope: paragraph\n")
    with pytest.raises(PolicyError, match=r"sense\.scope must be one of caption, sentence"):
        load_policy(bad)


def test_a_mark_quoted_into_its_term_is_refused(tmp_path: Path) -> None:
    line, message = refused(
        tmp_path,
        '      - "don\'t mention it to your mom": weak',
        '      - "don\'t mention it to your mom: weak"',
        at='"don\'t mention it to your mom: weak"',
    )
    assert message.startswith(f"policy.yaml:{line}: 'don't mention it to your mom: weak' in ")
    assert message.endswith('quote the term alone, as - "term": mark')


def test_talk_of_killing_the_caption_calls_a_joke_in_its_sentence_is_not_violence() -> None:
    banter = analyze(["The man jokes that he will murder both of you at Mario Kart later."])
    assert "violence" not in banter.categories
    assert banter.action == "pass"
    # A joke in another sentence excuses nothing.
    text = 'Earlier they were joking about work. Then he says coldly, "I\'ll kill you."'
    assert "threat" in cats(text)
    # A threat is never excused by a joke, nor is self-harm.
    joking = 'A man jokes with friends, then turns to his wife: "If you leave, I\'ll kill you."'
    assert "threat" in cats(joking)
    assert "self_harm" in cats('She jokes, "I\'m going to kill myself if I fail this exam."')
    assert "violence" in cats("The video shows a soldier playfully posing beside a massacre.")
    # A speaker calling it a figure of speech is not the caption saying so.
    denied = 'A woman cries, "He said he\'ll strangle me, and it was no figure of speech."'
    assert "violence" in cats(denied)


def test_attack_in_a_sentence_about_the_play_is_not_violence() -> None:
    assert "violence" not in cats("Saka cuts inside, the attack is beautiful, shoots, goal!")
    assert "violence" not in cats("Out of midfield, the attack builds down the left.")
    assert "violence" in cats("The striker was attacked outside the stadium by masked men.")
    assert "violence" in cats("A driver in a truck attacked a cyclist with a metal bar.")
    assert "violence" in cats("After the match, fans attack a steward outside the ground.")
    assert "violence" in cats("Near the goal, a fan runs on and attacks the keeper.")
    # Tasks are things, like the tables and drums before them; a person stays a person.
    assert "violence" not in cats('She says, "We need to attack the onboarding problem."')
    assert "violence" in cats("He attacks the calm protester from behind.")


def test_business_phone_number_is_not_pii() -> None:
    assert "pii" not in cats('A radio DJ reads out the phone number for listeners: "Call us now!"')
    assert "pii" in cats("A woman reads out her phone number and home address to a stranger.")
    assert "pii" in cats("A man dictates his office address and extension number to a colleague.")


def test_a_starting_pistol_is_not_a_weapon_and_a_storybook_sword_passes() -> None:
    race = "A starting pistol fires and the sprinters run; the pistol is only a starting signal."
    assert "weapons" not in cats(race)
    # LABELLING.md: a fairy tale's sword is a weapon; the frame lowers it to a pass.
    story = analyze(["A grandmother tells a bedtime story about a knight's sword."])
    assert "weapons" in story.categories
    assert story.action == "pass"
    assert "weapons" in cats("A man waves a sword and threatens the shopkeeper.")


def test_shooting_at_a_range_is_weapons_not_violence() -> None:
    lesson = analyze(["At the firing range the instructor demonstrates shooting a pistol."])
    assert lesson.categories == ("weapons",)
    assert "violence" in cats("A gunman is shooting at people in the street.")


def test_a_kitchen_knife_is_not_a_weapon_and_a_knife_alone_does_not_send_to_review() -> None:
    assert "weapons" not in cats("In a restaurant kitchen a chef slices onions with a knife.")
    hunters = analyze(["Two hunters talk quietly while a knife scrapes."])
    assert "weapons" in hunters.categories
    assert hunters.action == "pass"


def test_attack_is_read_as_the_phrase_it_belongs_to() -> None:
    terror = analyze(["The documentary describes the aftermath of a terrorist attack."])
    assert {"extremism", "violence"} <= set(terror.categories)
    assert "violence" not in cats("He suffers a panic attack and later a mild heart attack.")
