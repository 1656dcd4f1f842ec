"""``cutline record --append``: a recorder killed with SIGKILL mid-race, resumed on the same
server, leaves the very file an uninterrupted recorder wrote beside it (no gap, no duplicate
seq), which ``standings`` reads as whole. A file that cannot be resumed is refused with one line
and exit 2, and left as it was."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cutline.feed.model.messages import FeedMessage
from cutline.feed.playback.integrity import Integrity
from cutline.feed.playback.recording import read_header, read_messages
from cutline.feed.transport.server import FeedServer
from tests.support.live import BUDGET
from tests.support.paths import cutline, spawn
from tests.support.sample_feed import race_messages

MSGS = list(race_messages())
KILLED_AFTER = 100  # the first recorder dies once it has written this seq
PAUSE_AT = 150  # the server holds the rest of the race until the recorder is resumed


async def _record(*args: str) -> asyncio.subprocess.Process:
    return await spawn("record", *args, "-v")


async def _until(proc: asyncio.subprocess.Process, start: str) -> list[str]:
    """The recorder's stderr lines up to one starting with ``start``."""
    assert proc.stderr is not None
    said: list[str] = []
    while not said or not said[-1].startswith(start):
        line = await proc.stderr.readline()
        assert line, f"the recorder ended before {start!r}: {said}"
        said.append(line.decode().rstrip("\n"))
    return said


async def _stop(proc: asyncio.subprocess.Process) -> tuple[int, list[str]]:
    assert proc.stderr is not None
    proc.send_signal(signal.SIGTERM)
    rest = (await proc.stderr.read()).decode().splitlines()
    return await proc.wait(), rest


@pytest.mark.parametrize(
    ("name", "cut"),
    [("race.jsonl", 0), ("race.jsonl", 9), ("race.jsonl.gz", 0)],
    ids=["as-killed", "last-line-cut", "gzip-as-killed"],
)
async def test_a_killed_recorder_resumed_with_append_writes_the_uninterrupted_file(
    tmp_path: Path, name: str, cut: int
) -> None:
    out, whole = tmp_path / name, tmp_path / f"whole-{name}"
    resumed = asyncio.Event()

    async def publish() -> AsyncIterator[FeedMessage]:
        await server.wait_for_clients(2)  # both recorders from the first message
        for msg in MSGS:
            if msg.seq == PAUSE_AT:
                await resumed.wait()
            yield msg
            await asyncio.sleep(0)  # on and on, so the first recorder dies mid-stream

    async with asyncio.timeout(BUDGET * 2), FeedServer(publish(), port=0) as server:
        uninterrupted = await _record(server.url, "-o", str(whole))
        killed = await _record(server.url, "-o", str(out))
        await _until(killed, f"seq {KILLED_AFTER} ")
        killed.send_signal(signal.SIGKILL)
        await killed.wait()
        if cut:  # the kill landed in the middle of a line
            out.write_bytes(out.read_bytes()[:-cut])
        kept = read_messages(out)
        assert KILLED_AFTER - 1 <= len(kept) < PAUSE_AT
        again = await _record(server.url, "-o", str(out), "--append")
        said = await _until(again, "cutline: resuming ")
        # The killed recorder may have written up to PAUSE_AT - 1 before the kill landed, so
        # the resumed one's first message can be the one the server holds: release it now.
        resumed.set()
        said += await _until(again, f"seq {kept[-1].seq + 1} ")
        await _until(again, f"seq {MSGS[-1].seq} ")
        await _until(uninterrupted, f"seq {MSGS[-1].seq} ")
        code, rest = await _stop(again)
        assert (await _stop(uninterrupted))[0] == 0

    assert code == 0
    assert said[0] == f"cutline: resuming {out} after seq {kept[-1].seq} ({len(kept)} messages)"
    dropped = [line for line in said if "the recording goes on after its last whole line" in line]
    if cut:
        assert dropped == [f"cutline: {out}:{len(kept) + 2}: last line is cut short; skipped; "
                           "the recording goes on after its last whole line"]  # fmt: skip
    if name.endswith(".gz"):  # killed, the gzip stream has no end: always rewritten
        assert len(dropped) == 1 and "the gzip stream is cut short" in dropped[0], said
    assert any(f"recorded {len(MSGS) - len(kept)} messages" in line for line in rest), rest
    integrity = Integrity(out)
    assert read_messages(out, integrity=integrity) == read_messages(whole) == MSGS
    assert integrity.complete, integrity.problems
    assert read_header(out).feed == read_header(whole).feed == server.feed_id
    standings = cutline("standings", str(out))
    assert standings.returncode == 0 and standings.stderr == "", standings.stderr


async def test_append_refuses_another_feed_and_leaves_the_file(tmp_path: Path) -> None:
    out = tmp_path / "race.jsonl"
    first_part = MSGS[:60]

    async def publish(msgs: list[FeedMessage]) -> AsyncIterator[FeedMessage]:
        for msg in msgs:
            yield msg

    async with asyncio.timeout(BUDGET):
        async with FeedServer(publish(first_part), port=0) as first:
            recorder = await _record(first.url, "-o", str(out))
            await _until(recorder, f"seq {first_part[-1].seq} ")
            recorder.send_signal(signal.SIGKILL)
            await recorder.wait()
            port = first.port
        before = out.read_bytes()
        # The server restarted on the same port: the same race, but another feed.
        async with FeedServer(publish(MSGS), port=port) as second:
            again = await _record(second.url, "-o", str(out), "--append")
            assert again.stderr is not None
            err = (await again.stderr.read()).decode().splitlines()
            code = await again.wait()
    assert code == 2 and out.read_bytes() == before
    race = read_header(out).race
    assert race is not None
    assert err[-1] == (
        f"cutline: error: {out}: records feed {first.feed_id} ({race.name}), but the server "
        f"now serves feed {second.feed_id} ({race.name}): nothing appended; "
        "record it to a new file"
    )
    assert not any("Traceback" in line for line in err)


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"shopping": ["milk"]}\n', "not a cutline recording header"),
        (b"", "empty file, not a cutline recording"),
    ],
)
def test_append_refuses_a_file_that_is_not_a_recording(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_bytes(content)
    # Refused before any connection: nothing listens at this address.
    done = cutline("record", "ws://127.0.0.1:9/", "-o", str(path), "--append")
    assert done.returncode == 2 and why in done.stderr
    assert len(done.stderr.splitlines()) == 1 and path.read_bytes() == content


def test_append_is_not_force(tmp_path: Path) -> None:
    done = cutline("record", "ws://127.0.0.1:9/", "-o", str(tmp_path / "x"), "--append", "--force")
    assert done.returncode == 2 and "not with --force" in done.stderr
