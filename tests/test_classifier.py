"""The policy's classifier: a second opinion that can silence the lexicon's idioms, never harm
the policy protects, and whose probabilities are scikit-learn's own."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from earmark.analysis import analyze, default_policy_path, load_policy
from earmark.analysis.classifier import parse_classifier
from earmark.cli import app
from tests.test_analysis import _broken, _refused, flags_of

# A father's cooking voice note: "kill the heat", "murder the mince", "your mother's going to
# kill me". Over 60 words, as the captioner writes, so the classifier judges it.
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
# of caption a model fitted to the labelled sets scores near 0 for violence.
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


def test_an_idiom_in_a_long_caption_is_overruled_but_kept_as_evidence() -> None:
    result = analyze([KITCHEN])
    assert "violence" not in result.categories
    assert result.action == "pass"
    evidence = flags_of(result, "violence")
    assert evidence, "the lexicon's flag stays for a reviewer to see"
    opinion = load_policy().classifier
    assert opinion is not None
    floor = opinion.confirm_min["violence"]
    assert all(f.model_probability is not None and f.model_probability < floor for f in evidence)
    without = dataclasses.replace(load_policy(), classifier=None)
    assert "violence" in analyze([KITCHEN], policy=without).categories  # the lexicon alone


def test_earmark_analyze_shows_what_the_classifier_overruled(tmp_path: Path) -> None:
    opinion = load_policy().classifier
    assert opinion is not None
    odds = opinion.model.probabilities(opinion.model.words(KITCHEN))["violence"]
    caption = tmp_path / "caption.txt"
    caption.write_text(KITCHEN, "utf-8")
    shown = CliRunner().invoke(app, ["analyze", str(caption)])
    assert shown.exit_code == 0, shown.output
    assert "listed: joy  (other flags are evidence only)" in shown.output
    murder = next(line for line in shown.output.splitlines() if "'murder'" in line)
    assert murder.startswith("  sensitive:violence high")
    assert murder.endswith(f"model {odds:.2f}")
    document = json.loads(CliRunner().invoke(app, ["analyze", str(caption), "--json"]).output)
    assert "violence" not in document["categories"]
    violence = [f for f in document["flags"] if f["category"] == "violence"]
    assert [f["model_probability"] for f in violence] == [round(odds, 4)]


def test_real_harm_in_a_long_caption_keeps_its_labels() -> None:
    result = analyze([ROBBERY])
    assert {"violence", "distress"} <= set(result.categories)
    assert {"anger", "fear"} <= set(result.emotions)
    assert result.action == "block"
    judged = [f.model_probability for f in flags_of(result, "violence") if f.model_probability]
    assert judged  # "punched" has harmless senses: the model judged it, and agreed
    assert min(judged) >= 0.5


def test_a_term_without_a_harmless_sense_is_never_overruled() -> None:
    opinion = load_policy().classifier
    assert opinion is not None
    odds = opinion.model.probabilities(opinion.model.words(CALL))
    assert odds["violence"] < opinion.confirm_min["violence"]  # the model would silence it
    result = analyze([CALL])
    assert "violence" in result.categories  # but "assaulted" has no sense it could judge
    assert result.action == "block"
    assert all(f.model_probability is None for f in flags_of(result, "violence"))


def test_the_model_has_no_words_for_who_someone_is() -> None:
    # So the same assault is not likelier to be overruled when it happens to a woman.
    opinion = load_policy().classifier
    assert opinion is not None
    assert not {"she", "he", "her", "his", "woman", "man", "wife", "husband"} & set(
        opinion.model.columns
    )


def test_a_short_caption_is_left_to_the_lexicon() -> None:
    # The model was fitted to multi-paragraph captions; one line is not its to judge.
    result = analyze(["A man hits his wife."])
    assert result.categories == ("violence",)
    assert [f.model_probability for f in result.flags] == [None]


def test_protected_labels_are_never_overruled(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path, "    violence: 0.1\n", "    violence: 0.1\n    threat: 0.1\n", at="threat: 0.1"
    )
    assert message == f"policy.yaml:{line}: the classifier must never overrule 'threat'"


def test_a_category_with_no_harmless_senses_cannot_be_overruled(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path, "    violence: 0.1\n", "    violence: 0.1\n    harassment: 0.1\n", at="harass"
    )
    assert message == (
        f"policy.yaml:{line}: 'harassment' has no senses whose terms the classifier could judge"
    )


def test_a_missing_or_broken_classifier_file_is_refused_naming_the_line(tmp_path: Path) -> None:
    line, message = _refused(
        tmp_path, "  file: default_classifier.json", "  file: nowhere.json", at="nowhere.json"
    )
    assert message == (
        f"policy.yaml:{line}: cannot read classifier file nowhere.json: No such file or directory"
    )
    (tmp_path / "broken.json").write_text('{"format": "earmark-linear-1", "idf": {}}')
    line, message = _refused(
        tmp_path, "  file: default_classifier.json", "  file: broken.json", at="broken.json"
    )
    assert message.startswith(f"policy.yaml:{line}: classifier file broken.json: needs 'idf'")


def test_the_policy_version_covers_the_classifier_file(tmp_path: Path) -> None:
    shipped = default_policy_path().with_name("default_classifier.json")
    doc = json.loads(shipped.read_text("utf-8"))
    doc["intercepts"]["violence"] += 1.0
    (tmp_path / "default_classifier.json").write_text(json.dumps(doc), "utf-8")
    copy = _broken(tmp_path, "schema: 1", "schema: 1")  # the same policy text, beside it
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
