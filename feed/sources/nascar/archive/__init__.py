"""Provides the importer of NASCAR's archive: any past race to a cutline recording.

``client`` fetches the documents politely and caches them; ``season`` names the series, the
paths and the season's points races; ``playoff`` computes the playoff context; ``convert`` turns
the feeds into the builder's inputs; ``importer`` puts them together.
"""

from cutline.feed.sources.nascar.archive.client import (
    CACHE_ENV,
    Archive,
    ArchiveError,
    Missing,
    cache_root,
)
from cutline.feed.sources.nascar.archive.importer import (
    Imported,
    import_race,
    list_season,
    season_races,
    write_atomically,
)
from cutline.feed.sources.nascar.archive.season import SERIES_IDS, NoSuchRace

__all__ = [
    "CACHE_ENV",
    "SERIES_IDS",
    "Archive",
    "ArchiveError",
    "Imported",
    "Missing",
    "NoSuchRace",
    "cache_root",
    "import_race",
    "list_season",
    "season_races",
    "write_atomically",
]
