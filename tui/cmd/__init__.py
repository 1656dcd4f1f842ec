"""Provides the subcommands of ``cutline``: one module each, with ``register(subparsers)``.

Modules here import only `feed` and the standard library at import time; anything heavy
(Textual, websockets, httpx) is imported inside the handler, so ``cutline --help`` stays fast.
"""
