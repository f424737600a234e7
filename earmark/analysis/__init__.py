"""Moderation analysis: caption prose in, flags with evidence and a decision out.

>>> result = analyze(["A man screams for help as gunshots ring out."])
>>> result.action in {"pass", "review", "block"}
True
"""

from .engine import Analysis, Flag, analyze
from .policy import Policy, PolicyError, default_policy_path, load_policy

__all__ = [
    "Analysis",
    "Flag",
    "Policy",
    "PolicyError",
    "analyze",
    "default_policy_path",
    "load_policy",
]
