"""临西县司法局 2020 (seeds/001): spot values checked against the published document."""

from __future__ import annotations

from decimal import Decimal as D

SLUG = "linxi-sifaju"


def test_metadata(doc):
    assert (doc.year, doc.kind, doc.scope) == (2020, "预算", "partial")
    assert doc.department.name == "临西县司法局"
    assert [p.number for p in doc.parts] == ["第一部分", "第二部分"]


def test_nine_projects(projects):
    assert len(projects) == 9


def test_project_1(projects):
    first = projects[0]
    assert first.get("code") == "315-0404-JBN-9C18"  # a structured code stays text
    assert first.get("name") == "法律援助"
    assert first.get("unit_line") == "315002临西县司法局"
    assert first.amount == D("0.80")
    assert str(first.amount) == "0.80"
    assert first.get("budget.财政资金") == D("0.80")
    assert first.get("budget.其他资金") is None


def test_project_3(projects):
    third = projects[2]
    assert third.get("code") == "315-0403-JBN-SY8H"
    assert third.get("name") == "冀财政法〔2019〕19号提前下达2020年社区矫正补助资金"
    assert third.amount == D("5.48")


def test_no_leftover_toc_field_codes(doc):
    for table in doc.tables():
        assert "\\f C" not in (table.title or "")
        assert " TC " not in (table.title or "")


def test_no_diagnostics(example_content):
    assert [d for d in example_content.reporter.items if SLUG in d.location.path] == []
