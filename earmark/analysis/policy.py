"""Moderation policy: the YAML file that holds lexicons, cue lists, weights and thresholds.

The policy is data so trust-and-safety leads can change it without touching code; this module
finds, loads and caches it. The model lives in policy_model, validation in policy_parse.
"""

from __future__ import annotations

import os
from pathlib import Path

from .policy_model import (
    ACTIONS,
    SEVERITIES,
    Action,
    CategoryRule,
    Combination,
    Level,
    Policy,
    PolicyError,
    Severity,
    Term,
    Weakness,
)
from .policy_parse import parse

__all__ = [
    "ACTIONS",
    "SEVERITIES",
    "Action",
    "CategoryRule",
    "Combination",
    "Level",
    "Policy",
    "PolicyError",
    "Severity",
    "Term",
    "Weakness",
    "default_policy_path",
    "load_policy",
]


def default_policy_path() -> Path:
    """Path of the policy shipped inside the package."""
    return Path(__file__).with_name("default_policy.yaml")


_DEFAULT = default_policy_path()
_CACHE: dict[tuple[str, int], tuple[Policy, int | None]] = {}


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Load and validate a policy (``None`` → the shipped one), cached per (path, mtime) of the
    policy file and of the classifier file it names.

    Raises PolicyError naming the file and line for any problem, including I/O errors.
    """
    resolved = Path(path) if path is not None else _DEFAULT
    try:
        # Stats on every call: analyze() loads the default policy every time it is not given
        # one, and an edited file (policy or classifier) must still be picked up.
        key = (os.path.abspath(resolved), resolved.stat().st_mtime_ns)
        if key in _CACHE:
            policy, model_mtime = _CACHE[key]
            if model_mtime == _model_mtime(policy):
                return policy
        data = resolved.read_bytes()
    except OSError as exc:
        raise PolicyError(f"{resolved}:0: cannot read policy: {exc.strerror}") from exc
    policy = parse(resolved.name, str(resolved), data)
    _CACHE[key] = (policy, _model_mtime(policy))
    return policy


def _model_mtime(policy: Policy) -> int | None:
    if policy.classifier is None:
        return None
    try:
        return Path(policy.classifier.path).stat().st_mtime_ns
    except OSError:
        return -1  # gone: reload, and let the parser say so or find the shipped one
