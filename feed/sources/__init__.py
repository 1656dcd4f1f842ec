"""Provides adapters that turn other timing feeds (NASCAR's own live JSON) into cutline messages.

NASCAR's public feeds, by module: ``nascar_endpoints`` (paths), ``nascar_codes`` (code tables),
``nascar_shapes`` (the documents' keys and types), ``nascar_parse`` / ``nascar_season``
(lenient parsers), ``nascar_context`` (the championship context), ``nascar_adapter``
(snapshots to messages), ``nascar_poller`` (polite HTTP), ``nascar_feed`` (the `Source`),
``nascar_capture`` (raw sidecar, re-adaptation), ``nascar_frames`` / ``nascar_mirror`` (serving a
recording on NASCAR's paths), ``nascar_check`` (the canary).
"""
