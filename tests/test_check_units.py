"""元 and 万元 in one disclosure (#8, #10): a figure keeps the unit it was published in, and a
comparison across units converts exactly (1 万元 = 10000 元, Decimal) before applying the rounding
bound. GK035 (项目支出 = Σ the 项目绩效目标表 amounts) adds a form in 元 to forms in 万元."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.pipeline import load_content

FIXTURES = Path(__file__).parent / "fixtures"
DISC = Path("2025/ceshi-sifaju")
SHOWN = f"content/{DISC}/disclosure.yml"
INCLUDE = "          - include: projects/01.yml\n"


def with_projects(check_minimal, hebei: str, yuan: str | None) -> Path:
    """The minimal disclosure (项目支出 4.00 万元) with its Hebei project at ``hebei`` 万元 and,
    when ``yuan`` is given, the Sichuan project of tests/fixtures/units at ``yuan`` 元."""
    edits = {"projects/01.yml": [("{预算数: 4.00, 财政资金: 4.00", f"{{预算数: {hebei}, 财政资金: {hebei}")]}
    if yuan is not None:
        edits["disclosure.yml"] = [(INCLUDE, INCLUDE + "          - include: projects/02.yml\n")]
    root: Path = check_minimal(edits)
    if yuan is not None:
        text = (FIXTURES / "units" / "project_sichuan_yuan.yml").read_text(encoding="utf-8")
        text = text.replace("{合计: 15000.00, 财政拨款: 15000.00", f"{{合计: {yuan}, 财政拨款: {yuan}")
        (root / DISC / "projects" / "02.yml").write_text(text, encoding="utf-8")
    return root


def projects_total(root: Path) -> list[Diagnostic]:
    content = load_content(root)
    assert [d for d in content.reporter.items if d.code != "GK035"] == []
    return [d for d in content.reporter.items if d.code == "GK035"]


def test_a_form_in_yuan_is_converted_before_it_is_added(check_minimal):
    """2.50 万元 + 15000.00 元 = 4.00 万元 exactly: nothing to report (unconverted it would be 15002.50)."""
    assert projects_total(with_projects(check_minimal, "2.50", "15000.00")) == []


def test_a_converted_sum_that_rounds_to_the_total_is_equal(check_minimal):
    """15049.99 元 = 1.504999 万元: 2.50 + 1.504999 = 4.004999, which rounds to the printed 4.00."""
    assert projects_total(with_projects(check_minimal, "2.50", "15049.99")) == []


@pytest.mark.parametrize(
    ("yuan", "severity", "difference"),
    [("15100.00", Severity.WARNING, "-0.01"), ("15100.01", Severity.ERROR, "-0.010001")],
)
def test_the_bound_across_units(check_minimal, yuan, severity, difference):
    """The total 4.00 (step 0.01 万元) against 2.50 万元 (step 0.01) + a figure in 元 (step 0.01 元 =
    0.000001 万元): rounding can explain a difference below (0.01 + 0.01 + 0.000001) / 2 = 0.0100005.
    15100.00 元 makes 4.01 (0.01 off: within, a warning); 15100.01 元 makes 4.010001 (an error)."""
    (d,) = projects_total(with_projects(check_minimal, "2.50", yuan))
    assert d.severity is severity
    assert d.location.path == SHOWN
    assert "项目支出" in d.message and "4.00万元" in d.message
    assert "1 万元 = 10000 元" in d.message and f"相差 {difference}" in d.message
    assert "±0.0100005" in d.message


@pytest.mark.parametrize(
    ("yuan", "severity", "converted"),
    [
        ("40000.00", None, ""),
        ("40049.99", None, ""),
        ("40050.00", Severity.WARNING, "4.005万元"),
        ("40050.01", Severity.ERROR, "4.005001万元"),
    ],
)
def test_a_single_form_in_yuan_against_the_table(check_minimal, yuan, severity, converted):
    """The only project, in 元, is the 项目支出 figure before rounding to 0.01 万元: 40049.99 元
    rounds to 4.00; 40050.00 元 (4.005) may be 4.004999… before its own rounding to 0.01 元, so
    it is a warning; 40050.01 元 is not rounding."""
    root = with_projects(check_minimal, "4.00", None)
    project = root / DISC / "projects" / "01.yml"
    text = project.read_text(encoding="utf-8").replace(
        "{预算数: 4.00, 财政资金: 4.00", f"{{预算数: {yuan}, 财政资金: {yuan}"
    )
    project.write_text(text.replace("table: project_hebei\n", "table: project_hebei\nunit: 元\n"), encoding="utf-8")
    found = projects_total(root)
    if severity is None:
        assert found == []
    else:
        (d,) = found
        assert d.severity is severity and f"为 {converted}" in d.message and "±0.0050005" in d.message


def test_same_unit_keeps_the_bound_of_n_rounded_figures(check_minimal):
    """Both projects in 万元: the bound stays ⌊n/2⌋ × 0.01 (2 figures: 0.01), as before."""
    root = with_projects(check_minimal, "4.01", None)
    (d,) = projects_total(root)
    assert d.severity is Severity.ERROR and "±0.00" in d.message and "换算" not in d.message


BASIC_IN_YUAN = [
    (
        "      - table: basic_expenditure\n        total: {合计: 6.00, 人员经费: 5.00, 公用经费: 1.00}",
        "      - table: basic_expenditure\n        unit: 元\n"
        "        total: {合计: 60000.00, 人员经费: 50000.00, 公用经费: 10000.00}",
    ),
    (
        '{code: "301", name: 工资福利支出, 合计: 5.00, 人员经费: 5.00}',
        '{code: "301", name: 工资福利支出, 合计: 50000.00, 人员经费: 50000.00}',
    ),
    (
        '{code: "30101", name: 基本工资, 合计: 5.00, 人员经费: 5.00}',
        '{code: "30101", name: 基本工资, 合计: 50000.00, 人员经费: 50000.00}',
    ),
    (
        '{code: "302", name: 商品和服务支出, 合计: 1.00, 公用经费: 1.00}',
        '{code: "302", name: 商品和服务支出, 合计: 10000.00, 公用经费: 10000.00}',
    ),
    (
        '{code: "30217", name: 公务接待费, 合计: 0.40, 公用经费: 0.40}',
        '{code: "30217", name: 公务接待费, 合计: {reception}, 公用经费: {reception}}',
    ),
    (
        '{code: "30231", name: 公务用车运行维护费, 合计: 0.60, 公用经费: 0.60}',
        '{code: "30231", name: 公务用车运行维护费, 合计: 6000.00, 公用经费: 6000.00}',
    ),
]


def basic_in_yuan(check_minimal, reception: str = "4000.00") -> list[Diagnostic]:
    edits = [(old, new.replace("{reception}", reception)) for old, new in BASIC_IN_YUAN]
    content = load_content(check_minimal({"disclosure.yml": edits}))
    return content.reporter.items


def test_a_table_in_yuan_beside_tables_in_wanyuan_passes(check_minimal):
    """The 基本支出表 printed in 元 (as an 一体化 export may): its 合计 60000.00 元 is the 支出总表's
    基本支出 6.00 万元 (GK042), its 30217 4000.00 元 the 三公 table's 公务接待费 0.40 万元 (GK043), its
    公用经费 10000.00 元 the 机关运行经费 1.00 万元 the text states (GK042/GK036). Unconverted, each
    of these would be an error."""
    assert basic_in_yuan(check_minimal) == []


@pytest.mark.parametrize(
    ("reception", "severity"),
    [("4049.99", None), ("4050.00", Severity.WARNING), ("4100.00", Severity.ERROR)],
)
def test_a_copied_figure_across_units(check_minimal, reception, severity):
    """公务接待费 0.40 万元 (三公 table) against 30217 in 元: 4049.99 元 rounds to 0.40; 4050.00 元 is
    0.405 万元, which a true 4049.995 元 could round from (a warning); 4100.00 元 is 0.41 (an error).
    The 302 and 合计 rows are adjusted so that only the copy differs."""
    shift = Decimal(reception) - Decimal("4000.00")
    edits = [(old, new.replace("{reception}", reception)) for old, new in BASIC_IN_YUAN]
    edits = [
        (
            old,
            new.replace("10000.00", str(Decimal("10000.00") + shift)).replace(
                "60000.00", str(Decimal("60000.00") + shift)
            ),
        )
        for old, new in edits
    ]
    items = load_content(check_minimal({"disclosure.yml": edits})).reporter.items
    found = [d for d in items if d.code == "GK043"]
    if severity is None:
        assert found == []
        return
    (d,) = found
    assert d.severity is severity
    assert "公务接待费" in d.message and "0.40万元" in d.message and "换算为万元" in d.message
