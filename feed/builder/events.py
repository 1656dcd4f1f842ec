"""Provides the reader for a replay's events file: what the lap data cannot show, each event with
its lap and its published source.

```json
{"race_id": 5372,
 "events": [
   {"type": "penalty", "lap": 98, "car": "19", "infraction": "speeding on pit road",
    "consequence": "pass-through", "text": "...", "source": "https://..."},
   {"type": "incident", "lap": 99, "cars": ["2"], "kind": "contact", "text": "...",
    "source": "..."},
   {"type": "tyres", "lap": 80, "car": "99", "tyres": 4, "text": "...", "source": "..."},
   {"type": "penalty", "post_race": true, "car": "38", "infraction": "...",
    "consequence": "disqualification", "source": "..."}]}
```

``note`` is for the file's reader (how a lap was derived); it is not put in the message.
``lap`` is the leader's lap on which it happened; the event is stamped as the leader completes
that lap (the sources give the lap, not the moment). A ``post_race`` event comes after the
race, between the result as run and the official result. A ``tyres`` event says what a pit stop
took on, for the car's stop nearest that lap (within ``TYRES_WINDOW`` laps).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import msgspec

from cutline.feed.model.bounded import TooBig, check
from cutline.feed.model.errors import BadFacts
from cutline.feed.model.messages import Consequence

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
TYRES_WINDOW = 2


class _Event(msgspec.Struct, kw_only=True, tag_field="type", forbid_unknown_fields=True):
    source: NonEmpty  # where it was published: every event needs one
    lap: Annotated[int, msgspec.Meta(ge=0)] | None = None
    post_race: bool = False
    text: str = ""  # goes into the message
    note: str = ""  # for the file's reader: how the lap or the consequence was derived


class PenaltyEvent(_Event, tag="penalty", kw_only=True):
    car: NonEmpty
    infraction: NonEmpty
    consequence: Consequence
    laps: Annotated[int, msgspec.Meta(ge=0)] = 0


class IncidentEvent(_Event, tag="incident", kw_only=True):
    cars: Annotated[list[NonEmpty], msgspec.Meta(min_length=1)]
    kind: NonEmpty = "contact"


class TyresEvent(_Event, tag="tyres", kw_only=True):
    car: NonEmpty
    tyres: Literal[0, 2, 4]


RaceEvent = PenaltyEvent | IncidentEvent | TyresEvent


class EventsFile(msgspec.Struct, kw_only=True):
    events: list[RaceEvent]
    race_id: int | None = None
    about: str = ""


def read_events(
    path: str | Path, *, field_cars: set[str], last_lap: int, race_id: int | None = None
) -> list[RaceEvent]:
    """Read and check an events file.

    Args:
        path: the file.
        field_cars: the race's cars; an event naming another car is an error.
        last_lap: the race's last lap; an event must fall on laps 0..last_lap.
        race_id: the race's id; the file must not name another race.

    Raises:
        BadFacts: the file cannot be read or an event is malformed (file and field named, such
            as ``$.events[2].consequence``).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
        check(data)
        doc = msgspec.json.decode(data, type=EventsFile)
    except OSError as err:
        raise BadFacts(f"{path}: {err.strerror or err}") from err
    except (msgspec.DecodeError, TooBig) as err:
        raise BadFacts(f"{path}: {err}") from err
    if race_id is not None and doc.race_id is not None and doc.race_id != race_id:
        raise BadFacts(f"{path}: race_id: {doc.race_id} is not this race ({race_id})")
    for i, event in enumerate(doc.events):
        where = f"{path}: $.events[{i}]"
        cars = event.cars if isinstance(event, IncidentEvent) else [event.car]
        for car in cars:
            if car not in field_cars:
                raise BadFacts(f"{where}: car {car!r} is not in the race's field")
        if event.post_race:
            if isinstance(event, TyresEvent):
                raise BadFacts(f"{where}.post_race: a tyre choice cannot be post-race")
        elif event.lap is None:
            raise BadFacts(f"{where}.lap: required (or post_race: true)")
        elif event.lap > last_lap:
            raise BadFacts(f"{where}.lap: {event.lap} is after the last lap ({last_lap})")
    return doc.events
