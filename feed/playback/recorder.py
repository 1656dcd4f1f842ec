"""Provides `Recorder`: a `Source` that writes every message of another source to a recording as
it passes, for ``cutline record`` and ``cutline watch --record``.

The file is opened at the first message, so its header names the race (from a ``race`` message
or a snapshot) and the feed's id. `recording.Writer` flushes each line: a recorder killed with
SIGKILL leaves a file that replays up to its last complete line.

With ``resume`` (`resume.examine`), the recorder goes on with a recording that was cut short:
the source must resume from its state (the client sends ``since`` and the feed's id), the
first snapshot of another feed is refused (`BadRecording`, the file untouched), and otherwise
the file is cut back to its last whole line and appended to (`resume.reopen`).

A recording holds one feed. A snapshot from another feed (its server restarted on another race,
or from scratch) ends the file: `messages` raises `FeedChanged` saying so, or, with
``follow=True``, goes on in a new file beside it (``race.2.jsonl``, ``race.3.jsonl`` ...),
reported through ``say``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

from cutline.feed.model.errors import BadRecording, FeedChanged
from cutline.feed.model.messages import FeedMessage, Race, Snapshot
from cutline.feed.playback.recording import Writer
from cutline.feed.playback.resume import Resumable, check_feed, reopen
from cutline.feed.streams.source import FeedStatus, Source


class Recorder:
    """Tees a `Source` into a recording.

    Args:
        source: the feed to record (for a `feed.transport.client.Client`, the messages it applied).
        path: the recording to write (``.gz`` for gzip).
        overwrite: replace an existing file; otherwise refuse it.
        label: what the recording was made from, for its header (e.g. the server's URL).
        follow: when the feed changes, go on in a new file instead of raising `FeedChanged`.
        say: called with a line for each new file started (and what resuming dropped).
        resume: the recording at ``path`` to go on with (`resume.examine`), instead of a new file.
        feed_id: reads the source's feed id when no snapshot has named it (a client that
            joined before the first message learns it in the handshake), for the header.

    Raises:
        BadRecording: ``path`` exists and ``overwrite`` is False, or its folder does not exist.
    """

    def __init__(
        self,
        source: Source,
        path: str | Path,
        *,
        overwrite: bool = False,
        label: str = "",
        follow: bool = False,
        say: Callable[[str], None] | None = None,
        resume: Resumable | None = None,
        feed_id: Callable[[], str] | None = None,
    ) -> None:
        self.source = source
        self.path = Path(path)
        if self.path.exists() and not overwrite and resume is None:
            raise BadRecording(f"{self.path}: already exists; give another name or --force")
        if not self.path.parent.is_dir():
            raise BadRecording(f"{self.path}: no such folder: {self.path.parent}")
        self.label = label
        self.written = 0
        self.feed = resume.header.feed if resume else ""  # the feed recorded, once named
        self.last_seq = resume.state.seq if resume else 0
        self._resume = resume
        self._feed_id = feed_id
        self.files = [self.path]
        self._overwrite = overwrite
        self._follow = follow
        self._say = say

    async def messages(self) -> AsyncIterator[FeedMessage]:
        """The source's messages, each written (and flushed) before it is passed on."""
        writer: Writer | None = None
        try:
            async for msg in self.source.messages():
                if self._resume is not None:
                    writer = self._reopen(self._resume, msg)
                    self._resume = None
                other = self._other_feed(msg)
                if other:
                    if self.feed and writer is not None:
                        writer.close()
                        writer = None
                        self._next_file(_race(msg))
                    self.feed = other
                if writer is None:
                    if not self.feed and self._feed_id is not None:
                        self.feed = self._feed_id()
                    writer = Writer(self.path, race=_race(msg), source=self.label, feed=self.feed)
                writer.write(msg)
                self.written += 1
                self.last_seq = msg.seq
                yield msg
        finally:
            if writer is not None:
                writer.close()

    def _reopen(self, resume: Resumable, first: FeedMessage) -> Writer:
        """Go on with the recording cut short, unless ``first`` is another feed's snapshot."""
        if isinstance(first, Snapshot):
            check_feed(resume, first)
        writer, dropped = reopen(resume)
        if dropped is not None and self._say is not None:
            self._say(dropped)
        return writer

    def _other_feed(self, msg: FeedMessage) -> str:
        """The id of another feed than the one recorded, when ``msg`` comes from one, else "":
        named by its snapshot, or by the source (a client told so by the handshake of a server
        that had nothing to send yet: its first message is no snapshot)."""
        if isinstance(msg, Snapshot) and msg.feed and msg.feed != self.feed:
            return msg.feed
        named = self._feed_id() if self._feed_id is not None and self.feed else ""
        return named if named and named != self.feed else ""

    def _next_file(self, race: Race | None) -> None:
        """The feed changed: raise, or (following) move on to the next free numbered file."""
        now = (race.name or race.track) if race is not None else "another feed"
        ended = f"the feed restarted (now {now}): {self.path} ends at seq {self.last_seq}"
        if not self._follow:
            raise FeedChanged(f"{ended}; record again to a new file, or use --follow")
        first = self.files[0]
        stem, suffix = _split(first)
        n = len(self.files) + 1
        while (candidate := first.with_name(f"{stem}.{n}{suffix}")).exists():
            n += 1
        self.path = candidate
        self.files.append(candidate)
        if self._say is not None:
            self._say(f"{ended}; now recording to {candidate}")

    @property
    def status(self) -> FeedStatus:
        return self.source.status


def _split(path: Path) -> tuple[str, str]:
    """A recording's name and its suffixes: ``race.jsonl.gz`` is ``race`` and ``.jsonl.gz``."""
    name = path.name
    for suffix in (".jsonl.gz", ".jsonl", ".gz"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def _race(msg: FeedMessage) -> Race | None:
    if isinstance(msg, Race):
        return msg
    if isinstance(msg, Snapshot):
        return msg.state.race
    return None
