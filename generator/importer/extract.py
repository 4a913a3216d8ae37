"""A sheet read as a table kind: each structure's figures taken where its declaration says.

Every reader both matches and extracts: it finds the declared columns (and rows) by their
printed labels, and fails with a reason when the sheet holds a column or row the kind does not
declare (a figure would otherwise be lost). No reader knows a kind by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.importer.shape import FIGURE, Shape, ignorable, norm, norm_label
from generator.importer.sheets import Sheet
from generator.importer.yaml_out import Figure, Flow, Note
from generator.layouts import Registry
from generator.layouts.spec import ClassifiedSpec, FixedRow, FixedSpec, ItemListSpec, Side, TableKind
from generator.model.money import DASHES

MAX_DECIMALS = 2  # 0.01 万元 or 0.01 元: the finest step either unit is published in


@dataclass
class Finding:
    where: str  # 文件.xlsx:工作表!D7
    message: str


@dataclass
class Attempt:
    kind: TableKind
    ok: bool
    score: float = 0.0
    data: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""


@dataclass
class Context:
    sheet: Sheet
    shape: Shape
    registry: Registry
    findings: list[Finding] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # columns the kind accounts for

    def figure(self, r: int, c: int | None) -> Figure | str | None:
        """The cell as published: a figure, a dash as printed (no amount), nothing for a blank, or
        its text for check to report."""
        if c is None or c >= len(self.sheet.rows[r]):
            return None
        text = self.sheet.rows[r][c].strip()
        if not text:
            return None
        if text in DASHES:
            return Figure(text)
        cleaned = text.replace(",", "").replace(" ", "")
        if not FIGURE.fullmatch(cleaned):
            self.findings.append(Finding(self.sheet.where(r, c), f"“{text}”不是金额，按原文写入，请核对"))
            return text
        decimals = len(cleaned.partition(".")[2])
        if decimals > MAX_DECIMALS:
            self.findings.append(
                Finding(self.sheet.where(r, c), f"{cleaned} 有 {decimals} 位小数，多于金额单位允许的 2 位；未作舍入")
            )
        if (r, c) in self.sheet.hidden_digits:
            stored = self.sheet.hidden_digits[(r, c)]
            self.findings.append(
                Finding(self.sheet.where(r, c), f"单元格存的是 {stored}，显示为 {cleaned}；按显示的数导入")
            )
        return Figure(cleaned)

    def amount(self, r: int, c: int | None) -> Figure | str | None:
        """Like :meth:`figure`, but None for a dash too: for telling a row with figures from one without."""
        value = self.figure(r, c)
        return None if isinstance(value, Figure) and value.dash else value

    def body(self) -> range:
        return range(self.shape.body_start, len(self.sheet.rows))

    def unaccounted(self) -> list[str]:
        """Header texts of columns holding something in the body that the kind does not declare."""
        extra = []
        for c, path in enumerate(self.shape.paths):
            if c in self.used or ignorable(self.shape, c):
                continue
            if any(c < len(self.sheet.rows[r]) and self.sheet.rows[r][c] for r in self.body()):
                extra.append("／".join(path) or f"第 {c + 1} 列")
        return extra


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: "部门收入预算总表" is close to "部门预算收入总表"."""

    def grams(s: str) -> set[str]:
        return {s[i : i + 2] for i in range(len(s) - 1)} or {s}

    x, y = grams(norm(a)), grams(norm(b))
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


# ----- classified ------------------------------------------------------------------------

_CODE_HEADERS = ("科目编码", "编码", "科目代码", "功能分类科目编码", "经济分类科目编码", "代码")
_NAME_HEADERS = ("科目名称", "名称", "项目", "功能分类科目名称", "经济分类科目名称", "科目")
_CODE = re.compile(r"[0-9]{3,7}")
_TOTALS = ("合计", "总计", "本年合计")


def read_classified(ctx: Context, kind: TableKind) -> Attempt:
    spec = kind.spec
    assert isinstance(spec, ClassifiedSpec)
    starts = [0]
    if spec.side_by_side:
        # the groups printed side by side (人员经费 | 公用经费): one block of columns under each group's name
        found = [_block_start(ctx.shape, g.label) for g in spec.groups]
        if any(s is None for s in found):
            return Attempt(kind, ok=False, reason="找不到并排的各组（" + "、".join(g.label for g in spec.groups) + "）")
        starts = [s for s in found if s is not None]
    groups: list[dict[str, Any]] = []
    missing: list[str] = []
    for start in starts:
        block = _read_classified_block(ctx, kind, spec, start)
        if isinstance(block, Attempt):
            return block
        groups.extend(block[0])
        missing += [m for m in block[1] if m not in missing]
    if extra := ctx.unaccounted():
        return Attempt(kind, ok=False, reason=f"表式没有这些列：{'、'.join(extra)}")
    return _classified_attempt(kind, spec, groups, missing)


def _block_start(shape: Shape, label: str) -> int | None:
    """The first column under a group's spanning header."""
    want = norm(label)
    return next((c for c, path in enumerate(shape.paths) if path and path[0] == want), None)


def _read_classified_block(
    ctx: Context, kind: TableKind, spec: ClassifiedSpec, start: int
) -> tuple[list[dict[str, Any]], list[str]] | Attempt:
    """The 科目 rows of the columns from ``start`` (the whole table, or one side-by-side block)."""
    shape, rows = ctx.shape, ctx.sheet.rows
    columns = _value_columns(ctx, [(c.id, c.label, c.group) for c in spec.columns], start)
    missing = [c.label for c in spec.columns if c.id not in columns]
    if len(missing) == len(spec.columns):
        return Attempt(kind, ok=False, reason="没有一列与表式的金额列同名")
    parts = [shape.column(p, start=start) for p in ("类", "款", "项")[: len(spec.code_lengths)]]
    code_col = next((c for h in _CODE_HEADERS if (c := shape.column(h, start=start)) is not None), None)
    split = parts[0] is not None and parts[1] is not None
    if not split and code_col is None:
        code_col = _guess_code_column(ctx)
    name_col = next(
        (c for h in _NAME_HEADERS if (c := shape.column(h, start=start)) is not None and c not in columns.values()),
        None,
    )
    if name_col is None or (not split and code_col is None):
        return Attempt(kind, ok=False, reason="找不到科目编码和科目名称列")
    ctx.used.update(columns.values())
    ctx.used.update(c for c in [*parts, code_col, name_col] if c is not None)
    group_labels = {norm(g.total_label): g for g in spec.groups}
    totals = {norm(spec.total_label), *_TOTALS}
    groups: list[dict[str, Any]] = []
    current: dict[str, Any] = {"total": None, "rows": []}
    last_class = ""
    for r in ctx.body():
        row = rows[r]
        name = row[name_col].strip() if name_col < len(row) else ""
        if split:
            code, last_class = _joined_code(row, parts, last_class)
        else:
            code = row[code_col].strip() if code_col is not None and code_col < len(row) else ""
        values = {cid: ctx.figure(r, c) for cid, c in columns.items()}
        values = {k: v for k, v in values.items() if v is not None}
        if not name and not code and not any(ctx.amount(r, c) is not None for c in columns.values()):
            continue
        label = norm(name) or norm(code)
        if not code and label in group_labels:
            gid = group_labels[label].id
            if spec.total_last:  # the group's total closes it
                current.update(group=gid, total=Flow(values))
                groups.append(current)
                current = {"total": None, "rows": []}
            else:
                if current["rows"] or current["total"] is not None:
                    groups.append(current)
                current = {"group": gid, "total": Flow(values), "rows": []}
            continue
        if not code and label in totals:
            if spec.groups and current["total"] is not None:  # totals printed last: the group ends here
                groups.append(current)
                current = {"total": None, "rows": []}
            current["total"] = Flow(values)
            continue
        item: dict[str, Any] = {}
        if not code:
            found = _class_code(ctx.registry, name) if spec.codes == "functional" else None
            if found:
                code = found
                current["rows"].append(Note(f"导入：第 {r + 1} 行没有科目编码，按类名“{name}”补为 {found}"))
            else:
                current["rows"].append(
                    Note(f"导入：第 {r + 1} 行（{ctx.sheet.where(r, name_col)}）没有科目编码，请补上")
                )
        if code:
            item["code"] = code
        item["name"] = name
        item.update(values)
        current["rows"].append(Flow(item))
    if current["rows"] or current["total"] is not None or not spec.side_by_side:
        groups.append(current)
    return groups, missing


def _classified_attempt(
    kind: TableKind, spec: ClassifiedSpec, groups: list[dict[str, Any]], missing: list[str]
) -> Attempt:
    data: dict[str, Any] = {}
    if spec.groups:
        for group in groups:
            group_id = group.get("group")
            if group_id is None:
                if group["rows"]:  # rows outside every declared group would be lost: not this kind
                    labels = "、".join(g.total_label for g in spec.groups)
                    return Attempt(kind, ok=False, reason=f"有几行不属于任何一组（找不到 {labels} 行）")
                continue
            entry: dict[str, Any] = {}
            if group["total"] is not None and group["total"].items:
                entry["total"] = _single(group["total"], spec)
            entry["rows"] = group["rows"]
            data[group_id] = entry
    else:
        total: Flow | None = None
        all_rows: list[Any] = []
        for group in groups:
            all_rows.extend(group["rows"])
            total = total or group["total"]
        if total is not None and total.items:
            data["total"] = total
        data["rows"] = all_rows
    if missing:
        data = {"_missing": Note(f"导入：原表没有这些列：{'、'.join(missing)}"), **data}
    score = 1 + (len(spec.columns) - len(missing)) / len(spec.columns)
    return Attempt(kind, ok=True, score=score, data=data)


def _single(total: Flow, spec: ClassifiedSpec) -> Any:
    if len(spec.columns) == 1 and spec.columns[0].id in total.items:
        return total.items[spec.columns[0].id]
    return total


def _joined_code(row: list[str], parts: list[int | None], last_class: str) -> tuple[str, str]:
    """类 205 (stored as a number), 款 '02', 项 '05' → "2050205"; a blank 类 continues the last one."""
    texts = [row[c].strip() if c is not None and c < len(row) else "" for c in parts]
    if not any(texts):
        return "", last_class
    lei = texts[0] or last_class
    code = lei
    for part in texts[1:]:
        if not part:
            break
        code = part if part.startswith(code) and len(part) > len(code) else code + part.zfill(2)
    return code, lei


def _guess_code_column(ctx: Context) -> int | None:
    width = len(ctx.shape.paths)
    for c in range(width):
        cells = [ctx.sheet.rows[r][c] for r in ctx.body() if c < len(ctx.sheet.rows[r]) and ctx.sheet.rows[r][c]]
        if cells and sum(bool(_CODE.fullmatch(v)) for v in cells) >= 0.6 * len(cells) and len(cells) > 1:
            return c
    return None


def _class_code(registry: Registry, name: str) -> str | None:
    want = norm(name)
    for classes in registry.class_lists.values():
        for cls in classes:
            if norm(cls.name) == want and cls.code:
                return cls.code
    return None


def _value_columns(ctx: Context, declared: list[tuple[str, str, str | None]], start: int = 0) -> dict[str, int]:
    """Declared value columns → sheet columns, matched by their lowest header (and group above)."""
    found: dict[str, int] = {}
    taken: set[int] = set()
    for cid, label, group in declared:
        candidates = [
            c for c in range(start, len(ctx.shape.leaves)) if c not in taken and ctx.shape.leaves[c] == norm(label)
        ]
        if group:
            grouped = [c for c in candidates if norm(group) in ctx.shape.paths[c]]
            candidates = grouped or candidates
        if candidates:
            found[cid] = candidates[0]
            taken.add(candidates[0])
    return found


# ----- fixed rows ------------------------------------------------------------------------


def read_fixed(ctx: Context, kind: TableKind) -> Attempt:
    spec = kind.spec
    assert isinstance(spec, FixedSpec)
    if spec.transposed:
        return _read_transposed(ctx, kind, spec)
    data: dict[str, Any] = {}
    start = 0
    matched_rows = 0
    for side in spec.sides:
        label_col = ctx.shape.column(side.label_header, under=side.heading or None, start=start)
        if label_col is None:
            return Attempt(kind, ok=False, reason=f"找不到“{side.heading or side.label_header}”栏")
        under = side.heading or side.columns_group or None
        columns = _value_columns(ctx, [(c.id, c.label, under) for c in side.columns], start=label_col + 1)
        if not columns:
            return Attempt(kind, ok=False, reason=f"“{side.heading or side.label_header}”栏没有表式的金额列")
        ctx.used.update([label_col, *columns.values()])
        start = max(columns.values()) + 1
        by_label = _row_labels(side)
        taken: set[str] = set()
        values: dict[str, Any] = {}
        for r in ctx.body():
            row = ctx.sheet.rows[r]
            text = row[label_col].strip() if label_col < len(row) else ""
            figures = {cid: ctx.figure(r, c) for cid, c in columns.items()}
            figures = {k: v for k, v in figures.items() if v is not None}
            amounts = any(ctx.amount(r, c) is not None for c in columns.values())
            if not text:
                if amounts:
                    return Attempt(kind, ok=False, reason=f"{ctx.sheet.where(r, label_col)} 有金额而没有项目名称")
                continue
            fixed = _next_row(by_label, text, taken)
            if fixed is None:
                if amounts:
                    return Attempt(
                        kind, ok=False, reason=f"表式的“{side.heading or side.label_header}”栏没有“{text}”这一行"
                    )
                continue
            matched_rows += 1
            taken.add(fixed.id)
            if not figures:
                continue
            if len(side.columns) == 1:
                values[fixed.id] = next(iter(figures.values()))
            else:
                values[fixed.id] = Flow(figures)
        data[side.id] = values
    if extra := ctx.unaccounted():
        return Attempt(kind, ok=False, reason=f"表式没有这些列：{'、'.join(extra)}")
    declared = sum(len(s.rows) for s in spec.sides)
    return Attempt(kind, ok=True, score=1 + matched_rows / max(declared, 1), data=data)


def _row_labels(side: Side) -> dict[str, list[FixedRow]]:
    """Printed label (with and without its numbering) → the rows printed so, in order."""
    labels: dict[str, list[FixedRow]] = {}
    for row in side.rows:
        for text in {norm(row.label), norm_label(row.label), norm(row.id), norm_label(row.id)}:
            labels.setdefault(text, []).append(row)
    return labels


def _next_row(by_label: dict[str, list[FixedRow]], text: str, taken: set[str]) -> FixedRow | None:
    """The first row not yet read that is printed with this label (two sides may print
    “一、一般公共预算拨款” twice: this year's and the 年初 结转)."""
    for key in (norm(text), norm_label(text)):
        for row in by_label.get(key, []):
            if row.id not in taken:
                return row
    return None


def _read_transposed(ctx: Context, kind: TableKind, spec: FixedSpec) -> Attempt:
    """Rows printed as columns: the header names the rows, each body line is one value column."""
    side = spec.sides[0]
    by_label: dict[str, list[FixedRow]] = {}
    for s in spec.sides:
        for k, v in _row_labels(s).items():
            by_label.setdefault(k, []).extend(v)
    row_columns: dict[str, int] = {}
    taken: set[str] = set()
    for c, leaf in enumerate(ctx.shape.leaves):
        fixed = _next_row(by_label, leaf, taken) if leaf else None
        if fixed is not None:
            taken.add(fixed.id)
        if fixed is not None:
            row_columns[fixed.id] = c
    if not row_columns:
        return Attempt(kind, ok=False, reason="表头没有表式的行名")
    label_col = ctx.shape.column(side.label_header)
    label_col = 0 if label_col is None else label_col
    ctx.used.update([label_col, *row_columns.values()])
    if extra := ctx.unaccounted():
        return Attempt(kind, ok=False, reason=f"表式没有这些列：{'、'.join(extra)}")
    column_of = {norm(c.label): c for c in side.columns}
    values: dict[str, dict[str, Any]] = {}
    for r in ctx.body():
        text = ctx.sheet.rows[r][label_col].strip()
        column = column_of.get(norm(text))
        if column is None:
            if any(ctx.amount(r, c) is not None for c in row_columns.values()):
                return Attempt(kind, ok=False, reason=f"表式没有“{text}”这一行")
            continue
        for row_id, c in row_columns.items():
            value = ctx.figure(r, c)
            if value is not None:
                values.setdefault(row_id, {})[column.id] = value
    data: dict[str, Any] = {}
    for s in spec.sides:
        data[s.id] = {r.id: Flow(values[r.id]) for r in s.rows if r.id in values}
    return Attempt(kind, ok=True, score=1 + len(row_columns) / max(sum(len(s.rows) for s in spec.sides), 1), data=data)


# ----- item lists (资产) --------------------------------------------------------------


def read_item_list(ctx: Context, kind: TableKind) -> Attempt:
    spec = kind.spec
    assert isinstance(spec, ItemListSpec)
    columns = _value_columns(ctx, [(c.id, c.label, None) for c in spec.columns])
    label_col = columns.pop(spec.label_column, None)
    if label_col is None or spec.total_column not in columns:
        return Attempt(kind, ok=False, reason=f"找不到“{spec.label_column}”和“{spec.total_column}”列")
    ctx.used.update([label_col, *columns.values()])
    if extra := ctx.unaccounted():
        return Attempt(kind, ok=False, reason=f"表式没有这些列：{'、'.join(extra)}")
    data: dict[str, Any] = {}
    if spec.date_field and spec.date_label and (date := ctx.shape.meta.get(norm(spec.date_label))):
        data[spec.date_field] = date
    rows: list[Any] = []
    for r in ctx.body():
        label = ctx.sheet.rows[r][label_col].strip()
        values = {cid: v for cid, c in columns.items() if (v := ctx.figure(r, c)) is not None}
        if not label and not values:
            continue
        if norm(label) == norm(spec.total_label):
            total = values.get(spec.total_column)
            if total is not None:
                data["total"] = Flow({spec.total_column: total})
            continue
        item: dict[str, Any] = {spec.label_column: label, **values}
        if norm(label).startswith("其中："):  # printed under the row it is part of, not added to the total
            item["part_of_previous"] = "true"
        rows.append(Flow(item))
    data["rows"] = rows
    score = 1 + len(columns) / max(len(spec.columns) - 1, 1)
    return Attempt(kind, ok=True, score=score, data=data)


READERS: dict[str, Callable[[Context, TableKind], Attempt]] = {
    "classified": read_classified,
    "fixed": read_fixed,
    "item_list": read_item_list,
}
