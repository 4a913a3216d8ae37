"""The final file: document information, language, an outline mirroring the 目录, fixed dates and /ID.

Chromium's own bytes keep their page content, structure tree (tagged PDF), named destinations and
links; ``finalize`` changes, in the document pikepdf opened for archival.py (one parse, qpdf's, for
both steps: pypdf's clone of 廊坊 alone took seconds), what varies from run to run (dates, /ID,
structure ids) or is missing (Author, Subject, Keywords, an outline of parts → items, page labels).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

from generator.pdf.jobs import DocumentInfo, TocEntry

PRODUCER = "Gongkai (Chromium/Skia PDF, pypdf, pikepdf)"  # archival.py writes it into the XMP too


def pdf_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def file_id(key: str) -> Array:
    """/ID from the hash of the document's inputs: the same inputs give the same identifier."""
    digest = hashlib.md5(key.encode("ascii"), usedforsecurity=False).digest()
    return Array([String(digest), String(digest)])


def _attributes(elem: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    found = elem.get(Name.A)
    if found is None:
        return []
    items = list(found) if isinstance(found, Array) else [found]
    return [a for a in items if isinstance(a, Dictionary)]


def _structure_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The structure tree's elements (indirect, /Type /StructElem), in object order: found by walking
    the tree from its root (a third of the time of looking at every object of the file)."""
    tree = pdf.Root.get(Name.StructTreeRoot)
    found: dict[tuple[int, int], pikepdf.Dictionary] = {}
    todo = [tree] if isinstance(tree, Dictionary) else []
    while todo:
        kids = todo.pop().get(Name.K)
        for kid in kids if isinstance(kids, Array) else [kids]:
            if (
                isinstance(kid, Dictionary)
                and kid.is_indirect
                and kid.objgen not in found
                and kid.get(Name.Type) == Name.StructElem
            ):
                found[kid.objgen] = kid
                todo.append(kid)
    return [found[key] for key in sorted(found)]


def renumber_structure_ids(pdf: pikepdf.Pdf) -> None:
    """Chromium names structure elements after DOM node ids, which vary between runs.

    Give them sequential ids in object order instead, in the elements, in the table cells' /Headers
    that point to them, and in the structure tree's /IDTree (rebuilt as one sorted leaf).
    """
    mapping: dict[bytes, String] = {}
    elements = _structure_elements(pdf)
    for obj in elements:
        if Name.ID in obj:
            mapping[bytes(obj.ID)] = String(f"e{len(mapping) + 1:06d}")
    if not mapping:
        return
    for elem in elements:
        if Name.ID in elem:
            elem.ID = mapping[bytes(elem.ID)]
        for attrs in _attributes(elem):
            headers = attrs.get(Name.Headers)
            if isinstance(headers, Array):
                attrs.Headers = Array([mapping.get(bytes(h), h) for h in headers])
    tree = pdf.Root.get(Name.StructTreeRoot)
    if tree is None or Name.IDTree not in tree:
        return
    names: list[pikepdf.Object] = []  # one Array made at the end: extending a pikepdf Array copies it (0.4 s for 廊坊)
    for elem in elements:
        if Name.ID in elem:
            names += [elem.ID, elem]
    tree.IDTree = pdf.make_indirect(Dictionary(Names=Array(names)))


def _outline(entries: tuple[TocEntry, ...], pages: dict[str, int]) -> list[OutlineItem]:
    """Parts, then the items of the 目录 (open), then the sections and tables inside them (closed)."""
    items: list[OutlineItem] = []
    for entry in entries:
        if entry.anchor not in pages:  # a heading Chromium's outline did not show: its children go up a level
            items.extend(_outline(entry.children, pages))
            continue
        item = OutlineItem(entry.title, pages[entry.anchor] - 1)
        item.children.extend(_outline(entry.children, pages))
        item.is_closed = not entry.in_toc
        items.append(item)
    return items


def _label_pages(pdf: pikepdf.Pdf, toc: tuple[TocEntry, ...], pages: dict[str, int]) -> None:
    """Page labels as printed: the cover and the 目录 i, ii …, the body 1, 2 … (a viewer's "page 5"
    is the page with 第 5 页 at its foot, and the 目录's 5)."""
    if not toc or toc[0].anchor not in pages:
        return
    front = pages[toc[0].anchor] - 1
    nums: list[Any] = [0, Dictionary(S=Name.r, St=1)] if front > 0 else []
    nums += [front, Dictionary(S=Name.D, St=1)]
    pdf.Root.PageLabels = pdf.make_indirect(Dictionary(Nums=Array(nums)))


def _keep_destinations(pdf: pikepdf.Pdf, linked: set[str]) -> None:
    """Only the named destinations the document links to: the print that verified the page breaks
    (paginate.print_settled) also holds those its hidden probe links made."""
    found = pdf.Root.get(Name.Dests)
    if not isinstance(found, Dictionary):
        return
    dests = found
    for name in [n for n in dests.keys() if n.lstrip("/") not in linked]:  # noqa: SIM118 (a pikepdf Dictionary)
        del dests[name]


def finalize(
    pdf: pikepdf.Pdf,
    info: DocumentInfo,
    toc: tuple[TocEntry, ...],
    pages: dict[str, int],
    key: str,
    linked: set[str] | None = None,
) -> None:
    """Chromium's print, opened by pikepdf, made the file archival.py turns into PDF/A (in place)."""
    root = pdf.Root
    if linked is not None:
        _keep_destinations(pdf, linked)
    if Name.Outlines in root:
        del root.Outlines
    with pdf.open_outline() as outline:
        outline.root.extend(_outline(toc, pages))
    root.PageMode = Name.UseOutlines
    _label_pages(pdf, toc, pages)
    root.Lang = String(info.language)
    when = pdf_date(info.date)  # Chromium's dates (the print time) go with its DocInfo
    fields = {
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Keywords": info.keywords,
        "/Creator": "Gongkai",
        "/Producer": PRODUCER,
        "/CreationDate": when,
        "/ModDate": when,
    }
    pdf.trailer.Info = pdf.make_indirect(Dictionary({k: String(v) for k, v in fields.items()}))
    renumber_structure_ids(pdf)
    pdf.trailer.ID = file_id(key)
