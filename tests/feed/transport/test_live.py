"""A served feed reaches its clients whole: one client, a late joiner, 200 clients, a client
that never reads, and a server killed and restarted 20 times. Real websockets on loopback."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

from websockets.asyncio.client import connect

from cutline.feed.model.messages import FeedMessage, Lap, Snapshot
from cutline.feed.model.state import fold
from cutline.feed.playback.recording import iter_messages, write_recording
from cutline.feed.streams.source import LiveFeed
from cutline.feed.transport.client import Client
from cutline.feed.transport.server import FeedServer
from tests.support.live import BUDGET, Follower, follow, gated, laps, no_delays
from tests.support.sample_feed import race_messages


async def test_a_client_of_a_served_recording_ends_with_the_files_state(tmp_path) -> None:
    path = tmp_path / "race.jsonl"
    write_recording(path, list(race_messages()))
    expected = fold(iter_messages(path))
    gate = asyncio.Event()
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(iter_messages(path), gate), port=0) as server:
            client = Client(server.url, delays=no_delays)
            states = []

            async def watch() -> None:
                async for state in LiveFeed(client).states():
                    states.append(state)
                    if state.seq == expected.seq:
                        return

            watching = asyncio.create_task(watch())
            await server.wait_for_clients(1)
            gate.set()
            await watching
    assert states[-1] == expected
    # Joined before the first message: every message came on its own, in order, none twice.
    assert [s.seq for s in states] == list(range(1, expected.seq + 1))
    assert client.status.mode == "live" and client.status.errors == 0


async def test_a_late_joiner_gets_one_snapshot_of_the_state() -> None:
    msgs = race_messages()
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(msgs, _set()), port=0) as server:
            await server.finished()
            client = Client(server.url, delays=no_delays)
            got = await follow(client, msgs[-1].seq)
    assert len(got) == 1 and isinstance(got[0], Snapshot)
    assert client.state == fold(msgs)


async def test_200_clients_all_reach_the_same_final_state() -> None:
    msgs = race_messages()[:60]
    gate = asyncio.Event()
    async with asyncio.timeout(BUDGET * 2):
        async with FeedServer(gated(msgs, gate), port=0) as server:
            clients = [Client(server.url, delays=no_delays) for _ in range(200)]
            following = [asyncio.create_task(follow(c, msgs[-1].seq)) for c in clients]
            await server.wait_for_clients(200)
            gate.set()
            results = await asyncio.gather(*following)
    expected = fold(msgs)
    assert all(c.state == expected for c in clients)
    assert all([m.seq for m in got] == list(range(1, len(msgs) + 1)) for got in results)
    assert server.dropped == 0


async def test_a_client_that_never_reads_delays_no_one_and_is_disconnected() -> None:
    header = race_messages()[0]
    template = next(m for m in race_messages() if isinstance(m, Lap) and len(m.cars) > 30)
    readers_at: list[int] = [0] * 4
    moved = asyncio.Condition()
    lag: list[int] = []  # messages each reader trails the publisher by, when the next is due

    async def lockstep() -> AsyncIterator[FeedMessage]:
        # Each message is published only once every reader has applied the one before: were
        # the server to wait on the stalled client, this would hang until the budget runs out.
        for msg in [header, *laps(template, 2, 3000)]:
            if server.dropped:
                return
            yield msg
            seq = msg.seq
            async with moved:
                await moved.wait_for(lambda: min(readers_at) >= seq)  # noqa: B023
            lag.append(seq - min(readers_at))

    async def read(i: int, client: Client) -> None:
        async for _ in client.messages():
            async with moved:
                readers_at[i] = client.state.seq
                moved.notify_all()

    async with asyncio.timeout(BUDGET):
        server = FeedServer(lockstep(), port=0, max_backlog=64 * 1024, close_timeout=1.0)
        async with server:
            readers = [Client(server.url, delays=no_delays) for _ in readers_at]
            stalled = await _stalled_connection(server.url, server.port)
            await server.wait_for_clients(1)
            tasks = [asyncio.create_task(read(i, c)) for i, c in enumerate(readers)]
            await server.wait_for_clients(1 + len(readers))
            await server.finished()
            assert server.dropped == 1 and server.clients == len(readers)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            stalled.transport.abort()
    assert len(lag) == server.published < 3001 and set(lag) == {0}
    assert all(r.state == server.state for r in readers)


async def test_killed_and_restarted_20_times_the_client_misses_nothing_and_repeats_nothing() -> (
    None
):
    # Each server publishes two messages and is killed. The next one starts where the dead one
    # had got to, including `lost` messages it had taken in but never delivered, so the client
    # resumes from the ring (up to 8 behind, with a ring of 8) or from a snapshot.
    msgs = race_messages()
    lost = [0, 3, 8, 1, 12, 0, 7, 9, 2, 0, 15, 5, 8, 0, 1, 20, 3, 0, 7, 10]
    client = Client("ws://127.0.0.1:1/", delays=no_delays)  # the URL is set once the port is
    follower: Follower | None = None
    port, start = 0, 0
    async with asyncio.timeout(BUDGET * 2):
        for n in [*lost, None]:
            delivered = len(msgs) if n is None else start + 2
            gate = asyncio.Event()
            source = gated(msgs[start:delivered], gate)
            # The same feed restarted: its history and its id.
            server = FeedServer(source, port=port, history=msgs[:start], ring=8, feed_id="one")
            await server.start()
            if follower is None:
                port = server.port
                client.url = server.url
                follower = Follower(client)
            await server.wait_for_clients(1)
            gate.set()
            await follower.reached(msgs[delivered - 1].seq)
            if n is not None:
                await server.close(abort=True)  # as if killed: no closing handshake
                start = delivered + n
        await server.close()
        await follower.stop()
    assert client.state == fold(msgs)
    applied = follower.applied
    seqs = [m.seq for m in applied]
    assert seqs == sorted(set(seqs))  # nothing applied twice
    for before, msg in zip(applied, applied[1:], strict=False):
        assert isinstance(msg, Snapshot) or msg.seq == before.seq + 1  # nothing skipped
    # A snapshot exactly where the ring could not cover the loss: resumes were served right.
    assert sum(isinstance(m, Snapshot) for m in applied) == sum(n > 8 for n in lost)
    assert client.sessions == len(lost) + 1


def _set() -> asyncio.Event:
    event = asyncio.Event()
    event.set()
    return event


async def _stalled_connection(url: str, port: int):  # type: ignore[no-untyped-def]
    """A websocket that never reads, with a tiny receive buffer so the server backs up fast."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
    return await connect(url, sock=sock, max_queue=1, compression=None, ping_interval=None)
