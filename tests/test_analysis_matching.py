"""Matching a reviewer would notice: whole words, inflections, phrases, Chinese, the wider
lexicon."""

# Full-width punctuation in captions is test data, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import json

from earmark.analysis import analyze
from tests.analysis import cats, flags_of


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


def test_typeset_hyphens_join_words_and_an_en_dash_still_ends_a_clause() -> None:
    for dash in ("\u2010", "\u2011", "\u2013"):  # hyphen, non-breaking hyphen, en dash
        caption = f"She talks about her self{dash}harm and the scars on her arm."
        (flag,) = [f for f in analyze([caption]).flags if f.category == "self_harm"]
        assert caption[slice(*flag.span)] == f"self{dash}harm"
    # An en dash between clauses still ends the negation's clause, spaced or not.
    for dash in (" \u2013 ", "\u2013"):
        assert "violence" in cats(f"There is no music{dash}a woman screams in pain."), dash


def test_typeset_apostrophes() -> None:
    for apostrophe in ("\u02bc", "\u2032", "`"):
        said = f'She says, "I don{apostrophe}t want to live anymore."'
        assert "self_harm" in cats(said), apostrophe


def test_a_contraction_and_its_words_in_full_are_one_spelling() -> None:
    # The policy lists "he's hurting me", "don't want to live" and "you are dead".
    assert "distress" in cats("She screams, 'Help me, he is hurting me!'")
    assert "self_harm" in cats('She sobs, "I do not want to live anymore."')
    assert "threat" in cats('"You\'re dead, you hear me?" he says to the boy.')


def test_a_word_after_anti_is_a_word_against_it() -> None:
    for text in (
        "A well-known anti-violence campaigner talks about her charity.",
        "The school runs an anti-bullying week and an anti-drug talk.",
        "A counter-terrorism officer gives a briefing to the press.",
    ):
        assert cats(text) == set(), text
    assert "hate" in cats("The man shouts anti-gay slurs at the couple.")
    assert "political" in cats("Protesters shout anti-regime chants outside the embassy.")
    assert "weapons" in cats("Counter-terrorism police say they found a bomb in the car.")


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


def test_a_weak_phrase_does_not_hide_a_term_that_runs_on_past_it() -> None:
    # "make him stop", "you're all going to pay" and "please don't" are weak; each hid the
    # term that starts inside it.
    assert "violence" in cats('A boy sobs, "Make him stop hitting me!"')
    assert "threat" in cats('A man says, "You\'re all going to pay for this."')
    assert "minors" in cats('A man tells a girl, "Please don\'t tell your parents we talk."')
    # What ends inside the weak phrase is still the phrase's own: one weak cue lists nothing.
    assert cats('She laughs, "Please stop it, you\'re tickling me!"') == set()
