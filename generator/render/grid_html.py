"""A grid's HTML table, written in Python (called by the templates as ``grid_table(grid, anchor, index)``).

A table's grid is most of a page's HTML: as a Jinja macro (an attribute look-up, a test and an
escape call per cell property) it was half of the build's page time. Here each value goes through
the same ``markupsafe.escape`` Jinja's autoescape uses, so the bytes are those the macro wrote.

On a phone (site.css, ≤ 40rem) a classification table of five or more columns is shown as one card
per 科目, and an indicator table as one card per indicator: each value under its column's name
(``data-label``). Nothing scrolls sideways, so no figure can be cut or covered. Wider screens get
the table itself.

A grid printed in column blocks side by side (``grid.narrow``: 人员经费 | 公用经费) is shown as
printed on wider screens and in print; on a phone its blocks are read one after the other, each
block's 科目 as cards of their own (a card of the side-by-side row would pair a 301 row with a 302
row). Only one of the two is displayed at any width, so a screen reader meets the figures once;
search indexes the printed one only.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.render.grid import Cell, Grid

try:  # markupsafe's own escaping, without making a Markup object of every value
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover (markupsafe without its C speedups: its pure-Python rule)

    def _escape_inner(s: str, /) -> str:
        return (
            s.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )


def escape(value: Any) -> str:
    """What Jinja's autoescape writes for ``{{ value }}`` (``markupsafe.escape``), as a plain str."""
    if type(value) is str:  # most values: a plain text has no __html__
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return _escape_inner(str(value))


ROWS_NOTE = "窄屏按科目逐行列出：每个科目一组，金额左边是所在栏目；空白栏目不列出。"
LIST_NOTE = "窄屏逐项列出：每个指标一组，内容左边是所在栏目。"
EMPTY = '<span class="sr-only" data-pagefind-ignore>无数据</span>'


def grid_table(grid: Grid, anchor: str, index: int) -> Markup:
    """The grid's table (and, for a grid of side-by-side blocks, its blocks one after the other for a phone)."""
    caption = f"{anchor}-cap{index}"
    if not grid.narrow:
        return Markup(grid_box(grid, caption))
    out = [
        '<div class="blocks-wide">\n',
        grid_box(grid, caption),
        '\n</div>\n<div class="blocks-narrow" data-pagefind-ignore>\n',
    ]
    for n, block in enumerate(grid.narrow):
        out.append(grid_box(block, f"{caption}-n{n}", note=n == 0, cards=True))
        out.append("\n")
    out.append("</div>")
    return Markup("".join(out))


def _header_cell(cell: Cell) -> str:
    out = ["<th"]
    if cell.id:
        out.append(f' id="{escape(cell.id)}"')
    if cell.scope:
        out.append(f' scope="{escape(cell.scope)}"')
    if cell.colspan > 1:
        out.append(f' colspan="{cell.colspan}"')
    if cell.rowspan > 1:
        out.append(f' rowspan="{cell.rowspan}"')
    if cell.code:
        out.append(' class="code"')
    out.append(f">{escape(cell.text)}</th>")
    return "".join(out)


def grid_box(grid: Grid, caption_id: str, note: bool = True, cards: bool = False) -> str:
    """One table in its scrolling box."""
    layout = grid.layout
    width = grid.width
    stacked = "rows" if layout == "data" and (width >= 5 or cards) else ("list" if layout == "indicators" else "")
    labels: dict[str, str] = {}
    numbering: set[str] = set()  # the columns of 序号: not indexed by search
    for row in grid.header:
        for cell in row:
            if not cell.id:
                continue
            text = cell.text
            if stacked and text and text != "栏次" and not text.isdigit():
                labels[cell.id] = text
            if text == "序号":
                numbering.add(cell.id)
    out = [
        '\n\n<div class="table-scroll',
        " is-wide" if grid.wide else "",
        f" is-stacked stack-{stacked}" if stacked else "",
        f' layout-{escape(layout)}" role="region" aria-labelledby="{escape(caption_id)}" tabindex="0"'
        f' data-row-headers="{grid.row_headers}">\n',
    ]
    if stacked and note:
        out.append(
            '<p class="stack-note" aria-hidden="true" data-pagefind-ignore>'
            f"{ROWS_NOTE if stacked == 'rows' else LIST_NOTE}</p>"
        )
    out.append(f'\n<table class="grid layout-{escape(layout)}')
    out.append(' form-columns">\n' if layout == "form" and width > 2 else '">\n')
    out.append(f'<caption id="{escape(caption_id)}"')
    out.append(' class="sr-only"' if grid.caption_repeats else "")
    out.append(f" data-pagefind-ignore>{escape(grid.caption)}</caption>\n")
    if grid.header:
        out.append("<thead>\n")
        for row in grid.header:
            out.append("<tr data-pagefind-ignore>" if row and row[0].text == "栏次" else "<tr>")
            out.extend(_header_cell(cell) for cell in row)
            out.append("</tr>\n")
        out.append("</thead>")
    out.append("\n<tbody>\n\n")
    for row in grid.body:
        total = (row and row[0].strong) or (len(row) > 2 and row[2].strong)
        out.append('<tr class="is-total">' if total else "<tr>")
        for cell in row:
            if cell.header:
                out.append(_row_header(cell))
            else:
                out.append(_data_cell(cell, labels, numbering))
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</div>")
    return "".join(out)


def _row_header(cell: Cell) -> str:
    out = ["<th"]
    if cell.id:
        out.append(f' id="{escape(cell.id)}"')
    out.append(f' scope="{escape(cell.scope or "row")}"')
    if cell.rowspan > 1:
        out.append(f' rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        out.append(f' colspan="{cell.colspan}"')
    out.append(' class="')
    if cell.level:
        out.append(f"lvl{cell.level}")
    if cell.strong:
        out.append(" strong")
    if cell.role:
        out.append(f" form-{escape(cell.role)}")
    out.append(f'">{escape(cell.text)}</th>')
    return "".join(out)


def _data_cell(cell: Cell, labels: dict[str, str], numbering: set[str]) -> str:
    headers = cell.headers
    text = cell.text
    attrs = f' headers="{escape(headers)}"' if headers else ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    ignored = ""
    if labels or numbering:
        ids = headers.split()
        if labels:
            names: list[str] = []
            for id in ids:
                name = labels.get(id)
                if name is not None and name not in names:
                    names.append(name)
            if names:
                attrs += f' data-label="{escape(" · ".join(names))}"'
        if numbering and ids and ids[0] in numbering:
            ignored = " data-pagefind-ignore"
    classes = "num" if cell.numeric else ""
    if cell.code:
        classes += " code"
    if not text:
        classes += " empty"
    elif cell.computed:
        classes += " computed"
    if cell.strong:
        classes += " strong"
    if cell.role:
        classes += f" form-{escape(cell.role)}"
    content = EMPTY if not text else (cell.html or escape(text))
    return f'<td{attrs} class="{classes}"{ignored}>{content}</td>'
