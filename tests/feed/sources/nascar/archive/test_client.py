"""The archive client against a real HTTP server on loopback: the cache, the refresh, and each
kind of failure named with its document and URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cutline.feed.sources.nascar.archive import Archive, ArchiveError, Missing
from cutline.feed.sources.nascar.mirror.server import Fault
from tests.support.archive_server import archive_server, fault_on

LIST = "cacher/2021/race_list_basic.json"


def _archive(base_url: str, cache: Path, **kw: object) -> tuple[Archive, list[float]]:
    slept: list[float] = []
    archive = Archive(base_url, cache_dir=cache, pause=0, sleep=slept.append, timeout=2, **kw)  # type: ignore[arg-type]
    return archive, slept


async def test_a_document_is_cached_and_read_back_with_the_server_gone(tmp_path: Path) -> None:
    seen: list[str] = []
    async with asyncio.timeout(30):
        async with archive_server() as server:
            archive, _ = _archive(
                server.base_url, tmp_path, progress=lambda w, u, h: seen.append(h)
            )
            first = await asyncio.to_thread(archive.get, "race list", LIST)
            again = await asyncio.to_thread(archive.get, "race list", LIST)
            assert server.log == [(LIST, 200)]  # the second came from the cache
        gone, _ = _archive(server.base_url, tmp_path)
        assert await asyncio.to_thread(gone.get, "race list", LIST) == first == again
    assert seen == ["fetched", "cached"] and gone.requests == 0


async def test_refresh_fetches_again(tmp_path: Path) -> None:
    async with asyncio.timeout(30), archive_server() as server:
        archive, _ = _archive(server.base_url, tmp_path)
        await asyncio.to_thread(archive.get, "race list", LIST)
        fresh, _ = _archive(server.base_url, tmp_path, refresh=True)
        await asyncio.to_thread(fresh.get, "race list", LIST)
        assert server.log == [(LIST, 200), (LIST, 200)]


async def test_a_missing_document_is_missing_and_remembered(tmp_path: Path) -> None:
    path = "cacher/2021/1/5086/weekend-feed.json"
    async with asyncio.timeout(30), archive_server(fault_on(path, Fault(status=404))) as server:
        archive, slept = _archive(server.base_url, tmp_path)
        for _ in range(2):
            with pytest.raises(Missing, match=r"weekend 5086: not in NASCAR's archive \(HTTP 404"):
                await asyncio.to_thread(archive.get, "weekend 5086", path)
        assert server.log == [(path, 404)] and slept == []  # not retried, then remembered


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (Fault(status=500), "HTTP 500 from 127.0.0.1"),
        (Fault(hang=True), "no answer from 127.0.0.1:[0-9]+ within 0.5 s"),
    ],
)
async def test_a_failing_server_is_retried_with_backoff_then_named(
    tmp_path: Path, fault: Fault, said: str
) -> None:
    async with asyncio.timeout(30), archive_server(fault_on(LIST, fault)) as server:
        archive, slept = _archive(server.base_url, tmp_path)
        archive.timeout = 0.5
        with pytest.raises(ArchiveError, match=f"^race list: {said}") as err:
            await asyncio.to_thread(archive.get, "race list", LIST)
    assert f"{server.base_url}/{LIST}" in str(err.value)
    assert slept == [10.0, 20.0] and archive.requests == 3  # two retries, backing off
    assert not list(tmp_path.rglob("*.json"))  # nothing cached


async def test_garbage_is_named_with_its_url_and_not_cached(tmp_path: Path) -> None:
    garbage = Fault(body=b"<html>oops</html>")
    async with asyncio.timeout(30), archive_server(fault_on(LIST, garbage)) as server:
        archive, _ = _archive(server.base_url, tmp_path)
        with pytest.raises(ArchiveError, match=f"race list: garbage from {server.base_url}/{LIST}"):
            await asyncio.to_thread(archive.get, "race list", LIST)
    assert not list(tmp_path.rglob("*.json"))
