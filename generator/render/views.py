"""The page plan of a disclosure: which pages exist, what each shows, how they link.

Views are plain objects with every string ready for the page; templates only place them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.layouts.registry import disclosure_kind
from generator.model.document import Block, Disclosure, Section, TextBlock
from generator.model.tables import FormTable, ItemListTable, Table
from generator.render.comparison import ComparisonView, attach
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
    page_href: str = ""  # a table with a page of its own (one of a section's many project tables)
    table: Table | None = field(default=None, repr=False, compare=False)  # the table shown
    # a 决算 table beside the 年初预算 of the same department and year (render/comparison.py)
    comparison: ComparisonView | None = None

    def tables(self) -> list[BlockView]:
        found = [self] if self.kind == "table" else []
        for child in self.children:
            found.extend(child.tables())
        return found


@dataclass
class ItemPage:
    """One page per top-level item (a table or a section) of the 目录, and one per table of a
    section holding many tables (廊坊's 24 项目绩效目标表): the section's page is then their index."""

    number: str
    title: str
    filename: str
    block: BlockView
    part_title: str
    subpages: list[ItemPage] = field(default_factory=list)
    parent: ItemPage | None = None

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
    # the other disclosures of the same department (its 预算 beside its 决算, other years), newest
    # first; filled for the whole site by :func:`catalogue`
    related: list[DisclosureView] = field(default_factory=list)
    # whether the disclosure has published amounts, so that its open data (data/datapackage.json,
    # data/amounts.csv) exists; set by the pages step, which knows the open-data step
    open_data: bool = False
    # the 预算 of the same department and year that a 决算's tables are shown beside (its pages
    # depend on it: generator/incremental.py keys them with it); set by :func:`catalogue`
    compared_with: DisclosureView | None = None

    def compare_with(self, budget: DisclosureView | None) -> None:
        """Show this disclosure's tables beside those of ``budget`` (render/comparison.py)."""
        self.compared_with = budget
        attach(self, budget)

    @property
    def label(self) -> str:
        """What a link to this disclosure leads to: “2025年部门预算”, “2024年部门决算（部分公开）”."""
        d = self.disclosure
        return f"{d.year}年{disclosure_kind(d.kind).wording}" + ("" if d.scope == "full" else "（部分公开）")

    @property
    def pages(self) -> list[ItemPage]:
        """Every item page in reading order, a section's table pages right after the section's index."""
        return [page for part in self.parts for item in part.items for page in (item, *item.subpages)]

    @property
    def tables(self) -> list[BlockView]:
        """Every table once, in document order."""
        return [t for part in self.parts for item in part.items for t in item.block.tables()]

    @property
    def has_tables(self) -> bool:
        """Whether the disclosure has a table (asked for each page: stops at the first item holding one)."""
        return any(item.block.tables() for part in self.parts for item in part.items)

    @property
    def published(self) -> str:
        """发布日期 as a portal prints it (“2025年10月20日”), or “未注明” when the content gives none."""
        day = self.disclosure.published
        return f"{day.year}年{day.month}月{day.day}日" if day else "未注明"

    @property
    def scope_note(self) -> str:
        """What “部分公开” means, said where it appears; empty for a complete disclosure."""
        if self.disclosure.scope == "full":
            return ""
        return (
            f"部分公开：本公开只发布了{disclosure_kind(self.disclosure.kind).wording}的一部分内容（见下方目录），"
            f"不是按规定公开的全部表格和说明。"
        )

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The labelled lines at the head of the 目录 page: who, what, when, from where.

        The ``source`` field (how the content was transcribed) stays in the content: it names
        internal files and is not for the public page. 信息来源 is the publishing department.
        """
        d = self.disclosure
        facts = [("发布部门", d.department.name)]
        if d.department.code:
            facts.append(("部门代码", d.department.code))
        facts += [
            (f"{d.kind}年度", str(d.year)),
            ("公开范围", scope_label(d.kind, d.scope)),
            ("发布日期", self.published),
            ("信息来源", d.department.name),
        ]
        return facts


def scope_label(kind: str, scope: str) -> str:
    """“部门预算信息公开（完整）”, “部门决算信息公开（完整）” or “部分公开”."""
    return f"{disclosure_kind(kind).wording}信息公开（完整）" if scope == "full" else "部分公开"


@dataclass
class DepartmentRow:
    """One department of the site with every disclosure it has, newest first."""

    name: str
    code: str | None
    views: list[DisclosureView]

    def in_year(self, year: int) -> list[DisclosureView]:
        return [v for v in self.views if v.disclosure.year == year]


@dataclass
class Catalogue:
    """The site's 公开目录: years newest first, departments in department-code order (then name)."""

    years: list[int]
    departments: list[DepartmentRow]

    def in_year(self, year: int) -> list[DisclosureView]:
        """A year's disclosures in department order, 预算 before 决算."""
        return [v for row in self.departments for v in row.in_year(year)]


def _department_order(row: DepartmentRow) -> tuple[int, str, str]:
    """Departments with a code first, by code (numeric codes by value), then those without, by name."""
    if row.code:
        return (0, row.code.zfill(24) if row.code.isdigit() else row.code, row.name)
    return (1, "", row.name)


def _newest_first(view: DisclosureView) -> tuple[int, int, str]:
    d = view.disclosure
    return (-d.year, disclosure_kind(d.kind).order, d.slug)  # 预算 before 决算 (disclosure_kinds.yml)


def catalogue(views: list[DisclosureView]) -> Catalogue:
    """Group the disclosures by department and link each to the others of its department.

    Two disclosures are of one department when they give the same department code, or the same
    name (a 决算 often prints no code where the 预算 printed one).
    """
    parent = list(range(len(views)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, view in enumerate(views):
        dept = view.disclosure.department
        for key in (("name", dept.name), ("code", dept.code or "")):
            if not key[1]:
                continue
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups: dict[int, list[DisclosureView]] = {}
    for i, view in enumerate(views):
        groups.setdefault(find(i), []).append(view)
    rows: list[DepartmentRow] = []
    for members in groups.values():
        members.sort(key=_newest_first)
        newest = members[0].disclosure.department
        code = next((m.disclosure.department.code for m in members if m.disclosure.department.code), None)
        rows.append(DepartmentRow(name=newest.name, code=code, views=members))
        for view in members:
            view.related = [m for m in members if m is not view]
            d = view.disclosure
            other_kind = disclosure_kind(d.kind).compared_with
            if other_kind:  # a 决算 beside the 预算 of its year
                budget = next(
                    (m for m in members if (m.disclosure.year, m.disclosure.kind) == (d.year, other_kind)), None
                )
                view.compare_with(budget)
    rows.sort(key=_department_order)
    years = sorted({v.disclosure.year for v in views}, reverse=True)
    return Catalogue(years=years, departments=rows)


# A section with more tables than this (a list of 项目绩效目标表) gets a page per table: one
# 25,000-pixel page of 24 projects is unreadable on a phone and unfindable by search.
SPLIT_TABLES = 3


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
        department = [f"部门：{disclosure.department.name}"]
        if disclosure.department.code:  # a labelled code, not a bare “375”
            department.append(f"部门代码：{disclosure.department.code}")
        return [*department, f"{disclosure.kind}年度：{disclosure.year}", f"单位：{table.unit}"]
    meta: list[str] = []
    if isinstance(table, FormTable):
        meta += [str(table.fields[f.key]) for f in table.layout.fields if f.place == "meta" and table.fields.get(f.key)]
    if isinstance(table, ItemListTable) and table.date:
        meta.append(f"{table.layout.date_label or table.layout.date_field}：{table.date}")
    if kind.show_unit or table.unit_given:
        meta.append(f"单位：{table.unit}")
    return meta


def _repeats(grid: Grid, heading: str) -> bool:
    """A caption that says again what is right above or beside it: the heading (a table of one
    grid), a name made from it (“{heading}·绩效指标”), the label of its first row (阳新's 长期目标).
    The PDF's rule too (pdf/paginate.py CAPTIONS prints the others as sub-table titles)."""
    text, title = "".join(grid.caption.split()), "".join(heading.split())
    first = grid.body[0][0] if grid.body and grid.body[0] else None
    label = "".join(first.text.split()) if first is not None and first.header else ""
    return not text or text in (title, label) or (bool(title) and text.startswith(title + "·"))


def _table_view(table: Table, disclosure: Disclosure, anchor: str, level: int) -> BlockView:
    meta = table_meta(table, disclosure)
    grids = grids_for(table, anchor)
    for grid in grids:
        grid.caption_repeats = _repeats(grid, table.heading)
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
        table=table,
    )


def _block_view(block: Block, disclosure: Disclosure, counter: _Counter, level: int) -> BlockView:
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
            page = ItemPage(
                number=number, title=title, filename=f"{sequence:02d}.html", block=block, part_title=part.heading
            )
            tables = [child for child in block.children if child.kind == "table"]
            if len(tables) > SPLIT_TABLES:
                for k, table in enumerate(tables, start=1):
                    table.page_href = f"{sequence:02d}-{k:02d}.html"
                    page.subpages.append(
                        ItemPage(
                            number="",
                            title=table.heading,
                            filename=table.page_href,
                            block=table,
                            part_title=part.heading,
                            parent=page,
                        )
                    )
            items.append(page)
        parts.append(PartView(heading=part.heading, anchor=f"part{p}", intro_html=to_html(part.intro), items=items))
    return DisclosureView(disclosure=disclosure, path=f"{disclosure.year}/{disclosure.slug}", parts=parts)


__all__ = [
    "BlockView",
    "Catalogue",
    "DepartmentRow",
    "DisclosureView",
    "ItemPage",
    "PartView",
    "catalogue",
    "disclosure_view",
    "scope_label",
]
