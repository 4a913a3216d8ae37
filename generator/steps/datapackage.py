"""Open data: a Fiscal Data Package per disclosure and one for the site (``datapackage.json`` + tidy CSV).

One CSV row per published amount: the disclosure (department, year, phase), the table, the row
(科目编码 and name, with the 类/款/项 it belongs to, or the printed row label of a fixed table),
the column (measure, and the spanning header above it, e.g. a fund), the amount exactly as
published, its unit and factor, and whether Gongkai computed it (a sum the source left out).
Made from the layout declarations (the structure of a table, its columns and rows), never from
table kind names. Tables without amounts per 科目 or row (forms, item lists) are not included yet.

A blank cell and a cell printed with a dash (“—”, “-”, “／”…: published, no amount) give no row:
the ``amount`` column is an FDP ``value`` of type number, and neither is a number. The dash itself
is kept as printed in the table CSV, the workbook and the disclosure JSON; here a missing row
means “no amount”, whichever way the source said it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from generator.model.document import Disclosure
from generator.model.tables import ClassifiedTable, CodeGroup, FixedTable, Money, Table
from generator.render.views import DisclosureView
from generator.steps import Output
from generator.steps.tables_csv import safe

PHASES = {"预算": "approved", "决算": "executed"}  # FDP's phase of a budget figure
FACTORS = {"万元": 10000, "元": 1}
LEVELS = ("类", "款", "项")

# name, Chinese title, type, FDP columnType (None: descriptive only)
FIELDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("department_code", "部门编码", "string", "administrative-classification:generic:code"),
    ("department", "部门", "string", "administrative-classification:generic:label"),
    ("year", "年度", "integer", "date:fiscal-year"),
    ("phase", "预算阶段（approved 预算 / executed 决算）", "string", "phase:id"),
    ("table", "表", "string", None),
    ("table_title", "表名", "string", None),
    ("classification", "分类（functional 功能分类 / economic 经济分类）", "string", None),
    ("code", "科目编码", "string", None),
    ("name", "科目名称或行名", "string", None),
    ("level", "层级（类/款/项；合计行为空）", "string", None),
    ("level1_code", "类编码", "string", None),
    ("level1_name", "类名称", "string", None),
    ("level2_code", "款编码", "string", None),
    ("level2_name", "款名称", "string", None),
    ("level3_code", "项编码", "string", None),
    ("level3_name", "项名称", "string", None),
    ("row_group", "行组（如人员经费/公用经费，各有合计）", "string", None),
    ("side", "栏（收支总表的收入/支出）", "string", None),
    ("column_group", "栏目组（如资金性质）", "string", None),
    ("measure", "栏目", "string", None),
    ("total", "是否合计行", "boolean", None),
    ("amount", "金额（按公开原样）", "number", "value"),
    ("unit", "单位", "string", None),
    ("factor", "换算为元的倍数", "integer", "value:factor"),
    ("computed", "是否由 Gongkai 计算（原文留空的合计）", "boolean", None),
)
NAMES = tuple(f[0] for f in FIELDS)


def _classified(table: ClassifiedTable) -> Iterator[dict[str, Any]]:
    spec = table.layout
    for group in table.groups:
        names = {row.code: row.name for row in group.rows}
        for row in group.rows:
            lineage: dict[str, str] = {}
            for i, length in enumerate(spec.code_lengths[: row.level + 1]):
                prefix = row.code[:length]
                lineage[f"level{i + 1}_code"] = prefix
                lineage[f"level{i + 1}_name"] = names.get(prefix, "")
            for column in spec.columns:
                yield from _amount(
                    row.values.get(column.id),
                    column.id not in row.value_locs,
                    code=row.code,
                    name=row.name,
                    level=LEVELS[row.level],
                    row_group=group.label,
                    column_group=column.group or "",
                    measure=column.label,
                    classification=spec.codes,
                    **lineage,
                )
        yield from _group_total(table, group)


def _group_total(table: ClassifiedTable, group: CodeGroup) -> Iterator[dict[str, Any]]:
    label = f"{group.label}{group.total_label}" if group.label else group.total_label
    for column in table.layout.columns:
        yield from _amount(
            group.total.get(column.id),
            column.id not in group.total_value_locs,
            name=label,
            total=True,
            row_group=group.label,
            column_group=column.group or "",
            measure=column.label,
            classification=table.layout.codes,
        )


def _fixed(table: FixedTable) -> Iterator[dict[str, Any]]:
    for side in table.layout.sides:
        for row in side.rows:
            for column in side.columns:
                yield from _amount(
                    table.value(side.id, row.id, column.id),
                    (side.id, row.id) in table.computed,
                    code=row.class_code or "",
                    name=row.label,
                    total=bool(row.sum_of),
                    side=side.heading,
                    column_group=column.group or side.columns_group or "",
                    measure=column.label,
                    classification="functional" if row.class_code else "",
                )


def _amount(value: Money, computed: bool, **fields: Any) -> Iterator[dict[str, Any]]:
    """One row, or none for a blank cell or a printed dash (neither is 0: neither is an amount)."""
    if isinstance(value, Decimal):
        yield {"amount": f"{value:f}", "computed": computed, **fields}


ROWS: dict[type, Callable[[Any], Iterator[dict[str, Any]]]] = {ClassifiedTable: _classified, FixedTable: _fixed}


def tidy_rows(disclosure: Disclosure) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    common = {
        "department_code": disclosure.department.code or "",
        "department": disclosure.department.name,
        "year": str(disclosure.year),
        "phase": PHASES.get(disclosure.kind, disclosure.kind),
    }
    for table in disclosure.tables():
        rows = ROWS.get(type(table))
        if rows is None or not _numeric(table):
            continue
        for row in rows(table):
            record = {
                **common,
                "table": table.kind.id,
                "table_title": table.heading,
                "unit": table.unit,
                "factor": str(FACTORS.get(table.unit, "")),
                **row,
            }
            record["total"] = "true" if record.get("total") else "false"
            record["computed"] = "true" if record["computed"] else "false"
            out.append({name: str(record.get(name, "")) for name in NAMES})
    return out


def _numeric(table: Table) -> bool:
    return table.unit in FACTORS


def tidy_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=NAMES, lineterminator="\r\n")
    writer.writeheader()
    # names come from content: one that a spreadsheet would run as a formula is quoted as in every CSV
    writer.writerows({k: safe(v) for k, v in row.items()} for row in rows)
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


def _package(name: str, title: str, resources: list[dict[str, Any]]) -> bytes:
    package = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def amounts_name(view: DisclosureView) -> str:
    # not named after the slug: a slug may be as long as a file name allows
    return "amounts.csv"


def run(output: Output) -> None:
    site_resources = []
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
                _package(name, title, [_resource(name, amounts_name(view), title)]),
            )
        site_resources.append(_resource(name, f"{view.path}/data/{amounts_name(view)}", title))
    if site_resources:
        output.write("datapackage.json", _package("gongkai-site", f"{output.site.title}（金额数据）", site_resources))
