"""Provides `NascarFeed`: the `feed.streams.source.Source` over NASCAR's public live-timing feeds.

One poll cycle: fetch the live feed; if its content changed, fetch what the adapter needs
(once per session: the race list, the season standings and the weekend feeds of the round's
earlier races; every change: the flag history; when the lap or flag moves: the pit data and the
stage points), one request at a time, then adapt and yield the messages. Then wait 5 s (the
interval, +-10 %, never under 3 s), 60 s once the session is over or the feed is stale, or back
off (10 s doubling to 5 min) while the live feed fails.

Problems never end the feed: each becomes a notice (``on_notice``) and the status says what is
going on ("403 ... not live yet, or throttled: retrying in 20 s").
"""

from __future__ import annotations

import asyncio
import datetime
import random
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from cutline.feed.model.errors import FeedUnavailable
from cutline.feed.model.messages import FeedMessage
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.adapter import Adapter
from cutline.feed.sources.nascar.capture import RawWriter
from cutline.feed.sources.nascar.codes import RACE, SERIES_BY_ID, SERIES_IDS
from cutline.feed.sources.nascar.context import round_races, this_race
from cutline.feed.sources.nascar.header import season_of
from cutline.feed.sources.nascar.parse_live import LiveFrame
from cutline.feed.sources.nascar.parse_season import RaceListEntry, parse_race_list
from cutline.feed.sources.nascar.poller import (
    DEFAULT_INTERVAL,
    IDLE_INTERVAL,
    MIN_INTERVAL,
    STALE_AFTER,
    Fetch,
    Poller,
    Rand,
    backoff,
)
from cutline.feed.streams.source import Clock, FeedStatus, Mode, Sleep

Notice = Callable[[str], None]


def this_year() -> int:
    return datetime.datetime.now(datetime.UTC).year


class NascarFeed:
    """Live cutline messages from NASCAR's feeds (or a mirror of them).

    Args:
        base_url: where the feeds are.
        series: follow only sessions of this series ("cup", "xfinity", "truck").
        interval: seconds between polls while live (at least 3).
        raw_path: also write every changed raw snapshot to this sidecar.
        stop_when_over: end the feed once it shows the session over (the recorder's choice; the
            dashboard keeps watching for the next session).
        max_polls: end after this many polls of the live feed (tests, the canary).
        fail_fast: raise `FeedUnavailable` when the very first request gets no answer at all
            (no network, a wrong address), instead of retrying; a 403 is still waited out.
        on_notice: called with each notice (problems survived, the session being over).
        poller: a `Poller` to use (tests inject a client, a clock, a sleep and a random source).
        clock, sleep, rand, wall, year: time, sleep, randomness, wall clock and the current year.
    """

    def __init__(
        self,
        *,
        base_url: str = ep.DEFAULT_BASE_URL,
        series: str | None = None,
        interval: float = DEFAULT_INTERVAL,
        raw_path: str | Path | None = None,
        stop_when_over: bool = False,
        max_polls: int | None = None,
        fail_fast: bool = False,
        on_notice: Notice | None = None,
        poller: Poller | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        rand: Rand = random.random,
        wall: Clock = time.time,
        year: Callable[[], int] = this_year,
    ) -> None:
        if series is not None and series not in SERIES_IDS:
            raise ValueError(f"series must be one of {', '.join(SERIES_IDS)}, not {series!r}")
        self.base_url = base_url
        self.interval = max(MIN_INTERVAL, interval)
        self.poller = poller or Poller(base_url=base_url, clock=clock, sleep=sleep, rand=rand)
        self.clock, self.sleep, self.wall = self.poller.clock, self.poller.sleep, wall
        self.adapter = Adapter(default_season=year(), series=series)
        self.raw = RawWriter(raw_path, base_url=base_url, series=series) if raw_path else None
        self.stop_when_over = stop_when_over
        self.max_polls = max_polls
        self.fail_fast = fail_fast
        self.on_notice = on_notice
        self.docs: dict[str, Any] = {}
        self.notices: list[str] = []  # every notice so far, for a status panel
        self._status = FeedStatus(mode="connecting", text=f"connecting to {base_url}")
        self._errors = 0
        self._session: tuple[int, int, int] | None = None
        self._companion_at: tuple[int, int] | None = None  # (lap, flag) of the last fetch
        self._first: float | None = None
        self._cycle = 0
        self._races: tuple[RaceListEntry, ...] = ()  # the parsed race list of this session
        self._lists_without_race: set[int] = set()  # years whose list lacks this race

    @property
    def status(self) -> FeedStatus:
        return self._status

    def _set(self, mode: Mode, text: str, *, error: str = "") -> None:
        self._status = FeedStatus(
            mode=mode,
            text=text,
            errors=self._errors + self.adapter.problems,
            last_error=error or self._status.last_error,
            last_message_at=self._status.last_message_at,
        )

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        if self.on_notice is not None:
            self.on_notice(text)

    async def close(self) -> None:
        if self.raw is not None:
            self.raw.close()
            self.raw = None
        await self.poller.close()

    async def messages(self) -> AsyncIterator[FeedMessage]:
        """Every message, as the feed changes. Ends only with ``stop_when_over``/``max_polls``
        (or when the consumer stops); never raises on bad input or a failing network (but see
        ``fail_fast``)."""
        failures = 0
        last_change = self.clock()
        polls = 0
        last_error = ""
        try:
            while self.max_polls is None or polls < self.max_polls:
                polls += 1
                self._cycle += 1
                live = await self.poller.fetch(ep.LIVE)
                if live.outcome == "error":
                    if self.fail_fast and polls == 1 and live.status is None:
                        raise FeedUnavailable(live.error)
                    failures += 1
                    self._errors += 1
                    wait = self.poller.jitter(backoff(failures))
                    if live.error != last_error:
                        self._notice(live.error)
                        last_error = live.error
                    self._set("reconnecting", f"{live.error}: retrying in {wait:.0f} s",
                              error=live.error)  # fmt: skip
                    if self.max_polls is not None and polls >= self.max_polls:
                        break
                    await self.sleep(wait)
                    continue
                failures, last_error = 0, ""
                if self._first is None:
                    self._first = live.at
                t = round(live.at - self._first, 3)  # ms, as the raw capture keeps it
                if live.outcome == "new" or polls == 1:
                    last_change = self.clock()
                    for msg in await self._cycle_step(live, t):
                        self._status = FeedStatus(
                            mode=self._status.mode,
                            text=self._status.text,
                            errors=self._status.errors,
                            last_error=self._status.last_error,
                            last_message_at=self.clock(),
                        )
                        yield msg
                for text in self.adapter.take_notices():
                    self._notice(text)
                over = self.adapter.over and self.adapter.frame is not None
                if over and self.stop_when_over:
                    self._set("ended", "the session is over")
                    return
                stale = self.clock() - last_change >= STALE_AFTER
                delay = IDLE_INTERVAL if over or stale else self.interval
                self._set("live", self._describe(over, stale, delay))
                if self.max_polls is not None and polls >= self.max_polls:
                    break
                await self.sleep(self.poller.jitter(delay))
        finally:
            if self.raw is not None:
                self.raw.close()
                self.raw = None

    def _describe(self, over: bool, stale: bool, delay: float) -> str:
        frame = self.adapter.frame
        if frame is None:
            return "waiting for a session"
        where = f"{frame.run_name or frame.track_name}: lap {frame.lap}"
        if frame.run_type == RACE and frame.laps_in_race:
            where += f"/{frame.laps_in_race}"
        if over:
            return f"{where}, the session is over (checking every {delay:.0f} s)"
        if stale:
            return f"{where}, no change for {STALE_AFTER:.0f} s (checking every {delay:.0f} s)"
        return f"{where}, {frame.flag_text}"

    def _capture(self, fetch: Fetch, t: float) -> None:
        if self.raw is not None and fetch.outcome == "new":
            self.raw.write(
                cycle=self._cycle,
                t=t,
                name=fetch.name,
                body=fetch.body,
                path=fetch.url.removeprefix(self.base_url.rstrip("/") + "/"),
                status=fetch.status or 200,
                received=self.wall(),
            )

    async def _get(self, name: str, t: float, **ids: int) -> None:
        """Fetch a companion feed unless it is in its own backoff; keep the last good copy."""
        if self.poller.failing(name, **ids):
            return
        fetch = await self.poller.fetch(name, **ids)
        if fetch.outcome == "error":
            self.adapter.note(f"{name}: {fetch.error} (kept going without it)")
            return
        self._capture(fetch, t)
        self.docs[name] = fetch.doc

    async def _cycle_step(self, live: Fetch, t: float) -> list[FeedMessage]:
        self._capture(live, t)
        frame = self.adapter.parse_live(live.doc)
        if frame is not None and self.adapter.wanted(frame):
            key = (frame.series_id, frame.race_id, frame.run_id)
            if key != self._session:
                self._session = key
                self.docs = {}
                self._companion_at = None
                self._races = ()
                self._lists_without_race = set()
            await self._companions(frame, t)
        self.docs[ep.LIVE] = live.doc
        return self.adapter.step(self.docs, t)

    async def _companions(self, frame: LiveFrame, t: float) -> None:
        series = frame.series_id
        race = frame.run_type == RACE and series in SERIES_BY_ID
        if race:
            await self._context(frame, t)
        await self._get(ep.FLAGS, t)
        moved = (frame.lap, frame.flag)
        if race and moved != self._companion_at:
            self._companion_at = moved
            await self._get(ep.PITS, t, series=series, race_id=frame.race_id)
            await self._get(ep.STAGES, t)

    async def _context(self, frame: LiveFrame, t: float) -> None:
        """Once per session (retried while missing): race list, standings, weekend feeds."""
        series = frame.series_id
        year = season_of(frame, 0)
        years = [year] if year else [self.adapter.default_season, self.adapter.default_season - 1]
        if ep.RACES not in self.docs:
            for one in years:
                if one in self._lists_without_race or self.poller.failing(ep.RACES, year=one):
                    continue
                fetch = await self.poller.fetch(ep.RACES, year=one)
                if fetch.outcome == "error":
                    self.adapter.note(f"{ep.RACES}: {fetch.error} (kept going without it)")
                    continue
                races = parse_race_list(fetch.doc).value or ()
                if this_race(frame, races) is None:
                    # Fetched fine but without this race: not asked again this session.
                    self._lists_without_race.add(one)
                    self.adapter.note(f"{ep.RACES}: race {frame.race_id} is not in the {one} list")
                    continue
                self._capture(fetch, t)
                self.docs[ep.RACES] = fetch.doc
                self._races = races
                break
        races = self._races
        entry = this_race(frame, races)
        season = entry.season if entry is not None and entry.season else years[0]
        if ep.STANDINGS not in self.docs:
            await self._get(ep.STANDINGS, t, year=season, series=series)
        # This race's own weekend feed names the teams (the live feed does not).
        ids = [frame.race_id]
        if entry is not None and entry.playoff_round:
            earlier, _ = round_races(entry, races)
            ids += [before.race_id for before in earlier]
        for race_id in ids:
            name = ep.weekend(race_id)
            if name not in self.docs and not self.poller.failing(name, year=season, series=series):
                fetch = await self.poller.fetch(name, year=season, series=series)
                if fetch.outcome == "error":
                    self.adapter.note(f"{name}: {fetch.error} (kept going without it)")
                    continue
                self._capture(fetch, t)
                self.docs[name] = fetch.doc
