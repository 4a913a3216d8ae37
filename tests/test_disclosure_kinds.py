"""The kinds of disclosure (预算, 决算) are declared in generator/layouts/disclosure_kinds.yml: their order,
wording, open-data phase, the PDF's default date and the kind a 决算 is shown beside. The site, the
data package and the PDF follow the declarations (a changed declaration changes what they say), and
a mistake in the file is reported where it is written."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from unittest import mock

import generator.layouts.registry as registry
from generator.diagnostics import Reporter
from generator.layouts.registry import disclosure_kind, disclosure_kinds, load_disclosure_kinds
from generator.pdf.jobs import document_date
from generator.pipeline import load_content
from generator.render.views import catalogue, disclosure_view

SHIPPED = Path(registry.__file__).parent / "disclosure_kinds.yml"
PAIR = Path(__file__).resolve().parent / "fixtures" / "pair"


def test_the_shipped_kinds_in_their_order() -> None:
    kinds = disclosure_kinds()
    assert list(kinds) == ["预算", "决算"]
    budget, final = kinds["预算"], kinds["决算"]
    assert (budget.wording, budget.phase, budget.date_year, budget.compared_with) == ("部门预算", "approved", 0, None)
    assert (final.wording, final.phase, final.date_year, final.compared_with) == ("部门决算", "executed", 1, "预算")
    assert budget.order < final.order
    # a kind the file does not declare is named plainly and listed last
    other = disclosure_kind("调整预算")
    assert other.wording == "部门调整预算" and other.order > final.order and other.compared_with is None


def test_pages_packages_and_pdf_dates_follow_the_declarations(built_site: Path) -> None:
    def phases(folder: str) -> set[str]:
        text = (built_site / folder / "data" / "amounts.csv").read_text(encoding="utf-8")
        return {row["phase"] for row in csv.DictReader(io.StringIO(text))}

    # the 决算's own figures are executed; its tables' 预算数 columns declare phase 预算 (approved)
    assert "executed" in phases("2024/putuo-caizhengju") and phases("2025/langfang-sifaju") == {"approved"}
    assert "2024年度部门决算" in (built_site / "2024" / "putuo-caizhengju" / "index.html").read_text("utf-8")
    assert document_date(None, 2024, "决算") == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert document_date(None, 2024, "预算") == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def test_a_changed_declaration_changes_what_the_site_says(example_disclosures, tmp_path: Path) -> None:
    """The wording, the date rule and the order are read from the file, not from code."""
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace("wording: 部门决算", "wording: 部门决算报告").replace("date_year: 1", "date_year: 2")
    head, rest = text.split("\n预算:\n")
    budget, final = rest.split("\n决算:\n")
    changed = tmp_path / "disclosure_kinds.yml"
    changed.write_text(f"{head}\n决算:\n{final}\n预算:\n{budget}", encoding="utf-8")  # 决算 listed first
    reporter = Reporter()
    kinds = load_disclosure_kinds(reporter, changed)
    assert not reporter.items and list(kinds) == ["决算", "预算"]
    pair = load_content(PAIR)
    with mock.patch.object(registry, "_DISCLOSURE_KINDS", kinds):
        view = disclosure_view(example_disclosures["putuo-caizhengju"])
        assert view.label == "2024年部门决算报告"
        assert ("公开范围", "部门决算报告信息公开（完整）") in view.facts
        assert document_date(None, 2024, "决算") == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        site = catalogue([disclosure_view(d) for d in pair.disclosures])
        moumou = [v.label for v in site.in_year(2024) if v.disclosure.department.name == "某某县财政局"]
        assert moumou == ["2024年部门决算报告（部分公开）", "2024年部门预算（部分公开）"]
    site = catalogue([disclosure_view(d) for d in pair.disclosures])
    moumou = [v.label for v in site.in_year(2024) if v.disclosure.department.name == "某某县财政局"]
    assert moumou == ["2024年部门预算（部分公开）", "2024年部门决算（部分公开）"]


def test_a_mistake_in_the_file_is_reported_where_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "disclosure_kinds.yml"
    path.write_text(
        "预算:\n  wording: 部门预算\n  phase: approve\n决算:\n  wording: 部门决算\n  phase: executed\n  compared_with: 概算\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    kinds = load_disclosure_kinds(reporter, path)
    assert list(kinds) == []
    found = [(d.location.line, d.code) for d in reporter.items]
    assert found == [(3, "GK006"), (7, "GK006")]
    assert "approve" in reporter.items[0].message and "executed" in reporter.items[0].message
    assert "概算" in reporter.items[1].message
