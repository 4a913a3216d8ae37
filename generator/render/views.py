"""The page plan of a disclosure: which pages exist, what each shows, how they link.

Views are plain objects with every string ready for the page; templates only place them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.document import Disclosure, Section, TextBlock
from generator.model.tables import FormTable, ItemListTable, Table
from generator.render.grid import Grid
from generator.render.markdown import to_html
from generator.render.tables import grids_for


@dataclass
class BlockView:
    kind: str  # "text" | "section" | "table"
    anchor: str = ""
    heading: str = ""
    level: int = 2  # heading level h2..h6
    html: str = ""
    children: list[BlockView] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    note_html: str = ""
    meta: list[str] = field(default_factory=list)  # the line above a table: 部门, 预算年度, 单位
    csv_href: str = ""
    table_kind: str = ""
    empty: bool = False

    def tables(self) -> list[BlockView]:
        found = [self] if self.kind == "table" else []
        for child in self.children:
            found.extend(child.tables())
        return found


@dataclass
class ItemPage:
    """One page per top-level item (a table or a section) of the 目录."""

    number: str
    title: str
    filename: str
    block: BlockView
    part_title: str

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"


@dataclass
class PartView:
    heading: str
    anchor: str
    intro_html: str
    items: list[ItemPage]


@dataclass
class DisclosureView:
    disclosure: Disclosure
    path: str  # "2025/langfang-sifaju"
    parts: list[PartView]

    @property
    def pages(self) -> list[ItemPage]:
        return [item for part in self.parts for item in part.items]

    @property
    def tables(self) -> list[BlockView]:
        return [t for page in self.pages for t in page.block.tables()]


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def next(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"


def table_meta(table: Table, disclosure: Disclosure) -> list[str]:
    """The line above a table: the header block its kind prints, its own lines, its unit."""
    kind = table.kind
    if kind.header_block:
        return [disclosure.department.label, f"{disclosure.kind}年度：{disclosure.year}", f"单位：{table.unit}"]
    meta: list[str] = []
    if isinstance(table, FormTable):
        meta += [str(table.fields[f.key]) for f in table.layout.fields if f.place == "meta" and table.fields.get(f.key)]
    if isinstance(table, ItemListTable) and table.date:
        meta.append(f"{table.layout.date_label or table.layout.date_field}：{table.date}")
    if kind.show_unit or table.unit_given:
        meta.append(f"单位：{table.unit}")
    return meta


def _table_view(table: Table, disclosure: Disclosure, anchor: str, level: int) -> BlockView:
    meta = table_meta(table, disclosure)
    grids = grids_for(table, anchor)
    return BlockView(
        kind="table",
        anchor=anchor,
        heading=table.heading,
        level=level,
        grids=grids,
        note_html=to_html(table.note),
        meta=meta,
        csv_href=f"data/{anchor}.csv",
        table_kind=table.kind.id,
        empty=table.is_empty,
    )


def _block_view(block, disclosure: Disclosure, counter: _Counter, level: int) -> BlockView:
    if isinstance(block, TextBlock):
        return BlockView(kind="text", html=to_html(block.markdown))
    if isinstance(block, Section):
        view = BlockView(kind="section", anchor=counter.next("s"), heading=block.heading, level=level)
        view.children = [_block_view(b, disclosure, counter, min(level + 1, 6)) for b in block.body]
        return view
    return _table_view(block, disclosure, counter.next("t"), level)


def disclosure_view(disclosure: Disclosure) -> DisclosureView:
    counter = _Counter()
    parts: list[PartView] = []
    sequence = 0
    for p, part in enumerate(disclosure.parts, start=1):
        items: list[ItemPage] = []
        for item in part.items:
            sequence += 1
            block = _block_view(item, disclosure, counter, level=2)
            number = item.number or ""
            title = item.title if isinstance(item, Section) else item.toc_title
            items.append(
                ItemPage(
                    number=number, title=title, filename=f"{sequence:02d}.html", block=block, part_title=part.heading
                )
            )
        parts.append(PartView(heading=part.heading, anchor=f"part{p}", intro_html=to_html(part.intro), items=items))
    return DisclosureView(disclosure=disclosure, path=f"{disclosure.year}/{disclosure.slug}", parts=parts)


__all__ = ["BlockView", "DisclosureView", "ItemPage", "PartView", "disclosure_view"]
