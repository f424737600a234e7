"""The captioner client against the loopback fake: exact text, both modes, every fault sorted."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from earmark.captioner import AudioInput, CaptionerClient, CaptionerError
from tests.conftest import API_KEY
from tests.fake_captioner import FakeCaptioner


def client_for(
    fake: FakeCaptioner, *, stream: bool, key: str = API_KEY, timeout: float = 5
) -> CaptionerClient:
    return CaptionerClient(
        base_url=fake.base_url,
        api_key=SecretStr(key),
        model=fake.model,
        auth=fake.auth,
        dialect=fake.dialect,
        stream=stream,
        timeout_s=timeout,
    )


@pytest.fixture
def wav(make_audio: Callable[..., Path]) -> bytes:
    return make_audio("wav").read_bytes()


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize("dialect", ["openai-audio", "vllm"])
@pytest.mark.parametrize("auth", ["raw", "bearer"])
def test_caption_is_the_servers_exact_text(
    wav: bytes, stream: bool, dialect: str, auth: str
) -> None:
    with FakeCaptioner(api_key=API_KEY, auth=auth, dialect=dialect) as fake:  # type: ignore[arg-type]
        caption = client_for(fake, stream=stream).caption(AudioInput(data=wav))
        assert caption.text == fake.caption_for(FakeCaptioner.key_for_bytes(wav))
        assert "(" in caption.text
        assert not caption.text.isascii()
        assert caption.prompt_tokens
        assert caption.prompt_tokens > 0
        assert caption.completion_tokens
        assert caption.completion_tokens > 0
        assert caption.model == fake.model
        assert (caption.ttft_s is not None) == stream
        assert fake.successes_by_key()[FakeCaptioner.key_for_bytes(wav)] == 1


@pytest.mark.parametrize("dialect", ["openai-audio", "vllm"])
def test_url_audio_is_passed_through(dialect: str) -> None:
    url = "https://media.example.org/uploads/clip-1.mp3"
    with FakeCaptioner(api_key=API_KEY, dialect=dialect) as fake:  # type: ignore[arg-type]
        caption = client_for(fake, stream=True).caption(AudioInput(url=url))
        assert caption.text == fake.caption_for(url)


def test_request_has_one_audio_part_and_no_prompt(wav: bytes) -> None:
    client = CaptionerClient(base_url="http://x/v1", api_key=SecretStr("k"), model="m", stream=True)
    body = client.request_body(AudioInput(data=wav, mime="audio/wav"))
    [message] = body["messages"]
    [part] = message["content"]
    assert message["role"] == "user"
    assert part["type"] == "input_audio"
    assert part["input_audio"]["data"].startswith("data:audio/wav;base64,UklGR")  # "RIFF"
    assert body["stream_options"] == {"include_usage": True}


@pytest.fixture
def faulty() -> Iterator[FakeCaptioner]:
    with FakeCaptioner(api_key=API_KEY, retry_after_s=7, hang_s=3) as fake:
        yield fake


RETRYABLE_FAULTS = {
    "429": "HTTP 429",
    "500": "HTTP 500",
    "502_html": "non-JSON body (text/html)",
    "reset": "unreachable",
    "hang": "Timeout",
    "stream_cut": "",
    "invalid_json": "invalid JSON",
    "error_200": "error",
    "sse_error": "error",
}


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize("fault", sorted(RETRYABLE_FAULTS))
def test_faults_are_retryable_and_never_a_partial_caption(
    faulty: FakeCaptioner, wav: bytes, fault: str, stream: bool
) -> None:
    faulty.set_faults([fault])
    client = client_for(faulty, stream=stream, timeout=1)
    with pytest.raises(CaptionerError) as raised:
        client.caption(AudioInput(data=wav))
    assert raised.value.retryable, str(raised.value)
    assert RETRYABLE_FAULTS[fault] in str(raised.value)
    # The very next call succeeds: the fault consumed, the client still usable.
    assert client.caption(AudioInput(data=wav)).text == faulty.caption_for(
        FakeCaptioner.key_for_bytes(wav)
    )


def test_rate_limit_carries_retry_after(faulty: FakeCaptioner, wav: bytes) -> None:
    faulty.set_faults(["429"])
    with pytest.raises(CaptionerError) as raised:
        client_for(faulty, stream=False).caption(AudioInput(data=wav))
    assert raised.value.status == 429
    assert raised.value.retry_after_s == 7


def test_wrong_key_is_permanent_and_never_echoed(
    fake: FakeCaptioner, wav: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = client_for(fake, stream=True, key="sk-wrong-secret-value")
    with pytest.raises(CaptionerError) as raised:
        client.caption(AudioInput(data=wav))
    assert not raised.value.retryable
    assert raised.value.status == 401
    assert "Incorrect API key" in str(raised.value)
    assert "sk-wrong-secret-value" not in str(raised.value) + repr(client) + caplog.text


def test_text_sent_as_audio_is_rejected_permanently(fake: FakeCaptioner) -> None:
    with pytest.raises(CaptionerError) as raised:
        client_for(fake, stream=False).caption(AudioInput(data=b"just some notes\n"))
    assert not raised.value.retryable
    assert raised.value.status == 400


def test_unreachable_captioner_is_retryable(wav: bytes) -> None:
    client = CaptionerClient(base_url="http://127.0.0.1:9/v1", api_key=SecretStr("k"), model="m")
    with pytest.raises(CaptionerError) as raised:
        client.caption(AudioInput(data=wav))
    assert raised.value.retryable


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("7", 7.0), ("0.5", 0.5), ("soon", None), ("inf", None), ("nan", None), ("1e9", 3600.0)],
)
def test_retry_after_is_read_safely(
    faulty: FakeCaptioner, wav: bytes, header: str, seconds: float | None
) -> None:
    faulty.retry_after_s = header  # sent as it is, as a provider might
    faulty.set_faults(["429"])
    with pytest.raises(CaptionerError) as raised:
        client_for(faulty, stream=False).caption(AudioInput(data=wav))
    assert raised.value.rate_limited
    assert raised.value.retry_after_s == seconds


@pytest.mark.parametrize(
    ("code", "retryable"),
    [
        ("invalid_api_key", False),
        ("InvalidParameter", False),
        ("internal_error", True),
        (None, True),
    ],
)
def test_an_error_inside_a_200_is_classed_by_its_code(code: str | None, retryable: bool) -> None:
    from earmark.captioner import _body_error

    error = _body_error("captioner answered 200 with an error", "went wrong", code)
    assert error.retryable is retryable
    assert _body_error("x", "Requests rate limit exceeded", "Throttling.RateQuota").rate_limited
