"""`gongkai import` on workbooks as departments' software exports them."""

from __future__ import annotations

import io
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from import_workbooks import DEPARTMENT, PASTED_TSV, explanation_sheet, project_form_sheet, write_export, write_xls

from generator.cli import main
from generator.importer.command import BACKUP_DIR, ImportRefused, Options, run_import
from generator.importer.sheets import general, read_sources
from generator.model.document import Section, TextBlock
from generator.model.money import Dash
from generator.model.tables import ClassifiedTable, FixedTable, FormTable, GenericTable
from generator.pipeline import load_content

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(ROOT / "content" / "site.yml", root / "site.yml")
    return root


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(args)
    out = capsys.readouterr()
    return status, out.out + out.err


def test_excel_shows_what_the_float_stores() -> None:
    assert general(1511.8900000000001) == "1511.89"
    assert general(205.0) == "205"
    assert general(0.1 + 0.2) == "0.3"


def test_an_export_becomes_checked_content(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = write_export(tmp_path / "一体化导出.xlsx")
    target = content / "2025" / "ceshi-sifaju"
    status, out = run(["import", str(workbook), "--to", str(target)], capsys)
    # per sheet: which table it became, or why it was skipped
    assert re.search(r"2\.15单位收支总表 → 部门预算收支总表（budget_summary）", out)
    assert "部门收入总表 → 部门预算收入总表（income）" in out
    assert "三公 → 部门预算财政拨款“三公”经费支出表（three_public）" in out
    assert "封面：略过（没有表格" in out
    assert "目录：略过" in out and "人员情况：略过（表头与任何表式都不匹配" in out
    assert status == 0, out
    assert "检查通过：1 个公开，0 个错误" in out
    written = (target / "disclosure.yml").read_text(encoding="utf-8")
    # 类 205 stored as a number, 款 and 项 as text: one code; the float noise gone; the 元 unit kept
    assert (
        '- {code: "2010102", name: 一般行政管理事务, 合计: 200000.50, 小计: 200000.50, 财政拨款收入: 200000.50, '
        '财政专户收入: "-"}' in written
    )
    assert f"name: {DEPARTMENT}" in written and "unit: 元" in written and "year: 2025" in written
    # the 三公 sheet is in 万元 beside tables in 元: its unit is kept, nothing converted
    three_public = written[written.index("table: three_public") :]
    assert "unit: 万元" in three_public and "公务接待费: {合计: 2.50" in three_public
    # a dash is a published value: written in its cell exactly as printed (quoted), with no comment
    assert (
        '- {code: "201", name: 一般公共服务支出, 合计: 1200000.50, 小计: 1200000.50, 财政拨款收入: 1200000.50, '
        '财政专户收入: "-"}' in written
    )
    assert "按空白导入" not in written
    # the model: the figures as shown, the total at the top taken as the table's total
    disclosure = load_content(target).disclosures[0]
    income = disclosure.tables("income")[0]
    assert isinstance(income, ClassifiedTable)
    assert str(income.groups[0].total["合计"]) == "1350000.50"
    assert income.groups[0].total_given
    assert [r.code for r in income.rows] == ["201", "20101", "2010101", "2010102", "208", "20805", "2080505"]
    # in the model the dash is “printed, no amount”: neither blank nor 0, and no part of any sum
    assert income.rows[0].values["财政专户收入"] == Dash("-")
    assert income.groups[0].total["财政专户收入"] is None


def test_a_broken_identity_is_reported_at_its_line_in_the_written_yaml(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = write_export(tmp_path / "导出.xlsx", income_total=1350000.6)
    target = content / "2025" / "ceshi-sifaju"
    status, out = run(["import", str(workbook), "--to", str(target)], capsys)
    assert status == 1, out
    written = (target / "disclosure.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(written, 1) if text.strip().startswith("total: {合计: 1350000.60"))
    errors = [x for x in out.splitlines() if " error " in x]
    assert errors and all("disclosure.yml:" in x for x in errors)
    assert any(f"disclosure.yml:{line}:" in x and "1350000.60" in x for x in errors), out


def test_an_existing_folder_is_kept(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = write_export(tmp_path / "导出.xlsx")
    target = content / "2025" / "ceshi-sifaju"
    target.mkdir(parents=True)
    (target / "disclosure.yml").write_text("# 手写的内容\n", encoding="utf-8")
    status, out = run(["import", str(workbook), "--to", str(target)], capsys)
    assert status == 2 and "--force" in out
    assert (target / "disclosure.yml").read_text(encoding="utf-8") == "# 手写的内容\n"
    status, out = run(["import", str(workbook), "--to", str(target), "--force"], capsys)
    assert status == 0, out
    backup = content / "2025" / BACKUP_DIR / "ceshi-sifaju.1" / "disclosure.yml"
    assert backup.read_text(encoding="utf-8") == "# 手写的内容\n"
    assert "原有文件已备份到" in out
    # the backup is not taken for a second disclosure
    assert [d.slug for d in load_content(content).disclosures] == ["ceshi-sifaju"]


def test_the_target_must_be_a_year_and_a_folder(content: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="content/<年度>/<目录名>"):
        run_import([str(write_export(tmp_path / "x.xlsx"))], Options(to=content / "ceshi"), log=lambda _: None)


def test_an_xls_file_reads_like_the_xlsx(tmp_path: Path) -> None:
    old = read_sources([str(write_xls(tmp_path / "旧格式.xls"))])[0]
    new = next(s for s in read_sources([str(write_export(tmp_path / "新.xlsx"))]) if s.name == "部门收入总表")
    figures = [[v for v in row if re.fullmatch(r"[0-9]+\.[0-9]+", v)] for row in old.rows]
    assert figures == [[v for v in row if re.fullmatch(r"[0-9]+\.[0-9]+", v)] for row in new.rows]
    assert ["1350000.50", "1350000.50", "1350000.50"] in figures


def test_an_xls_import(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = content / "2025" / "ceshi-sifaju"
    status, out = run(["import", str(write_xls(tmp_path / "旧格式.xls")), "--to", str(target)], capsys)
    assert "部门收入总表 → 部门预算收入总表（income）" in out
    assert status == 0, out
    income = load_content(target).disclosures[0].tables("income")[0]
    assert isinstance(income, ClassifiedTable)
    assert [str(r.values["合计"]) for r in income.rows][:4] == ["1200000.50", "1200000.50", "1000000.00", "200000.50"]


def test_a_table_pasted_from_excel(
    content: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASTED_TSV))
    target = content / "2025" / "ceshi-sifaju"
    args = ["import", "-", "--to", str(target), "--department", DEPARTMENT, "--kind", "预算", "--unit", "元"]
    status, out = run(args, capsys)
    assert "标准输入 → " in out
    written = (target / "disclosure.yml").read_text(encoding="utf-8")
    # no title: several layouts have these columns; the choice is said, not hidden
    assert "导入：也可能是" in written
    assert "total: {合计: 1350000.50, 基本支出: 1150000.00, 项目支出: 200000.50}" in written
    assert '- {code: "2010101", name: 行政运行, 合计: 1000000.00, 基本支出: 1000000.00}' in written
    assert status == 0, out


def test_more_decimals_than_the_unit_allows_are_reported_not_rounded(
    content: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pasted = PASTED_TSV.replace("1000000.00\t1000000.00\t", "1000000.004\t1000000.00\t")
    monkeypatch.setattr("sys.stdin", io.StringIO(pasted))
    target = content / "2025" / "ceshi-sifaju"
    status, out = run(["import", "-", "--to", str(target), "--department", DEPARTMENT], capsys)
    assert "1000000.004 有 3 位小数" in out and "未作舍入" in out
    assert "合计: 1000000.004" in (target / "disclosure.yml").read_text(encoding="utf-8")


def test_a_final_account_summary_with_row_numbers(content: Path, tmp_path: Path) -> None:
    from import_workbooks import final_summary_sheet
    from openpyxl import Workbook

    wb = Workbook()
    final_summary_sheet(wb.active)
    wb.active.title = "Z01 收入支出决算总表(财决01表)"
    wb.save(tmp_path / "决算.xlsx")
    lines: list[str] = []
    target = content / "2024" / "putuo"
    run_import([str(tmp_path / "决算.xlsx")], Options(to=target), log=lines.append)
    assert any("→ 收入支出决算总表（final_summary）" in x for x in lines), lines
    disclosure = load_content(target).disclosures[0]
    assert (disclosure.kind, disclosure.year, disclosure.department.name) == ("决算", 2024, "上海市普陀区财政局")
    summary = disclosure.tables("final_summary")[0]
    assert isinstance(summary, FixedTable)
    # 行次 columns are row numbers, not figures; "2,940.05" is 2940.05; 八、社会保障和就业支出 is the 类
    assert str(summary.value("income", "一般公共预算财政拨款收入", "决算数")) == "2940.05"
    assert str(summary.value("expenditure", "社会保障和就业支出", "决算数")) == "326.71"
    assert str(summary.value("expenditure", "总计", "决算数")) == "2995.39"


LANGFANG = ROOT / "content" / "2025" / "langfang-sifaju"
XINGLONG = ROOT / "content" / "2025" / "xinglong-sifaju"
PUTUO = ROOT / "content" / "2024" / "putuo-caizhengju"


def _sections(disclosure: Any) -> list[Any]:
    return [s for p in disclosure.parts for s in p.items if isinstance(s, Section)]


def _lines(section: Any) -> list[str]:
    text = "\n".join(b.markdown for b in section.body if isinstance(b, TextBlock))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _printed(section: Any) -> str:
    """A section's text as a 情况说明 sheet prints it: its paragraphs, then each sub-section's
    heading（（一）……）and paragraphs, one a line."""
    lines = _lines(section)
    for sub in section.body:
        if isinstance(sub, Section):
            lines += [sub.heading, *_lines(sub)]
    return "\n".join(lines)


def _outline(section: Any) -> Any:
    """A section's number, title, text and sub-sections (number, title, text)."""
    subs = [(s.number, s.title, _lines(s)) for s in section.body if isinstance(s, Section)]
    return section.number, section.title, _lines(section), subs


def test_an_explanation_sheet_becomes_the_sections_of_the_real_text(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """廊坊's 情况说明, kept in a sheet one paragraph a line, comes back as its eleven sections: the
    numbers, titles and topics the hand-written content has, the text line for line, and the
    figures the text states under the names check knows, each equal to the hand-written one."""
    from openpyxl import Workbook

    original = _sections(load_content(LANGFANG).disclosures[0])
    wb = Workbook()
    explanation_sheet(wb.active, [(s.number or "", s.title, _printed(s)) for s in original])
    wb.active.title = "情况说明"
    wb.save(tmp_path / "说明.xlsx")
    target = content / "2025" / "langfang-sifaju"
    args = ["import", str(tmp_path / "说明.xlsx"), "--to", str(target), "--department", "廊坊市司法局"]
    status, out = run([*args, "--unit", "万元"], capsys)
    assert (
        "情况说明 → 情况说明文字“部门预算情况说明”，11 节：一、部门职责及机构设置情况、二、部门预算安排的总体情况"
        in out
    )
    assert "导入 0 张表、1 份情况说明文字" in out
    back = _sections(load_content(target).disclosures[0])
    assert [(s.number, s.title, s.topic) for s in back] == [(s.number, s.title, s.topic) for s in original]
    # the text line for line, and 五、部门整体绩效目标's （一）…（四） as its sub-sections; the
    # duties （一）承担……。（二）…… of 一、 stay its text; 1、收入说明 2、支出说明 3、比上年增减情况 are 二、's sub-sections
    assert [_outline(s) for s in back] == [_outline(s) for s in original]
    assert [sub.heading for sub in back[4].body if isinstance(sub, Section)] == [
        "（一）总体绩效目标",
        "（二）分项绩效目标",
        "（三）工作保障措施",
        "（四）部门整体支出绩效指标",
    ]
    for before, after in zip(original, back, strict=True):
        assert after.figures.items() <= before.figures.items(), before.title
    # a change (较2024年增加207.32万元) is not this year's figure; the rest of 三公 is found
    by_topic = {s.topic: s for s in back}
    assert {k: str(v) for k, v in by_topic["机关运行经费"].figures.items()} == {"机关运行经费": "414.00"}
    three = next(s for s in original if s.topic == "三公经费")
    assert by_topic["三公经费"].figures == {k: v for k, v in three.figures.items() if "·" not in k}
    overall = {k: v for sub in by_topic["总体情况"].body if isinstance(sub, Section) for k, v in sub.figures.items()}
    assert {"基本支出", "项目支出", "人员经费", "公用经费"} <= set(overall)
    # “较2024年预算增加207.32万元，其中：基本支出增加178.37万元……项目支出增加28.95万元”
    changes = {k: str(v) for k, v in overall.items() if k.endswith("·增减")}
    assert changes == {"基本支出·增减": "178.37", "项目支出·增减": "28.95"}
    # no tables and no 政府采购 etc. yet: partial, and the YAML says what is missing
    written = (target / "disclosure.yml").read_text(encoding="utf-8")
    assert "scope: partial" in written and "缺少部门预算收支总表" in written
    assert status == 0, out


def test_an_explanation_with_sub_sections_comes_back_nested(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """普陀's 决算情况说明 prints （一）（二）（三） headings under 五、, 七、 and 十一、 (some ending in
    “。”): they come back as the sub-sections the hand-written content has, each with its own text,
    and the topics the completeness check needs (机关运行经费, 政府采购, 国有资产) are found on
    the sub-sections of 十一、其他重要事项的情况说明."""
    from openpyxl import Workbook

    disclosure = load_content(PUTUO).disclosures[0]
    part = next(p for p in disclosure.parts if p.title and p.title.endswith("决算情况说明"))
    original = [s for s in part.items if isinstance(s, Section)]
    wb = Workbook()
    explanation_sheet(wb.active, [(s.number or "", s.title, _printed(s)) for s in original], title=part.title or "")
    wb.active.title = "情况说明"
    wb.save(tmp_path / "说明.xlsx")
    target = content / "2024" / "putuo-caizhengju"
    args = ["import", str(tmp_path / "说明.xlsx"), "--to", str(target), "--department", "上海市普陀区财政局"]
    status, out = run([*args, "--unit", "万元", "--kind", "决算"], capsys)
    assert (
        "11 节：一、收入支出决算总体情况说明、二、收入决算情况说明、三、支出决算情况说明等 11 节（另有 8 个小节）"
        in out
    )
    back = _sections(load_content(target).disclosures[0])
    assert [_outline(s) for s in back] == [_outline(s) for s in original]
    nested = {sub.heading: sub for s in back for sub in s.body if isinstance(sub, Section)}
    assert "（一）“三公”经费财政拨款支出决算总体情况说明。" in nested
    assert {sub.topic for sub in back[10].body if isinstance(sub, Section)} == {"机关运行经费", "政府采购", "国有资产"}
    # a figure found in a sub-section's text is the hand-written one
    for before, after in zip(original, back, strict=True):
        pairs = [(before, after)] + [
            (b, a)
            for b, a in zip(before.body, after.body, strict=False)
            if isinstance(b, Section) and isinstance(a, Section)
        ]
        for b, a in pairs:
            assert a.figures.items() <= b.figures.items(), b.heading
    # the shares, changes and growth rates the text states, under the names of stated_figures.yml:
    # exactly the hand-written figures of these sections
    by_heading = {s.heading: s for s in original} | {
        sub.heading: sub for s in original for sub in s.body if isinstance(sub, Section)
    }
    for heading in ("二、收入决算情况说明", "三、支出决算情况说明"):
        assert next(s for s in back if s.heading == heading).figures == by_heading[heading].figures, heading
    for heading in ("（一）一般公共预算财政拨款支出决算总体情况", "（一）机关运行经费支出情况"):
        assert nested[heading].figures == by_heading[heading].figures, heading
    assert nested["（一）机关运行经费支出情况"].figures == {
        "机关运行经费": Decimal("184.65"),
        "机关运行经费·增减": Decimal("2.55"),
        "机关运行经费·增长率": Decimal("1.40"),
    }
    # and check finds them consistent with one another (no tables here to hold them against)
    assert status == 0, out


def test_a_figure_the_text_states_is_checked_against_the_tables(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    workbook = write_export(tmp_path / "导出.xlsx")
    wb = load_workbook(workbook)
    text = "2025年部门收入总计1350000.60元，其中一般公共预算收入1350000.50元，全部为本年收入。"
    explanation_sheet(wb.create_sheet("部门预算情况说明"), [("一、", "部门预算安排的总体情况", text)])
    wb.save(workbook)
    target = content / "2025" / "ceshi-sifaju"
    status, out = run(["import", str(workbook), "--to", str(target)], capsys)
    assert "部门预算情况说明 → 情况说明文字“部门预算情况说明”，1 节：一、部门预算安排的总体情况" in out
    written = (target / "disclosure.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(written, 1) if t.strip().startswith("figures:"))
    assert written[line - 1].strip() == "figures: {收入总计: 1350000.60, 一般公共预算收入: 1350000.50}"
    # 收入总计 is 1350000.50 in the 收支总表: check reports the text's figure where it is written
    errors = [x for x in out.splitlines() if " error GK036" in x]
    assert len(errors) == 1 and f"disclosure.yml:{line}:" in errors[0] and "1350000.60" in errors[0], out
    assert status == 1


def _form_figures(table: Any) -> Any:
    fields = {
        k: ({p: str(x) for p, x in v.items() if x is not None} if isinstance(v, dict) else str(v).strip())
        for k, v in table.fields.items()
    }
    return table.number, table.title, fields, table.lists


@pytest.mark.parametrize("folder", [LANGFANG, XINGLONG], ids=["langfang", "xinglong"])
def test_project_forms_in_the_usual_export_shape(content: Path, tmp_path: Path, folder: Path) -> None:
    """Every 项目绩效目标表 of a real disclosure, laid out as the usual Excel export (merged label
    and value cells, 资金支出计划 as a row of months over a row of shares, 一级/二级指标 merged down
    their groups), imports into the same form the hand-written projects/NN.yml give."""
    from openpyxl import Workbook

    original = [t for t in load_content(folder).disclosures[0].tables("project_hebei") if isinstance(t, FormTable)]
    wb = Workbook()
    wb.remove(wb.active)
    for n, table in enumerate(original, 1):
        form = {"number": table.number or "", "title": table.title, **table.fields, **table.lists}
        project_form_sheet(wb.create_sheet(f"项目{n}"), form)
    wb.save(tmp_path / "项目.xlsx")
    lines: list[str] = []
    target = content / "2025" / "xiangmu"
    run_import([str(tmp_path / "项目.xlsx")], Options(to=target, department="测试局"), log=lines.append)
    assert sum("→ 项目绩效目标表（project_hebei）" in x for x in lines) == len(original), lines
    back = load_content(target)
    assert not back.reporter.errors, [e.format() for e in back.reporter.errors]
    imported = back.disclosures[0].tables()
    assert [_form_figures(t) for t in imported] == [_form_figures(t) for t in original]
    # one file a project, included where it stands, as the hand-written content is kept
    assert (target / "projects" / f"{len(original):02d}.yml").is_file()
    assert "include: projects/01.yml" in (target / "disclosure.yml").read_text(encoding="utf-8")


def test_table_settles_a_sheet_or_skips_it(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = write_export(tmp_path / "导出.xlsx")
    target = content / "2025" / "ceshi-sifaju"
    status, out = run(["import", str(workbook), "--to", str(target), "--table", "三公=skip"], capsys)
    assert "三公：略过（按 --table 略过）" in out and status == 0
    assert "three_public" not in (target / "disclosure.yml").read_text(encoding="utf-8")
    # a sheet that matches nothing, taken cell by cell when told to
    args = ["import", str(workbook), "--to", str(target), "--force", "--table", "人员情况=generic"]
    status, out = run(args, capsys)
    assert "人员情况 → 表（generic）" in out and status == 0, out
    people = load_content(target).disclosures[0].tables("generic")[0]
    assert isinstance(people, GenericTable)
    assert [[c.text for c in row] for row in people.rows] == [["行政", "20", "18"], ["事业", "5", "5"]]
    # a kind named by its title; the pasted table has no title, so two layouts tie without it
    monkeypatch_stdin = io.StringIO(PASTED_TSV)
    lines: list[str] = []
    run_import(
        ["-"],
        Options(
            to=content / "2025" / "niantie", department=DEPARTMENT, tables={"-": "部门预算一般公共预算财政拨款支出表"}
        ),
        log=lines.append,
        stdin=monkeypatch_stdin,
    )
    assert lines[0] == "  标准输入 → 部门预算一般公共预算财政拨款支出表（general_expenditure）"
    written = (content / "2025" / "niantie" / "disclosure.yml").read_text(encoding="utf-8")
    assert "也可能是" not in written and "table: general_expenditure" in written


def test_table_names_what_does_not_exist(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = write_export(tmp_path / "导出.xlsx")
    target = content / "2025" / "ceshi-sifaju"
    status, out = run(["import", str(workbook), "--to", str(target), "--table", "收入表=income"], capsys)
    assert status == 2 and "没有名为“收入表”的工作表；有：“封面”、“目录”、“2.15单位收支总表”" in out
    status, out = run(["import", str(workbook), "--to", str(target), "--table", "三公=sangong"], capsys)
    assert (
        status == 2
        and "没有“sangong”这种表式；可用：" in out
        and "three_public（部门预算财政拨款“三公”经费支出表）" in out
    )
    status, out = run(["import", str(workbook), "--to", str(target), "--table", "三公"], capsys)
    assert status == 2 and "--table 应写成 工作表=表式" in out
    assert "Traceback" not in out and not target.exists()


def _manual_block(after: str) -> list[str]:
    """The lines of docs/import.md's first ``text`` block after the line ``after`` (``……`` left out)."""
    text = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    found = re.search(re.escape(after) + r".*?```text\n(?P<body>.*?)^```", text, re.S | re.M)
    assert found is not None, after
    return [line for line in found["body"].splitlines() if line != "……"]


def _shown_in_order(shown: list[str], printed: list[str]) -> None:
    at = 0
    for line in shown:
        assert line in printed[at:], f"docs/import.md shows {line!r}; import printed:\n" + "\n".join(printed)
        at = printed.index(line, at) + 1


def test_the_manuals_sample_output_is_what_import_prints(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/import.md shows what importing an export prints; its lines are the real output (in order;
    ``……`` stands for lines left out), for the workbook it describes: cover, contents, three tables,
    a staff sheet, a 情况说明 sheet of three short sections and a project form."""
    from openpyxl import load_workbook

    workbook = write_export(tmp_path / "一体化导出.xlsx")
    wb = load_workbook(workbook)
    sections = [
        ("一、", "部门预算安排的总体情况", "2025年部门收入预算1350000.50元。"),
        ("二、", "机关运行经费安排情况", "2025年机关运行经费预算为零。"),
        ("三、", "财政拨款“三公”经费预算情况及增减变化原因", "2025年“三公”经费预算见下表。"),
    ]
    explanation_sheet(wb.create_sheet("部门预算情况说明"), sections)
    projects = load_content(LANGFANG).disclosures[0].tables("project_hebei")
    project = next(t for t in projects if isinstance(t, FormTable))
    project_form_sheet(
        wb.create_sheet("项目1"), {"number": "", "title": project.title, **project.fields, **project.lists}
    )
    wb.save(workbook)
    monkeypatch.chdir(tmp_path)  # the paths printed as the manual shows them
    _, out = run(["import", workbook.name, "--to", "content/2025/ceshi-sifaju"], capsys)
    _shown_in_order(_manual_block("## 屏幕上会看到什么"), out.splitlines())


def test_the_manuals_inconsistent_total_sample_is_what_import_prints(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = write_export(tmp_path / "一体化导出.xlsx", income_total=1350000.6)
    monkeypatch.chdir(tmp_path)
    _, out = run(["import", workbook.name, "--to", "content/2025/ceshi-sifaju"], capsys)
    _shown_in_order(_manual_block("若收入总表的合计行比各科目之和多 0.10 元"), out.splitlines())
