"""Provides `Recorder`: a `Source` that writes every message of another source to a recording as
it passes, for ``cutline record`` and ``cutline watch --record``.

The file is opened at the first message, so its header names the race (from a ``race`` message
or a snapshot). `recording.Writer` flushes each line: a recorder killed with SIGKILL leaves
a file that replays up to its last complete line.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from cutline.feed.model.errors import BadRecording
from cutline.feed.model.messages import FeedMessage, Race, Snapshot
from cutline.feed.playback.recording import Writer
from cutline.feed.streams.source import FeedStatus, Source


class Recorder:
    """Tees a `Source` into a recording.

    Args:
        source: the feed to record (for a `feed.transport.client.Client`, the messages it applied).
        path: the recording to write (``.gz`` for gzip).
        overwrite: replace an existing file; otherwise refuse it.
        label: what the recording was made from, for its header (e.g. the server's URL).

    Raises:
        BadRecording: ``path`` exists and ``overwrite`` is False, or its folder does not exist.
    """

    def __init__(
        self, source: Source, path: str | Path, *, overwrite: bool = False, label: str = ""
    ) -> None:
        self.source = source
        self.path = Path(path)
        if self.path.exists() and not overwrite:
            raise BadRecording(f"{self.path}: already exists; give another name or --force")
        if not self.path.parent.is_dir():
            raise BadRecording(f"{self.path}: no such folder: {self.path.parent}")
        self.label = label
        self.written = 0
        self.last_seq = 0

    async def messages(self) -> AsyncIterator[FeedMessage]:
        """The source's messages, each written (and flushed) before it is passed on."""
        writer: Writer | None = None
        try:
            async for msg in self.source.messages():
                if writer is None:
                    writer = Writer(self.path, race=_race(msg), source=self.label)
                writer.write(msg)
                self.written += 1
                self.last_seq = msg.seq
                yield msg
        finally:
            if writer is not None:
                writer.close()

    @property
    def status(self) -> FeedStatus:
        return self.source.status


def _race(msg: FeedMessage) -> Race | None:
    if isinstance(msg, Race):
        return msg
    if isinstance(msg, Snapshot):
        return msg.state.race
    return None
