"""Helpers of the analysis tests: labels of a one-line caption, flags of a label, and a
shipped policy broken on purpose to see how it is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.analysis import Analysis, Flag, PolicyError, analyze, default_policy_path, load_policy


def cats(text: str) -> set[str]:
    return set(analyze([text]).categories)


def emos(text: str) -> set[str]:
    return set(analyze([text]).emotions)


def flags_of(result: Analysis, category: str) -> list[Flag]:
    return [f for f in result.flags if f.category == category]


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped policy with its first ``old`` replaced by ``new``."""
    text = default_policy_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def refused(tmp_path: Path, old: str, new: str, *, at: str) -> tuple[int, str]:
    """Break the default policy (``old`` -> ``new``) and load it: the number of the first line
    holding ``at``, and the message the policy is refused with."""
    path = broken(tmp_path, old, new)
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    return line_of(path, at), str(err.value)
