"""The final file: document information, language, an outline mirroring the 目录, fixed dates and /ID.

Chromium's own bytes keep their page content, structure tree (tagged PDF), named destinations and
links; pypdf clones them and replaces what varies from run to run (dates, /ID) or is missing
(Author, Subject, Keywords, an outline of parts → items).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from generator.pdf.jobs import DocumentInfo, TocEntry

PRODUCER = "Gongkai (Chromium/Skia PDF, pypdf, pikepdf)"  # archival.py writes it into the XMP too


def pdf_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def file_id(key: str) -> ArrayObject:
    """/ID from the hash of the document's inputs: the same inputs give the same identifier."""
    digest = ByteStringObject(hashlib.md5(key.encode("ascii"), usedforsecurity=False).digest())
    return ArrayObject([digest, ByteStringObject(bytes(digest))])


def _attributes(elem: DictionaryObject) -> list[DictionaryObject]:
    found = elem.get("/A")
    if found is None:
        return []
    found = found.get_object()
    items = found if isinstance(found, ArrayObject) else [found]
    return [a.get_object() for a in items if isinstance(a.get_object(), DictionaryObject)]


def renumber_structure_ids(writer: PdfWriter) -> None:
    """Chromium names structure elements after DOM node ids, which vary between runs.

    Give them sequential ids in object order instead, in the elements, in the table cells' /Headers
    that point to them, and in the structure tree's /IDTree (rebuilt as one sorted leaf).
    """
    mapping: dict[str, str] = {}
    elements: list[DictionaryObject] = []
    for obj in writer._objects:
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/StructElem":
            elements.append(obj)
            if "/ID" in obj:
                mapping[str(obj["/ID"])] = f"e{len(mapping) + 1:06d}"
    if not mapping:
        return
    for elem in elements:
        if "/ID" in elem:
            elem[NameObject("/ID")] = TextStringObject(mapping[str(elem["/ID"])])
        for attrs in _attributes(elem):
            headers = attrs.get("/Headers")
            if isinstance(headers, ArrayObject):
                attrs[NameObject("/Headers")] = ArrayObject(
                    TextStringObject(mapping.get(str(h), str(h))) for h in headers
                )
    tree = writer.root_object.get("/StructTreeRoot")
    if tree is None:
        return
    tree = tree.get_object()
    id_tree = tree.get("/IDTree")
    if id_tree is None:
        return
    names = ArrayObject()
    for elem in elements:
        if "/ID" in elem:
            names.extend([elem["/ID"], elem.indirect_reference])
    id_tree = id_tree.get_object()
    stack = [kid.get_object() for kid in id_tree.get("/Kids", [])]
    while stack:  # the old nodes stay in the file (pypdf keeps objects); emptied, they hold no run-specific ids
        node = stack.pop()
        stack.extend(kid.get_object() for kid in node.get("/Kids", []))
        node.clear()
    id_tree.clear()
    id_tree[NameObject("/Names")] = names


def _add_outline(
    writer: PdfWriter, entries: tuple[TocEntry, ...], pages: dict[str, int], parent: IndirectObject | None
) -> None:
    """Parts, then the items of the 目录 (open), then the sections and tables inside them (closed)."""
    for entry in entries:
        if entry.anchor not in pages:  # a heading Chromium's outline did not show: its children go up a level
            _add_outline(writer, entry.children, pages, parent)
            continue
        item = writer.add_outline_item(
            title=entry.title, page_number=pages[entry.anchor] - 1, parent=parent, is_open=entry.in_toc
        )
        _add_outline(writer, entry.children, pages, item)


def _label_pages(writer: PdfWriter, toc: tuple[TocEntry, ...], pages: dict[str, int]) -> None:
    """Page labels as printed: the cover and the 目录 i, ii …, the body 1, 2 … (a viewer's "page 5"
    is the page with 第 5 页 at its foot, and the 目录's 5)."""
    if not toc or toc[0].anchor not in pages:
        return
    front = pages[toc[0].anchor] - 1
    if front > 0:
        writer.set_page_label(0, front - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    writer.set_page_label(front, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)


def _keep_destinations(writer: PdfWriter, linked: set[str]) -> None:
    """Only the named destinations the document links to: the print that verified the page breaks
    (paginate.print_settled) also holds those its hidden probe links made."""
    dests = writer.root_object.get("/Dests")
    if dests is None:
        return
    dests = dests.get_object()
    for name in [n for n in dests if str(n).lstrip("/") not in linked]:
        del dests[name]


def finalize(
    pdf: bytes,
    info: DocumentInfo,
    toc: tuple[TocEntry, ...],
    pages: dict[str, int],
    key: str,
    linked: set[str] | None = None,
) -> bytes:
    reader = PdfReader(BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # Chromium's version (1.4: tagged, /Lang), not pypdf's default
    root = writer.root_object
    if linked is not None:
        _keep_destinations(writer, linked)
    if "/Outlines" in root:
        del root["/Outlines"]
    _add_outline(writer, toc, pages, None)
    writer.page_mode = "/UseOutlines"
    _label_pages(writer, toc, pages)
    root[NameObject("/Lang")] = TextStringObject(info.language)
    fields = {
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Keywords": info.keywords,
        "/Creator": "Gongkai",
        "/Producer": PRODUCER,
    }
    # Chromium's dates (the print time) go: the setter clears them
    fields["/CreationDate"] = fields["/ModDate"] = pdf_date(info.date)
    writer.metadata = fields
    renumber_structure_ids(writer)
    writer._ID = file_id(key)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
