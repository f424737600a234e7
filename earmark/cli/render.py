"""Human-readable job summaries: the caption, each flag with its evidence, the decision."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

_ACTION_STYLE = {"pass": "bold green", "review": "bold yellow", "block": "bold red"}
_SEVERITY_STYLE = {"low": "cyan", "medium": "yellow", "high": "red"}


def _evidence(flag: dict[str, Any], caption: str) -> Text:
    start, end = flag["span"]
    left, right = max(0, start - 60), min(len(caption), end + 60)
    text = Text("…" if left else "")
    text.append(caption[left:start].replace("\n", " "))
    text.append(caption[start:end], style=f"bold {_SEVERITY_STYLE.get(flag['severity'], '')}")
    text.append(caption[end:right].replace("\n", " ") + ("…" if right < len(caption) else ""))
    return text


def model_note(flag: dict[str, Any]) -> str | None:
    """What the policy's classifier did with a job document's flag, if anything: "added by
    the model (0.93)" or its probability for a label it may overrule, "model 0.41"."""
    probability = flag.get("model_probability")
    if flag.get("found_by") == "model":
        return f"added by the model ({probability:.2f})"
    return None if probability is None else f"model {probability:.2f}"


def print_summary(document: dict[str, Any], console: Console | None = None) -> None:
    """Print one job document the way a reviewer reads it."""
    console = console or Console()
    action = document.get("action") or document["status"]
    header = Text(f"{document['source']}  ")
    header.append(action.upper(), style=_ACTION_STYLE.get(action, "bold"))
    if document.get("risk"):
        header.append(f"  risk {document['risk']['level']} ({document['risk']['score']})")
    header.append(f"  job {document['id']}", style="dim")
    console.print(header)
    if document["status"] == "failed":
        console.print(Text(f"  failed: {document['error']}", style="red"))
        return
    captions = {segment["index"]: segment["caption"] or "" for segment in document["segments"]}
    for segment in document["segments"]:
        if segment["caption"]:
            console.print(Text(f"  [{segment['start_s']:.0f}s] ", style="dim"), segment["caption"])
    for flag in document["flags"]:
        line = Text(f"  {flag['kind']}:{flag['category']} ", style="bold")
        line.append(flag["severity"], style=_SEVERITY_STYLE.get(flag["severity"], ""))
        qualifiers = [q for q in ("hedged", "fictional") if flag.get(q)]
        if (note := model_note(flag)) is not None:
            qualifiers.append(note)
        line.append(f" {', '.join(qualifiers)}" if qualifiers else "", style="dim")
        line.append("  ")
        line.append_text(_evidence(flag, captions.get(flag["segment"], "")))
        console.print(line)
    if not document["flags"]:
        console.print(Text("  no flags", style="dim"))
