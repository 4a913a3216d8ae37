"""The disclosure as a tree: site → disclosures → parts → sections and blocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from generator.diagnostics import Location

if TYPE_CHECKING:
    from generator.model.tables import FormTable, Table


@dataclass
class Site:
    title: str
    owner: str
    contact: str | None = None
    site_code: str | None = None
    icp: str | None = None
    police_record: str | None = None
    base_url: str | None = None


@dataclass
class Department:
    name: str
    code: str | None = None
    region: str | None = None

    @property
    def label(self) -> str:
        """“375 廊坊市司法局”, as the table header block prints it."""
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass
class TextBlock:
    markdown: str
    loc: Location


@dataclass
class Section:
    title: str
    number: str | None
    topic: str | None
    body: list[Block]
    loc: Location
    # figures the section's text states (name → amount), checked against the tables
    figures: dict[str, Decimal] = field(default_factory=dict)
    figure_locs: dict[str, Location] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        return f"{self.number or ''}{self.title}"


Block = Union[TextBlock, Section, "Table"]
Item = Union[Section, "Table"]


@dataclass
class Part:
    title: str | None  # None: items written at the top of ``contents``, outside any part
    number: str | None
    intro: str | None
    items: list[Item]
    loc: Location

    @property
    def heading(self) -> str:
        if not self.title:
            return ""
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass
class Acknowledgement:
    """An error of the published document kept as published: reported as a warning, with the reason."""

    code: str
    about: str  # text the diagnostic's message contains (a 科目 name, a figure)
    reason: str
    loc: Location


@dataclass
class Disclosure:
    slug: str
    directory: Path
    department: Department
    year: int
    kind: str
    scope: str
    title: str
    unit: str
    parts: list[Part]
    loc: Location
    published: dt.date | None = None
    source: str | None = None
    projects_complete: bool = False
    files: list[Path] = field(default_factory=list)
    acknowledged: list[Acknowledgement] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.year, self.department.name, self.kind)

    def walk(self) -> list[Block]:
        """Every block in document order, sections before their bodies.

        Walked once: the checks ask for a disclosure's tables tens of thousands of times, and the
        tree does not change once built (``validate/structure.py`` builds it; the rest reads it)."""
        walked: list[Block] | None = self.__dict__.get("_walked")
        if walked is None:
            walked = []

            def visit(blocks: list[Any]) -> None:
                for block in blocks:
                    walked.append(block)
                    if isinstance(block, Section):
                        visit(block.body)

            for part in self.parts:
                visit(part.items)
            self.__dict__["_walked"] = walked
        return list(walked)

    def tables(self, kind: str | None = None) -> list[Table]:
        from generator.model.tables import Table

        by_kind: dict[str | None, list[Table]] | None = self.__dict__.get("_tables")
        if by_kind is None:
            by_kind = {None: [b for b in self.walk() if isinstance(b, Table)]}
            for table in by_kind[None]:
                by_kind.setdefault(table.kind.id, []).append(table)
            self.__dict__["_tables"] = by_kind
        return list(by_kind.get(kind, ()))

    def projects(self) -> list[FormTable]:
        """The forms that carry an amount (项目绩效目标表 of any layout), in document order."""
        from generator.model.tables import FormTable

        return [t for t in self.tables() if isinstance(t, FormTable) and t.layout.amount]

    def sections(self) -> list[Section]:
        return [b for b in self.walk() if isinstance(b, Section)]

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (the load cache, the build's workers) without what :meth:`walk` remembers."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_walked", "_tables")}
