"""Precision on new wording: weak cues, sport, families of fiction, reporting."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.analysis import PolicyError, analyze, load_policy
from tests.analysis import broken, cats, flags_of


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


def test_a_bout_the_caption_says_turned_real_is_not_the_game() -> None:
    gym = (
        "At the boxing gym, sparring turns into a genuine assault: one man keeps punching his"
        " opponent after he is knocked unconscious."
    )
    result = analyze([gym])
    assert all(not f.fictional for f in flags_of(result, "violence"))
    assert result.action == "block"
    # Said not to have happened, it leaves the drill a drill.
    drill = "Two boxers spar hard; nothing suggests the drill turning into a genuine fight."
    assert analyze([drill]).action == "pass"


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
    path = broken(tmp_path, "  list_lowered: true", "  list_lowered: false")
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
    path = broken(tmp_path, "      - gasps: weak", "      - gasps: feeble")
    with pytest.raises(PolicyError, match="one of low, medium, high, weak, topic, weak in fiction"):
        load_policy(path)
    bare = broken(tmp_path, "      - ^down with", "      - ^")
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
