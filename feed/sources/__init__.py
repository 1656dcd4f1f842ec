"""Provides the adapters that turn other timing feeds into cutline messages: today one, NASCAR's
own live JSON, in the ``nascar`` package (see its docstring for the plan of its modules).
"""

__all__: list[str] = []
