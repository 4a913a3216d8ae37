"""JSON as ``json.dumps(data, ensure_ascii=False, indent=1)`` writes it, written faster.

Python's json module writes indented JSON with its pure-Python encoder (its C encoder writes no
indentation): the disclosure JSON, the data packages and each page's JSON-LD are indented, and
were a good part of a build's time.
"""

from __future__ import annotations

import json
from typing import Any


def pretty_json(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1)``, the same text, without its pure-Python
    encoder (the C encoder writes no indentation): one recursive pass, strings through the C
    string encoder. Data it does not know (a float, a key that is not a string) goes to json."""
    out: list[str] = []
    try:
        _encode(data, out, "\n")
    except _Unusual:
        return json.dumps(data, ensure_ascii=False, indent=1)
    return "".join(out)


class _Unusual(Exception):
    """A value :func:`pretty_json` leaves to json."""


_string = json.encoder.encode_basestring  # the C encoder's when there is one


def _encode(value: Any, out: list[str], newline: str) -> None:
    """Append ``value`` as JSON; ``newline`` is a line break and the indentation of the value's line."""
    if isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + " "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _encode(item, out, inner)
            separator = "," + inner
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + " "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            out.append(separator + _string(key) + ": ")
            _encode(item, out, inner)
            separator = "," + inner
        out.append(newline + "}")
    else:
        raise _Unusual
