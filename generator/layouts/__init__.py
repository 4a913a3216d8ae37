"""Table layouts as data: the YAML files beside this module, read into typed objects.

Nothing here knows a particular document; validation, rendering and export all
read the same definitions, so a layout change is made in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent

CLASSIFIED_KINDS = (
    "income",
    "expenditure",
    "general_expenditure",
    "basic_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
)
FIXED_KINDS = ("budget_summary", "fiscal_summary", "three_public")
STANDARD_KINDS = (
    "budget_summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_expenditure",
    "basic_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
    "three_public",
)

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (enough for the 31 类 and section numbers)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    group: str | None = None
    sum_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClassifiedLayout:
    kind: str
    title: str
    codes: str  # "functional" | "economic"
    code_header: str
    columns: tuple[Column, ...]

    @property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)

    @property
    def code_lengths(self) -> tuple[int, ...]:
        return (3, 5, 7) if self.codes == "functional" else (3, 5)


@dataclass(frozen=True)
class FixedRow:
    id: str
    label: str
    sum_of: tuple[str, ...] = ()
    level: int = 0
    class_code: str | None = None  # set on the 功能分类 类 rows

    @property
    def is_blank(self) -> bool:
        return self.id == ""


BLANK_ROW = FixedRow(id="", label="")


@dataclass(frozen=True)
class Side:
    id: str
    heading: str
    label_header: str
    columns: tuple[Column, ...]
    body: tuple[FixedRow, ...]
    footer: tuple[FixedRow, ...]
    columns_group: str | None = None

    @property
    def rows(self) -> tuple[FixedRow, ...]:
        return tuple(r for r in self.body + self.footer if not r.is_blank)

    def row(self, row_id: str) -> FixedRow | None:
        return next((r for r in self.rows if r.id == row_id), None)

    @property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)


@dataclass(frozen=True)
class FixedLayout:
    kind: str
    title: str
    sides: tuple[Side, ...]
    equal: tuple[tuple[str, str], ...] = ()

    def side(self, side_id: str) -> Side:
        return next(s for s in self.sides if s.id == side_id)


@dataclass(frozen=True)
class FunctionalClass:
    code: str | None
    name: str


def _column(raw: dict[str, Any]) -> Column:
    return Column(
        id=raw["id"],
        label=raw.get("label", raw["id"]),
        group=raw.get("group"),
        sum_of=tuple(raw.get("sum_of", ())),
    )


@cache
def functional_classes() -> tuple[FunctionalClass, ...]:
    raw = yaml.safe_load((HERE / "functional_classes.yml").read_text(encoding="utf-8"))
    return tuple(FunctionalClass(code=item["code"], name=item["name"]) for item in raw)


def _class_rows() -> list[FixedRow]:
    return [
        FixedRow(id=c.name, label=f"{chinese_number(i)}、{c.name}", class_code=c.code)
        for i, c in enumerate(functional_classes(), start=1)
    ]


def _fixed_rows(raw_rows: list[Any]) -> tuple[FixedRow, ...]:
    rows: list[FixedRow] = []
    class_ids = [r.id for r in _class_rows()]
    for raw in raw_rows:
        if raw == "classes":
            rows.extend(_class_rows())
        elif raw == "blank":
            rows.append(BLANK_ROW)
        else:
            sum_of: list[str] = []
            for part in raw.get("sum_of", ()):
                sum_of.extend(class_ids if part == "classes" else [part])
            rows.append(
                FixedRow(
                    id=raw["id"],
                    label=raw.get("label", raw["id"]),
                    sum_of=tuple(sum_of),
                    level=raw.get("level", 0),
                )
            )
    return tuple(rows)


@cache
def _standard_raw() -> dict[str, Any]:
    return yaml.safe_load((HERE / "standard_tables.yml").read_text(encoding="utf-8"))


@cache
def other_layouts() -> dict[str, Any]:
    """Layouts of the non-standard kinds, as plain data (see other_tables.yml)."""
    return yaml.safe_load((HERE / "other_tables.yml").read_text(encoding="utf-8"))


@cache
def classified_layout(kind: str) -> ClassifiedLayout:
    raw = _standard_raw()[kind]
    return ClassifiedLayout(
        kind=kind,
        title=raw["title"],
        codes=raw["codes"],
        code_header=raw["code_header"],
        columns=tuple(_column(c) for c in raw["columns"]),
    )


@cache
def fixed_layout(kind: str) -> FixedLayout:
    raw = _standard_raw()[kind]
    sides = tuple(
        Side(
            id=s["id"],
            heading=s["heading"],
            label_header=s["label_header"],
            columns=tuple(_column(c) for c in s["columns"]),
            body=_fixed_rows(s["body"]),
            footer=_fixed_rows(s["footer"]),
            columns_group=s.get("columns_group"),
        )
        for s in raw["sides"]
    )
    equal = tuple(tuple(pair) for pair in raw.get("equal", ()))
    return FixedLayout(kind=kind, title=raw["title"], sides=sides, equal=equal)  # type: ignore[arg-type]


@cache
def stated_figures() -> dict[str, dict[str, str]]:
    """Names of figures a 情况说明 may state, and the table cell each must equal."""
    return yaml.safe_load((HERE / "stated_figures.yml").read_text(encoding="utf-8"))


def standard_title(kind: str) -> str:
    if kind in _standard_raw():
        return _standard_raw()[kind]["title"]
    return other_layouts()[kind]["title"]
