"""Client for the OpenAI-compatible captioner (``qwen3-omni-30b-a3b-captioner``).

Contract (see ``shared/captioner-api.md``): one user message holding exactly one audio part and no
text prompt; the answer is English prose. :meth:`CaptionerClient.caption` returns a whole caption
or raises :class:`CaptionerError`; it never returns a partial caption. Errors say whether trying
again can help (:attr:`CaptionerError.retryable`) and, for rate limits, how long to wait.
The API key is sent in a header and appears in no message, log line or ``repr``.
"""

from __future__ import annotations

import base64
import email.utils
import json
import math
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import requests
from pydantic import SecretStr

from earmark.settings import Settings

# The provider refuses base64 payloads of 10 MB or more.
MAX_BASE64_CHARS = 10_000_000
CONNECT_TIMEOUT_S = 10.0
MAX_RETRY_AFTER_S = 3600.0
_PERMANENT_FINISH_REASONS = {"content_filter"}
# Error codes that mean "this request will never succeed", whatever status carried them: a
# reseller may send them inside an HTTP 200.
_PERMANENT_CODES = {
    "invalid_api_key",
    "invalid_parameter_error",
    "InvalidParameter",
    "model_not_found",
    "InvalidApiKey",
}
_RATE_LIMIT_CODES = ("limit_requests", "Throttling", "rate_limit")


@dataclass(frozen=True)
class AudioInput:
    """What to caption: a public URL the provider fetches, or audio bytes sent inline."""

    url: str | None = None
    data: bytes | None = None
    mime: str = "audio/wav"
    format: str = "wav"  # vLLM wants the container name beside raw base64

    def __post_init__(self) -> None:
        if (self.url is None) == (self.data is None):
            raise ValueError("AudioInput takes exactly one of url or data")


@dataclass(frozen=True)
class Caption:
    text: str
    model: str
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_s: float
    ttft_s: float | None  # time to the first caption text; streaming only


class CaptionerError(Exception):
    """A call that produced no caption. ``retryable`` says whether another try can succeed."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        status: int | None = None,
        code: str | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.code = code
        self.retry_after_s = retry_after_s

    @property
    def rate_limited(self) -> bool:
        """The provider refused for rate or quota, whatever the HTTP status it used."""
        return self.status == 429 or (self.code or "").startswith(_RATE_LIMIT_CODES)


def _retry_after(value: str | None) -> float | None:
    """Parse a Retry-After header (delta-seconds or an HTTP date); None if absent or nonsense."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(MAX_RETRY_AFTER_S, max(0.0, seconds)) if math.isfinite(seconds) else None


def _error_from_body(body: Any) -> tuple[str, str | None] | None:
    """The (message, code) of an OpenAI-form error object, or None when there is none."""
    if not isinstance(body, dict) or "error" not in body:
        return None
    error = body["error"]
    if isinstance(error, dict):
        code = error.get("code") or error.get("type")
        return str(error.get("message") or "unspecified error"), None if code is None else str(code)
    return str(error), None


def _body_error(context: str, message: str, code: str | None) -> CaptionerError:
    """An error object inside a 200 answer: permanent or not by its code, retryable otherwise."""
    return CaptionerError(
        f"{context}: {message}" + (f" [{code}]" if code else ""),
        retryable=code not in _PERMANENT_CODES,
        code=code,
    )


def _http_error(response: requests.Response) -> CaptionerError:
    status = response.status_code
    try:
        found = _error_from_body(response.json())
    except ValueError:
        found = None
    if found is None:
        kind = response.headers.get("Content-Type", "unknown content type").split(";")[0]
        message, code = f"HTTP {status} with a non-JSON body ({kind})", None
    else:
        message, code = found
    # 408/409/429 and server errors pass; the rest (bad audio, auth, unknown model) will not.
    retryable = (status in (408, 409, 429) or status >= 500) and code not in _PERMANENT_CODES
    return CaptionerError(
        f"captioner answered HTTP {status}: {message}" + (f" [{code}]" if code else ""),
        retryable=retryable,
        status=status,
        code=code,
        retry_after_s=_retry_after(response.headers.get("Retry-After")),
    )


class CaptionerClient:
    """A thread-safe client; one per process is enough (each thread gets its own HTTP session)."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: SecretStr,
        model: str,
        auth: Literal["raw", "bearer"] = "raw",
        dialect: Literal["openai-audio", "vllm"] = "openai-audio",
        stream: bool = True,
        timeout_s: float = 120.0,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.dialect = dialect
        self.stream = stream
        self.timeout_s = timeout_s
        self._api_key = api_key
        self._auth = auth
        self._local = threading.local()

    @classmethod
    def from_settings(cls, settings: Settings) -> CaptionerClient:
        return cls(
            base_url=settings.captioner_base_url,
            api_key=settings.captioner_api_key,
            model=settings.captioner_model,
            auth=settings.captioner_auth,
            dialect=settings.captioner_dialect,
            stream=settings.captioner_stream,
            timeout_s=settings.captioner_timeout,
        )

    def __repr__(self) -> str:
        return f"CaptionerClient(url={self.url!r}, model={self.model!r}, stream={self.stream})"

    def request_body(self, audio: AudioInput) -> dict[str, Any]:
        """The JSON body for ``audio`` in this client's dialect and response mode."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": [self._audio_part(audio)]}],
            "stream": self.stream,
        }
        if self.stream:
            body["stream_options"] = {"include_usage": True}
        return body

    def caption(self, audio: AudioInput) -> Caption:
        """Caption ``audio``; raises :class:`CaptionerError` (never returns a partial caption)."""
        body = self.request_body(audio)
        started = time.monotonic()
        try:
            # Always read the answer as it arrives, so a slow one is cut off at the deadline:
            # requests' read timeout only bounds the gap between two pieces.
            response = self._session().post(
                self.url,
                json=body,
                headers=self._headers(),
                timeout=(CONNECT_TIMEOUT_S, self.timeout_s),
                stream=True,
            )
        except requests.RequestException as error:
            raise CaptionerError(
                f"captioner unreachable: {type(error).__name__}", retryable=True
            ) from None
        with response:
            if response.status_code != 200:
                raise _http_error(response)
            try:
                # A provider may answer a streaming request with a plain JSON body (an error, or
                # a whole completion); the content type says which reader applies.
                content_type = response.headers.get("Content-Type", "")
                if self.stream and "text/event-stream" in content_type:
                    return self._read_stream(response, started)
                return self._read_completion(response, started)
            except requests.RequestException as error:
                raise CaptionerError(
                    f"captioner connection broke mid-answer: {type(error).__name__}",
                    retryable=True,
                ) from None

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _headers(self) -> dict[str, str]:
        key = self._api_key.get_secret_value()
        return {"Authorization": key if self._auth == "raw" else f"Bearer {key}"}

    def _audio_part(self, audio: AudioInput) -> dict[str, Any]:
        if audio.url is not None:
            if self.dialect == "vllm":
                return {"type": "audio_url", "audio_url": {"url": audio.url}}
            return {"type": "input_audio", "input_audio": {"data": audio.url}}
        assert audio.data is not None
        encoded = base64.b64encode(audio.data).decode("ascii")
        if len(encoded) >= MAX_BASE64_CHARS:
            raise CaptionerError(
                f"audio is {len(audio.data)} bytes, over the provider's 10 MB inline limit",
                retryable=False,
            )
        if self.dialect == "vllm":
            return {"type": "input_audio", "input_audio": {"data": encoded, "format": audio.format}}
        return {
            "type": "input_audio",
            "input_audio": {"data": f"data:{audio.mime};base64,{encoded}"},
        }

    def _read_completion(self, response: requests.Response, started: float) -> Caption:
        pieces = _before(started + self.timeout_s, response.iter_content(chunk_size=65536))
        try:
            body = json.loads(b"".join(pieces))
        except ValueError:
            raise CaptionerError(
                "captioner answered 200 with invalid JSON", retryable=True
            ) from None
        found = _error_from_body(body)
        if found is not None:
            raise _body_error("captioner answered 200 with an error", *found)
        try:
            choice = body["choices"][0]
            text = choice["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise CaptionerError("captioner answer has no choices", retryable=True) from None
        return self._finish(body, text, choice.get("finish_reason"), started, ttft=None)

    def _read_stream(self, response: requests.Response, started: float) -> Caption:
        pieces: list[str] = []
        finish_reason: str | None = None
        usage_holder: dict[str, Any] = {}
        model_seen: str | None = None
        ttft: float | None = None
        for event in _sse_events(response, deadline=started + self.timeout_s):
            if event is None:  # [DONE]
                body = {"model": model_seen, "usage": usage_holder or None}
                return self._finish(body, "".join(pieces), finish_reason, started, ttft)
            found = _error_from_body(event)
            if found is not None:
                raise _body_error("captioner stream carried an error", *found)
            model_seen = event.get("model") or model_seen
            if event.get("usage"):
                usage_holder = event["usage"]
            for choice in event.get("choices") or []:
                piece = (choice.get("delta") or {}).get("content") or ""
                if piece and ttft is None:
                    ttft = time.monotonic() - started
                pieces.append(piece)
                finish_reason = choice.get("finish_reason") or finish_reason
        raise CaptionerError("captioner stream ended before [DONE]", retryable=True)

    def _finish(
        self,
        body: dict[str, Any],
        text: Any,
        finish_reason: str | None,
        started: float,
        ttft: float | None,
    ) -> Caption:
        if finish_reason in _PERMANENT_FINISH_REASONS:
            raise CaptionerError(
                f"captioner refused the audio (finish_reason={finish_reason})", retryable=False
            )
        if finish_reason not in (None, "stop"):
            raise CaptionerError(
                f"caption cut short (finish_reason={finish_reason})", retryable=True
            )
        if not isinstance(text, str) or not text.strip():
            raise CaptionerError("captioner returned an empty caption", retryable=True)
        usage = body.get("usage") or {}
        return Caption(
            text=text,
            model=str(body.get("model") or self.model),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            latency_s=time.monotonic() - started,
            ttft_s=ttft,
        )


def _before(deadline: float, pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` of an answer as they arrive, until ``time.monotonic()`` passes ``deadline``:
    then a retryable :class:`CaptionerError`. requests' read timeout only bounds the gap between
    two pieces, so a trickling answer needs this to end."""
    for piece in pieces:
        if time.monotonic() > deadline:
            raise CaptionerError("captioner answer exceeded the timeout", retryable=True)
        yield piece


def _sse_events(response: requests.Response, *, deadline: float) -> Iterator[dict[str, Any] | None]:
    """Yield each ``data:`` event's JSON object, then ``None`` for ``[DONE]``.

    Raises a retryable :class:`CaptionerError` for unparseable events and for a stream that
    trickles past ``deadline``.
    """
    for raw in _before(deadline, response.iter_lines(decode_unicode=False)):
        line = raw.decode("utf-8", errors="replace").strip()
        if not line.startswith("data:"):
            continue  # blank separators, comments (":"), "event:" and "id:" lines
        payload = line[len("data:") :].strip()
        if payload == "[DONE]":
            yield None
            return
        try:
            event = json.loads(payload)
        except ValueError:
            raise CaptionerError("captioner stream sent invalid JSON", retryable=True) from None
        if not isinstance(event, dict):
            raise CaptionerError("captioner stream sent a non-object event", retryable=True)
        yield event
