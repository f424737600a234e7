"""A fake of the captioner API (``shared/captioner-api.md``): a real HTTP server on loopback.

It speaks ``POST /v1/chat/completions`` as the spec describes: both request dialects
(``openai-audio``: DMXAPI / Model Studio; ``vllm``), plain JSON and SSE answers, OpenAI-form
errors, and the faults listed in :data:`ALL_FAULTS`. Tests, Celery worker subprocesses and
benchmarks call it over TCP exactly as they would call the provider.

Captions are deterministic: the text for a clip is ``captions[key]`` or :func:`default_caption`,
where the key is the sha256 hex of the decoded audio bytes, or the URL for audio sent by URL.
Every request is logged in :attr:`FakeCaptioner.calls`. Validation, caption text and the fault
schedule live in :mod:`tests.fake_captioner_faults`; this module does the HTTP.

Run ``python -m tests.fake_captioner --port 8089`` to serve in the foreground.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import hashlib
import json
import re
import signal
import socket
import struct
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal

from tests.fake_captioner_faults import (
    ALL_FAULTS,
    BAD_GATEWAY_HTML,
    INTERNAL_ERROR,
    RATE_LIMIT_MESSAGE,
    RATE_LIMITED,
    TRUNCATED_JSON,
    UPSTREAM_ERROR,
    ApiError,
    CaptionRequest,
    FaultPlan,
    RateLimiter,
    bad_request,
    default_caption,
    parse_request,
    retry_after_header,
)

__all__ = ["ALL_FAULTS", "CallRecord", "FakeCaptioner", "default_caption"]

WORDS_PER_CHUNK = 3


@dataclass
class CallRecord:
    """One request the fake received; appended once the request has been read.

    ``status`` is the HTTP status sent (0: none, for ``reset`` and ``hang``). ``ok`` is True only
    once a whole caption was delivered. ``finished_at`` is None while the fake still holds the
    connection (during a ``hang``, a latency wait or a slow stream). The fields are final before
    the last byte of the response is written, so a client that has read the whole answer sees a
    final record.
    """

    key: str | None
    stream: bool
    status: int
    fault: str | None
    ok: bool
    started_at: float
    finished_at: float | None = None


# ---- the server ---------------------------------------------------------------------------------
_NOT_JSON = object()  # marks a body that did not parse, so validation can say so precisely


class FakeCaptioner:
    """The fake captioner server. Use as a context manager or call :meth:`start`/:meth:`stop`.

    Plain attributes (``api_key``, ``auth``, ``dialect``, ``model``, ``captions``, ``latency_s``,
    ``chunk_delay_s``, ``retry_after_s``, ``hang_s``) are read per request and may be changed
    while it runs. Faults: see :meth:`set_faults`; the rps limit: see :meth:`set_rps`.
    ``latency_s`` delays answers that carry caption text (for streams: after the headers, before
    the first chunk, also in the ``stream_cut``/``sse_error`` streams); other faults answer at once.

    Order of checks per request: route (404/405), auth (401), rps limit (429), then a fault if
    one is due (it replaces the answer, valid request or not), then validation (400/404), then
    the caption. Requests refused before the fault step consume no fault.
    """

    def __init__(
        self,
        *,
        api_key: str = "test-key",
        auth: Literal["raw", "bearer"] = "raw",
        dialect: Literal["openai-audio", "vllm"] = "openai-audio",
        model: str = "qwen3-omni-30b-a3b-captioner",
        captions: Mapping[str, str] | None = None,
        latency_s: float = 0.0,
        chunk_delay_s: float = 0.0,
        faults: Sequence[str | None] = (),
        fault_rate: float = 0.0,
        fault_kinds: Sequence[str] = ALL_FAULTS,
        seed: int = 0,
        retry_after_s: float | str = 1.0,
        hang_s: float = 30.0,
        rps: float | None = None,
        rps_burst: float = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.api_key, self.auth, self.dialect, self.model = api_key, auth, dialect, model
        self.captions: dict[str, str] = dict(captions or {})
        self.latency_s, self.chunk_delay_s = latency_s, chunk_delay_s
        self.retry_after_s, self.hang_s = retry_after_s, hang_s
        self.calls: list[CallRecord] = []
        self._address = (host, port)
        self._lock = threading.Lock()
        self._stopping = threading.Event()  # wakes handlers that sleep (hang, latency, delays)
        self._plan = FaultPlan(faults, fault_rate, fault_kinds, seed)
        self._limiter: RateLimiter | None = None
        self.set_rps(rps, rps_burst)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT/v1``; available once started."""
        if self._server is None:
            raise RuntimeError("FakeCaptioner is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeCaptioner:
        """Bind and serve on a daemon thread. A FakeCaptioner starts once."""
        if self._server is not None or self._stopping.is_set():
            raise RuntimeError("FakeCaptioner can be started only once")
        self._server = _Server(self._address, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting and wake sleeping handlers; returns promptly even with hung calls."""
        self._stopping.set()
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeCaptioner:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def set_faults(
        self,
        faults: Sequence[str | None] = (),
        fault_rate: float = 0.0,
        fault_kinds: Sequence[str] = ALL_FAULTS,
    ) -> None:
        """Replace the pending sequential faults (None: that request goes through unharmed) and
        the random-fault settings; the random generator keeps its state."""
        self._plan.set(faults, fault_rate, fault_kinds)

    def set_rps(self, rps: float | None, burst: float = 1.0) -> None:
        """Limit the server to ``rps`` requests per second (None: no limit), with a full bucket."""
        self._limiter = None if rps is None else RateLimiter(rps, burst)

    def reset(self) -> None:
        """Forget the calls seen so far (the ``calls`` list is cleared in place)."""
        with self._lock:
            self.calls.clear()

    def successes_by_key(self) -> collections.Counter[str]:
        """How many whole captions were delivered per key."""
        with self._lock:
            return collections.Counter(c.key for c in self.calls if c.ok and c.key is not None)

    def caption_for(self, key: str) -> str:
        """The exact text the server answers for ``key``."""
        return self.captions[key] if key in self.captions else default_caption(key)

    @staticmethod
    def key_for_bytes(data: bytes) -> str:
        """The caption key of audio sent inline: the sha256 hex of the decoded bytes."""
        return hashlib.sha256(data).hexdigest()

    def _expected_auth(self) -> str:
        return self.api_key if self.auth == "raw" else f"Bearer {self.api_key}"

    def _log(self, record: CallRecord) -> None:
        with self._lock:
            self.calls.append(record)

    def _settle(self, record: CallRecord, status: int, ok: bool = False) -> None:
        with self._lock:
            record.status, record.ok, record.finished_at = status, ok, time.monotonic()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hung handler must not keep the process or stop() waiting
    block_on_close = False
    request_queue_size = 128  # the default 5 drops connections when many workers start at once

    def __init__(self, address: tuple[str, int], fake: FakeCaptioner) -> None:
        super().__init__(address, _Handler)
        self.fake = fake


def _chunk(data: bytes) -> bytes:
    """One HTTP/1.1 chunk; streams are chunked so clients read each event as it is sent."""
    return f"{len(data):X}\r\n".encode() + data + b"\r\n"


def _event(payload: object) -> bytes:
    # ensure_ascii=False: captions reach the client as raw UTF-8, as vLLM sends them
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return _chunk(f"data: {text}\n\n".encode())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 60  # a client that stalls mid-request must not pin a thread forever

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: :attr:`FakeCaptioner.calls` is the log."""

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        fake = self.server.fake
        record = CallRecord(None, False, 0, None, False, time.monotonic())
        # One request per connection: every answer says "Connection: close", and after a reset
        # or a hang there is no connection left to read a next request from.
        self.close_connection = True
        # Read the whole body before answering anything: closing a socket with unread input
        # makes the kernel send RST, and the client would see a reset instead of our answer.
        length = self.headers.get("Content-Length", "0")
        body = self.rfile.read(int(length) if length.isdigit() else 0)
        try:
            doc: object = json.loads(body)
        except ValueError:
            doc = _NOT_JSON
        record.stream = isinstance(doc, dict) and doc.get("stream") is True
        fake._log(record)
        try:
            self._answer(fake, doc, record)
        except OSError:  # the client went away; the record says what was delivered
            record.ok = False
        finally:
            record.finished_at = record.finished_at or time.monotonic()

    def _answer(self, fake: FakeCaptioner, doc: object, record: CallRecord) -> None:
        path = self.path.partition("?")[0]
        if path != "/v1/chat/completions":
            return self._error(record, ApiError(404, "not_found", f"Unknown route {path[:100]}."))
        if self.command != "POST":
            return self._error(record, ApiError(405, "method_not_allowed", "Use POST."))
        if self.headers.get("Authorization") != fake._expected_auth():
            return self._error(
                record, ApiError(401, "invalid_api_key", "Incorrect API key provided.")
            )
        request: CaptionRequest | ApiError
        try:
            if doc is _NOT_JSON:
                raise bad_request("The request body is not valid JSON.")
            request = parse_request(doc, fake.model, fake.dialect)
            record.key = request.key
        except ApiError as exc:
            request = exc
        limiter = fake._limiter
        if limiter is not None and (wait := limiter.take()) is not None:
            record.fault = RATE_LIMITED
            error = ApiError(429, "Throttling.RateQuota", RATE_LIMIT_MESSAGE, "limit_requests")
            return self._error(record, error, retry_after=str(wait))
        record.fault = fake._plan.next_fault()
        if record.fault is not None:
            return self._fault(fake, record, request)
        if isinstance(request, ApiError):
            return self._error(record, request)
        text = fake.caption_for(request.key)
        if request.stream:
            usage = request.usage(text) if request.include_usage else None
            return self._stream(fake, record, text, "done", usage)
        fake._stopping.wait(fake.latency_s)
        message = {"role": "assistant", "content": text}
        answer = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion"} | {
            "created": int(time.time()),
            "model": fake.model,
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}
            ],
            "usage": request.usage(text),
        }
        body = json.dumps(answer, ensure_ascii=False).encode()
        return self._send(record, 200, body, ok=True)

    def _send(
        self,
        record: CallRecord,
        status: int,
        body: bytes,
        *,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
        ok: bool = False,
        length: int | None = None,
    ) -> None:
        """Answer with ``body``; ``length`` overrides Content-Length (for truncated bodies)."""
        self.server.fake._settle(record, status, ok)  # final before the client can read it
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, record: CallRecord, error: ApiError, retry_after: str | None = None) -> None:
        headers = {} if retry_after is None else {"Retry-After": retry_after}
        self._send(record, error.status, error.body(), headers=headers)

    def _fault(
        self, fake: FakeCaptioner, record: CallRecord, request: CaptionRequest | ApiError
    ) -> None:
        fault = record.fault
        text = fake.caption_for(request.key if isinstance(request, CaptionRequest) else "")
        stream = record.stream
        if fault == "429":
            error = ApiError(429, "limit_requests", RATE_LIMIT_MESSAGE, "limit_requests")
            self._error(record, error, retry_after_header(fake.retry_after_s))
        elif fault == "500":
            self._send(record, 500, INTERNAL_ERROR)
        elif fault == "502_html":
            self._send(record, 502, BAD_GATEWAY_HTML, content_type="text/html")
        elif fault == "reset":
            # Linger 0 turns close() into an RST: the client sees "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            fake._settle(record, 0)
            self.rfile.close()  # the makefile() reader holds the socket open until closed
            self.connection.close()
        elif fault == "hang":
            fake._stopping.wait(fake.hang_s)
            fake._settle(record, 0)
        elif fault in ("stream_cut", "sse_error") and stream:
            self._stream(fake, record, text, "cut" if fault == "stream_cut" else "error", None)
        elif fault == "stream_cut":
            body = json.dumps({"choices": [{"message": {"content": text}}]}).encode()
            self._send(record, 200, body[: len(body) // 2], length=len(body))
        elif fault == "invalid_json":
            self._send(record, 200, TRUNCATED_JSON)
        else:  # error_200, and sse_error without streaming: a reseller's 200 with an error
            self._send(record, 200, UPSTREAM_ERROR)

    def _stream(
        self,
        fake: FakeCaptioner,
        record: CallRecord,
        text: str,
        ending: Literal["done", "cut", "error"],
        usage: dict[str, Any] | None,
    ) -> None:
        """Stream ``text`` as SSE chunks of a few words; ``ending`` picks how the stream ends.

        done: every chunk, the usage chunk if ``usage``, then ``[DONE]``. cut: about half the
        chunks, then a clean end of the HTTP body without ``[DONE]``. error: three chunks, an
        ``{"error": ...}`` event, then ``[DONE]`` (what vLLM sends when generation fails).
        """
        ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

        def chunk(choices: list[dict[str, Any]], usage: dict[str, Any] | None = None) -> bytes:
            return _event(
                {"id": ident, "object": "chat.completion.chunk", "created": created}
                | {"model": fake.model, "choices": choices, "usage": usage}
            )

        def delta(content: dict[str, str], finish: str | None = None) -> bytes:
            return chunk(
                [{"index": 0, "delta": content, "logprobs": None, "finish_reason": finish}]
            )

        # Pieces of a few words each, whitespace kept, so the deltas join to exactly ``text``.
        words = re.findall(r"\S+\s*|\s+", text) or [""]
        step = WORDS_PER_CHUNK
        pieces = ["".join(words[i : i + step]) for i in range(0, len(words), step)]
        if ending == "cut":
            pieces = pieces[: max(1, len(pieces) // 2)]
        elif ending == "error":
            pieces = pieces[:3]
        events = [delta({"role": "assistant", "content": ""})]
        events += [delta({"content": p}) for p in pieces[:-1]]
        events.append(delta({"content": pieces[-1]}, "stop" if ending == "done" else None))
        tail = chunk([], usage) if ending == "done" and usage is not None else b""
        if ending == "error":
            tail += _event(json.loads(INTERNAL_ERROR))
        if ending != "cut":
            tail += _event("[DONE]")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        record.status = 200
        fake._stopping.wait(fake.latency_s)
        for i, event in enumerate(events):
            if i:
                fake._stopping.wait(fake.chunk_delay_s)
            self.wfile.write(event)
        fake._stopping.wait(fake.chunk_delay_s)
        fake._settle(record, 200, ok=ending == "done")  # final before the client can see the end
        self.wfile.write(tail + b"0\r\n\r\n")


def _names(text: str) -> list[str]:
    """A comma-separated command-line list."""
    return [name for name in text.split(",") if name]


def main(argv: Sequence[str] | None = None) -> None:
    """Serve in the foreground until interrupted; print the base URL, then a call summary."""
    parser = argparse.ArgumentParser(prog="python -m tests.fake_captioner", description=__doc__)
    add = parser.add_argument
    add("--host", default="127.0.0.1")
    add("--port", type=int, default=8089)
    add("--api-key", default="test-key")
    add("--auth", choices=("raw", "bearer"), default="raw")
    add("--dialect", choices=("openai-audio", "vllm"), default="openai-audio")
    add("--model", default="qwen3-omni-30b-a3b-captioner")
    add("--latency-s", type=float, default=0.0, help="delay before the answer / first chunk")
    add("--chunk-delay-s", "--stream-latency", type=float, default=0.0, help="between chunks")
    add("--faults", type=_names, default=[], help="comma-separated faults for the first requests")
    add("--fault-rate", type=float, default=0.0)
    add("--fault-kinds", type=_names, default=list(ALL_FAULTS))
    add("--seed", type=int, default=0)
    add("--retry-after-s", type=float, default=1.0)
    add("--hang-s", type=float, default=30.0)
    add("--rps", type=float, default=None, help="server-side rate limit (requests per second)")
    add("--rps-burst", type=float, default=1.0)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # so `kill` also prints the summary
    with FakeCaptioner(**vars(parser.parse_args(argv))) as fake:
        print(fake.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    statuses = collections.Counter(c.status for c in fake.calls)
    print(f"{len(fake.calls)} calls, {sum(fake.successes_by_key().values())} captions, {statuses}")


if __name__ == "__main__":
    main()
