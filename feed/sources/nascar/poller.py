"""Provides the polite HTTP poller for NASCAR's feeds: one request at a time, never the same URL
faster than every 3 s, conditional requests, change detected by content, backoff on errors.

Etiquette (``../shared/docs/nascar-feeds.md`` §2.6-§2.7): 5 s is what every serious peer polls
at and about 3 s is the floor anyone used; the feeds are static objects on S3 behind CloudFront
with ETag and Last-Modified; a 403 means "not there" (not live yet) or "throttled"; after a
session the live feed is rewritten every ~45 s with a new ETag and ``time_of_day_os`` but the
same data, so neither is a change marker.

Every request is bounded: one deadline for the whole of it (connection, headers and body: a
server that drips a byte at a time cannot stall us), a cap on the body as sent and as
decompressed (a gzip bomb is cut off as it inflates), and redirects followed only within the
base URL's scheme, host and port.

The clock, the sleep and the random source are injected, so tests run at full speed and can
check the spacing of requests exactly.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx
import msgspec

from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.lenient import BadValue, decode_json
from cutline.feed.streams.source import Clock, Sleep

MIN_INTERVAL = 3.0  # never the same URL faster than this (s)
DEFAULT_INTERVAL = 5.0
IDLE_INTERVAL = 60.0  # once the session is over or the content is stale
STALE_AFTER = 120.0  # no change in the live feed for this long: idle
BACKOFF_FIRST = 10.0
BACKOFF_MAX = 300.0
JITTER = 0.10  # +-10 %
TIMEOUT = 10.0  # seconds for a whole request, body included
MAX_BODY = 16 * 2**20  # bytes, as sent and as decompressed: the largest feed is a few MB
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})  # not 304, which httpx counts as one
USER_AGENT = (
    "cutline/0.1 (terminal NASCAR live-timing dashboard; polls the live feed every 5 s, "
    "one request at a time)"
)

# Keys that change on idle republishes without any change of data (nascar-feeds.md §1.3).
VOLATILE_KEYS = frozenset({"time_of_day", "time_of_day_os"})

Rand = Callable[[], float]
Outcome = Literal["new", "same", "error"]


@dataclass
class Fetch:
    """One request's outcome."""

    name: str
    url: str
    outcome: Outcome
    status: int | None = None  # HTTP status; None when no response came
    body: bytes = b""
    doc: Any = None  # the decoded JSON, for "new" and "same"
    error: str = ""
    at: float = 0.0  # clock time the response arrived


@dataclass
class _Seen:
    etag: str = ""
    modified: str = ""
    digest: str = ""
    doc: Any = None
    last_request: float | None = None
    failures: int = 0
    retry_at: float = 0.0


def digest(doc: Any) -> str:
    """A fingerprint of a document's content, idle-republish timestamps left out."""
    if isinstance(doc, dict):
        doc = {k: v for k, v in doc.items() if k not in VOLATILE_KEYS}
    return hashlib.blake2b(msgspec.json.encode(doc), digest_size=16).hexdigest()


def describe_error(
    url: str, status: int | None, err: BaseException | None = None, timeout: float = TIMEOUT
) -> str:
    """A one-line explanation of a failed request."""
    host = urlsplit(url).netloc or url
    if status == 403:
        # S3 answers 403 for a missing object, and the CDN the same when throttling.
        return f"403 Forbidden from {host}: not live yet, or throttled ({url})"
    if status is not None:
        return f"HTTP {status} from {host} ({url})"
    if isinstance(err, (httpx.TimeoutException, TimeoutError)):
        return f"no answer from {host} within {timeout:g} s ({url})"
    if isinstance(err, httpx.ConnectError):
        return f"cannot reach {host}: no network, or the address is wrong ({err})"
    return f"request to {host} failed: {err}"


@dataclass
class Poller:
    """Fetches NASCAR's feeds politely. Use one per base URL; `close` it when done.

    Args:
        base_url: where the feeds live (NASCAR's CDN, or a mirror).
        client: an httpx client to use (tests pass one with a MockTransport).
        clock, sleep, rand: time source, sleep and uniform [0, 1) random source.
    """

    base_url: str = ep.DEFAULT_BASE_URL
    client: httpx.AsyncClient | None = None
    clock: Clock = time.monotonic
    sleep: Sleep = asyncio.sleep
    rand: Rand = random.random
    user_agent: str = USER_AGENT
    timeout: float = TIMEOUT
    seen: dict[str, _Seen] = field(default_factory=dict)
    requests: int = 0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _own_client: bool = False

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
            self._own_client = True

    async def close(self) -> None:
        if self._own_client and self.client is not None:
            await self.client.aclose()

    def jitter(self, delay: float) -> float:
        """``delay`` +-10 %, never below the floor."""
        return max(MIN_INTERVAL, delay * (1 + JITTER * (2 * self.rand() - 1)))

    def failing(self, name: str, **ids: int) -> bool:
        """Whether a feed failed recently and is still inside its own backoff."""
        one = self.seen.get(ep.url(self.base_url, name, **ids))
        return one is not None and one.failures > 0 and self.clock() < one.retry_at

    async def fetch(self, name: str, **ids: int) -> Fetch:
        """GET one feed (waiting first if the same URL was asked for less than 3 s ago).

        Returns:
            "new" with the decoded document when its content changed (or on the first fetch),
            "same" when it did not (a 304, or a 200 with the same content), or "error".
        """
        url = ep.url(self.base_url, name, **ids)
        async with self._lock:  # one request in flight, whoever asks
            one = self.seen.setdefault(url, _Seen())
            if one.last_request is not None:
                wait = one.last_request + MIN_INTERVAL - self.clock()
                if wait > 0:
                    await self.sleep(wait)
            one.last_request = self.clock()
            self.requests += 1
            result = await self._get(name, url, one)
            result.at = self.clock()
        if result.outcome == "error":
            one.failures += 1
            one.retry_at = result.at + backoff(one.failures)
        else:
            one.failures = 0
        return result

    async def _get(self, name: str, url: str, one: _Seen) -> Fetch:
        assert self.client is not None
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        if one.etag:
            headers["If-None-Match"] = one.etag
        if one.modified:
            headers["If-Modified-Since"] = one.modified
        try:
            async with asyncio.timeout(self.timeout):
                got = await self._bounded(url, headers)
        except (httpx.HTTPError, TimeoutError) as err:
            return Fetch(name, url, "error", error=describe_error(url, None, err, self.timeout))
        except Refused as err:
            return Fetch(name, url, "error", error=f"{err} ({url})")
        response, body = got
        if response.status_code == 304 and one.doc is not None:
            return Fetch(name, url, "same", status=304, doc=one.doc)
        if response.status_code != 200:
            return Fetch(
                name, url, "error", status=response.status_code,
                error=describe_error(url, response.status_code),
            )  # fmt: skip
        try:
            doc = decode_json(body)
        except BadValue as err:
            return Fetch(name, url, "error", status=200, error=f"garbage from {url}: {err}")
        one.etag = response.headers.get("ETag", "")
        one.modified = response.headers.get("Last-Modified", "")
        mark = digest(doc)
        if mark == one.digest:
            return Fetch(name, url, "same", status=200, body=body, doc=one.doc)
        one.digest, one.doc = mark, doc
        return Fetch(name, url, "new", status=200, body=body, doc=doc)

    async def _bounded(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        """GET ``url``, following redirects within the base URL's origin, the body capped.

        Raises:
            Refused: a redirect elsewhere, too many redirects, or a body over ``MAX_BODY``.
            httpx.HTTPError: the request failed.
        """
        assert self.client is not None
        origin = _origin(self.base_url)
        for _ in range(MAX_REDIRECTS + 1):
            async with self.client.stream(
                "GET", url, headers=headers, timeout=self.timeout
            ) as response:
                if response.status_code in REDIRECTS and "Location" in response.headers:
                    target = urljoin(url, response.headers.get("Location", ""))
                    if _origin(target) != origin:
                        raise Refused(f"redirect to {target} refused: not on {origin}")
                    url = target
                    continue
                sent = int(response.headers.get("Content-Length", "0") or 0)
                if sent > MAX_BODY:
                    raise Refused(f"a body of {sent:,} bytes is over the {MAX_BODY:,}-byte cap")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():  # decompressed as it comes
                    size += len(chunk)
                    if size > MAX_BODY or response.num_bytes_downloaded > MAX_BODY:
                        raise Refused(f"a body over the {MAX_BODY:,}-byte cap (decompressed)")
                    chunks.append(chunk)
                return response, b"".join(chunks)
        raise Refused(f"more than {MAX_REDIRECTS} redirects")


class Refused(Exception):
    """A response the poller will not take (internal: it becomes a Fetch error)."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def backoff(failures: int) -> float:
    """The wait after ``failures`` failures in a row: 10 s, 20 s, 40 s ... up to 5 min."""
    return float(min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(0, failures - 1)))
