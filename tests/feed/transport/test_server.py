"""The feed server: what it refuses before the handshake, what it does with frames a client
should never send, the token rule for non-loopback binds, and its fan-out."""

from __future__ import annotations

import asyncio
import socket

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from cutline.feed.model.errors import TransportError
from cutline.feed.model.messages import FeedMessage, Snapshot, decode, encode
from cutline.feed.model.state import apply, fold
from cutline.feed.transport.client import Client
from cutline.feed.transport.control import MAX_CONTROL
from cutline.feed.transport.server import FeedServer
from tests.support.live import BUDGET, Follower, gated, no_delays
from tests.support.sample_feed import race_messages

MSGS = race_messages()[:40]

# ---------------------------------------------------------------------------------------------
# Token and binding
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.4", "feed.example.com"])
def test_a_non_loopback_bind_without_a_token_refuses_to_start(host: str) -> None:
    with pytest.raises(TransportError, match="give a token"):
        FeedServer(gated(MSGS, asyncio.Event()), host=host)


async def test_a_wrong_or_missing_token_is_refused_before_any_data() -> None:
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(MSGS, _set()), port=0, token="s3cret") as server:
            await server.finished()
            for headers, query in [
                (None, ""),
                ({"Authorization": "Bearer wrong"}, ""),
                ({"Authorization": "Bearer s3cre"}, ""),  # a prefix is not enough
                (None, "?token=wrong"),
            ]:
                with pytest.raises(InvalidStatus) as info:
                    await connect(server.url + query, additional_headers=headers)
                assert info.value.response.status_code == 401
            async with connect(server.url, additional_headers=_bearer("s3cret")) as ws:
                assert isinstance(decode(await ws.recv()), Snapshot)
            async with connect(server.url + "?token=s3cret") as ws:
                assert isinstance(decode(await ws.recv()), Snapshot)
    assert server.errors == 4


async def test_a_port_in_use_is_one_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = FeedServer(gated(MSGS, asyncio.Event()), port=port)
        with pytest.raises(TransportError, match="in use"):
            await server.start()


@pytest.mark.parametrize(
    ("path", "status"),
    [("/feed", 404), ("/?since=abc", 400), ("/?since=-1", 400), ("/?since=1&since=2", 400)],
)
async def test_bad_requests_are_refused_before_the_handshake(path: str, status: int) -> None:
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(MSGS, _set()), port=0) as server:
            with pytest.raises(InvalidStatus) as info:
                await connect(server.url.rstrip("/") + path)
    assert info.value.response.status_code == status and server.errors == 1


# ---------------------------------------------------------------------------------------------
# What a client may say
# ---------------------------------------------------------------------------------------------


async def test_resume_and_subscribe_are_answered_on_an_open_connection() -> None:
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(MSGS, _set()), port=0) as server:
            await server.finished()
            async with connect(server.url + "?since=40") as ws:  # current: nothing is sent
                await ws.send('{"op":"resume","since":37}')
                assert [decode(await ws.recv()) for _ in range(3)] == list(MSGS[37:40])
                await ws.send('{"op":"subscribe"}')
                snap = decode(await ws.recv())
                assert isinstance(snap, Snapshot) and snap.state == server.state


BAD_FRAMES: list[tuple[str | bytes, int, str]] = [
    ("not json at all", 1008, "malformed"),
    (b'{"op":"subscribe"}', 1003, "binary"),
    ('{"op":"publish","seq":1}', 1008, "op"),
    ('{"type":"lap","seq":41,"t":0,"lap":1,"cars":[]}', 1008, "op"),  # feed data: not ours
    ('{"op":"resume","since":-1}', 1008, "since"),
    ('{"op":"resume","since":"7"}', 1008, "since"),
    ('{"op":"subscribe","as":"admin"}', 1008, "unknown field"),
    ('{"op":"resume","since":1}' + " " * MAX_CONTROL, 1009, ""),
]


async def test_frames_a_client_must_not_send_close_it_and_harm_no_one() -> None:
    gate = asyncio.Event()
    notes: list[str] = []
    async with asyncio.timeout(BUDGET):
        server = FeedServer(gated(MSGS, gate), port=0, warn=notes.append)
        async with server:
            good = Follower(Client(server.url, delays=no_delays))
            await server.wait_for_clients(1)
            for frame, code, reason in BAD_FRAMES:
                async with connect(server.url) as ws:
                    await ws.send(frame)
                    with pytest.raises(ConnectionClosed) as info:
                        await ws.recv()
                    assert info.value.rcvd is not None, frame
                    assert info.value.rcvd.code == code, frame
                    assert reason in info.value.rcvd.reason, frame
            gate.set()
            await good.reached(MSGS[-1].seq)
            await good.stop()
    assert server.errors == len(BAD_FRAMES) == len(notes), "\n".join(notes)
    assert server.state == fold(MSGS) == good.client.state


async def test_a_duplicate_from_the_source_is_not_published() -> None:
    feed: list[FeedMessage] = [*MSGS[:10], MSGS[5], *MSGS[10:12]]
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(feed, _set()), port=0) as server:
            await server.finished()
    assert server.published == 12 and server.state == fold(feed)
    assert apply(server.state, MSGS[5]) is server.state


def _set() -> asyncio.Event:
    event = asyncio.Event()
    event.set()
    return event


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_client_ahead_of_the_feed_is_sent_nothing_and_reported() -> None:
    notes: list[str] = []
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(MSGS, _set()), port=0, warn=notes.append) as server:
            await server.finished()
            async with connect(server.url + "?since=999") as ws:
                await ws.send('{"op":"subscribe"}')
                first = decode(await ws.recv())  # the answer comes first: nothing came before
    assert isinstance(first, Snapshot) and first.seq == MSGS[-1].seq
    assert notes == [notes[0]] and "ahead of this feed's 40" in notes[0]


async def test_each_message_is_encoded_once_whatever_the_number_of_clients(monkeypatch) -> None:
    import cutline.feed.transport.backlog

    encoded: list[int] = []

    def counting(msg: FeedMessage) -> bytes:
        encoded.append(msg.seq)
        return encode(msg)

    monkeypatch.setattr(cutline.feed.transport.backlog, "encode", counting)
    gate = asyncio.Event()
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(MSGS, gate), port=0) as server:
            followers = [Follower(Client(server.url, delays=no_delays)) for _ in range(5)]
            await server.wait_for_clients(5)
            gate.set()
            for follower in followers:
                await follower.reached(MSGS[-1].seq)
                await follower.stop()
    assert encoded == [m.seq for m in MSGS]
