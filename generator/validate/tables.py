"""Schema and construction of ``table:`` blocks, from the kind's declaration in the registry.

Mixed into :class:`generator.validate.structure.Builder`. There is one builder per
*structure* of the layout language; which keys a table takes, its columns, rows and
fields all come from its kind. Every problem is reported through ``self.reporter``;
a table that cannot be built is ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from generator.diagnostics import Location, Reporter
from generator.layouts.registry import Registry
from generator.layouts.spec import (
    ClassifiedSpec,
    Column,
    FixedSpec,
    FormField,
    FormList,
    FormSpec,
    GroupedItemsSpec,
    ItemListSpec,
    TableKind,
)
from generator.load.located_yaml import LocDict, LocList
from generator.model.money import DASHES, UNITS, Figure, MoneyError, parse_money
from generator.model.tables import (
    ClassifiedTable,
    CodeGroup,
    CodeRow,
    FixedTable,
    FormTable,
    GenericCell,
    GenericTable,
    GroupedItem,
    GroupedItemsTable,
    ItemGroup,
    ItemListTable,
    ListItem,
    Table,
)
from generator.validate.fields import (
    INVALID,
    Boolean,
    Choice,
    Date,
    Integer,
    Money,
    Schema,
    Text,
    describe,
    money_map,
    report_unknown,
    valid,
)

COMMON_KEYS = ("table", "number", "title", "unit", "note")
EMPTY_CELLS = ("", *DASHES)  # a numeric list cell left blank or printed as a dash (kept as printed)


def _sub(raw: LocDict, keys: list[str]) -> LocDict:
    """The entries of ``raw`` named in ``keys``, keeping their locations."""
    sub = LocDict({k: v for k, v in raw.items() if k in keys})
    sub.loc, sub.key_locs, sub.value_locs = raw.loc, raw.key_locs, raw.value_locs
    return sub


class TableBuilders:
    reporter: Reporter
    registry: Registry
    unit: str

    def _list(self, raw: LocDict, key: str, what: str) -> LocList:
        """``raw[key]`` as a list; anything else is reported and read as an empty list."""
        value = raw.get(key)
        if isinstance(value, LocList):
            return value
        if value is not None:
            self.reporter.error(raw.value_locs[key], "GK005", f"{what}的“{key}”应为列表，而不是{describe(value)}")
        empty = LocList()
        empty.loc, empty.item_locs = raw.value_locs.get(key, raw.loc), []
        return empty

    def _table(self, raw: LocDict) -> Table | None:
        kinds = tuple(self.registry.kinds)
        kind_id = Choice("表的类型", kinds, required=True).run(
            raw.get("table"), raw.value_locs.get("table", raw.loc), self.reporter, "table"
        )
        if not isinstance(kind_id, str):
            return None
        kind = self.registry.kinds[kind_id]
        builder: Callable[[LocDict, TableKind], Table | None] = getattr(self, f"_build_{kind.structure}")
        return builder(raw, kind)

    def _common(self, raw: LocDict, kind: TableKind, fields: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        """The keys every table has, plus the structure's own; unknown keys are reported."""
        schema = Schema(
            f"表“{kind.id}”",
            {
                "table": Text("表的类型"),
                "number": Text("编号"),
                "title": Text("标题", required=kind.structure == "generic"),
                "unit": Choice("金额单位", UNITS),
                "note": Text("表注"),
                **fields,
            },
        )
        values = schema.check(raw, raw.loc, self.reporter, extra=keys)
        values["_base"] = {
            "kind": kind,
            "title": valid(values["title"]) or kind.title,
            "number": valid(values["number"]) or None,
            "unit": valid(values["unit"]) or kind.unit or self.unit,
            "unit_given": bool(valid(values["unit"])),
            "note": valid(values["note"]) or None,
            "loc": raw.loc,
        }
        return values

    # ----- classified ----------------------------------------------------------------
    def _build_classified(self, raw: LocDict, kind: TableKind) -> Table | None:
        spec = kind.spec
        assert isinstance(spec, ClassifiedSpec)
        group_ids = [g.id for g in spec.groups]
        values = self._common(raw, kind, {}, tuple(group_ids) if group_ids else ("rows", "total"))
        title = values["_base"]["title"]
        groups: list[CodeGroup] = []
        if not spec.groups:
            groups.append(self._code_group(raw, spec, title, None, "", spec.total_label))
        for group in spec.groups:
            group_raw = raw.get(group.id)
            loc = raw.value_locs.get(group.id, raw.loc)
            if group_raw is None:
                group_raw = LocDict()
                group_raw.loc, group_raw.key_locs, group_raw.value_locs = loc, {}, {}
            if not isinstance(group_raw, LocDict):
                self.reporter.error(
                    loc, "GK005", f"{title}·{group.id} 应为映射（rows、total），而不是{describe(group_raw)}"
                )
                continue
            report_unknown(group_raw, ["rows", "total"], self.reporter, f"{title}·{group.id}")
            groups.append(
                self._code_group(group_raw, spec, f"{title}·{group.label}", group.id, group.label, group.total_label)
            )
        return ClassifiedTable(**values["_base"], groups=groups)

    def _code_group(
        self, raw: LocDict, spec: ClassifiedSpec, title: str, group_id: str | None, label: str, total_label: str
    ) -> CodeGroup:
        rows: list[CodeRow] = []
        raw_rows = self._list(raw, "rows", title)
        keys = ["code", "name", *spec.column_ids]
        for index, (row, row_loc) in enumerate(zip(raw_rows, raw_rows.item_locs, strict=True), 1):
            if not isinstance(row, LocDict):
                self.reporter.error(row_loc, "GK005", f"{title} 第 {index} 行应为映射，而不是{describe(row)}")
                continue
            report_unknown(row, keys, self.reporter, f"{title} 第 {index} 行")
            code = Text("科目编码", required=True).run(
                row.get("code"), row.value_locs.get("code", row_loc), self.reporter, "code"
            )
            name = Text("科目名称", required=True).run(
                row.get("name"), row.value_locs.get("name", row_loc), self.reporter, "name"
            )
            if not isinstance(code, str) or not isinstance(name, str):
                continue
            amounts, locs = money_map(
                _sub(row, list(spec.column_ids)), row_loc, spec.column_ids, self.reporter, f"{title}（{code} {name}）"
            )
            rows.append(CodeRow(code=code, name=name, values=amounts, loc=row_loc, value_locs=locs))
        total_raw = raw.get("total")
        total_loc = raw.value_locs.get("total", raw.loc)
        if total_raw is not None and not isinstance(total_raw, LocDict) and len(spec.columns) == 1:
            amount = Money().run(total_raw, total_loc, self.reporter, f"{title} {total_label}")
            total: dict[str, Figure] = {spec.columns[0].id: valid(amount)}
            total_locs = {spec.columns[0].id: total_loc}
        else:
            total, total_locs = money_map(
                total_raw, total_loc, spec.column_ids, self.reporter, f"{title} {total_label}"
            )
        return CodeGroup(
            id=group_id,
            label=label,
            total_label=total_label,
            rows=rows,
            total=total,
            total_given=total_raw is not None,
            total_loc=total_loc,
            total_value_locs=total_locs,
        )

    # ----- fixed ---------------------------------------------------------------------
    def _build_fixed(self, raw: LocDict, kind: TableKind) -> Table | None:
        spec = kind.spec
        assert isinstance(spec, FixedSpec)
        values_ = self._common(raw, kind, {}, tuple(s.id for s in spec.sides))
        title = values_["_base"]["title"]
        values: dict[str, dict[str, dict[str, Figure]]] = {}
        locs: dict[str, dict[str, Location]] = {}
        for side in spec.sides:
            side_raw = raw.get(side.id)
            side_loc = raw.value_locs.get(side.id, raw.loc)
            row_ids = [r.id for r in side.rows]
            values[side.id] = {r: {c: None for c in side.column_ids} for r in row_ids}
            locs[side.id] = {}
            if side_raw is None:
                continue
            if not isinstance(side_raw, LocDict):
                self.reporter.error(
                    side_loc, "GK005", f"{title}·{side.id} 应为映射（行: 金额），而不是{describe(side_raw)}"
                )
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
                    values[side.id][row_id][side.columns[0].id] = valid(amount)
                else:
                    amounts, _ = money_map(cell, cell_loc, side.column_ids, self.reporter, what)
                    values[side.id][row_id] = amounts
        return FixedTable(**values_["_base"], values=values, value_locs=locs)

    # ----- generic -------------------------------------------------------------------
    def _build_generic(self, raw: LocDict, kind: TableKind) -> Table | None:
        values = self._common(raw, kind, {}, ("header", "rows", "numeric"))
        if values["title"] is INVALID:
            return None
        header = [self._generic_row(row, loc, "表头") for row, loc in self._rows(raw, "header")]
        width = sum(c.colspan for c in header[0]) if header else None
        rows: list[list[GenericCell]] = []
        for index, (row, row_loc) in enumerate(self._rows(raw, "rows"), 1):
            cells = self._generic_row(row, row_loc, f"第 {index} 行")
            if (
                width is not None
                and not any(c.rowspan > 1 for r in rows for c in r)
                and sum(c.colspan for c in cells) != width
            ):
                self.reporter.error(
                    row_loc, "GK024", f"第 {index} 行有 {sum(c.colspan for c in cells)} 格，表头有 {width} 列"
                )
                continue
            rows.append(cells)
        numeric: list[int] = []
        listed = self._list(raw, "numeric", "表")
        for n, loc in zip(listed, listed.item_locs, strict=True):
            number = Integer("列号", minimum=0, maximum=200).run(n, loc, self.reporter, "numeric")
            if isinstance(number, int):
                numeric.append(number)
        return GenericTable(**values["_base"], header=header, rows=rows, numeric=numeric)

    def _rows(self, raw: LocDict, key: str) -> list[tuple[LocList, Location]]:
        out = []
        listed = self._list(raw, key, "表")
        for row, loc in zip(listed, listed.item_locs, strict=True):
            if isinstance(row, LocList):
                out.append((row, loc))
            else:
                self.reporter.error(loc, "GK005", f"{key} 的每一行应为列表 [..]，而不是{describe(row)}")
        return out

    def _generic_row(self, row: LocList, loc: Location, what: str) -> list[GenericCell]:
        cells = []
        schema = Schema(
            f"{what}的单元格",
            {
                "text": Text("文字"),
                "colspan": Integer("跨列", minimum=1, maximum=50, default=1),
                "rowspan": Integer("跨行", minimum=1, maximum=200, default=1),
            },
        )
        for cell, cell_loc in zip(row, row.item_locs, strict=True):
            if isinstance(cell, LocDict):
                cf = schema.check(cell, cell_loc, self.reporter)
                if INVALID not in cf.values():
                    cells.append(GenericCell(cf["text"] or "", cf["colspan"], cf["rowspan"]))
            elif isinstance(cell, LocList):
                self.reporter.error(
                    cell_loc, "GK005", f"{what}的单元格应为文字或 {{text, colspan, rowspan}}，而不是列表"
                )
            else:
                cells.append(GenericCell("" if cell is None else str(cell)))
        return cells

    # ----- form ----------------------------------------------------------------------
    def _build_form(self, raw: LocDict, kind: TableKind) -> Table | None:
        spec = kind.spec
        assert isinstance(spec, FormSpec)
        field_types = {f.key: f for f in spec.fields}
        values = self._common(raw, kind, {}, tuple(field_types) + tuple(x.key for x in spec.lists))
        title = values["_base"]["title"]
        fields: dict[str, Any] = {}
        locs: dict[str, Location] = {}
        private: dict[str, str] = {}
        ok = True
        for f in spec.fields:
            value = raw.get(f.key)
            loc = raw.value_locs.get(f.key, raw.loc)
            if value is not None:
                locs[f.key] = loc
            converted = self._field(f, value, loc, title)
            if converted is INVALID:
                ok = ok and not f.required
                continue
            if f.place == "private":
                private = converted or {}
            elif converted is not None:
                fields[f.key] = converted
                if f.parts:
                    locs.update({f"{f.key}.{p}": part_loc for p, part_loc in converted.pop("_locs", {}).items()})
        lists: dict[str, list[list[str]]] = {}
        list_locs: dict[str, list[Location]] = {}
        for x in spec.lists:
            rows, row_locs = self._cells(raw, x, f"{title}·{x.label}")
            if rows is None:
                ok = ok and not x.required
                continue
            lists[x.key], list_locs[x.key] = rows, row_locs
        if not ok:
            return None
        return FormTable(
            **values["_base"], fields=fields, field_locs=locs, lists=lists, list_locs=list_locs, private=private
        )

    def _field(self, f: FormField, value: Any, loc: Location, title: str) -> Any:
        what = f"{title}·{f.key}"
        if value is None:
            if f.required:
                self.reporter.error(loc, "GK004", f"{title}缺少必填项“{f.key}”（{f.label}）")
                return INVALID
            return None
        if f.place == "private":
            if not isinstance(value, LocDict):
                self.reporter.error(loc, "GK005", f"{what} 应为映射（名称: 文字），而不是{describe(value)}")
                return INVALID
            return {
                str(k): "" if v is None else str(v) for k, v in value.items() if not isinstance(v, LocDict | LocList)
            }
        if f.parts:
            if not isinstance(value, LocDict):
                self.reporter.error(loc, "GK005", f"{what} 应为映射（{'、'.join(f.parts)}），而不是{describe(value)}")
                return INVALID
            if f.type in ("money", "percent", "count"):
                amounts, part_locs = money_map(value, loc, f.parts, self.reporter, what)
                return {**amounts, "_locs": part_locs}
            report_unknown(value, f.parts, self.reporter, what)
            texts = {p: str(value[p]) for p in f.parts if value.get(p) is not None and isinstance(value[p], str)}
            return {**texts, "_locs": {p: value.value_locs[p] for p in texts}}
        if f.type == "list":
            if not isinstance(value, LocList):
                self.reporter.error(loc, "GK005", f"{what} 应为列表，而不是{describe(value)}")
                return INVALID
            return [str(v) for v in value if isinstance(v, str)]
        if f.type == "date":
            date = Date(f.label).run(value, loc, self.reporter, f.key)
            return date.isoformat() if isinstance(date, dt.date) else date
        if f.type in ("money", "percent", "count"):
            return Money(f.label).run(value, loc, self.reporter, f.key)
        if f.type == "sign":
            return Choice(f.label, ("≥", "≤", "=", ">", "<", "＝")).run(value, loc, self.reporter, f.key)
        return Text(f.label).run(value, loc, self.reporter, f.key)

    def _cells(self, raw: LocDict, spec: FormList, what: str) -> tuple[list[list[str]] | None, list[Location]]:
        key, required, types = spec.key, spec.required, spec.columns
        columns = [c.label for c in types]
        value = raw.get(key)
        loc = raw.value_locs.get(key, raw.loc)
        if value is None:
            if required:
                self.reporter.error(raw.loc, "GK004", f"缺少必填项“{key}”（{what}）")
                return None, []
            return [], []
        if not isinstance(value, LocList):
            self.reporter.error(
                loc, "GK005", f"“{key}”（{what}）应为列表（每行一个 [..] 列表），而不是{describe(value)}"
            )
            return None, []
        rows: list[list[str]] = []
        locs: list[Location] = []
        for index, (row, row_loc) in enumerate(zip(value, value.item_locs, strict=True), start=1):
            if not isinstance(row, LocList):
                self.reporter.error(row_loc, "GK005", f"“{key}”第 {index} 行应为列表 [..]，而不是{describe(row)}")
                continue
            if len(row) != len(columns):
                self.reporter.error(
                    row_loc,
                    "GK024",
                    f"“{key}”第 {index} 行有 {len(row)} 格，应为 {len(columns)} 格：" + "、".join(columns),
                )
                continue
            cells = ["" if cell is None or isinstance(cell, LocDict | LocList) else str(cell) for cell in row]
            named = f"第 {index} 行（{spec.row_name(cells)}）"
            for i, (cell, cell_loc, column) in enumerate(zip(row, row.item_locs, columns, strict=True)):
                if isinstance(cell, LocDict | LocList):
                    self.reporter.error(
                        cell_loc, "GK005", f"“{key}”{named}的“{column}”应为文字，而不是{describe(cell)}"
                    )
                elif types[i].numeric:
                    self._numeric_cell(cells[i], types[i], cell_loc, f"{what}{named}的“{column}”")
            rows.append(cells)
            locs.append(row_loc)
        return rows, locs

    def _numeric_cell(self, text: str, column: Column, loc: Location, what: str) -> None:
        """A list cell of a numeric column holds a number (a percentage may end in %), or nothing."""
        shown = text.strip()
        if shown in EMPTY_CELLS:
            return
        if column.type == "percent" and shown.endswith("%"):
            shown = shown[:-1]
        try:
            parse_money(shown)
        except MoneyError as exc:
            kind = {"money": "金额", "percent": "百分比", "count": "数字"}[column.type]
            self.reporter.error(loc, "GK007", f"{what}应为{kind}：{exc}")

    # ----- grouped items (政府采购) ----------------------------------------------------
    def _build_grouped_items(self, raw: LocDict, kind: TableKind) -> Table | None:
        spec = kind.spec
        assert isinstance(spec, GroupedItemsSpec)
        values = self._common(raw, kind, {}, ("total", "groups"))
        title = values["_base"]["title"]
        numeric = [c.id for c in spec.columns if c.numeric]
        texts = [c.id for c in spec.columns if not c.numeric]
        total, _ = money_map(
            raw.get("total"), raw.value_locs.get("total", raw.loc), spec.summed, self.reporter, f"{title} 合计"
        )
        groups: list[ItemGroup] = []
        raw_groups = self._list(raw, "groups", title)
        group_schema = Schema(f"{title} 分组", {spec.group_label: Text("分组名称", required=True)})
        for group, group_loc in zip(raw_groups, raw_groups.item_locs, strict=True):
            gf = group_schema.check(group, group_loc, self.reporter, extra=("subtotal", "items"))
            if not isinstance(group, LocDict):
                continue
            label = valid(gf[spec.group_label]) or ""
            subtotal, _ = money_map(
                group.get("subtotal"),
                group.value_locs.get("subtotal", group_loc),
                spec.summed,
                self.reporter,
                f"{title} {label} 小计",
            )
            items: list[GroupedItem] = []
            raw_items = self._list(group, "items", f"{title} {label}")
            for item, item_loc in zip(raw_items, raw_items.item_locs, strict=True):
                if not isinstance(item, LocDict):
                    self.reporter.error(item_loc, "GK005", f"{title} 的条目应为映射，而不是{describe(item)}")
                    continue
                report_unknown(item, [c.id for c in spec.columns], self.reporter, f"{title} 条目")
                text_values = {c: str(item[c]) if item.get(c) is not None else "" for c in texts}
                amounts, _ = money_map(
                    _sub(item, numeric),
                    item_loc,
                    numeric,
                    self.reporter,
                    f"{title}（{text_values.get(spec.label_column, '')}）",
                )
                items.append(GroupedItem(text_values, amounts, item_loc))
            groups.append(
                ItemGroup(
                    label,
                    subtotal,
                    group.get("subtotal") is not None,
                    items,
                    group.value_locs.get("subtotal", group_loc),
                )
            )
        return GroupedItemsTable(
            **values["_base"],
            total=total,
            total_given=raw.get("total") is not None,
            groups=groups,
            total_loc=raw.value_locs.get("total", raw.loc),
        )

    # ----- item list (资产) ------------------------------------------------------------
    def _build_item_list(self, raw: LocDict, kind: TableKind) -> Table | None:
        spec = kind.spec
        assert isinstance(spec, ItemListSpec)
        extra_fields = {spec.date_field: Date(spec.date_label or spec.date_field)} if spec.date_field else {}
        values = self._common(raw, kind, extra_fields, ("total", "rows"))
        title = values["_base"]["title"]
        total, total_locs = money_map(
            raw.get("total"),
            raw.value_locs.get("total", raw.loc),
            [spec.total_column],
            self.reporter,
            f"{title} {spec.total_label}",
        )
        numeric = [c.id for c in spec.columns if c.id != spec.label_column]
        row_schema = Schema(
            f"{title} 行",
            {
                spec.label_column: Text(spec.label_column, required=True),
                **{c: Money(c) for c in numeric},
                "part_of_previous": Boolean("是否为上一行的“其中”", default=False),
            },
        )
        rows: list[ListItem] = []
        raw_rows = self._list(raw, "rows", title)
        for row, row_loc in zip(raw_rows, raw_rows.item_locs, strict=True):
            rf = row_schema.check(row, row_loc, self.reporter)
            if rf[spec.label_column] is INVALID:
                continue
            rows.append(
                ListItem(
                    rf[spec.label_column],
                    {c: valid(rf[c]) for c in numeric},
                    bool(valid(rf["part_of_previous"])),
                    row_loc,
                )
            )
        date = values.get(spec.date_field) if spec.date_field else None
        return ItemListTable(
            **values["_base"],
            date=date.isoformat() if isinstance(date, dt.date) else None,
            total=total[spec.total_column],
            total_given=raw.get("total") is not None,
            rows=rows,
            total_loc=total_locs.get(spec.total_column, raw.value_locs.get("total", raw.loc)),
        )


__all__ = ["TableBuilders", "COMMON_KEYS", "Column"]
