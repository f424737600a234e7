"""Context a reviewer would notice: negation, hedges, fiction and frames, children near harm,
whose an emotion is."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.analysis import analyze
from tests.analysis import cats, flags_of, refused


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


def test_a_negation_ends_at_a_typed_dash_or_an_ellipsis_before_a_new_clause() -> None:
    # Typed where a full stop goes: the negation of "no music" ran on into the scream.
    for stop in (" - ", " -- ", "--", "... ", "\u2026 "):
        assert "violence" in cats(f"There is no music{stop}a woman screams in pain."), stop
    assert "violence" in cats("There is no sign of a struggle... the man punches her.")
    # An aside that goes on with "or", and one closed by a second dash, stay negated.
    calm = (
        "No violence -- or swearing -- at all in this calm recording.",
        "No one - not even the kids - got hurt in the drill.",
        "There is no gunfire... just fireworks and cheering.",
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
    line, message = refused(
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
