"""GK036: figures a 情况说明 states in words, against the tables and against its own text."""

from __future__ import annotations

from decimal import Decimal

from generator.diagnostics import Severity
from generator.pipeline import load_content

SECTION = """      - section: 机关运行经费安排情况
        number: 一、
        topic: 机关运行经费
        body:"""
DISCLOSURE = "disclosure.yml"


def with_figures(check_minimal, figures: str):
    root = check_minimal(
        {DISCLOSURE: [(SECTION, SECTION.replace("        body:", f"        figures: {figures}\n        body:"))]}
    )
    return load_content(root)


def stated(content):
    return [d for d in content.reporter.items if d.code == "GK036"]


def test_a_stated_figure_that_matches_its_table_passes(check_minimal):
    content = with_figures(check_minimal, "{机关运行经费: 1.00}")
    assert stated(content) == []
    (section,) = [s for s in content.disclosures[0].sections() if s.topic == "机关运行经费"]
    assert section.figures == {"机关运行经费": Decimal("1.00")}


def test_a_stated_figure_that_differs_from_its_table_is_an_error(check_minimal):
    root = check_minimal(
        {
            DISCLOSURE: [
                (SECTION, SECTION.replace("        body:", "        figures: {机关运行经费: 1.50}\n        body:")),
                ("机关运行经费共计安排1.00万元。", "机关运行经费共计安排1.50万元。"),
            ]
        }
    )
    (problem,) = stated(load_content(root))
    assert problem.severity is Severity.ERROR
    assert problem.location.line == 79 and problem.location.col == 27
    assert "1.50" in problem.message and "1.00" in problem.message and "0.50" in problem.message
    assert "公用经费" in problem.message


def test_a_stated_figure_missing_from_the_text_is_a_warning(check_minimal):
    root = check_minimal(
        {
            DISCLOSURE: [
                (SECTION, SECTION.replace("        body:", "        figures: {机关运行经费: 1.00}\n        body:")),
                ("机关运行经费共计安排1.00万元。", "机关运行经费共计安排一万元。"),
            ]
        }
    )
    (problem,) = stated(load_content(root))
    assert problem.severity is Severity.WARNING
    assert "文字中没有这个数字" in problem.message


def test_an_unknown_figure_name_is_reported_with_a_suggestion(check_minimal):
    content = with_figures(check_minimal, "{机关运行经: 1.00}")
    (problem,) = [d for d in content.reporter.items if d.code == "GK003"]
    assert "是否想写“机关运行经费”" in problem.message and problem.location.line == 79


def test_the_langfang_explanation_agrees_with_its_tables(example_disclosures, example_content):
    langfang = example_disclosures["langfang-sifaju"]
    figures = {name: value for s in langfang.sections() for name, value in s.figures.items()}
    assert figures["机关运行经费"] == Decimal("414.00")
    assert figures["三公经费"] == Decimal("41.26")
    assert len(figures) == 23  # 19 figures, the three changes by kind of spending and the 三公 change
    assert figures["项目支出·增减"] == Decimal("28.95")
    # the text states 0.00 where the tables leave the cell blank: reported (blank is not zero), never an error
    stated = [d for d in example_content.reporter.items if d.code == "GK036" and "langfang" in d.location.path]
    assert len(stated) == 6
    assert all(d.severity is Severity.WARNING and "空白不等于 0" in d.message for d in stated)
