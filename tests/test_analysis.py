"""Behaviour of earmark.analysis that a moderation reviewer would notice."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import json
from pathlib import Path

import pytest

from earmark.analysis import (
    Analysis,
    Flag,
    PolicyError,
    analyze,
    default_policy_path,
    load_policy,
)


def cats(text: str) -> set[str]:
    return set(analyze([text]).categories)


def emos(text: str) -> set[str]:
    return set(analyze([text]).emotions)


def flags_of(result: Analysis, category: str) -> list[Flag]:
    return [f for f in result.flags if f.category == category]


# --- matching -------------------------------------------------------------------------------


def test_inflections_and_phrases_match_whole_words() -> None:
    assert "violence" in cats("One man repeatedly stabbed the other in the alley.")
    assert "self_harm" in cats("She says she wants to kill herself tonight.")
    assert "self_harm" in cats("He talks openly about self-harm and cutting himself.")


def test_scunthorpe_and_embedded_words_do_not_match() -> None:
    text = "A football commentator from Scunthorpe describes the match; a grasshopper chirps."
    assert analyze([text]).categories == ()
    # A slur's inflections are other words: each of these was blocked as hate.
    for text in (
        "She pours spiced wine.",
        "Glasses chinking at the bar.",
        "Chinks of light come through the shutters.",
        "He found a chink in his armour.",
    ):
        assert analyze([text]).categories == (), text
    assert "hate" in cats("He called him a chink.")


def test_allowlist_of_harmless_senses() -> None:
    text = (
        "A barista pulls a shot of espresso while the guitarist plays a killer riff. The sharp "
        "attack of the note rings out before an explosive chorus, and the crew is shooting a "
        "video for the band."
    )
    result = analyze([text])
    assert result.categories == ()
    assert result.action == "pass"


def test_english_obfuscation_is_matched() -> None:
    result = analyze(['The man yells "f.u.c.k this" and then "sh*t" at the camera.'])
    terms = {f.term for f in flags_of(result, "profanity")}
    assert terms == {"f.u.c.k", "sh*t"}


def test_chinese_traditional_noise_and_fullwidth_are_normalised() -> None:
    text = "A man shouts “我要殺了你！” (I'm going to kill you!) and then “操＊你　妈”."
    result = analyze([text])
    assert {"threat", "profanity"} <= set(result.categories)
    zh_terms = {f.term for f in result.flags if f.category in {"threat", "profanity"}}
    assert "我要殺" in zh_terms
    assert "操＊你　妈" in zh_terms


def test_chinese_single_character_guard() -> None:
    # 操 inside 操作 (operate) and 操场 (playground) is harmless.
    text = (
        "A teacher says “请大家先学习这个操作，然后去操场。” (Please learn this operation first.)"
    )
    assert analyze([text]).categories == ()
    assert "profanity" in cats("A man mutters “操！” (Damn!) after dropping his phone.")
    # 日你 (a curse) inside 今日你们 ("today you…"): the day word owns its 日.
    villain = "A villain says “今日你们一个都别想活着离开！” (Not one of you leaves alive today!)"
    assert "profanity" not in cats(villain)
    assert "profanity" in cats("A man yells “日你妈！” at the driver.")


def test_spans_point_at_the_term_in_each_segment() -> None:
    captions = [
        "A calm narrator describes a garden.",
        "Suddenly GUNFIRE erupts and a man screams in pain. “救命！” (Help!)",
    ]
    result = analyze(captions)
    assert result.flags
    for flag in result.flags:
        assert flag.segment == 1
        start, end = flag.span
        assert captions[flag.segment][start:end] == flag.term
        assert flag.term in flag.sentence
    assert {"GUNFIRE", "救命"} <= {f.term for f in result.flags}
    json.dumps(result.to_dict(), ensure_ascii=False)  # JSON-ready
    assert result.to_dict()["flags"][0]["span"] == list(result.flags[0].span)


# --- context --------------------------------------------------------------------------------


def test_negation_drops_matches_until_a_clause_boundary() -> None:
    text = (
        "There is no indication of violence, gunfire or screaming in the recording, but a man "
        "sounds angry. The speakers are calm rather than aggressive."
    )
    result = analyze([text])
    assert result.categories == ()
    assert result.emotions == ("anger",)
    assert [f.term for f in result.flags] == ["angry"]


def test_a_negation_ends_where_a_comma_opens_a_new_clause() -> None:
    # Each of these was passed: the opening phrase's negation ran on past the comma.
    harm = (
        "Without a word, he punched the woman.",
        "With no warning, she stabbed him twice.",
        "No doubt about it, they beat him up.",
    )
    assert {text for text in harm if not analyze([text]).categories} == set()
    calm = (
        "There is no shouting, swearing, or violence, she says.",
        "There are no weapons, threats or fights, and the tone is calm.",
        "No one is hurt, he says, and no shots are fired.",
        "There is no sign, they say, that a man was shot.",
        "There is no shouting, a scuffle, or any violence.",
    )
    assert {text for text in calm if analyze([text]).categories} == set()


def test_a_phrase_that_holds_a_negation_but_negates_nothing_excuses_no_harm() -> None:
    # Each of these was passed: "without", "not" and "never" read as negating the blow.
    harm = (
        "Without warning, two men attacked him outside the pub.",
        "Not long after, a man stabbed her in the street.",
        "He would not stop kicking her.",
        "He never stops hitting her, she says.",
        "He showed no mercy, beating the man senseless.",
        # A negation ends where "because" or a clause with "some"/"this" opens.
        "Nothing is to be posted to the house, because her husband broke her arm last year.",
        "She's not answering, some guy knocked her out.",
    )
    assert {text for text in harm if "violence" not in cats(text)} == set()
    calm = (
        "He did not hit her.",
        "He never hits anyone.",
        "Without warning, the rain started and everyone laughed.",
        "There was no fighting, and nobody was hurt.",
        "There is no shouting because nobody is home.",
        "He was arrested, not because he attacked anyone, but for trespassing.",
    )
    assert {text for text in calm if analyze([text]).categories} == set()


def test_negated_and_quoted_speech() -> None:
    # Negation cues inside quoted speech belong to the speaker: "don't hurt me" is distress.
    result = analyze(['A woman pleads, "Please, don\'t hurt me!" as a man shouts.'])
    assert "distress" in result.categories


def test_hedged_flags_are_kept_with_lower_confidence() -> None:
    plain = analyze(["A man is stabbed outside the building."])
    hedged = analyze(["A man may have been stabbed outside the building."])
    p, h = flags_of(plain, "violence")[0], flags_of(hedged, "violence")[0]
    assert h.hedged
    assert not p.hedged
    assert h.confidence < p.confidence
    assert hedged.risk_score < plain.risk_score
    assert hedged.action == "review"
    assert plain.action == "block"


def test_fiction_cue_anywhere_lowers_violence_but_not_sexual() -> None:
    violent = (
        "A soldier is shot dead amid gunfire as a man shouts threats.\n\n"
        "In summary, the recording appears to be from a film trailer."
    )
    result = analyze([violent])
    assert all(f.fictional for f in result.flags)
    assert flags_of(result, "violence")
    assert all(f.severity == "low" for f in flags_of(result, "violence"))
    assert result.action == "pass"
    sexual = "A woman moans during explicit sexual intercourse. It appears to be from a movie."
    sex = flags_of(analyze([sexual]), "sexual")
    assert sex
    assert all(f.severity == "high" for f in sex)
    assert all(f.fictional for f in sex)


def test_negated_fiction_cue_does_not_excuse_violence() -> None:
    text = "A man is stabbed and screams in pain. This is not a film; it sounds like a real street."
    result = analyze([text])
    assert not any(f.fictional for f in result.flags)
    assert result.action == "block"


def test_music_mood_is_not_a_person_emotion() -> None:
    text = (
        "A melancholic piano melody plays and the score evokes dread. The atmosphere is tense. "
        "A woman laughs happily."
    )
    result = analyze([text])
    assert result.emotions == ("joy",)
    assert {"sadness", "fear"} <= set(result.music_moods)


def test_combination_rule_minors_with_violence_is_high() -> None:
    text = "A man is beating a child, who cries in pain and begs him to stop."
    result = analyze([text])
    assert {"minors", "violence"} <= set(result.categories)
    assert result.risk_level == "high"
    assert result.action == "block"
    assert result.risk_score >= 95


def test_child_noun_near_harm_raises_minors_but_a_childs_voice_does_not() -> None:
    assert "minors" in cats("A toddler is slapped repeatedly and screams for help.")
    assert "minors" not in cats("A little girl reads a story aloud and giggles happily.")


def test_a_son_or_daughter_is_a_child_only_where_someone_lays_hands_on_them() -> None:
    # A son of any age: insulted, or named in a documentary on overdoses.
    insults = 'A father yells at his son, calling him "a disgrace" and "a useless idiot".'
    assert "harassment" in cats(insults)
    assert "minors" not in cats(insults)
    documentary = "In the documentary, a mother describes her son's heroin overdose."
    assert "minors" not in cats(documentary)
    # Hurt or threatened, a son or daughter is listed as a child.
    assert "minors" in cats("Her ex burned her son's arm with a cigarette.")
    assert "minors" in cats('He tells the father, "Pay, or 我会杀了你女儿."')
    assert "minors" in cats("A teenage boy is mocked as a loser by his classmates.")


def test_policy_error_for_an_unknown_key_in_a_second_near_group(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path,
        "      - categories: [violence, sexual, threat, distress]\n        nouns:\n",
        "      - categories: [violence, sexual, threat, distress]\n        names:\n",
        at="names:",
    )
    assert message == f"policy.yaml:{line}: unknown key 'names' in near"


def test_non_prefix_and_subject_negation() -> None:
    assert "sexual" not in cats("An intimate but entirely non-sexual ASMR session.")
    # "isn't" negates what follows it, not the panic that precedes it.
    result = analyze(["A panicked man cries that his father isn't breathing."])
    assert "fear" in result.emotions


def test_news_report_lowers_violence_severity() -> None:
    text = "A news anchor reports that two people were stabbed at a mall; a suspect is held."
    violence = flags_of(analyze([text]), "violence")
    assert violence
    assert all(f.severity == "low" for f in violence)


def test_a_frame_named_only_as_a_topic_excuses_nothing() -> None:
    # A scammer claiming a fraud team, a caller to a prevention hotline: the caption describes
    # real harm, so neither is a talk or a lesson.
    scam = (
        'A man says, "I am calling from the fraud prevention team at your bank. Read me the '
        'verification code and move your savings to a safe account." The woman sounds nervous.'
    )
    crisis = (
        "She calls a suicide prevention hotline and says, sobbing, "
        '"I have the pills here, I am going to end it all tonight."'
    )
    assert [analyze([text]).action for text in (scam, crisis)] == ["block"] * 2
    talk = (
        "In summary, this is a fraud-prevention talk in which a police officer explains "
        "safe-account scams and why no bank ever asks for a verification code."
    )
    assert analyze([talk]).action == "pass"


def test_a_blow_is_violence_when_a_person_takes_it() -> None:
    struck = (
        "A man hits his wife.",
        "Someone kicks the old man in the ribs.",
        "The old man is kicked repeatedly.",
        "A man smashes a bottle over another man's head.",
        "Her nephew has been shot, she says.",
        "The photographer was shot outside the venue.",
        "A portrait of the man who was shot hangs in the hall.",
        "He hit the woman's face with a belt.",
        "She was kicked down the stairs.",
        "The boy was shot by a man with a smile on his face.",
        "He hit his ex-wife.",
        # The speaker, by a person: "I" alone is no victim (below).
        "I was hit by my ex-boyfriend.",
        "I've been hit by my husband again.",
        "We were kicked by two men outside the station.",
        "He shoved her down the stairs.",
        'She says, "He kicked me and I fell."',
        "Dad hit Mum again tonight.",
        "She was punched in the face.",
        "He kept hitting me.",
        '"Daddy hit me again with the belt," he whispers.',
        "The man who did it shot two officers.",
        "He kicked the boys' heads in.",
        "He slammed the door and punched, the man fell.",
        "I was kicked by her.",
        "He hit her a few times.",
        "The man in flat 4 shoved her down the stairs.",
        # A break that ends in a pronoun (", and he") leaves the pronoun a person.
        "She screamed, and he was hit.",
        "He gets angry when I refuse, and he kicks me.",
    )
    assert {text for text in struck if "violence" not in cats(text)} == set()
    assert "minors" in cats("He hit the boy across the face.")
    figurative = (
        "The song hit me hard.",
        "The bass hits you right in the chest.",
        "She hits the snare and the crowd cheers.",
        "He kicks the ball to his teammate.",
        "She kicks off her shoes and sighs happily on the sofa.",
        "The teacher warns that skipping the quiz will hit their grades hard.",
        'The coach tells the striker, "Hit the man at the back post with that cross."',
        "He smacks his lips and kicks his shoes off.",
        "The singer hits his high note and the drop hits the crowd.",
        '"If this hits I win the whole parlay," he laughs.',
        "He was kicked out of the club for being late.",
        "The couple were shot in black and white on the pier.",
        "By the final night of the tour her voice was shot.",
        "She is worried the old man has been hit by a car.",
        "She's been killing the backlog all week.",
        "He is a kicking machine on the pitch.",
        "She shot him a look and laughed.",
        "He shot his daughter's wedding in the spring.",
        "I was struck by how quiet it was.",
        "I was struck by her kindness.",
        "I was struck by her husband's kindness.",
        "We got hit by the plague card.",
        "I was kicked by the baby all night.",
        "I was struck by the speaker, she was so calm.",
        "I got hit by my manager with three new projects.",
        "She kicks off her shoes and laughs.",
        "She was hit by a wave of nostalgia.",
        "He says the ride threw him around so much he felt sick.",
        "We'll punch in the vocal on the second chorus.",
        "He kicked me out of the band.",
        "She struck me as kind.",
        # "it" opening the clause, a second object, a thing striking, her things.
        "It struck him hard when the band split.",
        "My mum shot me a quick text.",
        "Then my dad kicked me the ball.",
        "I shot the guys a quick text.",
        "The wave smacked her in the face.",
        "The DJ kicks off her weekly show.",
        "We were struck by the officers' friendliness.",
        "The flu hit my step-dad hard.",
        "The news hit her like a train.",
        "She hit her elbow on the kerb.",
        "The kitten keeps attacking her feet.",
        "She burned him with a savage comeback.",
    )
    assert {text for text in figurative if "violence" in cats(text)} == set()
    # A thing before the verb does not excuse a person after it.
    assert "violence" in cats("He slams the door and punches at her face while she screams.")
    assert "violence" in cats('A woman sobs, "He hits me every night."')


def test_plainly_described_harm_is_flagged() -> None:
    # Each of these was flagged nothing: real harm in everyday words, not the captioner's
    # usual "a violent assault".
    cases = {
        "A man drags a woman across the floor by her hair while she screams.": "violence",
        "The mother shakes the baby violently and it wails.": "violence",
        'A woman says, "I\'ll burn this place to the ground."': "threat",
        'A boy says, "I\'ve been cutting again."': "self_harm",
        'A man says, "I took my mum\'s sleeping tablets an hour ago."': "self_harm",
        'A man offers, "I can get you xanax for Saturday, cash only."': "drugs",
        'A caller says, "Pay today in Bitcoin or you\'ll be arrested."': "fraud",
        'A woman gasps, "Yes, harder," amid rhythmic creaking of a bed.': "sexual",
        'The caller says quietly, "My cousin was shot last week."': "violence",
        "He says he was glassed in a pub last night.": "violence",
        'She whispers, "They stamped on his head until he stopped moving."': "violence",
        "Outside, fans are throwing bottles at the police.": "violence",
        'She says, "He held a knife to my throat and took my phone."': "violence",
        'He says, "They robbed me at knifepoint."': "weapons",
        "A guy outside the bar got his head cut open, she says.": "violence",
        "Her grandson pushed her to the floor and took her pension.": "violence",
        '"I\'ve been shot, please help," he gasps.': "violence",
        'He whispers, "Someone is trying to break in through the back door."': "distress",
        "Notes left at his door call him a nonce and a piece of filth.": "harassment",
        "He says his teenage son has been bringing a gun to school.": "threat",
        "He grabbed her by the hair and dragged her outside.": "violence",
        'She says, "He threw me against the wall."': "violence",
        "He slammed her into the door, she tells the officer.": "violence",
        "My husband choked me on Saturday, she says.": "violence",
        "She has a black eye and a split lip.": "violence",
        "Some guy knocked her out with one punch.": "violence",
        "He whacked her across the face.": "violence",
        "Last week he pushed her over in the kitchen.": "violence",
        "Her ex burned her son's arm with a cigarette.": "minors",
        '"Daddy held my hand on the stove," she says.': "violence",
        '"Open the door or I\'ll burn this house down!" he shouts.': "threat",
        "Mum's boyfriend just smacked her round the head.": "violence",
        "He slashed my hand with a knife.": "violence",
        "Her partner shook their baby and now the baby is floppy.": "minors",
        'She whispers, "他掐我的脖子" (he grabbed me by the neck).': "violence",
        "He put his hands round my neck and squeezed.": "violence",
        "She threw a glass at my head.": "violence",
    }
    assert {text: label for text, label in cases.items() if label in cats(text)} == cases
    school = analyze(["He says his teenage son has been bringing a gun to school."])
    assert [f.term for f in school.flags if f.category == "minors"] == ["teenage son"]
    # Weak alone, but shown to a reviewer: a fall is a catchphrase as often as an emergency.
    fallen = analyze(["She has fallen and can't get up off the kitchen floor."])
    assert [f.term for f in fallen.flags] == ["fallen and can't get up"]
    everyday = (
        "She orders a can of coke and some chips.",
        "Molly laughs and passes the salt.",
        'The cashier asks, "Pay in Bitcoin or with a card?"',
        'The photographer says, "I\'m going to shoot you by the window."',
        "The barber's clippers start cutting again.",
        "The baby shakes the baby rattle and giggles.",
        "The vlogger says the whole video was shot on her phone.",
        "She shot me a look and laughed.",
        "We sit on the glassed-in porch as rain falls.",
        "He locked her in a tight hug and laughed.",
        "That speech choked me up.",
        "The smoke was choking me.",
        "She beat me with a last-minute checkmate.",
        "It's hard to pin him down on a date.",
        "My boss threw me to the wolves.",
        "She shook the baby bottle.",
        "The sofa is pushed against the wall.",
        "A smoky black eye makeup tutorial.",
        "The Black Eyed Peas played live.",
        "A stomach bug knocked her out for most of Sunday.",
        '"The warm bath knocked her out completely," she says of the baby.',
        "They have a pillow fight, whacking each other with cushions.",
        "The baby has been kicking her in the ribs all night.",
        '"I can\'t get up this early on a Sunday," she laughs.',
    )
    assert {text for text in everyday if cats(text)} == set()


def test_sport_kitchen_and_desk_senses_of_blows() -> None:
    harmless = (
        "The commentator chuckles, \"The bowler's getting slaughtered, he is murdering the "
        'bowling today!"',
        'The chef says, "Now beat the eggs, beat them hard, don\'t be shy!"',
        "The manager sighs loudly and a folder slaps down on a desk.",
        'The instructor calls out, "We\'re shooting the video now!"',
    )
    assert not any("violence" in cats(text) for text in harmless)
    # Gunfire alone is weapons: violence needs harm.
    assert cats('He radios, "Possible shots fired, north of Cedar."') == {"weapons"}


def test_who_is_killing_or_beating_whom_decides_violence() -> None:
    # A thing "killing me" is an idiom; a progressive verb is done by its subject.
    for harmless in ("These new shoes are killing me.", "He is killing the backlog this week."):
        assert "violence" not in cats(harmless), harmless
    # A person killing me, or a person who undergoes a blow, is violence.
    for harm in (
        'She screams, "He is killing me! Help!"',
        'She sobs, "He is really killing me."',
        "The boy got a kicking from the older lads.",
        "A woman is being beaten on the floor.",
        "The man is beating his wife in the kitchen.",
    ):
        assert "violence" in cats(harm), harm


def test_everyday_senses_of_fear_joy_threat_and_advertising_words() -> None:
    assert "fear" not in emos('The consultant says gently, "I\'m afraid her kidneys are failing."')
    assert "fear" in emos('She whispers, "I\'m afraid of him."')
    assert "fear" in emos('A child whispers, "I\'m afraid to go home."')
    assert "joy" not in emos("Tyres squeal as the car speeds away.")
    assert "surprise" in emos('His friends yell, "No way!" at the unexpected landing.')
    assert "advertising" not in cats('She snaps, "I\'m ending this call now."')
    assert "threat" not in cats("She answers in a small voice, nervous and intimidated.")
    bombing = '主播说:"市场发生自杀式炸弹袭击。" (A suicide bombing hit a market.)'
    assert {"extremism", "weapons"} <= cats(bombing)
    assert "self_harm" not in cats(bombing)
    # A counsellor's direct question is care, not "kill yourself" hurled at someone.
    question = "A counsellor asks gently, 'Are you thinking about killing yourself?'"
    assert "harassment" not in cats(question)
    assert "harassment" in cats("He types, 'Go kill yourself, nobody likes you.'")


def test_people_watching_a_film_are_not_the_film() -> None:
    home = (
        "A family is watching a film at home when the father starts hitting the mother; she "
        'screams for help and sobs, "Please stop, you\'re hurting me."'
    )
    assert analyze([home]).action == "block"
    screen = (
        "Two friends watch a film together, laughing; on screen, a man is shot and screams in pain."
    )
    assert analyze([screen]).action == "pass"
    # A TV on in the room is not the caption's frame.
    tv = 'Canned laughter comes from the TV as a man shouts "I\'ll kill you" at his wife.'
    assert analyze([tv]).action == "block"
    # Nor is a bystander who films: the verb is no film.
    platform = "A bystander films on a platform. A man has just shoved an old man off the edge."
    assert analyze([platform]).action == "block"
    cartoons = 'A TV is playing cartoons in another room. She whispers, "He hit me with a belt."'
    assert analyze([cartoons]).action == "block"
    # A screen playing a sitcom or a film frames its own sentence, not the people's.
    sitcom = (
        "A sitcom laugh track plays from a TV in the living room. In the next room a woman"
        ' sobs, "Make him stop, he\'s hurting me," as a man slaps her.'
    )
    assert analyze([sitcom]).action == "block"
    war_film = (
        "A television plays a war film in the living room, with gunfire and a man screaming"
        " in pain, while a family chats over dinner."
    )
    assert analyze([war_film]).action == "pass"
    # A caption whose clip is the drama is framed by it whole.
    drama = "The clip is from a TV crime drama: a man slaps his wife and she cries out in pain."
    assert analyze([drama]).action == "pass"
    show = "A TV show plays in the living room. In the kitchen a man slaps his wife, who sobs."
    assert analyze([show]).action == "block"
    # In its own sentence, the screen plays what follows it until someone in the room acts.
    for real in (
        "A television plays a sitcom while he slaps his wife.",
        "A television plays a sitcom while a man slaps his wife.",
        "A TV plays a horror movie as the father beats his son with a belt.",
        'A TV plays cartoons in the living room as she screams, "Stop hitting me!"',
        "He slaps his wife while a sitcom plays on the TV.",
    ):
        assert analyze([real]).action == "block", real
    # The trade: a show's scene told in the next sentence reads as real. A caption that names
    # it ("in the film", "on screen") keeps it fiction.
    scene = "A crime drama plays on the TV. On screen, a man stabs his wife, who screams."
    assert analyze([scene]).action == "pass"


def test_a_song_playing_in_the_room_frames_nothing_but_what_the_song_tells_is_the_songs() -> None:
    for real in (
        "A pop song plays on the radio in the background as a man punches a woman.",
        'Over a loud song from the car stereo, he slaps her and shouts, "Shut up!"',
        "A pop song plays on the radio as he punches her about the head.",
        "A pop song plays on the radio in the two-story house as he punches his wife.",
    ):
        assert analyze([real]).action == "block", real
    for told in (
        "A drill song plays with lyrics about stabbing rivals.",
        "A rap song plays in which the rapper boasts about shooting his rivals.",
        "A sad song plays, telling the story of a man who shot his wife.",
        "A country song plays on the radio; the singer laments the night her brother was shot.",
        'A murder ballad plays. She sings: "He drew his blade and he stabbed her there."',
    ):
        result = analyze([told])
        assert "violence" in result.categories, told
        assert result.action == "pass", told


def test_repeated_hedged_evidence_adds_up() -> None:
    one = analyze(["A man may have been stabbed."])
    three = analyze(
        ["A man may have been stabbed. It might be a stabbing. Possibly a violent assault."]
    )
    assert three.risk_score > one.risk_score


def test_captions_must_be_a_sequence_of_strings() -> None:
    with pytest.raises(TypeError):
        analyze("one caption")


def test_benign_caption_passes() -> None:
    text = (
        "The recording features a woman explaining how to bake sourdough bread in a quiet "
        "kitchen. Her voice is warm and cheerful. In summary, it is a cooking tutorial."
    )
    result = analyze([text])
    assert result.categories == ()
    assert result.action == "pass"
    assert result.risk_level == "none"


# --- policy ---------------------------------------------------------------------------------


def test_policy_version_is_content_hash_and_cached() -> None:
    policy = load_policy()
    assert policy.version.startswith("sha256:")
    assert len(policy.version) == len("sha256:") + 16
    assert load_policy(default_policy_path()) is policy
    assert analyze(["quiet"], policy=policy).policy_version == policy.version


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = default_policy_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def _refused(tmp_path: Path, old: str, new: str, *, at: str) -> tuple[int, str]:
    """Break the default policy (``old`` -> ``new``) and load it: the number of the first line
    holding ``at``, and the message the policy is refused with."""
    path = _broken(tmp_path, old, new)
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    return _line_of(path, at), str(err.value)


def test_policy_error_names_file_and_line_for_unknown_category(tmp_path: Path) -> None:
    line, message = _refused(tmp_path, "  violence:\n", "  violnce:\n", at="violnce:")
    assert message == f"policy.yaml:{line}: category 'violnce' is not in the taxonomy"


def test_policy_error_for_bad_values_and_yaml_syntax(tmp_path: Path) -> None:
    path = _broken(tmp_path, "    weight: 85\n", "    weight: lots\n")
    with pytest.raises(PolicyError, match=rf"^policy.yaml:{_line_of(path, 'lots')}: weight"):
        load_policy(path)
    path = _broken(tmp_path, "schema: 1\n", "schema: [1\n")
    with pytest.raises(PolicyError, match=r"^policy.yaml:\d+: invalid YAML"):
        load_policy(path)


def test_policy_refuses_fiction_lowering_sexual(tmp_path: Path) -> None:
    path = _broken(
        tmp_path,
        "  sexual:\n    severity: high\n",
        "  sexual:\n    severity: high\n    fiction_lowers: true\n",
    )
    with pytest.raises(PolicyError, match="fiction must never lower 'sexual'"):
        load_policy(path)


def test_policy_refuses_real_in_live_chat_where_fiction_never_lowers(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path,
        "  sexual:\n    severity: high\n",
        "  sexual:\n    severity: high\n    real_in_live_chat: true\n",
        at="  sexual:",
    )
    assert message == (
        f"policy.yaml:{line + 2}: real_in_live_chat does nothing on 'sexual':"
        " fiction never lowers it"
    )
    # Fiction lowers every emotion, so there it means something.
    fear = _broken(tmp_path, "  fear:\n", "  fear:\n    real_in_live_chat: true\n")
    assert load_policy(fear).rules["fear"].real_in_live_chat


def test_replacement_policy_changes_behaviour(tmp_path: Path) -> None:
    path = _broken(tmp_path, "    - Scunthorpe\n", "    - Scunthorpe\n    - gunfire\n")
    policy = load_policy(path)
    assert policy.version != load_policy().version
    assert analyze(["Gunfire erupts."], policy=policy).categories == ()


def test_policy_error_for_a_sense_term_not_in_its_category(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path, "    terms: [pistol, gun,", "    terms: [pistl, gun,", at="[pistl, gun,"
    )
    assert message == f"policy.yaml:{line}: 'pistl' is not a term of 'weapons'"


def test_a_term_another_already_matches_in_every_form_is_refused(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path, "      - pistol\n", "      - pistol\n      - =pistols\n", at="- =pistols"
    )
    assert message == (
        f"policy.yaml:{line}: '=pistols' in categories.weapons.en is already matched, in every"
        f" form, by 'pistol' (line {line - 1}): remove one"
    )
    # Adding forms ("stabbing" also finds "stabbings") is not a repeat, nor is another mark.
    load_policy(_broken(tmp_path, "      - pistol\n", "      - pistol\n      - pistols: low\n"))


def test_a_form_written_out_with_its_own_mark_overrides_the_inflection() -> None:
    # "pissed off: low" beside "piss off": the form written out decides, not the inflection.
    flags = analyze(['He snaps, "I am so pissed off with you. Piss off."']).flags
    assert {(f.term, f.severity) for f in flags if f.category == "profanity"} == {
        ("pissed off", "low"),
        ("Piss off", "medium"),
    }


# --- senses: harmless readings chosen by context ---------------------------------------------


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
    line, message = _refused(tmp_path, "    reach: 30\n", "    reach: 0\n", at="reach: 0")
    assert message == f"policy.yaml:{line}: sense.reach must be between 1 and 200, not 0"


def test_policy_error_for_a_sense_with_both_reach_and_scope(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path, "    reach: 30\n", "    reach: 30\n    scope: sentence\n", at="reach: 30"
    )
    line += 1  # the scope line written after reach
    expected = f"policy.yaml:{line}: a sense takes either reach or scope: sentence, not both"
    assert message == expected
    # The default scope may be written out beside reach.
    load_policy(_broken(tmp_path, "    reach: 30\n", "    reach: 30\n    scope: caption\n"))
    bad = _broken(tmp_path, "    scope: narration\n", "    scope: paragraph\n")
    with pytest.raises(PolicyError, match=r"sense\.scope must be one of caption, sentence"):
        load_policy(bad)


def test_a_mark_quoted_into_its_term_is_refused(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path,
        '      - "it\'s our secret": weak',
        '      - "it\'s our secret: weak"',
        at='"it\'s our secret: weak"',
    )
    assert message.startswith(f"policy.yaml:{line}: 'it's our secret: weak' in ")
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


# --- wider lexicon ----------------------------------------------------------------------------


def test_paraphrases_of_anger_sadness_and_fear() -> None:
    assert "anger" in analyze(["A man bellows at his neighbour."]).emotions
    assert "anger" in analyze(["A woman speaks irritably to the caller."]).emotions
    # LABELLING.md: a cold or calm delivery alone is not anger.
    assert analyze(["A woman speaks coldly to the caller."]).emotions == ()
    assert "anger" in analyze(["He growled at the driver."]).emotions
    assert "sadness" in analyze(["She sobbed, her voice wavering."]).emotions
    assert "sadness" in analyze(["A man is fighting back tears."]).emotions
    assert "fear" in analyze(["Passengers react with alarm as a woman shrieks."]).emotions


def test_threat_paraphrases() -> None:
    result = analyze(["He hisses that she will regret it."])
    assert "threat" in result.categories
    assert "anger" in result.emotions
    assert "threat" in cats("The caller warns that he will make you pay.")


def test_scream_takes_the_emotion_its_phrase_names() -> None:
    assert analyze(["Children scream with delight on the rollercoaster."]).emotions == ("joy",)
    assert "fear" not in analyze(["She screams in disbelief at the result."]).emotions
    # A lone scream is a weak cue: kept as evidence, listed only with more of it.
    alone = analyze(["A woman screams as the door is forced open."])
    assert "fear" not in alone.emotions
    assert flags_of(alone, "fear")
    assert "fear" in analyze(["A woman screams in fear as the door is forced open."]).emotions
    shout = analyze(["A man screams at his colleague."])
    assert shout.emotions == ("anger",)


def test_quoted_words_inside_a_phrase_still_match() -> None:
    text = 'He describes a minority as "a disease" that must be "cleansed" from the nation.'
    assert "hate" in cats(text)


def test_cantonese_slang() -> None:
    result = analyze(
        ["A man shouts in Cantonese: 「仆街！我劈死你！」 (Damn you! I'll chop you up!)"]
    )
    assert {"profanity", "threat"} <= set(result.categories)
    assert "harassment" in cats("She mutters 「痴線」 (crazy) at him.")


def test_masked_slurs_are_hate() -> None:
    assert "hate" in cats("Someone types n***er in the chat.")
    assert "hate" in cats("He shouts the n-word at a passer-by.")


# --- emotion attribution ----------------------------------------------------------------------


def test_animal_sounds_are_not_emotions() -> None:
    result = analyze(["A dog barks once and dishes clatter in the kitchen."])
    assert result.emotions == ()
    assert result.music_moods == ()


def test_emotion_without_a_subject_takes_the_last_one_in_the_paragraph() -> None:
    text = (
        "Low drones rumble under dissonant strings, and the atmosphere is tense. Distant "
        "scrapes build a sense of dread.\n\nNo people speak."
    )
    result = analyze([text])
    assert result.emotions == ()
    assert "fear" in result.music_moods
    person = "A woman sits by the window. Later, quietly, there is weeping."
    assert "sadness" in analyze([person]).emotions


def test_subjectless_emotion_in_a_caption_with_people_is_a_persons() -> None:
    text = (
        "Two characters argue in a corridor as strings swell underneath.\n\n"
        "Apologising tearfully, one leaves."
    )
    assert "sadness" in analyze([text]).emotions


# --- precision on new wording: weak cues, sport, fiction families, reporting ------------------


def test_a_single_weak_emotion_cue_is_evidence_not_an_emotion() -> None:
    gasp = analyze(["The presenter gasps briefly, then reads the weather forecast."])
    assert gasp.emotions == ()
    assert [f.term for f in flags_of(gasp, "surprise")] == ["gasps"]
    assert flags_of(gasp, "surprise")[0].confidence < 0.5
    assert analyze(["He chuckles and moves on to the next slide."]).emotions == ()
    # Two weak cues of the same emotion, or an explicit emotion word, list it.
    assert "surprise" in analyze(["She gasps, then says 'Wow' twice."]).emotions
    assert "surprise" in analyze(["She gasps in astonishment."]).emotions


def test_a_gasp_beside_another_emotion_is_not_surprise() -> None:
    # A lone gasp in a frightening or sad moment is fear or grief, not surprise.
    sobbing = analyze(["She sobs and gasps, her voice quivering with terror."])
    assert set(sobbing.emotions) == {"fear", "sadness"}
    assert flags_of(sobbing, "surprise") == []
    assert analyze(["A child screams with joy at the birthday party."]).emotions == ("joy",)
    # The clause that names an emotion says what the screams are; without one, two screams
    # are fear.
    ride = "Both scream at the top of their lungs, screams of pure delight, and shriek again."
    assert analyze([ride]).emotions == ("joy",)
    tantrum = analyze(['A toddler shrieks furiously, "No!", and screams at his father.'])
    assert tantrum.emotions == ("anger",)
    assert analyze(["Both scream as the car plunges, and shriek again."]).emotions == ("fear",)
    assert analyze(["Someone laughs hysterically at the joke."]).emotions == ("joy",)


def test_a_speaker_who_denies_an_emotion_has_not_shown_it() -> None:
    assert analyze(['He answers, "I\'m not afraid of you."']).emotions == ()
    assert analyze(['She murmurs, "Please don\'t be angry with me, Mum."']).emotions == ()
    assert analyze(['她说："他没有生气，就是嘴硬。"']).emotions == ()
    # Only right before the word: punctuation or distance ends the denial.
    assert analyze(['She cries, "No, not again, I\'m so scared!"']).emotions == ("fear",)
    assert analyze(['他说："不要走！我好害怕。"']).emotions == ("fear",)
    assert analyze(['她哭着说："我不知道怎么办我好害怕"']).emotions == ("fear",)
    assert analyze(['"I\'ve never been so scared in my life."']).emotions == ("fear",)
    # The caption's own prose is judged by the caption's negation, as before.
    assert analyze(["He is not angry; he sounds amused."]).emotions == ("joy",)


def test_weak_political_and_harassment_words_need_a_clear_cue() -> None:
    assert "political" not in cats("A news report covers a protest about river pollution.")
    assert "political" in cats("Protesters chant slogans against the government.")
    assert "harassment" not in cats('A brother snaps "shut up" at his sister over the TV remote.')
    assert "distress" not in cats('A girl giggles "please stop" while being tickled.')


def test_combat_sport_lowers_violence_like_fiction() -> None:
    text = "Commentators call the boxing bout as one fighter punches the other to the canvas."
    result = analyze([text])
    violence = flags_of(result, "violence")
    assert violence
    assert all(f.fictional and f.severity == "low" for f in violence)
    assert result.action == "pass"
    # A brawl among fans at a football match is not the game.
    brawl = analyze(["After the football match, fans punch each other in a brawl outside."])
    assert all(not f.fictional for f in flags_of(brawl, "violence"))
    assert brawl.action != "pass"


def test_fiction_cues_match_their_word_family_but_not_filming() -> None:
    for text in (
        "Two actresses trade threats in one of the radio dramas; a man is stabbed.",
        "A horror trailer: a woman is stabbed while eerie strings rise.",
        "Voice actors perform in character as a man is stabbed in the cutscene.",
        # "film" the noun before a pronoun: no verb for being followed by "her"
        "A clip of the film her husband directed shows a man being stabbed.",
    ):
        assert all(f.fictional for f in flags_of(analyze([text]), "violence")), text
    for text in (
        "Filmed on a phone, a man is stabbed in the street.",
        # "film" the verb: bystanders recording an assault
        'Men laugh as they film a woman who screams "Get off me!" while she is kicked.',
        "Two teenagers laugh and film as a man is punched to the ground.",
        "A teenager films his friends beating a homeless man, who groans in pain.",
        'A man films from his balcony as police beat a man below: "They\'re still hitting him."',
        "Bystanders film a fight outside the bar and cheer as a man is punched to the ground.",
    ):
        real = analyze([text])
        assert all(not f.fictional for f in flags_of(real, "violence")), text
        assert real.action == "block", text


def test_reported_harm_is_less_certain_than_enacted_harm() -> None:
    reported = flags_of(analyze(["He denies making threats against his neighbour."]), "threat")
    enacted = flags_of(analyze(["He makes threats against his neighbour."]), "threat")
    assert reported[0].confidence < enacted[0].confidence


def test_list_lowered_false_keeps_fiction_flags_as_evidence_only(tmp_path: Path) -> None:
    path = _broken(tmp_path, "  list_lowered: true", "  list_lowered: false")
    policy = load_policy(path)
    text = "In the radio drama, an actor sobs with grief as a man is shot dead with a pistol."
    result = analyze([text], policy=policy)
    assert result.categories == ()
    assert result.emotions == ()
    assert {f.category for f in result.flags} >= {"violence", "weapons", "sadness"}
    assert result.risk_score == 0
    assert result.action == "pass"
    default = analyze([text])
    assert {"violence", "weapons"} <= set(default.categories)
    assert "sadness" in default.emotions
    # Never-lowered categories are listed whatever the setting.
    assert "sexual" in analyze(["A film scene with explicit sex."], policy=policy).categories


def test_weak_term_marker_is_validated(tmp_path: Path) -> None:
    path = _broken(tmp_path, "      - gasps: weak", "      - gasps: feeble")
    with pytest.raises(PolicyError, match="one of low, medium, high, weak, topic, weak in fiction"):
        load_policy(path)
    bare = _broken(tmp_path, "      - ^down with", "      - ^")
    with pytest.raises(PolicyError, match=r"policy\.yaml:\d+: '\^' in .* followed by a term"):
        load_policy(bare)


def test_topic_words_list_political_only_beside_a_cue() -> None:
    news = (
        'A newsreader says: "Parliament returns from recess on Monday. The President of France '
        "will visit Normandy, and the mayor of Rouen will greet him.\" The President's visit "
        "is expected to last two days."
    )
    result = analyze([news])
    assert "political" not in result.categories
    assert {f.term for f in flags_of(result, "political")} >= {"Parliament", "President", "mayor"}
    assert "political" in cats("Protesters gather outside parliament.")
    assert "political" in cats("A senator speaks at a campaign rally.")


def test_a_slogan_counts_only_where_an_utterance_opens() -> None:
    for chant in (
        'Protesters chant "Down with the regime!"',
        "The crowd shouts: down with the king!",
        "民众高呼：“打倒贪官！” (Down with corrupt officials!)",
        "Free elections now! / Down with the government that stole our votes",
    ):
        assert "political" in cats(chant), chant
    for phrase in (
        "Mahjong tiles are placed down with sharp clicks.",
        '"I swear I\'ll burn this place down with you in it."',
        "Down with the flu, she stays home and sips tea.",
    ):
        assert "political" not in cats(phrase), phrase


# --- round 3: conventions of bench/accuracy/LABELLING.md ---------------------------------------


def test_a_comma_cue_does_not_swallow_the_negation_after_it() -> None:
    text = "They argue over chores, without any audible physical violence."
    assert "violence" not in cats(text)
    assert "violence" in cats("They argue over chores, with audible physical violence.")


def test_an_allowlisted_phrase_opening_with_a_negation_still_negates_the_rest() -> None:
    # "no discount codes" is allowlisted; its "no" must still reach the end of the list.
    text = "There are no discount codes, affiliate links or sales pitches in this review."
    assert "advertising" not in cats(text)
    assert "advertising" in cats("There are discount codes, affiliate links and sales pitches.")


def test_scare_quotes_are_not_speech_and_can_be_negated() -> None:
    assert "threat" not in cats('None of the "threats" are meant seriously.')
    # A one-word quote is still the speaker's word: a quoted "no" negates nothing.
    assert "violence" in cats('She says "no" and he punches her in the face.')


def test_a_person_crying_out_in_pain_or_about_to_end_their_life_is_in_distress() -> None:
    assert {"distress", "violence"} <= set(cats("A man is kicked and cries out in pain."))
    # Every inflection of the phrase: "screamed in pain", "groaning in pain".
    for text in ("She screamed in pain as he twisted her arm.", "He lies groaning in pain."):
        assert {"distress", "violence"} <= set(cats(text)), text
    # An actor's or a boxer's cry of pain is the story's or the bout's violence; in a story
    # it is distress only beside another sign of danger.
    trailer = "The trailer for a war film: a wounded soldier cries out in pain as shells explode."
    assert set(cats(trailer)) & {"distress", "violence"} == {"violence"}
    bout = "A boxer groans in pain after a body shot in the fourth round of the bout."
    assert set(cats(bout)) & {"distress", "violence"} == {"violence"}
    drama = 'In a radio drama, a woman cries out in pain and whimpers, "Please don\'t."'
    assert {"distress", "violence"} <= set(cats(drama))
    assert "distress" in cats('He says calmly, "I am going to end my life tonight."')
    talk = "A psychologist explains the warning signs of suicide and where to find support."
    assert "distress" not in cats(talk)
    training = (
        "At a volunteer training evening for a crisis line, the trainer explains how to ask"
        " a caller directly about suicide."
    )
    assert analyze([training]).action == "pass"
    # A training frames the caption; one named in passing frames nothing that follows it.
    after = "After her first aid course she came home and her husband beat her with a belt."
    assert analyze([after]).action == "block"
    # Said plainly, with no sign of when, intent to die is still someone in danger...
    said = analyze(['He says quietly, "I don\'t want to live any more."'])
    assert {"distress", "self_harm"} <= set(said.categories)
    assert [f.term for f in flags_of(said, "distress")] == ["don't want to live"]
    # ...but not when sung, looked back on, or reported.
    assert "distress" not in cats("The singer's lyrics say \"I don't want to live any more.\"")
    assert "distress" not in cats("She recalls the years she used to self-harm as a teenager.")
    assert "distress" not in cats("A news report on suicide rates among young men.")
    # Recounted as over, in the speaker's words or the captioner's, it is not distress; a
    # sign that it is happening again now is.
    past = (
        'A guest says, "I used to cut my arms when I was fifteen." She tearfully recounts'
        " her past suicidal feelings and her recovery."
    )
    assert set(cats(past)) & {"distress", "self_harm"} == {"self_harm"}
    again = 'A guest says, "I used to cut my arms, and I did it again tonight."'
    assert {"distress", "self_harm"} <= set(cats(again))
    now = '"I used to think things would get better, but now I want to kill myself."'
    assert {"distress", "self_harm"} <= set(cats(now))
    assert {"distress", "self_harm"} <= set(cats("I'm going to end it all."))


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("implied_by: [self_harm]", "implied_by: [self_hate]"),
        ("explained_by: [extremism]", "explained_by: [political]"),
        ("senses_yield_to: [violence, threat]", "senses_yield_to: [violnce]"),
    ],
)
def test_implied_and_explained_by_name_other_categories_of_the_taxonomy(
    tmp_path: Path, good: str, bad: str
) -> None:
    path = _broken(tmp_path, good, bad)
    key, name = bad.split(": [")
    with pytest.raises(
        PolicyError, match=rf"policy.yaml:\d+: {key}: '{name[:-1]}' is not another category"
    ):
        load_policy(path)


def test_a_threat_of_violence_is_a_threat_and_music_stabs_are_not_violence() -> None:
    threat = analyze(["The collector makes explicit threats of violence against the family."])
    assert "threat" in threat.categories
    assert "violence" not in threat.categories
    assert cats("Bright synthesiser stabs and a punchy kick drive the dance track.") == set()


def test_personal_data_counts_when_disclosed_not_when_asked_for() -> None:
    asked = analyze(["The caller asks her to verify her card number and PIN."])
    assert "pii" not in asked.categories
    assert flags_of(asked, "pii")  # still evidence for a reviewer
    assert "pii" not in cats("The caller insists she reads him her card number.")
    # Prices and dates are not spoken personal numbers.
    assert "pii" not in cats("The ad costs $1,299.99 and asks for your card number.")
    assert "pii" not in cats("On 12/05/2024 the caller asked for her card number.")
    assert "pii" in cats("He reads out his credit card number, digit by digit.")
    assert "pii" in cats('She gives the phone number "一三八，五七二一，零四六九" twice.')
    assert "pii" in cats("His passport number: Z, one, eight, four, four, seven, two.")
    assert "pii" in cats("He says his password is hunter2.")
    assert "pii" in cats("她说她的密码是abc。")  # a Chinese confirm cue


def test_a_house_number_and_street_are_personal_data_in_either_language() -> None:
    said = analyze(['The boy says, "It\'s, um, 22 Milton Close, next to the park."'])
    assert [f.term for f in flags_of(said, "pii")] == ["22 Milton Close"]
    assert "pii" in said.categories
    assert "pii" in cats("She reads it live on air: forty-two Larch Road, Bexley.")
    assert "pii" in cats('他说："我知道你住哪，幸福路88号2单元501，对吧？"')
    assert "pii" in cats('她说："阳光花园5栋302，快点来！"')
    assert "pii" in cats("An old man reads his passport number to the caller.")
    # A street without a house number is a place; a number without a street is not one.
    assert "pii" not in cats("The band plays a song called Shotgun Road on Baker Street.")
    assert "pii" not in cats("The 42 bus passes on 建国路 during rush hour.")
    assert "pii" not in cats("There is no mention of 22 Milton Close or any address.")
    # Years, rankings, dates and Chinese words that merely hold a unit character.
    assert "pii" not in cats("It was recorded in the 1969 Abbey Road sessions.")
    assert "pii" not in cats("Next is track 3, Penny Lane, then the encore.")
    assert "pii" not in cats("On 17 March St Patrick's parade passes the pub.")
    assert "pii" not in cats('他说："我知道十号要考试，公园3号门见。"')
    assert "pii" in cats("She says she lives at 14 Grove Park Road.")


def test_a_harm_word_inside_a_capitalised_name_is_a_name() -> None:
    assert cats("We had a cream tea in Lower Slaughter, then walked on.") == set()
    assert cats("The DJ names the band as Slaughter Protocol and the next song.") == set()
    assert cats("She names the song Shotgun Summer and starts to sing.") == set()
    # A capitalised word that starts a sentence, or stands before a lower-case one, is not.
    assert "weapons" in cats("Gunfire erupts outside the window.")
    assert "weapons" in cats("He pulls out a Kalashnikov rifle and fires.")
    # Nor are capitals, speech, threats or cries for help.
    assert "violence" in cats("A WOMAN SOBS UNCONTROLLABLY AS A MAN HITS HER.")
    assert "threat" in cats('He screams, "I\'ll Kill You Tonight!"')
    assert "violence" in cats('"Stab Marcus," the man orders.')
    assert "threat" in cats("Bomb Threat At Central Station, the announcer says.")


def test_a_chinese_child_noun_beside_violence_is_minors() -> None:
    assert "minors" in cats("有人开枪，孩子尖叫。")


def test_gleeful_shrieks_and_trembling_fury_are_not_fear() -> None:
    party = analyze(["The children shriek with glee as the birthday cake arrives."])
    assert "fear" not in party.emotions
    assert "joy" in party.emotions
    assert analyze(["Her voice is shrill and trembling with fury."]).emotions == ("anger",)
    assert "fear" in analyze(["She shrieks in terror as the door gives way."]).emotions


def test_one_exclamation_repeated_is_one_weak_cue() -> None:
    said_twice = analyze(['She whispers in a terrified voice, "Oh my God, oh my God."'])
    assert "surprise" not in said_twice.emotions
    assert "fear" in said_twice.emotions


def test_frames_the_matcher_had_missed() -> None:
    # "a radio plays" is a radio set, not a radio play: a real robbery must not pass.
    robbery = analyze(
        ['A radio plays quietly as a man snarls, "Open the register or I\'ll shoot!"']
    )
    assert "threat" in robbery.categories
    assert robbery.action != "pass"
    telenovela = analyze(["In this telenovela scene she slaps him across the face."])
    assert "violence" in telenovela.categories
    assert telenovela.action == "pass"
    flood = analyze(['A news report: a woman trapped by the flood screams "Help!" from a window.'])
    assert "distress" in flood.categories
    assert flood.action == "pass"


def test_everyday_phrases_that_resemble_harm_stay_weak() -> None:
    assert cats('The coach says "let\'s try the new formation and see what happens."') == set()
    assert cats("The narrator says it struck him as odd that the shop was closed.") == set()
    assert cats("The comedian jokes that he was drunk on love.") == set()
    assert "self_harm" not in cats("She says she's going to kill herself laughing tonight.")
    assert "hate" in cats("A speaker spews hatred against Muslims at the rally.")
    # A voice's manner and a trade's word are not harassment or advertising.
    assert cats("A second man answers in a flat, mocking drawl.") == set()
    assert cats("Isolated effects from a commercial sound library play in turn.") == set()
    assert "harassment" in cats('He mocks the new boy: "Look at the loser, crying again."')
    # Jokes at one's own expense, play the caption calls playful, toys and tableware.
    assert "harassment" in cats("He mocks his own sister's weight in front of the class.")
    assert "harassment" not in cats("Three friends trade playful insults over a racing game.")
    assert "harassment" in cats("Two boys trade insults with the new girl until she cries.")
    assert "weapons" not in cats("Children have a water-pistol battle at the summer fair.")
    assert "weapons" not in cats("Knives and forks clatter across the floor.")
    assert "weapons" in cats("A man points a pistol at the cashier.")
    # Harm said not to have happened, even in speech; an assault weapon is a weapon.
    assert cats('The site manager announces, "All clear, no injuries, well done."') == set()
    assert "violence" in cats('The reporter says, "Two people were injured in the attack."')
    assert cats("A man argues for an assault weapons ban.") == {"weapons"}
    # "I bet" is a figure of speech; a speaker saying there is no stake or no sponsor.
    assert "gambling" not in cats("He jokes that he'd bet she'll scream at the film.")
    assert "gambling" in cats("He bets his whole wage packet on the horses.")
    assert cats('She says, "I\'m not sponsored or anything, I just love it."') == set()
    assert "gambling" not in cats('奶奶说："我们家打麻将不赌钱的。"')


def test_grooming_is_told_by_its_signs_together_not_one_alone() -> None:
    chat = analyze(
        [
            'A man asks a girl who says she is eleven, "Are your parents home? Send me a '
            'picture of yourself without your top on. This is our secret, okay?"'
        ]
    )
    assert {"minors", "sexual"} <= set(chat.categories)
    assert chat.action == "block"
    assert "sexual" in cats("The host is sexualising a young child for livestream gifts.")
    # Each sign alone is an everyday thing.
    assert cats("Dad whispers, \"Don't tell your mum, it's a surprise party.\"") == set()
    assert cats("A toddler giggles while undressing for her bath.") == set()
    assert cats('The chef laughs, "It\'s our secret recipe."') == set()


def test_a_songs_chorus_is_a_song_but_a_chorus_of_screams_is_not() -> None:
    song = analyze(["The chorus keeps returning to his wish to end his life."])
    assert "self_harm" in song.categories
    assert "distress" not in song.categories  # a song's words, not a person in danger
    crowd = analyze(["A chorus of terrified screams rises as the roof collapses on the crowd."])
    assert "distress" in crowd.categories
    assert not any(f.fictional for f in crowd.flags)


def test_a_business_address_is_public_and_a_home_address_is_not() -> None:
    assert cats('The jingle ends: "Visit us at 14 High Street, open daily from nine."') == set()
    assert cats("店员喊：“欢迎光临！本店在幸福路88号。”") == set()
    assert "pii" in cats('She tells the stranger, "I live at 14 High Street, flat two."')


def test_rather_kill_myself_than_is_still_talk_of_suicide() -> None:
    text = 'A woman says flatly, "I\'d rather kill myself than go back to that house."'
    assert "self_harm" in cats(text)


def test_studio_and_kitchen_words_are_not_violence_but_a_beating_is() -> None:
    for text in (
        "He explains that a fast attack on the compressor squashes the transients.",
        "A bright synth stab lands on every second bar.",
        "In the children's cookery segment, eggs are beaten and chocolate is chopped.",
        'Someone says "the riot police are coming", but there are no clashes.',
        'The manager says, "We got killed on the counter-attack, it was not the game plan."',
    ):
        assert "violence" not in cats(text), text
    assert "violence" in cats("Riot police beat protesters with batons.")
    assert "violence" in cats("The drummer punches the sound engineer during the reverb check.")


def test_an_overdose_is_read_by_its_sentence_and_a_rooftop_farewell_is_self_harm() -> None:
    heroin = "A dispatcher guides him while his friend, who overdosed on heroin, comes round."
    assert "self_harm" not in cats(heroin)
    assert "self_harm" in cats("She overdosed on sleeping pills after writing a goodbye note.")
    scared = 'A terrified woman screams, "Someone call the police, he has a knife!"'
    assert "distress" in cats(scared)
    rooftop = analyze(['他在楼顶上哭着说："等一下我就跳下去，一了百了。"'])
    assert {"self_harm", "distress"} <= set(rooftop.categories)


def test_review_cases_of_real_harm_stay_flagged() -> None:
    """Captions a reviewer wrote to break this session's senses and allowlist phrases."""
    for text, category in (
        ('A crowd chants, "Freedom now, down with the dictator!"', "political"),
        ("The crowd shouts — down with the king", "political"),
        ("Protesters chant against the city council outside the town hall.", "political"),
        ("He overdosed on heroin on purpose because he wanted it all to end.", "self_harm"),
        ('"Place your bet now on the match, odds are boosted."', "gambling"),
        ("Riot police charge and club demonstrators on the ground.", "violence"),
        ('"The red case will be the bomb. Leave it at the station at noon."', "weapons"),
        ("The chorus of screams grows as the gunman opens fire on the crowd.", "violence"),
        ("A man tells her to refrain from calling the police or he'll kill her.", "violence"),
        ("The singer's ex-boyfriend grabs her by the hair and punches her.", "violence"),
        ('A man hands her an envelope and says, "I\'ll murder you if you talk."', "violence"),
        ('A man snarls, "Let\'s visit our little friend at 9 Maple Avenue tonight."', "pii"),
        ('A man says, "The snitch is located at 42 Elm Street. Go handle it."', "pii"),
        # A speaker's "I'm not joking" is no joke told by the caption.
        ('"I\'m not joking, my husband is going to kill me tonight," she whispers.', "violence"),
        ('"Tell your boy I\'ll shoot him outside his school tomorrow," he says.', "minors"),
        ('"Help me! You can help me by getting him off me!" she screams.', "distress"),
        ('"My son was beaten by the coach again," she sobs.', "minors"),
        ("他喝醉了以后打了我儿子一巴掌。", "violence"),
        ("他喝醉了以后打了我儿子一巴掌。", "minors"),
    ):
        result = analyze([text])
        assert category in result.categories, text
        assert result.action != "pass", text
    shooting = analyze(["The chorus of screams grows as the gunman opens fire on the crowd."])
    assert not any(f.fictional for f in shooting.flags)  # screams, not a song's chorus


def test_a_boy_or_a_stated_childs_age_beside_harm_is_minors() -> None:
    assert "minors" in cats("The court heard that the boy was repeatedly beaten by his stepfather.")
    assert "minors" in cats("A 7-year-old is slapped and screams.")
    assert "minors" not in cats("A 45-year-old man was beaten outside the bar.")
    assert "minors" not in cats("Oh boy, he punches the wall of the ring in the boxing match.")


def test_a_channels_calls_to_subscribe_and_affiliate_links_are_advertising() -> None:
    assert "advertising" in cats('He signs off: "Smash that subscribe button, guys!"')
    assert "advertising" in cats("He says the boots he wears are affiliate links.")


def test_a_speaker_laughing_that_someone_will_kill_them_is_not_violence() -> None:
    laughing = 'The caller laughs, "My wife is going to kill me for calling you."'
    assert "violence" not in cats(laughing)
    terrified = 'She whispers in terror, "He is going to kill me, please send someone."'
    assert "violence" in cats(terrified)
    assert "threat" in cats('He laughs, "I\'m going to kill you, and your wife will be next."')


def test_a_players_threat_in_voice_chat_is_real_though_the_game_is_not() -> None:
    chat = (
        "In an online shooter game's voice chat, one player screams at another, \"I know where "
        "you live, I'm going to come to your house and kill you.\""
    )
    assert analyze([chat]).action == "block"
    trailer = 'In the video game trailer, the villain growls, "I will kill you all."'
    assert analyze([trailer]).action == "pass"


def test_a_plea_to_send_the_police_or_an_ambulance_is_distress() -> None:
    for plea in (
        'A woman, shaking, says into the phone: "He has a gun. Please send someone."',
        '"Send the police, he\'s in the house!" she screams.',
        'She whispers, "Please send an ambulance, my husband isn\'t breathing."',
    ):
        result = analyze([plea])
        assert "distress" in result.categories, plea
        assert result.action == "block", plea
    assert "distress" not in cats("The technician promises to send someone on Tuesday.")


def test_a_child_reporting_harm_in_a_lesson_is_not_a_child_exposed_to_it() -> None:
    lesson = (
        'This is a school news bulletin. The girl introduces the item: "Today marks twenty '
        "years since the bombing of the city's transport network.\""
    )
    assert "minors" not in cats(lesson)
    news = 'On the news, the reporter says, "The court heard that the boy was repeatedly beaten."'
    assert "minors" in cats(news)
    assert "minors" in cats('A little girl sobs, "Stop, he is beating me!"')


def test_a_plea_that_the_blows_stop_is_violence_and_distress() -> None:
    assert {"violence", "distress"} <= cats('A woman sobs, "Stop hitting me, you\'re hurting me!"')
    assert "violence" not in cats('He grins, "Hit me up on Discord after the show."')


def test_signs_of_a_farewell_together_are_self_harm_but_one_alone_is_not() -> None:
    farewell = (
        "In a sorrowful voice message he is giving away his belongings and says he will no "
        "longer be a burden, a final farewell."
    )
    assert "self_harm" in cats(farewell)
    assert "self_harm" not in cats("The band plays its final farewell concert to a cheering crowd.")


def test_a_child_reading_out_a_home_address_to_strangers_is_minors() -> None:
    text = "A young girl livestreaming alone reads out her address, 27 Birchwood Lane, to a viewer."
    assert {"pii", "minors"} <= cats(text)
    assert "threat" in cats('He yells, "Stop crying or I\'ll give you something to cry about!"')


def test_a_ward_round_a_programme_break_and_code_words_are_not_drugs_or_adverts() -> None:
    for text, category in (
        ('The candidate says, "I voted to lower prescription drug prices."', "drugs"),
        ('The narrator says slot machines were "the crack cocaine of gambling".', "drugs"),
        ("A short musical sting closes the segment before an advert break.", "advertising"),
        ("The dealers use code words, but prices per gram are named.", "advertising"),
        ("The trainer lists the signs of overdose: pinpoint pupils and blue lips.", "minors"),
    ):
        assert category not in cats(text), text
    assert "drugs" in cats("He says he sells crack cocaine outside the school gates.")
    assert "drugs" in cats("A fourteen-year-old runner does the drug round for older boys.")
    assert "advertising" in cats("Use code SAVE20 at checkout for twenty percent off.")


def test_an_extremist_rallys_slogans_are_extremism_not_politics() -> None:
    rally = (
        'At a white-nationalist rally the crowd chants the slogan "Blood and soil!" while the '
        "speaker rails against the government."
    )
    assert "extremism" in cats(rally)
    assert "political" not in cats(rally)
    campaign = rally + " He urges everyone to vote for his party in the election."
    assert {"extremism", "political"} <= cats(campaign)
    assert "political" in cats("At the rally the crowd chants slogans against the government.")


def test_advice_to_the_worried_is_no_fear_and_sobbing_with_fear_is_fear() -> None:
    advice = 'The nurse says, "If you\'re worried about your drug use, speak to one of us."'
    assert "fear" not in emos(advice)
    assert "fear" in emos("She whispers, \"I'm so worried he'll come back.\"")
    sob = analyze(["The woman begins to sob in fear as a loud bang is heard."])
    assert "fear" in sob.emotions
    assert "sadness" not in sob.emotions
    assert "sadness" not in emos('The head chef shouts, "Oh, good grief!" and laughs.')


def test_fond_insults_are_not_harassment_but_a_bullys_are() -> None:
    assert "harassment" not in cats("They trade affectionate insults and laugh all evening.")
    for text in (
        'A girl sneers at a classmate, "You loser, nobody likes you."',
        "'Loser sends pics,' the older teen writes to the thirteen-year-old.",
        "'Have you thought about just killing yourself?' the older girls ask, laughing.",
        "Her stepfather is affectionate in public, but at home he screams insults at her.",
    ):
        assert "harassment" in cats(text), text


def test_things_struck_are_not_violence_but_people_and_echoing_blows_are() -> None:
    for text in (
        "One woman slaps down a tile and calls out a win.",
        "He slaps the machine's button again and again.",
        "A pistol cracks, with a hard slap of reflection off the concrete walls.",
        '"You team-killed me on purpose!" he yells over the in-game gunfire.',
    ):
        assert "violence" not in cats(text), text
    for text in (
        "He slaps down the woman who tries to stop him.",
        "He slaps the girl's face twice.",
        "A slap echoed through the room, and the little girl began to cry.",
        "A man is beating a boy outside the ice cream van while others film.",
        "A SWAT team killed the gunman after a standoff.",
    ):
        assert "violence" in cats(text), text
    assert "weapons" in cats("The shotgun beat against his leg as he ran toward the school.")
    assert "drugs" in cats("Two men haggle over drug prices in a stairwell.")


def test_being_beaten_up_is_violence_and_beating_oneself_up_is_not() -> None:
    for text in (
        "They beat me up after school.",
        "Three lads beat us up outside the chippy.",
        "I'll beat you up if you tell anyone.",
    ):
        assert "violence" in cats(text), text
    for text in ("I keep beating myself up about it.", "She's beating herself up over the exam."):
        assert "violence" not in cats(text), text
