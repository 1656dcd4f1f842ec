"""Provides the one exception family raised by `feed`: callers catch `CutlineError`."""

from __future__ import annotations


class CutlineError(Exception):
    """Anything cutline raises on bad input. Its text says what was wrong and where."""


class BadMessage(CutlineError):
    """A frame that is not a valid cutline message (the text ends with the field path)."""


class BadRecording(CutlineError):
    """A recording file that cannot be read; the text names the file and line."""


class RulesError(CutlineError):
    """Rules data that is missing, malformed, or silent on what was asked."""


class BadFacts(CutlineError):
    """A race-facts input file (race JSON, laps CSV, events JSON) that cannot be used."""


class TransportError(CutlineError):
    """A feed server or connection that cannot be used: a bad URL, a refused token, a port in
    use, a non-loopback bind without a token."""


class FeedUnavailable(TransportError):
    """Nothing answers at the feed's address: connection refused, unknown host, timed out."""


class FeedChanged(FeedUnavailable):
    """The feed at the address is another one now (its server restarted on another race or from
    scratch): what was being recorded is over."""
