"""Each table kind laid out as grids, following its declarative layout."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from generator.layouts import Column, other_layouts
from generator.model.money import format_money, format_plain
from generator.model.tables import (
    AssetsTable,
    ClassifiedTable,
    FixedTable,
    GenericTable,
    HubeiPerformanceTable,
    IndicatorTable,
    ProcurementTable,
    ProjectTable,
    Table,
)
from generator.render.grid import Cell, Grid, merge_down
from generator.render.markdown import to_html, to_plain

WIDE_COLUMNS = 9  # tables with more columns than this print on landscape pages


def money(value: Decimal | None, computed: bool = False, strong: bool = False) -> Cell:
    return Cell(text=format_money(value), numeric=True, value=value, computed=computed, strong=strong)


def plain_number(value: Decimal | None) -> Cell:
    return Cell(text=format_plain(value), numeric=True, value=value)


def th(text: str, colspan: int = 1, rowspan: int = 1, scope: str = "col") -> Cell:
    return Cell(text=text, header=True, colspan=colspan, rowspan=rowspan,
                scope="colgroup" if colspan > 1 else scope)


def _column_headers(columns, first: list[Cell], groups_row: bool) -> list[list[Cell]]:
    """Two header rows: grouped columns under a spanning cell, others spanning both rows."""
    top: list[Cell] = list(first)
    bottom: list[Cell] = []
    i = 0
    columns = list(columns)
    while i < len(columns):
        column = columns[i]
        if column.group and groups_row:
            run = [c for c in columns[i:]]
            span = 0
            for c in run:
                if c.group != column.group:
                    break
                span += 1
            top.append(th(column.group, colspan=span))
            bottom.extend(th(c.label) for c in columns[i : i + span])
            i += span
        else:
            top.append(th(column.label, rowspan=2 if groups_row else 1))
            i += 1
    return [top, bottom] if groups_row else [top]


def _lanci_row(count: int, leading: int = 1) -> list[Cell]:
    """The 栏次 row numbering the columns, as the documents print it."""
    return [th("栏次", scope="row")] + [th(str(n)) for n in range(1, count - leading + 1)]


def classified_grid(table: ClassifiedTable) -> list[Grid]:
    layout = table.layout
    has_groups = any(c.group for c in layout.columns)
    first = [th("序号", rowspan=2), th(layout.code_header, colspan=2)]
    header = _column_headers(layout.columns, first, True)
    if not has_groups:
        # the code header still needs its second row: 科目编码 / 科目名称
        header[1:] = [[]]
    header[1][0:0] = [Cell(text="科目编码", header=True, scope="col", code=True), th("科目名称")]
    header.append(_lanci_row(2 + len(layout.columns) + 1))
    body: list[list[Cell]] = []
    if table.rows or table.total_given:
        body.append([Cell(text="1"), Cell(text=""), Cell(text="合计", header=True, strong=True)]
                    + [money(table.total.get(c.id), computed=not table.total_given, strong=True) for c in layout.columns])
    for number, row in enumerate(table.rows, start=len(body) + 1):
        body.append([Cell(text=str(number)), Cell(text=row.code, code=True), Cell(text=row.name, header=True, level=row.level)]
                    + [money(row.values.get(c.id), computed=c.id not in row.value_locs) for c in layout.columns])
    grid = Grid(caption=table.heading, header=header, body=body,
                wide=len(layout.columns) + 3 > WIDE_COLUMNS, row_headers=3)
    return [grid]


def fixed_grid(table: FixedTable) -> list[Grid]:
    sides = table.layout.sides
    header_top: list[Cell] = [th("序号", rowspan=2)]
    header_bottom: list[Cell] = []
    for side in sides:
        width = 1 + len(side.columns)
        if side.heading:
            header_top.append(th(side.heading, colspan=width))
            header_bottom.append(th(side.label_header))
            header_bottom.extend(th(c.label) for c in side.columns)
        else:
            header_top.append(th(side.label_header, rowspan=2))
            group = side.columns_group or ""
            header_top.append(th(group, colspan=len(side.columns)))
            header_bottom.extend(th(c.label) for c in side.columns)
    total_width = 1 + sum(1 + len(s.columns) for s in sides)
    header = [header_top, header_bottom, _lanci_row(total_width)]
    body_len = max(len(s.body) for s in sides)
    footer_len = max(len(s.footer) for s in sides)
    body: list[list[Cell]] = []

    def side_cells(side, row) -> list[Cell]:
        if row is None or row.is_blank:
            return [Cell()] + [Cell(numeric=True) for _ in side.columns]
        strong = bool(row.sum_of)
        computed = (side.id, row.id) in table.computed
        return [Cell(text=row.label, header=True, level=row.level, strong=strong)] + [
            money(table.value(side.id, row.id, c.id), computed=computed, strong=strong) for c in side.columns
        ]

    for i in range(body_len + footer_len):
        cells: list[Cell] = [Cell(text=str(i + 1))]
        for side in sides:
            rows = list(side.body) + [None] * (body_len - len(side.body)) + list(side.footer) + [None] * (
                footer_len - len(side.footer))
            cells.extend(side_cells(side, rows[i]))
        body.append(cells)
    return [Grid(caption=table.heading, header=header, body=body, wide=total_width > WIDE_COLUMNS,
                 row_headers=2)]


def generic_grid(table: GenericTable) -> list[Grid]:
    header = [[th(c.text, colspan=c.colspan, rowspan=c.rowspan) for c in row] for row in table.header]
    body = [[Cell(text=text, numeric=i in table.numeric, header=i == 0) for i, text in enumerate(row)]
            for row in table.rows]
    width = sum(c.colspan for c in header[0]) if header else (len(body[0]) if body else 0)
    return [Grid(caption=table.heading, header=header, body=body, wide=width > WIDE_COLUMNS)]


def indicator_grid(caption: str, columns: list[str], rows: list[list[str]], depth: int,
                   value_group: dict | None = None) -> Grid:
    if value_group:
        grouped = value_group["columns"]
        top: list[Cell] = []
        bottom: list[Cell] = []
        i = 0
        while i < len(columns):
            if columns[i] == grouped[0]:
                top.append(th(value_group["label"], colspan=len(grouped)))
                bottom.extend(th(c) for c in grouped)
                i += len(grouped)
            else:
                top.append(th(columns[i], rowspan=2))
                i += 1
        header = [top, bottom]
    else:
        header = [[th(c) for c in columns]]
    body = merge_down(rows, depth) if rows else []
    return Grid(caption=caption, header=header, body=body, wide=len(columns) > WIDE_COLUMNS,
                row_headers=0, layout="indicators")


def indicators_table_grid(table: IndicatorTable) -> list[Grid]:
    spec = other_layouts()[table.kind]
    return [indicator_grid(table.heading, table.columns, table.indicators, table.merge_down,
                           spec.get("value_group"))]


def markdown_cell(text: str | None) -> Cell:
    """A cell holding Markdown (lists, paragraphs): HTML for the page, plain text for the data."""
    return Cell(text=to_plain(text), html=to_html(text))


def form_grid(caption: str, pairs: list[tuple[str, Cell]]) -> Grid:
    """Label/value rows (the upper block of a 绩效目标表)."""
    body = [[th(label, scope="row"), cell] for label, cell in pairs]
    return Grid(caption=caption, header=[], body=body, layout="form", row_headers=1)


def project_grids(table: ProjectTable) -> list[Grid]:
    pairs: list[tuple[str, Cell]] = []
    if table.code:
        pairs.append(("项目编码", Cell(text=table.code)))
    pairs.append(("项目名称", Cell(text=table.name)))
    for label, value in table.details.items():
        if value:
            pairs.append((label, Cell(text=value)))
    funds_label = "预算规模" if table.kind == "project_hebei" else "项目资金"
    for label, amount in table.budget.items():
        pairs.append((f"{funds_label}（{table.unit}）·{label}", plain_number(amount)))
    if table.purpose:
        pairs.append(("资金用途", Cell(text=table.purpose)))
    months = other_layouts()[table.kind].get("spending_months", [])
    for month in months:
        if table.kind == "project_hebei":
            pairs.append((f"资金支出计划（%）·{month}", Cell(text=table.spending_plan.get(month, ""))))
    if table.goal:
        pairs.append(("绩效目标" if table.kind == "project_hebei" else "年度总体目标", Cell(text=table.goal)))
    caption = table.heading
    return [form_grid(caption, pairs),
            indicator_grid(f"{caption}·绩效指标", table.columns, table.indicators, table.merge_down)]


def hubei_grids(table: HubeiPerformanceTable) -> list[Grid]:
    spec = other_layouts()[table.kind]
    pairs: list[tuple[str, Cell]] = [("部门（单位）名称", Cell(text=table.department_name))]
    if table.filled_on:
        pairs.append(("填报日期", Cell(text=table.filled_on)))
    grids = [form_grid(table.heading, pairs)]
    fund_header = [[th("项目", rowspan=2), th("名称", rowspan=2), th("当年金额", rowspan=2), th("占比", rowspan=2),
                    th("近两年收支金额", colspan=2)], [th(y) for y in table.years]]
    fund_body: list[list[Cell]] = []
    for label, rows in (("收入构成", table.income), ("支出构成", table.expenditure)):
        for i, row in enumerate(rows):
            cells = [Cell(text=label, header=True, rowspan=len(rows))] if i == 0 else []
            cells.append(Cell(text=row[0], header=True, strong=row[0] == "合计"))
            cells.extend(Cell(text=v, numeric=True) for v in row[1:])
            fund_body.append(cells)
    grids.append(Grid(caption="部门总体资金情况（万元）", header=fund_header, body=fund_body, row_headers=2))
    grids.append(form_grid("部门职能与年度工作任务", [("部门职能概述", markdown_cell(table.functions)),
                                                ("年度工作任务", markdown_cell(table.tasks))]))
    project_body = [[Cell(text=r[0], header=True)] + [Cell(text=v, numeric=c in spec["project_money"])
                    for c, v in zip(spec["project_columns"][1:], r[1:], strict=True)] for r in table.projects]
    grids.append(Grid(caption="项目支出情况", header=[[th(c) for c in spec["project_columns"]]], body=project_body))
    grids.append(form_grid("整体绩效总目标", [("长期目标", Cell(text=table.goal_long_term or "")),
                                         ("年度目标", Cell(text=table.goal_annual or ""))]))
    if table.long_term_targets:
        grids.append(form_grid("长期目标", [("长期目标", markdown_cell(table.long_term_targets))]))
    grids.append(indicator_grid("长期绩效指标", spec["long_term_indicator_columns"], table.long_term_indicators,
                                spec["merge_down"]))
    if table.annual_targets:
        grids.append(form_grid("年度目标", [("年度目标", markdown_cell(table.annual_targets))]))
    annual_columns = spec["annual_indicator_columns"]
    annual = indicator_grid("年度绩效指标", annual_columns, table.annual_indicators, spec["merge_down"])
    annual.header = [
        [th(c, rowspan=3) for c in annual_columns[:3]] + [th("指标值", colspan=3)]
        + [th(c, rowspan=3) for c in annual_columns[6:]],
        [th("近两年指标值", colspan=2), th("预期当年实现值", rowspan=2)],
        [th(f"前年（{table.years[0]}）"), th(f"上年（{table.years[-1]}）")],
    ]
    annual.wide = True
    grids.append(annual)
    return grids


def procurement_grid(table: ProcurementTable) -> list[Grid]:
    spec = other_layouts()[table.kind]
    columns = [Column(id=c["id"], label=c.get("label", c["id"]), group=c.get("group")) for c in spec["columns"]]
    header = _column_headers(columns, [], True)
    money_cols = set(spec["money_columns"])

    def row_cells(label: str, values: dict, texts: dict | None = None, strong: bool = False) -> list[Cell]:
        cells = []
        for c in columns:
            if c.id == "项目名称":
                cells.append(Cell(text=label if texts is None else texts.get("项目名称", ""), header=True, strong=strong))
            elif c.id in money_cols:
                cells.append(money(values.get(c.id), strong=strong))
            elif c.id in spec["quantity_columns"]:
                cells.append(plain_number(values.get(c.id)))
            else:
                cells.append(Cell(text="" if texts is None else texts.get(c.id, "")))
        return cells

    body = [row_cells("合计", table.total, strong=True)]
    for group in table.groups:
        body.append(row_cells(f"{group.unit}小计", group.subtotal, strong=True))
        body.extend(row_cells("", item.money, item.values) for item in group.items)
    return [Grid(caption=table.heading, header=header, body=body, wide=True, row_headers=1)]


def assets_grid(table: AssetsTable) -> list[Grid]:
    header = [[th("项目"), th("数量"), th(f"价值（金额单位：{table.unit}）")]]
    body = [[Cell(text="资产总额", header=True, strong=True), Cell(numeric=True),
             money(table.total, computed=not table.total_given, strong=True)]]
    for row in table.rows:
        body.append([Cell(text=row.label, header=True, level=1 if row.part_of_previous else 0),
                     plain_number(row.quantity), money(row.value)])
    return [Grid(caption=table.heading, header=header, body=body)]


GRIDS: dict[type, Callable[..., list[Grid]]] = {
    ClassifiedTable: classified_grid,
    FixedTable: fixed_grid,
    GenericTable: generic_grid,
    IndicatorTable: indicators_table_grid,
    ProjectTable: project_grids,
    HubeiPerformanceTable: hubei_grids,
    ProcurementTable: procurement_grid,
    AssetsTable: assets_grid,
}


def grids_for(table: Table, anchor: str) -> list[Grid]:
    grids = GRIDS[type(table)](table)
    for i, grid in enumerate(grids):
        grid.assign_header_ids(f"{anchor}-{i}")
    return grids
