"""The fake captioner speaks the API of ``shared/captioner-api.md``, checked with plain requests."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Iterator
from typing import Any, Literal

import pytest
import requests

from tests.fake_captioner import ALL_FAULTS, FakeCaptioner, default_caption

KEY = "sk-fake-0123456789"


def make_wav(seconds: float = 0.5, rate: int = 16000) -> bytes:
    """A silent 16-bit mono WAV with a plain 44-byte header."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * int(seconds * rate))
    return buffer.getvalue()


WAV = make_wav()
WAV_URI = "data:;base64," + base64.b64encode(WAV).decode()


def body_for(part: dict[str, Any], **extra: Any) -> dict[str, Any]:
    message = {"role": "user", "content": [part]}
    return {"model": "qwen3-omni-30b-a3b-captioner", "messages": [message], **extra}


def audio_part(data: str) -> dict[str, Any]:
    return {"type": "input_audio", "input_audio": {"data": data}}


def post(
    fake: FakeCaptioner,
    body: dict[str, Any] | None = None,
    *,
    auth: str = KEY,
    timeout: float = 5,
    stream: bool = False,
) -> requests.Response:
    return requests.post(
        fake.base_url + "/chat/completions",
        json=body_for(audio_part(WAV_URI)) if body is None else body,
        headers={"Authorization": auth},
        timeout=timeout,
        stream=stream,
    )


def events(response: requests.Response) -> list[str]:
    """The ``data:`` payloads of an SSE response, in order, decoded as UTF-8."""
    assert response.headers["Content-Type"] == "text/event-stream"
    lines = [line.decode() for line in response.iter_lines()]
    assert all(line.startswith("data: ") for line in lines if line), lines
    return [line.removeprefix("data: ") for line in lines if line]


def deltas(payloads: list[str]) -> list[dict[str, Any]]:
    return [json.loads(p) for p in payloads if p != "[DONE]"]


@pytest.fixture
def captioner() -> Iterator[FakeCaptioner]:
    with FakeCaptioner(api_key=KEY, hang_s=0.3, retry_after_s=0.5) as server:
        yield server


def test_plain_answer_has_the_spec_shape(captioner: FakeCaptioner) -> None:
    response = post(captioner)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    answer = response.json()
    key = FakeCaptioner.key_for_bytes(WAV)
    assert answer["id"].startswith("chatcmpl-")
    assert answer["object"] == "chat.completion"
    assert isinstance(answer["created"], int)
    assert answer["model"] == "qwen3-omni-30b-a3b-captioner"
    [choice] = answer["choices"]
    assert choice["message"] == {"role": "assistant", "content": captioner.caption_for(key)}
    assert choice["finish_reason"] == "stop"
    usage = answer["usage"]
    details = usage["prompt_tokens_details"]
    assert details["audio_tokens"] == 6  # 0.5 s at 12.5 tokens per second
    assert usage["prompt_tokens"] == details["audio_tokens"] + details["text_tokens"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    [call] = captioner.calls
    assert (call.key, call.stream, call.status, call.fault, call.ok) == (
        key,
        False,
        200,
        None,
        True,
    )
    assert call.finished_at is not None
    assert call.finished_at >= call.started_at
    assert captioner.successes_by_key() == {key: 1}


@pytest.mark.parametrize("include_usage", [True, False])
def test_stream_has_the_spec_shape(captioner: FakeCaptioner, include_usage: bool) -> None:
    options = {"include_usage": include_usage}
    body = body_for(audio_part(WAV_URI), stream=True, stream_options=options)
    payloads = events(post(captioner, body, stream=True))
    assert payloads[-1] == "[DONE]"
    chunks = deltas(payloads)
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    content = [c for c in chunks if c["choices"]]
    finishes = [c["choices"][0]["finish_reason"] for c in content]
    assert finishes == [None] * (len(content) - 1) + ["stop"]
    text = "".join(c["choices"][0]["delta"]["content"] for c in content)
    assert text == captioner.caption_for(FakeCaptioner.key_for_bytes(WAV))
    assert all(c["usage"] is None for c in content)
    if include_usage:
        assert chunks[-1]["choices"] == []
        assert chunks[-1]["usage"]["total_tokens"] > 0
    else:
        assert len(content) == len(chunks)
    assert captioner.calls[0].stream
    assert captioner.calls[0].ok


def test_stream_is_read_incrementally(captioner: FakeCaptioner) -> None:
    captioner.captions[FakeCaptioner.key_for_bytes(WAV)] = "one two three four five six seven"
    captioner.chunk_delay_s = 0.1
    response = post(captioner, body_for(audio_part(WAV_URI), stream=True), stream=True)
    started = time.monotonic()
    lines = response.iter_lines()
    assert next(lines).startswith(b"data: ")
    first = time.monotonic() - started
    assert [line for line in lines if line][-1] == b"data: [DONE]"
    total = time.monotonic() - started
    # The role chunk comes at once; three content chunks and the end follow 0.1 s apart.
    assert first < 0.1
    assert total >= 0.35


def test_urls_and_the_vllm_dialect(captioner: FakeCaptioner) -> None:
    url = "https://example.org/clip.wav"
    answer = post(captioner, body_for(audio_part(url))).json()
    assert answer["choices"][0]["message"]["content"] == captioner.caption_for(url)
    captioner.dialect = "vllm"
    raw = {"type": "input_audio", "input_audio": {"data": RAW_WAV, "format": "wav"}}
    for part in (
        raw,
        {"type": "audio_url", "audio_url": {"url": url}},
        {"type": "audio_url", "audio_url": {"url": WAV_URI}},
    ):
        assert post(captioner, body_for(part)).status_code == 200
    assert captioner.successes_by_key() == {url: 2, FakeCaptioner.key_for_bytes(WAV): 2}


def with_parts(*parts: dict[str, Any]) -> dict[str, Any]:
    return body_for(audio_part(WAV_URI)) | {"messages": [{"role": "user", "content": list(parts)}]}


def b64_uri(data: bytes) -> str:
    return "data:;base64," + base64.b64encode(data).decode()


RAW_WAV = WAV_URI.split(",")[1]
SOME_URL = "https://example.org/a.wav"
SYSTEM = {"role": "system", "content": "Be brief."}
# case -> (dialect, body, a fragment of the error message)
BAD_REQUESTS: dict[str, tuple[Literal["openai-audio", "vllm"], dict[str, Any], str]] = {
    "text part": (
        "openai-audio",
        with_parts(audio_part(WAV_URI), {"type": "text", "text": "Describe this audio."}),
        "no text prompt",
    ),
    "system message": (
        "openai-audio",
        body_for(audio_part(WAV_URI)) | {"messages": [SYSTEM, *body_for({})["messages"]]},
        "no system message",
    ),
    "two audio parts": (
        "openai-audio",
        with_parts(audio_part(WAV_URI), audio_part(WAV_URI)),
        "exactly one audio part",
    ),
    "no ;base64,": ("openai-audio", with_parts(audio_part("data:audio/wav,AAAA")), "data URI"),
    "bad base64": (
        "openai-audio",
        with_parts(audio_part("data:;base64,@@")),
        "could not be decoded",
    ),
    "text file": ("openai-audio", with_parts(audio_part(b64_uri(b"hello\n"))), "not a supported"),
    "text mime": ("openai-audio", with_parts(audio_part("data:text/plain;base64,AAAA")), "media"),
    "too big": ("openai-audio", with_parts(audio_part(b64_uri(b"\0" * 7_500_000))), "10 MB"),
    "audio_url to DMXAPI": (
        "openai-audio",
        with_parts({"type": "audio_url", "audio_url": {"url": SOME_URL}}),
        "input_audio",
    ),
    "vllm data URI": ("vllm", with_parts(audio_part(WAV_URI)), "raw base64"),
    "vllm URL": ("vllm", with_parts(audio_part(SOME_URL)), "raw base64"),
    "vllm no format": ("vllm", with_parts(audio_part(RAW_WAV)), "format"),
}


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
def test_requests_the_provider_refuses_get_400(captioner: FakeCaptioner, case: str) -> None:
    captioner.dialect, body, fragment = BAD_REQUESTS[case]
    response = post(captioner, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["code"] == "invalid_parameter_error"
    assert fragment in error["message"]
    assert captioner.calls[0].status == 400
    assert not captioner.calls[0].ok


def test_route_model_and_json_errors(captioner: FakeCaptioner) -> None:
    wrong_model = post(captioner, body_for(audio_part(WAV_URI)) | {"model": "qwen-omni-turbo"})
    assert wrong_model.status_code == 404
    assert wrong_model.json()["error"]["code"] == "model_not_found"

    def send(method: str, path: str, data: bytes) -> requests.Response:
        url, auth = captioner.base_url + path, {"Authorization": KEY}
        return requests.request(method, url, data=data, headers=auth, timeout=5)

    not_json = send("POST", "/chat/completions", b"{")
    assert not_json.status_code == 400
    assert "not valid JSON" in not_json.json()["error"]["message"]
    assert send("POST", "/completions", b"{}").status_code == 404
    assert send("GET", "/chat/completions", b"").status_code == 405
    assert [c.status for c in captioner.calls] == [404, 400, 404, 405]


def test_auth_modes(captioner: FakeCaptioner) -> None:
    for wrong in ("sk-wrong", f"Bearer {KEY}", ""):
        response = post(captioner, auth=wrong)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_api_key"
        assert response.json()["error"]["message"] == "Incorrect API key provided."
        assert "sk-" not in response.text
    captioner.auth = "bearer"
    assert post(captioner, auth=f"Bearer {KEY}").status_code == 200
    assert post(captioner, auth=KEY).status_code == 401


def _stream_body() -> dict[str, Any]:
    return body_for(audio_part(WAV_URI), stream=True, stream_options={"include_usage": True})


def test_fault_429_and_http_errors(captioner: FakeCaptioner) -> None:
    captioner.set_faults(["429", None, "500", "502_html"])
    limited = post(captioner)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "0.5"
    assert limited.json()["error"]["code"] == "limit_requests"
    assert (
        limited.json()["error"]["message"]
        == "Requests rate limit exceeded, please try again later."
    )
    assert post(captioner).status_code == 200  # None: no fault for this request
    server_error = post(captioner, _stream_body(), stream=True)
    assert server_error.status_code == 500
    assert server_error.json()["error"]["message"]
    gateway = post(captioner)
    assert gateway.status_code == 502
    assert gateway.headers["Content-Type"] == "text/html"
    assert gateway.text.startswith("<html>")
    assert post(captioner).status_code == 200  # faults are used up
    assert [c.fault for c in captioner.calls] == ["429", None, "500", "502_html", None]
    assert [c.ok for c in captioner.calls] == [False, True, False, False, True]


def test_fault_reset_and_hang(captioner: FakeCaptioner) -> None:
    captioner.set_faults(["reset", "hang", "hang"])
    with pytest.raises(requests.ConnectionError, match="reset by peer"):
        post(captioner)
    with pytest.raises(requests.ReadTimeout):
        post(captioner, timeout=0.1)
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError):  # closed after hang_s, no answer
        post(captioner)
    assert 0.25 < time.monotonic() - started < 2
    assert [(c.fault, c.status, c.ok) for c in captioner.calls] == [
        ("reset", 0, False),
        ("hang", 0, False),
        ("hang", 0, False),
    ]


def test_fault_stream_cut(captioner: FakeCaptioner) -> None:
    captioner.set_faults(["stream_cut", "stream_cut"])
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        post(captioner)  # the body stops short of its Content-Length
    payloads = events(post(captioner, _stream_body(), stream=True))
    assert "[DONE]" not in payloads
    text = "".join(c["choices"][0]["delta"]["content"] for c in deltas(payloads))
    caption = captioner.caption_for(FakeCaptioner.key_for_bytes(WAV))
    assert caption.startswith(text)
    assert 0 < len(text) < len(caption)
    assert all(c["choices"][0]["finish_reason"] is None for c in deltas(payloads))
    assert [(c.fault, c.stream, c.ok) for c in captioner.calls] == [
        ("stream_cut", False, False),
        ("stream_cut", True, False),
    ]


def test_fault_bad_200_answers(captioner: FakeCaptioner) -> None:
    captioner.set_faults(["invalid_json", "error_200", "sse_error", "sse_error"])
    broken = post(captioner)
    assert broken.status_code == 200
    assert broken.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError, match=r"Expecting|Unterminated"):
        json.loads(broken.content)
    for stream in (True, False):  # error_200 even when streaming; sse_error without
        body = post(captioner, _stream_body() if stream else None, stream=stream)
        assert body.status_code == 200
        assert "choices" not in body.json()
        assert body.json()["error"]
    payloads = events(post(captioner, _stream_body(), stream=True))
    assert payloads[-1] == "[DONE]"
    assert "error" in json.loads(payloads[-2])
    assert not any(c.ok for c in captioner.calls)


def test_stop_does_not_wait_for_a_hung_call() -> None:
    fake = FakeCaptioner(api_key=KEY, faults=["hang"], hang_s=30).start()
    errors: list[Exception] = []

    def call() -> None:
        try:
            post(fake, timeout=10)
        except requests.RequestException as exc:
            errors.append(exc)

    client = threading.Thread(target=call)
    client.start()
    while not fake.calls:
        time.sleep(0.01)
    started = time.monotonic()
    fake.stop()
    client.join(timeout=5)
    assert time.monotonic() - started < 1
    assert len(errors) == 1
    assert isinstance(errors[0], requests.ConnectionError)


def test_random_faults_are_reproducible() -> None:
    seen: list[list[str | None]] = []
    for _ in range(2):
        with FakeCaptioner(api_key=KEY, fault_rate=0.5, fault_kinds=["500", "429"], seed=7) as fake:
            for _ in range(12):
                post(fake)
            seen.append([c.fault for c in fake.calls])
            fake.set_faults()
            fake.reset()
            assert post(fake).status_code == 200
            assert len(fake.calls) == 1
    assert seen[0] == seen[1]
    assert {"500", "429", None} == set(seen[0])
    with pytest.raises(ValueError, match="unknown fault"):
        FakeCaptioner(faults=["teapot"])
    assert "hang" in ALL_FAULTS


def test_rps_limit() -> None:
    with FakeCaptioner(api_key=KEY, rps=4) as fake:
        assert post(fake).status_code == 200
        limited = post(fake)
        assert limited.status_code == 429
        assert limited.headers["Retry-After"] == "1"
        assert limited.json()["error"]["code"] == "Throttling.RateQuota"
        time.sleep(0.26)
        assert post(fake).status_code == 200
        assert [c.fault for c in fake.calls] == [None, "rate_limited", None]


SENSITIVE = re.compile(r"\b(kill|gun|shoot|scream|blood|threat|attack|angry|fight|drug|bomb)", re.I)


def test_default_captions_are_realistic_and_distinct() -> None:
    keys = [FakeCaptioner.key_for_bytes(bytes([i])) for i in range(60)] + ["https://e.org/a.mp3"]
    captions = [default_caption(key) for key in keys]
    assert len(set(captions)) == len(keys)
    for key, caption in zip(keys, captions, strict=True):
        assert 150 <= len(caption.split()) <= 250, caption
        assert 2 <= len(caption.split("\n\n")) <= 4
        assert caption.split("\n\n")[-1].startswith("In summary, ")
        assert not caption.isascii()
        assert not SENSITIVE.search(caption)
        assert key.startswith("https") or key[:12] in caption
    fake = FakeCaptioner(captions={"k": "custom"})
    assert fake.caption_for("k") == "custom"
    assert fake.caption_for("x") == default_caption("x")


def test_command_line_server() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_captioner", "--port", "0", "--api-key", KEY],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", base_url)
        response = requests.post(
            base_url + "/chat/completions",
            json=body_for(audio_part(WAV_URI)),
            headers={"Authorization": KEY},
            timeout=5,
        )
        assert response.status_code == 200
    finally:
        process.terminate()
        summary, _ = process.communicate(timeout=5)
    assert summary.startswith("1 calls, 1 captions")
