"""Typed settings, read from ``EARMARK_*`` environment variables and an optional ``.env``.

Read them through :func:`get_settings`, never at import time, so tests and tools can point the
process at their own database before the first read.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "EARMARK_"


class SettingsError(ValueError):
    """Raised when the environment holds an invalid setting; the message names the variable."""


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "earmark"


class Settings(BaseSettings):
    """Every knob earmark has. Each field is the variable ``EARMARK_<FIELD NAME IN CAPITALS>``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where the embedded SQLite database and the audio spool live.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the job database; default: SQLite in the data dir.",
    )
    spool_dir: Path | None = Field(
        default=None,
        description="Content-addressed copies of submitted files, shared with the workers; "
        "default: DATA_DIR/spool.",
    )
    redis_url: str = Field(default="redis://127.0.0.1:6379/0", description="Celery broker.")

    captioner_base_url: str = Field(default="https://www.dmxapi.cn/v1")
    captioner_api_key: SecretStr = Field(default=SecretStr(""))
    captioner_model: str = Field(default="qwen3-omni-30b-a3b-captioner")
    captioner_auth: Literal["raw", "bearer"] = Field(
        default="raw", description="raw: the key as-is in Authorization; bearer: 'Bearer KEY'."
    )
    captioner_dialect: Literal["openai-audio", "vllm"] = Field(default="openai-audio")
    captioner_stream: bool = Field(default=True)
    captioner_timeout: float = Field(
        default=120.0, gt=0, le=3600, description="Seconds to wait for the captioner to answer."
    )

    captioner_rps: float = Field(
        default=0.0,
        ge=0,
        le=10_000,
        description="Captioner calls per second, fleet-wide; 0: no limit.",
    )
    captioner_burst: float = Field(
        default=1.0, ge=1, le=10_000, description="Calls the fleet may save up and make at once."
    )
    captioner_max_inflight: int = Field(
        default=0, ge=0, le=10_000, description="Captioner calls at once, fleet-wide; 0: no limit."
    )

    segment_seconds: float = Field(
        default=30.0, gt=1, le=600, description="Audio is captioned in segments this long."
    )
    max_attempts: int = Field(
        default=5, ge=1, le=100, description="Captioner tries per job before it ends failed."
    )
    retry_backoff_max: float = Field(
        default=120.0, ge=0, le=86_400, description="Longest wait between a job's tries, seconds."
    )
    lease_seconds: float = Field(
        default=300.0,
        gt=0,
        le=86_400,
        description="How long a worker owns a job without renewing; a dead worker's job is "
        "taken over after this.",
    )
    worker_concurrency: int = Field(default=8, ge=1, le=256)
    visibility_timeout: float = Field(
        default=3600.0,
        gt=0,
        description="Seconds before Redis hands an unacknowledged message to another worker.",
    )
    reconcile_interval: float = Field(
        default=60.0, gt=0, le=86_400, description="Seconds between the fleet's reconciler passes."
    )
    reconcile_grace: float = Field(
        default=60.0,
        ge=0,
        le=86_400,
        description="A queued job with no message in Redis for this long is sent again.",
    )
    policy: Path | None = Field(default=None, description="Moderation policy file (YAML).")

    @model_validator(mode="after")
    def _lease_outlasts_a_call(self) -> Settings:
        # A call may take the timeout to answer plus up to the timeout again between two
        # pieces of a slow answer; a lease shorter than that lets a second worker take the job
        # over mid-call and pay for the same caption again.
        if self.lease_seconds < 2 * self.captioner_timeout + 1:
            raise ValueError(
                f"EARMARK_LEASE_SECONDS ({self.lease_seconds:g}) must be at least twice "
                f"EARMARK_CAPTIONER_TIMEOUT ({self.captioner_timeout:g}) plus one second"
            )
        return self

    @model_validator(mode="after")
    def _fill_derived_paths(self) -> Settings:
        if self.spool_dir is None:
            self.spool_dir = self.data_dir / "spool"
        if self.database_url is None:
            self.database_url = embedded_database(self)
        return self

    @property
    def spool(self) -> Path:
        """The spool directory (always set after validation)."""
        assert self.spool_dir is not None
        return self.spool_dir

    @property
    def slot_wait_s(self) -> float:
        """How long a delivery may wait for a captioner slot before handing its job back.

        Well inside the lease and the visibility timeout, so waiting never costs either.
        """
        return min(120.0, self.lease_seconds / 2, self.visibility_timeout / 4)

    @property
    def max_delay_s(self) -> float:
        """The longest a job waits between tries, whatever Retry-After asks: a retry message
        held longer than half the visibility timeout would be handed out again by Redis."""
        return self.visibility_timeout / 2

    @property
    def database(self) -> str:
        """The database URL (always set after validation)."""
        assert self.database_url is not None
        return self.database_url


def embedded_database(settings: Settings) -> str:
    """The URL of the embedded SQLite database in the data dir."""
    return f"sqlite:///{settings.data_dir / 'earmark.db'}"


def _explain(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        if problem["loc"]:
            field = ".".join(str(part) for part in problem["loc"])
            lines.append(f"{ENV_PREFIX}{field.upper()}: {problem['msg']}")
        else:  # a rule between settings; its message names them
            lines.append(str(problem["msg"]).removeprefix("Value error, "))
    return "invalid settings:\n  " + "\n  ".join(lines)


@functools.cache
def get_settings() -> Settings:
    """The process's settings, validated once. Raises :class:`SettingsError` naming the variable.

    Tests that change the environment call ``get_settings.cache_clear()`` afterwards.
    """
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(_explain(error)) from None
