"""Provides the streams the views consume: the `Source` protocol (messages and a status), the
`StateFeed` protocol (race states), `LiveFeed` over a live source, and `DelayedFeed`, which holds
a live feed back by the broadcast delay so the screen matches the TV.
"""

from cutline.feed.streams.delay import MAX_DELAY, DelayedFeed, calibrate
from cutline.feed.streams.source import FeedStatus, Folded, LiveFeed, Mode, Source, StateFeed

__all__ = [
    "MAX_DELAY",
    "DelayedFeed",
    "FeedStatus",
    "Folded",
    "LiveFeed",
    "Mode",
    "Source",
    "StateFeed",
    "calibrate",
]
