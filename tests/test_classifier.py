"""The policy's classifier: a second opinion that can overrule emotions the lexicon misreads,
never a category, that can add a category the lexicon missed, for review, and whose
probabilities are scikit-learn's own."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from earmark.analysis import Policy, analyze, default_policy_path, load_policy
from earmark.analysis.classifier import parse_classifier
from earmark.cli import app
from tests.analysis import broken, flags_of, refused

# A father's cooking voice note: garlic that "turns bitter" is no one's anger. Over 60 words,
# as the captioner writes, so the classifier judges it.
KITCHEN = (
    "The recording is a voice note made on a phone propped on a kitchen counter; a range hood"
    " hums and a pan sizzles throughout. A man in his fifties with a relaxed Glaswegian accent"
    ' talks his grown-up son through a family recipe, sounding cheerful and unhurried. "Right,'
    ' first you kill the heat before the garlic goes in, otherwise it turns bitter," he says'
    ' with a chuckle. He adds, "And don\'t murder the mince this time, just let it brown." A'
    " spoon taps the side of a pot. Later he laughs and says, \"Your mother's going to kill me if"
    ' I use the good pan again." The son laughs along on speakerphone and asks how long the'
    " sauce should simmer. The tone throughout is warm and teasing; nobody sounds upset. In"
    " summary, this is a light-hearted voice note in which a father shares a family recipe."
)
# A street robbery, told at the same length.
ROBBERY = (
    "The recording comes from a phone in a jacket pocket on a residential street at night; the"
    " sound is muffled, with wind and a passing car. Two men argue in hostile, rising voices. One"
    ' shouts, "Give me the phone, now!" and the other answers, "Get off me, I\'m not giving you'
    ' anything." There is the heavy thud of a blow, and a man cries out in pain: "He\'s punched'
    ' me in the face." The attacker keeps hitting him while a woman screams, "Stop it, you\'re'
    ' hurting him, somebody help!" The injured man is left moaning on the ground, and the woman,'
    " terrified, calls an ambulance. In summary, this is a real street robbery in which a man is"
    " punched and injured while a frightened bystander calls for help."
)
# A calm account-transfer call in which the caller says her husband assaulted her: the kind
# of caption the model scores near 0 for violence, which is why it may not judge categories.
CALL = (
    "The recording is a routine phone call to a utility company's customer-service line, "
    "with light hold music at the start and a quiet office hum behind the agent. A woman in "
    "her forties with a soft Midlands accent calls to move her electricity account to a new "
    "address. She sounds tired but composed, and spells out her new postcode slowly when "
    "the agent asks. The agent, a young man with a friendly, upbeat manner, confirms the "
    "meter readings and asks whether she wants paper bills. Partway through, she explains "
    'quietly why she is moving: "My husband assaulted me last month, so the kids and I are '
    'staying with my sister now." The agent pauses, says he is very sorry to hear that, and '
    "offers to mark the account so that no details are shared with anyone else. She thanks "
    "him and says the police are involved. The rest of the call covers the first bill date "
    "and a direct debit, and ends with polite goodbyes. In summary, this is a calm "
    "account-transfer call during which the caller mentions that her husband assaulted her."
)


def test_a_misread_emotion_in_a_long_caption_is_overruled_but_kept_as_evidence() -> None:
    result = analyze([KITCHEN])
    assert result.emotions == ("joy",)
    evidence = flags_of(result, "anger")
    assert [f.term for f in evidence] == ["bitter"], "the flag stays for a reviewer to see"
    opinion = load_policy().classifier
    assert opinion is not None
    floor = opinion.confirm_min["anger"]
    assert all(f.model_probability is not None and f.model_probability < floor for f in evidence)
    without = dataclasses.replace(load_policy(), classifier=None)
    assert "anger" in analyze([KITCHEN], policy=without).emotions  # the lexicon alone


def test_earmark_analyze_shows_what_the_classifier_overruled(tmp_path: Path) -> None:
    opinion = load_policy().classifier
    assert opinion is not None
    odds = opinion.model.probabilities(opinion.model.words(KITCHEN))["anger"]
    caption = tmp_path / "caption.txt"
    caption.write_text(KITCHEN, "utf-8")
    shown = CliRunner().invoke(app, ["analyze", str(caption)])
    assert shown.exit_code == 0, shown.output
    assert "listed: violence, joy  (other flags are evidence only)" in shown.output
    bitter = next(line for line in shown.output.splitlines() if "'bitter'" in line)
    assert bitter.startswith("  emotion:anger low")
    assert bitter.endswith(f"model {odds:.2f}")
    document = json.loads(CliRunner().invoke(app, ["analyze", str(caption), "--json"]).output)
    assert "anger" not in document["emotions"]
    anger = [f for f in document["flags"] if f["category"] == "anger"]
    assert [f["model_probability"] for f in anger] == [round(odds, 4)]


def test_real_emotions_in_a_long_caption_keep_their_labels() -> None:
    result = analyze([ROBBERY])
    assert {"anger", "fear"} <= set(result.emotions)
    judged = [f.model_probability for f in result.flags if f.kind == "emotion"]
    assert judged
    assert all(p is not None and p >= 0.5 for p in judged)


def test_categories_are_never_judged_even_where_the_model_would_silence_them() -> None:
    opinion = load_policy().classifier
    assert opinion is not None
    odds = opinion.model.probabilities(opinion.model.words(CALL))
    assert odds["violence"] < 0.1  # a calm disclosure of assault: the model is wrong here
    result = analyze([CALL])
    assert "violence" in result.categories
    assert result.action == "block"
    assert all(f.model_probability is None for f in result.flags if f.kind == "sensitive")


def test_the_model_has_no_words_for_who_someone_is() -> None:
    # So the same words are not read differently when they are said of a woman.
    opinion = load_policy().classifier
    assert opinion is not None
    assert not {"she", "he", "her", "his", "woman", "man", "wife", "husband"} & set(
        opinion.model.columns
    )


def test_a_short_caption_is_left_to_the_lexicon() -> None:
    # The model was fitted to multi-paragraph captions; one line is not its to judge.
    line = "At the graveside a widow sobs quietly, grieving for her husband."
    result = analyze([line])
    assert result.emotions == ("sadness",)
    assert [f.model_probability for f in flags_of(result, "sadness")] == [None, None]
    padded = analyze([line + " Rain falls on the umbrellas of the mourners." * 8])
    assert all(f.model_probability is not None for f in flags_of(padded, "sadness"))


def test_a_category_is_refused(tmp_path: Path) -> None:
    line, message = refused(
        tmp_path, "    anger: 0.1\n", "    anger: 0.1\n    violence: 0.1\n", at="violence: 0.1"
    )
    assert (
        message == f"policy.yaml:{line}: the classifier may overrule emotions only, not 'violence'"
    )


def test_a_missing_or_broken_classifier_file_is_refused_naming_the_line(tmp_path: Path) -> None:
    line, message = refused(
        tmp_path, "  file: default_classifier.json", "  file: nowhere.json", at="nowhere.json"
    )
    assert message == (
        f"policy.yaml:{line}: cannot read classifier file nowhere.json: No such file or directory"
    )
    (tmp_path / "broken.json").write_text('{"format": "earmark-linear-1", "idf": {}}')
    line, message = refused(
        tmp_path, "  file: default_classifier.json", "  file: broken.json", at="broken.json"
    )
    assert message.startswith(f"policy.yaml:{line}: classifier file broken.json: needs 'idf'")


def test_the_policy_version_covers_the_classifier_file(tmp_path: Path) -> None:
    shipped = default_policy_path().with_name("default_classifier.json")
    doc = json.loads(shipped.read_text("utf-8"))
    doc["intercepts"]["violence"] += 1.0
    (tmp_path / "default_classifier.json").write_text(json.dumps(doc), "utf-8")
    copy = broken(tmp_path, "schema: 1", "schema: 1")  # the same policy text, beside it
    assert load_policy(copy).version != load_policy().version
    (tmp_path / "default_classifier.json").unlink()  # now it finds the shipped model
    assert load_policy(copy).version == load_policy().version


def _trainer() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "bench" / "train_classifier.py"
    spec = importlib.util.spec_from_file_location("train_classifier", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_probabilities_are_those_of_the_scikit_learn_model_it_was_exported_from() -> None:
    trainer = _trainer()
    words = ("gunfire", "screams", "laughter", "music", "kitchen", "rain", "shouting", "quiet")
    rows = [
        {
            "text": " ".join(words[(i * k) % len(words)] for k in range(1, 4 + i % 5)),
            "categories": ["violence"] if i % 3 == 0 else [],
            "emotions": ["joy"] if i % 4 == 1 else [],
            "set": "toy.jsonl",
        }
        for i in range(40)
    ]
    vectorizer, models = trainer.fit(rows)
    model = parse_classifier(
        json.dumps(trainer.export(vectorizer, models, trained_on=["toy"], prune=0.0)).encode()
    )
    for text in ("Gunfire and screams in the rain.", "Quiet music, laughter, laughter."):
        expected = models["violence"].predict_proba(vectorizer.transform([text]))[0][1]
        got = model.probabilities(model.words(text))["violence"]
        assert got == pytest.approx(expected, abs=2e-3)  # the file rounds weights to 3 places


# A night at a pub quiz, told at length: no harm, and no violence in the lexicon's eyes.
QUIZ = (
    "The recording is a phone propped on a pub table during a Tuesday quiz night; glasses"
    " clink, a fruit machine chimes and a crowd of perhaps forty people chatter. The quizmaster,"
    " a man with a cheerful Bristol accent, reads the third batch of questions into a crackly"
    " microphone. One asks for the capital of Canada, another for the longest river in Africa."
    " A team near the phone argues good-naturedly over the answers, and a woman laughs that her"
    " brother always gets the geography questions wrong. The quizmaster reads"
    " the scores, and the team cheers at coming second. In summary, a friendly pub quiz night."
)


def _leaning(tmp_path: Path, label: str) -> Policy:
    """The shipped policy with a copy of its model that gives ``label`` a probability near 1
    on every caption: its own weights still choose which word weighs most."""
    shipped = default_policy_path().with_name("default_classifier.json")
    doc = json.loads(shipped.read_text("utf-8"))
    doc["intercepts"][label] += 12.0
    (tmp_path / "default_classifier.json").write_text(json.dumps(doc), "utf-8")
    return load_policy(broken(tmp_path, "schema: 1", "schema: 1"))


def _heaviest(policy: Policy, caption: str, label: str) -> list[str]:
    opinion = policy.classifier
    assert opinion is not None
    return opinion.model.heaviest(opinion.model.words(caption), label)


def test_a_category_the_lexicon_missed_is_added_for_review_on_its_strongest_word(
    tmp_path: Path,
) -> None:
    assert analyze([QUIZ]).action == "pass"
    policy = _leaning(tmp_path, "violence")
    result = analyze([QUIZ], policy=policy)
    assert result.categories == ("violence",)
    assert result.action == "review", "a model's guess alone asks a person, never blocks"
    [added] = flags_of(result, "violence")
    assert added.found_by == "model"
    assert QUIZ[added.span[0] : added.span[1]] == added.term
    assert added.term.lower() in _heaviest(policy, QUIZ, "violence")[:5]
    opinion = policy.classifier
    assert opinion is not None
    assert added.model_probability is not None
    assert added.model_probability >= opinion.add_min["violence"]
    assert added.confidence == policy.confidence["model"]
    assert added.sentence in QUIZ


def test_the_model_adds_nothing_the_lexicon_already_lists(tmp_path: Path) -> None:
    caption = QUIZ.replace(
        "In summary,", "Outside, a man shoves a woman to the ground. In summary,"
    )
    policy = _leaning(tmp_path, "violence")
    result = analyze([caption], policy=policy)
    assert [f.term for f in flags_of(result, "violence")] == ["shoves"]
    assert _heaviest(policy, caption, "violence")[0] != "shoves", "else the flags would coincide"


def test_an_added_category_on_a_negated_word_is_dropped(tmp_path: Path) -> None:
    caption = QUIZ.replace(
        "In summary,", "There is no gunfire, no shouting and no trouble of any kind. In summary,"
    )
    policy = _leaning(tmp_path, "violence")
    assert _heaviest(policy, caption, "violence")[0] == "gunfire"
    assert "violence" not in analyze([caption], policy=policy).categories


def test_the_model_can_raise_a_job_to_review_never_to_block(tmp_path: Path) -> None:
    # A hedged cry for help is distress for review; the model's violence beside it would make
    # the violence-and-distress combination block, which only the lexicon may do.
    caption = QUIZ.replace("In summary,", "Outside, someone possibly shouts for help. In summary,")
    assert analyze([caption]).action == "review"
    result = analyze([caption], policy=_leaning(tmp_path, "violence"))
    assert set(result.categories) == {"distress", "violence"}
    assert result.action == "review"
    policy = load_policy()
    assert result.risk_score < policy.block_threshold


def test_a_long_job_gets_one_added_flag_per_category_on_its_surest_segment(
    tmp_path: Path,
) -> None:
    result = analyze([QUIZ, QUIZ, QUIZ], policy=_leaning(tmp_path, "violence"))
    assert [f.segment for f in flags_of(result, "violence")] == [0]
    assert result.action == "review"
    # A category the lexicon lists in any segment needs no second opinion in another.
    mixed = analyze([QUIZ, ROBBERY], policy=_leaning(tmp_path, "violence"))
    assert all(f.found_by == "lexicon" for f in flags_of(mixed, "violence"))


def _tiny(tmp_path: Path, weights: dict[str, float]) -> Policy:
    """The shipped policy with a model that is sure of violence in every caption and weighs
    only ``weights``' words for it; no word for any other label."""
    opinion = load_policy().classifier
    assert opinion is not None
    doc = {
        "format": "earmark-linear-1",
        "idf": dict.fromkeys(weights, 1.0),
        "intercepts": {
            label: 12.0 if label == "violence" else 0.0 for label in opinion.model.labels
        },
        "weights": {label: {} for label in opinion.model.labels} | {"violence": weights},
    }
    (tmp_path / "default_classifier.json").write_text(json.dumps(doc), "utf-8")
    return load_policy(broken(tmp_path, "schema: 1", "schema: 1"))


def test_words_of_equal_weight_come_in_the_same_order_in_every_process(tmp_path: Path) -> None:
    opinion = _tiny(tmp_path, {"storm": 1.0, "brawl": 1.0, "quiz": 0.5}).classifier
    assert opinion is not None
    words = opinion.model.words("quiz storm brawl")
    assert opinion.model.heaviest(words, "violence") == ["brawl", "storm", "quiz"]


def test_the_evidence_is_a_word_a_reviewer_can_read(tmp_path: Path) -> None:
    caption = QUIZ.replace(
        "In summary,", "You hear a talk on self-care, then a storm rolls in. In summary,"
    )
    result = analyze([caption], policy=_tiny(tmp_path, {"self": 3.0, "you": 2.0, "storm": 1.0}))
    [added] = flags_of(result, "violence")
    assert added.term == "storm", "not 'self' inside 'self-care', nor the function word 'you'"


def test_a_model_leaning_on_a_negated_word_adds_nothing(tmp_path: Path) -> None:
    caption = QUIZ.replace(
        "In summary,", "There is no gunfire at all, and a storm rolls in. In summary,"
    )
    policy = _tiny(tmp_path, {"gunfire": 3.0, "storm": 1.0})
    assert "violence" not in analyze([caption], policy=policy).categories
    elsewhere = caption.replace("There is no gunfire at all", "Gunfire echoes outside")
    added = flags_of(analyze([elsewhere], policy=policy), "violence")
    assert [(f.term, f.found_by) for f in added] == [("Gunfire", "model")]


def test_an_added_category_in_a_film_is_lowered_like_any_other(tmp_path: Path) -> None:
    caption = QUIZ.replace("a friendly pub quiz night", "a pub quiz scene from a film trailer")
    result = analyze([caption], policy=_leaning(tmp_path, "violence"))
    [added] = flags_of(result, "violence")
    assert added.fictional
    assert added.severity == "low"
    assert result.action == "pass"


def test_earmark_analyze_says_which_flags_the_model_added(tmp_path: Path) -> None:
    policy = _leaning(tmp_path, "violence")
    caption = tmp_path / "caption.txt"
    caption.write_text(QUIZ, "utf-8")
    command = ["analyze", str(caption), "--policy", policy.path]
    shown = CliRunner().invoke(app, command)
    assert shown.exit_code == 0, shown.output
    assert "added by the model (" in shown.output
    as_json = CliRunner().invoke(app, [*command, "--json"])
    [added] = [f for f in json.loads(as_json.output)["flags"] if f["category"] == "violence"]
    assert added["found_by"] == "model"


def test_the_classifier_may_add_categories_only_and_only_where_it_is_sure(
    tmp_path: Path,
) -> None:
    line, message = refused(
        tmp_path, "{violence: 0.9,", "{violence: 0.9, anger: 0.9,", at="anger: 0.9"
    )
    assert message == f"policy.yaml:{line}: the classifier may add categories only, not 'anger'"
    line, message = refused(tmp_path, "{violence: 0.9,", "{violence: 0.3,", at="violence: 0.3")
    assert message == f"policy.yaml:{line}: add_min.violence must be between 0.5 and 1, not 0.3"
