"""The located values YAML loads into: text, mappings and lists that know their file, line and column."""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Location


class LocStr(str):
    """A string that knows where it was written."""

    loc: Location

    def __new__(cls, value: str, loc: Location) -> LocStr:
        obj = super().__new__(cls, value)
        obj.loc = loc
        return obj

    def __reduce__(self) -> tuple[Any, tuple[type[LocStr], str], dict[str, Location]]:
        """Pickled (the load cache, the loading workers) as ``str.__new__`` and its location set after:
        unpickled without a call into Python, twice as fast as through :meth:`__new__`."""
        return (str.__new__, (LocStr, str(self)), {"loc": self.loc})


class LocDict(dict[str, Any]):
    """A mapping with the location of itself, of each key and of each value."""

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]


class LocList(list[Any]):
    """A sequence with the location of itself and of each item."""

    loc: Location
    item_locs: list[Location]


class YamlError(Exception):
    """A syntax error or a broken limit, with the place the parser stopped at."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


class DuplicateKey(YamlError):
    pass
