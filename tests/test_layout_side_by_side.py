"""Row groups printed side by side (#7, #9): the 基本支出决算表 prints 人员经费 | 公用经费 as two
column blocks in one table. The layout declares it (``side_by_side: true`` over ``groups``), the
grid that feeds the page, CSV, XLSX and PDF is built from that, and each group keeps its own sums."""

from __future__ import annotations

from pathlib import Path

from generator.layouts.registry import package_registry
from generator.layouts.spec import ClassifiedSpec
from generator.pipeline import load_content
from generator.reference import layouts_markdown
from generator.render.views import disclosure_view

ROOT = Path(__file__).resolve().parents[1]


def putuo_grid():
    content = load_content(ROOT / "content")
    (disclosure,) = [d for d in content.disclosures if "putuo-caizhengju" in str(d.loc.path)]
    (block,) = [b for b in disclosure_view(disclosure).tables if b.table_kind == "final_basic_expenditure"]
    (grid,) = block.grids
    return grid


def test_the_basic_expenditure_final_account_declares_its_groups_side_by_side():
    spec = package_registry().kinds["final_basic_expenditure"].spec
    assert isinstance(spec, ClassifiedSpec) and spec.side_by_side
    assert [g.id for g in spec.groups] == ["人员经费", "公用经费"]
    assert "并排印刷" in layouts_markdown()


def test_putuo_prints_personnel_and_public_funds_side_by_side():
    """As the source prints it: 301 工资福利支出 2,082.85 beside 302 商品和服务支出 171.07, 30101 基本工资
    beside 30201 办公费, and 人员经费合计 2152.26 beside 公用经费合计 184.65 on the last line."""
    grid = putuo_grid()
    top = [(c.text, c.colspan) for c in grid.header[0]]
    assert top == [("序号", 1), ("人员经费", 4), ("公用经费", 4)]
    texts = [[c.text for c in row] for row in grid.body]
    assert texts[0] == ["1", "301", "", "工资福利支出", "2082.85", "302", "", "商品和服务支出", "171.07"]
    assert texts[1][1:] == ["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"]
    assert texts[-1][1:] == ["", "", "人员经费合计", "2152.26", "", "", "公用经费合计", "184.65"]
    # the shorter 人员经费 block is padded with empty cells, not with figures of the other group
    assert texts[-2][1:5] == ["", "", "", ""] and texts[-2][7] == "其他资本性支出"
    assert all(len(row) == grid.width for row in texts)


def test_side_by_side_needs_two_groups(check_tree):
    layout = """\
    one_group:
      title: 坏表式
      structure: classified
      codes: economic
      side_by_side: true
      groups:
        - {id: 人员经费}
      columns:
        - {id: 决算数}
    """
    content = load_content(check_tree({"layouts/bad.yml": layout}))
    found = [d for d in content.reporter.items if d.code == "GK012" and "side_by_side" in d.message]
    assert len(found) == 1 and found[0].location.path.endswith("layouts/bad.yml")
    assert found[0].location.line == 5
