"""Declarative field types for the content schema, in the manner of mkdocs' config options.

A field converts a located raw value into a typed one, or reports why it can't (with the
file, line and column of the value) and returns :data:`INVALID`, so that one run reports
every problem. ``INVALID`` is the one instance of :class:`Invalid`, a type of its own: a
field's result is ``T | None | Invalid``, so mypy makes a caller tell a reported problem
from a value (and from a blank, ``None``); it has no truth value, so ``result or default``
on an unchecked result fails at once instead of passing the problem on as a blank.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, Generic, TypeVar, final

from generator.diagnostics import Location, Reporter
from generator.load.located_yaml import LocDict, LocList, LocStr
from generator.model.money import DASHES, Dash, Figure, MoneyError, parse_money

T = TypeVar("T")


@final
class Invalid:
    """A value that could not be converted; the problem has been reported where it was written."""

    _instance: Invalid | None = None

    def __new__(cls) -> Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        raise TypeError("INVALID 不是一个值：先用 isinstance(x, Invalid) 或 `is INVALID` 区分")


INVALID: Final = Invalid()


def valid(value: T | Invalid) -> T | None:
    """A converted value, or None where the field was invalid (its problem already reported)."""
    return None if isinstance(value, Invalid) else value


def describe(value: Any) -> str:
    if isinstance(value, LocDict):
        return "映射（键: 值）"
    if isinstance(value, LocList):
        return "列表"
    return f"“{value}”"


class Field(Generic[T]):
    """Base field: ``required`` values must be present; ``label`` names it in messages."""

    def __init__(self, label: str = "", *, required: bool = False, default: T | None = None) -> None:
        self.label = label
        self.required = required
        self.default = default

    def run(self, value: Any, loc: Location, reporter: Reporter, name: str) -> T | None | Invalid:
        if value is None or (isinstance(value, str) and value == "" and self.required):
            if self.required:
                reporter.error(loc, "GK004", f"缺少必填项“{name}”{self._paren()}")
                return INVALID
            return self.default
        return self.convert(value, loc, reporter, name)

    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> T | None | Invalid:
        raise NotImplementedError

    def _paren(self) -> str:
        return f"（{self.label}）" if self.label else ""

    def _type_error(self, value: Any, loc: Location, reporter: Reporter, name: str, expected: str) -> Invalid:
        reporter.error(loc, "GK005", f"“{name}”{self._paren()}应为{expected}，而不是{describe(value)}")
        return INVALID

    def text(self, value: Any, loc: Location, reporter: Reporter, name: str) -> str | Invalid:
        """The value as text (every scalar is read as text), for the fields that convert it further."""
        if not isinstance(value, str):
            return self._type_error(value, loc, reporter, name, "文字")
        return str(value)


class Text(Field[str]):
    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> str | Invalid:
        return self.text(value, loc, reporter, name)


class Choice(Text):
    def __init__(self, label: str, choices: Iterable[str], **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.choices = tuple(choices)

    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> str | Invalid:
        text = self.text(value, loc, reporter, name)
        if isinstance(text, Invalid):
            return INVALID
        if text not in self.choices:
            options = "、".join(self.choices)
            reporter.error(loc, "GK006", f"“{name}”{self._paren()}的值“{text}”无效，可选：{options}")
            return INVALID
        return text


class Integer(Field[int]):
    def __init__(self, label: str, minimum: int | None = None, maximum: int | None = None, **kw: Any) -> None:
        super().__init__(label, **kw)
        self.minimum, self.maximum = minimum, maximum

    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> int | Invalid:
        text = self.text(value, loc, reporter, name)
        if isinstance(text, Invalid):
            return INVALID
        if not re.fullmatch(r"[0-9]{1,18}", text):  # ASCII digits only (\d takes ２ too), not endless
            return self._type_error(value, loc, reporter, name, "整数")
        number = int(text)
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            reporter.error(loc, "GK006", f"“{name}”{self._paren()}的值 {number} 超出范围 {self.minimum}–{self.maximum}")
            return INVALID
        return number


class Boolean(Field[bool]):
    TRUE = {"true", "yes", "是"}
    FALSE = {"false", "no", "否"}

    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> bool | Invalid:
        text = self.text(value, loc, reporter, name)
        if isinstance(text, Invalid):
            return INVALID
        if text.lower() in self.TRUE:
            return True
        if text.lower() in self.FALSE:
            return False
        return self._type_error(value, loc, reporter, name, "true 或 false")


class Date(Field[dt.date]):
    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> dt.date | Invalid:
        text = self.text(value, loc, reporter, name)
        if isinstance(text, Invalid):
            return INVALID
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            reporter.error(loc, "GK008", f"“{name}”{self._paren()}的值“{text}”不是 YYYY-MM-DD 格式的日期")
            return INVALID


class Money(Field[Decimal | Dash]):
    """An amount cell: a figure, a printed dash (kept as printed: published, no amount), or blank."""

    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> Decimal | Dash | None | Invalid:
        text = self.text(value, loc, reporter, name)
        if isinstance(text, Invalid):
            return INVALID
        if text == "":
            return None  # "" in a flow list is an empty cell
        if text.strip() in DASHES:
            return Dash(text.strip())
        try:
            return parse_money(text)
        except MoneyError as exc:
            reporter.error(loc, "GK007", f"“{name}”{self._paren()}：{exc}")
            return INVALID


class Url(Text):
    """An absolute http(s) address, e.g. ``https://www.example.gov.cn/yusuan/`` (never ``javascript:``)."""

    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> str | Invalid:
        text = self.text(value, loc, reporter, name)
        if isinstance(text, Invalid):
            return INVALID
        try:
            parts = urllib.parse.urlsplit(text)
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme.lower() not in ("http", "https")
            or not parts.hostname
            or any(ch.isspace() or ch in '"<>\\`{}|^' or ord(ch) < 32 for ch in text)
        ):
            shown = text if len(text) <= 80 else text[:80] + "…"
            reporter.error(loc, "GK006", f"“{name}”{self._paren()}的值“{shown}”不是以 http:// 或 https:// 开头的网址")
            return INVALID
        return text


class Pattern(Text):
    def __init__(self, label: str, pattern: str, explain: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.pattern = re.compile(pattern)
        self.explain = explain

    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> str | Invalid:
        text = self.text(value, loc, reporter, name)
        if isinstance(text, Invalid):
            return INVALID
        if not self.pattern.fullmatch(text):
            reporter.error(loc, "GK011", f"“{name}”{self._paren()}的值“{text}”无效：{self.explain}")
            return INVALID
        return text


class Cells(Field[list[list[str]]]):
    """A list of rows, each a list of exactly ``width`` text cells."""

    def __init__(self, label: str, columns: list[str], **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.columns = columns

    def convert(self, value: Any, loc: Location, reporter: Reporter, name: str) -> list[list[str]] | Invalid:
        if not isinstance(value, LocList):
            return self._type_error(value, loc, reporter, name, "列表（每行一个 [..] 列表）")
        rows: list[list[str]] = []
        for index, (row, row_loc) in enumerate(zip(value, value.item_locs, strict=True), start=1):
            if not isinstance(row, LocList):
                self._type_error(row, row_loc, reporter, f"{name} 第 {index} 行", "列表 [..]")
                continue
            if len(row) != len(self.columns):
                reporter.error(
                    row_loc,
                    "GK024",
                    f"“{name}”第 {index} 行有 {len(row)} 格，应为 {len(self.columns)} 格：" + "、".join(self.columns),
                )
                continue
            cells = []
            for cell, cell_loc, column in zip(row, row.item_locs, self.columns, strict=True):
                if isinstance(cell, (LocDict, LocList)):
                    self._type_error(cell, cell_loc, reporter, f"{name} 第 {index} 行“{column}”", "文字")
                    cells.append("")
                else:
                    cells.append("" if cell is None else str(cell))
            rows.append(cells)
        return rows


class Schema:
    """Named fields of a mapping; unknown keys are reported with a suggestion."""

    def __init__(self, what: str, fields: dict[str, Field[Any]]) -> None:
        self.what = what
        self.fields = fields

    def check(self, raw: Any, loc: Location, reporter: Reporter, extra: Iterable[str] = ()) -> dict[str, Any]:
        """Convert every known field; report unknown keys. ``extra`` keys are let through raw.

        A field that did not convert is :data:`INVALID` (never a value nor a blank): test it with
        ``is INVALID`` or :func:`valid` before use."""
        if not isinstance(raw, LocDict):
            reporter.error(loc, "GK005", f"{self.what}应为映射（键: 值），而不是{describe(raw)}")
            return {name: INVALID for name in self.fields}
        allowed = set(self.fields) | set(extra)
        report_unknown(raw, allowed, reporter, self.what)
        result: dict[str, Any] = {}
        for name, field_ in self.fields.items():
            value_loc = raw.value_locs.get(name, raw.loc)
            result[name] = field_.run(raw.get(name), value_loc, reporter, name)
        for name in extra:
            result[name] = raw.get(name)
        return result


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def suggest(key: str, allowed: Iterable[str]) -> str | None:
    """The allowed name ``key`` is most likely a misspelling of, or None when none is similar enough.

    Similar enough: at most one edit in three characters (a typo, a dropped or swapped character,
    a different case), so 一般公共服务支出 is not offered 一般公共预算收入 (four characters differ).
    """
    best: tuple[int, str] | None = None
    for name in allowed:
        edits = _distance(key.lower(), name.lower())
        if edits <= max(1, max(len(key), len(name)) // 3) and (best is None or edits < best[0]):
            best = (edits, name)
    return best[1] if best else None


def report_unknown(raw: LocDict, allowed: Iterable[str], reporter: Reporter, what: str) -> None:
    allowed = list(allowed)
    for key in raw:
        if key in allowed:
            continue
        close = suggest(str(key), allowed)
        hint = f"，是否想写“{close}”？" if close else "。"
        reporter.error(
            raw.key_locs[key],
            "GK003",
            f"{what}中有未知的键“{key}”{hint}可用的键：{'、'.join(allowed)}",
        )


def money_map(
    raw: Any,
    loc: Location,
    keys: Iterable[str],
    reporter: Reporter,
    what: str,
) -> tuple[dict[str, Figure], dict[str, Location]]:
    """A mapping *name → amount* restricted to ``keys``; missing names are empty cells, a dash
    stays the dash printed."""
    keys = list(keys)
    values: dict[str, Figure] = {k: None for k in keys}
    locs: dict[str, Location] = {}
    if raw is None:
        return values, locs
    if not isinstance(raw, LocDict):
        reporter.error(loc, "GK005", f"{what}应为映射（名称: 金额），而不是{describe(raw)}")
        return values, locs
    report_unknown(raw, keys, reporter, what)
    money = Money()
    for key in keys:
        if key in raw:
            converted = money.run(raw[key], raw.value_locs[key], reporter, f"{what}·{key}")
            values[key] = valid(converted)
            locs[key] = raw.value_locs[key]
    return values, locs


__all__ = [
    "INVALID",
    "Invalid",
    "valid",
    "Boolean",
    "Cells",
    "Choice",
    "Date",
    "Field",
    "Integer",
    "Money",
    "Pattern",
    "Schema",
    "Text",
    "Url",
    "LocStr",
    "money_map",
    "report_unknown",
    "suggest",
]
