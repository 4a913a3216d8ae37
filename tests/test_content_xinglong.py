"""兴隆县司法局 2025 (seeds/000, OCR): spot values checked against the published document."""

from __future__ import annotations

from decimal import Decimal as D

SLUG = "xinglong-sifaju"


def test_metadata(doc):
    assert (doc.year, doc.kind, doc.scope) == (2025, "预算", "partial")
    assert doc.department.name == "兴隆县司法局"


def test_ten_projects(projects):
    assert len(projects) == 10
    assert all(p.kind_id == "project_hebei" for p in projects)


def test_project_1(projects):
    first = projects[0]
    # printed as “13082225P0000711003” / “8Y” over two lines
    assert first.get("code") == "13082225P00007110038Y"
    assert first.get("name") == "2025年劳务派遣人员经费"
    assert first.get("unit_line") == "315001兴隆县司法局本级"
    assert first.amount == D("26.10")  # OCR “26,10”


def test_project_2(projects):
    second = projects[1]
    assert second.get("code") == "13082225P00007110039J"  # OCR “13082225P0000711OO3” / “9J”
    assert second.amount == D("254.80")  # OCR “254,80”
    assert second.get("budget.财政资金") == D("254.80")


def test_no_diagnostics(example_content):
    assert [d for d in example_content.reporter.items if SLUG in d.location.path] == []
