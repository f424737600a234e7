"""What every command shares: settings that fail politely, errors on stderr, JSON on stdout."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NoReturn

import typer

from earmark.clock import as_utc
from earmark.settings import Settings, SettingsError, get_settings


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"earmark: {message}", err=True)
    raise typer.Exit(code)


def settings() -> Settings:
    """The settings, or exit 2 with a message naming each bad variable."""
    try:
        return get_settings()
    except SettingsError as error:
        fail(str(error), code=2)


def parse_since(value: str) -> datetime:
    """An ISO 8601 date or time as aware UTC; one without an offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--since must be an ISO 8601 date or time, not {value!r}", code=2)
    return as_utc(moment)


def print_json(document: Any) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False))
