"""What :mod:`tests.fake_captioner` accepts, says and gets wrong; that module does the HTTP.

Request validation (what the provider refuses, as OpenAI-form errors), default captions and
token counts, the fault schedule and the server-side rate limit. Fault names are public API:
tests pass them to ``FakeCaptioner(faults=...)``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import re
import struct
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MAX_BASE64_CHARS = 10_000_000  # the provider refuses base64 payloads of 10 MB or more
TEXT_TOKENS = 8  # the chat template around the audio; the captioner takes no prompt

# One name per way the real provider (or a gateway in front of it) misbehaves.
ALL_FAULTS: tuple[str, ...] = (
    "429",  # 429 limit_requests with Retry-After
    "500",  # 500 with an OpenAI error object
    "502_html",  # 502 from a gateway, text/html body
    "reset",  # TCP RST, no response at all
    "hang",  # request read, nothing sent for hang_s, then close
    "stream_cut",  # stream: no [DONE]; non-stream: body shorter than Content-Length
    "invalid_json",  # 200 application/json whose body is not JSON
    "error_200",  # 200 with {"error": ...} and no choices
    "sse_error",  # stream: an error event after a few chunks; non-stream: as error_200
)
RATE_LIMITED = "rate_limited"  # the fault recorded for requests refused by the rps limit
RATE_LIMIT_MESSAGE = "Requests rate limit exceeded, please try again later."

BAD_GATEWAY_HTML = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
# What a proxy that gave up mid-body leaves behind: valid UTF-8, not valid JSON.
TRUNCATED_JSON = (
    b'{"id":"chatcmpl-fake","object":"chat.completion","choices":[{"index":0,'
    b'"message":{"role":"assistant","content":"The audio clip opens with'
)


def error_object(message: str, type_: str, code: str | None, param: str | None = None) -> bytes:
    """The OpenAI error form: ``{"error": {"message", "type", "param", "code"}}`` as UTF-8."""
    error = {"message": message, "type": type_, "param": param, "code": code}
    return json.dumps({"error": error}).encode()


INTERNAL_ERROR = error_object(
    "The server had an error while processing your request.", "internal_error", "internal_error"
)
UPSTREAM_ERROR = error_object(
    "Upstream model service error, please try again later.", "upstream_error", "upstream_error"
)


class ApiError(Exception):
    """An answer in the OpenAI error form, with its HTTP status."""

    def __init__(
        self, status: int, code: str, message: str, type_: str = "invalid_request_error"
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.type_ = status, code, message, type_

    def body(self) -> bytes:
        """The JSON body, UTF-8."""
        return error_object(self.message, self.type_, self.code)


def bad_request(message: str) -> ApiError:
    """A 400 ``invalid_parameter_error``: the provider refuses the request as sent."""
    return ApiError(400, "invalid_parameter_error", message)


# ---- request validation: what the provider refuses (400, 404) ------------------------------------
@dataclass(frozen=True)
class CaptionRequest:
    """A request the provider accepts: what to caption and how to answer."""

    key: str
    audio: bytes | None  # None for audio sent by URL
    stream: bool
    include_usage: bool

    def usage(self, caption: str) -> dict[str, Any]:
        """The usage object: ~12.5 audio tokens per second, ~4/3 tokens per caption word."""
        audio_tokens = _audio_tokens(self.key, self.audio)
        completion = round(len(caption.split()) * 4 / 3)
        return {
            "prompt_tokens": audio_tokens + TEXT_TOKENS,
            "completion_tokens": completion,
            "total_tokens": audio_tokens + TEXT_TOKENS + completion,
            "prompt_tokens_details": {"audio_tokens": audio_tokens, "text_tokens": TEXT_TOKENS},
        }


def _looks_like_audio(data: bytes) -> bool:
    """WAV, MP3 (ID3 or frame sync; this also covers AAC ADTS), Ogg, FLAC, AMR, 3GP/M4A."""
    return (
        data.startswith((b"RIFF", b"ID3", b"OggS", b"fLaC", b"#!AMR"))
        or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
        or data[4:8] == b"ftyp"
    )


def _decode_base64(payload: str) -> bytes:
    if len(payload) >= MAX_BASE64_CHARS:
        raise bad_request("The base64 audio payload must be under 10 MB; send larger files by URL.")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise bad_request(
            "The audio could not be decoded: the payload is not valid base64."
        ) from None
    if not data:
        raise bad_request("The audio could not be decoded: it is empty.")
    if not _looks_like_audio(data):
        raise bad_request("The audio is not a supported format (AMR, WAV, 3GP, AAC, MP3).")
    return data


def _decode_data_uri(uri: str) -> bytes:
    header, marker, payload = uri.partition(";base64,")
    if not uri.startswith("data:") or not marker:
        raise bad_request("A data URI must look like data:[audio/<type>];base64,<base64>.")
    mime = header.removeprefix("data:")
    if mime and not mime.startswith("audio/"):
        raise bad_request(f"The data URI media type must be empty or audio/*, not {mime[:40]!r}.")
    return _decode_base64(payload)


def _string_field(part: dict[str, Any], outer: str, inner: str) -> str:
    holder = part.get(outer)
    value = holder.get(inner) if isinstance(holder, dict) else None
    if not isinstance(value, str) or not value:
        raise bad_request(f"{outer}.{inner} must be a non-empty string.")
    return value


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _audio_key(part: dict[str, Any], dialect: str) -> tuple[str, bytes | None]:
    """The caption key and decoded bytes of the one audio part, per the dialect's rules."""
    kind = part.get("type")
    if dialect == "openai-audio":
        if kind != "input_audio":
            raise bad_request(f"Unsupported content part type {kind!r}; expected 'input_audio'.")
        data = _string_field(part, "input_audio", "data")
        return (data, None) if _is_url(data) else _keyed(_decode_data_uri(data))
    if kind == "audio_url":  # vLLM takes URLs and data URIs here
        url = _string_field(part, "audio_url", "url")
        return (url, None) if _is_url(url) else _keyed(_decode_data_uri(url))
    if kind != "input_audio":
        raise bad_request(
            f"Unsupported content part type {kind!r}; expected 'input_audio' or 'audio_url'."
        )
    data = _string_field(part, "input_audio", "data")
    if _is_url(data) or data.startswith("data:"):
        raise bad_request(
            "input_audio.data must be raw base64; send URLs and data URIs as audio_url."
        )
    _string_field(part, "input_audio", "format")
    return _keyed(_decode_base64(data))


def _keyed(data: bytes) -> tuple[str, bytes]:
    return hashlib.sha256(data).hexdigest(), data


def parse_request(doc: object, model: str, dialect: str) -> CaptionRequest:
    """Validate a decoded request body; raise :class:`ApiError` for what the provider refuses."""
    if not isinstance(doc, dict):
        raise bad_request("The request body must be a JSON object.")
    if "model" not in doc:
        raise bad_request("The model parameter is required.")
    if doc["model"] != model:
        raise ApiError(
            404, "model_not_found", f"The model {str(doc['model'])[:80]!r} does not exist."
        )
    stream, options = doc.get("stream", False), doc.get("stream_options") or {}
    if not isinstance(stream, bool) or not isinstance(options, dict):
        raise bad_request("stream must be a boolean and stream_options an object.")
    messages = doc.get("messages")
    if not isinstance(messages, list) or not messages:
        raise bad_request("messages must be a non-empty list.")
    if any(isinstance(m, dict) and m.get("role") == "system" for m in messages):
        raise bad_request(
            "The captioner accepts no system message; send one user message with audio."
        )
    message = messages[0]
    if len(messages) != 1 or not isinstance(message, dict) or message.get("role") != "user":
        raise bad_request("Send exactly one message, with role 'user'.")
    content = message.get("content")
    if not isinstance(content, list) or not all(isinstance(p, dict) for p in content):
        raise bad_request("The message content must be a list of content parts.")
    if any(p.get("type") == "text" for p in content):
        raise bad_request(
            "The captioner takes no text prompt; send exactly one audio part and no text."
        )
    if len(content) != 1:
        raise bad_request("The message must hold exactly one audio part.")
    key, audio = _audio_key(content[0], dialect)
    return CaptionRequest(key, audio, stream, options.get("include_usage") is True)


def _audio_tokens(key: str, audio: bytes | None) -> int:
    """About 12.5 tokens per second of audio, as the provider bills."""
    if audio is None:  # a URL: pretend the clip lasts 10-30 s
        return 125 + hashlib.sha256(key.encode()).digest()[0] % 251
    if audio.startswith(b"RIFF") and audio[12:16] == b"fmt " and len(audio) >= 44:
        byte_rate: int = struct.unpack_from("<I", audio, 28)[0]
        if byte_rate:
            return max(1, round((len(audio) - 44) / byte_rate * 12.5))
    return max(1, round(len(audio) / 4000))


# ---- what the fake says: default captions --------------------------------------------------------
# Scenes pair the acoustics with matching background sounds so each caption stays coherent.
_SCENES = (
    (
        "The audio clip (reference {tag}) opens in a small, quiet room with a soft, slightly boxy "
        "acoustic. The recording is clean and close-miked, with a faint hum from what sounds like "
        "a refrigerator in the background and very little reverberation. Levels are steady "
        "throughout, and there is no audible clipping or distortion.",
        "In the background, a kettle comes to a gentle boil and a spoon clinks against a ceramic "
        "cup now and then. No music is present, and the room otherwise stays quiet.",
    ),
    (
        "This recording (reference {tag}) was made on what sounds like a smartphone held at arm's "
        "length in a moderately reverberant indoor space, perhaps a kitchen or a hallway. The "
        "sound has the narrow frequency range typical of a phone microphone, with mild "
        "compression artifacts and a low, constant background hiss.",
        "Soft instrumental music plays at a low level throughout: a solo acoustic guitar picks a "
        "simple major-key melody at a moderate tempo, mixed well below the voices.",
    ),
    (
        "The clip (reference {tag}) is a short outdoor recording made in a calm public space. "
        "Wind brushes the microphone now and then, and the sound has the open, diffuse quality "
        "of a courtyard or a small park, with distant traffic forming a soft, continuous bed. "
        "The speech sits clearly above this ambience and remains easy to follow.",
        "Birdsong is audible in the distance, along with the occasional footsteps of passers-by "
        "on a paved path and the faint rustle of leaves in a light breeze. No music is present.",
    ),
)
_SPEAKERS = (
    "A single adult female speaker, who sounds to be in her thirties, talks in a relaxed and "
    "friendly tone. She speaks Mandarin Chinese with a standard northern accent, saying "
    '"{quote}" ({gloss}). Her pace is unhurried and her pitch stays even, suggesting she is at '
    "ease and addressing someone she knows well.",
    "Two speakers take turns. The first is an adult male with a warm, mid-range voice and a light "
    "southern Chinese accent; the second is a younger woman who answers cheerfully. The man says "
    '"{quote}" ({gloss}), and the woman agrees with a soft chuckle. Their exchange is polite and '
    "good-humoured, with natural pauses between turns.",
    "An older man with a calm, slightly husky voice speaks slowly and clearly, as if reading a "
    'note aloud to a family member. He says "{quote}" ({gloss}). His intonation is gentle and '
    "content, and he pauses briefly between phrases, giving the recording a patient, unhurried "
    "rhythm that feels warm and familiar.",
)
# Chinese in its original script and punctuation with an English gloss, as the captioner writes
# it (hence the RUF001 waivers); the second phrase is in traditional characters.
_PHRASES = (
    (
        "今天天气很好，我们去公园散步吧。",  # noqa: RUF001
        "The weather is lovely today, let's go for a walk in the park",
    ),
    ("謝謝你的幫忙，我們下週見。", "Thank you for your help, see you next week"),  # noqa: RUF001
    ("这个周末我想去图书馆看书。", "This weekend I would like to go to the library to read"),
)
_SUMMARIES = (
    "In summary, this is a clear, everyday recording of a calm spoken message in Mandarin, most "
    "likely a casual exchange between family members or friends, with a relaxed and friendly "
    "atmosphere throughout.",
    "In summary, the clip captures a brief, friendly moment of conversation in Mandarin Chinese, "
    "recorded on a consumer device in an ordinary setting, and its overall mood is pleasant, "
    "warm and entirely unremarkable.",
    "In summary, the recording presents a calm, neutral spoken message in a peaceful setting, "
    "likely a personal voice note intended for a friend or relative, delivered in an easy, "
    "good-natured manner.",
)


def _tag(key: str) -> str:
    """The 12 hex characters a caption mentions: the key's own for byte keys, else a hash."""
    if re.fullmatch(r"[0-9a-f]{64}", key):
        return key[:12]
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def default_caption(key: str) -> str:
    """A deterministic captioner-style caption for ``key``: four paragraphs, 150-250 words.

    It names the key's tag (:func:`_tag`), quotes Chinese with an English gloss (non-ASCII) and
    ends with "In summary, ...". The content is calm and neutral: it must not trip a flagger.
    """
    digest = hashlib.sha256(key.encode()).digest()
    opening, background = _SCENES[digest[0] % len(_SCENES)]
    quote, gloss = _PHRASES[digest[2] % len(_PHRASES)]
    speech = _SPEAKERS[digest[1] % len(_SPEAKERS)].format(quote=quote, gloss=gloss)
    summary = _SUMMARIES[digest[3] % len(_SUMMARIES)]
    return "\n\n".join((opening.format(tag=_tag(key)), speech, background, summary))


def check_fault_names(names: Sequence[str | None]) -> None:
    """Raise ``ValueError`` naming the first unknown fault; None (no fault) is allowed."""
    for name in names:
        if name is not None and name not in ALL_FAULTS:
            raise ValueError(f"unknown fault {name!r}; known: {', '.join(ALL_FAULTS)}")


def retry_after_header(seconds: float | str) -> str:
    """Format a Retry-After value: ``1.0`` -> ``"1"``; fractions are kept (``"0.2"``); a string
    is sent as it is, so tests can send what a misbehaving provider would.

    HTTP allows only whole seconds, but tests need sub-second back-off to stay fast, and the
    project's client parses the value as a float.
    """
    return seconds if isinstance(seconds, str) else f"{seconds:g}"


class FaultPlan:
    """Which fault the next request gets. Thread-safe.

    Sequential faults (``faults``) are consumed one per call to :meth:`next_fault`, in order
    (a None entry lets that request through unharmed). Once they are used up, each call draws
    a random fault from ``kinds`` with probability ``rate`` using a ``random.Random(seed)``,
    so a single-threaded run is reproducible.
    """

    def __init__(
        self, faults: Sequence[str | None], rate: float, kinds: Sequence[str], seed: int
    ) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._queue: deque[str | None] = deque()
        self._rate = 0.0
        self._kinds: tuple[str, ...] = ()
        self.set(faults, rate, kinds)

    def set(self, faults: Sequence[str | None], rate: float, kinds: Sequence[str]) -> None:
        """Replace the pending sequential faults and the random-fault settings."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault_rate must be within [0, 1], got {rate}")
        check_fault_names([*faults, *kinds])
        if rate > 0 and not kinds:
            raise ValueError("fault_rate > 0 needs at least one fault kind")
        with self._lock:
            self._queue = deque(faults)
            self._rate, self._kinds = rate, tuple(kinds)

    def next_fault(self) -> str | None:
        """The fault for the request being answered now, or None for normal behaviour."""
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            if self._rate > 0 and self._rng.random() < self._rate:
                return self._rng.choice(self._kinds)
            return None


class RateLimiter:
    """A token bucket: ``rps`` tokens per second, at most ``burst`` stored. Thread-safe."""

    def __init__(self, rps: float, burst: float = 1.0) -> None:
        if rps <= 0 or burst < 1:
            raise ValueError("rps must be > 0 and burst >= 1")
        self._lock = threading.Lock()
        self._rps, self._burst = rps, burst
        self._tokens, self._last = burst, time.monotonic()

    def take(self) -> int | None:
        """Spend a token: None if one was available, else the Retry-After in whole seconds.

        The wait is rounded up and is at least 1, as real providers never say "retry after 0".
        """
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self._burst, self._tokens + (now - self._last) * self._rps)
            self._last = now
            if self._tokens >= 1:
                self._tokens -= 1
                return None
            return max(1, math.ceil((1 - self._tokens) / self._rps))
