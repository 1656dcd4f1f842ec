"""Provides the shape of one kind of NASCAR JSON object (`Shape`: its keys and a default of each)
and the check of a fetched object against it (`ShapeReport`: keys missing, unexpected, of an
odd JSON kind). The shapes themselves are in `shapes`.
"""

from __future__ import annotations

import copy
from typing import Any

Doc = dict[str, Any]


class Shape:
    """The keys of one kind of JSON object and the default value of each."""

    def __init__(
        self,
        name: str,
        defaults: Doc,
        *,
        nullable: frozenset[str] = frozenset(),
        also: dict[str, frozenset[str]] | None = None,
        older: frozenset[str] = frozenset(),
    ) -> None:
        self.name = name
        self.defaults = defaults
        self.nullable = nullable  # keys whose value may be null in a real payload
        self.also = also or {}  # key -> other JSON kinds real payloads carry (a known quirk)
        self.older = older  # keys of other schema versions: known, not expected

    def new(self, **values: Any) -> Doc:
        """A fresh object with every key, the given values over the defaults."""
        unknown = set(values) - set(self.defaults)
        if unknown:
            raise KeyError(f"{self.name} has no key(s) {sorted(unknown)}")
        doc = {
            k: copy.copy(v) if isinstance(v, list | dict) else v for k, v in self.defaults.items()
        }
        doc.update(values)
        return doc


def kind(value: object) -> str:
    """The JSON kind of a decoded value: number, string, bool, array, object or null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class ShapeReport:
    """What one object had against its shape: keys missing, keys unexpected, kinds unexpected."""

    def __init__(self) -> None:
        self.objects = 0
        self.missing: dict[str, int] = {}  # key -> objects lacking it
        self.unexpected: dict[str, int] = {}  # key -> objects having it
        self.odd_kinds: dict[str, set[str]] = {}  # key -> kinds seen that the shape lacks

    def check(self, shape: Shape, obj: object) -> None:
        if not isinstance(obj, dict):
            self.odd_kinds.setdefault("(object)", set()).add(kind(obj))
            return
        self.objects += 1
        for key, default in shape.defaults.items():
            if key not in obj:
                self.missing[key] = self.missing.get(key, 0) + 1
                continue
            got, want = kind(obj[key]), kind(default)
            if got == want or (got == "null" and key in shape.nullable):
                continue
            if got in shape.also.get(key, ()):
                continue
            if want == "null":  # a nullable default: any non-null kind is the real one
                continue
            self.odd_kinds.setdefault(key, set()).add(got)
        for key in obj:
            if key not in shape.defaults and key not in shape.older:
                self.unexpected[key] = self.unexpected.get(key, 0) + 1
