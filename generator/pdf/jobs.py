"""What to print: one job per disclosure, with everything the later steps need."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.layouts.registry import disclosure_kind
from generator.pdf.cover import cover_lines
from generator.render.views import BlockView, DisclosureView


@dataclass(frozen=True)
class TocEntry:
    """A heading of the outline: a line of the 目录 (a part, or a table/section of a part) or, below
    those, a section or table inside one (the outline goes deeper than the printed 目录)."""

    title: str
    anchor: str
    children: tuple[TocEntry, ...] = ()
    in_toc: bool = True
    heading: str = ""  # the heading as printed in the body, when it differs from the 目录's line

    @property
    def printed(self) -> str:
        return self.heading or self.title

    def walk(self) -> Iterator[TocEntry]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    keywords: str
    language: str
    date: dt.datetime  # creation and modification date, see ``document_date``


@dataclass
class PdfJob:
    name: str  # "2025/langfang-sifaju": how the document is reported
    html: Path  # the rendered full-document page
    pdf: Path  # where its PDF goes (beside index.html)
    info: DocumentInfo
    toc: tuple[TocEntry, ...]
    key: str = ""
    cover: tuple[str, ...] = ()  # the cover's 发布日期 and 信息来源 lines (cover.py)

    @property
    def label(self) -> str:
        """How the document is reported: "2025/langfang-sifaju/langfang-sifaju.pdf"."""
        return f"{self.name}/{self.pdf.name}"

    @property
    def anchors(self) -> list[str]:
        """The anchors the printed 目录 gives a page number (parts and their items)."""
        return [e.anchor for entry in self.toc for e in entry.walk() if e.in_toc]

    @property
    def headings(self) -> list[TocEntry]:
        """Every outline heading, in document order."""
        return [e for entry in self.toc for e in entry.walk()]


def document_date(published: dt.date | None, year: int, kind: str = "预算") -> dt.datetime:
    """The date a PDF carries (DocInfo and XMP), never the print time, so that rebuilds give the same bytes.

    The disclosure's ``published`` date when the content gives one; else ``SOURCE_DATE_EPOCH``
    (the reproducible-builds convention); else a fixed default, the earliest date the content
    implies, as the kind declares it (``date_year`` in layouts/disclosure_kinds.yml): 1 January of
    the budget year for a 预算 (published early in its year), 1 January of the next year for a 决算
    (final accounts are published after their year has ended).
    Midnight UTC in every case.
    """
    if published is not None:
        return dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime(year + disclosure_kind(kind).date_year, 1, 1, tzinfo=dt.UTC)


def _inner(block: BlockView) -> tuple[TocEntry, ...]:
    """Sections and tables inside an item of the 目录 (text blocks have no heading)."""
    return tuple(
        TocEntry(child.heading, child.anchor, _inner(child), in_toc=False)
        for child in block.children
        if child.kind in ("section", "table") and child.anchor
    )


def job_for(view: DisclosureView, staging: Path) -> PdfJob:
    d = view.disclosure
    folder = staging / view.path
    toc = tuple(
        TocEntry(
            part.heading,
            part.anchor,
            tuple(
                TocEntry(item.heading, item.block.anchor, _inner(item.block), heading=item.block.heading)
                for item in part.items
            ),
        )
        for part in view.parts
    )
    region = d.department.region or ""
    wording = disclosure_kind(d.kind).wording  # 部门预算, 部门决算 (layouts/disclosure_kinds.yml)
    info = DocumentInfo(
        title=d.title,
        author=d.department.name,
        subject=f"{d.department.name}{d.year}年{wording}信息公开",
        keywords=", ".join(k for k in (wording, f"{d.kind}公开", str(d.year), d.department.name, region) if k),
        language="zh-CN",
        date=document_date(d.published, d.year, d.kind),
    )
    return PdfJob(
        name=view.path,
        html=folder / "full.html",
        pdf=folder / f"{d.slug}.pdf",
        info=info,
        toc=toc,
        cover=cover_lines(view),
    )
