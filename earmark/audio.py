"""Audio sources: validating what producers submit and preparing what the captioner receives.

Files are checked with ffprobe when submitted, then copied into a content-addressed spool (named
by SHA-256) that every worker reads, so a job never depends on the producer's copy. URLs are
passed through to the provider, which downloads them itself.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from earmark.captioner import AudioInput

# "container/codec" pairs the provider takes as they are, with the format and MIME type to name
# them by; anything else (MP3 inside MP4, PCM inside AVI, …) is transcoded to MP3 first.
_SEND_AS_IS = {"wav/pcm_s16le": ("wav", "audio/wav"), "mp3/mp3": ("mp3", "audio/mpeg")}
# Host names that only mean something inside a private network.
_PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan")
# The provider advises inline audio under about 1 MB; larger single clips are re-encoded smaller.
DIRECT_SEND_MAX_BYTES = 1_000_000
# A leftover shorter than this joins the previous segment instead of being captioned alone.
MIN_TAIL_S = 5.0
MAX_FILE_BYTES = 2 * 1024**3
# A file that decodes to less than this share of the length its header declares is truncated.
TRUNCATION_RATIO = 0.9
_PROBE_TIMEOUT_S = 60


class SourceError(ValueError):
    """A submitted source that cannot be captioned; the message says why, naming the source."""


class SpoolMissing(SourceError):
    """A job's spooled copy is not where the worker looks (a shared volume not mounted?)."""


@dataclass(frozen=True)
class ProbedAudio:
    format: str  # "container/codec", e.g. "wav/pcm_s16le"
    duration_s: float


@dataclass(frozen=True)
class PreparedSource:
    """A validated source, ready to become a job."""

    source: str
    kind: str  # "file" | "url"
    audio_ref: str  # spool file name, or the URL
    sha256: str | None
    format: str | None
    duration_s: float | None


def is_url(source: str) -> bool:
    return "://" in source


def _numeric_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host written as a number means, in any form a resolver accepts
    (``127.1``, ``2130706433``, ``0x7f.1`` all mean 127.0.0.1); None for a host name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def check_url(url: str) -> None:
    """Refuse URLs the provider could not or must not fetch; raises :class:`SourceError`.

    Host names are not resolved here (the provider resolves them); a deployment whose fetcher
    sits inside a private network (self-hosted vLLM) must also limit where that fetcher goes.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise SourceError(f"{url}: only http and https URLs can be captioned")
    if parts.username is not None or parts.password is not None:
        raise SourceError(f"{parts.scheme}://…@{parts.hostname}: URLs with credentials are refused")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise SourceError(f"{url}: the URL has no host")
    if host == "localhost" or host.endswith(_PRIVATE_SUFFIXES):
        raise SourceError(f"{url}: {host} names a private host the provider cannot reach")
    address = _numeric_address(host)
    if address is not None and not address.is_global:
        raise SourceError(
            f"{url}: {host} is a private or reserved address the provider cannot reach"
        )


def _check_file(path: Path) -> None:
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if not path.is_file():
        raise SourceError(f"{path}: not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{path}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise SourceError(f"{path}: {size} bytes is over the {MAX_FILE_BYTES}-byte limit")


def probe(path: Path, *, label: str) -> ProbedAudio:
    """Describe the audio in ``path``; raises :class:`SourceError`, naming ``label``, for
    anything that is not whole, decodable audio."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
         "stream=codec_name,duration:format=format_name,duration", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=_PROBE_TIMEOUT_S, check=False,
    )  # fmt: skip
    info = json.loads(result.stdout or "{}") if result.returncode == 0 else {}
    streams = info.get("streams") or []
    if not streams:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "no audio"
        raise SourceError(f"{label}: not an audio file ({reason})")
    container = info.get("format") or {}
    declared = streams[0].get("duration") or container.get("duration")
    decoded = _decoded_seconds(path, label=label)
    try:
        expected = float(str(declared))
    except (TypeError, ValueError):
        expected = decoded  # some containers declare no length; what decodes is the length
    if decoded <= 0:
        raise SourceError(f"{label}: no audio could be decoded")
    if decoded < expected * TRUNCATION_RATIO:
        raise SourceError(
            f"{label}: truncated or damaged: it declares {expected:.1f}s of audio "
            f"but only {decoded:.1f}s decodes"
        )
    kind = f"{container.get('format_name', 'unknown')}/{streams[0].get('codec_name', 'unknown')}"
    return ProbedAudio(format=kind[:64], duration_s=decoded)


def _decoded_seconds(path: Path, *, label: str) -> float:
    """How much audio really decodes: headers can claim more than a truncated file holds."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0",
         "-f", "null", "-", "-progress", "pipe:1"],
        capture_output=True, text=True, timeout=_PROBE_TIMEOUT_S * 5, check=False,
    )  # fmt: skip
    times = [
        line.partition("=")[2]
        for line in result.stdout.splitlines()
        if line.startswith("out_time_us=")
    ]
    if result.returncode != 0 or not times or not times[-1].isdigit():
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "unreadable"
        raise SourceError(f"{label}: the audio cannot be decoded ({reason})")
    return int(times[-1]) / 1_000_000


def spool(path: Path, spool_dir: Path) -> tuple[str, str]:
    """Copy ``path`` into the spool under its SHA-256 and return ``(sha256, spool name)``.

    Idempotent: the same content is stored once, however often it is submitted. The copy is
    written beside its final name and renamed, so a reader never sees half a file.
    """
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    sha = digest.hexdigest()
    name = f"{sha[:2]}/{sha}{path.suffix.lower()}"
    target = spool_dir / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temporary,
            path.open("rb") as source,
        ):
            shutil.copyfileobj(source, temporary)
        os.replace(temporary.name, target)
    return sha, name


def prepare(source: str, *, spool_dir: Path) -> PreparedSource:
    """Validate ``source`` (a path or a URL); spool it if it is a file.

    The spooled copy is what gets checked, so what was checked is what workers caption, even
    if the producer's file changes afterwards.
    """
    if is_url(source):
        check_url(source)
        return PreparedSource(source, "url", source, None, None, None)
    path = Path(source).expanduser()
    _check_file(path)
    sha, name = spool(path, spool_dir)
    try:
        probed = probe(spool_dir / name, label=str(path))
    except SourceError:
        (spool_dir / name).unlink(missing_ok=True)  # no valid job can share these bytes
        raise
    return PreparedSource(str(path), "file", name, sha, probed.format, probed.duration_s)


def plan_segments(duration_s: float | None, segment_s: float) -> list[tuple[float, float | None]]:
    """Cut ``[0, duration)`` into windows of ``segment_s``; a short tail joins the last window."""
    if duration_s is None:
        return [(0.0, None)]
    bounds: list[tuple[float, float | None]] = []
    start = 0.0
    while duration_s - start > segment_s + MIN_TAIL_S:
        bounds.append((start, start + segment_s))
        start += segment_s
    bounds.append((start, duration_s))
    return bounds


def segment_input(
    audio_ref: str, *, kind: str, audio_format: str | None, spool_dir: Path,
    start_s: float, end_s: float | None, whole: bool,
) -> AudioInput:  # fmt: skip
    """What to send the captioner for one segment of a job's audio.

    A URL goes as it is. A file that is the job's only segment, in a container and codec the
    provider takes and small enough, goes byte for byte; anything else is cut and encoded as
    16 kHz mono MP3, the rate the captioner's audio encoder works at.
    """
    if kind == "url":
        return AudioInput(url=audio_ref)
    path = spool_dir / audio_ref
    if not path.is_file():
        raise SpoolMissing(f"spooled audio {audio_ref} is missing from {spool_dir}")
    direct = _SEND_AS_IS.get(audio_format or "")
    if whole and direct and path.stat().st_size <= DIRECT_SEND_MAX_BYTES:
        return AudioInput(data=path.read_bytes(), format=direct[0], mime=direct[1])
    window = ["-ss", f"{start_s:.3f}"] + ([] if end_s is None else ["-to", f"{end_s:.3f}"])
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", *window, "-i", str(path), "-vn",
         "-ac", "1", "-ar", "16000", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3", "pipe:1"],
        capture_output=True, timeout=_PROBE_TIMEOUT_S * 5, check=False,
    )  # fmt: skip
    if result.returncode != 0 or not result.stdout:
        message = result.stderr.decode(errors="replace").strip() or "no output"
        raise SourceError(f"ffmpeg could not cut {audio_ref} at {start_s:.1f}s: {message}")
    return AudioInput(data=result.stdout, format="mp3", mime="audio/mpeg")
