"""阳新县司法局 2026 (seeds/004, Hubei 部门整体绩效目标申报表): spot values checked against the document."""

from __future__ import annotations

import pytest

from generator.model.tables import FormTable

SLUG = "yangxin-sifaju"


@pytest.fixture(scope="module")
def form(doc) -> FormTable:
    tables = doc.tables("dept_performance_hubei")
    assert len(tables) == 1
    return tables[0]


def test_metadata(doc, form):
    assert (doc.year, doc.kind) == (2026, "预算")
    assert str(doc.published) == "2025-10-20"
    assert form.get("filled_on") == "2025-10-20"
    assert form.get("department_name") == "阳新县司法局"
    assert form.get("years") == ["2024", "2025"]


def test_income(form):
    assert form.lists["income"][0] == ["财政拨款", "1932.41", "100%", "1834", "1865"]
    assert form.lists["income"][-1][:3] == ["合计", "1932.41", "100%"]


def test_expenditure(form):
    assert form.lists["expenditure"][0] == ["人员类项目支出", "1470.89", "76.12%", "1377.16", "1401.36"]


def test_unpublished_contact_is_kept_apart(form):
    assert form.private == {"填报人": "邹静宜", "联系电话": "18062918978"}


def test_projects(form):
    assert len(form.lists["projects"]) == 8
    assert form.lists["projects"][0][:4] == ["办案经费支出", "本级特定目标", "64", "64"]
    assert form.lists["projects"][5][:4] == ["公益岗补贴经费支出", "本级特定目标", "45.8", "45.8"]
    assert form.lists["projects"][-1][0] == "刑释人员生活过渡安置费"


def test_no_diagnostics(example_content):
    assert [d for d in example_content.reporter.items if SLUG in d.location.path] == []
