"""The parts of a sheet as a person reads them: title, the lines above the table, the header
rows (with the texts over each column), the 栏次 row, and the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.sheets import Sheet
from generator.model.money import DASHES  # what a table prints in an amount cell for “no amount”

_SPACE = re.compile(r"\s+")
_UNIT_NOTE = re.compile(r"[（(](?:金额)?(?:单位[:：])?(万元|元)[)）]$")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．]|其中[:：])")
FIGURE = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?")
# "单位：元" at the start of a cell or after a space; not the "（金额单位：万元）" of a column header
_UNIT = re.compile(r"(?:^|(?<=[\s，,；;]))(?:金额)?单位[:：]\s*(万元|元)")
_DEPARTMENT = re.compile(r"(?:编制部门|编制单位|部门名称|单位名称|预算部门|部门)[:：]\s*(.+)")
_DEPARTMENT_CODE = re.compile(r"(?:部门|单位|预算单位)(?:代码|编码)[:：]\s*([0-9A-Za-z]+)$")
_CODE_NAME = re.compile(r"^([0-9]{3,9})\s+(\S.*)$")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年")
_LANCI = ("栏次", "行次")
_IGNORED_HEADERS = ("序号", "栏次", "行次")


def norm(text: str) -> str:
    """Text compared across layouts: no spaces, ASCII brackets and colons as Chinese, no unit note."""
    text = _SPACE.sub("", text).replace("(", "（").replace(")", "）").replace(":", "：")
    text = text.replace('"', "").replace("“", "").replace("”", "")
    return _UNIT_NOTE.sub("", text)


def norm_label(text: str) -> str:
    """A row label without its printed numbering (一、 （一） 1. 其中：)."""
    text = norm(text)
    while True:
        stripped = _NUMBERING.sub("", text)
        if stripped == text:
            return text
        text = stripped


@dataclass
class Shape:
    title: str = ""
    unit: str | None = None
    department: str | None = None
    department_code: str | None = None
    year: int | None = None
    disclosure_kind: str | None = None  # 预算 | 决算, from the title
    header_start: int = 0
    body_start: int = 0
    lanci: set[int] = field(default_factory=set)  # rows numbering the columns
    paths: list[tuple[str, ...]] = field(default_factory=list)  # normalised header texts over each column
    leaves: list[str] = field(default_factory=list)  # the lowest header text of each column
    meta: dict[str, str] = field(default_factory=dict)  # "截止时间：2024-12-31" lines above the table

    def column(self, label: str, under: str | None = None, start: int = 0) -> int | None:
        """The first column from ``start`` whose lowest header is ``label`` (below ``under``)."""
        want = norm(label)
        for c in range(start, len(self.paths)):
            if self.leaves[c] == want and (under is None or norm(under) in self.paths[c]):
                return c
        return None


def shape_of(sheet: Sheet) -> Shape:
    rows = sheet.rows
    shape = Shape()
    i = 0
    # the title: the first line holding one text (merged across the table in most exports)
    while i < len(rows) and not any(rows[i]):
        i += 1
    if i < len(rows) and sum(1 for v in rows[i] if v) == 1 and not _is_meta_line(rows[i]):
        shape.title = next(v for v in rows[i] if v)
        i += 1
    # the lines above the table: 编制部门, 年度, 单位
    while i < len(rows) and (not any(rows[i]) or _is_meta_line(rows[i])):
        _read_meta(rows[i], shape)
        i += 1
    shape.header_start = i
    j = i
    while j < len(rows):
        if _is_lanci(rows[j]):
            shape.lanci.add(j)
        elif j > i and _has_figure(rows[j]):
            break
        j += 1
    shape.body_start = j
    _header_paths(sheet, shape)
    title = shape.title or sheet.name
    if year := _YEAR.search(title):
        shape.year = int(year.group(1))
    for kind in ("决算", "预算"):
        if kind in title:
            shape.disclosure_kind = kind
            break
    # a unit printed below the table's header line ("单位：元" in the last header cell)
    if shape.unit is None:
        for row in rows[: shape.body_start]:
            for v in row:
                if m := _UNIT.search(v):
                    shape.unit = m.group(1)
    return shape


def _is_meta_line(row: list[str]) -> bool:
    texts = [v for v in row if v]
    if not texts or len(texts) > 4:
        return False
    return any(_UNIT.search(v) or _DEPARTMENT.match(v) or "年度" in v for v in texts) or all(
        "：" in v or ":" in v for v in texts
    )


def _read_meta(row: list[str], shape: Shape) -> None:
    for v in (v for v in row if v):
        if m := re.fullmatch(r"([^：:]{1,12})[：:]\s*(.+)", v.strip()):
            shape.meta[norm(m.group(1))] = m.group(2).strip()
        if m := _UNIT.search(v):
            shape.unit = m.group(1)
        if m := _DEPARTMENT_CODE.match(v):
            shape.department_code = m.group(1)
        elif m := _DEPARTMENT.match(v):
            name = _UNIT.sub("", m.group(1)).strip()
            if name:
                shape.department = name
        elif m := _CODE_NAME.match(v):  # "375 廊坊市司法局": what Gongkai's own workbook prints
            shape.department_code, shape.department = m.group(1), m.group(2).strip()
        elif (
            "：" not in v
            and ":" not in v
            and not _UNIT.search(v)
            and shape.department is None
            and not _YEAR.search(v)
            and "年度" not in v
            and not v.startswith(("(", "（"))
        ):
            shape.department = v.strip()  # a bare name on the line above the table
        if (m := re.search(r"年度[:：]\s*((?:19|20)[0-9]{2})", v)) and shape.year is None:
            shape.year = int(m.group(1))


def _is_lanci(row: list[str]) -> bool:
    texts = [v for v in row if v]
    if not texts:
        return False
    if norm(texts[0]) in _LANCI:
        return True
    # a row of 1 2 3 … or A B C … numbering the columns
    return len(texts) >= 3 and all(re.fullmatch(r"[0-9]{1,2}|[A-Z]", v) for v in texts)


def _has_figure(row: list[str]) -> bool:
    return any(FIGURE.fullmatch(v.replace(" ", "")) for v in row[1:] if v) or any(v in DASHES for v in row[1:])


def _header_paths(sheet: Sheet, shape: Shape) -> None:
    header = [r for r in range(shape.header_start, shape.body_start) if r not in shape.lanci]
    width = max((len(r) for r in sheet.rows), default=0)
    grid = {(r, c): sheet.rows[r][c] for r in header for c in range(len(sheet.rows[r]))}
    merged_any = False
    for r0, c0, r1, c1 in sheet.merged:
        text = sheet.rows[r0][c0] if r0 < len(sheet.rows) and c0 < len(sheet.rows[r0]) else ""
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if r in header:
                    grid[(r, c)] = text
                    merged_any = True
    if not merged_any:
        # no merge information: a text spans right over the empty cells whose lower row has headers
        for index, r in enumerate(header[:-1]):
            below = header[index + 1]
            c = 0
            while c < width:
                text = grid.get((r, c), "")
                d = c + 1
                while text and d < width and not grid.get((r, d)) and grid.get((below, d)):
                    grid[(r, d)] = text
                    d += 1
                c = d
    shape.paths = []
    shape.leaves = []
    for c in range(width):
        path: list[str] = []
        for r in header:
            text = norm(grid.get((r, c), ""))
            if text and (not path or path[-1] != text):
                path.append(text)
        shape.paths.append(tuple(path))
        shape.leaves.append(path[-1] if path else "")


def ignorable(shape: Shape, c: int) -> bool:
    """A column of row numbers (序号, 行次)."""
    return bool(shape.leaves[c]) and shape.leaves[c] in _IGNORED_HEADERS
