"""Schema and construction of each table kind (the ``table:`` blocks of the content).

Mixed into :class:`generator.validate.structure.Builder`; every method reports problems
through ``self.reporter`` and returns ``None`` for a table it cannot build.
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Location, Reporter
from generator.layouts import (
    CLASSIFIED_KINDS,
    FIXED_KINDS,
    classified_layout,
    fixed_layout,
    other_layouts,
    standard_title,
)
from generator.load.located_yaml import LocDict, LocList
from generator.model.money import UNITS
from generator.model.tables import (
    AssetRow,
    AssetsTable,
    ClassifiedTable,
    CodeRow,
    FixedTable,
    GenericCell,
    GenericTable,
    HubeiPerformanceTable,
    IndicatorTable,
    ProcurementGroup,
    ProcurementItem,
    ProcurementTable,
    ProjectTable,
    Table,
)
from generator.validate.fields import (
    INVALID,
    Boolean,
    Cells,
    Choice,
    Date,
    Integer,
    Money,
    Schema,
    Text,
    describe,
    money_map,
    report_unknown,
)

TABLE_KINDS = (*FIXED_KINDS[:1], *CLASSIFIED_KINDS, *FIXED_KINDS[1:], "generic", "dept_indicators",
               "project_hebei", "project_ningxia", "dept_performance_hubei", "procurement", "assets")

COMMON_TABLE_FIELDS = {
    "table": Choice("表的类型", TABLE_KINDS, required=True),
    "number": Text("编号"),
    "title": Text("标题"),
    "unit": Choice("金额单位", UNITS),
    "note": Text("表注"),
}


class TableBuilders:
    reporter: Reporter
    unit: str

    def _list(self, raw: LocDict, key: str, what: str) -> LocList:
        """``raw[key]`` as a list; anything else is reported and read as an empty list."""
        value = raw.get(key)
        if value is None:
            empty = LocList()
            empty.loc, empty.item_locs = raw.loc, []
            return empty
        if not isinstance(value, LocList):
            self.reporter.error(raw.value_locs[key], "GK005", f"{what}的“{key}”应为列表，而不是{describe(value)}")
            empty = LocList()
            empty.loc, empty.item_locs = raw.value_locs[key], []
            return empty
        return value

    def _table(self, raw: LocDict) -> Table | None:
        kind_field = COMMON_TABLE_FIELDS["table"]
        kind = kind_field.run(raw.get("table"), raw.value_locs.get("table", raw.loc), self.reporter, "table")
        if kind is INVALID:
            return None
        builder = getattr(self, f"_table_{kind}", None) or self._classified
        return builder(raw, kind)

    def _check(self, raw: LocDict, kind: str, fields: dict[str, Any], extra: tuple[str, ...] = ()) -> dict[str, Any]:
        schema = Schema(f"表“{kind}”", {**COMMON_TABLE_FIELDS, **fields})
        return schema.check(raw, raw.loc, self.reporter, extra=extra)

    def _base(self, raw: LocDict, kind: str, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": kind,
            "title": values["title"] or standard_title(kind),
            "number": values["number"],
            "unit": values["unit"] or self.unit,
            "note": values["note"],
            "loc": raw.loc,
        }

    def _classified(self, raw: LocDict, kind: str) -> Table | None:
        layout = classified_layout(kind)
        values = self._check(raw, kind, {}, extra=("rows", "total"))
        title = values["title"] or layout.title
        rows: list[CodeRow] = []
        raw_rows = raw.get("rows")
        rows_loc = raw.value_locs.get("rows", raw.loc)
        if raw_rows is not None and not isinstance(raw_rows, LocList):
            self.reporter.error(rows_loc, "GK005", f"{title}：rows 应为列表，而不是{describe(raw_rows)}")
            raw_rows = None
        row_schema_keys = ["code", "name", *layout.column_ids]
        for index, (row, row_loc) in enumerate(zip(raw_rows or [], getattr(raw_rows, "item_locs", []), strict=True), 1):
            if not isinstance(row, LocDict):
                self.reporter.error(row_loc, "GK005", f"{title} 第 {index} 行应为映射，而不是{describe(row)}")
                continue
            report_unknown(row, row_schema_keys, self.reporter, f"{title} 第 {index} 行")
            code = Text("科目编码", required=True).run(row.get("code"), row.value_locs.get("code", row_loc), self.reporter, "code")
            name = Text("科目名称", required=True).run(row.get("name"), row.value_locs.get("name", row_loc), self.reporter, "name")
            if code is INVALID or name is INVALID:
                continue
            money = {k: v for k, v in row.items() if k in layout.column_ids}
            money_raw = LocDict(money)
            money_raw.loc, money_raw.key_locs, money_raw.value_locs = row.loc, row.key_locs, row.value_locs
            amounts, locs = money_map(money_raw, row_loc, layout.column_ids, self.reporter, f"{title}（{code} {name}）")
            rows.append(CodeRow(code=code, name=name, values=amounts, loc=row_loc, value_locs=locs))
        total_raw = raw.get("total")
        total_loc = raw.value_locs.get("total", raw.loc)
        total, total_locs = money_map(total_raw, total_loc, layout.column_ids, self.reporter, f"{title} 合计行")
        return ClassifiedTable(
            **self._base(raw, kind, values),
            layout=layout,
            rows=rows,
            total=total,
            total_given=total_raw is not None,
            total_loc=total_loc,
            total_value_locs=total_locs,
        )

    def _fixed(self, raw: LocDict, kind: str) -> Table | None:
        layout = fixed_layout(kind)
        side_ids = [s.id for s in layout.sides]
        values_ = self._check(raw, kind, {}, extra=tuple(side_ids))
        title = values_["title"] or layout.title
        values: dict[str, dict[str, dict[str, Any]]] = {}
        locs: dict[str, dict[str, Location]] = {}
        for side in layout.sides:
            side_raw = raw.get(side.id)
            side_loc = raw.value_locs.get(side.id, raw.loc)
            row_ids = [r.id for r in side.rows]
            values[side.id] = {r: {c: None for c in side.column_ids} for r in row_ids}
            locs[side.id] = {}
            if side_raw is None:
                continue
            if not isinstance(side_raw, LocDict):
                self.reporter.error(side_loc, "GK005", f"{title}·{side.id} 应为映射（行: 金额），而不是{describe(side_raw)}")
                continue
            report_unknown(side_raw, row_ids, self.reporter, f"{title}·{side.heading or side.id}")
            for row_id in row_ids:
                if row_id not in side_raw:
                    continue
                cell = side_raw[row_id]
                cell_loc = side_raw.value_locs[row_id]
                locs[side.id][row_id] = cell_loc
                what = f"{title}·{row_id}"
                if len(side.columns) == 1 and not isinstance(cell, LocDict):
                    amount = Money().run(cell, cell_loc, self.reporter, what)
                    values[side.id][row_id][side.columns[0].id] = None if amount is INVALID else amount
                else:
                    amounts, _ = money_map(cell, cell_loc, side.column_ids, self.reporter, what)
                    values[side.id][row_id] = amounts
        return FixedTable(**self._base(raw, kind, values_), layout=layout, values=values, value_locs=locs)

    _table_budget_summary = _fixed
    _table_fiscal_summary = _fixed
    _table_three_public = _fixed

    def _table_generic(self, raw: LocDict, kind: str) -> Table | None:
        values = self._check(raw, kind, {"title": Text("标题", required=True)}, extra=("header", "rows", "numeric"))
        if values["title"] is INVALID:
            return None
        header: list[list[GenericCell]] = []
        raw_header = raw.get("header")
        if isinstance(raw_header, LocList):
            for header_row, header_loc in zip(raw_header, raw_header.item_locs, strict=True):
                if not isinstance(header_row, LocList):
                    self.reporter.error(header_loc, "GK005", "header 的每一行应为列表")
                    continue
                cells = []
                for cell, cell_loc in zip(header_row, header_row.item_locs, strict=True):
                    if isinstance(cell, LocDict):
                        cf = Schema("表头单元格", {
                            "text": Text("文字", required=True),
                            "colspan": Integer("跨列", minimum=1, maximum=50, default=1),
                            "rowspan": Integer("跨行", minimum=1, maximum=50, default=1),
                        }).check(cell, cell_loc, self.reporter)
                        if INVALID not in cf.values():
                            cells.append(GenericCell(cf["text"], cf["colspan"], cf["rowspan"]))
                    else:
                        cells.append(GenericCell("" if cell is None else str(cell)))
                header.append(cells)
        width = sum(c.colspan for c in header[0]) if header else None
        rows_raw = raw.get("rows")
        rows: list[list[str]] = []
        if isinstance(rows_raw, LocList):
            for index, (row, row_loc) in enumerate(zip(rows_raw, rows_raw.item_locs, strict=True), 1):
                if not isinstance(row, LocList):
                    self.reporter.error(row_loc, "GK005", f"第 {index} 行应为列表 [..]")
                    continue
                if width is not None and len(row) != width:
                    self.reporter.error(row_loc, "GK024", f"第 {index} 行有 {len(row)} 格，表头有 {width} 列")
                    continue
                rows.append(["" if c is None else str(c) for c in row])
        numeric: list[int] = []
        raw_numeric = raw.get("numeric")
        if isinstance(raw_numeric, LocList):
            numeric = [int(n) for n in raw_numeric if isinstance(n, str) and n.isdigit()]
        return GenericTable(**self._base(raw, kind, values), header=header, rows=rows, numeric=numeric)

    def _table_dept_indicators(self, raw: LocDict, kind: str) -> Table | None:
        spec = other_layouts()[kind]
        values = self._check(raw, kind, {"indicators": Cells("指标", spec["indicator_columns"], required=True)})
        return IndicatorTable(
            **self._base(raw, kind, values),
            columns=spec["indicator_columns"],
            indicators=values["indicators"] or [],
            merge_down=spec["merge_down"],
        )

    def _table_project_hebei(self, raw: LocDict, kind: str) -> Table | None:
        spec = other_layouts()[kind]
        values = self._check(raw, kind, {
            "name": Text("项目名称", required=True),
            "code": Text("项目编码"),
            "unit_line": Text("表头单位行"),
            "purpose": Text("资金用途"),
            "goal": Text("绩效目标"),
            "indicators": Cells("绩效指标", spec["indicator_columns"], required=True),
        }, extra=("budget", "spending_plan"))
        return self._project(raw, kind, spec, values, details={})

    def _table_project_ningxia(self, raw: LocDict, kind: str) -> Table | None:
        spec = other_layouts()[kind]
        values = self._check(raw, kind, {
            "name": Text("项目名称", required=True),
            "period": Text("年度"),
            "department": Text("主管部门及代码"),
            "implementer": Text("实施单位"),
            "attribute": Text("项目属性"),
            "term": Text("项目期"),
            "goal": Text("年度总体目标"),
            "indicators": Cells("绩效指标", spec["indicator_columns"], required=True),
        }, extra=("funds",))
        details = {
            "主管部门及代码": values["department"],
            "实施单位": values["implementer"],
            "项目属性": values["attribute"],
            "项目期": values["term"],
        }
        return self._project(raw, kind, spec, values, details={k: v or "" for k, v in details.items()})

    def _project(self, raw: LocDict, kind: str, spec: dict, values: dict[str, Any], details: dict[str, str]) -> Table | None:
        budget_key = "budget" if kind == "project_hebei" else "funds"
        title = values["title"] or spec["title"]
        budget, budget_locs = money_map(
            raw.get(budget_key), raw.value_locs.get(budget_key, raw.loc), spec["budget_fields"], self.reporter,
            f"{title}·{budget_key}",
        )
        plan: dict[str, str] = {}
        raw_plan = raw.get("spending_plan")
        if isinstance(raw_plan, LocDict):
            report_unknown(raw_plan, spec.get("spending_months", []), self.reporter, f"{title}·spending_plan")
            plan = {k: str(v) for k, v in raw_plan.items() if v is not None and k in spec.get("spending_months", [])}
        elif raw_plan is not None:
            self.reporter.error(raw.value_locs["spending_plan"], "GK005", "spending_plan 应为映射（月份: 百分比）")
        if values["name"] is INVALID or values["indicators"] is INVALID:
            return None
        return ProjectTable(
            **self._base(raw, kind, values),
            layout_name=kind,
            name=values["name"],
            code=values.get("code"),
            unit_line=values.get("unit_line"),
            budget=budget,
            budget_locs=budget_locs,
            purpose=values.get("purpose"),
            spending_plan=plan,
            goal=values["goal"],
            columns=spec["indicator_columns"],
            indicators=values["indicators"],
            merge_down=spec["merge_down"],
            details=details,
            period=values.get("period"),
        )

    def _table_dept_performance_hubei(self, raw: LocDict, kind: str) -> Table | None:
        spec = other_layouts()[kind]
        values = self._check(raw, kind, {
            "filled_on": Date("填报日期"),
            "department_name": Text("部门（单位）名称", required=True),
            "income": Cells("收入构成", spec["fund_columns"]),
            "expenditure": Cells("支出构成", spec["fund_columns"]),
            "functions": Text("部门职能概述"),
            "tasks": Text("年度工作任务"),
            "projects": Cells("项目支出情况", spec["project_columns"]),
            "goal_long_term": Text("长期目标"),
            "goal_annual": Text("年度目标"),
            "long_term_targets": Text("长期目标（文字）"),
            "annual_targets": Text("年度目标（文字）"),
            "long_term_indicators": Cells("长期绩效指标", spec["long_term_indicator_columns"]),
            "annual_indicators": Cells("年度绩效指标", spec["annual_indicator_columns"]),
        }, extra=("unpublished", "years"))
        years = raw.get("years")
        years_list = [str(y) for y in years] if isinstance(years, LocList) else []
        unpublished = raw.get("unpublished")
        private = {str(k): str(v) for k, v in unpublished.items()} if isinstance(unpublished, LocDict) else {}
        if values["department_name"] is INVALID:
            return None
        return HubeiPerformanceTable(
            **self._base(raw, kind, values),
            filled_on=values["filled_on"].isoformat() if values["filled_on"] else None,
            department_name=values["department_name"],
            years=years_list or ["前年", "上年"],
            income=values["income"] or [],
            expenditure=values["expenditure"] or [],
            functions=values["functions"],
            tasks=values["tasks"],
            projects=values["projects"] or [],
            goal_long_term=values["goal_long_term"],
            goal_annual=values["goal_annual"],
            long_term_targets=values["long_term_targets"],
            annual_targets=values["annual_targets"],
            long_term_indicators=values["long_term_indicators"] or [],
            annual_indicators=values["annual_indicators"] or [],
            unpublished=private,
        )

    def _table_procurement(self, raw: LocDict, kind: str) -> Table | None:
        spec = other_layouts()[kind]
        values = self._check(raw, kind, {}, extra=("total", "groups"))
        title = values["title"] or spec["title"]
        money_cols = spec["money_columns"]
        summed = spec["summed_columns"]
        total, _ = money_map(raw.get("total"), raw.value_locs.get("total", raw.loc), summed, self.reporter, f"{title} 合计")
        groups: list[ProcurementGroup] = []
        raw_groups = self._list(raw, "groups", title)
        if raw_groups:
            group_schema = Schema(f"{title} 分组", {"unit": Text("单位", required=True)})
            for group, group_loc in zip(raw_groups, raw_groups.item_locs, strict=True):
                gf = group_schema.check(group, group_loc, self.reporter, extra=("subtotal", "items"))
                if not isinstance(group, LocDict):
                    continue
                subtotal, _ = money_map(group.get("subtotal"), group.value_locs.get("subtotal", group_loc), summed,
                                        self.reporter, f"{title} {gf['unit']} 小计")
                items: list[ProcurementItem] = []
                raw_items = self._list(group, "items", f"{title} {gf['unit']}")
                for item, item_loc in zip(raw_items, raw_items.item_locs, strict=True):
                    if not isinstance(item, LocDict):
                        self.reporter.error(item_loc, "GK005", f"{title} 的采购条目应为映射")
                        continue
                    report_unknown(item, [*spec["text_columns"], *spec["quantity_columns"], *money_cols],
                                   self.reporter, f"{title} 采购条目")
                    text_values = {c: str(item[c]) if item.get(c) is not None else "" for c in spec["text_columns"]}
                    numeric = {k: v for k, v in item.items() if k in money_cols or k in spec["quantity_columns"]}
                    nraw = LocDict(numeric)
                    nraw.loc, nraw.key_locs, nraw.value_locs = item.loc, item.key_locs, item.value_locs
                    amounts, _ = money_map(nraw, item_loc, [*money_cols, *spec["quantity_columns"]], self.reporter,
                                           f"{title}（{text_values['项目名称']}）")
                    items.append(ProcurementItem(text_values, amounts, item_loc))
                groups.append(ProcurementGroup(gf["unit"] or "", subtotal, group.get("subtotal") is not None,
                                               items, group.value_locs.get("subtotal", group_loc)))
        return ProcurementTable(**self._base(raw, kind, values), total=total,
                                total_given=raw.get("total") is not None, groups=groups,
                                total_loc=raw.value_locs.get("total", raw.loc))

    def _table_assets(self, raw: LocDict, kind: str) -> Table | None:
        values = self._check(raw, kind, {"as_of": Date("截止时间")}, extra=("total", "rows"))
        title = values["title"] or standard_title(kind)
        total, total_locs = money_map(raw.get("total"), raw.value_locs.get("total", raw.loc), ["价值"],
                                      self.reporter, f"{title} 资产总额")
        rows: list[AssetRow] = []
        raw_rows = self._list(raw, "rows", title)
        row_schema = Schema(f"{title} 行", {
            "项目": Text("项目", required=True),
            "数量": Money("数量"),
            "价值": Money("价值"),
            "part_of_previous": Boolean("是否为上一行的“其中”", default=False),
        })
        for row, row_loc in zip(raw_rows, raw_rows.item_locs, strict=True):
            rf = row_schema.check(row, row_loc, self.reporter)
            if rf["项目"] is INVALID:
                continue
            quantity, value = (None if v is INVALID else v for v in (rf["数量"], rf["价值"]))
            rows.append(AssetRow(rf["项目"], quantity, value, bool(rf["part_of_previous"]), row_loc))
        return AssetsTable(
            **self._base(raw, kind, values),
            as_of=values["as_of"].isoformat() if values["as_of"] else None,
            total=total["价值"],
            total_given=raw.get("total") is not None,
            rows=rows,
            total_loc=total_locs.get("价值", raw.value_locs.get("total", raw.loc)),
        )
