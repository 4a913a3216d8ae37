"""The PDF/A-2b step (generator/pdf/archival.py) on a small PDF made here: no browser, no printing.

The published PDFs themselves are validated in test_pdf_archive.py (marked ``pdf``); these check
the step's own promises quickly, in the fast layer.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pikepdf
import pytest
from pikepdf import Dictionary, Name
from pikepdf.pdfa import validate_written

from generator.pdf.archival import to_pdfa
from generator.pdf.jobs import DocumentInfo
from generator.pdf.metadata import PRODUCER, file_id, pdf_date

INFO = DocumentInfo(
    title="测试县司法局2025年部门预算信息公开目录",
    author="测试县司法局",
    subject="测试县司法局2025年部门预算信息公开",
    keywords="部门预算, 2025",
    language="zh-CN",
    date=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
)


@pytest.fixture(scope="module")
def chromium_like() -> bytes:
    """A one-page PDF shaped like Chromium's after ``finalize``: /Lang, tagged, stray /Type keys, an /ID."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.Root.Lang = pikepdf.String("zh-CN")
    pdf.Root.MarkInfo = Dictionary(Type=Name.MarkInfo, Marked=True)
    pdf.Root.ViewerPreferences = Dictionary(Type=Name.ViewerPreferences, DisplayDocTitle=True)
    pdf.Root.StructTreeRoot = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    pdf.docinfo[Name.Title] = INFO.title
    pdf.docinfo[Name.Author] = INFO.author
    pdf.docinfo[Name.CreationDate] = pdf.docinfo[Name.ModDate] = pdf_date(INFO.date)
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(bytes(file_id("key")[0]))] * 2)
    out = BytesIO()
    pdf.save(out, static_id=True)
    return out.getvalue()


def test_result_validates_as_pdfa_2b_and_is_reproducible(chromium_like):
    data, report = to_pdfa(chromium_like, INFO)
    assert report.passed and not report.findings
    assert validate_written(BytesIO(data), "2b").passed
    assert to_pdfa(chromium_like, INFO)[0] == data  # no time, no random /ID


def test_xmp_catalog_and_id(chromium_like):
    data, _ = to_pdfa(chromium_like, INFO)
    with pikepdf.open(BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == INFO.title and meta["dc:creator"] == [INFO.author]
        assert meta["dc:language"] == {"zh-CN"}
        assert meta["xmp:CreateDate"] == meta["xmp:MetadataDate"] == "2025-03-01T00:00:00+00:00"
        assert meta["pdf:Producer"] == str(pdf.docinfo.Producer) == PRODUCER
        assert str(pdf.Root.Lang) == "zh-CN" and "/StructTreeRoot" in pdf.Root
        assert "/Type" not in pdf.Root.MarkInfo and "/Type" not in pdf.Root.ViewerPreferences
        assert bool(pdf.Root.MarkInfo.Marked) and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == Name.GTS_PDFA1 and intent.DestOutputProfile.N == 3
        assert bytes(pdf.trailer.ID[0]) == bytes(file_id("key")[0])  # the first /ID word is kept


def test_another_date_changes_only_what_it_should(chromium_like):
    later = DocumentInfo(**{**INFO.__dict__, "date": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)})
    data, _ = to_pdfa(chromium_like, later)
    assert data != to_pdfa(chromium_like, INFO)[0]
    with pikepdf.open(BytesIO(data)) as pdf:
        assert pdf.open_metadata()["xmp:MetadataDate"] == "2026-01-01T00:00:00+00:00"
