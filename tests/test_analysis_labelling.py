"""The conventions of bench/accuracy/LABELLING.md, as the analyzer applies them."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.analysis import PolicyError, analyze, load_policy
from tests.analysis import broken, cats, emos, flags_of


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
    path = broken(tmp_path, good, bad)
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
