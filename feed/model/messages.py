"""Provides the wire types: every message a cutline feed carries, and the one encoder/decoder.

Every message is a frozen msgspec Struct tagged on ``type`` with ``seq`` (gap-free, rising per
feed) and ``t`` (seconds since the session's first message). New fields always get a default so
older recordings keep decoding. The ``Snapshot`` payload (`RaceState`) lives here too: it is part
of the wire format, and `cutline.feed.model.state` only says how messages change it.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from cutline.feed.model.bounded import TooBig, check
from cutline.feed.model.errors import BadMessage
from cutline.feed.model.log import EMPTY as EMPTY_LOG
from cutline.feed.model.log import Log, dec_hook, enc_hook
from cutline.feed.model.log import LogEntry as LogEntry  # the wire model names it here too

FlagKind = Literal["green", "yellow", "red", "white", "checkered"]
PitPhase = Literal["in", "out"]
Consequence = Literal[
    "warning",
    "pass-through",
    "drive-through",
    "stop-and-go",
    "tail",
    "laps",
    "time",
    "disqualification",
    "other",
]


NonNegInt = Annotated[int, msgspec.Meta(ge=0)]
Position = Annotated[int, msgspec.Meta(ge=1)]
Seconds = Annotated[float, msgspec.Meta(ge=0)]


class _Wire(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    seq: Annotated[int, msgspec.Meta(ge=1)]
    t: Seconds


# ---------------------------------------------------------------------------------------------
# Parts of messages
# ---------------------------------------------------------------------------------------------


class Entry(msgspec.Struct, frozen=True, kw_only=True):
    """One car in the field."""

    car: str  # a string: "02" and "2" are different trucks
    driver: str
    team: str = ""
    make: str = ""
    playoff: bool = False
    rookie: bool = False
    points_eligible: bool = True  # "(i)" entries keep their place but score 0
    # The starting position when the source says (else the first lap line is the start). UNSET
    # is left off the wire, so recordings made without it keep their bytes.
    start: int | msgspec.UnsetType = msgspec.UNSET


class PlayoffDriver(msgspec.Struct, frozen=True, kw_only=True):
    """An eligible driver's standing entering this race."""

    car: str
    driver: str
    points: int  # points entering the race (after the round's reset)
    round_finishes: tuple[int, ...] = ()  # finishes in the round's earlier races: the tiebreaker
    locked: bool = False  # already through by a win earlier in the round
    seed: int | None = None


class PlayoffContext(msgspec.Struct, frozen=True, kw_only=True):
    """Where this race sits in the championship format."""

    format: str  # a rules format name: "elimination" or "chase"
    round: str  # a round name from the rules ("Round of 8"), or "Regular season"
    race_in_round: int = 1
    races_in_round: int = 1
    drivers: tuple[PlayoffDriver, ...] = ()


class CarLap(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One car's line on the timing screen at the end of a lap."""

    car: str
    pos: Position
    laps: NonNegInt  # laps completed
    gap: Seconds | None = None  # seconds to the leader; None when laps down or unknown
    interval: Seconds | None = None  # seconds to the car ahead
    laps_down: NonNegInt = 0
    last_lap: Seconds | None = None
    best_lap: Seconds | None = None  # the car's fastest lap so far, as the timing feed has it
    pit_road: bool = False
    status: str = "running"


class StageRow(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    pos: Position
    car: str


class ResultRow(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    pos: Position
    car: str
    laps: NonNegInt = 0
    status: str = "running"
    laps_led: int | None = None
    disqualified: bool = False


# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------


class Race(_Wire, tag="race", frozen=True):
    """The header: what race this is, who is in it, and the championship context."""

    series: str  # rules key: "cup", "xfinity" or "truck"
    season: int
    track: str
    scheduled_laps: int
    stage_ends: tuple[int, ...]  # end lap of each stage; the last is the finish
    field: tuple[Entry, ...]
    name: str = ""
    race_id: int | None = None
    series_name: str = ""
    playoff: PlayoffContext | None = None


class Lap(_Wire, tag="lap", frozen=True):
    """The running order as the leader completes a lap (cars in running order)."""

    lap: NonNegInt
    cars: tuple[CarLap, ...]
    flag: FlagKind | None = None


class Flag(_Wire, tag="flag", frozen=True):
    flag: FlagKind
    lap: int
    reason: str = ""


class Pit(_Wire, tag="pit", frozen=True):
    """A car entering ("in") or leaving ("out") pit road; the stop's details come with "out"."""

    car: str
    lap: int
    phase: PitPhase
    tyres: Literal[0, 2, 4] | None = None  # None: not known
    fuel: bool | None = None
    duration: float | None = None  # seconds stopped in the box
    under: Literal["green", "caution"] | None = None
    inferred: bool = False  # True when read from lap times, not from a pit feed
    source: str = ""


class Penalty(_Wire, tag="penalty", frozen=True):
    car: str
    lap: int
    infraction: str  # "speeding", "too many men over the wall", "equipment", ...
    consequence: Consequence
    laps: int = 0  # laps taken away, for consequence "laps"
    text: str = ""
    source: str = ""


class Incident(_Wire, tag="incident", frozen=True):
    cars: tuple[str, ...]
    lap: int
    kind: str = "contact"  # "contact", "spin", "crash", "stopped", ...
    text: str = ""
    source: str = ""


class Stage(_Wire, tag="stage", frozen=True):
    """A stage classification (the top ten score stage points; the rules say how many)."""

    stage: int
    lap: int
    top: tuple[StageRow, ...]


class Result(_Wire, tag="result", frozen=True):
    """A race classification. A later one replaces an earlier one (a post-race DQ)."""

    cars: tuple[ResultRow, ...]
    official: bool = False
    text: str = ""


# ---------------------------------------------------------------------------------------------
# The race state: the payload of a snapshot
# ---------------------------------------------------------------------------------------------


class CarStats(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What accumulates for one car over the race (the lap line itself is in `RaceState.order`).

    ``gc=False``: it holds only strings, numbers and tuples of frozen messages, so it can never
    be part of a reference cycle."""

    car: str
    start: int | None = None  # starting position
    stops: int = 0
    last_stop_lap: int | None = None
    in_pit: bool = False
    tyres_lap: int = 0  # laps completed when tyres were last changed (0: since the start)
    tyres_known: bool = True  # False when the last stop's tyre change was not reported
    laps_led: int = 0
    penalties: tuple[Penalty, ...] = ()
    incidents: tuple[Incident, ...] = ()


class RaceState(msgspec.Struct, frozen=True, kw_only=True):
    """Everything known about the race after some prefix of the feed."""

    seq: int = 0
    t: float = 0.0
    race: Race | None = None
    names: dict[str, str] = {}  # car -> driver, from the header (read on every log line)
    lap: int = 0  # leader laps completed
    flag: FlagKind | None = None
    order: tuple[CarLap, ...] = ()  # the latest lap lines, in running order
    stats: dict[str, CarStats] = {}
    stages: tuple[Stage, ...] = ()
    result: Result | None = None
    cautions: int = 0
    lead_changes: int = 0
    log: Log = EMPTY_LOG  # shared with the states before (`cutline.feed.model.log`)
    gaps: tuple[tuple[int, int], ...] = ()  # (expected seq, received seq) for each gap seen


class Snapshot(_Wire, tag="snapshot", frozen=True, omit_defaults=True):
    """The whole state, for late joiners and resume.

    ``feed`` names the feed it comes from: a random token a server makes when it starts (empty
    from older servers and in recordings). A client that meets another feed's snapshot starts
    over from it, whatever its ``seq``: the server restarted on another race or from scratch.
    """

    state: RaceState
    feed: str = ""


FeedMessage = Race | Lap | Flag | Pit | Penalty | Incident | Stage | Result | Snapshot

DECODER: msgspec.json.Decoder[FeedMessage] = msgspec.json.Decoder(FeedMessage, dec_hook=dec_hook)
ENCODER = msgspec.json.Encoder(enc_hook=enc_hook)
MAX_MESSAGE = 16 * 2**20  # bytes; a full race's snapshot is ~20 KB, a Cup field's ~100 KB


def decode(frame: bytes | str) -> FeedMessage:
    """Decode one frame.

    Args:
        frame: one JSON document.

    Returns:
        The message.

    Raises:
        BadMessage: the frame is not valid JSON or not a valid message; the text says what and
            where (msgspec's field path, such as ``$.cars[3].pos``); or it is over
            ``MAX_MESSAGE`` bytes or nested too deep (`bounded.check`).
    """
    try:
        check(frame, max_bytes=MAX_MESSAGE)
        return DECODER.decode(frame)
    except (msgspec.DecodeError, TooBig) as err:  # ValidationError is a DecodeError
        raise BadMessage(f"bad message: {err}") from err


def encode(msg: FeedMessage) -> bytes:
    """Encode one message as a JSON frame (no newline)."""
    return ENCODER.encode(msg)


# ---------------------------------------------------------------------------------------------
# Client to server: all a feed client may ask (see feed/server.py)
# ---------------------------------------------------------------------------------------------


class _Control(
    msgspec.Struct, frozen=True, kw_only=True, tag_field="op", forbid_unknown_fields=True
):
    pass


class Subscribe(_Control, tag="subscribe", frozen=True):
    """Send me a snapshot of the state now, then every later message (what a gap calls for)."""


class Resume(_Control, tag="resume", frozen=True):
    """Send me every message after ``since``, or a snapshot if they are no longer held."""

    since: NonNegInt


Control = Subscribe | Resume
CONTROL_DECODER: msgspec.json.Decoder[Control] = msgspec.json.Decoder(Control)


def decode_control(frame: bytes | str) -> Control:
    """Decode one client-to-server frame.

    Raises:
        BadMessage: not JSON, not an ``op`` this protocol knows, or fields that do not fit.
    """
    try:
        check(frame, max_bytes=4096)
        return CONTROL_DECODER.decode(frame)
    except (msgspec.DecodeError, TooBig) as err:
        raise BadMessage(f"bad control message: {err}") from err
