"""Make Chromium's PDF archival: metadata, language, an outline that mirrors the 目录,
and nothing that changes from one print to the next (dates, random identifiers)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, TextStringObject


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    page: int  # 1-based
    children: tuple[OutlineEntry, ...] = ()


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str
    date: dt.datetime | None  # from SOURCE_DATE_EPOCH or the content; None: no date is written


def _pdf_date(moment: dt.datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def finish(pdf: bytes, meta: Metadata, outline: list[OutlineEntry]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    info = {
        "/Title": meta.title,
        "/Author": meta.author,
        "/Subject": meta.subject,
        "/Keywords": meta.keywords,
        "/Creator": "Gongkai",
        "/Producer": "Gongkai (Chromium, pypdf)",
    }
    if meta.date is not None:
        info["/CreationDate"] = info["/ModDate"] = _pdf_date(meta.date)
    # replace Chromium's info dictionary entirely: its dates change with every print
    if writer._info is not None:
        writer._info.clear()
    writer.add_metadata(info)
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject("zh-CN")
    for key in ("/Outlines", "/PageMode"):
        if key in root:
            del root[key]
    _add_outline(writer, outline, None)
    _renumber_structure_ids(writer)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    # A stable identifier: the same content gives the same /ID (no random bytes).
    body = io.BytesIO()
    writer._ID = ArrayObject([ByteStringObject(b"0" * 16), ByteStringObject(b"0" * 16)])
    writer.write(body)
    digest = hashlib.md5(body.getvalue(), usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_outline(writer: PdfWriter, entries: list[OutlineEntry] | tuple[OutlineEntry, ...], parent) -> None:
    for entry in entries:
        item = writer.add_outline_item(title=entry.title, page_number=entry.page - 1, parent=parent,
                                       is_open=True)
        _add_outline(writer, entry.children, item)


def _renumber_structure_ids(writer: PdfWriter) -> None:
    """Chromium names structure elements after DOM node ids, which depend on timing.

    Replace each id by its rank among all ids: the same document then gets the same
    names, and their order (which the /IDTree name tree relies on) is kept.
    """
    elements = [obj for obj in writer._objects
                if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/StructElem"]
    old = sorted({str(e["/ID"]) for e in elements if "/ID" in e})
    rank = {name: f"node{i:08d}" for i, name in enumerate(old, start=1)}

    def rename(value):
        return TextStringObject(rank.get(str(value), str(value)))

    for element in elements:
        if "/ID" in element:
            element[NameObject("/ID")] = rename(element["/ID"])
        attributes = element.get("/A")
        attributes = attributes.get_object() if attributes is not None else None
        for attribute in attributes if isinstance(attributes, list) else [attributes] if attributes else []:
            attribute = attribute.get_object()
            if isinstance(attribute, DictionaryObject) and "/Headers" in attribute:
                attribute[NameObject("/Headers")] = ArrayObject(rename(h) for h in attribute["/Headers"])
    tree = writer._root_object.get("/StructTreeRoot")
    id_tree = tree.get_object().get("/IDTree") if tree is not None else None
    stack = [id_tree.get_object()] if id_tree is not None else []
    while stack:
        node = stack.pop()
        for kid in node.get("/Kids", []):
            stack.append(kid.get_object())
        names = node.get("/Names")
        if names is not None:
            for i in range(0, len(names), 2):
                names[i] = rename(names[i])
        limits = node.get("/Limits")
        if limits is not None:
            node[NameObject("/Limits")] = ArrayObject(rename(n) for n in limits)
