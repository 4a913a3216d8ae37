"""预算 beside 决算: a 决算 table shown with the 年初预算 of the same department and year, and 完成率.

Which tables pair, which rows match (by 科目编码, or the declared rows) and which columns are
compared is declared in ``generator/layouts/pairings.yml``; nothing here knows a kind.

完成率 = 决算 ÷ 年初预算 × 100, two decimals, half up, computed on the exact figures (both in 元
when the two tables print different units). It is left blank, with a note saying why, when the
年初预算 is blank, printed “—” or 0 (no division by zero), or when the 决算 gives no figure.
Every figure is shown exactly as printed, and links to the table it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from markupsafe import escape

from generator.layouts.spec import Pairing
from generator.model.money import Figure, amount, format_figure
from generator.model.tables import ClassifiedTable, FixedTable, Table
from generator.render.grid import Cell, Grid
from generator.render.tables import th

if TYPE_CHECKING:
    from generator.render.views import BlockView, DisclosureView

UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000)}
HUNDREDTH = Decimal("0.01")

BUDGET_BLANK = "年初预算空白，不计算完成率"
BUDGET_ZERO = "年初预算为 0，不计算完成率"
FINAL_BLANK = "决算数空白，不计算完成率"
ONLY_IN_FINAL = "年初预算未列此项"
ONLY_IN_BUDGET = "决算未列此项"
EXPLANATION = (
    "完成率 = 决算数 ÷ 年初预算数 × 100%，保留两位小数。年初预算空白或为 0 时不计算完成率；"
    "金额均按原表印刷，点击金额可查看所在的表。"
)


@dataclass(frozen=True)
class Compared:
    """One figure compared: the 年初预算 and the 决算 as printed, and the 完成率 (or why there is none)."""

    budget: Figure
    final: Figure
    rate: Decimal | None
    note: str = ""

    @property
    def rate_text(self) -> str:
        return "" if self.rate is None else f"{self.rate}%"


@dataclass(frozen=True)
class ComparedRow:
    code: str  # 科目编码 ("" for a 合计 or a fixed row)
    name: str
    level: int
    figures: tuple[Compared, ...]  # one per declared column
    only: str = ""  # ONLY_IN_FINAL / ONLY_IN_BUDGET
    strong: bool = False

    @property
    def notes(self) -> str:
        return self.only


@dataclass
class ComparisonView:
    """What a 决算 table page shows under the table: its figures beside the 年初预算."""

    caption: str
    budget_label: str  # the 预算 disclosure, as a link names it (“2024年部门预算”)
    budget_table: str  # the 预算 table's heading
    budget_href: str  # the 预算 table, from a page of the 决算
    final_href: str  # the 决算 table, from its own page
    grid: Grid
    rows: list[ComparedRow] = field(default_factory=list)
    explanation: str = EXPLANATION
    anchor: str = ""
    # what the disclosure's JSON download says of it (steps/disclosure_json.py)
    columns: tuple[str, ...] = ()  # the compared columns' labels, in the order of each row's figures
    units: tuple[str, str] = ("", "")  # (决算, 年初预算)
    budget_path: str = ""  # the 预算 disclosure's folder: "2024/moumou-caizhengju-yusuan"
    budget_kind: str = ""  # its table's kind id

    @property
    def csv_href(self) -> str:
        """Its download, beside the table's own CSV (``data/t2-compare.csv``)."""
        return f"data/{self.anchor}.csv"


def completion_rate(final: Figure, budget: Figure, final_unit: str, budget_unit: str) -> Compared:
    """决算 ÷ 年初预算 as a percentage with two decimals; blank with a note where it cannot be computed."""
    b, f = amount(budget), amount(final)
    if b is None:
        return Compared(budget, final, None, BUDGET_BLANK if f is not None else "")
    if b == 0:
        return Compared(budget, final, None, BUDGET_ZERO)
    if f is None:
        return Compared(budget, final, None, FINAL_BLANK)
    ratio = (f * UNIT_FACTORS[final_unit]) / (b * UNIT_FACTORS[budget_unit]) * 100
    return Compared(budget, final, ratio.quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def pairing_for(final: Table, budget_kinds: set[str]) -> Pairing | None:
    """The first declared pairing of this 决算 table whose 预算 kind the 预算 holds."""
    return next((p for p in final.kind.pairings if p.budget in budget_kinds), None)


def _compare(final: Table, budget: Table, pairing: Pairing) -> list[ComparedRow]:
    units = (final.unit, budget.unit)

    def figures(final_values: dict[str, Figure], budget_values: dict[str, Figure]) -> tuple[Compared, ...]:
        return tuple(
            completion_rate(final_values.get(c.final), budget_values.get(c.budget), *units) for c in pairing.columns
        )

    rows: list[ComparedRow] = []
    if isinstance(final, ClassifiedTable) and isinstance(budget, ClassifiedTable):
        total = ComparedRow("", final.layout.total_label, 0, figures(final.total, budget.total), strong=True)
        final_rows = {r.code: r for r in final.rows}
        budget_rows = {r.code: r for r in budget.rows}
        for code in sorted(final_rows.keys() | budget_rows.keys()):
            f, b = final_rows.get(code), budget_rows.get(code)
            shown = f or b
            name = shown.name if shown is not None else ""
            level = {3: 0, 5: 1, 7: 2}.get(len(code), 0)
            values = figures(f.values if f else {}, b.values if b else {})
            if f is None or b is None:  # the whole row is missing on one side: one note says so
                values = tuple(Compared(v.budget, v.final, None) for v in values)
            only = ONLY_IN_FINAL if b is None else ONLY_IN_BUDGET if f is None else ""
            rows.append(ComparedRow(code, name, level, values, only))
        return rows + [total] if final.layout.total_last else [total, *rows]
    if isinstance(final, FixedTable) and isinstance(budget, FixedTable):
        final_side = pairing.side or final.layout.sides[0].id
        budget_side = pairing.side or budget.layout.sides[0].id
        declared = final.layout.side(final_side)
        for row in pairing.rows:
            printed = declared.row(row.final)
            rows.append(
                ComparedRow(
                    "",
                    printed.label if printed else row.final,
                    printed.level if printed else 0,
                    figures(
                        final.values.get(final_side, {}).get(row.final, {}),
                        budget.values.get(budget_side, {}).get(row.budget, {}),
                    ),
                    strong=bool(printed and printed.bold),
                )
            )
    return rows


def _link(text: str, href: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>' if text else ""


def _grid(
    pairing: Pairing, rows: list[ComparedRow], units: tuple[str, str], hrefs: tuple[str, str], by_code: bool
) -> Grid:
    final_unit, budget_unit = units
    final_href, budget_href = hrefs
    lead = [th("科目编码", rowspan=2), th("科目名称", rowspan=2)] if by_code else [th("项目", rowspan=2)]
    lead[0].code = by_code
    top = [*lead, *(th(c.label, colspan=3) for c in pairing.columns), th("说明", rowspan=2)]
    bottom = [
        cell
        for _ in pairing.columns
        for cell in (th(f"年初预算（{budget_unit}）"), th(f"决算（{final_unit}）"), th("完成率"))
    ]
    body: list[list[Cell]] = []
    for row in rows:
        cells: list[Cell] = [Cell(text=row.code, code=True)] if by_code else []
        cells.append(Cell(text=row.name, header=True, level=row.level, strong=row.strong))
        notes = [row.only] if row.only else []
        for column, figure in zip(pairing.columns, row.figures, strict=True):
            for value, href in ((figure.budget, budget_href), (figure.final, final_href)):
                text = format_figure(value)
                cells.append(
                    Cell(text=text, numeric=True, value=amount(value), html=_link(text, href), strong=row.strong)
                )
            cells.append(Cell(text=figure.rate_text, numeric=True, value=figure.rate, strong=row.strong))
            if figure.note:
                notes.append(f"{column.label}：{figure.note}" if len(pairing.columns) > 1 else figure.note)
        cells.append(Cell(text="；".join(notes)))
        body.append(cells)
    return Grid(
        caption=f"{pairing.caption}：决算与年初预算对比",
        header=[top, bottom],
        body=body,
        wide=len(pairing.columns) * 3 + len(lead) + 1 > 9,
        row_headers=len(lead),
    )


def compare(
    pairing: Pairing,
    final: Table,
    final_anchor: str,
    budget: Table,
    budget_href: str,
    budget_label: str,
    budget_heading: str,
    budget_path: str = "",
) -> ComparisonView | None:
    """A 决算 table beside the 预算 table ``pairing`` pairs it with (None when a unit is unknown)."""
    if final.unit not in UNIT_FACTORS or budget.unit not in UNIT_FACTORS:
        return None
    rows = _compare(final, budget, pairing)
    anchor = f"{final_anchor}-compare"
    grid = _grid(pairing, rows, (final.unit, budget.unit), (f"#{final_anchor}", budget_href), pairing.by_code)
    grid.assign_header_ids(anchor)
    return ComparisonView(
        caption=grid.caption,
        budget_label=budget_label,
        budget_table=budget_heading,
        budget_href=budget_href,
        final_href=f"#{final_anchor}",
        grid=grid,
        rows=rows,
        anchor=anchor,
        columns=tuple(c.label for c in pairing.columns),
        units=(final.unit, budget.unit),
        budget_path=budget_path,
        budget_kind=budget.kind.id,
    )


def _table_hrefs(view: DisclosureView) -> dict[str, tuple[BlockView, str]]:
    """Each table of a disclosure by kind (the first of a kind), with its address from a page of another
    disclosure: ``../../2024/moumou-caizhengju-yusuan/05.html#t5``."""
    found: dict[str, tuple[BlockView, str]] = {}
    for page in view.pages:
        for block in page.block.tables():
            if block.table is not None and block.table.kind.id not in found:
                href = f"../../{view.path}/{block.page_href or page.filename}#{block.anchor}"
                found[block.table.kind.id] = (block, href)
    return found


def attach(final: DisclosureView, budget: DisclosureView | None) -> None:
    """Give each table of the 决算 ``final`` its comparison with the 预算 ``budget`` (of the same
    department and year) where a pairing is declared; ``None`` clears them."""
    budget_tables = _table_hrefs(budget) if budget is not None else {}
    for block in final.tables:
        block.comparison = None
        if budget is None or block.table is None:
            continue
        pairing = pairing_for(block.table, set(budget_tables))
        if pairing is None:
            continue
        other, href = budget_tables[pairing.budget]
        assert other.table is not None
        block.comparison = compare(
            pairing, block.table, block.anchor, other.table, href, budget.label, other.heading, budget.path
        )
