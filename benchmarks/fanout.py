"""Fan-out benchmark: one feed server, many websocket clients on loopback, in one run.

    python benchmarks/fanout.py [RECORDING] [--clients 100,500,1000] [--rate 50] [--count 400]
                                [--repeat 3] [--other PYTHON]

For each client count it runs, one after the other on the same messages and pacing:
  - cutline: `feed.transport.server.FeedServer` (fold, ring, per-client backlog check, token-free
    loopback) publishing a paced source;
  - broadcast: websockets' own `broadcast()` of the same encoded frames to the same clients,
    with no per-client logic at all (the floor for this library on this machine);
and prints the delivery lag (publish to arrival, p50/p99/max over every client and message), the
server's CPU per message (its process time from the first publish until every client has every
message, divided by the messages), and cutline's figures as ratios to broadcast's. The
"clients" column is the share of a core the benchmark's own clients used while receiving: near
100% the clients, not the server, are the bottleneck and the lag says more about them.

On a shared machine one pair of runs says little: the p99 of either server moves by 2x from
one run to the next. So each client count is run in ``--repeat`` rounds (broadcast, then
cutline), and the ratios are summed up as their median (with their range) over the rounds.
``--other PYTHON`` adds another install of cutline to each round (run by that interpreter, this
script's server code with that install's package: e.g. the code before a change), taking turns
with this one to go first, so that before and after are measured in the same run.

Each server runs in its own process, so its CPU is its own; the clients share the benchmark's
process: light raw-socket websocket clients that read each frame's ``seq`` and ``t`` (the
publish time, stamped into the message just before it is published) and nothing else, so that
the clients cost as little as possible next to the server being measured. The machine's cores
are shared by both processes: the figures are for this machine, and the ratios are the point.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402

from cutline.feed.model.messages import FeedMessage, Lap, encode  # noqa: E402

STAMP = re.compile(rb'"seq":(\d+),"t":([-0-9.eE+]+)\}$')


# ---------------------------------------------------------------------------------------------
# The feed: a race, paced, each message stamped with its publish time
# ---------------------------------------------------------------------------------------------


def race(path: Path | None, count: int) -> list[FeedMessage]:
    """``count`` messages: the race, then its laps again (renumbered) if it is shorter."""
    if path is not None:
        from cutline.feed.playback.recording import read_messages

        msgs = read_messages(path)
    else:
        bundled = ROOT / "replays" / "homestead-2023.jsonl.gz"
        if bundled.exists():
            from cutline.feed.playback.recording import read_messages

            msgs = read_messages(bundled)
        else:  # until a bundled replay ships: the test feed built from the real race facts
            from tests.feed.sample_feed import race_messages

            msgs = list(race_messages())
    laps = [m for m in msgs if isinstance(m, Lap)]
    out = list(msgs[:count])
    while len(out) < count:
        lap = laps[len(out) % len(laps)]
        out.append(msgspec.structs.replace(lap, seq=len(out) + 1, lap=len(out)))
    return out


async def paced(
    msgs: list[FeedMessage], rate: float, t0: float, go: asyncio.Event
) -> AsyncIterator[FeedMessage]:
    """The messages at ``rate`` per second, ``t`` set to wall-clock seconds since ``t0``."""
    await go.wait()
    start = time.monotonic()
    for i, msg in enumerate(msgs):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        yield msgspec.structs.replace(msg, t=time.time() - t0)


# ---------------------------------------------------------------------------------------------
# Servers (each in its own process): print the port, then "ready", then the CPU figures
# ---------------------------------------------------------------------------------------------


async def serve(kind: str, clients: int, rate: float, count: int, t0: float, path: str) -> None:
    msgs = race(Path(path) if path else None, count)
    go = asyncio.Event()
    if kind == "cutline":
        from cutline.feed.transport.server import FeedServer

        server = FeedServer(paced(msgs, rate, t0, go), port=0, warn=_stderr)
        await server.start()
        _say({"port": server.port})
        await server.wait_for_clients(clients)
    else:
        from websockets.asyncio.server import broadcast
        from websockets.asyncio.server import serve as ws_serve

        async def handler(ws: object) -> None:
            await ws.wait_closed()  # type: ignore[attr-defined]

        baseline = await ws_serve(handler, "127.0.0.1", 0, compression=None)
        _say({"port": baseline.sockets[0].getsockname()[1]})
        while len(baseline.connections) < clients:
            await asyncio.sleep(0.01)
        connections = list(baseline.connections)  # fixed: no per-client work per message

        async def publish() -> None:
            async for msg in paced(msgs, rate, t0, go):
                broadcast(connections, encode(msg), text=True)

    _say({"ready": True})
    await _line()  # "go"
    cpu = time.process_time()
    go.set()
    if kind != "cutline":
        await publish()
    await _line()  # "done": every client has every message
    cpu = time.process_time() - cpu
    _say({"cpu": cpu, "dropped": server.dropped if kind == "cutline" else 0})


async def _line() -> str:
    return await asyncio.to_thread(sys.stdin.readline)


def _say(doc: dict[str, object]) -> None:
    print(json.dumps(doc), flush=True)


def _stderr(text: str) -> None:
    print(f"server: {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Light clients: a websocket handshake, then frames read for seq and t only
# ---------------------------------------------------------------------------------------------


class LightClient(asyncio.Protocol):
    def __init__(self, port: int, lags: list[float], t0: float, count: int) -> None:
        self.port = port
        self.lags = lags
        self.t0 = t0
        self.count = count
        self.got = 0
        self.buf = bytearray()
        self.open = False
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(
            f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )

    def data_received(self, data: bytes) -> None:
        now = time.time() - self.t0
        buf = self.buf
        buf += data
        if not self.open:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buf.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(RuntimeError(bytes(buf[:60]).decode()))
                return
            del buf[: end + 4]
            self.open = True
            self.opened.set_result(None)
        pos = 0
        while len(buf) - pos >= 2:
            opcode, length, head = buf[pos] & 0x0F, buf[pos + 1] & 0x7F, 2
            if length == 126:
                if len(buf) - pos < 4:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 4], "big"), 4
            elif length == 127:
                if len(buf) - pos < 10:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 10], "big"), 10
            if len(buf) - pos < head + length:
                break
            payload = bytes(buf[pos + head : pos + head + length])
            pos += head + length
            if opcode == 1:
                stamp = STAMP.search(payload, max(0, len(payload) - 64))
                assert stamp is not None
                self.lags.append(now - float(stamp.group(2)))
                self.got += 1
                if self.got == self.count and not self.done.done():
                    self.done.set_result(None)
            elif opcode == 9 and self.transport is not None:  # ping: a masked pong (zero mask)
                self.transport.write(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
        del buf[:pos]

    def connection_lost(self, exc: Exception | None) -> None:
        for fut in (self.opened, self.done):
            if not fut.done():
                fut.set_exception(ConnectionError(f"closed after {self.got} messages"))


# ---------------------------------------------------------------------------------------------
# One run, and the table
# ---------------------------------------------------------------------------------------------


async def run(
    kind: str, clients: int, args: argparse.Namespace, python: str = sys.executable
) -> dict[str, float]:
    t0 = time.time()
    server = await asyncio.create_subprocess_exec(
        python,
        __file__,
        "--serve",
        kind,
        "--clients",
        str(clients),
        "--rate",
        str(args.rate),
        "--count",
        str(args.count),
        "--t0",
        repr(t0),
        *([str(args.recording)] if args.recording else []),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert server.stdin is not None and server.stdout is not None

    async def said() -> dict[str, float]:
        assert server.stdout is not None
        return dict(json.loads(await server.stdout.readline()))

    port = int((await said())["port"])
    loop = asyncio.get_running_loop()
    lags: list[float] = []
    conns: list[LightClient] = []
    for start in range(0, clients, 100):  # in batches: the listen backlog is 100
        batch = [
            LightClient(port, lags, t0, args.count) for _ in range(start, min(start + 100, clients))
        ]
        await asyncio.gather(
            *(loop.create_connection(lambda c=c: c, "127.0.0.1", port) for c in batch)
        )
        await asyncio.gather(*(c.opened for c in batch))
        conns += batch
    await said()  # ready
    server.stdin.write(b"go\n")
    await server.stdin.drain()
    cpu = time.process_time()
    await asyncio.wait_for(asyncio.gather(*(c.done for c in conns)), args.count / args.rate + 120)
    cpu = time.process_time() - cpu
    server.stdin.write(b"done\n")
    await server.stdin.drain()
    figures = await said()
    for c in conns:
        if c.transport is not None:
            c.transport.close()
    server.stdin.close()
    await server.wait()
    lags.sort()
    ms = [lag * 1000 for lag in lags]
    return {
        "p50": statistics.median(ms),
        "p99": ms[int(len(ms) * 0.99) - 1],
        "max": ms[-1],
        "cpu_per_msg": figures["cpu"] / args.count * 1000,  # ms
        "dropped": figures["dropped"],
        "client_cpu": cpu / (args.count / args.rate),  # share of a core
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("recording", nargs="?", type=Path, help="default: the bundled race")
    parser.add_argument("--clients", default="100,500,1000", help="client counts, comma-separated")
    parser.add_argument("--rate", type=float, default=50.0, help="messages per second")
    parser.add_argument("--count", type=int, default=400, help="messages per run")
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds of runs per client count (default 3)"
    )
    parser.add_argument(
        "--other",
        metavar="PYTHON",
        help="also run cutline's server under this interpreter (another install of cutline, "
        "e.g. the code before a change), in each round beside this one",
    )
    parser.add_argument("--serve", choices=["cutline", "broadcast"], help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    _raise_fd_limit(8192)
    if args.serve:
        asyncio.run(
            serve(
                args.serve,
                int(args.clients),
                args.rate,
                args.count,
                args.t0,
                str(args.recording or ""),
            )
        )
        return
    frame = len(encode(race(args.recording, args.count)[-1]))
    print(
        f"fan-out on loopback: {args.count} messages (a full-field lap is {frame} bytes) at "
        f"{args.rate:g}/s, per client count; {os.cpu_count()} cores; lag = publish to arrival"
    )
    print(
        f"{'clients':>7}  {'server':<9} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} "
        f"{'CPU/msg ms':>10} {'µs/client':>9} {'clients':>7}  vs broadcast"
    )
    servers = {"cutline": sys.executable, **({"other": args.other} if args.other else {})}
    rounds = max(args.repeat, 1)
    summary = []
    for clients in [int(n) for n in args.clients.split(",")]:
        ratios: dict[str, dict[str, list[float]]] = {
            name: {"p99": [], "p50": [], "cpu_per_msg": []} for name in servers
        }
        for i in range(rounds):
            base = asyncio.run(run("broadcast", clients, args))
            _row(clients, "broadcast", base, None)
            names = list(servers)
            for name in names[i % len(names) :] + names[: i % len(names)]:  # take turns first
                ours = asyncio.run(run("cutline", clients, args, servers[name]))
                _row(clients, name, ours, base)
                for key, values in ratios[name].items():
                    values.append(ours[key] / base[key])
        summary.append((clients, ratios))
    print(f"\n/ broadcast, median (min-max) over {rounds} rounds:")
    for clients, ratios in summary:
        for name, of in ratios.items():
            print(
                f"{clients:>7} clients  {name:<8} "
                + ", ".join(
                    f"{label} {statistics.median(v):.2f}x ({min(v):.2f}-{max(v):.2f})"
                    for label, v in (
                        ("p99", of["p99"]),
                        ("p50", of["p50"]),
                        ("CPU/msg", of["cpu_per_msg"]),
                    )
                ),
                flush=True,
            )


def _row(clients: int, name: str, r: dict[str, float], base: dict[str, float] | None) -> None:
    ratio = ""
    if base is not None:
        ratio = (
            f"CPU {r['cpu_per_msg'] / base['cpu_per_msg']:.2f}x, "
            f"p99 {r['p99'] / base['p99']:.2f}x"
            + (f", {int(r['dropped'])} dropped" if r["dropped"] else "")
        )
    print(
        f"{clients:>7}  {name:<9} {r['p50']:>7.1f} {r['p99']:>7.1f} {r['max']:>7.1f} "
        f"{r['cpu_per_msg']:>10.2f} {r['cpu_per_msg'] * 1000 / clients:>9.1f} "
        f"{r['client_cpu']:>7.0%}  {ratio}",
        flush=True,
    )


def _raise_fd_limit(want: int) -> None:
    """Each client is a socket here and another in the server: lift the soft limit if low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(
            resource.RLIMIT_NOFILE,
            (want if hard == resource.RLIM_INFINITY else min(want, hard), hard),
        )


if __name__ == "__main__":
    main()
