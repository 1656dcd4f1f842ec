"""The feed client: its pure intake, garbage from a server, gaps, refusals and reconnection."""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import msgspec
import pytest
from websockets.asyncio.server import ServerConnection, serve

from cutline.feed.model.errors import FeedUnavailable, TransportError
from cutline.feed.model.messages import encode
from cutline.feed.model.state import fold, snapshot
from cutline.feed.streams.source import FeedStatus
from cutline.feed.transport.client import Client, backoff
from cutline.feed.transport.intake import Intake
from cutline.feed.transport.server import FeedServer
from tests.support.live import BUDGET, Follower, follow, gated, no_delays
from tests.support.sample_feed import race_messages

MSGS = race_messages()[:30]
LAP = msgspec.json.decode(encode(MSGS[5]))  # a lap as plain JSON, to spoil field by field


def _frame(**changes: object) -> str:
    return msgspec.json.encode({**LAP, **changes}).decode()


GARBAGE: list[str | bytes] = [
    "not json at all",
    b"\x00\x01\x02 binary junk",
    '{"type":"teleport","seq":6,"t":0}',  # an unknown message type
    _frame(seq="six"),  # a field of the wrong type
    _frame(cars=[{"car": "42", "pos": 0, "laps": 5}]),  # a position of 0
    _frame(seq=0),  # seq starts at 1
    '{"seq":6,"t":0}',  # no type at all
]

# ---------------------------------------------------------------------------------------------
# Intake and backoff: no sockets
# ---------------------------------------------------------------------------------------------


def test_intake_counts_bad_frames_and_leaves_the_state_alone() -> None:
    intake = Intake()
    for msg in MSGS[:5]:
        assert intake.take(encode(msg)) == ("applied", msg)
    state = intake.state
    for i, frame in enumerate(GARBAGE, 1):
        assert intake.take(frame) == ("bad", None)
        assert intake.state is state and intake.errors == i
    assert "$.cars[0].pos" in _last_error(GARBAGE[4])
    assert intake.take(encode(MSGS[5])) == ("applied", MSGS[5])  # the real seq 6 still fits


def test_intake_ignores_duplicates_and_holds_after_a_gap_until_a_snapshot() -> None:
    intake = Intake()
    for msg in MSGS[:5]:
        intake.take(encode(msg))
    assert intake.take(encode(MSGS[2])) == ("duplicate", None)
    assert intake.take(encode(MSGS[7])) == ("gap", None)  # seq 8 after 5: ask once
    assert intake.take(encode(MSGS[8])) == ("held", None)  # then wait for the snapshot
    assert intake.state == fold(MSGS[:5]) and intake.errors == 0
    snap = snapshot(fold(MSGS[:9]))
    assert intake.take(encode(snap)) == ("applied", snap)
    assert intake.take(encode(MSGS[9])) == ("applied", MSGS[9])
    assert intake.state == fold(MSGS[:10])


def test_backoff_grows_to_a_cap_with_jitter_below_each_step() -> None:
    top = list(itertools.islice(backoff(rng=lambda: 0.0), 9))
    assert top == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]
    low = list(itertools.islice(backoff(rng=lambda: 1.0), 9))
    assert low == [d / 2 for d in top]


def test_a_bad_url_is_refused_at_once() -> None:
    for url in ["http://127.0.0.1:8765/", "127.0.0.1:8765", "ws://"]:
        with pytest.raises(TransportError, match="not a feed URL"):
            Client(url)


def test_the_resume_url_carries_the_last_seq_and_keeps_other_parameters() -> None:
    client = Client("ws://127.0.0.1:9/?token=t&since=3")
    assert client.resume_url() == "ws://127.0.0.1:9/?token=t"
    client.intake.take(encode(MSGS[0]))
    assert client.resume_url() == "ws://127.0.0.1:9/?token=t&since=1"


# ---------------------------------------------------------------------------------------------
# Against servers
# ---------------------------------------------------------------------------------------------


async def test_garbage_from_a_server_is_counted_survived_and_changes_nothing() -> None:
    once: set[str] = set()

    async def handler(ws: ServerConnection) -> None:
        assert ws.request is not None
        since = int(parse_qs(urlsplit(ws.request.path).query).get("since", ["0"])[0])
        for msg in MSGS[since:]:
            if msg.seq == 6 and _first(once, "junk"):
                for junk in GARBAGE:
                    await ws.send(junk)
                await ws.send(encode(MSGS[2]).decode())  # a duplicate: not an error
            if msg.seq == 12 and _first(once, "utf8"):
                await ws.send(b"\xff\xfe not utf-8", text=True)  # the client closes with 1007
                await ws.wait_closed()
                return
            if msg.seq == 20 and _first(once, "big"):
                await ws.send("x" * 70_000)  # over the client's max_size: it closes with 1009
                await ws.wait_closed()
                return
            await ws.send(encode(msg).decode())
        await ws.wait_closed()

    async with asyncio.timeout(BUDGET), serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        client = Client(f"ws://127.0.0.1:{port}/", delays=no_delays, max_size=64 * 1024)
        got = await follow(client, MSGS[-1].seq)
    assert got == list(MSGS)  # every real message once, in order, and nothing else
    assert client.state == fold(MSGS)
    assert client.status.errors == len(GARBAGE) + 2
    assert "1009" in client.status.last_error
    assert client.sessions == 3


async def test_a_gap_asks_for_one_snapshot_and_the_feed_goes_on() -> None:
    asked: list[str | bytes] = []

    async def handler(ws: ServerConnection) -> None:
        for msg in [*MSGS[:5], *MSGS[7:10]]:  # seq 6 and 7 lost on the way
            await ws.send(encode(msg).decode())
        asked.append(await ws.recv())
        await ws.send(encode(snapshot(fold(MSGS[:12]))).decode())
        for msg in MSGS[12:]:
            await ws.send(encode(msg).decode())
        await ws.wait_closed()

    async with asyncio.timeout(BUDGET), serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        client = Client(f"ws://127.0.0.1:{port}/", delays=no_delays)
        await follow(client, MSGS[-1].seq)
    assert asked == ['{"op":"subscribe"}']
    assert client.state == fold(MSGS) and client.sessions == 1


async def test_a_wrong_token_is_fatal_and_says_so() -> None:
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(MSGS, _set()), port=0, token="s3cret") as server:
            for token in [None, "wrong"]:
                client = Client(server.url, token=token, delays=no_delays)
                with pytest.raises(TransportError, match="refused the token"):
                    await follow(client, 1)
                assert client.status.mode == "failed"
            client = Client(server.url, token="s3cret", delays=no_delays)
            await follow(client, MSGS[-1].seq)
    assert client.state == fold(MSGS)


async def test_nothing_listening_fails_fast_unless_asked_to_wait() -> None:
    port = _free_port()
    client = Client(f"ws://127.0.0.1:{port}/", retry_first=False, delays=no_delays)
    async with asyncio.timeout(BUDGET):
        with pytest.raises(FeedUnavailable, match="connection refused"):
            await follow(client, 1)
    assert client.status.mode == "failed"


async def test_it_reconnects_with_backoff_until_a_server_comes_up() -> None:
    port = _free_port()
    statuses: list[FeedStatus] = []
    tried = asyncio.Event()

    def delays() -> Iterator[float]:
        for n in itertools.count(1):
            if n == 3:
                tried.set()  # three refusals: now bring the server up
            yield 0.0

    client = Client(f"ws://127.0.0.1:{port}/", delays=delays, on_status=statuses.append)
    async with asyncio.timeout(BUDGET):
        follower = Follower(client)
        await tried.wait()
        async with FeedServer(gated(MSGS, _set()), port=port):
            await follower.reached(MSGS[-1].seq)
            await follower.stop()
    texts = [s.text for s in statuses]
    assert texts[0].startswith("reconnecting in 0.0 s: connection refused")
    assert any(t.startswith("connected to") for t in texts)
    assert statuses[-1].mode == "live" and client.status.last_message_at is not None


async def test_a_server_that_hangs_up_at_once_is_retried_with_backoff() -> None:
    calls = 0

    async def handler(ws: ServerConnection) -> None:
        nonlocal calls
        calls += 1
        if calls <= 3:
            return  # accept, then close before sending anything
        for msg in MSGS:
            await ws.send(encode(msg).decode())
        await ws.wait_closed()

    statuses: list[FeedStatus] = []
    async with asyncio.timeout(BUDGET), serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        client = Client(f"ws://127.0.0.1:{port}/", delays=no_delays, on_status=statuses.append)
        await follow(client, MSGS[-1].seq)
    backoffs = [s.text for s in statuses if "before any message" in s.text]
    assert len(backoffs) == 3 and backoffs[0].startswith("reconnecting in 0.0 s")
    assert client.state == fold(MSGS)


def _first(seen: set[str], key: str) -> bool:
    if key in seen:
        return False
    seen.add(key)
    return True


def _last_error(frame: str | bytes) -> str:
    intake = Intake()
    intake.take(frame)
    return intake.last_error


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _set() -> asyncio.Event:
    event = asyncio.Event()
    event.set()
    return event


async def test_a_server_that_stops_answering_pings_is_left_for_a_fresh_connection() -> None:
    deafened = False

    async def handler(ws: ServerConnection) -> None:
        nonlocal deafened
        assert ws.request is not None
        since = int(parse_qs(urlsplit(ws.request.path).query).get("since", ["0"])[0])
        for msg in MSGS[since : None if deafened else 10]:
            await ws.send(encode(msg).decode())
        if not deafened:
            deafened = True
            ws.transport.pause_reading()  # alive but deaf: the client's pings go unanswered
        await ws.wait_closed()

    deaf = serve(handler, "127.0.0.1", 0, close_timeout=0.1)
    async with asyncio.timeout(BUDGET), deaf as server:
        port = server.sockets[0].getsockname()[1]
        url = f"ws://127.0.0.1:{port}/"
        client = Client(
            url, delays=no_delays, ping_interval=0.05, ping_timeout=0.5, close_timeout=0.1
        )
        got = await follow(client, MSGS[-1].seq)
    assert got == list(MSGS) and client.sessions >= 2
