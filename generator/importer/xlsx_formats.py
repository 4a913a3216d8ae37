"""How many decimals each numeric cell of an .xlsx shows, read from its number format.

python-calamine gives the stored values fast but not the formats; a published figure 4140.30
is stored as 4140.3 and shown as 4140.30 by the format ``0.00``. This reads just enough of the
workbook's XML (the styles and each cell's style index) to know the decimals shown.
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Built-in number formats (ECMA-376 18.8.30) that fix the decimals shown.
_BUILT_IN = {1: 0, 2: 2, 3: 0, 4: 2, 9: 0, 10: 2, 11: 2, 37: 0, 38: 0, 39: 2, 40: 2, 43: 2, 44: 2, 48: 1}
_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"([^>]*?)(/?)>')
_STYLE = re.compile(rb'\bs="([0-9]+)"')
_TYPE = re.compile(rb'\bt="([a-z]+)"')


def format_decimals(code: str) -> int | None:
    """``0.00`` → 2, ``#,##0.0_ `` → 1, ``0`` → 0, ``General`` → None (Excel shows what is stored)."""
    section = code.split(";")[0]
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)  # quoted text, escapes, [Red], [$-804]
    if not re.search(r"[0#?]", section):
        return None
    point = section.find(".")
    if point < 0:
        return 0
    return len(re.match(r"[0#?]*", section[point + 1 :]).group(0))  # type: ignore[union-attr]


def number_decimals(archive: zipfile.ZipFile) -> dict[int, dict[tuple[int, int], int]]:
    """Sheet index → (row, column) → decimals shown, for cells whose format fixes them."""
    xf_decimals = _style_decimals(archive)
    result: dict[int, dict[tuple[int, int], int]] = {}
    for index, part in enumerate(_sheet_parts(archive)):
        cells: dict[tuple[int, int], int] = {}
        for match in _CELL.finditer(archive.read(part)):
            attrs = match.group(3)
            style = _STYLE.search(attrs)
            if style is None:
                continue
            kind = _TYPE.search(attrs)
            if kind is not None and kind.group(1) != b"n":
                continue
            decimals = xf_decimals.get(int(style.group(1)))
            if decimals is not None:
                cells[(int(match.group(2)) - 1, _column(match.group(1)))] = decimals
        result[index] = cells
    return result


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _style_decimals(archive: zipfile.ZipFile) -> dict[int, int | None]:
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return {}
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")}
    decimals: dict[int, int | None] = {}
    xfs = styles.find(f"{_MAIN}cellXfs")
    for i, xf in enumerate(xfs if xfs is not None else []):
        fmt = int(xf.get("numFmtId", "0"))
        decimals[i] = format_decimals(custom[fmt]) if fmt in custom else _BUILT_IN.get(fmt)
    return decimals


def _sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The worksheet parts in the workbook's sheet order (the order calamine reports)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts.append(target)
    return parts
