"""What every command shares: settings that fail politely, errors on stderr, JSON on stdout."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import typer

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


def print_json(document: Any) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False))
