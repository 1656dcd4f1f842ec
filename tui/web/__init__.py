"""Provides the dashboard in a browser: `server` serves it with textual-serve, and
``app_index.html`` is the page, every asset it needs served from this machine."""
