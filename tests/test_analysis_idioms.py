"""Everyday words that sound like harm beside the harm itself: each harmless reading is
tested against a real harm told in nearly the same words, so a sense that hides too much
fails here."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from earmark.analysis import analyze
from tests.analysis import cats


@pytest.mark.parametrize(
    ("category", "harmless", "harmful"),
    [
        (
            "violence",
            'At the nursing home a woman laughs, "You\'re killing me with kindness, all of you."',
            'A woman screams, "You\'re killing me, stop!" as he keeps kicking her.',
        ),
        (
            "violence",
            '"Now give the yolks a good beating until they turn pale," the chef says.',
            "A man is beating a boy outside the ice cream van while others film.",
        ),
        (
            "violence",
            "A woman criticises the government over housing and attacks its leaders.",
            "A woman who criticised the police is attacked by two officers and screams.",
        ),
        (
            "violence",
            '"I fed the enemy eight kills, sorry lads," he groans into his headset.',
            "The gunman kills two people in the street, a witness says.",
        ),
        (
            "violence",
            "She sounds wounded when her sister calls the lasagne dry, then both laugh.",
            "A wounded man groans on the pavement as paramedics arrive.",
        ),
        (
            "violence",
            '"Today was a massacre of personal records," the coach booms after the deadlift.',
            "Reporters describe a massacre of villagers by soldiers.",
        ),
        (
            "violence",
            '"This compressor basically murders the punch of the kick," the engineer says.',
            "He lands a punch on the man's jaw and the man falls.",
        ),
        (
            "violence",
            '"The keeper is beaten at the near post, what a goal!" the commentator roars.',
            "The keeper was beaten up by fans outside the ground.",
        ),
        (
            "fraud",
            'The bank agent says, "For your security, never share your verification code."',
            'The caller says, "The bank will never ask for your verification code, so read me'
            ' the verification code we just sent."',
        ),
        (
            "fraud",
            'The agent adds, "温馨提示：我行工作人员不会向您索要短信验证码或密码。"',
            'The caller says, "我是银行工作人员，请把短信验证码告诉我。"',
        ),
        (
            "fraud",
            '"We will never phone you and ask for a verification code, your PIN, or tell you to'
            ' move money to a so-called safe account," the adviser says.',
            '"I am from your bank, move your money to this safe account now," the caller says.',
        ),
        (
            "fraud",
            "In summary, a routine account-opening appointment with standard anti-fraud advice.",
            "A man claiming to be from the bank's anti-fraud team tells her to move her savings"
            " to a safe account.",
        ),
        (
            "pii",
            'She says, "我行工作人员不会向您索取验证码或密码，请勿向任何人透露" (Our staff will'
            " never ask for your code or password, please do not disclose them to anyone).",
            'The old man tells the caller, "我的银行卡密码是668899。"',
        ),
        (
            "violence",
            'A cook says, "先把鱼杀了，再切片。" (First kill the fish, then slice it.)',
            'A man hisses, "先把他杀了，再走。" (First kill him, then we go.)',
        ),
        (
            "violence",
            'A grandmother tells her grandson, "You\'re killing me with these jokes," and laughs.',
            'A woman screams, "You\'re killing me with that bat, stop!" as he keeps hitting her.',
        ),
        (
            "threat",
            'Children shout, "Bang bang, you\'re dead!" and giggle, chasing with toy water guns.',
            'A man shouts at his neighbour, "You\'re dead, you hear me? Dead!"',
        ),
        (
            "violence",
            '"The Tigers got slaughtered, a massacre, forty-two points to nil," he says.',
            "The militia slaughtered the villagers and burned their homes to nothing.",
        ),
        (
            "violence",
            "A gardener explains how to cut back dead branches and kill the weeds by the fence.",
            "A man explains how he plans to kill the neighbours by the fence.",
        ),
        (
            "harassment",
            'A man laughs, "Ugh, I\'m such an idiot, I left my keys in the car again."',
            'He sneers at his wife, "You\'re such an idiot, you left the keys in the car."',
        ),
        (
            "threat",
            '"I will kill him with kindness," she says with a smile about her rude neighbour.',
            '"I will kill him with a hammer," she says about her neighbour.',
        ),
        (
            "threat",
            '"Eat your dinner or I will cut you off from dessert," Mum laughs.',
            'A man yells, "Give me your wallet or I\'ll cut you."',
        ),
        (
            "sexual",
            "Her mother touches her forehead at night to check the fever.",
            "A girl sobs that her stepdad touches her at night.",
        ),
        (
            "distress",
            '"Do not shoot the messenger," he jokes as he reads out the bad news.',
            'A man shouts, "Do not shoot! Please!" as the officer draws his weapon.',
        ),
        (
            "harassment",
            'She laughs, "Okay, I am officially the biggest idiot alive, I locked myself out."',
            '"You\'re officially the biggest idiot alive," he sneers at the new boy.',
        ),
        (
            "violence",
            '"Today we kill them in the scrum," the rugby captain roars, and the team cheers.',
            '"We kill them in the car park after the game," he says.',
        ),
        (
            "violence",
            '"Today we kill them in the scrum," the rugby captain roars, and the team cheers.',
            "There was a massive ruck outside the pub and a man was hit with a bottle and killed.",
        ),
        (
            "extremism",
            "The coach praises the shooter who sank seven three-pointers in the final.",
            "A narrator praises the gunman who attacked the synagogue and calls him a hero.",
        ),
        (
            "violence",
            'The vlogger grins, "This song slaps." Then she plays the chorus again.',
            "The song plays on. He slaps his girlfriend, who starts to cry.",
        ),
        (
            "violence",
            'He laughs, "That solo absolutely slaps, if I do say so myself."',
            "He laughs and absolutely slaps his girlfriend, who starts to cry.",
        ),
        (
            "violence",
            "The game's effects chime and an announcer's voice calls out kills.",
            "The game's effects chime; in the room a man kills his flatmate with a hammer.",
        ),
        (
            "violence",
            "The quiz team cheers as the winner is announced, slapping backs and whooping.",
            "He slaps his wife across the face in the kitchen.",
        ),
        (
            "weapons",
            "A carving knife shaves basswood and a mallet taps a gouge.",
            "He pulls a knife on the cashier and demands the till.",
        ),
        (
            "weapons",
            '"Right, this one\'s a shotgun beat, really tight," he says between drum grooves.',
            "A shotgun blast echoes across the car park.",
        ),
        (
            "harassment",
            '"I\'m going to miss you idiots," Bob says with evident affection.',
            "Her stepfather is affectionate in public, but at home he screams insults at her.",
        ),
        (
            "harassment",
            "A self-deprecating stand-up set: the comedian mocks his own love life.",
            "He mocks his own sister's weight in front of the class.",
        ),
        (
            "drugs",
            'A boy announces, "明天爸爸带我去溜冰场溜冰!" (Dad is taking me skating at the rink!)',
            'A man whispers, "要不要溜冰?我有货,冰很纯。"',
        ),
        (
            "violence",
            '"If the process hangs, just kill it with kill minus nine," the instructor says.',
            "The gunman killed two people and injured three in the process.",
        ),
        (
            "violence",
            '"Grab your sharpest knife, we\'re going to absolutely murder this recipe."',
            "Police say he murdered his neighbour after a row over parking.",
        ),
        (
            "threat",
            '"I\'ll shoot you an email with the bullet points," she says.',
            '"Move and I\'ll shoot you," the robber snarls at the cashier.',
        ),
        (
            "threat",
            '她笑着说:"这个辣子鸡,辣死人了" (This chicken is spicy enough to kill you).',
            '"You say one word and I\'ll kill you," he whispers.',
        ),
        (
            "violence",
            "The professor explains how killer T cells destroy infected cells.",
            "The professor was killed in the attack on the campus.",
        ),
        (
            "violence",
            '"Our first launch absolutely bombed," the founder laughs.',
            "The city was bombed overnight, a reporter says.",
        ),
        (
            "weapons",
            "The forecaster warns that a bomb cyclone will batter the coast tonight.",
            "Police found a bomb under the seat of the bus.",
        ),
        (
            "threat",
            'A woman screams, "Stop it, you\'re going to kill him!"',
            '"I\'m going to kill her tonight," the man says calmly.',
        ),
        (
            "violence",
            "A drag queen lip-syncs as the crowd cheers.",
            "Police say the man dragged her into a van outside the school.",
        ),
        (
            "violence",
            "He dragged her suitcase up the stairs, grumbling.",
            "Her father laid into her with a belt while she screamed.",
        ),
        (
            "distress",
            '"I locked the keys in the car again," he sighs.',
            "A caller says two toddlers are locked in a hot car outside the shop.",
        ),
        (
            "self_harm",
            "\"I won't be here tomorrow, I'm flying to Lisbon at six!\" she laughs.",
            "\"I won't be here tomorrow. I've taken all the tablets I saved,\" he says flatly.",
        ),
        (
            "violence",
            'Children shout, "Pull! Pull! Drag them over the line!" at the tug of war.',
            "Two men drag him into a van and drive off as a woman screams.",
        ),
        (
            "violence",
            'A podcast host says the chorus "grabs you by the throat and doesn\'t let go."',
            "He grabs her by the throat and pins her to the wall.",
        ),
        (
            "violence",
            "The drummer beats the snare hard as the crowd cheers.",
            "A father beats his young son with a belt as the boy wails.",
        ),
        (
            "threat",
            '"These jawbreakers are so hard they\'ll break your jaw!" the boy giggles.',
            "\"We've got your son. Bring the money or you won't see him again,\" a voice says.",
        ),
        (
            "weapons",
            "In the kitchen he slices bread with a knife and hums.",
            'In the kitchen she pleads, "Darren, put the knife down, please."',
        ),
        (
            "violence",
            '"Sopranos, I want you to really attack that top G," the choir teacher says.',
            "Two men attack that man outside the pub and kick him on the ground.",
        ),
        (
            "violence",
            "He has been off work with a back injury since March and sounds bored.",
            "He suffered a head injury when the bouncer punched him.",
        ),
        (
            "violence",
            "Waves slapping against the hull and gulls overhead.",
            "He is slapping her again and again while she screams.",
        ),
        (
            "violence",
            '"Just before the line he is hit by a red shell and drops to sixth," she laughs.',
            "He got hit by a brick thrown at his head and fell.",
        ),
        (
            "violence",
            '"Protonate it first, then the nucleophile attacks the carbonyl," she explains.',
            "She explains how the dog attacks the postman every morning.",
        ),
        (
            "violence",
            '"You protonate the carbonyl first, then the nucleophile attacks," he says calmly.',
            '"Then the nucleophile attacks, and a student attacks the teacher," he says.',
        ),
        (
            "violence",
            'The angler says he "bombed the swim" with bait yesterday.',
            "The village was bombed yesterday and the wounded lie in the streets.",
        ),
        (
            "harassment",
            'Bob replies, "I\'m going to miss you idiots," with evident affection.',
            'Bob replies, "I\'m not going to miss you idiots," with evident contempt.',
        ),
        (
            "violence",
            "Water slaps against the hull as the two men laugh and reel in a mackerel.",
            "The men laugh as he is held under the water and comes up choking.",
        ),
        (
            "distress",
            '"Stop it, you\'re tickling me!" she squeals, giggling.',
            'A woman screams, "Stop it! Someone call the police!"',
        ),
        (
            "pii",
            "The announcer says the lost property office is at Unit 12, 40 Corn Exchange Street.",
            "She tells the caller her flat is at Unit 12, 40 Corn Exchange Street.",
        ),
        (
            "minors",
            "A teenage-sounding student asks the tutor to explain the question again.",
            "A teenage-sounding student is punched by the older man and begins to cry.",
        ),
        (
            "violence",
            '"The Grignard reagent attacks the ketone," one student explains.',
            '"The man attacks the student with a chair," one witness explains.',
        ),
        (
            "minors",
            '女主播说："恭喜这位宝宝下单成功！收货人地址幸福路88号。"',
            '女孩哭着说："我家宝宝才三岁，他爸爸喝醉了就殴打宝宝。"',
        ),
        (
            "distress",
            'The caller says, "Your account is in danger, move the money to a safe account."',
            'The caller says, "My daughter is in danger, he took her from school."',
        ),
        (
            "distress",
            '"How may you help me? You can help me by fixing the internet!" he shouts.',
            '"Please help me, he won\'t let me leave," she sobs.',
        ),
        (
            "minors",
            "At parents' evening an angry father insults and belittles his child's teacher.",
            "At parents' evening an angry father insults and belittles his child.",
        ),
        (
            "violence",
            "\"Honestly, the lads in red are getting slaughtered today, four-nil, it's a"
            ' massacre," the commentator laughs.',
            '"The villagers are getting slaughtered by the militia, it\'s a massacre," the'
            " reporter says.",
        ),
        (
            "violence",
            "The match ends in a penalty shootout and the crowd roars.",
            "The police say the gang shootout left two men dead.",
        ),
        (
            "violence",
            '"This is the bit that kills me every time," she laughs, as the butter browns.',
            '"He beats me every time he comes home drunk," she whispers.',
        ),
        (
            "violence",
            "An archery coach guides a beginner through shooting at targets.",
            "A gunman is shooting at people in the car park.",
        ),
        (
            "violence",
            '"Ow, you\'re killing my ears!" a kid yells as they sing badly.',
            '"You\'re killing my son!" she screams as the man kicks him.',
        ),
        (
            "violence",
            '"The neighbours keep threatening to shoot it themselves," the farmer chuckles'
            " about the bird scarer.",
            '"I\'m going to shoot him myself," the farmer snarls about the trespasser.',
        ),
        (
            "violence",
            '"Okay, I want you to attack that hill!" the spin instructor shouts.',
            '"I want you to attack that man!" the gang leader shouts.',
        ),
        (
            "violence",
            "The nurse takes a blood sample. He jokes that he has plenty of blood to spare.",
            '"There is blood everywhere," he sobs as the nurse presses on the wound.',
        ),
        (
            "violence",
            "\"Hi everyone, I'll play assault,\" she says in the shooter game's lobby.",
            "She says a player followed her home after the game and tried to assault her.",
        ),
    ],
)
def test_everyday_sense_beside_the_harm(category: str, harmless: str, harmful: str) -> None:
    assert category not in cats(harmless)
    assert category in cats(harmful)


def test_a_kitchen_knife_is_a_weapon_once_someone_in_its_sentence_is_hurt() -> None:
    recipe = "In the kitchen she slices the onions with a sharp knife and hums along."
    assert "weapons" not in cats(recipe)
    call = (
        "The caller whispers, \"He's got a knife, he's in the kitchen, he already hit me.\" "
        "In the background a man shouts."
    )
    assert "weapons" in cats(call)


def test_fish_killed_for_the_pot_is_cooking() -> None:
    assert "violence" not in cats('"First get the fish killed and cleaned," the chef says.')
    assert "violence" in cats("A shark killed a swimmer off the beach this morning.")


def test_grooming_told_by_its_signs_together() -> None:
    groomer = (
        "A man tells a girl who says she is fourteen years old to delete their messages and "
        "not tell her parents that he will pick her up after school."
    )
    assert "minors" in cats(groomer)
    assert "minors" not in cats("A teacher reminds the class to delete their messages.")
    assert "minors" not in cats("Suicide is the leading cause of death for those aged 15 to 44.")


def test_a_child_telling_of_touching_is_sexual_abuse_of_a_minor() -> None:
    told = 'The girl, who sounds about eight, says quietly, "Uncle Mike touched me down there."'
    assert {"minors", "sexual"} <= cats(told)
    assert "sexual" not in cats(
        '"Let me touch your shoulder, where does it hurt?" the physio asks.'
    )


def test_a_card_number_read_out_is_personal_data_by_its_shape() -> None:
    said = "The woman replies slowly, 'Right, it's 4929 1832 0047 6615, and it expires March.'"
    assert "pii" in cats(said)
    assert "pii" in cats("He reads the digits 4539578763621486 off the back.")  # passes Luhn
    assert "pii" not in cats("The national debt passed 1,234,567,890,123 dollars this year.")
    assert "pii" not in cats("Call 0800 123 4567 for a free quote.")
    # A shop's address is public; a card number read out in the same breath is not.
    shop = "Visit us at 14 High Street, he says, and reads out his card, 4929 1832 0047 6615."
    assert [f.term for f in analyze([shop]).flags if f.category == "pii"] == ["4929 1832 0047 6615"]


def test_a_child_beside_weak_cues_of_harm_together_is_minors() -> None:
    # Each cue is weak alone; together they list distress, and the child beside them minors.
    taken = 'The mother pleads, "Please don\'t," as the man carries her little girl to his car.'
    assert {"distress", "minors"} <= cats(taken)


def test_harmless_phrases_do_not_hide_the_harm_that_shares_their_words() -> None:
    for category, text in (
        ("violence", '"They attacked the high school with rifles," the reporter says.'),
        ("violence", "Militants attacked the top commander's convoy, the reporter says."),
        ("violence", "The soldier was hit by a shell and his legs were torn off."),
        ("violence", "Fans were kicked and beaten in the media scrum outside the court."),
        ("violence", "No one helped her when she was a kid and her stepfather beat her."),
        ("minors", "No one helped her when she was a kid and her stepfather beat her."),
        ("violence", "The girl arrives at the hospital with a shoulder injury and bruises."),
        ("minors", "宝宝们被锁在车里，妈妈在哭。"),
        ("violence", "The chemistry teacher is attacked by a student while explaining a reaction."),
        ("violence", "The pride in his voice fades as he tells how his son was attacked."),
        ("harassment", "He calls her a stupid idiot, with affection long gone from his voice."),
    ):
        assert category in cats(text), text
    assert {"threat", "weapons"} & cats("A caller said he would bomb the swimming pool at noon.")


def test_terror_beside_a_weak_plea_is_distress_and_a_cry_for_the_police_alone_is_too() -> None:
    # Each weak cue alone lists nothing; terror beside one is someone in danger.
    assert "distress" not in cats('A woman whispers, "He won\'t let me leave."')
    assert "distress" in cats('A terrified woman whispers, "He won\'t let me leave."')
    # A cry for the police stays a cue of its own, though a bystander's disgust can say it too.
    assert {"distress", "minors"} <= cats('"Call the police!" the boy shouts.')
    assert "distress" in cats('"Someone call the police!" a woman screams as glass breaks.')


def test_a_lesson_against_phone_scams_passes_and_a_caller_asking_for_the_code_does_not() -> None:
    lesson = (
        'A teacher says, "今天我们学习如何防范电信诈骗，不要把验证码告诉任何人。" (Today we'
        " learn to guard against phone scams; never tell anyone your verification code.)"
    )
    assert analyze([lesson]).action == "pass"
    caller = (
        'A caller says, "我是公安局的，把验证码告诉我。" (I am from the police, tell me the'
        " verification code.)"
    )
    assert analyze([caller]).action == "block"


def test_a_police_anti_fraud_talk_is_a_lesson_and_the_scam_it_warns_of_is_not() -> None:
    talk = (
        'A police officer gives an anti-fraud talk to residents: "骗子会让你把钱转到安全账户，'
        '还会要验证码。" (Scammers will ask you to move money to a safe account.)'
    )
    scam = (
        'A caller says, "我是公安局的，你的账户涉嫌洗钱，马上把钱转到安全账户。" (I\'m from the'
        " police, move your money to the safe account now.)"
    )
    assert analyze([talk]).action == "pass"
    assert analyze([scam]).action == "block"
