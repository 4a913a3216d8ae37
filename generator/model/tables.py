"""Table blocks. An amount cell is a ``Decimal``, a printed :class:`~generator.model.money.Dash`
(published, no amount) or ``None`` (a blank cell); neither of the last two is zero.

One model class per *structure* of the layout language; the table's ``kind`` (its
declaration in the registry) says everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.diagnostics import Location
from generator.layouts.spec import ClassifiedSpec, FixedSpec, FormSpec, GroupedItemsSpec, ItemListSpec, TableKind
from generator.model.money import Figure

Money = Figure


@dataclass
class Table:
    kind: TableKind
    title: str
    number: str | None
    unit: str
    note: str | None
    loc: Location
    unit_given: bool = False  # the content said its unit (shown even where the kind shows none)

    @property
    def kind_id(self) -> str:
        return self.kind.id

    @property
    def heading(self) -> str:
        return f"{self.number or ''}{self.toc_title}"

    @property
    def toc_title(self) -> str:
        """The title in a 目录; forms that share one title are told apart by their subject."""
        return self.title

    @property
    def is_empty(self) -> bool:
        """A table published with no figures (空表列示)."""
        return False


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
class CodeGroup:
    """The rows of a classification table with their total (a table has one, or one per declared group)."""

    id: str | None
    label: str
    total_label: str
    rows: list[CodeRow]
    total: dict[str, Money]
    total_given: bool
    total_loc: Location
    total_value_locs: dict[str, Location] = field(default_factory=dict)

    def row(self, code: str) -> CodeRow | None:
        return next((r for r in self.rows if r.code == code), None)


@dataclass
class ClassifiedTable(Table):
    groups: list[CodeGroup] = field(default_factory=list)

    @property
    def layout(self) -> ClassifiedSpec:
        assert isinstance(self.kind.spec, ClassifiedSpec)
        return self.kind.spec

    @property
    def rows(self) -> list[CodeRow]:
        return [r for g in self.groups for r in g.rows]

    @property
    def total(self) -> dict[str, Money]:
        """The table's 合计 row (of its first group when it has several)."""
        return self.groups[0].total if self.groups else {}

    @property
    def total_given(self) -> bool:
        return bool(self.groups) and self.groups[0].total_given

    @property
    def total_loc(self) -> Location:
        return self.groups[0].total_loc if self.groups else self.loc

    @property
    def total_value_locs(self) -> dict[str, Location]:
        return self.groups[0].total_value_locs if self.groups else {}

    def row(self, code: str) -> CodeRow | None:
        return next((r for r in self.rows if r.code == code), None)

    @property
    def is_empty(self) -> bool:
        return all(not g.rows and all(v is None for v in g.total.values()) for g in self.groups)


@dataclass
class FixedTable(Table):
    """Tables with a fixed list of rows per side (收支总表, 财政拨款收支总表, 三公)."""

    # side id → row id → column id → value
    values: dict[str, dict[str, dict[str, Money]]] = field(default_factory=dict)
    # side id → row id → location of the value as written (absent when computed)
    value_locs: dict[str, dict[str, Location]] = field(default_factory=dict)
    computed: set[tuple[str, str]] = field(default_factory=set)

    @property
    def layout(self) -> FixedSpec:
        assert isinstance(self.kind.spec, FixedSpec)
        return self.kind.spec

    def value(self, side: str, row: str, column: str) -> Money:
        return self.values.get(side, {}).get(row, {}).get(column)

    @property
    def is_empty(self) -> bool:
        return all(v is None for side in self.values.values() for row in side.values() for v in row.values())


@dataclass
class GenericCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class GenericTable(Table):
    header: list[list[GenericCell]] = field(default_factory=list)
    rows: list[list[GenericCell]] = field(default_factory=list)
    numeric: list[int] = field(default_factory=list)


# A form field's value: text, a figure, a date (as text), a list of texts, or named parts.
FieldValue = Any


@dataclass
class FormTable(Table):
    """A form: fields (label → value) and lists of rows, in the sections its kind declares."""

    fields: dict[str, FieldValue] = field(default_factory=dict)
    field_locs: dict[str, Location] = field(default_factory=dict)
    lists: dict[str, list[list[str]]] = field(default_factory=dict)
    list_locs: dict[str, list[Location]] = field(default_factory=dict)
    private: dict[str, str] = field(default_factory=dict)  # never rendered nor exported

    @property
    def layout(self) -> FormSpec:
        assert isinstance(self.kind.spec, FormSpec)
        return self.kind.spec

    def get(self, path: str) -> FieldValue:
        """``budget.预算数`` → the part of a field; ``name`` → the field."""
        key, _, part = path.partition(".")
        value = self.fields.get(key)
        if part:
            return value.get(part) if isinstance(value, dict) else None
        return value

    def loc_of(self, path: str) -> Location:
        return self.field_locs.get(path) or self.field_locs.get(path.partition(".")[0]) or self.loc

    @property
    def subject(self) -> str | None:
        value = self.get(self.layout.subject) if self.layout.subject else None
        return value if isinstance(value, str) else None

    @property
    def toc_title(self) -> str:
        subject = self.subject
        return self.title if not subject or subject in self.title else f"{self.title}（{subject}）"

    @property
    def amount(self) -> Money:
        """The form's amount (a project's 预算数), when its kind declares one."""
        value = self.get(self.layout.amount) if self.layout.amount else None
        return value if isinstance(value, Decimal) else None


@dataclass
class GroupedItem:
    values: dict[str, str]  # text columns
    money: dict[str, Money]  # numeric columns
    loc: Location


@dataclass
class ItemGroup:
    label: str
    subtotal: dict[str, Money]
    subtotal_given: bool
    items: list[GroupedItem]
    loc: Location


@dataclass
class GroupedItemsTable(Table):
    total: dict[str, Money] = field(default_factory=dict)
    total_given: bool = False
    groups: list[ItemGroup] = field(default_factory=list)
    total_loc: Location | None = None

    @property
    def layout(self) -> GroupedItemsSpec:
        assert isinstance(self.kind.spec, GroupedItemsSpec)
        return self.kind.spec


@dataclass
class ListItem:
    label: str
    values: dict[str, Money]
    part_of_previous: bool
    loc: Location


@dataclass
class ItemListTable(Table):
    date: str | None = None
    total: Money = None
    total_given: bool = False
    rows: list[ListItem] = field(default_factory=list)
    total_loc: Location | None = None

    @property
    def layout(self) -> ItemListSpec:
        assert isinstance(self.kind.spec, ItemListSpec)
        return self.kind.spec
