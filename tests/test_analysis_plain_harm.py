"""Harm said plainly, in the speaker's own words, as a caption quotes it: each is tested beside
an everyday sentence in nearly the same words, so a cue that reaches too far fails here."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from tests.analysis import cats


@pytest.mark.parametrize(
    ("category", "harmful", "harmless"),
    [
        (
            "self_harm",
            "In summary, a caller tells the radio host he is about to hang himself in his garage.",
            "In summary, a caller tells the radio host he is about to hang a shelf in his garage.",
        ),
        (
            "distress",
            '"Please, I need police. He took my passport and he locks me in when he goes out,"'
            " she whispers.",
            '"Please, I need the recipe. My sister took my notebook," she laughs.',
        ),
        (
            "harassment",
            "A streamer reads out a critic's address and urges his audience to swarm her and make"
            " her regret it.",
            "A streamer reads out the charity's address and urges his audience to donate and make"
            " it count.",
        ),
        (
            "threat",
            '"Do it again and I\'ll put one through your kneecap," he says quietly.',
            '"I\'ll open you up and take that appendix out," the surgeon says kindly.',
        ),
        (
            "self_harm",
            "He shot himself in the garage, his brother tells the operator.",
            "He shot himself in the foot with that email, his brother laughs.",
        ),
        (
            "self_harm",
            "She keeps hitting herself in the face and screaming.",
            "She keeps hitting the snooze button and groaning.",
        ),
        (
            "sexual",
            "Builders shout crude sexual remarks at a woman walking past the site.",
            "Builders shout cheerful greetings at a woman walking past the site.",
        ),
        (
            "hate",
            "The host says those people are an infestation and somebody has to deal with them.",
            "The host says the garden has an infestation of aphids and somebody has to deal with"
            " them.",
        ),
        (
            "threat",
            '"Next one\'s going in your chest," the farmer says, and reloads.',
            '"This one\'s going in your arm, sharp scratch," the nurse says.',
        ),
        (
            "threat",
            'The collector laughs coldly: "再不还钱，我们一把火把你这房子点了。"',
            '朋友笑着说："下雨了，走夜路小心点。"',
        ),
        (
            "drugs",
            "In summary, two men covertly dose a woman's drink in a club and plan to take her"
            " away.",
            "In summary, two bartenders add a dose of lime to a woman's drink in a club.",
        ),
        (
            "sexual",
            "In summary, two men secretly photograph a young girl changing at the beach for their"
            " own gratification.",
            "In summary, a mother photographs her young daughter building sandcastles at the"
            " beach.",
        ),
        (
            "threat",
            "In summary, a neighbour warns another that he will set his house alight with your"
            " family inside.",
            "In summary, a neighbour warns another that the bonfire could set the hedge alight.",
        ),
        (
            "threat",
            "A homeowner confronts a delivery worker with a loaded shotgun and says he will shoot"
            " him.",
            "The director says he will shoot the final scene at dawn.",
        ),
        (
            "violence",
            '"I\'ll take a knife and stab him," the man hisses.',
            '"I\'ll take a stab at it first," the developer says of the API.',
        ),
        (
            "violence",
            'A neighbour says, "他天天打老婆，晚上都能听见。" (He beats his wife every day.)',
            'A neighbour says, "他天天给老婆打电话。" (He phones his wife every day.)',
        ),
        (
            "fraud",
            '"Move your savings to the protected holding account today," says the caller claiming'
            " to be a detective.",
            '"A courier will collect your bank card this afternoon," the branch manager says.',
        ),
        (
            "self_harm",
            '"I swallowed a large quantity of tablets," she slurs, "so I won\'t wake up."',
            "He swallowed a handful of pills for his cold and went back to bed.",
        ),
        (
            "self_harm",
            '"I slice my own skin with the blade out of my pencil sharpener," the girl whispers.',
            "The girl sharpens her pencil and complains that the blade is blunt.",
        ),
        (
            "extremism",
            "The preacher says God asks the young men to cleanse the land of them.",
            "The boxing coach tells the young men to join the fighters' training camp on Saturday.",
        ),
        (
            "harassment",
            "The bus driver snarls at the boy, \"You mouthy little shit, you're as dumb as your"
            ' mother."',
            '"That mouthy little parrot learned a new word," she laughs.',
        ),
        (
            "political",
            "The pastor tells the congregation to vote for Senator Whitmore, and the church buses"
            " will take them to the polls.",
            "The pastor says the church buses will take everyone to the picnic after the service.",
        ),
        (
            "violence",
            "An angry mob beats a street vendor while onlookers shout.",
            "Grandpa beats me at cards every single time, she laughs.",
        ),
        (
            "violence",
            "He beat her for years and she never told anyone, her sister says.",
            "She beats her personal best by two seconds and the coach cheers.",
        ),
        (
            "minors",
            "She burns the child's hand on the stove to punish him, and he shrieks.",
            "She burns the toast again and her son laughs at the smoke alarm.",
        ),
        (
            "minors",
            "The woman bites the child's arm hard and the child wails.",
            "The child bites her lip nervously before the school play.",
        ),
        (
            "violence",
            "The guard whips the prisoner until the man screams.",
            "The chef whips the cream until it forms stiff peaks.",
        ),
        (
            "self_harm",
            "A teenage girl admits she has been cutting her arms with a razor every night.",
            "The glass cut her arms when she fell through the window.",
        ),
        (
            "self_harm",
            "She says flatly, \"I've saved up enough pills. Tonight I'm taking all of them.\"",
            'She laughs, "Free samples tonight? I\'m taking all of them."',
        ),
        (
            "sexual",
            'A man tells a young boy, "Don\'t tell your mom I touched you there." The boy cries.',
            'The physio asks, "Does it hurt when I touch you there?"',
        ),
        (
            "threat",
            "A raspy voice says, \"You've got until Friday to pay, or you won't walk again.\"",
            'The surgeon says, "Without this operation you\'ll never walk again."',
        ),
        (
            "drugs",
            'A man whispers, "I\'ve got coke and molly, fifty a gram, meet me out back."',
            "The baker weighs a gram of yeast while Molly fetches a coke from the fridge.",
        ),
        (
            "extremism",
            "A narrator praises the gunman who attacked the mosque as a hero.",
            "The mayor praises the paramedics who treated the victims of the shooting.",
        ),
        (
            "violence",
            'A child cries, "Daddy, please stop!" as a belt cracks again and again.',
            "The singer belts out the chorus as the crowd cracks up.",
        ),
        (
            "violence",
            'The anchor says, "清军伤亡惨重" (the Qing army suffered heavy casualties).',
            'The anchor says, "事故没有造成人员伤亡" (the accident caused no casualties).',
        ),
        (
            "minors",
            'Over game chat a man asks a boy of twelve, "Send me a picture of yourself in your'
            " pajamas, it'll be our secret.\"",
            'Grandma says, "Send me a picture of yourself in your graduation gown!"',
        ),
        (
            "extremism",
            'A man tells the group, "We hit the mosque first, during Friday prayers."',
            'A man tells his friends, "We hit the gym first, then the mosque for Friday prayers."',
        ),
        (
            "drugs",
            'A man tells his date, "I put something in your drink, so just relax."',
            'The bartender says, "I put some ice in your drink, so just relax."',
        ),
        (
            "hate",
            'A man says to a coworker, "Go back to your own country, you dirty immigrant."',
            'The guide tells the tourists, "Go back to your own hotel and rest before dinner."',
        ),
        (
            "weapons",
            "Two men argue, then one grabs a box cutter and slashes the other, who bleeds.",
            "A warehouse worker slices open the cardboard boxes with a box cutter and hums.",
        ),
        (
            "violence",
            "She presses the blade to his throat and hisses at him to be quiet.",
            "She presses the blade to the whetstone and hums as she sharpens it.",
        ),
        (
            "advertising",
            'A sultry voice says, "Hot singles in your area are waiting, visit our site now."',
            "She says she has been single for a year and likes her area of town.",
        ),
        (
            "violence",
            "A man shoots his wife in the kitchen, and she screams.",
            "She shoots the ball into the net, and the crowd screams.",
        ),
        (
            "violence",
            "He shoots a couple of men outside the bar.",
            '"Now shoot a couple of brads into the face frame with the nail gun," he says.',
        ),
        (
            "violence",
            "He hits a couple of kids with a stick.",
            "A man hits a couple of balls at the driving range.",
        ),
        (
            "violence",
            "He pours petrol over the man and sets him on fire.",
            "He pours petrol into the generator and sets the bonfire going.",
        ),
        (
            "violence",
            "He shoots at the police officers from the roof.",
            "She shoots at the goal from the edge of the box and scores.",
        ),
        (
            "violence",
            "They set the homeless man on fire, and he runs screaming.",
            "They set the bonfire going, and the children run screaming with joy.",
        ),
        (
            "violence",
            "He splashes acid in her face as she leaves work.",
            "He splashes water in her face as she dozes off, and she laughs.",
        ),
        (
            "drugs",
            '"I\'ve got grams of the good stuff, cash only, meet me out back," he mutters.',
            '"This is the good stuff, cash only at the farm gate," the chef says of the butter.',
        ),
        (
            "violence",
            "A man throws acid at a woman's face in the street.",
            "The chemistry teacher pours acid into a beaker and explains the reaction.",
        ),
        (
            "violence",
            "A man runs over a cyclist and drives off.",
            "They ran over the budget again, the manager sighs.",
        ),
        (
            "violence",
            "He stomps on the man's head after he falls.",
            "He stomps on the brake as the light turns red.",
        ),
        (
            "violence",
            "The officer tasers the man repeatedly while he lies on the ground.",
            "The officer's taser clicks once during the training demonstration.",
        ),
        (
            "violence",
            "They lynch the man from a tree as a crowd watches.",
            "David Lynch films are strange, the critic says.",
        ),
        (
            "violence",
            "Someone fires into the crowd and people fall.",
            "The DJ fires up the crowd with a new track.",
        ),
        (
            "violence",
            "A man pistol-whips the shop assistant and grabs the cash.",
            "A starter pistol cracks and the runners set off.",
        ),
        (
            "violence",
            "The gang kneecaps him in an alley.",
            "She hurt her kneecap skiing, she says.",
        ),
        (
            "violence",
            "He shoots two people outside the bar, then several of the hostages.",
            "The photographer shoots the couple in black and white by the lake.",
        ),
        (
            "distress",
            'A girl screams, "Get away from me! Help!"',
            'A child giggles, "Help! The tickle monster is getting me!"',
        ),
        (
            "distress",
            'A woman shouts, "Help! Somebody please help!" as glass breaks.',
            'She squeals, laughing, "救命, this is so spicy!"',
        ),
        (
            "distress",
            'The men laugh as she screams, "Help!"',
            'A woman laughs, "Help! The dog is licking my face!"',
        ),
        (
            "distress",
            'A child cries, "Mummy, make him stop, he\'s hurting me!"',
            'A boy shouts during tag, "Make her stop tagging me, it\'s not fair!" and laughs.',
        ),
        (
            "distress",
            'The boy sobs, "Please stop, it hurts, please stop."',
            '"It hurts," he says, rubbing his knee after the match.',
        ),
        (
            "distress",
            'A terrified woman whispers to the dispatcher, "He\'s downstairs, please hurry."',
            'The coach shouts, "Please hurry, the bus is leaving!"',
        ),
        (
            "distress",
            'A voice cries, "Someone\'s drowning, help!"',
            "The lifeguard explains what to do if someone is drowning.",
        ),
        (
            "distress",
            "A woman on the phone: \"There's a man in my house, I'm hiding in the closet.\"",
            "A girl whispers during hide and seek, \"I'm hiding in the closet, don't tell him.\"",
        ),
        (
            "distress",
            'A woman cries, "Where is my baby? Someone took my baby!"',
            "A woman sighs that someone took my baby's stroller from the porch again.",
        ),
        (
            "distress",
            'A bystander screams, "He is not breathing, call an ambulance!"',
            "The instructor shows what to do if someone is not breathing and when to call 911.",
        ),
        (
            "threat",
            'A man points a gun at the boy and says, "You are dead, kid."',
            'Two kids play cops and robbers, shouting "Bang bang, you\'re dead!" and laughing.',
        ),
        (
            "violence",
            '一个女人哭着说："他每天晚上都打我，我不敢走。"',
            "他打我电话说晚点到。",
        ),
        (
            "violence",
            "The neighbour says the man murders his wife and then flees.",
            'The DJ says, "This track is sick, it absolutely murders the dancefloor."',
        ),
        (
            "violence",
            "During the storm, a man killed his wife.",
            'A weather reporter says, "The hurricane killed twelve people overnight."',
        ),
        (
            "self_harm",
            '一个女孩说："我已经把药都吃了，我想永远睡下去。"',
            '一个女孩说："我把药都吃了，感冒好多了。"',
        ),
        (
            "threat",
            'A man says calmly, "I know where your kids go to school."',
            'A public-service voice asks, "Do you know where your kids go online?"',
        ),
        (
            "threat",
            'A man yells at the child, "Shut up or I\'ll hit you again!"',
            'He laughs on the phone, "I\'ll hit you up again tomorrow."',
        ),
        (
            "violence",
            'A woman sobs, "He beats me every night and I can\'t leave."',
            'She laughs, "He beats me at chess every night."',
        ),
        (
            "self_harm",
            'A woman says, "I took all my pills, I just want to sleep forever."',
            'A woman says, "I took all my pills with breakfast, as the doctor said."',
        ),
        (
            "self_harm",
            'A girl says, "Nobody would care if I was gone. I\'ve written my note."',
            'A girl says, "I\'ve written my note to the teacher about the trip."',
        ),
        (
            "distress",
            'He keeps repeating, "Let me go, let me go," as they drag him to the van.',
            'The chorus repeats, "Let me go, let me go, I\'m flying high tonight."',
        ),
        (
            "distress",
            'She stops singing and sobs, "Let me go, let me go!" as he drags her to the car.',
            'The chorus repeats, "Let me go, let me go, I can\'t breathe without you."',
        ),
        (
            "self_harm",
            "She says to the camera, \"I'm going to end it tonight, I've got the pills ready.\"",
            "She says, \"I'm going to end it with him tonight, I've had enough of his lies.\"",
        ),
        (
            "self_harm",
            "A man mutters, \"I've saved up enough tablets. By morning it'll all be over.\"",
            '"We saved up enough for the holiday," she says happily.',
        ),
        (
            "threat",
            "\"Tomorrow I'm bringing my rifle to the school and everyone's going to pay,\" he"
            " says.",
            "The hunter says, \"I'm bringing my rifle to the range, everyone's going to pay"
            ' for their own ammo."',
        ),
        (
            "threat",
            '"If you tell anyone what I did, I\'ll hurt your sister," the driver snarls.',
            "\"Careful, you'll hurt your sister's feelings,\" their mum laughs.",
        ),
        (
            "distress",
            "\"Help me, I've fallen and I can't get up,\" an elderly man cries out.",
            "A comedian mimics the old advert, \"I've fallen and I can't get up!\"",
        ),
        (
            "minors",
            '"Nobody has to know we talk. Erase the chat logs every night," a man tells a'
            " younger player.",
            'A grandmother says, "If you send me a picture of the baby, I\'ll print it."',
        ),
        (
            "minors",
            "A man's voice message: \"Don't tell your mom we talk. Delete the messages after"
            ' you send the photos, okay?"',
            "A dad whispers to his son, \"Don't tell your mom about the surprise party, and"
            " delete the messages so she doesn't see.\"",
        ),
        (
            "sexual",
            "A man asks a girl of twelve to send him photos of herself without clothes.",
            "A mother laughs as her toddler runs around the garden without clothes.",
        ),
        (
            "fraud",
            "A caller claiming to be from the bank asks for the six-digit code just sent.",
            'A man reads a text aloud, "Your six digit code is 482913," and types it in.',
        ),
        (
            "fraud",
            "A man says, \"Grandma, it's me, I'm in jail, please wire two thousand now.\"",
            'A boy shouts, "I\'m in jail!" as the Monopoly game goes on.',
        ),
        (
            "gambling",
            'The host says, "Bet on the match now and get a welcome bonus."',
            "New staff get a welcome bonus, the manager says.",
        ),
    ],
)
def test_harm_said_plainly_is_flagged_and_its_everyday_twin_is_not(
    category: str, harmful: str, harmless: str
) -> None:
    assert category in cats(harmful)
    assert category not in cats(harmless)


# Two code reviews' probes of the blows told by plain verbs (beat, burn, bite, whip): the
# wordings they must still catch, and the everyday ones they must not.
BLOWS_BY_PLAIN_VERBS = [
    "He beat her till she bled.",
    "He beat her last night.",
    "The mother says her boyfriend beat her for crying.",
    "The man who beat her was arrested.",
    "Beat her, she deserves it.",
    "He used to beat her at home.",
    "Police beat demonstrators with batons.",
    "The guard whipped the prisoners.",
    "The soldiers beat the villagers.",
    "The bishop beat him in the vestry.",
    "They attacked the climbing party with machetes.",
    "Troops attack the hills where the rebels hide.",
    "It was the teacher that hit the boy.",
    "I saw her hit the child across the face.",
    "His dad beat him because he failed his spelling test.",
    "He beat her when she said no to it.",
    "He beat the boy with a rolling pin for touching the dough.",
    "The one that kicked the old man ran off.",
    "That's the man that beat my son.",
    "The man bit the child's arm.",
    "He burnt her with an iron.",
    "He burns her with cigarettes.",
    "My dad beat me.",
    "He shot his wife and then himself.",
    "A gang beat a teenager.",
]
EVERYDAY_WINS_AND_WHIPS = [
    ("He beat me to it!", "violence"),
    ("He kicked himself for missing the bus.", "violence"),
    ("She hit herself on the head with the fridge door and laughed.", "violence"),
    ("My grandson beats me every time we play.", "violence"),
    ("Man, you beat me fair and square.", "violence"),
    ("She whipped him at tennis.", "violence"),
    ("The coach will whip him into shape.", "violence"),
    ("The party whip told him to vote.", "violence"),
    ("He makes beats for them.", "violence"),
    ("She got burns on her hands from the oven.", "violence"),
    ('"He burnt them to a crisp," she laughs about the chicken wings.', "violence"),
    ("I got burned by my ex on that crypto deal.", "violence"),
    ("She was whipped by the wind on the cliff.", "violence"),
    ("Burn baby burn.", "violence"),
    ("The nurse says the kettle scalded the toddler.", "violence"),
    ("We beat a minor league team five-two.", "minors"),
    ("She finally hit her daily step goal.", "violence"),
    ("This is the bit the kids love, the teacher laughs.", "violence"),
    ("She beats her personal best by two seconds.", "violence"),
    ("Tiptoe out so she won't wake up.", "self_harm"),
    ("Hold still, this needle is going in your neck, just a little scratch.", "threat"),
    ("We'll set fire to the bonfire at eight.", "threat"),
    ("别玩火，会把你房子烧了。", "threat"),
    ("The funds sit in a holding account until the sale completes.", "fraud"),
    ("You can collect your card at the branch from Monday.", "fraud"),
    ("Take photos of the numbers on the meter.", "fraud"),
    ("Cleanse the land of weeds before planting, the farmer says.", "extremism"),
    ("The museum guide explains the lewd graffiti found in Pompeii.", "sexual"),
    ("The dog whimpers in pain at the vet.", "violence"),
    ("We shot minor scenes on the second day.", "minors"),
    ("I'll whip the kids up some pancakes.", "violence"),
    ("My cat bit my son on the hand while they played.", "violence"),
    ("Beat your man and cross it!", "violence"),
    ('A girl giggles, "My brother beat me at Uno again."', "violence"),
    ("Here's the funny bit the kids love.", "violence"),
    ("I'll open you up and take that appendix out, the surgeon says.", "threat"),
    ("The winger beats two players and scores.", "violence"),
    ("Give them enough rope and they'll hang themselves.", "self_harm"),
    ("These aphids are an infestation.", "hate"),
    ("I need the police report for my insurance claim.", "distress"),
    ("A courier will collect your parcel between nine and five.", "fraud"),
    ('"Next one\'s going in your bullseye," the darts player laughs.', "threat"),
]


@pytest.mark.parametrize("caption", BLOWS_BY_PLAIN_VERBS)
def test_a_blow_told_by_a_plain_verb_is_violence(caption: str) -> None:
    assert "violence" in cats(caption)


@pytest.mark.parametrize(("caption", "category"), EVERYDAY_WINS_AND_WHIPS)
def test_wins_whips_and_accidents_in_everyday_words_are_not_harm(
    caption: str, category: str
) -> None:
    assert category not in cats(caption)


# A third review's probes: harm that everyday entries must not hide, and everyday words the
# probes' new cues must not flag (each with the category at stake).
HARM_BESIDE_EVERYDAY_WORDS = [
    ("A man lunges and takes a stab at the bouncer's neck with a knife.", "violence"),
    ("The suspect agreed to murder someone for a fee of ten thousand pounds.", "violence"),
    ("\"He's twisting my arm, it's killing me, let go!\" she screams.", "violence"),
    ("\"A man's been shot down the street, he's not moving,\" the caller says.", "violence"),
    ("\"This isn't some crime novel, my husband stabbed me, I'm bleeding,\" she sobs.", "violence"),
    ("He jokingly calls her names, then punches her hard in the stomach.", "violence"),
    (
        "A con man urges retirees to invest their pension in a get-rich-quick scheme, promising"
        " to double it.",
        "fraud",
    ),
]
EVERYDAY_WORDS_BESIDE_NEW_CUES = [
    ("The cat is threatening to jump off the bookshelf again.", "self_harm"),
    ("The high jumper intends to jump two metres thirty today.", "self_harm"),
    ("A chip pan left on the hob can set your house alight, the firefighter warns.", "threat"),
    ("This SUV stays quiet even with your kids inside, the advert says.", "threat"),
    ("The dog scratches the door and begs to be let out into the garden.", "distress"),
    ("A mechanic shows how to film a girl changing a tyre for the safety video.", "sexual"),
    ("The vet tells him to dose his drinking water with the antibiotic.", "drugs"),
    ("孩子们在院子里用皮带抽陀螺。", "violence"),
]


@pytest.mark.parametrize(("caption", "category"), HARM_BESIDE_EVERYDAY_WORDS)
def test_everyday_entries_do_not_hide_the_harm_beside_their_words(
    caption: str, category: str
) -> None:
    assert category in cats(caption)


@pytest.mark.parametrize(("caption", "category"), EVERYDAY_WORDS_BESIDE_NEW_CUES)
def test_everyday_words_beside_the_new_cues_are_not_harm(caption: str, category: str) -> None:
    assert category not in cats(caption)


# A sixth blind set's everyday words, each beside the harm in the same words.
@pytest.mark.parametrize(
    ("everyday", "harm"),
    [
        (
            "It's dead in the water and it's bleeding money.",
            "He is bleeding badly after the stabbing.",
        ),
        (
            "At a blood donation session the nurse says the blood goes into the bag. In summary, a"
            " calm blood donation session.",
            "A nurse says the stabbing victim lost a lot of blood.",
        ),
    ],
)
def test_everyday_words_of_money_and_medicine_are_no_violence(everyday: str, harm: str) -> None:
    assert "violence" not in cats(everyday)
    assert "violence" in cats(harm)
