"""Provides the header's view: the race, the lap, the stage and the feed's status."""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.model.messages import RaceState
from cutline.feed.streams.source import FeedStatus
from cutline.feed.views.progress import stage_now
from cutline.tui.views.cells import Tag


@dataclass(frozen=True)
class HeaderView:
    title: str
    lap: str
    stage: str
    flag: str  # the flag kind, "" when unknown
    status: str
    status_tag: Tag


def header_view(state: RaceState, status: FeedStatus) -> HeaderView:
    race = state.race
    if race is None:
        title, lap = "waiting for the race header", f"L{state.lap}"
    else:
        series = race.series_name or race.series.title()
        title = f"{race.track} · {series}"  # the track first: a narrow header cuts the end
        lap = f"L{state.lap}/{race.scheduled_laps}"
    now = stage_now(state)
    stage = ""
    if now is not None:
        if state.result is not None:
            stage = "final" if state.result.official else "unofficial result"
        elif now.final:
            stage = f"Stage {now.stage} · {now.to_go} to go"
        else:
            stage = f"Stage {now.stage} · {now.to_go} to end"
    text = status.text or status.mode
    if status.errors:
        text += f" · {status.errors} error{'s' if status.errors != 1 else ''}"
    if status.incomplete:
        text += " · incomplete"
    tag: Tag = "out" if status.mode == "failed" else "warn" if status.errors else ""
    if status.incomplete and not tag:
        tag = "warn"
    if status.mode in ("reconnecting", "connecting"):
        tag = "warn"
    return HeaderView(
        title=title, lap=lap, stage=stage, flag=state.flag or "", status=text, status_tag=tag
    )
