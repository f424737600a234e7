"""Who does what to whom: a blow is violence when a person takes it, plain harm in plain words."""

from __future__ import annotations

from earmark.analysis import analyze
from tests.analysis import cats, emos


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
