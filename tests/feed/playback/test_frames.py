"""`Frames` over a live feed: a feed that turns to another race starts the views' fold afresh
(nothing of the old race's margins, crossings or stops), and a header updated mid-race does not."""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec

from cutline.feed.model.messages import Race, RaceState
from cutline.feed.model.state import apply, fold
from cutline.feed.playback.frames import Frames
from cutline.feed.streams.source import FeedStatus
from cutline.feed.views.frame import EMPTY, derive
from tests.support.sample_feed import another_race, race_messages

HOMESTEAD = list(race_messages())
ATLANTA = list(another_race())


class _NoFeed:
    """`Frames.add` is fed by hand here: the feed is never read."""

    def states(self) -> AsyncIterator[RaceState]:
        raise AssertionError("not read")

    @property
    def status(self) -> FeedStatus:
        return FeedStatus(mode="live")


def _frames() -> Frames:
    return Frames(_NoFeed())


def test_another_race_starts_the_views_afresh() -> None:
    frames = _frames()
    state = fold([])
    for msg in HOMESTEAD:
        state = apply(state, msg)
        frames.add(state, odds=False)
    assert frames.frame.history.margins  # Homestead's cut line, lap by lap
    atlanta = fold(ATLANTA)
    frame = frames.add(atlanta, odds=False)
    fresh = derive(EMPTY, atlanta, odds=False)
    assert (frame.history, frame.pits, frame.cycle) == (fresh.history, fresh.pits, fresh.cycle)


def test_a_header_updated_mid_race_keeps_the_history() -> None:
    frames = _frames()
    state = fold(HOMESTEAD[:80])
    frames.add(state, odds=False)
    race = state.race
    assert isinstance(race, Race)
    later = fold(HOMESTEAD[:120])
    frames.add(later, odds=False)
    # The same race, its header sent again with a car withdrawn: still the same race.
    header = msgspec.structs.replace(race, seq=later.seq + 1, field=race.field[:-1])
    frame = frames.add(apply(later, header), odds=False)
    laps = {lap for margins in frame.history.margins.values() for lap, _ in margins}
    assert min(laps) < later.lap  # the margins before the header are still there


class _Named(_NoFeed):
    """A live feed whose server names it; the test restarts it on another by hand."""

    def __init__(self) -> None:
        self.feed = "homestead-feed"

    @property
    def status(self) -> FeedStatus:
        return FeedStatus(mode="live", feed=self.feed)


def test_a_feed_restarted_with_nothing_sent_yet_empties_the_frame_once() -> None:
    named = _Named()
    frames = Frames(named)
    assert frames.restarted() is None  # nothing shown yet: nothing to empty
    frames.add(fold(HOMESTEAD[:80]), odds=False)
    assert frames.restarted() is None  # the same feed
    named.feed = "atlanta-feed"  # the server restarted on another race, silent so far
    assert frames.restarted() is EMPTY and frames.frame is EMPTY
    assert frames.restarted() is None  # once
    frame = frames.add(fold(ATLANTA[:5]), odds=False)
    assert frame.state == fold(ATLANTA[:5])
    # Another restart whose first state came before the dashboard looked: it is shown already.
    named.feed = "third-feed"
    frames.add(fold(HOMESTEAD[:3]), odds=False)
    assert frames.restarted() is None and frames.frame.state == fold(HOMESTEAD[:3])
