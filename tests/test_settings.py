"""Settings come from EARMARK_* variables; mistakes name the variable; the key never shows."""

from __future__ import annotations

import pytest

from earmark.settings import SettingsError, get_settings


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    monkeypatch.chdir("/")  # no stray .env


def test_defaults_are_the_embedded_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("EARMARK_DATA_DIR", str(tmp_path))
    settings = get_settings()
    assert settings.database == f"sqlite:///{tmp_path}/earmark.db"
    assert str(settings.spool) == f"{tmp_path}/spool"
    assert settings.captioner_base_url == "https://www.dmxapi.cn/v1"
    assert settings.captioner_model == "qwen3-omni-30b-a3b-captioner"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EARMARK_CAPTIONER_TIMEOUT", "-3"),
        ("EARMARK_CAPTIONER_AUTH", "token"),
        ("EARMARK_CAPTIONER_DIALECT", "grpc"),
        ("EARMARK_CAPTIONER_STREAM", "perhaps"),
        ("EARMARK_MAX_ATTEMPTS", "0"),
        ("EARMARK_WORKER_CONCURRENCY", "100000"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        get_settings()


def test_the_api_key_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EARMARK_CAPTIONER_API_KEY", "sk-live-supersecret")
    settings = get_settings()
    assert "supersecret" not in repr(settings) + str(settings) + str(settings.model_dump())
    assert settings.captioner_api_key.get_secret_value() == "sk-live-supersecret"


def test_a_lease_shorter_than_a_call_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EARMARK_CAPTIONER_TIMEOUT", "60")
    monkeypatch.setenv("EARMARK_LEASE_SECONDS", "100")
    with pytest.raises(SettingsError, match=r"EARMARK_LEASE_SECONDS .* EARMARK_CAPTIONER_TIMEOUT"):
        get_settings()
    monkeypatch.setenv("EARMARK_LEASE_SECONDS", "121")
    get_settings.cache_clear()
    assert get_settings().lease_seconds == 121
