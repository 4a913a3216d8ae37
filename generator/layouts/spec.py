"""The layout language: typed declarations of table kinds, read from YAML by ``registry``.

A table *kind* (``income``, ``project_hebei``, ``final_summary`` …) is data. What Python
knows is a small set of *structures*, the shapes a published table can have:

- ``classified``: one row per 科目 (功能分类 or 经济分类 code), declared value columns;
- ``fixed``: a fixed list of printed rows per side (收支总表, 三公), optionally transposed;
- ``form``: label → value fields and lists of rows (项目绩效目标表, 申报表, 自评表);
- ``grouped_items``: items in groups with subtotals (政府采购);
- ``item_list``: labelled rows with a total (资产);
- ``generic``: a table given cell by cell.

Validation, rendering, exports and the reference docs dispatch on the structure and read
everything else (titles, columns, rows, sums, units) from the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import Location

STRUCTURES = ("classified", "fixed", "form", "grouped_items", "item_list", "generic")
# What a cell holds: how it is checked, aligned and exported.
VALUE_TYPES = ("text", "money", "percent", "count", "date", "sign", "markdown", "list")
NUMERIC_TYPES = ("money", "percent", "count")


# What an amount is, for the open data (one row per amount in the Fiscal Data Package): its direction
# and the fund it belongs to, declared in the layouts on a table kind, a side, a row, a list or a
# column (the nearest declaration wins; see ``Facts``).
DIRECTIONS = ("收入", "支出")
FUNDS = ("财政拨款", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金")
# a Fiscal Data Package's phases of a budget figure (a disclosure kind declares its own)
FDP_PHASES = ("proposed", "approved", "adjusted", "executed")
FACT_KEYS = ("direction", "fund", "measure", "phase")


@dataclass(frozen=True)
class Facts:
    """``direction`` (收入 | 支出), ``fund`` (一般公共预算 …), ``measure`` (the name of what the amount
    measures, when it is not the printed column label) and ``phase`` (预算 | 决算, when not the
    disclosure's: a 决算 table's 预算数 column) of the amounts under a declaration."""

    direction: str | None = None
    fund: str | None = None
    measure: str | None = None
    phase: str | None = None

    def then(self, inner: Facts) -> Facts:
        """These facts with a nearer declaration's (a column's under its side's) taking precedence."""
        return Facts(
            inner.direction or self.direction,
            inner.fund or self.fund,
            inner.measure or self.measure,
            inner.phase or self.phase,
        )


MINUS_SIGNS = ("−", "-")  # a term written “−本年支出合计” (or with an ASCII hyphen) is subtracted


@dataclass(frozen=True)
class Term:
    """One term of a declared sum or difference: a column, row or field, added or subtracted."""

    id: str
    negative: bool = False

    @property
    def sign(self) -> int:
        return -1 if self.negative else 1

    def __str__(self) -> str:
        return f"−{self.id}" if self.negative else self.id


def split_term(text: str) -> Term:
    """``"−本年支出合计"`` → Term("本年支出合计", negative=True); ``"本年收入"`` → a positive term."""
    stripped = text.strip()
    if stripped.startswith(MINUS_SIGNS):
        return Term(stripped[1:].strip(), True)
    return Term(stripped)


def signed_terms(ids: tuple[str, ...], minus: tuple[str, ...]) -> tuple[Term, ...]:
    return tuple(Term(i, i in minus) for i in ids)


def show_terms(terms: tuple[Term, ...], plus: str = " + ", less: str = " − ") -> str:
    """``年初结转和结余 + 本年收入 − 本年支出合计``."""
    out = ""
    for i, term in enumerate(terms):
        out += (less if term.negative else plus if i else "") + term.id
    return ("−" + out[len(less) :]) if terms and terms[0].negative else out


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    group: str | None = None  # a spanning header over consecutive columns of one group
    sum_of: tuple[str, ...] = ()  # this column = Σ those columns, in every row
    type: str = "money"
    minus: tuple[str, ...] = ()  # the terms of sum_of that are subtracted (年末 = 年初 + 收入 − 支出)
    facts: Facts = Facts()
    year: int = 0  # the amounts are of the disclosure's year plus this (前年: −2, 上年: −1)

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def terms(self) -> tuple[Term, ...]:
        return signed_terms(self.sum_of, self.minus)


@dataclass(frozen=True)
class FixedRow:
    id: str
    label: str
    sum_of: tuple[str, ...] = ()
    level: int = 0
    class_code: str | None = None  # set on the 功能分类 类 rows
    minus: tuple[str, ...] = ()  # the rows of sum_of that are subtracted
    facts: Facts = Facts()
    strong: bool | None = None  # printed bold; not declared: a row that sums others is

    @property
    def terms(self) -> tuple[Term, ...]:
        return signed_terms(self.sum_of, self.minus)

    @property
    def bold(self) -> bool:
        return bool(self.sum_of) if self.strong is None else self.strong

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
    facts: Facts = Facts()

    @property
    def rows(self) -> tuple[FixedRow, ...]:
        return tuple(r for r in self.body + self.footer if not r.is_blank)

    def row(self, row_id: str) -> FixedRow | None:
        return next((r for r in self.rows if r.id == row_id), None)

    @property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)


@dataclass(frozen=True)
class RowGroup:
    """A block of 科目 rows with its own total (人员经费 | 公用经费 of a 基本支出决算表)."""

    id: str
    label: str
    total_label: str


@dataclass(frozen=True)
class ClassifiedSpec:
    codes: str  # "functional" | "economic"
    code_header: str
    columns: tuple[Column, ...]
    split_codes: bool = False  # the code printed in 类 / 款 / 项 columns
    groups: tuple[RowGroup, ...] = ()  # none: the rows and total stand at the table's top level
    total_label: str = "合计"
    total_last: bool = False
    side_by_side: bool = False  # the groups printed as column blocks side by side (人员经费 | 公用经费)

    @property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)

    @property
    def code_lengths(self) -> tuple[int, ...]:
        return (3, 5, 7) if self.codes == "functional" else (3, 5)


@dataclass(frozen=True)
class FixedSpec:
    sides: tuple[Side, ...]
    equal: tuple[tuple[str, str], ...] = ()
    transposed: bool = False  # rows printed as columns (a 三公 table printed as one line per column)

    def side(self, side_id: str) -> Side:
        return next(s for s in self.sides if s.id == side_id)


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


# How the parts of a field (预算数, 财政资金 …) print in a form whose rows are declared:
# - ``down``: the field's label spans the parts' rows, one part label and value a row (宁夏's 项目资金);
# - ``across``: the label, then each part's label and value, on one printed row (河北's 预算规模);
# - ``above``: the label spans two rows, the part labels side by side over their values (资金支出计划).
PART_ARRANGEMENTS = ("down", "across", "above")


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    type: str = "text"
    parts: tuple[str, ...] = ()  # a mapping of named values (预算数, 财政资金 …), one printed row each
    required: bool = False
    always: bool = False  # printed even when empty
    place: str = "form"  # "form" (a row of the form) | "meta" (the line above the table) | "private" | "data"
    facts: Facts = Facts()
    # how a field's parts print in a section that declares its ``rows`` (see ``PART_ARRANGEMENTS``)
    arrange: str = "down"


@dataclass(frozen=True)
class FormList:
    """Rows of a form given as lists of cells (indicators, fund lines, projects)."""

    key: str
    label: str
    columns: tuple[Column, ...]
    required: bool = False
    facts: Facts = Facts()
    total_label: str | None = None  # the text of the first column that marks the list's total row
    names: str | None = None  # the column whose cell names a row in messages (三级指标); else the first

    @property
    def name_column(self) -> int:
        """The index of the column that names a row (the indicator a user recognises)."""
        ids = [c.id for c in self.columns]
        return ids.index(self.names) if self.names in ids else 0

    def row_name(self, row: list[str]) -> str:
        """How a message names one row: ``三级指标“群众满意度”`` (the naming column and its cell; when
        that cell is blank, the nearest filled cell before it, named by its own column)."""
        i = self.name_column
        for j in [i, *range(i - 1, -1, -1)]:
            if j < len(row) and row[j].strip():
                return f"{self.columns[j].id}“{row[j].strip()}”"
        return f"{self.columns[i].id}（空白）"


@dataclass(frozen=True)
class FormSection:
    """One printed block of a form: fields as label/value rows, or lists as a table."""

    caption: str  # may use {heading}, {unit} and {field} placeholders
    fields: tuple[FormField, ...] = ()
    lists: tuple[FormList, ...] = ()
    header: tuple[tuple[HeaderCell, ...], ...] = ()  # explicit header rows of a list section
    merge_down: int = 0  # leading list columns merged down runs of equal values (指标 groups)
    style: str = "data"  # "data" | "indicators"
    optional: bool = False  # left out when all its fields are empty
    wide: bool = False
    # the printed rows of its fields, as the source's form prints them: each row the keys of the
    # fields that share it, label beside value (项目编码 | … | 项目名称 | …). None declared: one
    # label/value row per field (a part of a field ``预算规模·预算数`` per row).
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class SumRule:
    """``total`` = Σ ``parts`` (field paths ``budget.预算数``; a part written ``−path`` is
    subtracted), or Σ a list column = ``equals`` (a number, or the field path whose figure it is)."""

    total: str | None = None
    parts: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    list: str | None = None
    column: str | None = None
    equals: str | None = None
    group_by: int | None = None  # sum the column per run of equal values in this column (one form per group)

    @property
    def terms(self) -> tuple[Term, ...]:
        return signed_terms(self.parts, self.minus)


@dataclass(frozen=True)
class RatioRule:
    """In every row of a list: ``column`` (%) = ``numerator`` ÷ ``denominator`` (执行率 = 执行数 ÷ 预算数);
    or ``column`` = the product of ``times`` (a percentage and a number: 得分 = 执行率 × 分值), capped
    at the row's ``at_most`` column when given; or, with ``at_most`` alone, ``column`` ≤ the row's
    ``at_most`` column (得分 ≤ 分值)."""

    list: str
    column: str
    numerator: str | None = None
    denominator: str | None = None
    at_most: str | None = None
    times: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormSpec:
    sections: tuple[FormSection, ...]
    subject: str | None = None  # the field that names the form in a 目录 (项目名称)
    amount: str | None = None  # the field path holding the form's amount (项目支出 = Σ amounts)
    sums: tuple[SumRule, ...] = ()
    ratios: tuple[RatioRule, ...] = ()

    @property
    def fields(self) -> tuple[FormField, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    @property
    def lists(self) -> tuple[FormList, ...]:
        return tuple(x for s in self.sections for x in s.lists)


@dataclass(frozen=True)
class GroupedItemsSpec:
    columns: tuple[Column, ...]
    label_column: str  # the column that names the row (项目名称)
    group_label: str  # the key that names a group (unit)
    row_sum: SumRule | None = None
    summed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemListSpec:
    columns: tuple[Column, ...]
    label_column: str
    total_column: str
    total_label: str
    date_field: str | None = None  # e.g. as_of: 截止时间
    date_label: str | None = None


@dataclass(frozen=True)
class GenericSpec:
    pass


Spec = ClassifiedSpec | FixedSpec | FormSpec | GroupedItemsSpec | ItemListSpec | GenericSpec


@dataclass(frozen=True)
class DisclosureKind:
    """A kind of disclosure (公开类型: 预算, 决算), declared in ``layouts/disclosure_kinds.yml``."""

    id: str  # 预算
    order: int  # its place among a department's disclosures of one year (预算 first)
    wording: str  # how titles, links and metadata name it: 部门预算
    phase: str  # the Fiscal Data Package phase of its figures: approved
    date_year: int = 0  # a PDF's default date: 1 January of the disclosure's year plus this
    compared_with: str | None = None  # its tables shown beside those of this kind of its year


@dataclass(frozen=True)
class TableKind:
    id: str
    title: str
    structure: str
    spec: Spec
    description: str = ""
    required_in: tuple[str, ...] = ()  # the 公开 kinds (预算, 决算) whose full set includes this table
    header_block: bool = False  # the line 部门 · 年度 · 单位 above the table
    show_unit: bool = True
    unit: str | None = None  # a unit of its own (元), else the disclosure's
    quantities: dict[str, str] = field(default_factory=dict)  # name → cell reference in this table
    loc: Location | None = None
    source: str = ""  # the layout file that declared it
    facts: Facts = Facts()
    # the 预算 tables a 决算 table of this kind is shown beside (layouts/pairings.yml and a site's
    # layouts/pairings.yml), the site's first: the first whose 预算 kind the 预算 holds is used
    pairings: tuple[Pairing, ...] = ()


@dataclass(frozen=True)
class PairedColumn:
    """A figure compared: the 决算 table's column beside the 预算 table's (layouts/pairings.yml)."""

    final: str
    budget: str
    label: str


@dataclass(frozen=True)
class PairedRow:
    """A fixed row of the 决算 table and the 预算 row that holds the same money."""

    final: str
    budget: str


@dataclass(frozen=True)
class Pairing:
    """A 决算 table shown beside a 预算 table of the same department and year, with 完成率.

    ``by_code``: classification tables, rows matched by 科目编码; else the declared ``rows``.
    """

    final: str  # kind id of the 决算's table
    budget: str  # kind id of the 预算's table
    caption: str
    columns: tuple[PairedColumn, ...]
    by_code: bool = False
    rows: tuple[PairedRow, ...] = ()
    side: str | None = None  # the side of a fixed-row table (default: its first)
    loc: Location | None = None
