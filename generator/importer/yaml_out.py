"""YAML as a person writes it: the document's order, one table row per line, figures as shown.

Gongkai reads every scalar as text, so a figure is written plainly (``4140.30``) and keeps its
decimals; codes are quoted so that no YAML reader takes ``"0201"`` for a number. A ``Note``
puts a comment above what follows it, where the import had to guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.model.money import DASHES

_PLAIN = re.compile(r"[\w\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、—…·（）《》〔〕【】%.\-+/≥≤＜＞≠±×÷]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_RESERVED = {"~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"}


@dataclass
class Flow:
    """A mapping written on one line: ``{code: "201", name: 一般公共服务支出, 合计: 2106.66}``."""

    items: dict[str, Any]


@dataclass
class Note:
    """A comment line; in a mapping, its key is only a place holder."""

    text: str


@dataclass
class Text:
    """A literal block (``|``) for multi-line text."""

    value: str


@dataclass
class Document:
    root: dict[str, Any] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)

    def dump(self) -> str:
        lines = [f"# {line}" for line in self.header]
        _mapping(self.root, 0, lines)
        return "\n".join(lines) + "\n"


def scalar(value: Any, *, figure: bool = False) -> str:
    if value is None:
        return "~"
    text = str(value)
    if figure and _NUMBER.fullmatch(text):
        return text
    if (
        text
        and _PLAIN.fullmatch(text)
        and not _NUMBER.fullmatch(text)
        and text.lower() not in _RESERVED
        and text[0] not in "-+.%"
        and not re.fullmatch(r"[0-9][0-9.\-]*", text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def key(text: str) -> str:
    return scalar(text)


def _value_inline(value: Any) -> str:
    if isinstance(value, Flow):
        inner = ", ".join(f"{key(k)}: {_value_inline(v)}" for k, v in value.items.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value_inline(v) for v in value) + "]"
    if isinstance(value, Figure):
        if value.dash:  # quoted, so that nobody reads it as a number or a YAML list item
            return json.dumps(value.text, ensure_ascii=False)
        return scalar(value.text, figure=True)
    return scalar(value)


@dataclass(frozen=True)
class Figure:
    """A figure as shown; written without quotes when it is a plain decimal number. A dash printed
    in an amount cell (“—”, “-”: published, no amount) is a figure too, written quoted as printed."""

    text: str

    @property
    def dash(self) -> bool:
        return self.text in DASHES


def _mapping(data: dict[str, Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for k, v in data.items():
        if isinstance(v, Note):
            lines.append(f"{pad}# {v.text}")
        elif isinstance(v, dict):
            lines.append(f"{pad}{key(k)}:")
            _mapping(v, indent + 2, lines)
        elif isinstance(v, list) and v and not all(isinstance(x, (str, Figure)) for x in v):
            lines.append(f"{pad}{key(k)}:")
            _sequence(v, indent + 2, lines)
        elif isinstance(v, Text):
            lines.append(f"{pad}{key(k)}: |")
            lines.extend(f"{pad}  {line}" if line else "" for line in v.value.splitlines())
        else:
            lines.append(f"{pad}{key(k)}: {_value_inline(v)}")


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, Note):
            lines.append(f"{pad}# {item.text}")
        elif isinstance(item, dict):
            first = len(lines)
            _mapping(item, indent + 2, lines)
            # the first key line starts with "- "
            for i in range(first, len(lines)):
                if not lines[i].lstrip().startswith("#"):
                    lines[i] = pad + "- " + lines[i][indent + 2 :]
                    break
        else:
            lines.append(f"{pad}- {_value_inline(item)}")
