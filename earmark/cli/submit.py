"""``earmark submit``: enqueue files and URLs, one by one or from a JSON-lines manifest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from kombu.exceptions import OperationalError
from rich.console import Console
from rich.progress import Progress

from earmark.audio import SourceError
from earmark.cli.common import fail, print_json, settings
from earmark.producer import JobRequest, SubmissionError, Submitted

MANIFEST_KEYS = {"source", "external_id", "priority", "meta"}


def parse_meta(pairs: list[str]) -> dict[str, str]:
    meta = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key:
            fail(f"--meta takes KEY=VALUE, not {pair!r}", code=2)
        meta[key] = value
    return meta


def manifest_requests(path: Path) -> Iterator[tuple[int, JobRequest | str]]:
    """Each line's request, or the reason the line is refused, with its line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read manifest {path}: {error}", code=2)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry: Any = json.loads(line)
        except ValueError as error:
            yield number, f"not JSON ({error.args[0]})"
            continue
        if not isinstance(entry, dict):
            yield number, "not a JSON object"
            continue
        unknown = sorted(set(entry) - MANIFEST_KEYS)
        if unknown:
            yield number, f"unknown keys: {', '.join(unknown)}"
        elif "source" not in entry:
            yield number, "missing 'source'"
        else:
            try:
                yield (
                    number,
                    JobRequest(
                        entry["source"],
                        external_id=entry.get("external_id"),
                        priority=entry.get("priority") or "normal",
                        meta=entry.get("meta") or {},
                    ),
                )
            except SubmissionError as error:
                yield number, str(error)


def _submit_one(request: JobRequest) -> Submitted | str:
    from worker.producer import (
        submit_many,
    )  # imported late: the CLI's other commands need no Celery

    try:
        return next(submit_many([request]))
    except (SourceError, SubmissionError) as error:
        return str(error)
    except OperationalError as error:
        return f"saved, but the broker is unreachable ({error}); the job waits as queued"


def submit(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Audio files or http(s) URLs.")
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option(help="JSON lines: {source, external_id, priority, meta}.")
    ] = None,
    external_id: Annotated[str | None, typer.Option(help="Idempotency key (one SOURCE).")] = None,
    priority: Annotated[str, typer.Option(help="high, normal or low.")] = "normal",
    meta: Annotated[list[str] | None, typer.Option(help="KEY=VALUE, repeatable.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per job.")] = False,
) -> None:
    """Submit audio for moderation. Each job is stored before it is queued; an external id
    already known returns the existing job. Exits 1 if any source or manifest line failed."""
    settings()
    if bool(sources) == bool(manifest):
        fail("give SOURCE arguments or --manifest, not both or neither", code=2)
    items: list[tuple[int, JobRequest | str]]
    if manifest is not None:
        items = list(manifest_requests(manifest))
    else:
        assert sources is not None
        if external_id is not None and len(sources) != 1:
            fail("--external-id names one job: give exactly one SOURCE", code=2)
        try:
            pairs = parse_meta(meta or [])
            items = [
                (number, JobRequest(source, external_id=external_id, priority=priority, meta=pairs))
                for number, source in enumerate(sources, 1)
            ]
        except SubmissionError as error:
            fail(str(error), code=2)
    failures = 0
    where = "line" if manifest else "source"
    errors = Console(stderr=True, highlight=False)
    with Progress(console=errors, transient=True, disable=len(items) < 2) as progress:
        task = progress.add_task("submitting", total=len(items))
        for number, item in items:
            result = item if isinstance(item, str) else _submit_one(item)
            progress.advance(task)
            if isinstance(result, str):
                failures += 1
                errors.print(f"{where} {number}: {result}", style="red", markup=False)
                if as_json:
                    print_json({where: number, "error": result})
            elif as_json:
                print_json(result.to_dict())
            else:
                state = "queued" if result.created else f"exists ({result.status})"
                typer.echo(f"{state:<18} {result.job_id}  {result.source}")
    if failures:
        fail(f"{failures} of {len(items)} {where}s failed; the others were submitted")
