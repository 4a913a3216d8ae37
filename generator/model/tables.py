"""Table blocks. Figures are ``Decimal`` or ``None`` (an empty cell, which is not zero)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.diagnostics import Location
from generator.layouts import ClassifiedLayout, FixedLayout

Money = Decimal | None


@dataclass
class Table:
    kind: str
    title: str
    number: str | None
    unit: str
    note: str | None
    loc: Location

    @property
    def heading(self) -> str:
        return f"{self.number or ''}{self.title}"

    @property
    def toc_title(self) -> str:
        """The title in a 目录; forms that share one title are told apart by their subject."""
        return self.title


@dataclass
class CodeRow:
    """One printed row of a classification table."""

    code: str
    name: str
    values: dict[str, Money]
    loc: Location
    value_locs: dict[str, Location] = field(default_factory=dict)

    @property
    def level(self) -> int:
        """0 for 类, 1 for 款, 2 for 项 (the code's length tells)."""
        return {3: 0, 5: 1, 7: 2}.get(len(self.code), 0)


@dataclass
class ClassifiedTable(Table):
    layout: ClassifiedLayout
    rows: list[CodeRow]
    total: dict[str, Money]
    total_given: bool
    total_loc: Location
    total_value_locs: dict[str, Location] = field(default_factory=dict)

    def row(self, code: str) -> CodeRow | None:
        return next((r for r in self.rows if r.code == code), None)

    @property
    def is_empty(self) -> bool:
        return not self.rows and all(v is None for v in self.total.values())


@dataclass
class FixedTable(Table):
    """Tables with a fixed list of rows per side (收支总表, 财政拨款收支总表, 三公)."""

    layout: FixedLayout
    # side id → row id → column id → value
    values: dict[str, dict[str, dict[str, Money]]]
    # side id → row id → location of the value as written (absent when computed)
    value_locs: dict[str, dict[str, Location]]
    computed: set[tuple[str, str]] = field(default_factory=set)

    def value(self, side: str, row: str, column: str) -> Money:
        return self.values.get(side, {}).get(row, {}).get(column)


@dataclass
class GenericCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class GenericTable(Table):
    header: list[list[GenericCell]]
    rows: list[list[str]]
    numeric: list[int]


@dataclass
class IndicatorTable(Table):
    """A titled list of indicator rows (部门整体支出绩效指标)."""

    columns: list[str]
    indicators: list[list[str]]
    merge_down: int


@dataclass
class ProjectTable(Table):
    """项目绩效目标表 (Hebei or Ningxia layout): fields above, indicator rows below."""

    layout_name: str
    name: str
    code: str | None
    unit_line: str | None
    budget: dict[str, Money]
    budget_locs: dict[str, Location]
    purpose: str | None
    spending_plan: dict[str, str]
    goal: str | None
    columns: list[str]
    indicators: list[list[str]]
    merge_down: int
    # Ningxia header fields, in print order (label → text)
    details: dict[str, str] = field(default_factory=dict)
    period: str | None = None

    @property
    def toc_title(self) -> str:
        return self.title if self.name in self.title else f"{self.title}（{self.name}）"

    @property
    def heading(self) -> str:
        return f"{self.number or ''}{self.toc_title}"

    @property
    def budget_total(self) -> Money:
        first = next(iter(self.budget), None)
        return self.budget.get(first) if first else None


@dataclass
class HubeiPerformanceTable(Table):
    filled_on: str | None
    department_name: str
    years: list[str]
    income: list[list[str]]
    expenditure: list[list[str]]
    functions: str | None
    tasks: str | None
    projects: list[list[str]]
    goal_long_term: str | None
    goal_annual: str | None
    long_term_targets: str | None
    annual_targets: str | None
    long_term_indicators: list[list[str]]
    annual_indicators: list[list[str]]
    unpublished: dict[str, str] = field(default_factory=dict)


@dataclass
class ProcurementItem:
    values: dict[str, str]  # text columns
    money: dict[str, Money]
    loc: Location


@dataclass
class ProcurementGroup:
    unit: str
    subtotal: dict[str, Money]
    subtotal_given: bool
    items: list[ProcurementItem]
    loc: Location


@dataclass
class ProcurementTable(Table):
    total: dict[str, Money]
    total_given: bool
    groups: list[ProcurementGroup]
    total_loc: Location


@dataclass
class AssetRow:
    label: str
    quantity: Money
    value: Money
    part_of_previous: bool
    loc: Location


@dataclass
class AssetsTable(Table):
    as_of: str | None
    total: Money
    total_given: bool
    rows: list[AssetRow]
    total_loc: Location
