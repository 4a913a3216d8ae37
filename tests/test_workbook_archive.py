"""The disclosures' workbooks are reproducible archives: every member dated 2000-01-01 and readable by
all (steps/workbook.py sets both in the archive XlsxWriter wrote), every member intact."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook


def test_every_workbook_is_a_sound_archive_of_fixed_dates(built_site: Path) -> None:
    books = sorted(built_site.glob("*/*/data/*.xlsx"))
    assert len(books) == 6
    for book in books:
        with zipfile.ZipFile(book) as archive:
            assert archive.testzip() is None, book  # each member's CRC checked
            members = archive.infolist()
            assert "xl/workbook.xml" in archive.namelist()
            for info in members:
                assert info.date_time == (2000, 1, 1, 0, 0, 0), (book, info.filename)
                assert info.external_attr >> 16 == 0o644, (book, info.filename)
                assert info.compress_type == zipfile.ZIP_DEFLATED
        assert load_workbook(book).sheetnames  # Excel's reader opens it
