"""Forms (项目绩效目标表, 绩效自评表), grouped items (政府采购) and tables given cell by cell,
read from a sheet as their declaration says.

A form sheet is label cells with their values beside them (``项目名称 | 机关专项运转经费``, also
several a row: ``预算数 | 81.39 | 财政资金 | 81.39``) or below a row of part labels (``3月底 |
6月底 | …`` over ``25% | 60% | …``), and lists printed as
grids under a header row naming the declared columns (一级指标 | 二级指标 | …). Gongkai's own
workbook prints a part as ``预算规模（万元）·预算数``; that is read too. Nothing here knows a
kind by name: the labels, parts and columns all come from the layout declaration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.importer.extract import Attempt, Context, _value_columns
from generator.importer.shape import FIGURE, norm
from generator.importer.sheets import Sheet
from generator.importer.yaml_out import Figure, Flow, Note, Text
from generator.layouts.spec import FormField, FormList, FormSection, FormSpec, GroupedItemsSpec, TableKind
from generator.model.money import DASHES

_UNIT_ONLY = re.compile(r"(?:金额)?单位[:：]\s*(?:万元|元)")
_PAREN = re.compile(r"[（(][^（）()]*[)）]$")
_LEAD = re.compile(r"^(?:其中[:：]?|[0-9]+[、.．]|[一二三四五六七八九十]+、)")
LONG_TEXT = 30  # characters: a longer text is written as a block (``goal: |``)


@lru_cache(maxsize=1 << 16)
def label_key(text: str) -> str:
    """A printed label compared with a declared one: no spaces, no 其中：, no trailing colon or
    （万元）/（%）."""
    text = norm(text).rstrip("：:")
    text = _LEAD.sub("", text)
    while (stripped := _PAREN.sub("", text)) != text and stripped:
        text = stripped.rstrip("：:")
    return text


class Cells:
    """The sheet as a grid where a merged range is one cell at its top-left corner."""

    def __init__(self, sheet: Sheet) -> None:
        self.rows = sheet.rows
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self.extent: dict[tuple[int, int], tuple[int, int]] = {}
        for r0, c0, r1, c1 in sheet.merged:
            self.extent[(r0, c0)] = (r1, c1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    self.anchor[(r, c)] = (r0, c0)
        self._width = max((len(r) for r in self.rows), default=0)
        # each row's label keys → the first column printing it (found once, for every layout tried)
        self.keys: list[dict[str, int]] = []
        for r in range(len(self.rows)):
            keys: dict[str, int] = {}
            for c in range(len(self.rows[r])):
                if text := self.text(r, c):
                    keys.setdefault(label_key(text), c)
            self.keys.append(keys)

    @classmethod
    def of(cls, sheet: Sheet) -> Cells:
        cells = sheet.cache.get("cells")
        if not isinstance(cells, Cells):
            cells = sheet.cache["cells"] = cls(sheet)
        return cells

    def text(self, r: int, c: int) -> str:
        if r >= len(self.rows) or c >= len(self.rows[r]):
            return ""
        if self.anchor.get((r, c), (r, c)) != (r, c):
            return ""  # covered by a merged cell
        return self.rows[r][c].strip()

    def merged_text(self, r: int, c: int) -> str:
        """The text of the merged range covering the cell (a 一级指标 merged down its group)."""
        a = self.anchor.get((r, c), (r, c))
        return self.rows[a[0]][a[1]].strip() if a[0] < len(self.rows) and a[1] < len(self.rows[a[0]]) else ""

    def last_col(self, r: int, c: int) -> int:
        return self.extent.get((r, c), (r, c))[1]

    def last_row(self, r: int, c: int) -> int:
        return self.extent.get((r, c), (r, c))[0]

    def width(self) -> int:
        return self._width


# ----- forms ---------------------------------------------------------------------------------


class _Grid:
    def __init__(self, lst: FormList, header: list[int], columns: list[int], rows: list[int]) -> None:
        self.list, self.header, self.columns, self.rows = lst, header, columns, rows


# ----- a section's declared header (``header:`` rows, with ``{years[0]}`` placeholders) -----

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z_0-9]*)(?:\[([0-9]+)\])?\}")
Captures = dict[tuple[str, int | None], str]  # (field, index) → the text a placeholder printed


@dataclass(frozen=True)
class _Placed:
    """A declared header cell at its place in the header grid."""

    row: int
    col: int
    text: str
    pattern: re.Pattern[str] | None  # for a text with placeholders: what the sheet may print there
    names: tuple[tuple[str, int | None], ...]


def _pattern(text: str) -> tuple[re.Pattern[str] | None, tuple[tuple[str, int | None], ...]]:
    pieces = _PLACEHOLDER.split(text)  # literal, name, index, literal, name, index, …, literal
    if len(pieces) == 1:
        return None, ()
    regex = ""
    names: list[tuple[str, int | None]] = []
    for i in range(0, len(pieces), 3):
        regex += re.escape(norm(pieces[i]))
        if i + 1 < len(pieces):
            regex += "(.+?)"
            names.append((pieces[i + 1], int(pieces[i + 2]) if pieces[i + 2] is not None else None))
    return re.compile(regex), tuple(names)


@lru_cache(maxsize=256)
def _declared_header(section: FormSection) -> tuple[tuple[_Placed, ...], tuple[int, ...], int]:
    """The declared header cells where they stand (rowspans and colspans laid out as a table
    lays them out), and the column offset of each lowest header cell: one per list column."""
    occupied: dict[tuple[int, int], _Placed] = {}
    placed: list[_Placed] = []
    for r, row in enumerate(section.header):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            pattern, names = _pattern(cell.text)
            at = _Placed(r, c, cell.text, pattern, names)
            placed.append(at)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied[(r + dr, c + dc)] = at
            c += cell.colspan
    height = len(section.header)
    width = max((c for _, c in occupied), default=-1) + 1
    leaves: list[int] = []
    for c in range(width):
        leaf = occupied.get((height - 1, c))
        if leaf is not None and leaf.col == c:
            leaves.append(c)
    return tuple(placed), tuple(leaves), height


def _header_at(cells: Cells, placed: tuple[_Placed, ...], r: int, c0: int) -> Captures | None:
    """The texts the declared header prints, when the sheet prints it with its top-left cell at
    (r, c0); None when a cell differs."""
    captures: Captures = {}
    for at in placed:
        rr, cc = r + at.row, c0 + at.col
        if cells.anchor.get((rr, cc), (rr, cc)) != (rr, cc):
            return None  # covered by a merged cell the declaration does not have
        text = cells.text(rr, cc)
        if at.pattern is None:
            if label_key(text) != label_key(at.text):
                return None
            continue
        m = at.pattern.fullmatch(norm(text))
        if m is None:
            return None
        for name, value in zip(at.names, m.groups(), strict=True):
            if captures.setdefault(name, value) != value:
                return None
    return captures


def _find_declared(
    cells: Cells, section: FormSection, taken: set[int], captures: Captures
) -> dict[str, _Grid] | str | None:
    """The grids of a section whose header rows are declared (``header:``), found by those rows;
    the values its placeholders printed (``{years[0]}`` → 2024) go into ``captures``. None when the
    declaration does not say enough to look for it this way."""
    placed, leaves, height = _declared_header(section)
    labelled = len(section.lists) > 1  # several lists in one table: the first column names the list
    columns = len(section.lists[0].columns)
    first = placed[0] if placed else None
    if first is None or first.pattern is not None or len(leaves) != columns + labelled:
        return None
    key = label_key(first.text)
    for r in range(len(cells.rows)):
        if r in taken or key not in cells.keys[r]:
            continue
        c0 = cells.keys[r][key] - first.col
        found = _header_at(cells, placed, r, c0) if c0 >= 0 else None
        if found is None or any(captures.get(k, v) != v for k, v in found.items()):
            continue
        captures.update(found)
        header = list(range(r, r + height))
        mapped = [c0 + leaf for leaf in leaves]
        body: list[int] = []
        r2 = r + height
        while r2 < len(cells.rows):
            filled = any(cells.text(r2, c) for c in mapped)
            covered = any(cells.anchor.get((r2, c), (r2, c))[0] < r2 for c in mapped)
            if not filled and not covered:
                break
            body.append(r2)
            r2 += 1
        if not labelled:
            return {section.lists[0].key: _Grid(section.lists[0], header, mapped, body)}
        grids = {lst.key: _Grid(lst, header, mapped[1:], []) for lst in section.lists}
        by_label = {label_key(lst.label): lst.key for lst in section.lists}
        parts = "、".join(lst.label for lst in section.lists)
        current: str | None = None
        for row in body:
            if label := cells.merged_text(row, mapped[0]):
                current = by_label.get(label_key(label))
                if current is None:
                    return f"“{label}”不是“{_caption_name(section)}”的一部分（应为{parts}）"
            if current is None:
                return f"“{_caption_name(section)}”的第一行没有写明是{parts}中的哪一部分"
            grids[current].rows.append(row)
        return grids
    return f"找不到“{_caption_name(section)}”的表头（{'、'.join(a.text for a in placed[:4])}……）"


def _caption_name(section: FormSection) -> str:
    return _PLACEHOLDER.sub("", section.caption).replace("（）", "") or section.lists[0].label


def _find_list(cells: Cells, lst: FormList, taken: set[int], start: int, stops: set[str]) -> _Grid | str:
    """The header row(s) naming every declared column, then the rows below up to a blank row or a
    row led by another label of the form (``stops``: 年度总体目标 below the funds)."""
    wanted = [label_key(c.label) for c in lst.columns]
    groups = {label_key(c.group) for c in lst.columns if c.group}
    width = cells.width()
    for r in range(start, len(cells.rows)):
        if r in taken:
            continue
        top = cells.keys[r]
        if sum(w in top for w in wanted) < max(2, (len(wanted) + 1) // 2):
            continue  # the top header row names most of the columns
        below = cells.keys[r + 1] if r + 1 < len(cells.rows) else {}
        found: list[int | None] = []
        header = [r]
        for c_label in wanted:
            col = top.get(c_label)
            if col is None:
                col = below.get(c_label)
                if col is not None and r + 1 not in header:
                    header.append(r + 1)
            found.append(col)
        if found[0] is None and (col := top.get(label_key(lst.label))) is not None:
            found[0] = col  # the list's label over its block (年度预算资金（万元）) names its first column
        hits = sum(c is not None for c in found)
        if hits < max(2, (len(wanted) + 1) // 2):
            continue
        if None in found:
            missing = [lst.columns[i].label for i, c in enumerate(found) if c is None]
            return f"“{lst.label}”找不到这些列：{'、'.join(missing)}"
        columns = [_beside_spanning_label(cells, r, c, max(header)) for c in found if c is not None]
        body: list[int] = []
        r2 = max(header) + 1
        own = {*wanted, label_key(lst.label)}
        while r2 < len(cells.rows):
            filled = any(cells.text(r2, c) for c in columns)
            covered = any(cells.anchor.get((r2, c), (r2, c))[0] < r2 for c in columns)
            if not filled and not covered:
                break
            lead = next((t for c in range(width) if (t := cells.text(r2, c))), "")
            if label_key(lead) in stops and label_key(lead) not in own:
                break  # the next block of the form
            body.append(r2)
            r2 += 1
        known = {*wanted, *groups, label_key(lst.label)}
        extra = [
            t
            for h in header
            for c in range(width)
            if (t := cells.text(h, c))
            and label_key(t) not in known
            and c not in columns
            and not _only_label_below(cells, lst, c, body)
        ]
        if extra:
            return f"“{lst.label}”的表头有表式没有的列：{'、'.join(extra)}"
        return _Grid(lst, header, columns, body)
    return f"找不到“{lst.label}”（{'、'.join(c.label for c in lst.columns[:4])}……）表头"


def _beside_spanning_label(cells: Cells, r: int, c: int, last_header: int) -> int:
    """A header cell merged down over the rows below it is the block's label (项目资金（万元）
    spanning the funds rows); the row names are in the column right of it, under a blank header."""
    if cells.last_row(r, c) <= last_header:
        return c
    d = cells.last_col(r, c) + 1
    return d if d < cells.width() and not cells.text(r, d) else c


def _only_label_below(cells: Cells, lst: FormList, c: int, body: list[int]) -> bool:
    """A column holding nothing but the list's own label (绩效指标 merged down beside the
    indicators, under a 名称 header): no figure or text of it would be lost."""
    return all(label_key(cells.merged_text(r, c)) in ("", label_key(lst.label)) for r in body)


def read_form(ctx: Context, kind: TableKind) -> Attempt:
    spec = kind.spec
    assert isinstance(spec, FormSpec)
    cells = Cells.of(ctx.sheet)
    grids: dict[str, _Grid] = {}
    taken: set[int] = set()
    captures: Captures = {}
    for section in spec.sections:
        if not section.header or not section.lists:
            continue
        by_header = _find_declared(cells, section, taken, captures)
        if isinstance(by_header, str):
            if any(lst.required for lst in section.lists):
                return Attempt(kind, ok=False, reason=by_header)
        elif by_header is not None:
            for key, grid in by_header.items():
                grids[key] = grid
                taken.update(grid.header)
                taken.update(grid.rows)
    stops = {label_key(f.label) for f in spec.fields} | {label_key(x.label) for x in spec.lists}
    for lst in spec.lists:
        if lst.key in grids:
            continue
        found = _find_list(cells, lst, taken, 0, stops)
        if isinstance(found, str):
            if lst.required:
                return Attempt(kind, ok=False, reason=found)
            continue
        grids[lst.key] = found
        taken.update(found.header)
        taken.update(found.rows)
    # a grid stops at a row of the form's own labels (总分 below the indicators)
    field_labels = {label_key(f.label) for f in spec.fields} | {label_key(p) for f in spec.fields for p in f.parts}
    for grid in grids.values():
        for i, r in enumerate(grid.rows):
            first = next((cells.text(r, c) for c in range(cells.width()) if cells.text(r, c)), "")
            if label_key(first) in field_labels and label_key(first) not in {
                label_key(c.label) for c in grid.list.columns
            }:
                taken.difference_update(grid.rows[i:])
                grid.rows = grid.rows[:i]
                break
    form_fields = [f for f in spec.fields if f.place in ("form", "meta")]
    labels = _labels(cells, spec, taken)
    data: dict[str, Any] = {}
    matched = 0
    meta = _meta_values(ctx, [f for f in form_fields if f.place == "meta"])
    under = {label_key(c.label): col for g in grids.values() for c, col in zip(g.list.columns, g.columns, strict=True)}
    claimed: set[tuple[int, int]] = set()  # value cells read by position rather than beside a label
    seen: dict[str, int] = {}  # two fields of one label (长期目标 twice): the first printed is the first declared
    for f in spec.fields:
        if f.place == "data" and (printed := _captured(f, captures)) is not None:
            data[f.key] = printed  # the years a header printed
        if f.place not in ("form", "meta"):
            continue
        if f.place == "meta":
            if f.key in meta:
                data[f.key] = meta[f.key]
            continue
        nth = seen.get(label_key(f.label), 0)
        if not f.parts:
            seen[label_key(f.label)] = nth + 1
        value, hit = _field_value(ctx, cells, f, _without_captions(cells, spec, labels, f), taken, nth, under, claimed)
        if hit:
            matched += 1
        elif f.required:
            return Attempt(kind, ok=False, reason=f"找不到“{f.label}”")
        if value is not None:
            data[f.key] = value
    for lst in spec.lists:
        if lst.key in grids:
            matched += 1
            data[lst.key] = _list_rows(ctx, cells, grids[lst.key], spec, lst)
    declared = len([f for f in form_fields if f.place == "form"]) + len(spec.lists)
    if matched == 0:
        return Attempt(kind, ok=False, reason="表中没有表式的栏目")
    if stray := _stray_labels(ctx.shape.header_start, cells, spec, labels, taken, claimed):
        return Attempt(kind, ok=False, reason=f"表式没有这些栏目：{'、'.join(stray[:5])}")
    order = [
        key for section in spec.sections for key in (*(f.key for f in section.fields), *(x.key for x in section.lists))
    ]
    data = {key: data[key] for key in order if key in data}  # the form's order, fields and lists as printed
    return Attempt(kind, ok=True, score=1 + matched / max(declared, 1), data=data)


def _labels(cells: Cells, spec: FormSpec, taken: set[int]) -> dict[str, list[tuple[int, int]]]:
    """Where each field label and part label is printed, outside the grids; Gongkai's own
    ``预算规模（万元）·预算数`` under the key ``预算规模·预算数``."""
    keys = {label_key(f.label) for f in spec.fields} | {label_key(p) for f in spec.fields for p in f.parts}
    found: dict[str, list[tuple[int, int]]] = {}
    for r, row in enumerate(cells.rows):
        if r in taken:
            continue
        for c in range(len(row)):
            text = cells.text(r, c)
            if not text:
                continue
            if "·" in text:
                head, _, tail = text.partition("·")
                found.setdefault(f"{label_key(head)}·{label_key(tail)}", []).append((r, c))
            elif (k := label_key(text)) in keys:
                found.setdefault(k, []).append((r, c))
    return found


def _is_label(cells: Cells, labels: dict[str, list[tuple[int, int]]], r: int, c: int) -> bool:
    return any((r, c) in at for at in labels.values())


def _right(cells: Cells, labels: dict[str, list[tuple[int, int]]], r: int, c: int) -> tuple[int, int] | None:
    """The value cell right of a label: the next filled cell before another label."""
    for d in range(cells.last_col(r, c) + 1, cells.width()):
        if cells.anchor.get((r, d), (r, d)) != (r, d):
            continue
        if _is_label(cells, labels, r, d):
            return None
        if cells.text(r, d):
            return (r, d)
    return None


def _captured(f: FormField, captures: Captures) -> Any:
    """A field whose value a declared header printed (``{years[0]}``, ``{years[1]}``)."""
    if (f.key, None) in captures:
        return captures[(f.key, None)]
    indexed = sorted((i, v) for (name, i), v in captures.items() if name == f.key and i is not None)
    if not indexed or [i for i, _ in indexed] != list(range(len(indexed))):
        return None
    return [v for _, v in indexed]


def _without_captions(
    cells: Cells, spec: FormSpec, labels: dict[str, list[tuple[int, int]]], f: FormField
) -> dict[str, list[tuple[int, int]]]:
    """The places of a field's label, leaving out a section caption of the same words printed alone
    on its line (the caption 长期目标 above the field 长期目标)."""
    key = label_key(f.label)
    captions = {label_key(s.caption) for s in spec.sections if "{" not in s.caption}
    at = labels.get(key, [])
    if key not in captions or len(at) < 2:
        return labels
    kept = [(r, c) for r, c in at if sum(1 for d in range(cells.width()) if cells.text(r, d)) > 1]
    return {**labels, key: kept or at}


def _field_value(
    ctx: Context,
    cells: Cells,
    f: FormField,
    labels: dict[str, list[tuple[int, int]]],
    taken: set[int],
    nth: int = 0,
    under: dict[str, int] | None = None,
    claimed: set[tuple[int, int]] | None = None,
) -> tuple[Any, bool]:
    under = under or {}
    claimed = claimed if claimed is not None else set()
    if not f.parts:
        at = labels.get(label_key(f.label))
        if not at:
            return None, False
        r, c = at[min(nth, len(at) - 1)]
        value = _right(cells, labels, r, c)
        return (_value(ctx, f, *value) if value else None), True
    parts: dict[str, Any] = {}
    hit = False
    head = labels.get(label_key(f.label), [])
    for part in f.parts:
        at = [p for p in labels.get(label_key(part), []) if not head or p[0] >= head[0][0]]
        flat = labels.get(f"{label_key(f.label)}·{label_key(part)}", [])
        where = (flat or at)[0] if flat or at else None
        if where is None:
            # no label of its own: under the grid column of that name, on the field's row (the
            # 总分 row's 分值 and 得分 under the indicators' 分值 and 得分)
            column = under.get(label_key(part))
            if head and column is not None and column > head[0][1] and cells.text(head[0][0], column):
                parts[part] = _value(ctx, f, head[0][0], column)
                claimed.add((head[0][0], column))
            else:
                parts[part] = None
            continue
        hit = True
        r, c = where
        row_labels = [
            d
            for d in range(cells.width())
            if _is_label(cells, labels, r, d) and label_key(cells.text(r, d)) in {label_key(p) for p in f.parts}
        ]
        # a row of part labels with no value beside any of them (3月底 | 6月底 | …): the values are
        # on the row below; parts printed label, value, label, value (预算数 | 81.39 | 财政资金 | …) are not
        if len(row_labels) >= 2 and not flat and all(_right(cells, labels, r, d) is None for d in row_labels):
            below = cells.last_row(r, c) + 1
            value = (below, c) if below < len(cells.rows) and cells.text(below, c) else None
        else:
            value = _right(cells, labels, r, c)
        parts[part] = _value(ctx, f, *value) if value else None
    hit = hit or bool(head)
    if not hit:
        return None, False
    if f.type in ("money", "percent", "count"):
        return Flow(parts), True
    # a mapping written on one line: a long text stays a quoted string, not a block
    present = {k: v.value.strip() if isinstance(v, Text) else v for k, v in parts.items() if v is not None}
    return (Flow(present) if present else None), True


def _value(ctx: Context, f: FormField, r: int, c: int) -> Any:
    text = ctx.sheet.rows[r][c].strip()
    if f.type in ("money", "percent", "count"):
        return ctx.figure(r, c)  # a dash as printed
    if f.type == "markdown" and "\n" in text:
        # each printed line a paragraph of its own: Markdown would join lines into one
        return Text("\n\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n")
    if "\n" in text or len(text) > LONG_TEXT or f.type == "markdown":
        return Text(text + "\n")
    return text


def _meta_values(ctx: Context, fields: list[FormField]) -> dict[str, str]:
    """The line above the form (``315001兴隆县司法局本级 | 单位：万元``, ``(2024 年度)``): a text
    ``标签：值`` goes to the field of that label, bare texts to the others in declared order."""
    texts = [
        v.strip()
        for row in ctx.sheet.rows[: ctx.shape.header_start]
        for v in row
        if v.strip() and v.strip() != ctx.shape.title and not _UNIT_ONLY.fullmatch(v.strip())
    ]
    values: dict[str, str] = {}
    free = list(fields)
    for text in texts:
        labelled = re.fullmatch(r"([^：:]{1,12})[：:]\s*(.+)", text)
        field = next((f for f in free if labelled and label_key(labelled.group(1)) == label_key(f.label)), None)
        if field is not None:
            values[field.key] = labelled.group(2).strip() if labelled else text
        elif free and not labelled:
            field = free[0]
            values[field.key] = text
        if field is not None:
            free.remove(field)
    return values


def _list_rows(ctx: Context, cells: Cells, grid: _Grid, spec: FormSpec, lst: FormList) -> list[Any]:
    section = next(s for s in spec.sections if lst in s.lists)
    rows: list[Any] = []
    previous: list[str] = []
    for r in grid.rows:
        row = [cells.merged_text(r, c) for c in grid.columns]
        for i in range(min(section.merge_down, len(row))):
            if not row[i] and previous:
                row[i] = previous[i]  # printed once for its group, merged down or left blank
        if not any(row):
            continue
        previous = row
        rows.append(
            [Figure(v) if c.numeric and FIGURE.fullmatch(v) else v for v, c in zip(row, lst.columns, strict=True)]
        )
    return rows


def _stray_labels(
    header_start: int,
    cells: Cells,
    spec: FormSpec,
    labels: dict[str, list[tuple[int, int]]],
    taken: set[int],
    claimed: set[tuple[int, int]],
) -> list[str]:
    """Label-like texts outside the grids that are neither a declared label nor the value of one:
    a form of another layout would otherwise lose them."""
    values: set[tuple[int, int]] = set(claimed)
    for at in labels.values():
        for r, c in at:
            if v := _right(cells, labels, r, c):
                values.add(v)
            values.add((cells.last_row(r, c) + 1, c))
    known = [label_key(f.label) for f in spec.fields] + [label_key(x.label) for x in spec.lists]
    stray = []
    for r in range(header_start, len(cells.rows)):
        if r in taken:
            continue
        filled = [c for c in range(cells.width()) if cells.text(r, c)]
        if len(filled) < 2:
            continue  # a caption or a blank line
        for c in filled:
            text = cells.text(r, c)
            if _is_label(cells, labels, r, c) or (r, c) in values or len(text) > 16:
                continue
            if any(k and k in label_key(text) for k in known) or "单位" in text:
                continue
            stray.append(text)
    return stray


# ----- grouped items (政府采购) -----------------------------------------------------------


def read_grouped_items(ctx: Context, kind: TableKind) -> Attempt:
    spec = kind.spec
    assert isinstance(spec, GroupedItemsSpec)
    columns = _value_columns(ctx, [(c.id, c.label, c.group) for c in spec.columns])
    label_col = columns.get(spec.label_column)
    if label_col is None or len(columns) < (len(spec.columns) + 1) // 2:
        return Attempt(kind, ok=False, reason=f"找不到“{spec.label_column}”等列")
    ctx.used.update(columns.values())
    if extra := ctx.unaccounted():
        return Attempt(kind, ok=False, reason=f"表式没有这些列：{'、'.join(extra)}")
    numeric = {c.id for c in spec.columns if c.numeric}
    summed = set(spec.summed)
    data: dict[str, Any] = {}
    groups: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for r in ctx.body():
        row = ctx.sheet.rows[r]
        label = row[label_col].strip() if label_col < len(row) else ""
        texts = {
            cid: row[c].strip() for cid, c in columns.items() if cid not in numeric and c < len(row) and row[c].strip()
        }
        figures: dict[str, Any] = {}
        for cid, c in columns.items():
            if cid in numeric and (v := ctx.figure(r, c)) is not None:
                figures[cid] = v  # a dash as printed
        if not texts and not figures:
            continue
        only_label = set(texts) <= {spec.label_column}
        if only_label and norm(label) in ("合计", "总计"):
            data["total"] = Flow({k: v for k, v in figures.items() if k in summed})
            continue
        if only_label and norm(label).endswith("小计"):
            current = {
                spec.group_label: label[: -len("小计")].strip(),
                "subtotal": Flow({k: v for k, v in figures.items() if k in summed}),
                "items": [],
            }
            groups.append(current)
            continue
        if current is None:
            current = {
                "_": Note("导入：原表没有分组小计行，全部条目归入一组；请填写单位名称"),
                spec.group_label: ctx.shape.department or "",
                "items": [],
            }
            groups.append(current)
        current["items"].append(
            Flow({cid: texts.get(cid, figures.get(cid)) for cid in columns if cid in texts or cid in figures})
        )
    if not groups and "total" not in data:
        return Attempt(kind, ok=False, reason="没有条目")
    data["groups"] = groups
    return Attempt(kind, ok=True, score=1 + len(columns) / len(spec.columns), data=data)


# ----- tables given cell by cell -------------------------------------------------------------


def read_generic(ctx: Context, kind: TableKind) -> Attempt:
    """Any table, cell by cell: the header rows as printed (merged cells keep their spans), the
    body rows below; columns holding figures only are marked numeric."""
    cells = Cells.of(ctx.sheet)
    shape = ctx.shape
    width = cells.width()
    first = shape.header_start
    while first < len(cells.rows) and not any(cells.rows[first]):
        first += 1
    if first >= len(cells.rows):
        return Attempt(kind, ok=False, reason="没有表格")
    body = shape.body_start if shape.body_start < len(cells.rows) else first + 1
    last_header = max(first, max((cells.last_row(first, c) for c in range(width)), default=first))
    body = max(min(body, len(cells.rows)), last_header + 1)
    header = [_generic_row(cells, r, width, first) for r in range(first, body) if r not in shape.lanci]
    rows = [_generic_row(cells, r, width, first) for r in range(body, len(cells.rows)) if any(cells.rows[r])]
    numeric = [
        c
        for c in range(width)
        if (
            column := [
                cells.rows[r][c] for r in range(body, len(cells.rows)) if c < len(cells.rows[r]) and cells.rows[r][c]
            ]
        )
        and all(FIGURE.fullmatch(v.replace(",", "")) or v in DASHES for v in column)
        and any(FIGURE.fullmatch(v.replace(",", "")) for v in column)
    ]
    data: dict[str, Any] = {"header": header, "rows": rows}
    if numeric:
        data["numeric"] = [Figure(str(c)) for c in numeric]
    return Attempt(kind, ok=True, score=0.0, data=data)


def _generic_row(cells: Cells, r: int, width: int, top: int) -> list[Any]:
    out: list[Any] = []
    for c in range(width):
        a = cells.anchor.get((r, c))
        if a is not None and a != (r, c):
            if a[0] < top:  # a title merged over the header: the cell stands empty here
                out.append("")
            continue
        text = cells.text(r, c)
        r1, c1 = cells.extent.get((r, c), (r, c))
        if (r1, c1) != (r, c):
            span: dict[str, Any] = {"text": text}
            if c1 > c:
                span["colspan"] = Figure(str(c1 - c + 1))
            if r1 > r:
                span["rowspan"] = Figure(str(r1 - r + 1))
            out.append(Flow(span))
        else:
            out.append(text)
    return out
