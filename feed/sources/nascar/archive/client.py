"""Provides the archive client: NASCAR's archive documents fetched politely and kept on disk.

Etiquette, as the live poller's (``../shared/docs/nascar-feeds.md`` §2.6): one request at a
time with a pause between requests, a timeout, a User-Agent naming cutline, and a backoff before
each retry of a failed request (a 5xx, no answer, a refused connection). A 403 or 404 means the
document is not there (S3 answers 403 for a missing object), so it is not retried: an archive
import asks for documents that may not exist, and a retry would only add load.

Every answer is cached under the user cache directory (platformdirs), keyed by host and path, so
a second import makes no request at all; a document that is not there is remembered too (a
``.missing`` file). ``refresh`` re-fetches everything.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
import platformdirs

from cutline.feed.model.errors import CutlineError
from cutline.feed.sources.nascar.endpoints import DEFAULT_BASE_URL
from cutline.feed.sources.nascar.lenient import BadValue, decode_json
from cutline.feed.sources.nascar.poller import backoff, describe_error

TIMEOUT = 30.0  # seconds: lap-times.json of a long race is a few MB
RETRIES = 2  # retries of a failed request, each after `poller.backoff` (10 s, then 20 s)
PAUSE = 1.0  # seconds between two requests
USER_AGENT = "cutline/0.1 (terminal NASCAR timing; archive import, one request at a time)"
CACHE_ENV = "CUTLINE_CACHE_DIR"  # overrides the cache directory (tests point it at a temp dir)

How = Literal["fetched", "cached", "missing"]
Progress = Callable[[str, str, How], None]  # (document, url, how) once per document


class ArchiveError(CutlineError):
    """A document of NASCAR's archive could not be had (the text names it and its URL)."""


class Missing(ArchiveError):
    """NASCAR does not have the document (403 or 404)."""


def cache_root() -> Path:
    """Where archive documents are kept: ``$CUTLINE_CACHE_DIR``, else the user cache dir."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("cutline")) / "nascar-archive"


@dataclass
class Archive:
    """Fetches archive documents by path under ``base_url``, through the cache.

    Args:
        base_url: NASCAR's host, or a mirror.
        cache_dir: the cache (default `cache_root`).
        refresh: ignore what is cached, fetch again (and cache the new answers).
        progress: told of every document as it is had.
        sleep: the pause and backoff sleep (tests pass one that does not wait).
    """

    base_url: str = DEFAULT_BASE_URL
    cache_dir: Path = field(default_factory=cache_root)
    refresh: bool = False
    timeout: float = TIMEOUT
    retries: int = RETRIES
    pause: float = PAUSE
    progress: Progress | None = None
    sleep: Callable[[float], None] = time.sleep
    client: httpx.Client | None = None
    requests: int = 0
    _last: float | None = None

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path

    def _cached(self, path: str) -> Path:
        host = urlsplit(self.base_url).netloc.replace(":", "_") or "local"
        return self.cache_dir / host / path

    def get(self, what: str, path: str) -> Any:
        """The decoded document at ``path``.

        Args:
            what: the document's name for messages ("lap-times.json of race 5087").
            path: its path under the base URL.

        Raises:
            Missing: NASCAR answers 403/404 (or did, when it was cached).
            ArchiveError: no usable answer after the retries (status, timeout or garbage named).
        """
        url = self.url(path)
        file = self._cached(path)
        gone = file.with_name(file.name + ".missing")
        if not self.refresh:
            if file.exists():
                doc = self._decode(what, url, file.read_bytes())
                self._tell(what, url, "cached")
                return doc
            if gone.exists():
                self._tell(what, url, "missing")
                raise Missing(f"{what}: not in NASCAR's archive ({gone.read_text().strip()})")
        body, status = self._download(what, url)
        if body is None:
            gone.parent.mkdir(parents=True, exist_ok=True)
            gone.write_text(f"HTTP {status} from {url}\n")
            file.unlink(missing_ok=True)
            self._tell(what, url, "missing")
            raise Missing(f"{what}: not in NASCAR's archive (HTTP {status} from {url})")
        doc = self._decode(what, url, body)
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(file.name + ".part")
        partial.write_bytes(body)
        partial.replace(file)  # never a half-written cache entry
        gone.unlink(missing_ok=True)
        self._tell(what, url, "fetched")
        return doc

    def _tell(self, what: str, url: str, how: How) -> None:
        if self.progress is not None:
            self.progress(what, url, how)

    def _decode(self, what: str, url: str, body: bytes) -> Any:
        try:
            return decode_json(body)
        except BadValue as err:
            raise ArchiveError(f"{what}: garbage from {url}: {err}") from None

    def _download(self, what: str, url: str) -> tuple[bytes | None, int]:
        """The body (None with the status when the document is not there)."""
        client = self.client or httpx.Client(follow_redirects=True)
        try:
            failures = 0
            while True:
                if self._last is not None:
                    wait = self._last + self.pause - time.monotonic()
                    if wait > 0:
                        self.sleep(wait)
                self.requests += 1
                error, status = "", None
                try:
                    response = client.get(
                        url,
                        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                        timeout=self.timeout,
                    )
                    status = response.status_code
                    if status in (403, 404):
                        return None, status
                    if status == 200:
                        return response.content, status
                    error = describe_error(url, status)
                except httpx.HTTPError as err:
                    error = describe_error(url, None, err, self.timeout)
                finally:
                    self._last = time.monotonic()
                failures += 1
                if failures > self.retries:
                    raise ArchiveError(f"{what}: {error}")
                self.sleep(backoff(failures))
        finally:
            if self.client is None:
                client.close()
