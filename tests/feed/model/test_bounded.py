"""Every JSON reader refuses a document too deep or too big with its usual error, never a
traceback: recording lines, frames, control frames, NASCAR documents and facts files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cutline.feed.builder.facts import read_facts
from cutline.feed.model.bounded import MAX_DEPTH, TooBig, check, depth
from cutline.feed.model.errors import BadFacts, BadMessage, BadRecording
from cutline.feed.model.messages import decode, decode_control
from cutline.feed.playback.recording import read_messages
from cutline.feed.sources.nascar.lenient import BadValue, decode_json
from tests.support.paths import cutline


def nested(levels: int, kinds: str, pad: int, filler: str) -> bytes:
    """A JSON document: arrays and objects (cycling through ``kinds``) nested ``levels`` deep
    around a string of ``pad`` bytes of ``filler``."""
    opens: list[bytes] = []
    closes: list[bytes] = []
    for i in range(levels):
        if kinds[i % len(kinds)] == "[":
            opens.append(b"[")
            closes.append(b"]")
        else:
            opens.append(b'{"k":')
            closes.append(b"}")
    core = json.dumps(filler * (pad // len(filler))).encode()
    return b"".join(opens) + core + b"".join(reversed(closes))


def _bound(err: BaseException) -> bool:
    """Whether an error names one of the bounds (depth, or size: an escaped filler doubles)."""
    return "levels deep" in str(err) or "byte limit" in str(err)


def test_depth_ignores_brackets_in_strings() -> None:
    assert depth(b'[1, "[[[", {"a": ["]"]}]') == 3
    assert depth(b'"{{{{"') == 0
    assert depth("{}") == 1


def test_a_string_left_open_runs_to_the_end() -> None:
    # As a decoder reads it: brackets after an opening quote that is never closed are text.
    assert depth(b'[["[[[') == 2
    assert depth(b'[["\\"[[[\\') == 2
    assert depth(b'["a"], [[["b') == 3


def test_a_string_left_open_is_refused_in_one_pass(tmp_path: Path) -> None:
    """65 brackets, then 2 MB of escaped quotes never closed: a scan that needs the closing
    quote starts again from each quote (hours); the reader answers at once instead."""
    recording = tmp_path / "open.jsonl"
    recording.write_bytes(
        b'{"format":"cutline-recording","version":1}\n' + b"[" * 65 + b'"' + b'\\"' * 2**20 + b"\n"
    )
    done = cutline("standings", str(recording))  # bounded in time: a hang fails
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "open.jsonl:2:" in done.stderr and "65 levels deep" in done.stderr


def test_check_names_the_bound() -> None:
    with pytest.raises(TooBig, match="nested 65 levels deep; the limit is 64"):
        check(b"[" * 65 + b"]" * 65)
    with pytest.raises(TooBig, match="over the 10-byte limit"):
        check(b"[1,2,3,4,5,6]", max_bytes=10)
    check(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    levels=st.integers(0, 10_000),
    kinds=st.text("[{", min_size=1, max_size=8),
    pad=st.sampled_from([0, 1, 1000, 2**20, 8 * 2**20 - 64]),
    filler=st.sampled_from(["x", "]", "[", "{", '\\"']),
)
def test_every_reader_refuses_deep_json_with_its_error(
    levels: int, kinds: str, pad: int, filler: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Random JSON up to 10,000 deep and 8 MiB: each reader's documented error, or a value."""
    data = nested(levels, kinds, pad, filler)
    deep = levels > MAX_DEPTH
    for reader, error in (
        (decode, BadMessage),
        (decode_control, BadMessage),
        (decode_json, BadValue),
    ):
        try:
            reader(data)
        except error as err:
            assert not deep or _bound(err)
    folder = tmp_path_factory.mktemp("deep")
    facts = folder / "facts.json"
    facts.write_bytes(data)
    with pytest.raises(BadFacts) as facts_err:
        read_facts(facts)
    assert not deep or _bound(facts_err.value)
    recording = folder / "race.jsonl"
    recording.write_bytes(b'{"format":"cutline-recording","version":1}\n' + data + b"\n")
    with pytest.raises(BadRecording, match=r"race\.jsonl:2: ") as rec_err:
        read_messages(recording)
    assert not deep or _bound(rec_err.value)


def test_a_deep_recording_line_is_one_line_on_stderr(tmp_path: Path) -> None:
    recording = tmp_path / "deep.jsonl"
    recording.write_bytes(
        b'{"format":"cutline-recording","version":1}\n' + b"[" * 3000 + b"]" * 3000 + b"\n"
    )
    done = cutline("standings", str(recording))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0
    assert "deep.jsonl:2:" in done.stderr and "3000 levels deep" in done.stderr
