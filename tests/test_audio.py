"""What producers submit is checked before a job exists; what workers send is what was checked."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from earmark import audio

REFUSED_URLS = [
    "http://127.0.0.1/a.mp3",
    "http://127.1/a.mp3",  # the same address, written short
    "http://2130706433/a.mp3",  # ... as one number
    "http://0x7f.1/a.mp3",  # ... in hex
    "http://[::1]/a.mp3",
    "http://10.0.0.7/a.mp3",
    "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
    "http://localhost./a.mp3",
    "http://metadata.google.internal/a.mp3",
    "http://printer.local/a.mp3",
    "https://user:secret@media.example.org/a.mp3",
    "ftp://media.example.org/a.mp3",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_urls_the_provider_must_not_fetch_are_refused(url: str) -> None:
    with pytest.raises(audio.SourceError) as raised:
        audio.check_url(url)
    assert "secret" not in str(raised.value)  # credentials are not echoed back


@pytest.mark.parametrize(
    "url",
    ["https://media.example.org/a.mp3", "http://93.184.216.34/a.wav", "https://cdn.x/1?sig=z"],
)
def test_public_urls_pass(url: str) -> None:
    audio.check_url(url)


def test_a_file_is_checked_as_spooled_and_named_as_submitted(
    make_audio: Callable[..., Path], tmp_path: Path
) -> None:
    clip = make_audio("wav", seconds=3)
    prepared = audio.prepare(str(clip), spool_dir=tmp_path / "spool")
    assert prepared.format == "wav/pcm_s16le"
    assert prepared.duration_s == pytest.approx(3.0, abs=0.05)
    assert (tmp_path / "spool" / prepared.audio_ref).read_bytes() == clip.read_bytes()

    notes = tmp_path / "notes.txt"
    notes.write_text("not audio")
    with pytest.raises(audio.SourceError, match=f"^{notes}: not an audio file"):
        audio.prepare(str(notes), spool_dir=tmp_path / "spool")
    assert len(list((tmp_path / "spool").rglob("*.txt"))) == 0  # a refused file is not kept


def test_pcm_in_another_container_is_transcoded_not_mislabelled(
    make_audio: Callable[..., Path], tmp_path: Path
) -> None:
    wav = make_audio("wav")
    mkv = tmp_path / "clip.mkv"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(wav), "-c:a", "pcm_s16le", str(mkv)],
        check=True,
    )
    spool = tmp_path / "spool"
    as_wav = audio.prepare(str(wav), spool_dir=spool)
    as_mkv = audio.prepare(str(mkv), spool_dir=spool)
    sent_wav = audio.segment_input(
        as_wav.audio_ref, kind="file", audio_format=as_wav.format, spool_dir=spool,
        start_s=0, end_s=None, whole=True,
    )  # fmt: skip
    sent_mkv = audio.segment_input(
        as_mkv.audio_ref, kind="file", audio_format=as_mkv.format, spool_dir=spool,
        start_s=0, end_s=None, whole=True,
    )  # fmt: skip
    assert (sent_wav.format, sent_wav.data) == ("wav", wav.read_bytes())
    assert sent_mkv.format == "mp3"
    assert sent_mkv.data is not None
    assert sent_mkv.data[:3] == b"ID3" or sent_mkv.data[0] == 0xFF


def test_a_missing_spool_file_is_worth_another_try(tmp_path: Path) -> None:
    with pytest.raises(audio.SpoolMissing):
        audio.segment_input(
            "ab/abc.wav", kind="file", audio_format="wav/pcm_s16le", spool_dir=tmp_path,
            start_s=0, end_s=None, whole=True,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("duration", "bounds"),
    [
        (None, [(0.0, None)]),
        (12.0, [(0.0, 12.0)]),
        (34.0, [(0.0, 34.0)]),  # a 4 s tail joins the only window
        (70.0, [(0.0, 30.0), (30.0, 60.0), (60.0, 70.0)]),
    ],
)
def test_audio_is_planned_in_thirty_second_windows(
    duration: float | None, bounds: list[tuple[float, float | None]]
) -> None:
    assert audio.plan_segments(duration, 30.0) == bounds
