"""The policy file: its version, and how a broken one is refused naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.analysis import PolicyError, analyze, default_policy_path, load_policy
from tests.analysis import broken, line_of, refused


def test_policy_version_is_content_hash_and_cached() -> None:
    policy = load_policy()
    assert policy.version.startswith("sha256:")
    assert len(policy.version) == len("sha256:") + 16
    assert load_policy(default_policy_path()) is policy
    assert analyze(["quiet"], policy=policy).policy_version == policy.version


def test_policy_error_names_file_and_line_for_unknown_category(tmp_path: Path) -> None:
    line, message = refused(tmp_path, "  violence:\n", "  violnce:\n", at="violnce:")
    assert message == f"policy.yaml:{line}: category 'violnce' is not in the taxonomy"


def test_policy_error_for_bad_values_and_yaml_syntax(tmp_path: Path) -> None:
    path = broken(tmp_path, "    weight: 85\n", "    weight: lots\n")
    with pytest.raises(PolicyError, match=rf"^policy.yaml:{line_of(path, 'lots')}: weight"):
        load_policy(path)
    path = broken(tmp_path, "schema: 1\n", "schema: [1\n")
    with pytest.raises(PolicyError, match=r"^policy.yaml:\d+: invalid YAML"):
        load_policy(path)


def test_policy_refuses_fiction_lowering_sexual(tmp_path: Path) -> None:
    path = broken(
        tmp_path,
        "  sexual:\n    severity: high\n",
        "  sexual:\n    severity: high\n    fiction_lowers: true\n",
    )
    with pytest.raises(PolicyError, match="fiction must never lower 'sexual'"):
        load_policy(path)


def test_policy_refuses_real_in_live_chat_where_fiction_never_lowers(tmp_path: Path) -> None:
    line, message = refused(
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
    fear = broken(tmp_path, "  fear:\n", "  fear:\n    real_in_live_chat: true\n")
    assert load_policy(fear).rules["fear"].real_in_live_chat


def test_replacement_policy_changes_behaviour(tmp_path: Path) -> None:
    path = broken(tmp_path, "    - Scunthorpe\n", "    - Scunthorpe\n    - gunfire\n")
    policy = load_policy(path)
    assert policy.version != load_policy().version
    assert analyze(["Gunfire erupts."], policy=policy).categories == ()


def test_policy_error_for_a_sense_term_not_in_its_category(tmp_path: Path) -> None:
    line, message = refused(
        tmp_path, "    terms: [pistol, gun,", "    terms: [pistl, gun,", at="[pistl, gun,"
    )
    assert message == f"policy.yaml:{line}: 'pistl' is not a term of 'weapons'"


def test_a_term_another_already_matches_in_every_form_is_refused(tmp_path: Path) -> None:
    line, message = refused(
        tmp_path, "      - pistol\n", "      - pistol\n      - =pistols\n", at="- =pistols"
    )
    assert message == (
        f"policy.yaml:{line}: '=pistols' in categories.weapons.en is already matched, in every"
        f" form, by 'pistol' (line {line - 1}): remove one"
    )
    # Adding forms ("stabbing" also finds "stabbings") is not a repeat, nor is another mark.
    load_policy(broken(tmp_path, "      - pistol\n", "      - pistol\n      - pistols: low\n"))


def test_a_form_written_out_with_its_own_mark_overrides_the_inflection() -> None:
    # "pissed off: low" beside "piss off": the form written out decides, not the inflection.
    flags = analyze(['He snaps, "I am so pissed off with you. Piss off."']).flags
    assert {(f.term, f.severity) for f in flags if f.category == "profanity"} == {
        ("pissed off", "low"),
        ("Piss off", "medium"),
    }
