"""The registry of table kinds: every layout file read, checked and turned into ``TableKind``s.

Layout files are the package's own (``generator/layouts/kinds/*.yml``) and a site's
(``content/layouts/*.yml``), which may add kinds or replace a shipped kind of the same id.
A layout file is checked like content: every problem is reported with its
``path:line:col`` and a GK code, and a kind with a problem is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.diagnostics import Location, Reporter
from generator.layouts.spec import (
    BLANK_ROW,
    DIRECTIONS,
    FACT_KEYS,
    FDP_PHASES,
    FUNDS,
    PART_ARRANGEMENTS,
    STRUCTURES,
    VALUE_TYPES,
    ClassifiedSpec,
    Column,
    DisclosureKind,
    Facts,
    FixedRow,
    FixedSpec,
    FormField,
    FormList,
    FormSection,
    FormSpec,
    GenericSpec,
    GroupedItemsSpec,
    HeaderCell,
    ItemListSpec,
    PairedColumn,
    PairedRow,
    Pairing,
    RatioRule,
    RowGroup,
    Side,
    Spec,
    SumRule,
    TableKind,
    split_term,
)
from generator.load.content import display, read_yaml
from generator.load.located_yaml import LocDict, LocList
from generator.model.money import MoneyError, parse_money
from generator.validate.fields import describe, report_unknown

HERE = Path(__file__).parent
PACKAGE_KINDS = HERE / "kinds"
CLASS_LISTS = HERE / "classes.yml"
PAIRINGS = HERE / "pairings.yml"
DISCLOSURE_KINDS = HERE / "disclosure_kinds.yml"
SITE_LAYOUTS = "layouts"  # the folder of a site's own layouts, inside its content directory
DEFAULT_CLASSES = "default"

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (enough for the 31 类 and section numbers)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class FunctionalClass:
    code: str | None
    name: str


@dataclass
class Registry:
    kinds: dict[str, TableKind] = field(default_factory=dict)
    class_lists: dict[str, tuple[FunctionalClass, ...]] = field(default_factory=dict)
    pairings: tuple[Pairing, ...] = ()  # every pairing in effect, the site's first (also on each 决算 kind)

    def kind(self, kind_id: str) -> TableKind | None:
        return self.kinds.get(kind_id)

    def required_in(self, disclosure_kind: str) -> list[TableKind]:
        return [k for k in self.kinds.values() if disclosure_kind in k.required_in]


class _Reader:
    """Typed access to one layout mapping, reporting what is wrong where it is written."""

    def __init__(self, reporter: Reporter, what: str) -> None:
        self.reporter = reporter
        self.what = what
        self.ok = True

    def fail(self, loc: Location, code: str, message: str) -> None:
        self.ok = False
        self.reporter.error(loc, code, f"表式{self.what}：{message}")

    def mapping(self, raw: Any, loc: Location, what: str) -> LocDict | None:
        if isinstance(raw, LocDict):
            return raw
        self.fail(loc, "GK005", f"{what}应为映射（键: 值），而不是{describe(raw)}")
        return None

    def keys(self, raw: LocDict, allowed: Iterable[str], what: str) -> None:
        before = len(self.reporter.items)
        report_unknown(raw, allowed, self.reporter, f"表式{self.what}·{what}" if what else f"表式{self.what}")
        if len(self.reporter.items) > before:
            self.ok = False

    def text(self, raw: LocDict, key: str, default: str | None = None, required: bool = False) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.fail(raw.loc, "GK004", f"缺少必填项“{key}”")
            return default
        if not isinstance(value, str):
            self.fail(raw.value_locs[key], "GK005", f"“{key}”应为文字，而不是{describe(value)}")
            return default
        return str(value)

    def choice(self, raw: LocDict, key: str, choices: Iterable[str], default: str | None = None) -> str | None:
        value = self.text(raw, key, default)
        choices = tuple(choices)
        if value is not None and value not in choices:
            self.fail(raw.value_locs[key], "GK006", f"“{key}”的值“{value}”无效，可选：{'、'.join(choices)}")
            return default
        return value

    def flag(self, raw: LocDict, key: str) -> bool:
        value = self.text(raw, key)
        if value is None:
            return False
        if value.lower() in ("true", "yes", "是"):
            return True
        if value.lower() not in ("false", "no", "否"):
            self.fail(raw.value_locs[key], "GK005", f"“{key}”应为 true 或 false，而不是“{value}”")
        return False

    def integer(self, raw: LocDict, key: str, default: int = 0) -> int:
        value = self.text(raw, key)
        if value is None:
            return default
        if not value.isascii() or not value.isdigit():
            self.fail(raw.value_locs[key], "GK005", f"“{key}”应为整数，而不是“{value}”")
            return default
        return int(value)

    def items(self, raw: LocDict, key: str, required: bool = False) -> list[tuple[Any, Location]]:
        value = raw.get(key)
        if value is None:
            if required:
                self.fail(raw.loc, "GK004", f"缺少必填项“{key}”")
            return []
        if not isinstance(value, LocList):
            self.fail(raw.value_locs[key], "GK005", f"“{key}”应为列表，而不是{describe(value)}")
            return []
        return list(zip(value, value.item_locs, strict=True))

    def strings(self, raw: LocDict, key: str) -> tuple[str, ...]:
        out = []
        for item, loc in self.items(raw, key):
            if isinstance(item, str):
                out.append(str(item))
            else:
                self.fail(loc, "GK005", f"“{key}”的每一项应为文字，而不是{describe(item)}")
        return tuple(out)

    def terms(self, raw: LocDict, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A sum's terms: the ids in order, and those written with a minus sign (subtracted)."""
        terms = [split_term(t) for t in self.strings(raw, key)]
        for term, (_, loc) in zip(terms, self.items(raw, key), strict=False):
            if not term.id:
                self.fail(loc, "GK012", f"“{key}”中有一项只有负号，没有名称")
        return tuple(t.id for t in terms), tuple(t.id for t in terms if t.negative)

    def facts(self, raw: LocDict) -> Facts:
        """The open-data facts a declaration gives (direction, fund, measure), checked against their lists."""
        return Facts(
            direction=self.choice(raw, "direction", DIRECTIONS),
            fund=self.choice(raw, "fund", FUNDS),
            measure=self.text(raw, "measure"),
            phase=self.choice(raw, "phase", tuple(disclosure_kinds())),
        )


COLUMN_KEYS = ("id", "label", "group", "sum_of", "type", "year", *FACT_KEYS)


def _column(r: _Reader, raw: Any, loc: Location, default_type: str) -> Column | None:
    if isinstance(raw, str):
        return Column(id=str(raw), label=str(raw), type=default_type)
    m = r.mapping(raw, loc, "列")
    if m is None:
        return None
    r.keys(m, COLUMN_KEYS, "列")
    column_id = r.text(m, "id", required=True)
    if column_id is None:
        return None
    sum_of, minus = r.terms(m, "sum_of")
    year = r.text(m, "year")
    if year is not None and not (year.lstrip("-−").isascii() and year.lstrip("-−").isdigit()):
        r.fail(m.value_locs["year"], "GK005", f"“year”应为相对公开年度的整数（上年为 -1），而不是“{year}”")
        year = None
    return Column(
        id=column_id,
        label=r.text(m, "label", column_id) or column_id,
        group=r.text(m, "group"),
        sum_of=sum_of,
        type=r.choice(m, "type", VALUE_TYPES, default_type) or default_type,
        minus=minus,
        facts=r.facts(m),
        year=int(year.replace("−", "-")) if year else 0,
    )


def _columns(r: _Reader, raw: LocDict, key: str, default_type: str, required: bool = True) -> tuple[Column, ...]:
    columns = [_column(r, c, loc, default_type) for c, loc in r.items(raw, key, required=required)]
    found = tuple(c for c in columns if c is not None)
    ids = [c.id for c in found]
    for column, (_, loc) in zip(found, r.items(raw, key), strict=False):
        for part in column.sum_of:
            if part not in ids:
                r.fail(loc, "GK012", f"列“{column.id}”的 sum_of 中的“{part}”不是本表的列")
        if ids.count(column.id) > 1:
            r.fail(loc, "GK012", f"列“{column.id}”重复")
    return found


def _classified(r: _Reader, raw: LocDict) -> ClassifiedSpec:
    groups = []
    for item, loc in r.items(raw, "groups"):
        m = r.mapping(item, loc, "groups 的一项")
        if m is None:
            continue
        r.keys(m, ("id", "label", "total_label"), "groups")
        group_id = r.text(m, "id", required=True) or ""
        groups.append(
            RowGroup(
                group_id, r.text(m, "label", group_id) or group_id, r.text(m, "total_label", f"{group_id}合计") or ""
            )
        )
    side_by_side = r.flag(raw, "side_by_side")
    if side_by_side and len(groups) < 2:
        r.fail(
            raw.value_locs.get("side_by_side", raw.loc),
            "GK012",
            "side_by_side 把各组（groups）并排印出，需要至少两个组",
        )
    return ClassifiedSpec(
        codes=r.choice(raw, "codes", ("functional", "economic"), "functional") or "functional",
        code_header=r.text(raw, "code_header", "科目") or "",
        columns=_columns(r, raw, "columns", "money"),
        split_codes=r.flag(raw, "split_codes"),
        groups=tuple(groups),
        total_label=r.text(raw, "total_label", "合计") or "合计",
        total_last=r.flag(raw, "total_last"),
        side_by_side=side_by_side and len(groups) >= 2,
    )


def _fixed_rows(r: _Reader, raw: LocDict, key: str, classes: dict[str, tuple[FunctionalClass, ...]]) -> list[FixedRow]:
    rows: list[FixedRow] = []

    def class_rows(name: str, loc: Location) -> list[FixedRow]:
        if name not in classes:
            r.fail(loc, "GK012", f"没有名为“{name}”的功能分类类级列表；可选：{'、'.join(classes)}")
            return []
        # class_code "" marks a 类 row whose 类 has no code (人行科目)
        return [
            FixedRow(id=c.name, label=f"{chinese_number(i)}、{c.name}", class_code=c.code or "")
            for i, c in enumerate(classes[name], start=1)
        ]

    for item, loc in r.items(raw, key):
        if item == "classes":
            rows.extend(class_rows(DEFAULT_CLASSES, loc))
            continue
        if item == "blank":
            rows.append(BLANK_ROW)
            continue
        m = r.mapping(item, loc, "行")
        if m is None:
            continue
        if "classes" in m:
            r.keys(m, ("classes",), "行")
            rows.extend(class_rows(r.text(m, "classes", DEFAULT_CLASSES) or DEFAULT_CLASSES, loc))
            continue
        r.keys(m, ("id", "label", "sum_of", "level", "strong", *FACT_KEYS), "行")
        row_id = r.text(m, "id", required=True)
        if row_id is None:
            continue
        sum_of, minus = r.terms(m, "sum_of")
        rows.append(
            FixedRow(
                id=row_id,
                label=r.text(m, "label", row_id) or row_id,
                sum_of=sum_of,
                level=r.integer(m, "level"),
                minus=minus,
                facts=r.facts(m),
                strong=r.flag(m, "strong") if "strong" in m else None,
            )
        )
    return rows


def _fixed(r: _Reader, raw: LocDict, classes: dict[str, tuple[FunctionalClass, ...]]) -> FixedSpec:
    sides: list[Side] = []
    for item, loc in r.items(raw, "sides", required=True):
        m = r.mapping(item, loc, "sides 的一项")
        if m is None:
            continue
        r.keys(m, ("id", "heading", "label_header", "columns", "columns_group", "body", "footer", *FACT_KEYS), "sides")
        body = _fixed_rows(r, m, "body", classes)
        footer = _fixed_rows(r, m, "footer", classes)
        ids = [row.id for row in body + footer if not row.is_blank]
        # `classes` in a sum stands for every 类 row of the side
        class_ids = [row.id for row in body + footer if row.class_code is not None]
        resolved = []
        for row in body + footer:
            sum_of: list[str] = []
            for part in row.sum_of:
                sum_of.extend(class_ids if part == "classes" else [part])
            for part in sum_of:
                if part not in ids:
                    r.fail(m.loc, "GK012", f"行“{row.id}”的 sum_of 中的“{part}”不是本栏的行")
            resolved.append(replace(row, sum_of=tuple(sum_of)))
        side = Side(
            id=r.text(m, "id", required=True) or "",
            heading=r.text(m, "heading", "") or "",
            label_header=r.text(m, "label_header", "项目") or "项目",
            columns=_columns(r, m, "columns", "money"),
            body=tuple(resolved[: len(body)]),
            footer=tuple(resolved[len(body) :]),
            columns_group=r.text(m, "columns_group"),
            facts=r.facts(m),
        )
        sides.append(side)
    equal = []
    for item, loc in r.items(raw, "equal"):
        if isinstance(item, LocList) and len(item) == 2 and all(isinstance(x, str) and x.count(".") == 2 for x in item):
            equal.append((str(item[0]), str(item[1])))
        else:
            r.fail(loc, "GK012", "equal 的每一项应为 [栏.行.列, 栏.行.列]")
    return FixedSpec(sides=tuple(sides), equal=tuple(equal), transposed=r.flag(raw, "transposed"))


FIELD_KEYS = ("key", "label", "type", "parts", "required", "always", "place", "arrange", *FACT_KEYS)
LIST_KEYS = ("key", "label", "columns", "required", "names", "total_label", *FACT_KEYS)
RATIO_KEYS = ("list", "column", "numerator", "denominator", "at_most", "times")


def _form(r: _Reader, raw: LocDict) -> FormSpec:
    sections: list[FormSection] = []
    for item, loc in r.items(raw, "sections", required=True):
        m = r.mapping(item, loc, "sections 的一项")
        if m is None:
            continue
        r.keys(
            m, ("caption", "fields", "lists", "header", "merge_down", "style", "optional", "wide", "rows"), "sections"
        )
        fields = []
        for f, f_loc in r.items(m, "fields"):
            fm = r.mapping(f, f_loc, "字段")
            if fm is None:
                continue
            r.keys(fm, FIELD_KEYS, "字段")
            key = r.text(fm, "key", required=True) or ""
            form_field = FormField(
                key=key,
                label=r.text(fm, "label", key) or key,
                type=r.choice(fm, "type", VALUE_TYPES, "text") or "text",
                parts=r.strings(fm, "parts"),
                required=r.flag(fm, "required"),
                always=r.flag(fm, "always"),
                place=r.choice(fm, "place", ("form", "meta", "private", "data"), "form") or "form",
                facts=r.facts(fm),
                arrange=r.choice(fm, "arrange", PART_ARRANGEMENTS, "down") or "down",
            )
            if "arrange" in fm and not form_field.parts:
                r.fail(fm.value_locs["arrange"], "GK012", f"字段“{key}”没有 parts，arrange 无从排列")
            fields.append(form_field)
        lists = []
        for x, x_loc in r.items(m, "lists"):
            xm = r.mapping(x, x_loc, "列表")
            if xm is None:
                continue
            r.keys(xm, LIST_KEYS, "列表")
            key = r.text(xm, "key", required=True) or ""
            form_list = FormList(
                key=key,
                label=r.text(xm, "label", key) or key,
                columns=_columns(r, xm, "columns", "text"),
                required=r.flag(xm, "required"),
                facts=r.facts(xm),
                total_label=r.text(xm, "total_label"),
                names=r.text(xm, "names"),
            )
            if form_list.names is not None and form_list.names not in [c.id for c in form_list.columns]:
                r.fail(
                    xm.value_locs.get("names", xm.loc),
                    "GK012",
                    f"列表“{key}”的 names“{form_list.names}”不是它的列（可用："
                    + "、".join(c.id for c in form_list.columns)
                    + "）",
                )
            lists.append(form_list)
        header = []
        for row, row_loc in r.items(m, "header"):
            if not isinstance(row, LocList):
                r.fail(row_loc, "GK005", "header 的每一行应为列表")
                continue
            header.append(
                tuple(
                    c
                    for c in (_header_cell(r, c, c_loc) for c, c_loc in zip(row, row.item_locs, strict=True))
                    if c is not None
                )
            )
        widths = {len(x.columns) for x in lists}
        if len(widths) > 1:
            r.fail(m.loc, "GK012", "同一节的各列表应有相同的列")
        rows = _form_rows(r, m, fields)
        sections.append(
            FormSection(
                caption=r.text(m, "caption", "{heading}") or "{heading}",
                fields=tuple(fields),
                lists=tuple(lists),
                header=tuple(header),
                merge_down=r.integer(m, "merge_down"),
                style=r.choice(m, "style", ("data", "indicators"), "data") or "data",
                optional=r.flag(m, "optional"),
                wide=r.flag(m, "wide"),
                rows=rows,
            )
        )
    spec = FormSpec(
        sections=tuple(sections),
        subject=r.text(raw, "subject"),
        amount=r.text(raw, "amount"),
        sums=tuple(_sum_rules(r, raw)),
        ratios=tuple(_ratio_rules(r, raw)),
    )
    _check_form_paths(r, raw, spec)
    return spec


def _form_rows(r: _Reader, m: LocDict, fields: list[FormField]) -> tuple[tuple[str, ...], ...]:
    """A section's ``rows``: each printed row the keys of the fields sharing it. Every field of the
    form (``place: form``) stands in exactly one row, so none is lost; a field whose parts print
    ``down`` or ``above`` (over several printed rows) stands alone in its row."""
    if "rows" not in m:
        return ()
    shown = {f.key: f for f in fields if f.place == "form"}
    seen: dict[str, Location] = {}
    rows: list[tuple[str, ...]] = []
    for row, row_loc in r.items(m, "rows"):
        if not isinstance(row, LocList):
            r.fail(row_loc, "GK005", f"rows 的每一行应为字段名的列表（如 [code, name]），而不是{describe(row)}")
            continue
        keys: list[str] = []
        for key, key_loc in zip(row, row.item_locs, strict=True):
            if not isinstance(key, str):
                r.fail(key_loc, "GK005", f"rows 的每一项应为字段名，而不是{describe(key)}")
            elif key not in shown:
                r.fail(key_loc, "GK012", f"rows 中的“{key}”不是本节印在表中的字段（可用：{'、'.join(shown)}）")
            elif key in seen:
                r.fail(key_loc, "GK012", f"字段“{key}”在 rows 中出现两次（第一次在第 {seen[key].line} 行）")
            else:
                seen[key] = key_loc
                keys.append(str(key))
        if not row:
            r.fail(row_loc, "GK012", "rows 中有一行是空的")
        alone = [k for k in keys if shown[k].parts and shown[k].arrange != "across"]
        if alone and len(row) > 1:
            r.fail(
                row_loc,
                "GK012",
                f"字段“{alone[0]}”的各项上下排列（arrange: {shown[alone[0]].arrange}），应独占一行",
            )
        if keys:
            rows.append(tuple(keys))
    missing = [k for k in shown if k not in seen]
    if missing:
        r.fail(
            m.value_locs["rows"], "GK012", f"字段{'、'.join(f'“{k}”' for k in missing)}不在 rows 的任何一行中，不会印出"
        )
    return tuple(rows)


def _ratio_rules(r: _Reader, raw: LocDict) -> list[RatioRule]:
    rules = []
    for item, loc in r.items(raw, "ratios"):
        m = r.mapping(item, loc, "ratios 的一项")
        if m is None:
            continue
        r.keys(m, RATIO_KEYS, "ratios")
        rule = RatioRule(
            list=r.text(m, "list", required=True) or "",
            column=r.text(m, "column", required=True) or "",
            numerator=r.text(m, "numerator"),
            denominator=r.text(m, "denominator"),
            at_most=r.text(m, "at_most"),
            times=r.strings(m, "times"),
        )
        quotient = rule.numerator is not None and rule.denominator is not None
        half = (rule.numerator is None) != (rule.denominator is None)
        product = bool(rule.times)
        if half or quotient + product + (rule.at_most is not None and not product) != 1:
            r.fail(
                m.loc,
                "GK012",
                "ratios 的每一项写 numerator 和 denominator（比率），或 times（乘积，可加 at_most 封顶），或只写 at_most（上限）",
            )
            continue
        if product and len(rule.times) != 2:
            r.fail(m.loc, "GK012", "ratios 的 times 应为两列：一个百分比列和一个数字列（如 [执行率, 分值]）")
            continue
        rules.append(rule)
    return rules


def _header_cell(r: _Reader, raw: Any, loc: Location) -> HeaderCell | None:
    if isinstance(raw, str):
        return HeaderCell(str(raw))
    m = r.mapping(raw, loc, "表头单元格")
    if m is None:
        return None
    r.keys(m, ("text", "colspan", "rowspan"), "表头单元格")
    return HeaderCell(
        r.text(m, "text", "") or "", max(1, r.integer(m, "colspan", 1)), max(1, r.integer(m, "rowspan", 1))
    )


def _sum_rules(r: _Reader, raw: LocDict) -> list[SumRule]:
    rules = []
    for item, loc in r.items(raw, "sums"):
        m = r.mapping(item, loc, "sums 的一项")
        if m is None:
            continue
        r.keys(m, ("total", "parts", "list", "column", "equals", "group_by"), "sums")
        group_by = m.get("group_by")
        parts, minus = r.terms(m, "parts")
        rules.append(
            SumRule(
                total=r.text(m, "total"),
                parts=parts,
                minus=minus,
                list=r.text(m, "list"),
                column=r.text(m, "column"),
                equals=r.text(m, "equals"),
                group_by=r.integer(m, "group_by") if group_by is not None else None,
            )
        )
    return rules


def _check_form_paths(r: _Reader, raw: LocDict, spec: FormSpec) -> None:
    """Every field path a rule names (``budget.预算数``) must be a declared field part."""
    known = set()
    for f in spec.fields:
        known.add(f.key)
        known.update(f"{f.key}.{p}" for p in f.parts)
    lists = {x.key: x for x in spec.lists}
    paths = [p for rule in spec.sums for p in ((rule.total,) if rule.total else ()) + rule.parts]
    paths += [spec.amount] if spec.amount else []
    for path in paths:
        if path not in known:
            r.fail(raw.loc, "GK012", f"“{path}”不是本表式的字段（可用：{'、'.join(sorted(known))}）")
    for rule in spec.sums:
        if rule.list is not None and (
            rule.list not in lists or rule.column not in [c.id for c in lists[rule.list].columns]
        ):
            r.fail(raw.loc, "GK012", f"sums 中的列表“{rule.list}”或列“{rule.column}”不存在")
        if rule.equals is not None and not _is_number(rule.equals) and rule.equals not in known:
            r.fail(raw.loc, "GK012", f"sums 中的 equals“{rule.equals}”应为数字或本表式的字段")
    for ratio in spec.ratios:
        columns = {c.id: c for c in lists[ratio.list].columns} if ratio.list in lists else {}
        for name in (ratio.column, ratio.numerator, ratio.denominator, ratio.at_most, *ratio.times):
            if name is not None and (name not in columns or not columns[name].numeric):
                r.fail(raw.loc, "GK012", f"ratios 中的“{name}”不是列表“{ratio.list}”的数字列")
        percents = [t for t in ratio.times if t in columns and columns[t].type == "percent"]
        if ratio.times and len(percents) != 1:
            r.fail(raw.loc, "GK012", f"ratios 的 times {list(ratio.times)} 应恰有一个百分比列（如执行率）")


def _is_number(text: str) -> bool:
    try:
        parse_money(text)
    except MoneyError:
        return False
    return True


def _grouped_items(r: _Reader, raw: LocDict) -> GroupedItemsSpec:
    rules = _sum_rules(r, raw)
    return GroupedItemsSpec(
        columns=_columns(r, raw, "columns", "text"),
        label_column=r.text(raw, "label_column", required=True) or "",
        group_label=r.text(raw, "group_label", "unit") or "unit",
        row_sum=rules[0] if rules else None,
        summed=r.strings(raw, "summed"),
    )


def _item_list(r: _Reader, raw: LocDict) -> ItemListSpec:
    return ItemListSpec(
        columns=_columns(r, raw, "columns", "text"),
        label_column=r.text(raw, "label_column", required=True) or "",
        total_column=r.text(raw, "total_column", required=True) or "",
        total_label=r.text(raw, "total_label", "合计") or "合计",
        date_field=r.text(raw, "date_field"),
        date_label=r.text(raw, "date_label"),
    )


# Each structure's own part of a declaration, read by its parser.
PARSERS: dict[str, Callable[[_Reader, LocDict, dict[str, tuple[FunctionalClass, ...]]], Spec]] = {
    "classified": lambda r, m, _classes: _classified(r, m),
    "fixed": _fixed,
    "form": lambda r, m, _classes: _form(r, m),
    "grouped_items": lambda r, m, _classes: _grouped_items(r, m),
    "item_list": lambda r, m, _classes: _item_list(r, m),
    "generic": lambda _r, _m, _classes: GenericSpec(),
}

COMMON_KEYS = (
    "title",
    "structure",
    "description",
    "required_in",
    "header_block",
    "show_unit",
    "unit",
    "quantities",
    *FACT_KEYS,
)
STRUCTURE_KEYS = {
    "classified": (
        "codes",
        "code_header",
        "columns",
        "split_codes",
        "groups",
        "total_label",
        "total_last",
        "side_by_side",
    ),
    "fixed": ("sides", "equal", "transposed"),
    "form": ("sections", "subject", "amount", "sums", "ratios"),
    "grouped_items": ("columns", "label_column", "group_label", "sums", "summed"),
    "item_list": ("columns", "label_column", "total_column", "total_label", "date_field", "date_label"),
    "generic": (),
}


def _kind(
    kind_id: str,
    raw: Any,
    loc: Location,
    source: str,
    reporter: Reporter,
    classes: dict[str, tuple[FunctionalClass, ...]],
) -> TableKind | None:
    r = _Reader(reporter, f"“{kind_id}”")
    m = r.mapping(raw, loc, "表式")
    if m is None:
        return None
    structure = r.choice(m, "structure", STRUCTURES)
    if structure is None:
        r.fail(m.loc, "GK004", f"缺少必填项“structure”（可选：{'、'.join(STRUCTURES)}）")
        return None
    r.keys(m, COMMON_KEYS + STRUCTURE_KEYS[structure], "")
    spec: Spec = PARSERS[structure](r, m, classes)
    quantities: dict[str, str] = {}
    raw_quantities = m.get("quantities")
    if raw_quantities is not None:
        qm = r.mapping(raw_quantities, m.value_locs["quantities"], "quantities")
        if qm is not None:
            quantities = {str(k): str(v) for k, v in qm.items() if isinstance(v, str)}
    kind = TableKind(
        id=kind_id,
        title=r.text(m, "title", required=True) or kind_id,
        structure=structure,
        spec=spec,
        description=(r.text(m, "description", "") or "").strip(),
        required_in=r.strings(m, "required_in"),
        header_block=r.flag(m, "header_block"),
        show_unit=not (m.get("show_unit") is not None and not r.flag(m, "show_unit")),
        unit=r.choice(m, "unit", ("万元", "元")),
        quantities=quantities,
        loc=m.loc,
        source=source,
        facts=r.facts(m),
    )
    return kind if r.ok else None


def load_disclosure_kinds(reporter: Reporter, path: Path = DISCLOSURE_KINDS) -> dict[str, DisclosureKind]:
    """disclosure_kinds.yml: each kind of disclosure (预算, 决算) in its order, with its wording, its
    figures' FDP phase, its PDF's default date and the kind its tables are shown beside."""
    raw = read_yaml(path, HERE, reporter)
    if not isinstance(raw, LocDict):
        if raw is not None:
            reporter.error(Location(display(path, HERE), 1, 1), "GK012", f"公开类型文件应为映射，而不是{describe(raw)}")
        return {}
    kinds: dict[str, DisclosureKind] = {}
    for order, (kind_id, spec) in enumerate(raw.items()):
        r = _Reader(reporter, f"公开类型“{kind_id}”")
        m = r.mapping(spec, raw.value_locs[kind_id], "公开类型")
        if m is None:
            continue
        r.keys(m, ("wording", "phase", "date_year", "compared_with"), "")
        kind = DisclosureKind(
            id=str(kind_id),
            order=order,
            wording=r.text(m, "wording", required=True) or "",
            phase=r.choice(m, "phase", FDP_PHASES) or "",
            date_year=r.integer(m, "date_year"),
            compared_with=r.choice(m, "compared_with", [str(k) for k in raw]),
        )
        if m.get("phase") is None:
            r.fail(m.loc, "GK004", "缺少必填项“phase”")
        if r.ok:
            kinds[kind.id] = kind
    return kinds


_DISCLOSURE_KINDS: dict[str, DisclosureKind] | None = None


def disclosure_kinds() -> dict[str, DisclosureKind]:
    """The declared kinds of disclosure, in their order; errors in the shipped file are bugs."""
    global _DISCLOSURE_KINDS
    if _DISCLOSURE_KINDS is None:
        reporter = Reporter()
        _DISCLOSURE_KINDS = load_disclosure_kinds(reporter)
        if reporter.items:  # pragma: no cover - the shipped file is tested
            raise RuntimeError("\n".join(d.format() for d in reporter.items))
    return _DISCLOSURE_KINDS


def disclosure_kind(kind: str) -> DisclosureKind:
    """A disclosure's kind as declared; one not declared is named “部门<kind>” and listed after them."""
    declared = disclosure_kinds()
    found = declared.get(kind)
    return found or DisclosureKind(id=kind, order=len(declared), wording=f"部门{kind}", phase=kind)


def _class_lists(path: Path, root: Path, reporter: Reporter) -> dict[str, tuple[FunctionalClass, ...]]:
    raw = read_yaml(path, root, reporter)
    lists: dict[str, tuple[FunctionalClass, ...]] = {}
    if not isinstance(raw, LocDict):
        return lists
    for name, items in raw.items():
        if not isinstance(items, LocList):
            continue
        lists[name] = tuple(
            FunctionalClass(code=i.get("code"), name=str(i.get("name"))) for i in items if isinstance(i, LocDict)
        )
    return lists


def layout_files(content_root: Path | None) -> list[Path]:
    """The package's layout files, then the site's (which may replace a kind of the same id), the
    site's ``layouts/pairings.yml`` included (what a build's key digests)."""
    return sorted(PACKAGE_KINDS.glob("*.yml")) + site_layout_files(content_root)


def site_layout_files(content_root: Path | None) -> list[Path]:
    if content_root is not None and (content_root / SITE_LAYOUTS).is_dir():
        return sorted((content_root / SITE_LAYOUTS).glob("*.yml"))
    return []


def site_pairings_file(content_root: Path | None) -> Path | None:
    """A site's own pairings (``content/layouts/pairings.yml``, a list like the package's), if any."""
    if content_root is None:
        return None
    path = content_root / SITE_LAYOUTS / PAIRINGS.name
    return path if path.is_file() else None


def _read_kinds(registry: Registry, files: list[Path], root: Path, reporter: Reporter) -> None:
    for path in files:
        raw = read_yaml(path, root, reporter)
        shown = display(path, root)
        if raw is None:
            continue
        if not isinstance(raw, LocDict):
            reporter.error(Location(shown, 1, 1), "GK012", f"表式文件应为映射（表式名: 定义），而不是{describe(raw)}")
            continue
        for kind_id, spec in raw.items():
            kind = _kind(str(kind_id), spec, raw.value_locs[kind_id], shown, reporter, registry.class_lists)
            if kind is not None:
                registry.kinds[kind.id] = kind


def load_registry(content_root: Path | None, reporter: Reporter) -> Registry:
    """The kinds (the package's, then the site's), then the pairings that name them: the site's
    first, replacing a package pairing of the same two kinds. Every mistake is reported where it is
    written (GK012) and leaves out what it is in. The shipped files are read once per process (they
    are most of a small check's time and never change under a running Gongkai)."""
    if content_root is None:
        registry = Registry(class_lists=_class_lists(CLASS_LISTS, HERE, reporter))
        _read_kinds(registry, sorted(PACKAGE_KINDS.glob("*.yml")), HERE, reporter)
        _pair(registry, None, HERE, reporter)
        return registry
    shipped = package_registry()
    site_files = site_layout_files(content_root)
    registry = Registry(kinds=dict(shipped.kinds), class_lists=shipped.class_lists, pairings=shipped.pairings)
    if site_files:
        site_pairings = site_pairings_file(content_root)
        _read_kinds(registry, [p for p in site_files if p != site_pairings], content_root, reporter)
        _pair(registry, site_pairings, content_root, reporter)
    return registry


def _pair(registry: Registry, site_pairings: Path | None, root: Path, reporter: Reporter) -> None:
    """The pairings in effect, each also on its 决算 kind."""
    own = load_pairings(registry, reporter, site_pairings, root) if site_pairings is not None else ()
    pairings = own + load_pairings(registry, reporter, skip=frozenset((p.final, p.budget) for p in own))
    registry.pairings = pairings
    for kind_id, kind in registry.kinds.items():
        mine = tuple(p for p in pairings if p.final == kind_id)
        if mine or kind.pairings:
            registry.kinds[kind_id] = replace(kind, pairings=mine)


_PACKAGE: Registry | None = None


def package_registry() -> Registry:
    """The shipped kinds alone (for the reference docs and tests); errors here are bugs."""
    global _PACKAGE
    if _PACKAGE is None:
        reporter = Reporter()
        _PACKAGE = load_registry(None, reporter)
        if reporter.items:  # pragma: no cover - the shipped layouts are tested
            raise RuntimeError("\n".join(d.format() for d in reporter.items))
    return _PACKAGE


def _pairing(r: _Reader, m: LocDict, kinds: dict[str, TableKind]) -> Pairing | None:
    """One entry of pairings.yml, checked against the kinds it names."""
    r.keys(m, ("final", "budget", "caption", "rows", "columns", "side"), "")
    final_id, budget_id = r.text(m, "final", required=True), r.text(m, "budget", required=True)
    if final_id is None or budget_id is None:
        return None
    tables = {}
    for role, kind_id in (("final", final_id), ("budget", budget_id)):
        kind = kinds.get(kind_id)
        if kind is None:
            r.fail(m.value_locs[role], "GK012", f"没有名为“{kind_id}”的表式")
        else:
            tables[role] = kind
    if len(tables) < 2:
        return None
    side = r.text(m, "side")
    by_code = m.get("rows") == "codes"
    structure = "classified" if by_code else "fixed"
    columns_of: dict[str, tuple[str, ...]] = {}
    rows_of: dict[str, tuple[str, ...]] = {}
    for role, kind in tables.items():
        spec = kind.spec
        if kind.structure != structure:
            wanted = "分类表（classified）" if by_code else "固定行表（fixed）"
            r.fail(
                m.value_locs[role],
                "GK012",
                f"rows 为 {'codes' if by_code else '行列表'} 时，表式“{kind.id}”应为{wanted}",
            )
            return None
        if isinstance(spec, ClassifiedSpec):
            columns_of[role] = spec.column_ids
        elif isinstance(spec, FixedSpec):
            chosen = next((s for s in spec.sides if s.id == side), None) if side else spec.sides[0]
            if chosen is None:
                r.fail(m.value_locs["side"], "GK012", f"表式“{kind.id}”没有名为“{side}”的栏")
                return None
            columns_of[role] = chosen.column_ids
            rows_of[role] = tuple(row.id for row in chosen.rows)
    columns = []
    for item, loc in r.items(m, "columns", required=True):
        cm = r.mapping(item, loc, "columns 的一项")
        if cm is None:
            continue
        r.keys(cm, ("final", "budget", "label"), "columns")
        ids = {role: r.text(cm, role, required=True) or "" for role in ("final", "budget")}
        for role, column in ids.items():
            if column and column not in columns_of[role]:
                r.fail(loc, "GK012", f"“{column}”不是表式“{tables[role].id}”的列")
        columns.append(PairedColumn(ids["final"], ids["budget"], r.text(cm, "label", ids["final"]) or ids["final"]))
    rows = []
    if not by_code:
        for item, loc in r.items(m, "rows", required=True):
            rm = r.mapping(item, loc, "rows 的一项")
            if rm is None:
                continue
            r.keys(rm, ("final", "budget"), "rows")
            ids = {role: r.text(rm, role, required=True) or "" for role in ("final", "budget")}
            for role, row in ids.items():
                if row and row not in rows_of[role]:
                    r.fail(loc, "GK012", f"“{row}”不是表式“{tables[role].id}”的行")
            rows.append(PairedRow(ids["final"], ids["budget"]))
    return Pairing(
        final=final_id,
        budget=budget_id,
        caption=r.text(m, "caption", required=True) or final_id,
        columns=tuple(columns),
        by_code=by_code,
        rows=tuple(rows),
        side=side,
        loc=m.loc,
    )


def load_pairings(
    registry: Registry,
    reporter: Reporter,
    path: Path = PAIRINGS,
    root: Path = HERE,
    skip: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[Pairing, ...]:
    """pairings.yml: which 决算 table is shown beside which 预算 table, by which rows and columns.

    ``skip``: the (决算 kind, 预算 kind) pairs declared elsewhere (by the site), left out unchecked."""
    raw = read_yaml(path, root, reporter)
    if raw is None:
        return ()
    if not isinstance(raw, LocList):
        reporter.error(Location(display(path, root), 1, 1), "GK012", f"配对文件应为列表，而不是{describe(raw)}")
        return ()
    pairings = []
    for item, loc in zip(raw, raw.item_locs, strict=True):
        r = _Reader(reporter, "配对")
        m = r.mapping(item, loc, "配对")
        if m is not None and (str(m.get("final")), str(m.get("budget"))) in skip:
            continue
        pairing = _pairing(r, m, registry.kinds) if m is not None else None
        if pairing is not None and r.ok:
            pairings.append(pairing)
    return tuple(pairings)


def package_pairings() -> tuple[Pairing, ...]:
    """The shipped pairings, checked against the shipped kinds; errors here are bugs."""
    return package_registry().pairings
