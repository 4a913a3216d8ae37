"""Open data: a Fiscal Data Package per disclosure and one for the site (``datapackage.json`` + tidy CSV).

One CSV row per published amount: the disclosure (department, year, phase), the table, the row
(科目编码 and name, with the 类/款/项 it belongs to, or the printed row label of a fixed table),
the column (measure, and the spanning header above it, e.g. a fund), the amount exactly as
published, its unit and factor, and whether Gongkai computed it (a sum the source left out).
Made from the layout declarations (the structure of a table, its columns and rows), never from
table kind names: what an amount is (its direction, fund, measure) is declared in the layouts
(``direction``/``fund``/``measure``/``phase`` on a kind, side, row, list or column). Forms give
their money fields and the money columns of their lists, 政府采购 its items, subtotals and total,
资产 its 价值; texts, percentages and counts are not amounts.

A blank cell and a cell printed with a dash (“—”, “-”, “／”…: published, no amount) give no row:
the ``amount`` column is an FDP ``value`` of type number, and neither is a number. The dash itself
is kept as printed in the table CSV, the workbook and the disclosure JSON; here a missing row
means “no amount”, whichever way the source said it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from generator.layouts.registry import disclosure_kind
from generator.layouts.spec import Column, Facts
from generator.model.document import Disclosure
from generator.model.money import MoneyError, parse_money
from generator.model.tables import (
    ClassifiedTable,
    CodeGroup,
    FixedTable,
    FormTable,
    GroupedItemsTable,
    ItemListTable,
    Money,
    Table,
)
from generator.render.json_text import pretty_json
from generator.render.views import DisclosureView
from generator.steps import Output
from generator.steps.tables_csv import safe_row

DIRECTIONS = {"收入": "revenue", "支出": "expenditure"}  # FDP's direction
FACTORS = {"万元": 10000, "元": 1}
LEVELS = ("类", "款", "项")
CLASSIFICATIONS = {"functional": "functional-classification", "economic": "economic-classification"}

# name, Chinese title, type, FDP columnType (the budget taxonomy; None: descriptive only)
FIELDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("department_code", "部门编码", "string", "administrative-classification:generic:code"),
    ("department", "部门", "string", "administrative-classification:generic:label"),
    ("year", "年度（金额所属年度）", "integer", "date:fiscal-year"),
    ("phase", "预算阶段（approved 预算 / executed 决算）", "string", "phase:id"),
    ("direction", "收支方向（revenue 收入 / expenditure 支出；结转结余等为空）", "string", "direction"),
    (
        "fund",
        "资金性质（财政拨款、一般公共预算、政府性基金预算、国有资本经营预算、财政专户管理资金、单位资金）",
        "string",
        "fin-source:generic:label",
    ),
    ("table", "表式", "string", None),
    ("table_title", "表名", "string", None),
    ("classification", "分类（functional 功能分类 / economic 经济分类）", "string", None),
    ("name", "科目名称、行名或项目名称", "string", None),
    ("level", "层级（类/款/项；合计行为空）", "string", None),
    ("functional_code", "功能分类科目编码", "string", "functional-classification:generic:code"),
    ("functional_name", "功能分类科目名称", "string", "functional-classification:generic:label"),
    ("functional_level1_code", "功能分类类编码", "string", "functional-classification:generic:level1:code"),
    ("functional_level1_name", "功能分类类名称", "string", "functional-classification:generic:level1:label"),
    ("functional_level2_code", "功能分类款编码", "string", "functional-classification:generic:level2:code"),
    ("functional_level2_name", "功能分类款名称", "string", "functional-classification:generic:level2:label"),
    ("functional_level3_code", "功能分类项编码", "string", "functional-classification:generic:level3:code"),
    ("functional_level3_name", "功能分类项名称", "string", "functional-classification:generic:level3:label"),
    ("economic_code", "经济分类科目编码", "string", "economic-classification:generic:code"),
    ("economic_name", "经济分类科目名称", "string", "economic-classification:generic:label"),
    ("economic_level1_code", "经济分类类编码", "string", "economic-classification:generic:level1:code"),
    ("economic_level1_name", "经济分类类名称", "string", "economic-classification:generic:level1:label"),
    ("economic_level2_code", "经济分类款编码", "string", "economic-classification:generic:level2:code"),
    ("economic_level2_name", "经济分类款名称", "string", "economic-classification:generic:level2:label"),
    ("project", "项目名称（项目绩效目标表）", "string", "activity:generic:project:label"),
    ("row_group", "行组（如人员经费/公用经费、采购单位、收入构成）", "string", None),
    ("side", "栏（收支总表的收入/支出）", "string", None),
    ("column_group", "栏目组（如本年收入、资金性质）", "string", None),
    ("measure", "栏目（合计、基本支出、预算数……）", "string", "value-kind:label"),
    ("total", "是否合计行（合计、小计、总计）", "boolean", None),
    ("part_of_previous", "是否“其中”行（已计入上一行，不再相加）", "boolean", None),
    ("amount", "金额（按公开原样）", "number", "value"),
    ("unit", "单位", "string", None),
    ("factor", "换算为元的倍数（万元 10000，元 1）", "integer", None),
    ("computed", "是否由 Gongkai 计算（原文留空的合计）", "boolean", None),
)
NAMES = tuple(f[0] for f in FIELDS)


def _facts(facts: Facts, measure: str) -> dict[str, Any]:
    """The row's direction, fund, measure and phase as declared (the phase only when not the disclosure's)."""
    out: dict[str, Any] = {
        "direction": DIRECTIONS.get(facts.direction or "", ""),
        "fund": facts.fund or "",
        "measure": facts.measure or measure,
    }
    if facts.phase:
        out["phase"] = disclosure_kind(facts.phase).phase  # FDP's phase (disclosure_kinds.yml)
    return out


def _lineage(codes: str, lengths: tuple[int, ...], code: str, names: dict[str, str]) -> dict[str, str]:
    """A 科目's code and name and those of the 类/款/项 it belongs to, in its classification's columns."""
    out = {f"{codes}_code": code, f"{codes}_name": names.get(code, "")}
    for i, length in enumerate(lengths):
        if len(code) >= length:
            out[f"{codes}_level{i + 1}_code"] = code[:length]
            out[f"{codes}_level{i + 1}_name"] = names.get(code[:length], "")
    return out


def _column_facts(base: Facts, columns: Sequence[Column]) -> list[tuple[Column, dict[str, Any]]]:
    """Each value column with the facts of its amounts (the same for every row: made once a table)."""
    return [(column, _facts(base.then(column.facts), column.label)) for column in columns]


def _classified(table: ClassifiedTable) -> Iterator[dict[str, Any]]:
    spec = table.layout
    columns = _column_facts(table.kind.facts, spec.columns)
    for group in table.groups:
        names = {row.code: row.name for row in group.rows}
        for row in group.rows:
            lineage: dict[str, str] | None = None
            for column, facts in columns:
                value = row.values.get(column.id)
                if not isinstance(value, Decimal):  # a blank cell or a dash: no row (see _amount)
                    continue
                if lineage is None:
                    lineage = _lineage(spec.codes, spec.code_lengths[: row.level + 1], row.code, names)
                yield from _amount(
                    value,
                    column.id not in row.value_locs,
                    name=row.name,
                    level=LEVELS[row.level],
                    row_group=group.label,
                    column_group=column.group or "",
                    classification=spec.codes,
                    **facts,
                    **lineage,
                )
        yield from _group_total(table, group, columns)


def _group_total(
    table: ClassifiedTable, group: CodeGroup, columns: list[tuple[Column, dict[str, Any]]]
) -> Iterator[dict[str, Any]]:
    label = f"{group.label}{group.total_label}" if group.label else group.total_label
    for column, facts in columns:
        yield from _amount(
            group.total.get(column.id),
            column.id not in group.total_value_locs,
            name=label,
            total=True,
            row_group=group.label,
            column_group=column.group or "",
            classification=table.layout.codes,
            **facts,
        )


def _fixed(table: FixedTable) -> Iterator[dict[str, Any]]:
    for side in table.layout.sides:
        for row in side.rows:
            facts = table.kind.facts.then(side.facts).then(row.facts)
            lineage = {}
            if row.class_code:  # a 功能分类 类 row (收支总表)
                lineage = _lineage("functional", (3,), row.class_code, {row.class_code: row.id})
            for column in side.columns:
                value = table.value(side.id, row.id, column.id)
                if not isinstance(value, Decimal):  # a blank cell or a dash: no row (see _amount)
                    continue
                yield from _amount(
                    value,
                    (side.id, row.id) in table.computed,
                    name=row.label,
                    level="类" if row.class_code else "",
                    total=bool(row.sum_of),
                    part_of_previous=row.level > 0,
                    side=side.heading,
                    column_group=column.group or side.columns_group or "",
                    classification="functional" if row.class_code else "",
                    **_facts(facts.then(column.facts), column.label),
                    **lineage,
                )


def _form(table: FormTable) -> Iterator[dict[str, Any]]:
    """A form's amounts: its money fields (one row per part: 预算数, 财政资金 …) and the money columns of
    its lists (a row's name is its first cell); the form's subject (项目名称) names the project."""
    spec = table.layout
    project = table.subject or ""
    totals = {rule.total for rule in spec.sums if rule.total}
    for f in spec.fields:
        if f.type != "money":
            continue
        value = table.fields.get(f.key)
        parts = [(f"{f.key}.{p}", p, value.get(p) if isinstance(value, dict) else None) for p in f.parts]
        for path, measure, figure in parts or [(f.key, f.label, value)]:
            yield from _amount(
                figure,
                False,
                name=f.label,
                project=project,
                total=path in totals,
                **_facts(table.kind.facts.then(f.facts), measure),
            )
    for lst in spec.lists:
        money = [(i, c) for i, c in enumerate(lst.columns) if c.type == "money"]
        for cells in table.lists.get(lst.key, []) if money else []:
            label = cells[0] if cells else ""
            for i, column in money:
                yield from _amount(
                    _figure(cells[i] if i < len(cells) else ""),
                    False,
                    name=label,
                    project=project,
                    row_group=lst.label,
                    total=lst.total_label is not None and label == lst.total_label,
                    year_offset=column.year,
                    **_facts(table.kind.facts.then(lst.facts).then(column.facts), column.label),
                )


def _figure(text: str) -> Money:
    try:
        return parse_money(text) if text.strip() else None
    except MoneyError:  # a dash or a text: no amount (the check reports what is wrong)
        return None


def _grouped_items(table: GroupedItemsTable) -> Iterator[dict[str, Any]]:
    spec = table.layout
    money = [c for c in spec.columns if c.type == "money"]
    summed = [c for c in money if c.id in spec.summed]

    def amounts(
        columns: list[Column], values: dict[str, Money], computed: bool, **fields: Any
    ) -> Iterator[dict[str, Any]]:
        for column in columns:
            yield from _amount(
                values.get(column.id),
                computed,
                column_group=column.group or "",
                **fields,
                **_facts(table.kind.facts.then(column.facts), column.label),
            )

    yield from amounts(summed, table.total, not table.total_given, name="合计", total=True)
    for group in table.groups:
        yield from amounts(
            summed,
            group.subtotal,
            not group.subtotal_given,
            name=f"{group.label}小计",
            total=True,
            row_group=group.label,
        )
        for item in group.items:
            yield from amounts(
                money, item.money, False, name=item.values.get(spec.label_column, ""), row_group=group.label
            )


def _item_list(table: ItemListTable) -> Iterator[dict[str, Any]]:
    spec = table.layout
    money = [c for c in spec.columns if c.type == "money"]
    for column in money:
        if column.id == spec.total_column:
            yield from _amount(
                table.total,
                not table.total_given,
                name=spec.total_label,
                total=True,
                **_facts(table.kind.facts.then(column.facts), column.label),
            )
    for row in table.rows:
        for column in money:
            yield from _amount(
                row.values.get(column.id),
                False,
                name=row.label,
                part_of_previous=row.part_of_previous,
                **_facts(table.kind.facts.then(column.facts), column.label),
            )


def _amount(value: Money, computed: bool, **fields: Any) -> Iterator[dict[str, Any]]:
    """One row, or none for a blank cell or a printed dash (neither is 0: neither is an amount)."""
    if isinstance(value, Decimal):
        yield {"amount": f"{value:f}", "computed": computed, **fields}


ROWS: dict[type, Callable[[Any], Iterator[dict[str, Any]]]] = {
    ClassifiedTable: _classified,
    FixedTable: _fixed,
    FormTable: _form,
    GroupedItemsTable: _grouped_items,
    ItemListTable: _item_list,
}
BOOLEANS = ("total", "part_of_previous", "computed")


def tidy_rows(disclosure: Disclosure) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    common = {
        "department_code": disclosure.department.code or "",
        "department": disclosure.department.name,
        "phase": disclosure_kind(disclosure.kind).phase,
    }
    for table in disclosure.tables():
        rows = ROWS.get(type(table))
        if rows is None or not _numeric(table):
            continue
        fixed = {
            **common,
            "table": table.kind.id,
            "table_title": table.heading,
            "unit": table.unit,
            "factor": str(FACTORS.get(table.unit, "")),
        }
        for row in rows(table):
            record = {**fixed, **row}  # a row's own facts (its phase) before the disclosure's
            record["year"] = str(disclosure.year + record.pop("year_offset", 0))
            for name in BOOLEANS:
                record[name] = "true" if record.get(name) else "false"
            out.append({name: str(record.get(name, "")) for name in NAMES})
    return out


def has_amounts(disclosure: Disclosure) -> bool:
    """Whether :func:`tidy_rows` gives any row (the disclosure has open data), without making them all."""
    for table in disclosure.tables():
        rows = ROWS.get(type(table))
        if rows is not None and _numeric(table) and next(rows(table), None) is not None:
            return True
    return False


def _numeric(table: Table) -> bool:
    return table.unit in FACTORS


def tidy_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(NAMES)
    # names come from content: one that a spreadsheet would run as a formula is quoted as in every CSV
    writer.writerows(safe_row(row.values()) for row in rows)  # each row's keys are NAMES, in order
    return buffer.getvalue().encode("utf-8")


def _schema() -> dict[str, Any]:
    fields = []
    for name, title, kind, column_type in FIELDS:
        entry: dict[str, Any] = {"name": name, "title": title, "type": kind}
        if column_type:
            entry["columnType"] = column_type
        fields.append(entry)
    return {"fields": fields}


def _resource(name: str, path: str, title: str) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": _schema(),
    }


def _package(name: str, title: str, resources: list[dict[str, Any]], years: list[int]) -> bytes:
    """A Fiscal Data Package descriptor. Its ``profile`` is the Tabular Data Package that every Fiscal
    Data Package is (known to every Frictionless tool, so a package validates offline: the profile
    ``fiscal-data-package`` would be fetched from specs.frictionlessdata.io); the fiscal part is
    declared as FDP 1.0 does it, by each field's ``columnType`` from the budget taxonomy, with
    ``profiles`` (FDP 0.3's profile set), ``countryCode``, ``granularity`` and ``fiscalPeriod``."""
    package = {
        "profile": "tabular-data-package",
        "profiles": {"fiscal": "*", "tabular": "*"},
        "name": name,
        "title": title,
        "countryCode": "CN",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": f"{min(years)}-01-01", "end": f"{max(years)}-12-31"},  # China: calendar year
        "resources": resources,
    }
    return (pretty_json(package) + "\n").encode("utf-8")


def amounts_name(view: DisclosureView) -> str:
    # not named after the slug: a slug may be as long as a file name allows
    return "amounts.csv"


def run(output: Output) -> None:
    site_resources = []
    years: list[int] = []
    for view in output.views:
        d = view.disclosure
        name = f"{d.year}-{d.slug}"
        title = f"{d.title}（金额数据）"
        if view.path in output.taken_over:
            if not (output.staging / view.path / "data" / amounts_name(view)).is_file():
                continue
        else:
            rows = tidy_rows(d)
            if not rows:
                continue
            output.write(f"{view.path}/data/{amounts_name(view)}", tidy_csv(rows))
            output.write(
                f"{view.path}/data/datapackage.json",
                _package(name, title, [_resource(name, amounts_name(view), title)], [d.year]),
            )
        site_resources.append(_resource(name, f"{view.path}/data/{amounts_name(view)}", title))
        years.append(d.year)
    if site_resources:
        title = f"{output.site.title}（金额数据）"
        output.write("datapackage.json", _package("gongkai-site", title, site_resources, years))
