"""Provides the NASCAR mirror: a local HTTP server on NASCAR's feed paths, and the documents it
builds from a cutline recording.

Modules: ``server`` (the `Mirror`, what it serves: `StaticSource`, `RecordingSource`,
`CaptureSource`, `open_source`), ``frames`` (`RecordingFrames`: a recording walked lap by lap
into frames, and the documents of a frame), ``frame`` (the frame and the field's names, ids and
codes the builders share), and one module per group of documents: ``live_doc`` (the live feed),
``event_docs`` (flag history, pit data, stage points), ``season_docs`` (standings, live points,
race list, weekend feeds).
"""

from cutline.feed.sources.nascar.mirror.frames import RecordingFrames
from cutline.feed.sources.nascar.mirror.server import (
    CaptureSource,
    Fault,
    FrameSource,
    Mirror,
    RecordingSource,
    StaticSource,
    encode,
    open_source,
)

__all__ = [
    "CaptureSource",
    "Fault",
    "FrameSource",
    "Mirror",
    "RecordingFrames",
    "RecordingSource",
    "StaticSource",
    "encode",
    "open_source",
]
